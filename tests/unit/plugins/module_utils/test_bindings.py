# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils/bindings.py: parsing, formatting, identity, validation, conflicts, http.sys
endpoints; iis_info reports conflicts. (The Windows host's HttpSysEndpoint, which uses the same checks, is
tested in plugins/plugin_utils/test_bindings_windows_host.py.)"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webadmin.iis.plugins.module_utils import bindings
from ansible_collections.webadmin.iis.plugins.module_utils.bindings import BindingInfo
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.features import iis_info
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

THUMB = 'F0794FB4D45C4B3DC01C690BC4B92682977DD359'


# -- parsing and identity -------------------------------------------------------------------------------
@pytest.mark.parametrize('text, expected', [
    ('*:443:', BindingInfo('*', 443, '')),
    (':8085:PaymentStatus', BindingInfo('*', 8085, 'paymentstatus')),
    ('192.168.0.1:80:www.contoso.com', BindingInfo('192.168.0.1', 80, 'www.contoso.com')),
    ('[0:0::1]:443:', BindingInfo('[::1]', 443, '')),
    ('[2001:DB8::5]:8443:A.example.com', BindingInfo('[2001:db8::5]', 8443, 'a.example.com')),
    ('*:80:*.Example.com', BindingInfo('*', 80, '*.example.com')),
])
def test_parse_binding_information(text, expected):
    assert bindings.parse_binding_information(text) == expected


@pytest.mark.parametrize('text', [
    '', '*', '*:443', '443:*', '*:0:', '*:65536:', '*:44x:', '*:443:a:b', '[fe80::1%x]:80:evil.example.com]:443:',
    '[::1:443:', '[::1]443:', '::1:443:', '[10.0.0.1]:443:', '*:443:a b', '*:443:a/b', '*: 443:', '*:443:a\n',
    '300.1.1.1:443:', '*:+443:', None])
def test_unreadable_binding_information_is_refused(text):
    with pytest.raises(ConfigError, match='bindingInformation'):
        bindings.parse_binding_information(text)


def test_identity_is_iis_not_textual():
    assert bindings.same_binding('https', ':8085:PaymentStatus', 'HTTPS', '*:8085:paymentstatus')
    assert bindings.same_binding('https', '[0::1]:443:', 'https', '[::1]:443:')
    assert not bindings.same_binding('http', '*:443:', 'https', '*:443:')
    assert not bindings.same_binding('https', '10.0.0.5:443:', 'https', '*:443:')
    # other protocols: compared as text
    assert bindings.identity('net.tcp', '808:*') == ('net.tcp', '808:*')
    assert bindings.try_parse('net.pipe', '*') is None and bindings.try_parse('https', 'garbage') is None


def test_format_and_validation_name_the_option():
    assert bindings.binding_information('', 443, '') == '*:443:'
    assert bindings.binding_information('::1', 443, 'WWW.Example.com') == '[::1]:443:www.example.com'
    assert bindings.binding_information('[2001:db8:0::1]', 80, '') == '[2001:db8::1]:80:'
    for kwargs, option in [(dict(ip='fe80::1%x]:80:evil.example.com'), 'site.ip'),
                           (dict(ip='fe80::1%"a b"'), 'site.ip'), (dict(ip='1.2.3.4\n'), 'site.ip'),
                           (dict(host_name='a.example.com\n'), 'site.host_name'), (dict(host_name='a:b'), 'site.host_name'),
                           (dict(port=True), 'site.port'), (dict(port='443'), 'site.port')]:
        args = dict(dict(ip='*', port=443, host_name=''), **kwargs)
        with pytest.raises(ConfigError, match=option.replace('.', r'\.')):
            bindings.binding_info(args['ip'], args['port'], args['host_name'], option='site')


def test_thumbprint_and_store_need_a_full_match():
    assert bindings.check_thumbprint(THUMB.lower()) == THUMB
    for bad in (THUMB + '\n', THUMB + '\r\n', '\n' + THUMB):
        with pytest.raises(ConfigError, match='binding.certificate_thumbprint'):
            bindings.check_thumbprint(bad)
    for bad in ('My\n', 'My\r', 'My '):
        with pytest.raises(ConfigError, match='binding.certificate_store'):
            bindings.check_store_name(bad)


def test_ssl_flags_change_only_when_asked():
    assert bindings.binding_ssl_flags('0', None) == 0
    assert bindings.binding_ssl_flags('33', None) == 33
    assert bindings.binding_ssl_flags('32', True) == 33
    assert bindings.binding_ssl_flags('35', False) == 34
    assert bindings.binding_ssl_flags(None, None) == 0
    with pytest.raises(ConfigError):
        bindings.binding_ssl_flags('Sni', None)


