# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which legacy system.web entries really break Integrated mode (HTTP 500.22/500.23/500.24).

IIS's rule (ConfigurationValidationModule, docs "ASP.NET Integration with IIS 7"): with
``system.webServer/validation/@validateIntegratedModeConfiguration`` on (the default), ANY
``httpModules``/``httpHandlers`` entry and ``identity impersonate="true"`` raises the error, even
when the same module is registered in ``system.webServer`` too. With it off, IIS raises nothing;
a legacy entry without an Integrated counterpart then silently does not run (a warning).

Small synthetic web.config files of our own, written over /legacy of a copy of the example host.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webadmin.iis.plugins.module_utils import aspnet_migration as migration
from ansible_collections.webadmin.iis.plugins.module_utils import module_requirements as req
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.features import iis_pipeline_mode as feature
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan
from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action

LEGACY = 'Default Web Site/legacy'
ELMAH_FULL = 'Elmah.ErrorLogModule, Elmah, Version=1.2.14706.0, Culture=neutral, PublicKeyToken=57eac04b2e0f138e'
ELMAH_HANDLER = 'Elmah.ErrorLogPageFactory, Elmah'


def write_legacy(root, system_web, system_webserver=b''):
    (root / 'inetpub' / 'legacy' / 'web.config').write_bytes(
        b'<?xml version="1.0" encoding="utf-8"?>\r\n<configuration>\r\n<system.web>' + system_web + b'</system.web>\r\n'
        + (b'<system.webServer>' + system_webserver + b'</system.webServer>\r\n' if system_webserver else b'')
        + b'</configuration>\r\n')


#: An ELMAH application as its NuGet package configures it: both registrations, validation off.
ELMAH_WEB = (b'<httpModules><add name="ErrorLog" type="Elmah.ErrorLogModule, Elmah" /></httpModules>'
             b'<httpHandlers><add verb="POST,GET,HEAD" path="elmah.axd" type="Elmah.ErrorLogPageFactory, Elmah" /></httpHandlers>')
ELMAH_WEBSERVER = (b'<validation validateIntegratedModeConfiguration="false" />'
                   b'<modules><add name="ErrorLog" type="' + ELMAH_FULL.encode() + b'" preCondition="managedHandler" /></modules>'
                   b'<handlers><add name="Elmah" verb="POST,GET,HEAD" path="elmah.axd" type="elmah.errorlogpagefactory,elmah" '
                   b'preCondition="integratedMode" /></handlers>')


def findings_of(root):
    manager = ServerManager(OfflineHost(str(root)))
    app = [a for a in manager.applications() if a.location == LEGACY][0]
    return migration.find_legacy_config(manager, [app])


def params(**overrides):
    out = dict(name='LegacyPool', mode='integrated', runtime_version=None, enable_32bit=None, applications=[],
               legacy_config='fail', create=False, offline_root=None, backend='auto', backup=False)
    out.update(overrides)
    return out


# -- type names -------------------------------------------------------------------------------------
@pytest.mark.parametrize('a, b, same', [
    ('Elmah.ErrorLogModule, Elmah', ELMAH_FULL, True),
    ('elmah.errorlogmodule,elmah', 'Elmah.ErrorLogModule ,  Elmah', True),
    ('Elmah.ErrorLogModule, Elmah', 'Elmah.ErrorLogModule, Elmah.Contrib', False),
    ('Elmah.ErrorLogModule', 'Elmah.ErrorLogModule, Elmah', True),  # no assembly: ASP.NET searches the app's assemblies
    ('Elmah.ErrorLogModule, Elmah', 'Elmah.ErrorMailModule, Elmah', False),
    ('N.G`1[[System.String, mscorlib]], Asm', 'n.g`1[[system.string, mscorlib]], ASM, Version=1.0.0.0', True),
])
def test_type_names_compare_by_type_and_assembly_simple_name(a, b, same):
    assert req.same_type(a, b) is same


def test_type_parsing_keeps_generic_arguments_and_properties():
    ref = req.parse_type('N.G`1[[System.String, mscorlib]], Asm, Version=1.2.3.4, Culture=neutral, PublicKeyToken=ABCDEF0123456789')
    assert (ref.type_name, ref.assembly, ref.version, ref.culture, ref.public_key_token) == (
        'N.G`1[[System.String, mscorlib]]', 'Asm', '1.2.3.4', 'neutral', 'abcdef0123456789')
    assert req.parse_type('Plain.Type').assembly is None


# -- what is a problem ------------------------------------------------------------------------------
def test_validation_off_with_counterparts_is_no_problem(example_host):
    write_legacy(example_host, ELMAH_WEB, ELMAH_WEBSERVER)
    findings = findings_of(example_host)
    assert [f['severity'] for f in findings] == ['ok', 'ok']
    assert all(f['validation'] is False and f['counterpart'] for f in findings)


def test_validation_on_makes_every_entry_an_error_even_with_counterparts(example_host):
    write_legacy(example_host, ELMAH_WEB, ELMAH_WEBSERVER.replace(b'<validation validateIntegratedModeConfiguration="false" />', b''))
    findings = findings_of(example_host)
    assert [(f['severity'], f['error']) for f in findings] == [('error', '500.22'), ('error', '500.23')]
    assert all(f['counterpart'] for f in findings)


