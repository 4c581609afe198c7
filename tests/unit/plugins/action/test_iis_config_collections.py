# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_config collections through the real action plugin: positions in first-match collections
(handlers), child elements of collection items (application pools), defaulted key parts
(fastCgi). Small configurations of our own, plus the two full IIS 10 shapes when ../shared is
there."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

import pytest
from lxml import etree

from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action
from ansible_collections.webadmin.iis.plugins.module_utils.builtin_schema import BUILTIN_SCHEMA_XML

APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
SCHEMA_DIR = 'Windows/System32/inetsrv/config/schema'

HANDLERS_APPHOST = b'''<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
        <sectionGroup name="system.webServer">
            <section name="handlers" overrideModeDefault="Deny" />
            <section name="fastCgi" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
    </configSections>
    <system.applicationHost>
        <applicationPools>
            <add name="DefaultAppPool" />
        </applicationPools>
        <sites>
            <site name="Site" id="1">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="C:\\inetpub\\site" />
                </application>
            </site>
        </sites>
    </system.applicationHost>
    <system.webServer>
        <handlers accessPolicy="Read, Script">
            <add name="TRACEVerbHandler" path="*" verb="TRACE" modules="ProtocolSupportModule" requireAccess="None" />
            <add name="StaticFile" path="*" verb="*" modules="StaticFileModule" resourceType="Either" requireAccess="Read" />
        </handlers>
    </system.webServer>
</configuration>
'''

FASTCGI_SCHEMA = b'''<configSchema>
  <sectionSchema name="system.webServer/fastCgi">
    <collection addElement="application">
      <attribute name="fullPath" type="string" expanded="true" required="true" isCombinedKey="true" validationType="nonEmptyString" />
      <attribute name="arguments" type="string" expanded="true" defaultValue="" isCombinedKey="true" />
      <attribute name="maxInstances" type="uint" defaultValue="0" />
    </collection>
  </sectionSchema>
</configSchema>
'''

PHP = {'name': 'PHP_via_FastCGI', 'path': '*.php', 'verb': 'GET,HEAD,POST', 'modules': 'FastCgiModule',
       'scriptProcessor': 'C:\\php\\php-cgi.exe', 'resourceType': 'Either'}


def run(root, check=False, diff=False, **args):
    return run_action('iis_config', root, check=check, diff=diff, **args)


