# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Feature delegation (overrideMode) and lock violations in the shared layer.

Server-level unlock/lock is what ``appcmd unlock config -section:X`` does: the section moves
into ``<location path="" overrideMode="Allow">``. A lock that a lower level already overrides
makes IIS answer HTTP 500.19 for those paths, so the plan refuses it and names them.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
from lxml import etree

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

APPCMD = '%windir%\\system32\\inetsrv\\appcmd.exe '
APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
BROWSE = 'system.webServer/directoryBrowse'
MODULES = 'system.webServer/modules'
DEFDOC = 'system.webServer/defaultDocument'
FILTERING = 'system.webServer/security/requestFiltering'


def fresh(root):
    manager = ServerManager(OfflineHost(str(root)))
    return manager, Plan(manager)


def save(root, plan):
    OfflineHost(str(root)).apply(plan, {})


def tree(root, relative=APPHOST):
    return etree.fromstring((root / relative).read_bytes())


def web_config(body):
    return ('<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n%s\r\n</configuration>\r\n' % body).encode()


def with_locations(apphost, text):
    return apphost.replace(b'</configuration>', text.encode() + b'\n</configuration>')


# -- server-level unlock / lock ------------------------------------------------------------------

def test_server_unlock_moves_the_section_into_location_path_empty(mini_host):
    manager, plan = fresh(mini_host)
    op = plan.set_override_mode(MODULES, '', 'Allow')
    assert op is not None
    assert plan.commands() == [APPCMD + 'unlock config -section:system.webServer/modules /commit:apphost']
    assert manager.override_mode(MODULES, 'Site') == ('Allow', 'applicationHost.config <location path=""> sets overrideMode="Allow"')
    assert not manager.write_target(MODULES, 'Site').is_apphost
    save(mini_host, plan)
    doc = tree(mini_host)
    assert doc.find('system.webServer/modules') is None
    [location] = doc.xpath('/configuration/location[@path=""]')
    assert location.get('overrideMode') == 'Allow'
    assert [a.get('name') for a in location.find('system.webServer/modules')] == ['StaticFileModule', 'ServerMod']
    manager, plan = fresh(mini_host)
    assert plan.set_override_mode(MODULES, '', 'Allow') is None and manager.changed_documents() == []
    assert manager.validate() == []
    # the effective modules are those of before, wherever the section now lives
    assert manager.effective_collection(MODULES, 'Site').keys() == [('StaticFileModule',), ('ServerMod',)]


def test_server_lock_of_a_delegated_section_writes_deny(mini_host):
    manager, plan = fresh(mini_host)
    plan.set_override_mode(BROWSE, '', 'Deny')
    assert plan.commands() == [APPCMD + 'lock config -section:system.webServer/directoryBrowse /commit:apphost']
    assert manager.override_mode(BROWSE, 'Site/app')[0] == 'Deny'
    save(mini_host, plan)
    [location] = tree(mini_host).xpath('/configuration/location[@path=""]')
    assert location.get('overrideMode') == 'Deny'
    assert dict(location.find('system.webServer/directoryBrowse').attrib) == {'enabled': 'false'}
    # locked by default already: nothing to do
    assert fresh(mini_host)[1].set_override_mode(MODULES, '', 'Deny') is None


def test_server_unlock_reuses_an_existing_allow_location(offline_host, mini_apphost):
    apphost = with_locations(mini_apphost, '    <location path="" overrideMode="Allow">\n        <system.webServer>\n'
                                           '            <security>\n                <access sslFlags="Ssl" />\n'
                                           '            </security>\n        </system.webServer>\n    </location>')
    apphost = apphost.replace(b'<section name="access" overrideModeDefault="Deny" />', b'<section name="access" overrideModeDefault="Deny" />')
    root = offline_host(apphost, directories=('inetpub/site', 'inetpub/app'))
    manager, plan = fresh(root)
    plan.set_override_mode(MODULES, '', 'Allow')
    save(root, plan)
    locations = tree(root).xpath('/configuration/location')
    assert len(locations) == 1
    assert locations[0].find('system.webServer/modules') is not None
    assert locations[0].find('system.webServer/security/access').get('sslFlags') == 'Ssl'
    assert fresh(root)[0].validate() == []


def test_server_inherit_moves_the_section_back_and_drops_the_empty_tag(mini_host):
    manager, plan = fresh(mini_host)
    plan.set_override_mode(MODULES, '', 'Allow')
    save(mini_host, plan)
    manager, plan = fresh(mini_host)
    plan.set_override_mode(MODULES, '', 'Inherit')
    assert plan.commands()[0].startswith('# not expressible with appcmd')
    assert manager.override_mode(MODULES, 'Site')[0] == 'Deny'
    save(mini_host, plan)
    doc = tree(mini_host)
    assert doc.xpath('/configuration/location') == []
    assert [a.get('name') for a in doc.find('system.webServer/modules')] == ['StaticFileModule', 'ServerMod']
    assert fresh(mini_host)[1].set_override_mode(MODULES, '', 'Inherit') is None


