# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""webadmin.iis.iis_ssl_client_cert: helpers, planning, placement, masking, and a canary run.

The helpers (client_cert.py) are tested on their own; the feature is run through its action
plugin on copies of the offline example host, and every test reads the files back. The last
tests run ansible-playbook -vvv --diff and grep everything it printed or wrote for a canary
password.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lxml import etree

from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action
from ansible_collections.webadmin.iis.plugins.module_utils import appcmd, bindings, client_cert
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError
from ansible_collections.webadmin.iis.plugins.module_utils.schema import SchemaRegistry

APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
SITE = 'Default Web Site'
LEGACY = 'Default Web Site/legacy'
ACCESS = 'system.webServer/security/access'

# Self-signed test certificates made for these tests (openssl req -x509 -newkey ec ...,
# subject O=Contoso, OU=Clients, CN=alice / CN=bob). SHA-1 thumbprints as openssl prints them.
ALICE_PEM = textwrap.dedent('''\
    -----BEGIN CERTIFICATE-----
    MIIBwDCCAWWgAwIBAgIUaDaSyHgBAyZz3K/l1xzEsAsAWTIwCgYIKoZIzj0EAwIw
    NDEQMA4GA1UECgwHQ29udG9zbzEQMA4GA1UECwwHQ2xpZW50czEOMAwGA1UEAwwF
    YWxpY2UwIBcNMjYxMTI1MjI0MzQ5WhgPMjEyNjExMDEyMjQzNDlaMDQxEDAOBgNV
    BAoMB0NvbnRvc28xEDAOBgNVBAsMB0NsaWVudHMxDjAMBgNVBAMMBWFsaWNlMFkw
    EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE6LLRYkL0eooIPs05yRI5qJz8V33M4kx8
    YIyvUsZirXRvqWMIQkLd/bI8zpl/GgR6cfc9BV4rxlSt0gZ5Zr2USKNTMFEwHQYD
    VR0OBBYEFBVpkkmETsOjVUEOfNwO4hrm4MuIMB8GA1UdIwQYMBaAFBVpkkmETsOj
    VUEOfNwO4hrm4MuIMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIh
    ANyj5bvh39dUaxMCsd7sLLxMSKlzFtSGnpu3VZVTaWEZAiEAgK/7kWaK5BmLTPh2
    Bvb7TRor3zK2Wo35SCULopsbyX8=
    -----END CERTIFICATE-----
    ''')
ALICE_THUMBPRINT = 'F0794FB4D45C4B3DC01C690BC4B92682977DD359'
ALICE_ONE_LINE = ''.join(ALICE_PEM.splitlines()[1:-1])

CANARY = 'Canary-7d1f-Pa55w0rd'


def run(root, check=False, diff=False, **args):
    """Run the iis_ssl_client_cert action plugin in-process with these task arguments."""
    return run_action('iis_ssl_client_cert', root, check=check, diff=diff, **args)


def ok(result):
    assert result.get('failed') is not True, result
    return result


