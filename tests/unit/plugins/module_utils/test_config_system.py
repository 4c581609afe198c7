# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ServerManager: where configuration comes from (inheritance, locks) and where it must go."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost, TargetError
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

MODULES = 'system.webServer/modules'
BROWSE = 'system.webServer/directoryBrowse'
DEFDOC = 'system.webServer/defaultDocument'
ACCESS = 'system.webServer/security/access'
SITE = 'Default Web Site'
APPHOST_NAME = 'applicationHost.config'


def manager(root):
    return ServerManager(OfflineHost(str(root)))


def webconfig(body):
    return ('<?xml version="1.0" encoding="utf-8"?>\r\n<configuration>\r\n%s\r\n</configuration>\r\n' % body).encode()


def with_locations(apphost, locations):
    """MINI_APPHOST with extra <location> tags before </configuration>."""
    return apphost.replace(b'</configuration>', locations.encode() + b'\n</configuration>')


# ---------------------------------------------------------------------------------------------
# The two full IIS 10 shapes of ../shared/iis/schema
# ---------------------------------------------------------------------------------------------

SCHEMAS = [pytest.param(False, id='builtin-schema'), pytest.param(True, id='host-schema')]


@pytest.mark.parametrize('with_schema', SCHEMAS)
def test_default_role_minimal_keeps_modules_in_apphost_locations(full_shape, with_schema):
    server = manager(full_shape('default-role-minimal', with_schema))
    assert [(s.name, [a.path for a in s.applications]) for s in server.sites()] == [(SITE, ['/', '/001'])]
    mode, why = server.override_mode(MODULES, SITE)
    assert mode == 'Deny' and 'overrideModeDefault="Deny"' in why
    for location in (SITE, SITE + '/001'):
        target = server.write_target(MODULES, location)
        assert target.is_apphost and target.location_path == location
        assert 'locked for web.config' in target.reason
    server_target = server.write_target(MODULES, '')
    assert server_target.is_apphost and server_target.location_path is None
    # delegated sections still go to the web.config of the site / application
    assert server.write_target(BROWSE, SITE).document.path == '%SystemDrive%\\inetpub\\wwwroot\\web.config'
    assert server.write_target(BROWSE, SITE + '/001').document.path == 'C:\\web\\001\\web.config'
    effective = server.effective_collection(MODULES, SITE + '/001')
    assert effective.problems == [] and effective.cleared_at is None
    # module names are case-sensitive keys in the IIS schema
    assert effective.keys()[0] == ('HttpLoggingModule',) and len(effective.items) == 10
    assert all(item.locked and item.layer.describe() == APPHOST_NAME for item in effective.items)
    assert server.validate() == []


@pytest.mark.parametrize('with_schema', SCHEMAS)
def test_servercore_full_features_unlocks_modules_for_the_site_web_config(full_shape, with_schema):
    server = manager(full_shape('servercore-full-features', with_schema))
    mode, why = server.override_mode(MODULES, SITE)
    assert mode == 'Allow' and why == '%s <location path=""> sets overrideMode="Allow"' % APPHOST_NAME
    target = server.write_target(MODULES, SITE)
    assert not target.is_apphost and target.document.path == '%SystemDrive%\\inetpub\\wwwroot\\web.config'
    assert target.document.is_new
    # at server level the section is written where it already is: <location path="">
    server_target = server.write_target(MODULES, '')
    assert server_target.is_apphost and server_target.location_path == ''
    # still-locked sections keep going to applicationHost.config
    access = server.write_target(ACCESS, SITE)
    assert access.is_apphost and access.location_path == SITE
    effective = server.effective_collection(MODULES, SITE)
    static = effective.find(('StaticFileModule',))
    assert static.locked and static.layer.describe() == '%s <location path="">' % APPHOST_NAME
    assert server.validate() == []


@pytest.mark.parametrize('shape', ['default-role-minimal', 'servercore-full-features'])
def test_lock_item_entries_cannot_be_removed_below(full_shape, shape):
    server = manager(full_shape(shape))
    plan = Plan(server)
    with pytest.raises(ConfigError, match='lockItem="true"'):
        plan.remove_item(MODULES, SITE, {'name': 'StaticFileModule'})
    with pytest.raises(ConfigError, match='lockItem'):
        plan.ensure_item(MODULES, SITE, {'name': 'StaticFileModule', 'type': 'Evil.Replacement'})
    assert plan.operations == [] and server.changed_documents() == []
    # an entry without lockItem is removed below with <remove>, where the section must go
    plan.ensure_item(MODULES, '', {'name': 'Unlocked', 'type': 'A.B'})
    plan.remove_item(MODULES, SITE, {'name': 'Unlocked'})
    assert server.effective_collection(MODULES, SITE).find(('Unlocked',)) is None
    assert server.effective_collection(MODULES, '').find(('Unlocked',)) is not None
    block = plan.operations[-1]
    assert block.mode == 'block'
    assert block.target.is_apphost == (shape == 'default-role-minimal')


