# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The iis_site_hardening role through a real ``ansible-playbook`` (connection: local) on small
offline hosts of our own: three sites, one with https on 443, one without https, one with https
on 8443 only. A control that depends on a site's state must leave a site that lacks it
unchanged and report it as ``fail`` with the reason; HSTS is written per site, never at
siteDefaults (which every site inherits)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
EXAMPLE_APPHOST = REPO_ROOT / 'examples' / 'offline-host' / 'Windows' / 'System32' / 'inetsrv' / 'config' / 'applicationHost.config'
APPHOST = ('Windows', 'System32', 'inetsrv', 'config', 'applicationHost.config')

SITES = b'''<sites>
            <site name="Secure" id="1">
                <application path="/" applicationPool="DefaultAppPool">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\secure" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:" />
                    <binding protocol="https" bindingInformation="*:443:" />
                </bindings>
            </site>
            <site name="Plain" id="2">
                <application path="/" applicationPool="DefaultAppPool">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\plain" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:8080:" />
                </bindings>
            </site>
            <site name="Alt" id="3">
                <application path="/" applicationPool="DefaultAppPool">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\alt" />
                </application>
                <bindings>
                    <binding protocol="http" bindingInformation="*:8081:" />
                    <binding protocol="https" bindingInformation="*:8443:" />
                </bindings>
            </site>
            <siteDefaults>
                <logFile logFormat="W3C" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />
            </siteDefaults>
            <applicationDefaults applicationPool="DefaultAppPool" />
            <virtualDirectoryDefaults allowSubDirConfig="true" />
        </sites>'''

PLAYBOOK = '''---
- name: Harden the three-site offline host
  hosts: all
  gather_facts: false
  roles:
    - role: webadmin.iis.iis_site_hardening
'''


def _collections_path(tmp_path: Path) -> str:
    """A directory holding ansible_collections/webadmin/iis: the staged copy's own tree under
    ansible-test, else a symlink to this checkout made outside the repository."""
    if REPO_ROOT.parent.name == 'webadmin' and REPO_ROOT.parents[1].name == 'ansible_collections':
        return str(REPO_ROOT.parents[2])
    base = tmp_path / 'collections'
    link = base / 'ansible_collections' / 'webadmin' / 'iis'
    if not link.is_symlink():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(REPO_ROOT, target_is_directory=True)
    return str(base)


LEGACY_HSTS_HEADER = (b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n    <system.webServer>\r\n'
                      b'        <httpProtocol>\r\n            <customHeaders>\r\n'
                      b'                <add name="Strict-Transport-Security" value="max-age=31536000; includeSubDomains" />\r\n'
                      b'            </customHeaders>\r\n        </httpProtocol>\r\n    </system.webServer>\r\n</configuration>\r\n')


def make_host(root: Path, site_defaults_redirect: bool = False, legacy_header: bool = False) -> Path:
    """A three-site copy of the example host's applicationHost.config (same section
    registrations, modules and defaults), with a directory per site; optionally with the
    siteDefaults HSTS redirect an earlier hardening left behind, or with the
    Strict-Transport-Security custom header an earlier version of the role wrote in Secure's
    web.config (the role now writes IIS's native per-site HSTS and must not leave both)."""
    data = EXAMPLE_APPHOST.read_bytes()
    sites = SITES
    if site_defaults_redirect:
        sites = sites.replace(b'<siteDefaults>', b'<siteDefaults>\n                <hsts enabled="true" redirectHttpToHttps="true" />')
    data = re.sub(rb'<sites>.*?</sites>', lambda _m: sites.replace(b'\n', b'\r\n'), data, flags=re.S)
    data = re.sub(rb'[ \t]*<add name="LegacyPool"[^>]*/>\r?\n', b'', data)
    path = root.joinpath(*APPHOST)
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    for site in ('secure', 'plain', 'alt'):
        root.joinpath('inetpub', site).mkdir(parents=True)
    if legacy_header:
        root.joinpath('inetpub', 'secure', 'web.config').write_bytes(LEGACY_HSTS_HEADER)
    return path