def test_inherit_drops_an_empty_section_and_its_tag(offline_host, mini_apphost):
    apphost = with_locations(mini_apphost, '    <location path="Site" overrideMode="Deny">\n        <system.webServer>\n'
                                           '            <directoryBrowse />\n        </system.webServer>\n    </location>')
    root = offline_host(apphost, directories=('inetpub/site', 'inetpub/app'))
    manager, plan = fresh(root)
    plan.set_override_mode(BROWSE, 'Site', 'Inherit')
    save(root, plan)
    assert (root / APPHOST).read_bytes() == mini_apphost


def test_site_mode_changes_in_place_when_the_tag_holds_only_that_section(offline_host, mini_apphost):
    apphost = with_locations(mini_apphost, '    <location path="Site" overrideMode="Deny">\n        <system.webServer>\n'
                                           '            <directoryBrowse enabled="true" />\n        </system.webServer>\n    </location>\n'
                                           '    <location path="Site/app">\n        <system.webServer>\n'
                                           '            <defaultDocument enabled="false" />\n        </system.webServer>\n    </location>')
    root = offline_host(apphost, directories=('inetpub/site', 'inetpub/app'))
    manager, plan = fresh(root)
    plan.set_override_mode(BROWSE, 'Site', 'Allow')
    save(root, plan)
    assert (root / APPHOST).read_bytes() == apphost.replace(b'<location path="Site" overrideMode="Deny">',
                                                            b'<location path="Site" overrideMode="Allow">')


@pytest.mark.parametrize('shape', ['default-role-minimal', 'servercore-full-features'])
def test_server_unlock_and_lock_on_both_full_shapes(full_shape, shape):
    root = full_shape(shape)
    manager, plan = fresh(root)
    before = manager.override_mode(MODULES, 'Default Web Site')[0]
    assert before == ('Deny' if shape == 'default-role-minimal' else 'Allow')
    plan.set_override_mode(MODULES, '', 'Allow')
    assert bool(plan.operations) is (before == 'Deny')
    save(root, plan)
    manager, plan = fresh(root)
    assert manager.override_mode(MODULES, 'Default Web Site')[0] == 'Allow'
    count = len(manager.effective_collection(MODULES, '').items)
    plan.set_override_mode(MODULES, '', 'Deny')
    save(root, plan)
    manager, plan = fresh(root)
    assert manager.override_mode(MODULES, 'Default Web Site')[0] == 'Deny'
    assert len(manager.effective_collection(MODULES, '').items) == count
    assert manager.validate() == []
    doc = tree(root)
    # handlers stay unlocked where the server unlocked them
    assert manager.override_mode('system.webServer/handlers', 'Default Web Site')[0] == (
        'Allow' if shape == 'servercore-full-features' else 'Deny')
    assert len(doc.xpath('/configuration/location[@path=""]//modules')) == 1
    assert plan.set_override_mode(MODULES, '', 'Deny') is None


# -- lock violations ---------------------------------------------------------------------------

def test_section_lock_refused_when_a_web_config_below_sets_it(offline_host, mini_apphost):
    root = offline_host(mini_apphost, {'inetpub/app': web_config(
        '<system.webServer><directoryBrowse enabled="true" />'
        '</system.webServer>')}, directories=('inetpub/site',))
    manager, plan = fresh(root)
    found = manager.section_lock_violations(BROWSE, '', assume=('', 'Deny'))
    assert [(v.path, v.file) for v in found] == [('Site/app', 'C:\\inetpub\\app\\web.config')]
    with pytest.raises(ConfigError) as info:
        plan.set_override_mode(BROWSE, 'Site', 'Deny')
    message = str(info.value)
    assert '500.19' in message and 'Site/app' in message and 'C:\\inetpub\\app\\web.config' in message
    assert plan.operations == [] and manager.changed_documents() == []
    # a deeper unlock keeps the web.config valid; applicationHost.config <location> tags never violate
    apphost = with_locations(mini_apphost, '    <location path="Site/app" overrideMode="Allow"><system.webServer>'
                                           '<directoryBrowse /></system.webServer></location>\n'
                                           '    <location path="Site"><system.webServer><directoryBrowse enabled="true" />'
                                           '</system.webServer></location>')
    (root / APPHOST).write_bytes(apphost)
    manager, plan = fresh(root)
    assert plan.set_override_mode(BROWSE, 'Site', 'Deny') is not None