def test_a_web_config_that_removes_a_locked_item_is_reported(full_shape):
    root = full_shape('servercore-full-features')
    (root / 'inetpub' / 'wwwroot' / 'web.config').write_bytes(webconfig(
        '<system.webServer><modules><remove name="StaticFileModule" /></modules></system.webServer>'))
    effective = manager(root).effective_collection(MODULES, SITE)
    assert any('StaticFileModule' in p and 'lockItem' in p for p in effective.problems)


# ---------------------------------------------------------------------------------------------
# Our own small host: inheritance, collections, locks, paths
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def layered(offline_host, mini_apphost):
    """Site and Site/app with apphost <location> tags and a web.config at both levels."""
    apphost = with_locations(mini_apphost, '''
    <location path="Site">
        <system.webServer><directoryBrowse showFlags="Date" /></system.webServer>
    </location>
    <location path="Site/app">
        <system.webServer><directoryBrowse enabled="true" /></system.webServer>
    </location>''')
    return offline_host(apphost, webconfigs={
        'inetpub/site': webconfig('<system.webServer><directoryBrowse showFlags="Time" />'
                                  '<defaultDocument><files><remove value="a.htm" /><add value="c.htm" /></files></defaultDocument>'
                                  '</system.webServer>'),
        'inetpub/app': webconfig('<system.webServer><directoryBrowse showFlags="Size" />'
                                 '<defaultDocument><files><clear /><add value="z.htm" /></files></defaultDocument>'
                                 '</system.webServer>'),
    })


def test_layers_follow_iis_inheritance_order(layered):
    server = manager(layered)
    assert [layer.describe() for layer in server.layers('Site/app')] == [
        APPHOST_NAME,
        '%s <location path="Site">' % APPHOST_NAME,
        '%SystemDrive%\\inetpub\\site\\web.config',
        '%s <location path="Site/app">' % APPHOST_NAME,
        'C:\\inetpub\\app\\web.config',
    ]
    assert [layer.order for layer in server.layers('Site/app')] == [0, 1, 2, 3, 4]
    assert [layer.describe() for layer in server.layers('')] == [APPHOST_NAME]


def test_effective_values_come_from_the_deepest_layer_with_sources(layered):
    server = manager(layered)
    cases = {
        '': {'enabled': ('false', APPHOST_NAME), 'showFlags': ('Date,Time,Size,Extension', None)},
        'Site': {'enabled': ('false', APPHOST_NAME), 'showFlags': ('Time', '%SystemDrive%\\inetpub\\site\\web.config')},
        'Site/app': {'enabled': ('true', '%s <location path="Site/app">' % APPHOST_NAME),
                     'showFlags': ('Size', 'C:\\inetpub\\app\\web.config')},
    }
    for location, expected in cases.items():
        values = server.effective_element(BROWSE, location)
        got = dict((name, (v.value, v.source.describe() if v.source else None)) for name, v in values.items())
        assert got == expected, location
    assert not server.effective_element(BROWSE, '')['showFlags'].explicit


def test_add_remove_clear_semantics(layered):
    server = manager(layered)
    assert server.effective_collection(DEFDOC, '', ('files',)).keys() == [('a.htm',), ('b.htm',)]
    site = server.effective_collection(DEFDOC, 'Site', ('files',))
    # defaultDocument/files has mergeAppend="false": entries of lower levels come first
    assert site.keys() == [('c.htm',), ('b.htm',)] and site.cleared_at is None
    assert [i.layer.describe() for i in site.items] == ['%SystemDrive%\\inetpub\\site\\web.config', APPHOST_NAME]
    app = server.effective_collection(DEFDOC, 'Site/app', ('files',))
    assert app.keys() == [('z.htm',)] and app.cleared_at.describe() == 'C:\\inetpub\\app\\web.config'
    assert app.items[0].attributes == {'value': 'z.htm'}


def test_merge_append_collections_add_lower_entries_last(offline_host, mini_apphost):
    root = offline_host(with_locations(mini_apphost, '<location path="Site"><system.webServer><modules>'
                                       '<remove name="ServerMod" /><add name="SiteMod" /><add name="ServerMod" type="again" />'
                                       '</modules></system.webServer></location>'), directories=('inetpub/site',))
    effective = manager(root).effective_collection(MODULES, 'Site')
    assert effective.keys() == [('StaticFileModule',), ('SiteMod',), ('ServerMod',)]
    assert effective.find(('ServerMod',)).attributes == {'name': 'ServerMod', 'type': 'again'}
    assert effective.problems == []