def digest(root):
    return dict((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(root.rglob('*')) if p.is_file())


def apphost(root):
    return etree.fromstring((root / APPHOST).read_bytes())


def at(root, path, xpath):
    return apphost(root).xpath('/configuration/location[@path=$p]/' + xpath, p=path)


# -- helpers: sslFlags ----------------------------------------------------------------------------

@pytest.mark.parametrize('a, b', [
    ('Ssl,SslRequireCert', 'SslRequireCert, Ssl'),
    ('ssl, sslnegotiatecert', 'SslNegotiateCert,Ssl'),
    ('None', ''),
])
def test_flag_sets_ignore_order_case_and_spacing(a, b):
    assert client_cert.flag_set(a) == client_cert.flag_set(b)
    schema = SchemaRegistry.builtin().section(ACCESS).attribute('sslFlags')
    assert schema.equals(a or 'None', b or 'None')


@pytest.mark.parametrize('require_ssl, mode, ssl128, expected', [
    (True, 'require', False, 'Ssl,SslNegotiateCert,SslRequireCert'),
    (True, 'accept', False, 'Ssl,SslNegotiateCert'),
    (True, 'ignore', False, 'Ssl'),
    (False, 'ignore', False, 'None'),
    (True, 'require', True, 'Ssl,SslNegotiateCert,SslRequireCert,Ssl128'),
])
def test_desired_ssl_flags_follow_the_iis_manager_page(require_ssl, mode, ssl128, expected):
    assert client_cert.desired_ssl_flags(require_ssl, mode, ssl128) == expected
    assert client_cert.client_certificate_mode(expected) == mode


def test_missing_flags_says_what_makes_a_path_weaker():
    wanted = 'Ssl,SslNegotiateCert,SslRequireCert'
    assert client_cert.missing_flags(wanted, 'SslRequireCert, SslNegotiateCert, Ssl, Ssl128') == []
    assert client_cert.missing_flags(wanted, 'Ssl, SslNegotiateCert') == ['SslRequireCert']
    assert client_cert.missing_flags(wanted, 'None') == ['Ssl', 'SslNegotiateCert', 'SslRequireCert']


# -- helpers: certificates ------------------------------------------------------------------------

def test_pem_and_multiline_base64_become_the_one_line_form_iis_stores():
    assert client_cert.normalize_certificate(ALICE_PEM) == ALICE_ONE_LINE
    wrapped = '\n'.join(ALICE_ONE_LINE[i:i + 64] for i in range(0, len(ALICE_ONE_LINE), 64))
    assert client_cert.normalize_certificate(wrapped + '\n') == ALICE_ONE_LINE
    der = client_cert.certificate_der(ALICE_PEM)
    assert client_cert.certificate_thumbprint(der) == ALICE_THUMBPRINT


@pytest.mark.parametrize('text, message', [
    ('', 'required'),
    ('not base64 at all!', 'base64'),
    (base64.b64encode(b'\x30\x03\x02\x01\x05' * 4).decode(), 'single DER'),
    ('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'only "BEGIN CERTIFICATE"'),
    (ALICE_PEM + ALICE_PEM, '2 certificates'),
    (ALICE_ONE_LINE[:-12], 'not a single DER certificate'),
])
def test_what_is_not_one_certificate_is_refused(text, message):
    with pytest.raises(ConfigError, match=message):
        client_cert.certificate_der(text, 'one_to_one[0].certificate')


# -- helpers: bindings and netsh --------------------------------------------------------------------

def test_binding_information_and_flags():
    assert bindings.binding_information('*', 443, '') == '*:443:'
    assert bindings.binding_information('10.0.0.5', 8443, 'WWW.Example.com') == '10.0.0.5:8443:www.example.com'
    assert bindings.binding_information('::1', 443, '') == '[::1]:443:'
    # the SNI bit follows the host name; other bits (32 = no TLS 1.3 over TCP) are kept
    assert bindings.binding_ssl_flags('32', True) == 33
    assert bindings.binding_ssl_flags('33', False) == 32
    for bad in [('*', 0, ''), ('300.1.1.1', 443, ''), ('*', 443, 'bad host'), ('*', 443, 'a:b')]:
        with pytest.raises(ConfigError):
            bindings.binding_information(*bad)


def test_netsh_command_is_built_from_validated_parts_and_round_trips():
    argv = bindings.netsh_sslcert_argv('*', 443, '', ALICE_THUMBPRINT.lower(), 'WebHosting', True)
    assert argv == ['netsh', 'http', 'add', 'sslcert', 'ipport=0.0.0.0:443', 'certhash=' + ALICE_THUMBPRINT,
                    'appid={4dc3e181-e14b-4a21-b022-59fc669b0914}', 'certstorename=WebHosting',
                    'clientcertnegotiation=enable']
    line = bindings.netsh_command(argv)
    assert appcmd.split_windows_args(line) == argv
    sni = bindings.netsh_sslcert_argv('*', 443, 'portal.example.com', ALICE_THUMBPRINT, 'My', False)
    assert 'hostnameport=portal.example.com:443' in sni and sni[-1] == 'clientcertnegotiation=disable'


@pytest.mark.parametrize('thumbprint', [
    ALICE_THUMBPRINT[:-1], ALICE_THUMBPRINT + '0', 'F0 79 4F B4 D4 5C 4B 3D C0 1C 69 0B C4 B9 26 82 97 7D D3 59',
    u'\u200e' + ALICE_THUMBPRINT, ALICE_THUMBPRINT[:-1] + 'G', ALICE_THUMBPRINT[:39] + '"', None])
def test_thumbprint_must_be_exactly_40_hex_digits(thumbprint):
    with pytest.raises(ConfigError, match='40 hexadecimal digits'):
        bindings.check_thumbprint(thumbprint)


@pytest.mark.parametrize('store', ['My" & calc', 'My Store', '', 'My\\..\\x', '1My', 'M' * 65])
def test_store_name_is_strict(store):
    with pytest.raises(ConfigError, match='certificate store name'):
        bindings.check_store_name(store)


# -- planning on the example host -------------------------------------------------------------------

def test_site_level_plan_places_every_security_setting_in_applicationhost_location(example_host):
    result = ok(run(example_host, site=SITE))
    assert result['changed'] is True
    assert result['files'] == [r'%windir%\System32\inetsrv\config\applicationHost.config']
    assert at(example_host, SITE, 'system.webServer/security/access/@sslFlags') == ['Ssl,SslNegotiateCert,SslRequireCert']
    root = apphost(example_host)
    assert root.xpath("//site[@name=$s]/bindings/binding[@protocol='https']/@bindingInformation", s=SITE) == ['*:443:']
    assert root.xpath("//site[@name=$s]/application[@path='/']/@enabledProtocols", s=SITE) == ['http,https']
    # the site's web.config was not touched: access is locked for web.config on this host
    assert '<access' not in (example_host / 'inetpub/wwwroot/web.config').read_text()
    assert any('/commit:apphost' in c and 'sslFlags:Ssl,SslNegotiateCert,SslRequireCert' in c for c in result['commands'])
    assert result['http_sys']['applicable'] is False and result['http_sys']['command'] is None
    again = ok(run(example_host, site='default web site'))
    assert again['changed'] is False and again['plan'] == []


def test_application_scope_goes_to_its_own_location_and_existing_order_of_flags_is_accepted(example_host):
    ok(run(example_host, site=SITE, application='/legacy', client_certificate='accept', binding={'manage': False}))
    assert at(example_host, LEGACY, 'system.webServer/security/access/@sslFlags') == ['Ssl,SslNegotiateCert']
    assert at(example_host, SITE, 'system.webServer/security/access') == []
    assert apphost(example_host).xpath("//binding[@protocol='https']") == []
    # written by hand in another order and spacing: still the same flags, no change
    path = example_host / APPHOST
    path.write_bytes(path.read_bytes().replace(b'sslFlags="Ssl,SslNegotiateCert"', b'sslFlags="SslNegotiateCert, Ssl"'))
    again = ok(run(example_host, site=SITE, application='/legacy', client_certificate='accept', binding={'manage': False}))
    assert again['changed'] is False


def test_check_mode_writes_nothing_and_diff_shows_the_location(example_host):
    before = digest(example_host)
    result = ok(run(example_host, check=True, diff=True, site=SITE, anonymous_authentication=False, mapping='active_directory'))
    assert result['changed'] is True and digest(example_host) == before
    after = result['diff'][0]['after']
    assert '<clientCertificateMappingAuthentication enabled="true" />' in after
    assert '<anonymousAuthentication enabled="false" />' in after
    assert result['effective'][0]['active_directory_mapping']['enabled'] is True


def test_one_to_one_mapping_is_stored_in_iis_form_and_recognised_when_written_differently(example_host):
    args = dict(site=SITE, mapping='iis', allow_plaintext_secrets=True,
                one_to_one=[{'certificate': ALICE_PEM, 'user_name': 'CONTOSO\\alice', 'password': CANARY}])
    result = ok(run(example_host, **args))
    assert at(example_host, SITE, '*/*/*/iisClientCertificateMappingAuthentication/oneToOneMappings/add/@certificate') == [ALICE_ONE_LINE]
    entry = result['effective'][0]['iis_mapping']['one_to_one'][0]
    assert entry['certificate_thumbprint'] == ALICE_THUMBPRINT and entry['password'] == '********'
    # an administrator re-wrapped the stored certificate: same certificate, so no second entry
    path = example_host / APPHOST
    path.write_bytes(path.read_bytes().replace(ALICE_ONE_LINE.encode(), (ALICE_ONE_LINE[:64] + ' ' + ALICE_ONE_LINE[64:]).encode()))
    rerun = dict(args)
    rerun['one_to_one'] = [dict(args['one_to_one'][0], certificate=ALICE_ONE_LINE)]
    again = ok(run(example_host, **rerun))
    assert again['changed'] is False
    assert len(at(example_host, SITE, '*/*/*/iisClientCertificateMappingAuthentication/oneToOneMappings/add')) == 1


def test_many_to_one_rules_are_exact_and_exclusive_removes_unlisted_mappings(example_host):
    rule = {'certificate_field': 'subject', 'certificate_sub_field': 'O', 'match_criteria': 'Contoso'}
    base = dict(site=SITE, mapping='iis', allow_plaintext_secrets=True)
    ok(run(example_host, many_to_one=[{'name': 'a', 'user_name': 'u', 'rules': [rule, dict(rule, certificate_sub_field='OU')]},
                                      {'name': 'b', 'permission': 'deny'}], **base))
    result = ok(run(example_host, many_to_one=[{'name': 'a', 'user_name': 'u', 'rules': [rule]}], exclusive_mappings=True, **base))
    assert result['changed'] is True
    mappings = at(example_host, SITE, '*/*/*/iisClientCertificateMappingAuthentication/manyToOneMappings/add')
    assert [m.get('name') for m in mappings] == ['a']
    assert [r.get('certificateSubField') for r in mappings[0].findall('rules/add')] == ['O']


def test_update_password_on_create_never_compares_an_encrypted_password(example_host):
    args = dict(site=SITE, mapping='iis', allow_plaintext_secrets=True,
                many_to_one=[{'name': 'm', 'user_name': 'u', 'password': CANARY}])
    ok(run(example_host, **args))
    path = example_host / APPHOST
    path.write_bytes(path.read_bytes().replace(CANARY.encode(), b'[enc:IISCngProvider:c2VjcmV0:enc]'))
    assert ok(run(example_host, **args))['changed'] is False
    always = ok(run(example_host, check=True, update_password='always', **args))
    assert always['changed'] is True
    assert always['plan'] == [p for p in always['plan'] if CANARY not in p]
    assert any('password="********"' in p for p in always['plan'])


def test_passwords_are_refused_in_clear_text_unless_allowed_and_masked_everywhere(example_host):
    args = dict(site=SITE, mapping='iis',
                one_to_one=[{'certificate': ALICE_PEM, 'user_name': 'CONTOSO\\alice', 'password': CANARY}],
                many_to_one=[{'name': 'm', 'user_name': 'u', 'password': CANARY + '2',
                              'rules': [{'certificate_field': 'issuer', 'certificate_sub_field': 'CN', 'match_criteria': 'CA'}]}])
    before = digest(example_host)
    refused = run(example_host, diff=True, **args)
    assert refused['failed'] is True and 'allow_plaintext_secrets' in refused['msg']
    assert digest(example_host) == before
    assert CANARY not in json.dumps(refused)
    allowed = ok(run(example_host, diff=True, allow_plaintext_secrets=True, **args))
    assert CANARY not in json.dumps(allowed)
    assert any('clear text' in w for w in allowed['warnings'])
    assert CANARY in (example_host / APPHOST).read_text() and CANARY + '2' in (example_host / APPHOST).read_text()


# -- sub-applications ---------------------------------------------------------------------------------

def _weaken_legacy(root):
    """<location path="Default Web Site/legacy"> with sslFlags None and anonymous back on."""
    path = root / APPHOST
    text = path.read_text()
    override = ('    <location path="Default Web Site/legacy">\n        <system.webServer>\n            <security>\n'
                '                <access sslFlags="None" />\n                <authentication>\n'
                '                    <anonymousAuthentication enabled="true" userName="IUSR" />\n'
                '                </authentication>\n            </security>\n        </system.webServer>\n    </location>\n')
    path.write_text(text.replace('</configuration>', override + '</configuration>'))


def test_weaker_children_are_reported_then_fixed_without_losing_other_settings(example_host):
    args = dict(site=SITE, anonymous_authentication=False)
    ok(run(example_host, **args))
    _weaken_legacy(example_host)
    report = ok(run(example_host, **args))
    assert report['changed'] is False
    [child] = report['weaker_children']
    assert child['location'] == LEGACY and child['fixed'] is False and len(child['reasons']) == 2
    assert any(LEGACY in w for w in report['warnings'])
    fixed = ok(run(example_host, enforce_children=True, **args))
    assert fixed['changed'] is True and fixed['weaker_children'][0]['fixed'] is True
    # the access override is gone whole; anonymousAuthentication keeps its userName, loses enabled
    assert at(example_host, LEGACY, 'system.webServer/security/access') == []
    anonymous = at(example_host, LEGACY, 'system.webServer/security/authentication/anonymousAuthentication')
    assert [dict(a.attrib) for a in anonymous] == [{'userName': 'IUSR'}]
    legacy = [e for e in fixed['effective'] if e['location'] == LEGACY][0]
    assert legacy['client_certificate'] == 'require' and legacy['anonymous_authentication']['enabled'] is False
    assert ok(run(example_host, enforce_children=True, **args))['changed'] is False


def test_lock_children_refuses_when_a_web_config_below_defines_the_section(example_host):
    path = example_host / APPHOST
    path.write_text(path.read_text().replace('<section name="access" overrideModeDefault="Deny" />',
                                             '<section name="access" overrideModeDefault="Allow" />'))
    legacy = example_host / 'inetpub/legacy/web.config'
    stronger = ('    <system.webServer><security><access sslFlags="Ssl,SslNegotiateCert,SslRequireCert,Ssl128" />'
                '</security></system.webServer>\n</configuration>')
    legacy.write_text(legacy.read_text().replace('</configuration>', stronger))
    assert '<access' in legacy.read_text()
    result = run(example_host, site=SITE, enforce_children=True, lock_children=True)
    assert result['failed'] is True and '500.19' in result['msg'] and 'legacy' in result['msg']
    assert run(example_host, site=SITE, lock_children=True)['msg'].startswith('lock_children=true needs enforce_children')


# -- a real ansible-playbook run: the canary must not appear anywhere --------------------------------

def _collections_path():
    """Directory holding ansible_collections/webadmin/iis for this checkout or ansible-test copy."""
    import ansible_collections.webadmin.iis as collection
    here = Path(collection.__path__[0]).resolve()
    if here.parent.parent.name == 'ansible_collections':
        return str(here.parent.parent.parent)
    from ansible_collections.webadmin.iis.tests.unit.conftest import _collections_dir  # pragma: no cover
    return str(_collections_dir())  # pragma: no cover


PLAYBOOK = '''
- hosts: localhost
  gather_facts: false
  tasks:
    - name: client certificates with secrets
      webadmin.iis.iis_ssl_client_cert:
        offline_root: "{{ root }}"
        site: Default Web Site
        mapping: iis
        anonymous_authentication: false
        allow_plaintext_secrets: "{{ allow }}"
        one_to_one:
          - certificate: "{{ cert }}"
            user_name: CONTOSO\\alice
            password: "{{ canary }}-one"
        many_to_one:
          - name: Contoso
            user_name: CONTOSO\\svc
            password: "{{ canary }}-many"
            rules:
              - {certificate_field: subject, certificate_sub_field: O, match_criteria: Contoso}
      register: r
      ignore_errors: true
    - name: result as JSON
      ansible.builtin.copy:
        content: "{{ r | to_nice_json }}"
        dest: "{{ result_file }}"
        mode: "0600"
'''


def _playbook(tmp_path, root, allow):
    playbook = tmp_path / 'canary.yml'
    playbook.write_text(PLAYBOOK)
    result_file = tmp_path / ('result-%s.json' % allow)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=_collections_path(), ANSIBLE_NOCOLOR='1',
               ANSIBLE_LOCAL_TEMP=str(tmp_path / 'tmp'), ANSIBLE_HOME=str(tmp_path / 'home'))
    extra = json.dumps({'root': str(root), 'allow': allow, 'cert': ALICE_PEM, 'canary': CANARY,
                        'result_file': str(result_file), 'ansible_python_interpreter': sys.executable})
    proc = subprocess.run([sys.executable, '-m', 'ansible.cli.playbook', '-i', 'localhost,', '-c', 'local', '-vvv', '--diff',
                           '-e', extra, str(playbook)], env=env, capture_output=True, text=True, timeout=300, check=False)
    return proc, json.loads(result_file.read_text())


@pytest.mark.parametrize('allow', [False, True])
def test_canary_password_never_appears_in_playbook_output_results_or_diffs(tmp_path, example_host, allow):
    proc, result = _playbook(tmp_path, example_host, allow)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'client certificates with secrets' in proc.stdout
    for text in (proc.stdout, proc.stderr, json.dumps(result)):
        assert CANARY not in text
    written = (example_host / APPHOST).read_text()
    if allow:
        assert result['changed'] is True and '--- before' in proc.stdout  # the diff was printed, masked
        assert CANARY + '-one' in written and CANARY + '-many' in written
    else:
        assert result['failed'] is True and 'allow_plaintext_secrets' in result['msg']
        assert CANARY not in written
