# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Site bindings through the iis_ssl_client_cert action plugin on small offline hosts of our own:
IIS's identity (spelling does not matter), the SNI bit kept unless asked, conflicts across sites,
and hostile binding values refused with nothing written."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

import pytest
from lxml import etree

from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action

APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
SITE = 'Default Web Site'
STOCK = b'<binding protocol="http" bindingInformation="*:80:" />'
THUMB = 'F0794FB4D45C4B3DC01C690BC4B92682977DD359'
OTHER_SITE = (b'<site name="Payments" id="7"><application path="/" applicationPool="DefaultAppPool">'
              b'<virtualDirectory path="/" physicalPath="%%SystemDrive%%\\inetpub\\wwwroot" /></application>'
              b'<bindings>%s</bindings></site>')


def run(root, **args):
    return run_action('iis_ssl_client_cert', root, **args)


def digest(root):
    return dict((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(root.rglob('*')) if p.is_file())


def set_bindings(root, bindings, other_site=None):
    """Replace the example site's bindings with ``bindings`` (XML text); optionally add a site
    'Payments' with ``other_site`` bindings."""
    path = root / APPHOST
    data = path.read_bytes()
    assert STOCK in data
    data = data.replace(STOCK, bindings.encode('utf-8'))
    if other_site is not None:
        data = data.replace(b'<siteDefaults>', OTHER_SITE % other_site.encode('utf-8') + b'<siteDefaults>', 1)
    path.write_bytes(data)


def site_bindings(root, site=SITE):
    tree = etree.fromstring((root / APPHOST).read_bytes())
    return [dict(b.attrib) for b in tree.xpath('//site[@name=$s]/bindings/binding', s=site)]


def ok(result):
    assert result.get('failed') is not True, result
    return result


# -- 1. identity ----------------------------------------------------------------------------------
@pytest.mark.parametrize('existing, binding', [
    (':8085:PaymentStatus', dict(port=8085, host_name='paymentstatus')),
    ('*:8085:PAYMENTSTATUS', dict(port=8085, ip='', host_name='PaymentStatus')),
    ('[0:0::1]:443:', dict(ip='::1')),
    ('[::1]:443:', dict(ip='[0::1]')),
    ('10.0.0.5:443:', dict(ip='10.0.0.5')),
])
def test_existing_binding_is_recognised_whatever_its_spelling(example_host, existing, binding):
    set_bindings(example_host, STOCK.decode() + '<binding protocol="https" bindingInformation="%s" />' % existing)
    first = ok(run(example_host, site=SITE, binding=binding))
    assert site_bindings(example_host) == [{'protocol': 'http', 'bindingInformation': '*:80:'},
                                           {'protocol': 'https', 'bindingInformation': existing}]
    assert first['binding']['binding_information'] == existing
    again = ok(run(example_host, site=SITE, binding=binding))
    assert again['changed'] is False and again['plan'] == []


def test_protocol_spelling_is_not_a_new_binding(example_host):
    set_bindings(example_host, '<binding protocol="HTTPS" bindingInformation="*:443:" />')
    ok(run(example_host, site=SITE))
    assert site_bindings(example_host) == [{'protocol': 'HTTPS', 'bindingInformation': '*:443:'}]
    assert ok(run(example_host, site=SITE))['changed'] is False


# -- 2. SNI -----------------------------------------------------------------------------------------
def test_sni_of_an_existing_binding_is_kept_unless_asked(example_host):
    set_bindings(example_host, '<binding protocol="https" bindingInformation="*:443:www.example.com" sslFlags="0" />')
    result = ok(run(example_host, site=SITE, binding=dict(host_name='www.example.com', certificate_thumbprint=THUMB)))
    assert site_bindings(example_host)[0]['sslFlags'] == '0'
    # still keyed by ip:port in http.sys, as the binding says
    assert result['http_sys']['ipport'] == '0.0.0.0:443' and 'hostnameport' not in result['http_sys']
    assert result['binding']['sni'] is False
    assert ok(run(example_host, site=SITE, binding=dict(host_name='www.example.com')))['changed'] is False
    # asked for: set, other bits untouched
    sni = ok(run(example_host, site=SITE, binding=dict(host_name='www.example.com', sni=True, certificate_thumbprint=THUMB)))
    assert sni['changed'] is True and site_bindings(example_host)[0]['sslFlags'] == '1'
    assert sni['http_sys']['hostnameport'] == 'www.example.com:443'
    assert ok(run(example_host, site=SITE, binding=dict(host_name='www.example.com')))['changed'] is False


def test_sni_false_clears_only_the_sni_bit(example_host):
    set_bindings(example_host, '<binding protocol="https" bindingInformation="*:443:a.example.com" sslFlags="33" />')
    ok(run(example_host, site=SITE, binding=dict(host_name='a.example.com', sni=False)))
    assert site_bindings(example_host)[0]['sslFlags'] == '32'


def test_new_binding_with_host_name_is_not_sni_unless_asked(example_host):
    result = ok(run(example_host, site=SITE, binding=dict(host_name='Portal.Example.com')))
    assert {'protocol': 'https', 'bindingInformation': '*:443:portal.example.com'} in site_bindings(example_host)
    assert result['binding']['sni'] is False and result['http_sys']['ipport'] == '0.0.0.0:443'
    assert any('without SNI' in w for w in result.get('warnings', []))


def test_new_binding_with_sni_true(example_host):
    result = ok(run(example_host, site=SITE, binding=dict(host_name='portal.example.com', sni=True)))
    assert {'protocol': 'https', 'bindingInformation': '*:443:portal.example.com', 'sslFlags': '1'} in site_bindings(example_host)
    assert result['http_sys']['hostnameport'] == 'portal.example.com:443'


def test_unmanaged_binding_still_decides_the_http_sys_endpoint(example_host):
    set_bindings(example_host, '<binding protocol="https" bindingInformation="*:443:a.example.com" sslFlags="1" />')
    result = ok(run(example_host, site=SITE, binding=dict(manage=False, host_name='A.example.com')))
    assert result['http_sys']['hostnameport'] == 'a.example.com:443'


# -- 3. conflicts ---------------------------------------------------------------------------------------
@pytest.mark.parametrize('other', [
    '<binding protocol="https" bindingInformation=":443:" />',
    '<binding protocol="HTTPS" bindingInformation="*:443:" />',
    '<binding protocol="http" bindingInformation="*:443:" />',
])
def test_binding_owned_by_another_site_is_refused_and_nothing_written(example_host, other):
    set_bindings(example_host, STOCK.decode(), other_site=other)
    before = digest(example_host)
    result = run(example_host, site=SITE)
    assert result.get('failed') is True
    assert "'Payments'" in result['msg'] and etree.fromstring(other.encode()).get('bindingInformation') in result['msg']
    assert digest(example_host) == before


@pytest.mark.parametrize('other', [
    '<binding protocol="https" bindingInformation="10.0.0.5:443:" />',   # specific IP vs *: http.sys routes both
    '<binding protocol="https" bindingInformation="*:443:other.example.com" />',
    '<binding protocol="https" bindingInformation="*:8443:" />',
    '<binding protocol="net.tcp" bindingInformation="443:*" />',
])
def test_bindings_that_do_not_share_an_endpoint_are_no_conflict(example_host, other):
    set_bindings(example_host, STOCK.decode(), other_site=other)
    ok(run(example_host, site=SITE))
    assert {'protocol': 'https', 'bindingInformation': '*:443:'} in site_bindings(example_host)


def test_http_on_the_same_endpoint_of_the_same_site_is_a_conflict(example_host):
    set_bindings(example_host, '<binding protocol="http" bindingInformation="*:443:" />')
    before = digest(example_host)
    result = run(example_host, site=SITE)
    assert result.get('failed') is True and 'http binding *:443:' in result['msg']
    assert digest(example_host) == before


# -- 4. hostile values ------------------------------------------------------------------------------------
@pytest.mark.parametrize('binding, option', [
    (dict(ip='fe80::1%x]:80:evil.example.com'), 'binding.ip'),
    (dict(ip='fe80::1%"x y"'), 'binding.ip'),
    (dict(ip='[fe80::1%eth0]'), 'binding.ip'),
    (dict(ip='10.0.0.5\n'), 'binding.ip'),
    (dict(ip=' 10.0.0.5'), 'binding.ip'),
    (dict(ip='[10.0.0.5]'), 'binding.ip'),
    (dict(ip='10.0.0.5]:80:x'), 'binding.ip'),
    (dict(ip='10.0.0.5:80'), 'binding.ip'),
    (dict(ip='::1]'), 'binding.ip'),
    (dict(host_name='evil.example.com]:443:'), 'binding.host_name'),
    (dict(host_name='a b.example.com'), 'binding.host_name'),
    (dict(host_name='www.example.com\n'), 'binding.host_name'),
    (dict(host_name='www.example.com/x'), 'binding.host_name'),
    (dict(host_name='x"y.example.com'), 'binding.host_name'),
    (dict(host_name='-a.example.com'), 'binding.host_name'),
    (dict(host_name='*.'), 'binding.host_name'),
    (dict(host_name='a.*.example.com'), 'binding.host_name'),
    (dict(port=0), 'binding.port'),
    (dict(port=65536), 'binding.port'),
    (dict(certificate_thumbprint=THUMB + '\n'), 'binding.certificate_thumbprint'),
    (dict(certificate_thumbprint=THUMB, certificate_store='My\n'), 'binding.certificate_store'),
    (dict(certificate_thumbprint=THUMB, certificate_store='My" & calc'), 'binding.certificate_store'),
])
@pytest.mark.parametrize('manage', [True, False])
def test_hostile_binding_values_are_refused_and_nothing_is_written(example_host, binding, option, manage):
    before = digest(example_host)
    result = run(example_host, site=SITE, binding=dict(binding, manage=manage))
    assert result.get('failed') is True, result
    assert option in result['msg']
    assert digest(example_host) == before


def test_wildcard_host_name_is_accepted(example_host):
    ok(run(example_host, site=SITE, binding=dict(host_name='*.Example.com')))
    assert {'protocol': 'https', 'bindingInformation': '*:443:*.example.com'} in site_bindings(example_host)


def test_sni_without_host_name_is_refused(example_host):
    before = digest(example_host)
    result = run(example_host, site=SITE, binding=dict(sni=True))
    assert result.get('failed') is True and 'binding.sni' in result['msg'] and 'binding.host_name' in result['msg']
    assert digest(example_host) == before
