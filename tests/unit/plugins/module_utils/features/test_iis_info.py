# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""webadmin.iis.iis_info through its feature API (what the action plugin calls), on offline hosts.

Expected values are taken from the files themselves (XPath) wherever possible, never from the
code under test, so a wrong inheritance rule shows up as a mismatch.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
from pathlib import Path

import pytest
from lxml import etree

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.document import ConfigFileError
from ansible_collections.webadmin.iis.plugins.module_utils.features import iis_info
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
SITE = 'Default Web Site'


def info(root, **params):
    """(result, plan, host) of one iis_info run, as the action plugin does it."""
    host = OfflineHost(str(root))
    plan = Plan(ServerManager(host))
    result = iis_info.desired_state(plan, dict(dict(location=None, sections=[]), **params))
    return result, plan, host


def add_to_apphost(root, xml_text):
    """Insert ``xml_text`` (location tags) before </configuration> of the host's apphost."""
    path = Path(root) / APPHOST
    data = path.read_bytes()
    end = data.rindex(b'</configuration>')
    path.write_bytes(data[:end] + xml_text.encode('utf-8') + b'\r\n' + data[end:])


# -- the example host -------------------------------------------------------------------------

def test_reads_each_file_once_and_changes_nothing(example_host):
    before = dict((p, p.read_bytes()) for p in example_host.rglob('*.config'))
    result, plan, host = info(example_host)
    assert plan.operations == [] and plan.manager.changed_documents() == []
    assert host.reads == 3 and host.writes == 0
    assert result['files_read'] == sorted([
        '%SystemDrive%\\inetpub\\legacy\\web.config', '%SystemDrive%\\inetpub\\wwwroot\\web.config',
        '%windir%\\System32\\inetsrv\\config\\applicationHost.config'])
    assert dict((p, p.read_bytes()) for p in example_host.rglob('*.config')) == before


def test_global_modules_match_the_file(example_host):
    result, _plan, _host = info(example_host)
    tree = etree.parse(str(example_host / APPHOST))
    names = tree.xpath('/configuration/system.webServer/globalModules/add/@name')
    assert [m['name'] for m in result['global_modules']] == names
    engine = [m for m in result['global_modules'] if m['name'] == 'ManagedEngineV4.0_64bit'][0]
    assert engine['pre_condition'] == 'integratedMode,runtimeVersionv4.0,bitness64' and 'webengine4.dll' in engine['image']


def test_module_list_per_application_says_where_each_entry_comes_from(example_host):
    (example_host / 'inetpub/legacy/web.config').write_text(
        '<configuration><system.webServer><modules><remove name="Session" />'
        '<add name="AppAudit" type="Contoso.Audit" /></modules></system.webServer></configuration>')
    result, _plan, _host = info(example_host)
    server = [m['name'] for m in result['server']['modules']]
    legacy = result['locations'][SITE + '/legacy']['modules']
    assert [m['name'] for m in legacy] == [n for n in server if n != 'Session'] + ['AppAudit']
    sources = dict((m['name'], m['source']) for m in legacy)
    assert sources['AppAudit'] == '%SystemDrive%\\inetpub\\legacy\\web.config'
    assert sources['StaticFileModule'] == 'applicationHost.config <location path="">'
    assert [m['locked'] for m in legacy if m['name'] == 'StaticFileModule'] == [True]
    assert [m['name'] for m in result['locations'][SITE]['modules']] == server


def test_application_pools(example_host):
    result, _plan, _host = info(example_host)
    pools = dict((p['name'], p) for p in result['application_pools'])
    assert set(pools) == {'DefaultAppPool', 'LegacyPool'}
    assert pools['LegacyPool']['managedPipelineMode'] == 'Classic'
    assert pools['DefaultAppPool']['managedPipelineMode'] == 'Integrated'
    assert pools['LegacyPool']['managedRuntimeVersion'] == 'v4.0'
    assert pools['LegacyPool']['enable32BitAppOnWin64'] == 'false'
    assert pools['LegacyPool']['identityType'] == 'ApplicationPoolIdentity'
    assert pools['LegacyPool']['applications'] == [SITE + '/legacy']
    assert pools['DefaultAppPool']['applications'] == [SITE]