def test_validation_off_without_counterpart_is_a_warning(example_host):
    webserver = ELMAH_WEBSERVER.replace(b'<handlers>', b'<handlers><clear />', 1)
    webserver = webserver.replace(b'verb="POST,GET,HEAD" path="elmah.axd" type="elmah', b'verb="GET" path="elmah.axd" type="elmah')
    write_legacy(example_host, ELMAH_WEB + b'<identity impersonate="True" />', webserver)
    findings = findings_of(example_host)
    by_section = dict((f['section'], f) for f in findings)
    assert by_section[migration.HTTP_MODULES]['severity'] == 'ok'
    handler = by_section[migration.HTTP_HANDLERS]
    assert handler['severity'] == 'warning' and handler['counterpart'] is None  # verb GET does not cover POST,GET,HEAD
    assert 'does not run' in handler['reason']
    assert by_section[migration.IDENTITY]['severity'] == 'warning'  # no 500.24 with validation off


def test_impersonation_is_case_insensitive_and_500_24_with_validation_on(example_host):
    write_legacy(example_host, b'<identity impersonate="TRUE" />')
    assert [(f['severity'], f['error']) for f in findings_of(example_host)] == [('error', '500.24')]
    write_legacy(example_host, b'<identity impersonate="false" />')
    assert findings_of(example_host) == []


def test_handler_verb_star_covers_and_other_type_does_not(example_host):
    off = b'<validation validateIntegratedModeConfiguration="false" />'
    write_legacy(example_host, b'<httpHandlers><add verb="GET,HEAD" path="Report.axd" type="R.Handler, R" /></httpHandlers>',
                 off + b'<handlers><add name="r" verb="*" path="report.AXD" type="R.Handler, R, Version=1.0.0.0" /></handlers>')
    assert [f['severity'] for f in findings_of(example_host)] == ['ok']
    write_legacy(example_host, b'<httpHandlers><add verb="GET,HEAD" path="Report.axd" type="R.Handler, R" /></httpHandlers>',
                 off + b'<handlers><add name="r" verb="*" path="Report.axd" type="R.OtherHandler, R" /></handlers>')
    assert [f['severity'] for f in findings_of(example_host)] == ['warning']


def test_legacy_remove_still_effective_in_integrated_is_a_warning(example_host):
    write_legacy(example_host, b'<httpModules><remove name="Session" /><remove name="NeverThere" /></httpModules>',
                 b'<validation validateIntegratedModeConfiguration="false" />')
    findings = findings_of(example_host)
    assert [(f['name'], f['severity']) for f in findings] == [('Session', 'warning'), ('NeverThere', 'ok')]
    assert 'still runs' in findings[0]['reason']


# -- the pipeline switch ------------------------------------------------------------------------------
def test_fail_policy_accepts_an_already_migrated_application(example_host):
    write_legacy(example_host, ELMAH_WEB, ELMAH_WEBSERVER)
    plan = Plan(ServerManager(OfflineHost(str(example_host))))
    extra = feature.desired_state(plan, params())
    assert extra['legacy_findings'] == []
    assert [op.describe() for op in plan.operations if 'managedPipelineMode' in op.describe()]


def test_fail_policy_warns_for_entries_that_would_not_run(example_host):
    write_legacy(example_host, ELMAH_WEB.replace(b'</httpModules>', b'<add name="Extra" type="Contoso.Extra, Contoso" /></httpModules>'),
                 ELMAH_WEBSERVER)
    plan = Plan(ServerManager(OfflineHost(str(example_host))))
    extra = feature.desired_state(plan, params())
    assert [f['name'] for f in extra['legacy_findings']] == ['Extra']
    assert any('Extra' in w and 'does not run' in w for w in plan.warnings)


def test_migrate_adds_only_what_is_missing(example_host):
    write_legacy(example_host, ELMAH_WEB.replace(b'</httpModules>', b'<add name="Extra" type="Contoso.Extra, Contoso" /></httpModules>'),
                 ELMAH_WEBSERVER.replace(b'<validation validateIntegratedModeConfiguration="false" />', b''))
    plan = Plan(ServerManager(OfflineHost(str(example_host))))
    feature.desired_state(plan, params(legacy_config='migrate'))
    added = [op.describe() for op in plan.operations]
    assert sum('Extra' in d for d in added) == 1
    assert not any('ErrorLog' in d or 'elmah.axd' in d.lower() for d in added), added
    assert any('validateIntegratedModeConfiguration' in d for d in added)


def test_action_switch_of_an_elmah_application_succeeds_and_is_idempotent(example_host):
    write_legacy(example_host, ELMAH_WEB, ELMAH_WEBSERVER)
    web_before = (example_host / 'inetpub' / 'legacy' / 'web.config').read_bytes()
    result = run_action('iis_pipeline_mode', example_host, name='LegacyPool', mode='integrated')
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is True and result['pool']['managedPipelineMode'] == 'Integrated'
    assert (example_host / 'inetpub' / 'legacy' / 'web.config').read_bytes() == web_before
    again = run_action('iis_pipeline_mode', example_host, name='LegacyPool', mode='integrated')
    assert again['changed'] is False and not again.get('failed')


def test_action_still_refuses_the_example_application(example_host):
    result = run_action('iis_pipeline_mode', example_host, name='LegacyPool', mode='integrated')
    assert result['failed'] and len(result['legacy_findings']) == 3
    assert all(f['severity'] == 'error' for f in result['legacy_findings'])
