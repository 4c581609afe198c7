# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""aspnet_migration: finding legacy system.web configuration and the appcmd-migrate equivalent.

Runs on a copy of examples/offline-host (the ``example_host`` fixture), with extra web.config
files written into it: a virtual directory of /legacy, <location> tags, remove/clear entries.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from lxml import etree

from ansible_collections.webadmin.iis.plugins.module_utils import aspnet_migration as migration
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

APPHOST = ('Windows', 'System32', 'inetsrv', 'config', 'applicationHost.config')
LEGACY = 'Default Web Site/legacy'
VDIR = b'<virtualDirectory path="/reports" physicalPath="%SystemDrive%\\inetpub\\reports" />'


def web_config(body):
    return b'<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n' + body + b'\n</configuration>\n'


def with_reports_vdir(root, reports_web_config):
    """/legacy gets a virtual directory /reports with its own web.config."""
    apphost = root.joinpath(*APPHOST)
    data = apphost.read_bytes()
    anchor = b'<virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\legacy" />'
    assert anchor in data
    apphost.write_bytes(data.replace(anchor, anchor + b'\r\n                    ' + VDIR))
    (root / 'inetpub' / 'reports').mkdir()
    (root / 'inetpub' / 'reports' / 'web.config').write_bytes(reports_web_config)


def manager_for(root):
    return ServerManager(OfflineHost(str(root)))


def legacy_app(manager):
    return [app for app in manager.applications() if app.location == LEGACY][0]


def test_findings_of_the_example_application(example_host):
    manager = manager_for(example_host)
    findings = migration.find_legacy_config(manager, [legacy_app(manager)])
    assert [(f['entry'], f['name'], f['path'], f['verb'], f['line']) for f in findings] == [
        ('add', 'LegacyAuditModule', None, None, 18), ('add', 'LegacyUrlRewriter', None, None, 19),
        ('add', None, 'Report.axd', 'GET,HEAD', 22)]
    assert 'web.config:18 system.web/httpModules add name="LegacyAuditModule"' in migration.describe_finding(findings[0])


def test_virtual_directories_and_location_tags_are_inspected(example_host):
    with_reports_vdir(example_host, web_config(
        b'<system.web><httpHandlers><add path="*.rpt" verb="*" type="Reports.Handler" /></httpHandlers></system.web>'))
    legacy = example_host / 'inetpub' / 'legacy' / 'web.config'
    legacy.write_bytes(legacy.read_bytes().replace(b'</configuration>', (
        b'<location path="admin"><system.web><identity impersonate="true" />'
        b'<httpModules><clear /></httpModules></system.web></location>\n</configuration>')))
    manager = manager_for(example_host)
    findings = migration.find_legacy_config(manager, [legacy_app(manager)])
    by_file = dict(((f['file'].split('\\')[-2], f['entry'], f['section']), f) for f in findings)
    assert by_file[('reports', 'add', migration.HTTP_HANDLERS)]['location'] == LEGACY + '/reports'
    assert by_file[('legacy', 'identity', migration.IDENTITY)]['config_location'] == 'admin'
    assert by_file[('legacy', 'clear', migration.HTTP_MODULES)]['error'] == '500.22'
    assert len(findings) == 6  # 3 of the example + vdir handler + identity + clear, each once


def test_migration_of_a_virtual_directory_handler_goes_to_its_level(example_host):
    with_reports_vdir(example_host, web_config(
        b'<system.web><httpHandlers><add path="*.rpt" verb="*" type="Reports.Handler" /></httpHandlers>'
        b'<httpModules><add name="VdirOnly" type="Reports.Module" /></httpModules></system.web>'))
    manager = manager_for(example_host)
    plan = Plan(manager)
    result = migration.plan_migration(plan, legacy_app(manager))
    names = [h.element.get('name') for h in manager.effective_collection(migration.HANDLERS, LEGACY + '/reports').items]
    assert '*.rpt_*' in names
    assert '*.rpt_*' not in [h.element.get('name') for h in manager.effective_collection(migration.HANDLERS, LEGACY).items]
    # modules cannot be registered below application level: reported, not guessed
    assert [(s['location'], s['entry']) for s in result.not_migrated] == [(LEGACY + '/reports', 'add')]
    assert 'VdirOnly' in result.not_migrated[0]['reason']


def test_remove_entries_are_carried_over_and_clear_is_reported(example_host):
    legacy = example_host / 'inetpub' / 'legacy' / 'web.config'
    legacy.write_bytes(web_config(
        b'<system.web><httpModules><remove name="Session" /><remove name="OutputCache" />'
        b'<add name="OutputCache" type="My.Cache" /></httpModules>'
        b'<httpHandlers><clear /><remove verb="GET,HEAD,POST,DEBUG" path="*.asmx" /></httpHandlers></system.web>'))
    manager = manager_for(example_host)
    plan = Plan(manager)
    result = migration.plan_migration(plan, legacy_app(manager))
    modules = dict((m.element.get('name'), m.element.get('type')) for m in manager.effective_collection(migration.MODULES, LEGACY).items)
    assert 'Session' not in modules
    assert modules['OutputCache'] == 'My.Cache'  # removed then re-added: replaced, not just removed
    handlers = [h.element.get('name') for h in manager.effective_collection(migration.HANDLERS, LEGACY).items]
    assert 'WebServiceHandlerFactory-Integrated-4.0' not in handlers
    assert 'StaticFile' in handlers  # <clear/> is not translated into removing native handlers
    assert [(s['section'], s['entry']) for s in result.not_migrated] == [(migration.HTTP_HANDLERS, 'clear')]
    written = etree.fromstring(legacy.read_bytes())  # nothing on disk before the plan is applied
    assert written.find('system.webServer') is None
    assert any('<remove name="Session" />' in d['after'] for d in plan.diffs())


def test_handler_name_is_unique():
    assert migration.handler_name('Report.axd', 'GET,HEAD', set()) == 'Report.axd_GET,HEAD'
    assert migration.handler_name('x', '*', {'x_*'}) == 'x_*-2'
    assert migration.handler_name('x', '*', {'x_*', 'x_*-2'}) == 'x_*-3'


def test_disable_validation_only_where_needed(example_host):
    manager = manager_for(example_host)
    plan = Plan(manager)
    migration.plan_disable_validation(plan, [LEGACY, LEGACY])
    assert len(plan.operations) == 1
    assert plan.operations[0].target.document.path.endswith(r'legacy\web.config')


def test_managed_modules_only_in_integrated(example_host):
    legacy = example_host / 'inetpub' / 'legacy' / 'web.config'
    legacy.write_bytes(legacy.read_bytes().replace(b'</configuration>', (
        b'<system.webServer><modules><add name="LegacyAuditModule" type="Contoso.Legacy.Web.AuditModule, Contoso.Legacy.Web" />'
        b'<add name="NewOnly" type="Contoso.New" /></modules>'
        b'<handlers><add name="api" path="api/*" verb="*" type="Contoso.Api" /></handlers></system.webServer>\n</configuration>')))
    manager = manager_for(example_host)
    found = migration.managed_only_in_integrated(manager, LEGACY)
    assert [(f['section'], f['name']) for f in found] == [(migration.MODULES, 'NewOnly'), (migration.HANDLERS, 'api')]