def test_sites_bindings_and_enabled_protocols(example_host):
    path = example_host / APPHOST
    text = path.read_text(encoding='utf-8-sig')
    text = text.replace('<binding protocol="http" bindingInformation="*:80:" />',
                        '<binding protocol="http" bindingInformation="*:80:" />'
                        '<binding protocol="https" bindingInformation="*:443:www.example.com" sslFlags="1" />')
    text = text.replace('<application path="/legacy" applicationPool="LegacyPool">',
                        '<application path="/legacy" applicationPool="LegacyPool" enabledProtocols="http,net.pipe">')
    path.write_text(text, encoding='utf-8')
    result, _plan, _host = info(example_host)
    (site,) = result['sites']
    assert site['name'] == SITE and site['id'] == '1'
    assert site['bindings'] == [
        {'protocol': 'http', 'binding_information': '*:80:', 'ssl_flags': 'None'},
        {'protocol': 'https', 'binding_information': '*:443:www.example.com', 'ssl_flags': '1'}]
    apps = dict((a['path'], a) for a in site['applications'])
    assert apps['/']['enabled_protocols'] == 'http'
    assert apps['/legacy']['enabled_protocols'] == 'http,net.pipe'
    assert apps['/legacy']['application_pool'] == 'LegacyPool'
    assert apps['/legacy']['physical_path'] == '%SystemDrive%\\inetpub\\legacy'


def test_effective_ssl_flags_and_authentication_without_passwords(example_host):
    add_to_apphost(example_host, '''
    <location path="Default Web Site">
        <system.webServer><security>
            <access sslFlags="Ssl, SslNegotiateCert" />
            <authentication>
                <anonymousAuthentication enabled="false" userName="svc" password="Anon-S3cret" />
                <iisClientCertificateMappingAuthentication enabled="true">
                    <oneToOneMappings><add certificate="MIIB" userName="u1" password="Map-S3cret" /></oneToOneMappings>
                </iisClientCertificateMappingAuthentication>
            </authentication>
        </security></system.webServer>
    </location>
    <location path="Default Web Site/legacy">
        <system.webServer><security><authentication><basicAuthentication enabled="true" /></authentication></security></system.webServer>
    </location>''')
    result, _plan, _host = info(example_host)
    text = json.dumps(result)
    assert 'Anon-S3cret' not in text and 'Map-S3cret' not in text
    assert result['server']['ssl_flags'] == {'value': 'None', 'source': 'applicationHost.config'}
    for location in (SITE, SITE + '/legacy'):
        flags = result['locations'][location]['ssl_flags']
        assert flags == {'value': 'Ssl, SslNegotiateCert', 'source': 'applicationHost.config <location path="Default Web Site">'}
    site_auth = result['locations'][SITE]['authentication']
    legacy_auth = result['locations'][SITE + '/legacy']['authentication']
    assert site_auth['anonymousAuthentication']['enabled']['value'] == 'false'
    assert site_auth['anonymousAuthentication']['userName']['value'] == 'svc'
    assert site_auth['basicAuthentication']['enabled']['value'] == 'false'
    assert legacy_auth['basicAuthentication']['enabled']['value'] == 'true'
    assert legacy_auth['anonymousAuthentication']['enabled']['value'] == 'false'
    (mapping,) = legacy_auth['iisClientCertificateMappingAuthentication']['oneToOneMappings']
    assert mapping['attributes']['userName'] == 'u1' and mapping['attributes']['password'] != 'Map-S3cret'
    assert result['server']['authentication']['iisClientCertificateMappingAuthentication']['oneToOneMappings'] == []


def test_locks_per_location(example_host):
    add_to_apphost(example_host, '''
    <location path="Default Web Site/legacy" overrideMode="Deny">
        <system.webServer><directoryBrowse /></system.webServer>
    </location>
    <location path="Default Web Site" overrideMode="Allow">
        <system.webServer><security><access /></security></system.webServer>
    </location>''')
    result, _plan, _host = info(example_host)
    server, site, legacy = (result['server']['locks'], result['locations'][SITE]['locks'],
                            result['locations'][SITE + '/legacy']['locks'])
    assert server['system.webServer/modules'] == 'Allow'  # unlocked by <location path="" overrideMode="Allow">
    assert server['system.webServer/security/access'] == 'Deny'
    assert site['system.webServer/security/access'] == 'Allow' and legacy['system.webServer/security/access'] == 'Allow'
    assert site['system.webServer/directoryBrowse'] == 'Allow' and legacy['system.webServer/directoryBrowse'] == 'Deny'
    assert legacy['system.webServer/security/authentication/basicAuthentication'] == 'Deny'


def test_location_limits_the_report_and_sections_are_returned(example_host):
    result, _plan, _host = info(example_host, location='default web site/LEGACY',
                                sections=['system.webserver/directorybrowse'])
    assert list(result['locations']) == [SITE + '/legacy']
    assert [s['name'] for s in result['sites']] == [SITE]
    section = result['sections']['system.webServer/directoryBrowse']
    assert section['location'] == SITE + '/legacy' and section['attributes']['enabled']['value'] == 'false'