def digest(root):
    return dict((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(root.rglob('*')) if p.is_file())


def handler_names(root, location=None):
    tree = etree.fromstring((root / APPHOST).read_bytes())
    if location is None:
        return tree.xpath('/configuration/system.webServer/handlers/add/@name')
    return tree.xpath('/configuration/location[@path=$p]/system.webServer/handlers/add/@name', p=location)


@pytest.fixture
def handlers_host(offline_host):
    return offline_host(HANDLERS_APPHOST, directories=('inetpub/site',))


# -- item 6: positions and shadowing ----------------------------------------------------------

def test_handler_appended_after_catch_all_is_refused_naming_the_earlier_entry(handlers_host):
    before = digest(handlers_host)
    result = run(handlers_host, section='system.webServer/handlers', collection={'items': [PHP]})
    assert result.get('failed') is True, result
    assert 'StaticFile' in result['msg'] and 'never be used' in result['msg'] and 'position: first' in result['msg']
    assert digest(handlers_host) == before


def test_handler_first_is_written_first_idempotent_check_and_diff(handlers_host):
    before = digest(handlers_host)
    args = dict(section='system.webServer/handlers', collection={'items': [PHP], 'position': 'first'})
    checked = run(handlers_host, check=True, diff=True, **args)
    assert checked['changed'] is True, checked
    assert digest(handlers_host) == before
    assert 'PHP_via_FastCGI' in checked['diff'][0]['after'] and 'PHP_via_FastCGI' not in checked['diff'][0]['before']
    assert '@start' in checked['commands'][0]
    result = run(handlers_host, **args)
    assert result['changed'] is True, result
    assert handler_names(handlers_host) == ['PHP_via_FastCGI', 'TRACEVerbHandler', 'StaticFile']
    again = run(handlers_host, **args)
    assert again['changed'] is False and again['files'] == [], again


def test_handler_before_an_entry_keeps_the_given_order(handlers_host):
    second = dict(PHP, name='PHP2', path='*.php5')
    result = run(handlers_host, section='system.webServer/handlers',
                 collection={'items': [PHP, second], 'before': {'name': 'StaticFile'}})
    assert result['changed'] is True, result
    assert handler_names(handlers_host) == ['TRACEVerbHandler', 'PHP_via_FastCGI', 'PHP2', 'StaticFile']
    assert "@1" in result['commands'][0], result['commands']
    again = run(handlers_host, section='system.webServer/handlers',
                collection={'items': [PHP, second], 'before': {'name': 'StaticFile'}})
    assert again['changed'] is False, again


def test_allow_shadowed_appends_as_appcmd_does(handlers_host):
    result = run(handlers_host, section='system.webServer/handlers', collection={'items': [PHP], 'allow_shadowed': True})
    assert result['changed'] is True, result
    assert handler_names(handlers_host) == ['TRACEVerbHandler', 'StaticFile', 'PHP_via_FastCGI']


def test_verb_specific_entry_does_not_shadow_other_verbs(handlers_host):
    # TRACEVerbHandler path="*" takes only TRACE: a GET handler after it is reachable
    result = run(handlers_host, section='system.webServer/handlers',
                 collection={'items': [dict(PHP, verb='GET')], 'after': {'name': 'TRACEVerbHandler'}})
    assert result['changed'] is True, result
    assert handler_names(handlers_host) == ['TRACEVerbHandler', 'PHP_via_FastCGI', 'StaticFile']


def test_site_level_handlers_come_before_inherited_ones(handlers_host):
    """mergeAppend="false": a site's handlers precede the server's, so the default position is
    reachable there, and "last" is refused (the server's entries always follow)."""
    result = run(handlers_host, section='system.webServer/handlers', location='Site', collection={'items': [PHP]})
    assert result['changed'] is True, result
    assert handler_names(handlers_host, 'Site') == ['PHP_via_FastCGI']
    last = run(handlers_host, section='system.webServer/handlers', location='Site',
               collection={'items': [dict(PHP, name='Other', path='*.x')], 'position': 'last'})
    assert last.get('failed') is True and 'cannot come last' in last['msg'], last


# -- item 7: child elements of collection items -----------------------------------------------

POOL = {'name': 'AppPool1', 'managedPipelineMode': 'Integrated',
        'processModel': {'identityType': 'SpecificUser', 'userName': 'svc', 'password': 'S3cret!pw'},
        'recycling': {'periodicRestart': {'time': '2.00:00:00', 'schedule': [{'value': '03:00:00'}]}},
        'cpu': {'limit': 50000}}


def test_pool_child_elements_written_masked_and_idempotent(handlers_host):
    args = dict(section='system.applicationHost/applicationPools', collection={'items': [POOL]},
                allow_plaintext_secrets=True)
    before = digest(handlers_host)
    checked = run(handlers_host, check=True, diff=True, **args)
    assert checked['changed'] is True, checked
    assert digest(handlers_host) == before
    assert 'S3cret!pw' not in repr(checked)
    result = run(handlers_host, diff=True, **args)
    assert result['changed'] is True, result
    assert 'S3cret!pw' not in repr(result)
    tree = etree.fromstring((handlers_host / APPHOST).read_bytes())
    pool = tree.xpath('//applicationPools/add[@name="AppPool1"]')[0]
    assert pool.find('processModel').attrib == {'identityType': 'SpecificUser', 'userName': 'svc', 'password': 'S3cret!pw'}
    assert pool.find('recycling/periodicRestart').get('time') == '2.00:00:00'
    assert [a.get('value') for a in pool.findall('recycling/periodicRestart/schedule/add')] == ['03:00:00']
    assert pool.find('cpu').get('limit') == '50000'
    again = run(handlers_host, **args)
    assert again['changed'] is False and again['files'] == [], again


def test_child_element_equal_to_defaults_writes_nothing(handlers_host):
    before = digest(handlers_host)
    result = run(handlers_host, section='system.applicationHost/applicationPools',
                 collection={'items': [{'name': 'DefaultAppPool', 'processModel': {'identityType': 'ApplicationPoolIdentity'},
                                        'cpu': {'limit': 0}}]})
    assert result.get('failed') is not True and result['changed'] is False, result
    assert digest(handlers_host) == before


def test_unknown_child_element_is_refused_before_writing(handlers_host):
    before = digest(handlers_host)
    result = run(handlers_host, section='system.applicationHost/applicationPools',
                 collection={'items': [{'name': 'P', 'procesModel': {'identityType': 'LocalSystem'}}]})
    assert result.get('failed') is True and 'processModel' in result['msg'], result
    assert digest(handlers_host) == before


# -- item 8: defaults are not requirements ----------------------------------------------------

@pytest.fixture
def fastcgi_host(offline_host):
    root = offline_host(HANDLERS_APPHOST, directories=('inetpub/site',))
    schema = root / SCHEMA_DIR
    schema.mkdir()
    data = BUILTIN_SCHEMA_XML.encode('utf-8') if isinstance(BUILTIN_SCHEMA_XML, str) else BUILTIN_SCHEMA_XML
    (schema / 'IIS_schema.xml').write_bytes(data)
    (schema / 'fastcgi_schema.xml').write_bytes(FASTCGI_SCHEMA)
    return root


def test_fastcgi_application_without_arguments(fastcgi_host):
    args = dict(section='system.webServer/fastCgi', collection={'items': [{'fullPath': 'C:\\php\\php-cgi.exe',
                                                                          'maxInstances': 4}]})
    result = run(fastcgi_host, **args)
    assert result['changed'] is True, result
    tree = etree.fromstring((fastcgi_host / APPHOST).read_bytes())
    assert [dict(a.attrib) for a in tree.xpath('//fastCgi/application')] == [
        {'fullPath': 'C:\\php\\php-cgi.exe', 'maxInstances': '4'}]
    again = run(fastcgi_host, **args)
    assert again['changed'] is False, again
    # the key computed with arguments="" is the same entry as one given with arguments=""
    same = run(fastcgi_host, section='system.webServer/fastCgi',
               collection={'items': [{'fullPath': 'C:\\php\\php-cgi.exe', 'arguments': '', 'maxInstances': 4}]})
    assert same['changed'] is False, same


def test_required_attribute_without_default_is_still_required(handlers_host):
    before = digest(handlers_host)
    result = run(handlers_host, section='system.webServer/handlers',
                 collection={'items': [{'name': 'NoPath', 'verb': '*'}], 'position': 'first'})
    assert result.get('failed') is True and 'path' in result['msg'], result
    assert digest(handlers_host) == before


# -- the two full IIS 10 shapes ------------------------------------------------------------------

@pytest.mark.parametrize('shape', ['default-role-minimal', 'servercore-full-features'])
def test_full_shapes_php_handler_and_pool(full_shape, shape):
    root = full_shape(shape, with_schema=True)
    refused = run(root, section='system.webServer/handlers', collection={'items': [PHP]})
    assert refused.get('failed') is True and 'StaticFile' in refused['msg'], refused
    args = dict(section='system.webServer/handlers', collection={'items': [PHP], 'position': 'first'})
    result = run(root, **args)
    assert result['changed'] is True, result
    assert run(root, **args)['changed'] is False
    pool = dict(section='system.applicationHost/applicationPools', collection={'items': [POOL]},
                allow_plaintext_secrets=True)
    result = run(root, diff=True, **pool)
    assert result['changed'] is True and 'S3cret!pw' not in repr(result), result
    assert run(root, **pool)['changed'] is False
    fastcgi = dict(section='system.webServer/fastCgi', collection={'items': [{'fullPath': 'C:\\php\\php-cgi.exe'}]})
    result = run(root, **fastcgi)
    assert result.get('failed') is not True, result
    assert run(root, **fastcgi)['changed'] is False