def test_http_sys_endpoint_follows_the_sni_bit():
    assert bindings.http_sys_endpoint('*', 443, 'www.example.com', sni=False) == ('ipport', '0.0.0.0:443')
    assert bindings.http_sys_endpoint('*', 443, 'WWW.example.com', sni=True) == ('hostnameport', 'www.example.com:443')
    assert bindings.http_sys_endpoint('::1', 443, '', sni=True) == ('ipport', '[::1]:443')
    argv = bindings.netsh_sslcert_argv('10.0.0.5', 443, 'a.example.com', THUMB, 'My', True, sni=False)
    assert argv[4] == 'ipport=10.0.0.5:443'


# -- conflicts --------------------------------------------------------------------------------------------
SITE_XML = ('<site name="{0}" id="{1}"><application path="/"><virtualDirectory path="/" physicalPath="C:\\s{1}" />'
            '</application><bindings>{2}</bindings></site>')


def apphost(*sites):
    body = ''.join(SITE_XML.format(name, i + 1, ''.join('<binding protocol="%s" bindingInformation="%s" />' % b for b in bs))
                   for i, (name, bs) in enumerate(sites))
    return ('<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration><system.applicationHost><applicationPools>'
            '<add name="DefaultAppPool" /></applicationPools><sites>%s</sites></system.applicationHost>'
            '<system.webServer /></configuration>\r\n' % body).encode('utf-8')


CONFLICTING = apphost(('A', [('https', '*:443:'), ('http', '*:80:Shop.example.com')]),
                      ('B', [('https', ':443:'), ('https', '10.0.0.5:443:')]),
                      ('C', [('http', '*:80:shop.EXAMPLE.com'), ('net.tcp', '808:*')]),
                      ('D', [('net.tcp', '808:*'), ('https', '*:99999:')]),
                      ('E', [('http', '*:8080:')]))


def test_server_conflicts_group_bindings_by_endpoint(offline_host):
    manager = ServerManager(OfflineHost(str(offline_host(CONFLICTING))))
    found = bindings.server_conflicts(manager.sites())
    assert [(c['family'], c['endpoint'], [(b['site'], b['binding_information']) for b in c['bindings']]) for c in found] == [
        ('http', '*:443:', [('A', '*:443:'), ('B', ':443:')]),
        ('http', '*:80:shop.example.com', [('A', '*:80:Shop.example.com'), ('C', '*:80:shop.EXAMPLE.com')]),
        ('invalid', '*:99999:', [('D', '*:99999:')]),
    ]
    site_a = manager.site('A')
    assert [b.identity for b in site_a.bindings] == [('https', '*', 443, ''), ('http', '*', 80, 'shop.example.com')]
    assert bindings.conflicts_with(manager.sites(), 'E', 'https', BindingInfo('*', 443, '')) == [
        ('A', 'https', '*:443:'), ('B', 'https', ':443:')]
    assert bindings.conflicts_with(manager.sites(), 'E', 'https', BindingInfo('10.0.0.6', 443, '')) == []
    with pytest.raises(ConfigError, match=r"https binding :443: of site 'B'"):
        bindings.check_no_conflict(manager.sites(), 'E', 'https', BindingInfo('*', 443, ''))


def test_iis_info_lists_conflicts_and_warns(offline_host):
    root = offline_host(CONFLICTING)
    plan = Plan(ServerManager(OfflineHost(str(root))))
    result = iis_info.desired_state(plan, dict(location=None, sections=[]))
    assert [c['endpoint'] for c in result['binding_conflicts']] == ['*:443:', '*:80:shop.example.com', '*:99999:']
    assert any('binding conflict on *:443:' in w and 'site B' in w for w in plan.warnings)
    plan = Plan(ServerManager(OfflineHost(str(root))))
    only_c = iis_info.desired_state(plan, dict(location='C', sections=[]))
    assert [c['endpoint'] for c in only_c['binding_conflicts']] == ['*:80:shop.example.com']
    plan = Plan(ServerManager(OfflineHost(str(root))))
    assert iis_info.desired_state(plan, dict(location='E', sections=[]))['binding_conflicts'] == []


def test_a_host_header_written_by_hand_is_still_read_as_one():
    # appcmd accepts an underscore; IIS serves it. Reading is lenient, writing (options) is strict.
    assert bindings.parse_binding_information('*:80:My_Site.local') == BindingInfo('*', 80, 'my_site.local')
    with pytest.raises(ConfigError, match='binding.host_name'):
        bindings.check_host_name('my_site.local')