def digest(root: Path) -> dict:
    return dict((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(root.rglob('*')) if p.is_file())


def run_role(tmp_path: Path, host: Path, reports: Path, env_reports: bool = False, **extra) -> subprocess.CompletedProcess:
    playbook = tmp_path / 'site.yml'
    playbook.write_text(PLAYBOOK)
    variables = {
        'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
        'iis_offline_root': str(host),
        'iis_site_hardening_tls_sites': [{'site': 'Secure'}, {'site': 'Plain'}],
        'iis_site_hardening_hsts_redirect_http_to_https': True,
    }
    if not env_reports:
        variables['iis_site_hardening_report_dir'] = str(reports)
    variables.update(extra)
    extra_vars = tmp_path / 'vars.json'
    extra_vars.write_text(json.dumps(variables))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=_collections_path(tmp_path), ANSIBLE_NOCOLOR='1',
               ANSIBLE_SHOW_CUSTOM_STATS='true', ANSIBLE_LOCAL_TEMP=str(tmp_path / 'tmp'),
               ANSIBLE_HOME=str(tmp_path / 'home'))
    env.pop('ANSIBLE_CONFIG', None)
    env.pop('IIS_SITE_HARDENING_REPORT_DIR', None)
    if env_reports:  # what an execution environment does: the report directory is a mounted volume
        env['IIS_SITE_HARDENING_REPORT_DIR'] = str(reports)
    return subprocess.run([sys.executable, '-m', 'ansible.cli.playbook', '-i', 'iis-three-sites,',
                           str(playbook), '-e', '@' + str(extra_vars)],
                          cwd=str(tmp_path), env=env, capture_output=True, text=True, timeout=600, check=False)


def items(report: dict, control: str) -> dict:
    found = [c for c in report['controls'] if c['id'] == control]
    assert found, control
    return dict((i['target'], i) for i in found[0]['items'])


@pytest.fixture(scope='module')
def enforced(tmp_path_factory):
    """Two enforce runs on one three-site host."""
    tmp_path = tmp_path_factory.mktemp('enforce')
    host = tmp_path / 'host'
    apphost = make_host(host, legacy_header=True)
    before = apphost.read_bytes()
    reports = tmp_path / 'reports'
    first = run_role(tmp_path, host, reports)
    assert first.returncode == 0, first.stdout + first.stderr
    report1 = json.loads((reports / 'iis-three-sites-iis-hardening.json').read_text())
    after_first = apphost.read_bytes()
    second = run_role(tmp_path, host, reports)
    assert second.returncode == 0, second.stdout + second.stderr
    report2 = json.loads((reports / 'iis-three-sites-iis-hardening.json').read_text())
    return dict(host=host, apphost=apphost, before=before, after=after_first, first=first, second=second,
                report1=report1, report2=report2, reports=reports)


def _site_element(data: bytes, name: str):
    root = ElementTree.fromstring(data.decode('utf-8-sig'))
    return root.find(".//sites/site[@name='%s']" % name)


def test_sites_without_the_state_keep_their_bindings_and_get_no_tls(enforced):
    for name in ('Plain', 'Alt'):
        before = _site_element(enforced['before'], name)
        after = _site_element(enforced['after'], name)
        assert ElementTree.tostring(before) == ElementTree.tostring(after), name
    text = enforced['after'].decode('utf-8-sig')
    assert '<location path="Plain"' not in text or 'sslFlags' not in text.split('<location path="Plain"')[1].split('</location>')[0]
    assert 'https' not in ElementTree.tostring(_site_element(enforced['after'], 'Plain')).decode()


def test_hsts_is_native_per_site_never_at_site_defaults(enforced):
    """IIS's own <site><hsts> on the site with https on 443, redirect included (asked for);
    nothing under siteDefaults (every site inherits it), nothing on the other two sites."""
    root = ElementTree.fromstring(enforced['after'].decode('utf-8-sig'))
    assert root.find('.//sites/siteDefaults/hsts') is None
    hsts = _site_element(enforced['after'], 'Secure').findall('hsts')
    assert len(hsts) == 1 and hsts[0].attrib == {
        'enabled': 'true', 'max-age': '31536000', 'includeSubDomains': 'true', 'redirectHttpToHttps': 'true'}
    for name in ('Plain', 'Alt'):
        assert _site_element(enforced['after'], name).find('hsts') is None, name
    text = enforced['after'].decode('utf-8-sig')
    assert text.count('<hsts') == 1 and 'Strict-Transport-Security' not in text
    for site in ('plain', 'alt'):
        config = enforced['host'] / 'inetpub' / site / 'web.config'
        assert not config.exists() or 'Strict-Transport-Security' not in config.read_text(encoding='utf-8-sig')