def _pools_apphost():
    """Three sites: a and b share SharedPool (b through its applicationDefaults); c uses its own
    pool; IdlePool serves nothing; the server's applicationDefaults name the pool of a/app."""
    return (b'<?xml version="1.0" encoding="UTF-8"?><configuration><system.applicationHost><applicationPools>'
            b'<add name="SharedPool" /><add name="CPool" managedPipelineMode="Classic" /><add name="IdlePool" />'
            b'<add name="ServerDefault" /><applicationPoolDefaults managedRuntimeVersion="v4.0" /></applicationPools><sites>'
            b'<site name="a" id="1"><application path="/" applicationPool="sharedpool"><virtualDirectory path="/" physicalPath="C:\\a" /></application>'
            b'<application path="/app"><virtualDirectory path="/" physicalPath="C:\\a\\app" /></application></site>'
            b'<site name="b" id="2"><application path="/"><virtualDirectory path="/" physicalPath="C:\\b" /></application>'
            b'<applicationDefaults applicationPool="SharedPool" /></site>'
            b'<site name="c" id="3"><application path="/" applicationPool="CPool"><virtualDirectory path="/" physicalPath="C:\\c" /></application></site>'
            b'<applicationDefaults applicationPool="ServerDefault" /></sites></system.applicationHost>'
            b'<system.webServer><modules /></system.webServer></configuration>')


def test_a_site_report_lists_the_pools_of_its_applications_with_everything_they_serve(offline_host):
    root = offline_host(_pools_apphost())
    result, _plan, _host = info(root, location='B')
    pools = dict((p['name'], p) for p in result['application_pools'])
    assert sorted(pools) == ['SharedPool']
    assert sorted(pools['SharedPool']['applications']) == ['a', 'b']
    assert pools['SharedPool']['managedRuntimeVersion'] == 'v4.0'
    result, _plan, _host = info(root, location='a/app')
    assert sorted(p['name'] for p in result['application_pools']) == ['ServerDefault', 'SharedPool']


def test_the_server_report_lists_every_pool_even_one_that_serves_nothing(offline_host):
    root = offline_host(_pools_apphost())
    result, _plan, _host = info(root)
    pools = dict((p['name'], p['applications']) for p in result['application_pools'])
    assert pools == {'SharedPool': ['a', 'b'], 'CPool': ['c'], 'IdlePool': [], 'ServerDefault': ['a/app']}
    assert [s['name'] for s in result['sites']] == ['a', 'b', 'c']


def test_applications_by_pool_agrees_with_the_applications_of_every_site(offline_host):
    manager = ServerManager(OfflineHost(str(offline_host(_pools_apphost()))))
    expected = {}
    for app in manager.applications():
        expected.setdefault(app.application_pool.lower(), []).append(app.location)
    assert manager.applications_by_pool() == expected
    for pool in ('SharedPool', 'cpool', 'ServerDefault', 'IdlePool', 'nope'):
        assert manager.applications_of_pool(pool) == [app for app in manager.applications()
                                                      if app.application_pool.lower() == pool.lower()]


def test_location_that_is_a_plain_directory_is_reported_itself(example_host):
    result, _plan, _host = info(example_host, location=SITE + '/images')
    assert list(result['locations']) == [SITE + '/images']


def test_unknown_site_fails(example_host):
    with pytest.raises(ConfigError, match="no site named 'Nope'"):
        info(example_host, location='Nope')


def test_unknown_section_fails(example_host):
    from ansible_collections.webadmin.iis.plugins.module_utils.schema import SchemaError
    with pytest.raises(SchemaError, match='Unknown configuration section'):
        info(example_host, sections=['system.webServer/notThere'])


# -- scale and unreadable paths ---------------------------------------------------------------

def _many_sites_apphost(count, physical=r'%SystemDrive%\sites\s{0}'):
    sites = ''.join('<site name="s{0}" id="{1}"><application path="/"><virtualDirectory path="/" physicalPath="{2}" />'
                    '</application><application path="/app"><virtualDirectory path="/" physicalPath="{2}\\app" />'
                    '</application><bindings><binding protocol="http" bindingInformation="*:80:s{0}" /></bindings></site>'
                    .format(i, i + 1, physical.format(i)) for i in range(count))
    return ('<?xml version="1.0" encoding="UTF-8"?><configuration><system.applicationHost><applicationPools>'
            '<add name="DefaultAppPool" /></applicationPools><sites>%s</sites></system.applicationHost>'
            '<system.webServer><globalModules><add name="StaticFileModule" image="static.dll" /></globalModules>'
            '<modules><add name="StaticFileModule" /></modules></system.webServer></configuration>' % sites).encode('utf-8')


def test_one_read_per_file_however_many_sites(offline_host):
    count = 40
    webconfigs = dict(('sites/s%d' % i, b'<configuration><system.webServer><directoryBrowse enabled="true" />'
                       b'</system.webServer></configuration>') for i in range(count))
    root = offline_host(_many_sites_apphost(count), webconfigs=webconfigs)
    result, _plan, host = info(root)
    # applicationHost.config + one web.config per site; the /app directories have none
    assert host.reads == 1 + count
    assert len(result['files_read']) == 1 + count
    assert len(result['locations']) == 2 * count
    assert [m['name'] for m in result['locations']['s7/app']['modules']] == ['StaticFileModule']