def test_item_lock_refused_when_a_lower_level_removes_the_entry(offline_host, mini_apphost):
    apphost = mini_apphost.replace(b'name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Deny"',
                                   b'name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Allow"')
    # a <location> tag of the same file is not bound by the lock (IIS Express runs Visual Studio's
    # <location path="App"><remove name="WebMatrixSupportModule"/> of a lockItem entry): files below are
    apphost = with_locations(apphost, '    <location path="Site"><system.webServer><modules><remove name="ServerMod" />'
                                      '</modules></system.webServer></location>')
    root = offline_host(apphost, {
        'inetpub/site': web_config('<system.webServer><modules><remove name="ServerMod" /></modules></system.webServer>'),
        'inetpub/app': web_config('<system.webServer><modules><clear /></modules></system.webServer>')})
    manager, plan = fresh(root)
    with pytest.raises(ConfigError) as info:
        plan.set_item_lock(MODULES, '', {'name': 'ServerMod'}, True)
    message = str(info.value)
    assert 'lockItem' in message and '<remove' in message and '<clear' in message
    assert '%SystemDrive%\\inetpub\\site\\web.config' in message and 'C:\\inetpub\\app\\web.config' in message
    assert 'Site/app' in message and '2 place(s)' in message and 'applicationHost.config <location path="Site">' not in message
    assert manager.changed_documents() == []
    # unlocking is never a violation
    assert plan.set_item_lock(MODULES, '', {'name': 'StaticFileModule'}, False) is not None


def test_lock_attributes_and_elements_refused_when_overridden_below(offline_host, mini_apphost):
    body = web_config('<system.webServer><directoryBrowse enabled="true" /><security><requestFiltering>'
                      '<requestLimits maxUrl="10" /></requestFiltering></security></system.webServer>')
    root = offline_host(mini_apphost, {'inetpub/site': body}, directories=('inetpub/app',))
    manager, plan = fresh(root)
    with pytest.raises(ConfigError, match='lockAttributes.*enabled'):
        plan.set_attributes(BROWSE, '', {'lockAttributes': 'enabled'})
    with pytest.raises(ConfigError, match='lockAllAttributesExcept'):
        plan.set_attributes(BROWSE, '', {'lockAllAttributesExcept': 'showFlags'})
    with pytest.raises(ConfigError, match='lockElements.*requestLimits'):
        plan.set_attributes(FILTERING, '', {'lockElements': 'requestLimits'})
    assert manager.changed_documents() == []
    # a lock nothing below overrides is planned, once
    assert plan.set_attributes(BROWSE, '', {'lockAttributes': 'showFlags'}) is not None
    assert plan.set_attributes(BROWSE, '', {'lockAttributes': 'showFlags'}) is None
    assert plan.set_attributes(FILTERING, '', {'lockElements': 'fileExtensions'}) is not None


def test_lock_elements_on_collection_directives(offline_host, mini_apphost):
    body = web_config('<system.webServer><defaultDocument><files><clear /><add value="x.htm" />'
                      '</files></defaultDocument></system.webServer>')
    root = offline_host(mini_apphost, {'inetpub/site': body}, directories=('inetpub/app',))
    manager, plan = fresh(root)
    with pytest.raises(ConfigError, match='has <clear>.*lockElements="remove,clear"'):
        plan.set_attributes(DEFDOC, '', {'lockElements': 'remove,clear'}, ('files',))
    assert plan.set_attributes(DEFDOC, '', {'lockElements': 'remove'}, ('files',)) is not None


def test_existing_violations_are_reported_per_path(offline_host, mini_apphost):
    apphost = mini_apphost.replace(b'<directoryBrowse enabled="false" />', b'<directoryBrowse enabled="false" lockAttributes="enabled" />')
    root = offline_host(apphost, {
        'inetpub/site': web_config(
            '<system.webServer><directoryBrowse enabled="true" /><modules><remove name="StaticFileModule" />'
            '</modules></system.webServer>')}, directories=('inetpub/app',))
    manager = ServerManager(OfflineHost(str(root)))
    found = manager.lock_violations('Site')
    texts = sorted(v.describe() for v in found)
    assert len(found) == 3, texts
    assert all(v.path == 'Site' for v in found)
    assert any('overrideMode' in t and MODULES in t for t in texts)  # modules is locked for web.config
    assert any('lockItem' in t and 'StaticFileModule' in t for t in texts)
    assert any('lockAttributes' in t and 'enabled' in t for t in texts)
    assert manager.lock_violations('Site/app') == []


def test_real_applicationhost_files_have_no_lock_violations(shared_iis, tmp_path):
    """Real servers and IIS Express files run as they are, so none may be reported as broken;
    among them Visual Studio's <location path="App"> that removes a lockItem entry of
    <location path=""> in the same file (a lock binds the files below, not its own file)."""
    from ansible_collections.webadmin.iis.tests.unit.plugins.conftest import host_root
    checked = 0
    for index, path in enumerate(sorted((shared_iis / 'corpus' / 'apphost').glob('*.config'))):
        data = path.read_bytes()
        if b'lock' not in data and data.count(b'<location') < 2:
            continue  # neither a lock nor a <location> tag below the server: nothing to find
        try:
            etree.fromstring(data)
        except etree.XMLSyntaxError:
            continue  # the one file that is not well-formed has its own tests
        manager = ServerManager(OfflineHost(str(host_root(tmp_path, data, name='h%d' % index))))
        locations = [site.name for site in manager.sites()] + [app.location for app in manager.applications()]
        assert [v.describe() for loc in locations for v in manager.lock_violations(loc)] == [], path.name
        checked += 1
    assert checked > 50
