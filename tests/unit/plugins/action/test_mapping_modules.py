# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_ssl_client_cert: a certificate mapping whose module cannot run is an error.

``iisClientCertificateMappingAuthentication`` is implemented by the native
IISCertificateMappingAuthenticationModule (Windows feature Web-Cert-Auth),
``clientCertificateMappingAuthentication`` by CertificateMappingAuthenticationModule
(Web-Client-Auth). The module runs at a path only when it is in globalModules AND in the
effective modules list there. Copies of the example host with those entries taken out.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import re

import pytest

from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action

APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
SITE = 'Default Web Site'
MODULES = {'iis': 'IISCertificateMappingAuthenticationModule', 'active_directory': 'CertificateMappingAuthenticationModule'}
FEATURES = {'iis': 'Web-Cert-Auth', 'active_directory': 'Web-Client-Auth'}
IMAGES = {'iis': r'%windir%\System32\inetsrv\authmap.dll', 'active_directory': r'%windir%\System32\inetsrv\authcert.dll'}


def digest(root):
    return dict((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(root.rglob('*')) if p.is_file())


def edit_apphost(root, *patterns):
    """Remove every line of applicationHost.config matching one of ``patterns``."""
    path = root / APPHOST
    text = path.read_bytes().decode('utf-8-sig')
    for pattern in patterns:
        text, count = re.subn(r'[ \t]*%s[^\n]*\n' % pattern, '', text)
        assert count, pattern
    path.write_bytes(text.encode('utf-8'))


def uninstall(root, mapping):
    """The server as it is without the Windows feature: neither in globalModules nor in modules."""
    edit_apphost(root, re.escape('<add name="%s" ' % MODULES[mapping]))


def ssl(root, mapping, **extra):
    return run_action('iis_ssl_client_cert', root, site=SITE, mapping=mapping, **extra)


@pytest.mark.parametrize('mapping', ['iis', 'active_directory'])
def test_mapping_without_its_module_fails_and_writes_nothing(example_host, mapping):
    uninstall(example_host, mapping)
    before = digest(example_host)
    result = ssl(example_host, mapping)
    assert result.get('failed') is True, result
    assert MODULES[mapping] in result['msg'] and FEATURES[mapping] in result['msg']
    assert 'not installed' in result['msg'] and 'globalModules' in result['msg']
    assert result['mapping_module']['name'] == MODULES[mapping]
    assert result['mapping_module']['installed'] is False
    assert digest(example_host) == before
    # the other mapping does not need this module: disabling it (mapping=none) works
    assert not ssl(example_host, 'none').get('failed')


def test_installed_but_not_enabled_is_reported_distinctly(example_host):
    edit_apphost(example_host, re.escape('<add name="IISCertificateMappingAuthenticationModule" lockItem'))
    result = ssl(example_host, 'iis', check=True)
    assert result.get('failed') is True
    assert 'installed but not enabled' in result['msg'] and "'Default Web Site'" in result['msg']
    assert 'iis_module' in result['msg']
    assert result['mapping_module']['installed'] is True and result['mapping_module']['enabled'] is False


def test_removed_in_a_web_config_names_that_file(example_host):
    # unlocked entry, then a <remove> in the site's web.config (modules is delegated on this host)
    path = example_host / APPHOST
    path.write_bytes(path.read_bytes().replace(b'<add name="IISCertificateMappingAuthenticationModule" lockItem="true" />',
                                               b'<add name="IISCertificateMappingAuthenticationModule" />'))
    web = example_host / 'inetpub' / 'wwwroot' / 'web.config'
    text = web.read_bytes()
    assert b'<system.webServer>' in text
    web.write_bytes(text.replace(b'<system.webServer>', b'<system.webServer><modules><remove name="IISCertificateMappingAuthenticationModule" /></modules>', 1))
    result = ssl(example_host, 'iis')
    assert result.get('failed') is True
    assert '<remove name="IISCertificateMappingAuthenticationModule">' in result['msg'] and 'wwwroot' in result['msg']


def test_mapping_section_not_declared_is_reported(example_host):
    edit_apphost(example_host, re.escape('<section name="iisClientCertificateMappingAuthentication"'))
    result = ssl(example_host, 'iis')
    assert result.get('failed') is True
    assert 'configSections' in result['msg'] and 'Web-Cert-Auth' in result['msg']


@pytest.mark.parametrize('mapping', ['iis', 'active_directory'])
def test_same_play_installs_the_module_first(example_host, mapping):
    """Task 1 (iis_module) writes the module into the file; task 2 then sees it installed."""
    uninstall(example_host, mapping)
    first = run_action('iis_module', example_host, name=MODULES[mapping], image=IMAGES[mapping], state='present')
    assert first['changed'] is True and not first.get('failed'), first.get('msg')
    second = ssl(example_host, mapping)
    assert not second.get('failed'), second.get('msg')
    assert second['changed'] is True
    again = ssl(example_host, mapping)
    assert again['changed'] is False and not again.get('failed')


def test_installed_and_enabled_is_no_error(example_host):
    result = ssl(example_host, 'iis')
    assert not result.get('failed'), result.get('msg')


def test_sub_application_that_takes_the_module_away_is_a_warning(example_host):
    path = example_host / APPHOST
    path.write_bytes(path.read_bytes().replace(b'<add name="IISCertificateMappingAuthenticationModule" lockItem="true" />',
                                               b'<add name="IISCertificateMappingAuthenticationModule" />'))
    web = example_host / 'inetpub' / 'legacy' / 'web.config'
    web.write_bytes(web.read_bytes().replace(b'</configuration>', b'<system.webServer><modules>'
                                             b'<remove name="IISCertificateMappingAuthenticationModule" /></modules>'
                                             b'</system.webServer>\n</configuration>'))
    result = ssl(example_host, 'iis')
    assert not result.get('failed'), result.get('msg')
    assert any('Default Web Site/legacy' in w and 'not enabled' in w for w in result['warnings'])