def test_unresolvable_physical_paths_become_warnings(offline_host):
    root = offline_host(_many_sites_apphost(2, physical=r'%IIS_SITES_HOME%\s{0}'))
    host = OfflineHost(str(root))
    plan = Plan(ServerManager(host))
    result = iis_info.desired_state(plan, {'location': None, 'sections': []})
    assert host.reads == 1
    assert [m['name'] for m in result['locations']['s1']['modules']] == ['StaticFileModule']
    assert any('s0' in w and 'IIS_SITES_HOME' in w for w in plan.warnings)


# -- corpus ------------------------------------------------------------------------------------

def _shared_data(config):
    """../shared/iis as tests/unit/conftest.py finds it, or None (at collection time, before
    fixtures exist)."""
    for plugin in config.pluginmanager.get_plugins():
        finder = getattr(plugin, 'find_shared_iis', None)
        if callable(finder):
            try:
                return finder()
            except TypeError:  # the helper of the module_utils conftest takes the config
                continue
    return None


def pytest_generate_tests(metafunc):
    """One test per corpus applicationHost.config; without ../shared one placeholder that the
    shared_iis fixture skips."""
    if 'apphost_file' not in metafunc.fixturenames:
        return
    shared = _shared_data(metafunc.config)
    names = sorted(p.name for p in (Path(shared) / 'corpus' / 'apphost').glob('*.config')) if shared else []
    metafunc.parametrize('apphost_file', [pytest.param(n, id=n) for n in names] or
                         [pytest.param(None, id='no-shared-data')])


def _apply(names, nodes):
    """add/remove/clear of one <modules> element, in document order, on a list of names."""
    for node in nodes:
        if not isinstance(node.tag, str):
            continue
        if node.tag == 'clear':
            names = []
        elif node.tag == 'remove':
            names = [n for n in names if n.lower() != node.get('name', '').lower()]
        elif node.tag == 'add':
            names = names + [node.get('name')]
    return names


def test_corpus_apphost(apphost_file, shared_iis, tmp_path):
    """iis_info on every real applicationHost.config: succeeds (also when the sites point at
    C:\\Users\\..., other drives or %IIS_SITES_HOME%), reads the file once, and its module lists
    match lists computed here with XPath."""
    data = (shared_iis / 'corpus' / 'apphost' / apphost_file).read_bytes()
    root = tmp_path / 'host'
    (root / APPHOST).parent.mkdir(parents=True)
    (root / APPHOST).write_bytes(data)
    try:
        tree = etree.ElementTree(etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True)))
    except etree.XMLSyntaxError:
        with pytest.raises(ConfigFileError, match='applicationHost.config'):
            info(root)
        return
    result, plan, host = info(root)
    assert host.reads == 1 and plan.operations == []

    global_names = tree.xpath('/configuration/system.webServer/globalModules/add/@name')
    assert len(result['global_modules']) == int(tree.xpath('count(/configuration/system.webServer/globalModules/add)'))
    assert [m['name'] for m in result['global_modules']] == global_names

    server_nodes = tree.xpath('/configuration/system.webServer/modules/*'
                              ' | /configuration/location[not(@path) or @path="" or @path="."]/system.webServer/modules/*')
    server_names = _apply([], server_nodes)
    if not tree.xpath('/configuration/system.webServer/modules/clear | /configuration/location[@path=""]/system.webServer/modules/clear'):
        adds = len([n for n in server_nodes if n.tag == 'add'])
        removes = len([n for n in server_nodes if n.tag == 'remove'])
        assert len(result['server']['modules']) == adds - removes
    assert [m['name'] for m in result['server']['modules']] == server_names

    for site in tree.xpath('/configuration/system.applicationHost/sites/site/@name'):
        site_nodes = tree.xpath('/configuration/location[@path=$p]/system.webServer/modules/*', p=site)
        assert [m['name'] for m in result['locations'][site]['modules']] == _apply(server_names, site_nodes), site


def test_which_pool_serves_what_follows_a_planned_reassignment(offline_host):
    manager = ServerManager(OfflineHost(str(offline_host(_pools_apphost()))))
    plan = Plan(manager)
    assert manager.applications_by_pool()['cpool'] == ['c']
    plan.set_attributes('system.applicationHost/sites', '', {'applicationPool': 'IdlePool'}, ({'name': 'c'}, {'path': '/'}))
    assert 'cpool' not in manager.applications_by_pool() and manager.applications_by_pool()['idlepool'] == ['c']
    assert [app.location for app in manager.applications_of_pool('IdlePool')] == ['c']