def test_the_custom_header_an_earlier_run_left_is_removed(enforced):
    """Native HSTS plus the old custom header would send browsers two Strict-Transport-Security
    headers: switching to native removes the header from the site's web.config."""
    secure = (enforced['host'] / 'inetpub' / 'secure' / 'web.config').read_bytes()
    assert secure.startswith(b'\xef\xbb\xbf') and b'\r\n' in secure
    assert b'Strict-Transport-Security' not in secure
    assert any(f['control'] == 'hsts' and f['target'] == 'Secure' and 'Strict-Transport-Security' in f['setting'] + f['after']
               for f in enforced['report1']['history'][0]['fixes'])


def test_tls_required_on_the_https_site_only(enforced):
    text = enforced['after'].decode('utf-8-sig')
    secure = text.split('<location path="Secure"')[1].split('</location>')[0]
    assert re.search(r'<access sslFlags="Ssl" />', secure)
    # the existing https binding was used, no second one added
    bindings = _site_element(enforced['after'], 'Secure').findall('bindings/binding')
    assert [(b.get('protocol'), b.get('bindingInformation')) for b in bindings] == [('http', '*:80:'), ('https', '*:443:')]


@pytest.mark.parametrize('report_key', ['report1', 'report2'])
def test_left_alone_sites_are_reported_fail_with_the_reason(enforced, report_key):
    report = enforced[report_key]
    tls = items(report, 'tls-required')
    assert tls['Plain']['status'] == 'fail' and 'no https binding' in tls['Plain']['reason']
    assert tls['Secure']['status'] in ('fixed', 'pass')
    hsts = items(report, 'hsts')
    assert hsts['Plain']['status'] == 'fail' and 'no https binding' in hsts['Plain']['reason']
    assert hsts['Alt']['status'] == 'fail' and '8443' in hsts['Alt']['reason'] and '443' in hsts['Alt']['reason']
    assert hsts['Secure']['status'] == ('fixed' if report_key == 'report1' else 'pass')
    redirect = items(report, 'hsts-redirect')
    assert redirect['Secure']['status'] == ('fixed' if report_key == 'report1' else 'pass')
    assert redirect['Plain']['status'] == 'fail' and 'no https binding' in redirect['Plain']['reason']
    assert redirect['Alt']['status'] == 'fail' and '8443' in redirect['Alt']['reason']
    assert report['summary']['error'] == 0


def test_second_run_changes_nothing_and_keeps_the_first_runs_fixes(enforced):
    assert re.search(r'changed=0\s', enforced['second'].stdout), enforced['second'].stdout[-2000:]
    assert enforced['apphost'].read_bytes() == enforced['after']
    history = enforced['report2']['history']
    assert len(history) == 2
    assert history[0]['generated'] == enforced['report1']['generated']
    assert any(f['control'] == 'hsts' and f['target'] == 'Secure' for f in history[0]['fixes'])
    assert history[1]['fixes'] == []


def test_report_is_evidence(enforced):
    report = enforced['report2']
    assert re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$', report['generated'])
    version = re.search(r'^version:\s*(\S+)', (REPO_ROOT / 'galaxy.yml').read_text(), re.M).group(1)
    assert report['collection'] == {'name': 'webadmin.iis', 'version': version}
    assert {'name': 'CIS Microsoft IIS 10 Benchmark', 'version': 'v1.2.1'} in report['benchmarks']
    assert report['scope']['sites'] == ['Secure', 'Plain', 'Alt']
    html = (enforced['reports'] / 'iis-three-sites-iis-hardening.html').read_text()
    assert report['generated'] in html and 'v1.2.1' in html and 'no https binding' in html
    for control in ('modules', 'pipeline-integrated', 'tls-required', 'hsts', 'logging', 'pool-identity'):
        rows = [v for i in items(report, control).values() if not i['reason'] for v in i['values']]
        assert rows and all(r['setting'] and r['expected'] != '' for r in rows if control != 'anonymous-identity'), control
    junit = ElementTree.parse(str(enforced['reports'] / 'iis-three-sites-iis-hardening.junit.xml')).getroot()
    failures = [c for c in junit.iter('testcase') if c.find('failure') is not None]
    assert {c.get('name') for c in failures} >= {'tls-required: Plain', 'hsts: Plain', 'hsts: Alt'}
    fleet = json.loads((enforced['reports'] / 'iis-hardening-fleet.json').read_text())
    assert [h['host'] for h in fleet['hosts']] == ['iis-three-sites']
    assert (enforced['reports'] / 'iis-hardening-fleet.html').exists()
    assert 'CUSTOM STATS' in enforced['second'].stdout and '"iis-three-sites"' in enforced['second'].stdout


