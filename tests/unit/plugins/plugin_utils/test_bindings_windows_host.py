# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_ssl_client_cert bindings on a (recorded, fake) Windows host: the http.sys endpoint follows
the binding's SNI bit, and hostile binding values stop the task before anything runs."""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from recording_connection import FakeIISHost, RecordingConnection, run_action  # noqa: E402

from ansible_collections.webadmin.iis.plugins.module_utils.offline import TargetError  # noqa: E402
from ansible_collections.webadmin.iis.plugins.plugin_utils.windows_host import HttpSysEndpoint  # noqa: E402

REPO = Path(__file__).resolve().parents[4]
EXAMPLE = REPO / 'examples' / 'offline-host'
APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
THUMB = '0123456789ABCDEF0123456789ABCDEF01234567'
STOCK = b'<binding protocol="http" bindingInformation="*:80:" />'


@pytest.fixture
def host_with(tmp_path):
    def make(bindings_xml):
        root = tmp_path / 'host'
        shutil.copytree(str(EXAMPLE), str(root))
        path = root / APPHOST
        path.write_bytes(path.read_bytes().replace(STOCK, bindings_xml.encode('utf-8')))
        return FakeIISHost.from_directory(str(root))
    return make


def test_existing_non_sni_binding_keeps_its_ipport_certificate(host_with):
    host = host_with('<binding protocol="https" bindingInformation="*:443:WWW.example.com" sslFlags="0" />')
    result = run_action('iis_ssl_client_cert', {'site': 'Default Web Site', 'binding': {
        'host_name': 'www.example.com', 'certificate_thumbprint': THUMB}}, RecordingConnection(host))
    assert not result.get('failed'), result.get('msg')
    assert [argv[:4] for argv in host.netsh_runs] == [['http', 'add', 'sslcert', 'ipport=0.0.0.0:443']]
    assert not any('bindings' in ' '.join(argv) for argv in host.appcmd_runs), host.appcmd_runs


def test_sni_true_binds_the_certificate_by_host_name(host_with):
    host = host_with('<binding protocol="https" bindingInformation="*:443:www.example.com" sslFlags="0" />')
    result = run_action('iis_ssl_client_cert', {'site': 'Default Web Site', 'binding': {
        'host_name': 'www.example.com', 'sni': True, 'certificate_thumbprint': THUMB}}, RecordingConnection(host))
    assert not result.get('failed'), result.get('msg')
    assert [argv[:4] for argv in host.netsh_runs] == [['http', 'add', 'sslcert', 'hostnameport=www.example.com:443']]


@pytest.mark.parametrize('binding', [
    {'ip': 'fe80::1%x]:80:evil.example.com'}, {'ip': 'fe80::1%"a b"'}, {'host_name': 'evil.example.com\n'},
    {'certificate_thumbprint': THUMB + '\n'}, {'certificate_store': 'My\n'},
])
def test_hostile_values_run_nothing_on_the_host(host_with, binding):
    host = host_with(STOCK.decode())
    connection = RecordingConnection(host)
    result = run_action('iis_ssl_client_cert', {'site': 'Default Web Site', 'binding': dict(
        {'certificate_thumbprint': THUMB}, **binding)}, connection)
    assert result.get('failed') is True and 'binding.' in result['msg']
    assert host.netsh_runs == [] and host.appcmd_runs == [] and connection.round_trips == 1


# -- the Windows host uses the same checks ----------------------------------------------------------------
@pytest.mark.parametrize('kwargs', [dict(port=443, ip='fe80::1%x]:80:evil.example.com'), dict(port=443, ip='fe80::1%"x y"'),
                                    dict(port=443, ip='1.2.3.4\n'), dict(port=443, hostname='a.example.com\n'),
                                    dict(port=443, hostname='*.example.com'), dict(port=443, hostname=''),
                                    dict(port=True, ip='*')])
def test_http_sys_endpoint_of_the_windows_host_refuses_hostile_values(kwargs):
    with pytest.raises(TargetError):
        HttpSysEndpoint(**kwargs)


def test_http_sys_endpoint_of_the_windows_host_normalises_like_the_module():
    assert HttpSysEndpoint(443, ip='*').argument() == 'ipport=0.0.0.0:443'
    assert HttpSysEndpoint('443', ip='0:0::1').argument() == 'ipport=[::1]:443'
    assert HttpSysEndpoint(443, hostname='WWW.Example.com').argument() == 'hostnameport=www.example.com:443'