def test_keys_compare_case_insensitively(offline_host, mini_apphost):
    root = offline_host(mini_apphost, webconfigs={'inetpub/site': webconfig(
        '<system.webServer><defaultDocument><files><remove value="A.HTM" /></files></defaultDocument></system.webServer>')})
    assert manager(root).effective_collection(DEFDOC, 'Site', ('files',)).keys() == [('b.htm',)]


def test_lock_attributes_refuse_changes_below(offline_host, mini_apphost):
    root = offline_host(mini_apphost.replace(b'<directoryBrowse enabled="false" />',
                                             b'<directoryBrowse enabled="false" lockAttributes="showFlags" />'),
                        directories=('inetpub/site', 'inetpub/app'))
    server = manager(root)
    plan = Plan(server)
    with pytest.raises(ConfigError, match='showFlags is locked by lockAttributes in applicationHost.config'):
        plan.set_attributes(BROWSE, 'Site', {'showFlags': 'Date'})
    plan.set_attributes(BROWSE, 'Site', {'enabled': True})
    assert server.effective_element(BROWSE, 'Site')['enabled'].value == 'true'
    # lockAttributes is not an effective attribute of the section
    assert 'lockAttributes' not in server.effective_element(BROWSE, '')


@pytest.mark.parametrize('tag, expected, reason', [
    ('', 'Deny', 'configSections declares system.webServer/security/access with overrideModeDefault="Deny"'),
    ('<location path="Site" overrideMode="Allow"><system.webServer><security><access /></security></system.webServer></location>',
     'Allow', '%s <location path="Site"> sets overrideMode="Allow"' % APPHOST_NAME),
    ('<location path="" overrideMode="Allow"><system.webServer><security><access /></security></system.webServer></location>'
     '<location path="Site/app" overrideMode="Deny"><system.webServer><security><access /></security></system.webServer></location>',
     'Deny', '%s <location path="Site/app"> sets overrideMode="Deny"' % APPHOST_NAME),
    ('<location path="Site" allowOverride="true"><system.webServer><security><access /></security></system.webServer></location>',
     'Allow', '%s <location path="Site"> sets overrideMode="Allow"' % APPHOST_NAME),
])
def test_override_mode_and_its_reason(offline_host, mini_apphost, tag, expected, reason):
    root = offline_host(with_locations(mini_apphost, tag), directories=('inetpub/site', 'inetpub/app'))
    assert manager(root).override_mode(ACCESS, 'Site/app') == (expected, reason)


def test_undeclared_sections_default_to_allow(mini_host):
    mode, why = manager(mini_host).override_mode('system.web/compilation', 'Site')
    assert mode == 'Allow' and 'not declared' in why


def test_allow_definition_is_enforced(offline_host, mini_apphost):
    unlocked = mini_apphost.replace(b'name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Deny"',
                                    b'name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Allow"')
    server = manager(offline_host(unlocked, directories=('inetpub/site', 'inetpub/app/subdir')))
    with pytest.raises(ConfigError, match='AppHostOnly'):
        server.write_target('system.applicationHost/sites', 'Site')
    with pytest.raises(ConfigError, match='MachineToApplication'):
        server.write_target(MODULES, 'Site/app/subdir')
    assert server.write_target(MODULES, 'Site/app').document.path == 'C:\\inetpub\\app\\web.config'


def test_locked_sections_never_go_to_a_web_config(mini_host):
    server = manager(mini_host)
    with pytest.raises(ConfigError, match='locked'):
        server.write_target(MODULES, 'Site', commit='webconfig')
    forced = server.write_target(BROWSE, 'Site', commit='apphost')
    assert forced.is_apphost and forced.location_path == 'Site' and 'commit=apphost' in forced.reason


def test_unknown_site_and_bad_locations_are_config_errors(mini_host):
    server = manager(mini_host)
    with pytest.raises(ConfigError, match="no site named 'Nope'.*'Site'"):
        server.check_location('Nope/app')
    with pytest.raises(ConfigError, match='".."'):
        server.check_location('Site/../x')
    assert server.check_location('MACHINE/WEBROOT/APPHOST/site/') == 'site'