def test_audit_changes_nothing_reports_the_same_and_can_gate(tmp_path):
    host = tmp_path / 'host'
    make_host(host, site_defaults_redirect=True)
    before = digest(host)
    reports = tmp_path / 'reports'
    audit = run_role(tmp_path, host, reports, iis_site_hardening_mode='audit')
    assert audit.returncode == 0, audit.stdout + audit.stderr  # findings, but no gate asked for
    assert digest(host) == before
    report = json.loads((reports / 'iis-three-sites-iis-hardening.json').read_text())
    assert items(report, 'hsts')['Alt']['status'] == 'fail'
    assert items(report, 'tls-required')['Plain']['status'] == 'fail'
    inherited = items(report, 'hsts')['(siteDefaults)']
    assert inherited['status'] == 'fail' and 'Alt, Plain' in inherited['reason']
    # audit reads the effective per-site <hsts>: Secure inherits enabled and the redirect from
    # siteDefaults (the redirect passes), but max-age 0 and no includeSubDomains (HSTS fails)
    assert items(report, 'hsts-redirect')['Secure']['status'] == 'pass'
    secure = [i for i in [c for c in report['controls'] if c['id'] == 'hsts'][0]['items'] if i['target'] == 'Secure']
    assert 'fail' in [i['status'] for i in secure]
    assert any(v['setting'].endswith("[name='Secure']/hsts@max-age") and v['effective'] == '0'
               for i in secure for v in i['values'])
    gated = run_role(tmp_path, host, reports, env_reports=True, iis_site_hardening_mode='audit',
                     iis_site_hardening_fail_on_findings=True)
    assert gated.returncode != 0
    assert 'Fail on findings' in gated.stdout and digest(host) == before
    report = json.loads((reports / 'iis-three-sites-iis-hardening.json').read_text())
    assert len(report['history']) == 2  # the report is written before the gate fails the host


def test_a_schema_without_site_hsts_keeps_the_header_and_reports_the_error(tmp_path):
    """IIS before 10 version 1709 has no <site><hsts>: the native write fails on the host's own
    schema, nothing is written, and the custom header an earlier run left stays (removing it
    would leave the site without HSTS)."""
    from ansible_collections.webadmin.iis.plugins.module_utils.builtin_schema import BUILTIN_SCHEMA_XML
    host = tmp_path / 'host'
    apphost = make_host(host, legacy_header=True)
    schema = re.sub(r'<element name="hsts">.*?</element>', '', BUILTIN_SCHEMA_XML, flags=re.S)
    assert 'name="hsts"' not in schema
    apphost.parent.joinpath('schema').mkdir()
    apphost.parent.joinpath('schema', 'IIS_schema.xml').write_text(schema, encoding='utf-8')
    legacy = host / 'inetpub' / 'secure' / 'web.config'
    reports = tmp_path / 'reports'
    run = run_role(tmp_path, host, reports, iis_site_hardening_hsts_redirect_http_to_https=False,
                   iis_site_hardening_tls_sites=[])
    assert (reports / 'iis-three-sites-iis-hardening.json').exists(), run.stdout[-3000:] + run.stderr[-2000:]
    report = json.loads((reports / 'iis-three-sites-iis-hardening.json').read_text())
    secure = [i for i in [c for c in report['controls'] if c['id'] == 'hsts'][0]['items'] if i['target'] == 'Secure']
    assert [i['status'] for i in secure] == ['error'] and "unknown element 'hsts'" in secure[0]['error'], run.stdout[-3000:]
    assert '<hsts' not in apphost.read_text(encoding='utf-8-sig')
    assert b'<add name="Strict-Transport-Security"' in legacy.read_bytes()


def test_playbooks_for_user_inventories_take_the_hosts_as_a_variable():
    import yaml
    for path in sorted((REPO_ROOT / 'playbooks').glob('*.yml')):
        if path.name == 'demo.yml':
            continue  # the demo is about the bundled example host only
        for play in yaml.safe_load(path.read_text()):
            assert '{{' in str(play.get('hosts', '')), '%s: hosts is hard-wired to %r' % (path.name, play.get('hosts'))
