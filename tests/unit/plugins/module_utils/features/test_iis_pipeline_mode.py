# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_pipeline_mode planning on copies of examples/offline-host (and corpus web.config files).

Every test applies the plan to the copy and reads the files back, so what is checked is what a
task would leave on disk; re-planning after applying must give an empty plan (idempotency).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import shutil
from pathlib import Path

import pytest
from lxml import etree

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.features import iis_pipeline_mode as feature
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

REPO_ROOT = Path(__file__).resolve().parents[5]
EXAMPLE_HOST = REPO_ROOT / 'examples' / 'offline-host'
APPHOST = ('Windows', 'System32', 'inetsrv', 'config', 'applicationHost.config')
LEGACY_WEB_CONFIG = ('inetpub', 'legacy', 'web.config')
ROOT_WEB_CONFIG = ('inetpub', 'wwwroot', 'web.config')
#: corpus/INDEX.tsv notes "web/httpModules" for these web.config files
HTTPMODULES_CORPUS = ('001', '007', '008', '009', '012', '013', '014', '016', '018', '024', '025', '028', '040', '043', '048')


@pytest.fixture
def host(tmp_path):
    root = tmp_path / 'host'
    shutil.copytree(str(EXAMPLE_HOST), str(root), copy_function=shutil.copyfile)
    return root


def params(**overrides):
    out = dict(name='LegacyPool', mode='integrated', runtime_version=None, enable_32bit=None, applications=[],
               legacy_config='fail', create=False, offline_root=None, backend='auto', backup=False)
    out.update(overrides)
    return out


def plan_for(root, **overrides):
    """(plan, extra result) for these options, nothing written."""
    plan = Plan(ServerManager(OfflineHost(str(root))))
    extra = feature.desired_state(plan, params(**overrides))
    return plan, extra


def run(root, **overrides):
    """Plan, write, report: what the action plugin does for a non-check-mode task."""
    plan, extra = plan_for(root, **overrides)
    if plan.operations:
        plan.manager.host.apply(plan, params(**overrides))
    extra.update(feature.report(plan, params(**overrides)))
    return plan, extra


def xml(root, parts):
    return etree.fromstring(root.joinpath(*parts).read_bytes())


def digest(root):
    return dict((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest()) for p in sorted(root.rglob('*')) if p.is_file())


def pool_attr(root, pool, name):
    return xml(root, APPHOST).xpath('//applicationPools/add[@name=$n]/@%s' % name, n=pool)


# -- legacy_config=fail ------------------------------------------------------------------------------
def test_fail_lists_every_entry_and_changes_nothing(host):
    before = digest(host)
    with pytest.raises(feature.LegacyConfigError) as caught:
        plan_for(host)
    findings = caught.value.result['legacy_findings']
    assert [(f['section'], f['entry'], f['name'] or f['path'], f['line']) for f in findings] == [
        ('system.web/httpModules', 'add', 'LegacyAuditModule', 18),
        ('system.web/httpModules', 'add', 'LegacyUrlRewriter', 19),
        ('system.web/httpHandlers', 'add', 'Report.axd', 22),
    ]
    assert all(f['application'] == 'Default Web Site/legacy' and f['file'].endswith(r'inetpub\legacy\web.config') for f in findings)
    assert [f['error'] for f in findings] == ['500.22', '500.22', '500.23']
    assert caught.value.result['applications'] == ['Default Web Site/legacy']
    assert 'LegacyAuditModule' in str(caught.value) and 'Nothing was changed' in str(caught.value)
    assert digest(host) == before


def test_identity_impersonate_is_a_finding(host):
    path = host.joinpath(*ROOT_WEB_CONFIG)
    path.write_bytes(path.read_bytes().replace(b'<system.webServer>', b'<system.web><identity impersonate="true" /></system.web>\n    <system.webServer>', 1))
    (host / 'inetpub' / 'legacy' / 'web.config').write_bytes(b'<configuration />')
    with pytest.raises(feature.LegacyConfigError) as caught:
        plan_for(host, applications=['Default Web Site'])
    findings = caught.value.result['legacy_findings']
    # the site root web.config applies to the root application and is inherited by /legacy
    assert set((f['application'], f['section'], f['error']) for f in findings) == {
        ('Default Web Site', 'system.web/identity', '500.24'), ('Default Web Site/legacy', 'system.web/identity', '500.24')}