def test_sites_applications_and_bindings_of_the_example_host(example_host):
    server = manager(example_host)
    site = server.site('default web site')
    assert site.name == SITE and site.id == '1'
    assert [(b.protocol, b.binding_information) for b in site.bindings] == [('http', '*:80:')]
    assert [(a.path, a.application_pool, a.location) for a in site.applications] == [
        ('/', 'DefaultAppPool', SITE), ('/legacy', 'LegacyPool', SITE + '/legacy')]
    assert server.application_for(SITE + '/legacy/reports').path == '/legacy'
    assert server.application_for(SITE + '/legacyx').path == '/'
    assert server.physical_directory(SITE + '/legacy/reports') == '%SystemDrive%\\inetpub\\legacy\\reports'
    assert server.validate() == []


# ---------------------------------------------------------------------------------------------
# Physical paths on an offline host
# ---------------------------------------------------------------------------------------------

def _site_at(offline_host, mini_apphost, physical_path, directories=('inetpub/site',), webconfigs=None):
    apphost = mini_apphost.replace(b'%SystemDrive%\\inetpub\\site', physical_path.encode())
    return offline_host(apphost, webconfigs=webconfigs, directories=directories)


def test_system_drive_and_case_insensitive_directories(offline_host, mini_apphost):
    root = _site_at(offline_host, mini_apphost, 'c:\\INETPUB\\Site', directories=(),
                    webconfigs={'inetpub/site': webconfig('<system.webServer><directoryBrowse enabled="true" /></system.webServer>')})
    server = manager(root)
    assert server.effective_element(BROWSE, 'Site')['enabled'].value == 'true'
    host = OfflineHost(str(root))
    assert host.local_path('%SYSTEMDRIVE%\\InetPub\\SITE\\Web.Config') == str(root / 'inetpub' / 'site' / 'web.config')
    assert host.local_path('%windir%\\System32') == str(root / 'Windows' / 'System32')


@pytest.mark.parametrize('physical_path, message', [
    ('C:\\inetpub\\..\\..\\outside', '".." is not allowed'),
    ('D:\\sites\\site', 'drive D: is outside the offline root'),
    ('\\\\server\\share\\site', 'UNC paths'),
    ('relative\\dir', 'relative path'),
    ('%NOPE%\\site', 'unknown environment variable'),
])
def test_physical_paths_that_leave_the_root_are_errors(offline_host, mini_apphost, physical_path, message):
    server = manager(_site_at(offline_host, mini_apphost, physical_path))
    # reading goes on without that web.config (and says so); writing there is an error
    assert server.effective_element(BROWSE, 'Site')['enabled'].value == 'false'
    assert message in server.unreadable['Site']
    with pytest.raises(TargetError, match=message):
        Plan(server).set_attributes(BROWSE, 'Site', {'enabled': True})


def test_a_symlink_out_of_the_root_is_refused(offline_host, mini_apphost, tmp_path):
    outside = tmp_path / 'outside'
    outside.mkdir()
    root = offline_host(mini_apphost, directories=('inetpub',))
    os.symlink(str(outside), str(root / 'inetpub' / 'site'))
    (outside / 'web.config').write_bytes(webconfig('<system.webServer><directoryBrowse enabled="true" /></system.webServer>'))
    server = manager(root)
    assert server.effective_element(BROWSE, 'Site')['enabled'].value == 'false'
    assert 'outside the offline root' in server.unreadable['Site']
    with pytest.raises(TargetError, match='outside the offline root'):
        Plan(server).set_attributes(BROWSE, 'Site', {'enabled': False, 'showFlags': 'Date'})


def test_a_web_config_that_is_a_directory_is_refused(offline_host, mini_apphost):
    root = offline_host(mini_apphost, directories=('inetpub/site/web.config',))
    server = manager(root)
    server.effective_element(BROWSE, 'Site')
    assert 'is a directory' in server.unreadable['Site']
    with pytest.raises(TargetError, match='is a directory'):
        Plan(server).set_attributes(BROWSE, 'Site', {'enabled': True})


def test_a_section_written_twice_under_repeated_groups_of_one_location_is_found(offline_host, mini_apphost):
    data = mini_apphost.replace(b'</configuration>', b'<location path="Site"><system.webServer><directoryBrowse enabled="true" />'
                                b'</system.webServer><system.webServer><directoryBrowse enabled="false" /></system.webServer>'
                                b'</location></configuration>')
    server = ServerManager(OfflineHost(str(offline_host(data, directories=('inetpub/site', 'inetpub/app')))))
    problems = server.validate()
    assert len(problems) == 1 and 'directoryBrowse is defined twice' in problems[0], problems
    edited = server.validate_sections([(server.apphost, 'site', 'system.webServer/directoryBrowse')])
    assert edited == problems