# -- legacy_config=migrate ---------------------------------------------------------------------------
def test_migrate_moves_modules_and_handlers_and_is_idempotent(host):
    plan, result = run(host, legacy_config='migrate')
    assert len(result['legacy_findings']) == 3
    web = xml(host, LEGACY_WEB_CONFIG)
    modules = web.xpath('system.webServer/modules/add')
    assert [(m.get('name'), m.get('type'), m.get('preCondition')) for m in modules] == [
        ('LegacyAuditModule', 'Contoso.Legacy.Web.AuditModule, Contoso.Legacy.Web', 'managedHandler'),
        ('LegacyUrlRewriter', 'Contoso.Legacy.Web.UrlRewriteModule, Contoso.Legacy.Web', 'managedHandler')]
    handlers = web.xpath('system.webServer/handlers/add')
    assert [(h.get('name'), h.get('path'), h.get('verb'), h.get('type'), h.get('preCondition')) for h in handlers] == [
        ('Report.axd_GET,HEAD', 'Report.axd', 'GET,HEAD', 'Contoso.Legacy.Web.ReportHandler, Contoso.Legacy.Web', 'integratedMode')]
    # the system.web entries stay (Classic still works), so the validation must be off
    assert len(web.xpath('system.web/httpModules/add')) == 2
    assert web.xpath('system.webServer/validation/@validateIntegratedModeConfiguration') == ['false']
    assert pool_attr(host, 'LegacyPool', 'managedPipelineMode') == ['Integrated']
    assert result['pool']['managedPipelineMode'] == 'Integrated'
    assert result['applications'] == ['Default Web Site/legacy']
    assert any('appcmd.exe set config "Default Web Site/legacy" -section:system.webServer/modules' in c for c in plan.commands())

    again, result = run(host, legacy_config='migrate')
    assert again.operations == []
    assert result['legacy_findings'] == []


def test_migrate_does_not_duplicate_an_already_registered_module(host):
    path = host.joinpath(*LEGACY_WEB_CONFIG)
    path.write_bytes(path.read_bytes().replace(b'</configuration>', (
        b'<system.webServer><modules><add name="Audit" type="Contoso.Legacy.Web.AuditModule,Contoso.Legacy.Web" /></modules>'
        b'</system.webServer>\n</configuration>')))
    run(host, legacy_config='migrate')
    names = xml(host, LEGACY_WEB_CONFIG).xpath('system.webServer/modules/add/@name')
    assert names == ['Audit', 'LegacyUrlRewriter']


# -- legacy_config=ignore ----------------------------------------------------------------------------
def test_ignore_only_turns_validation_off_and_warns(host):
    plan, result = run(host, legacy_config='ignore')
    web = xml(host, LEGACY_WEB_CONFIG)
    assert web.xpath('system.webServer/modules') == []
    assert web.xpath('system.webServer/validation/@validateIntegratedModeConfiguration') == ['false']
    assert pool_attr(host, 'LegacyPool', 'managedPipelineMode') == ['Integrated']
    assert any('legacy_config=ignore' in w and 'LegacyAuditModule' in w for w in plan.warnings)
    assert plan_for(host, legacy_config='ignore')[0].operations == []


# -- pool settings -----------------------------------------------------------------------------------
def test_runtime_version_only_change(host):
    before = xml(host, LEGACY_WEB_CONFIG)
    plan, result = run(host, name='DefaultAppPool', runtime_version='v2.0')
    assert len(plan.operations) == 1
    assert pool_attr(host, 'DefaultAppPool', 'managedRuntimeVersion') == ['v2.0']
    assert pool_attr(host, 'DefaultAppPool', 'managedPipelineMode') == ['Integrated']
    assert etree.tostring(xml(host, LEGACY_WEB_CONFIG)) == etree.tostring(before)
    assert result['legacy_findings'] == []
    assert plan_for(host, name='DefaultAppPool', runtime_version='v2.0')[0].operations == []


def test_values_compare_with_application_pool_defaults(host):
    """A new pool inherits managedRuntimeVersion="v4.0" from applicationPoolDefaults: asking for
    v4.0 writes nothing, asking for No Managed Code ('' = the schema default) must be written."""
    run(host, name='NewPool', create=True, runtime_version='v4.0', enable_32bit=False)
    assert xml(host, APPHOST).xpath('//applicationPools/add[@name="NewPool"]')[0].attrib == {'name': 'NewPool'}
    plan, result = run(host, name='NewPool', runtime_version='')
    assert pool_attr(host, 'NewPool', 'managedRuntimeVersion') == ['']
    assert result['pool']['managedRuntimeVersion'] == ''
    assert plan_for(host, name='NewPool', runtime_version='')[0].operations == []


def test_enable_32bit(host):
    run(host, name='DefaultAppPool', enable_32bit=True)
    assert pool_attr(host, 'DefaultAppPool', 'enable32BitAppOnWin64') == ['true']


def test_unknown_pool_lists_the_pools(host):
    with pytest.raises(ConfigError) as caught:
        plan_for(host, name='Nope')
    assert "'DefaultAppPool'" in str(caught.value) and "'LegacyPool'" in str(caught.value) and 'create=true' in str(caught.value)


def test_unknown_application_is_an_error(host):
    with pytest.raises(ConfigError, match='not an application'):
        plan_for(host, name='DefaultAppPool', applications=['Default Web Site/nope'])


# -- assigning applications --------------------------------------------------------------------------
def test_assigning_a_classic_application_to_an_integrated_pool_inspects_it(host):
    with pytest.raises(feature.LegacyConfigError):
        plan_for(host, name='DefaultAppPool', applications=['Default Web Site/legacy'])
    plan, result = run(host, name='DefaultAppPool', applications=['Default Web Site/legacy'], legacy_config='migrate')
    app = xml(host, APPHOST).xpath('//site[@name="Default Web Site"]/application[@path="/legacy"]')[0]
    assert app.get('applicationPool') == 'DefaultAppPool'
    assert result['applications'] == ['Default Web Site', 'Default Web Site/legacy']
    assert xml(host, LEGACY_WEB_CONFIG).xpath('system.webServer/modules/add/@name') == ['LegacyAuditModule', 'LegacyUrlRewriter']
    assert plan_for(host, name='DefaultAppPool', applications=['Default Web Site/legacy'])[0].operations == []


def test_assigning_root_application_to_classic_pool(host):
    plan, result = run(host, mode='classic', applications=['Default Web Site'])
    root_app = xml(host, APPHOST).xpath('//site[@name="Default Web Site"]/application[@path="/"]')[0]
    assert root_app.get('applicationPool') == 'LegacyPool'
    assert sorted(result['applications']) == ['Default Web Site', 'Default Web Site/legacy']
    assert len(plan.operations) == 1


# -- Classic -----------------------------------------------------------------------------------------
def test_switch_to_classic_warns_about_integrated_only_modules(host):
    path = host.joinpath(*ROOT_WEB_CONFIG)
    path.write_bytes(path.read_bytes().replace(b'<system.webServer>', (
        b'<system.webServer>\n        <modules><add name="TelemetryModule" type="Contoso.Telemetry.Module" /></modules>'), 1))
    # modules is unlocked by <location path="" overrideMode="Allow"> in the example applicationHost.config
    plan, result = run(host, name='DefaultAppPool', mode='classic')
    assert pool_attr(host, 'DefaultAppPool', 'managedPipelineMode') == ['Classic']
    assert any('TelemetryModule' in w and 'Classic' in w for w in plan.warnings)
    assert not any('LegacyAuditModule' in w for w in plan.warnings)


def test_switch_to_classic_without_integrated_only_modules_has_no_warning(host):
    plan, result = run(host, name='DefaultAppPool', mode='classic')
    assert plan.warnings == []


# -- corpus web.config files with httpModules --------------------------------------------------------
def _expected_entries(data):
    """Independent count: every add/remove/clear under system.web/httpModules|httpHandlers and
    each identity impersonate="true", anywhere in the file (also inside <location>)."""
    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    entries = tree.xpath('//system.web/httpModules/*[self::add or self::remove or self::clear]'
                         '|//system.web/httpHandlers/*[self::add or self::remove or self::clear]')
    impersonation = tree.xpath('//system.web/identity[translate(@impersonate,"TRUE","true")="true"]')
    return len(entries) + len(impersonation)


@pytest.mark.parametrize('number', HTTPMODULES_CORPUS)
def test_corpus_web_config_as_legacy_application(host, shared_iis, number):
    data = (shared_iis / 'corpus' / 'webconfig' / ('%s.config' % number)).read_bytes()
    host.joinpath(*LEGACY_WEB_CONFIG).write_bytes(data)
    expected = _expected_entries(data)
    if expected == 0:  # an empty <httpModules></httpModules> registers nothing: the switch is safe
        plan, result = run(host)
        assert result['legacy_findings'] == []
        assert pool_attr(host, 'LegacyPool', 'managedPipelineMode') == ['Integrated']
        return
    tree = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
    validation_off = tree.xpath('/configuration/system.webServer/validation'
                                '[translate(@validateIntegratedModeConfiguration,"FALSE","false")="false"]')
    if validation_off:
        # IIS raises no 500.22/500.23 at all: the default legacy_config=fail switches; entries
        # without an Integrated counterpart are reported as warnings only
        plan, result = plan_for(host)
        assert all(f['severity'] == 'warning' for f in result['legacy_findings'])
        assert len(result['legacy_findings']) <= expected
    else:
        with pytest.raises(feature.LegacyConfigError) as caught:
            plan_for(host)
        findings = caught.value.result['legacy_findings']
        assert len(findings) == expected and all(f['severity'] == 'error' for f in findings)
        assert all(f['line'] and f['file'].endswith(r'inetpub\legacy\web.config') for f in findings)

    plan, result = run(host, legacy_config='migrate')
    assert pool_attr(host, 'LegacyPool', 'managedPipelineMode') == ['Integrated']
    manager = ServerManager(OfflineHost(str(host)))
    validation = manager.effective_element('system.webServer/validation', 'Default Web Site/legacy')
    assert validation['validateIntegratedModeConfiguration'].value == 'false'

    def type_key(text):  # type name + assembly simple name, what IIS/ASP.NET bind by
        return tuple(part.strip().lower() for part in (text or '').split(',')[:2])
    effective_types = set(type_key(i.element.get('type'))
                          for i in manager.effective_collection('system.webServer/modules', 'Default Web Site/legacy').items)
    for item in manager.effective_collection('system.web/httpModules', 'Default Web Site/legacy').items:
        assert type_key(item.element.get('type')) in effective_types
    assert plan_for(host, legacy_config='migrate')[0].operations == []
