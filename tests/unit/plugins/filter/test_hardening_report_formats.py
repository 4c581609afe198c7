# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hardening_report and its companions: per-site preconditions, value casing, run history,
fleet summary and JUnit XML (parsed back with a real XML parser)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from lxml import etree

from ansible_collections.webadmin.iis.plugins.filter import hardening_report as hr

INFO = {
    'server': {'modules': [{'name': 'RequestFilteringModule'}, {'name': 'ProtocolSupportModule'}]},
    'locations': {
        'Secure': {'modules': [{'name': 'RequestFilteringModule'}, {'name': 'ProtocolSupportModule'}]},
        'Plain': {'modules': [{'name': 'ProtocolSupportModule'}]},
        'V6': {'modules': []},
    },
    'sites': [
        {'name': 'Secure', 'bindings': [{'protocol': 'http', 'binding_information': '*:80:'},
                                        {'protocol': 'https', 'binding_information': '*:443:'}]},
        {'name': 'Plain', 'bindings': [{'protocol': 'http', 'binding_information': '*:8080:'}]},
        {'name': 'Alt', 'bindings': [{'protocol': 'HTTPS', 'binding_information': '10.0.0.5:8443:alt.example'}]},
        {'name': 'V6', 'bindings': [{'protocol': 'https', 'binding_information': '[::1]:443:'}]},
    ],
}
SITES = ['Secure', 'Plain', 'Alt', 'V6']
MODULES = {'hsts': ['ProtocolSupportModule'], 'request-limits': ['RequestFilteringModule']}


def checks(**kwargs):
    params = dict(sites=SITES, tls_sites=[], hsts=True, hsts_redirect=False, control_modules=MODULES)
    params.update(kwargs)
    return hr.hardening_preconditions(INFO, **params)


def blocked(result, control):
    return dict((b['target'], b['reason']) for b in result['blocked'].get(control, []))


def test_hsts_only_on_sites_that_serve_https_and_send_headers():
    result = checks()
    assert result['run']['hsts'] == ['Secure', 'Alt']  # Alt: no per-location report, nothing to hold against it
    reasons = blocked(result, 'hsts')
    assert 'no https binding' in reasons['Plain']
    assert 'ProtocolSupportModule' in reasons['V6']  # https on [::1]:443, but nothing sends the header


def test_hsts_redirect_needs_https_on_443():
    result = checks(hsts_redirect=True)
    reasons = blocked(result, 'hsts')
    assert '8443' in reasons['Alt'] and 'port 443' in reasons['Alt']
    assert 'Alt' not in result['run']['hsts'] and 'Secure' in result['run']['hsts']
    # the redirect is written where HSTS runs with it (https on 443), reported with the reason elsewhere
    assert result['run']['hsts-redirect'] == ['Secure']
    redirect = blocked(result, 'hsts-redirect')
    assert 'Secure' not in redirect and '8443' in redirect['Alt'] and 'no https binding' in redirect['Plain']
    assert 'ProtocolSupportModule' in redirect['V6'] or 'HSTS is not written' in redirect['V6']
    without = checks(hsts_redirect=False)
    assert 'Alt' in without['run']['hsts']
    assert without['run']['hsts-redirect'] == [] and not blocked(without, 'hsts-redirect')


def test_tls_uses_the_existing_https_binding_and_never_adds_one_without_a_certificate():
    result = checks(tls_sites=[{'site': 'Secure'}, {'site': 'Plain', 'client_certificate': 'require'}, {'site': 'Alt'},
                               {'site': 'Missing'}])
    run = dict((e['site'], e) for e in result['run']['tls-required'])
    assert run['Alt']['binding'] == {'port': 8443, 'ip': '10.0.0.5', 'host_name': 'alt.example'}
    assert run['Secure']['binding'] == {'port': 443, 'ip': '*', 'host_name': ''}
    assert 'Missing' in run  # the module names the unknown site itself
    assert 'no https binding' in blocked(result, 'tls-required')['Plain']


def test_tls_binding_creation_needs_a_thumbprint_and_a_windows_host():
    entry = {'site': 'Plain', 'binding': {'port': 443, 'certificate_thumbprint': 'AB' * 20}}
    offline = checks(tls_sites=[entry], offline=True)
    assert 'Windows host' in blocked(offline, 'tls-required')['Plain']
    windows = checks(tls_sites=[entry], offline=False)
    assert [e['site'] for e in windows['run']['tls-required']] == ['Plain']
    no_cert = checks(tls_sites=[{'site': 'Secure', 'binding': {'port': 4443}}])
    assert '*:4443:' in blocked(no_cert, 'tls-required')['Secure']


def test_module_dependent_controls_run_only_where_the_module_is_enabled():
    result = checks(locations=['', 'Secure', 'Plain'])
    assert result['run']['request-limits'] == ['', 'Secure']
    assert 'RequestFilteringModule' in blocked(result, 'request-limits')['Plain']


def _catalog(changed=False, blocked_items=None):
    item = {'item': 'Site', 'changed': changed, 'plan': [],
            'section': {'section': 'system.webServer/directoryBrowse', 'location': 'Site',
                        'attributes': {'enabled': {'value': 'false', 'source': 'applicationHost.config'}}}}
    if changed:
        item['changes'] = [{'section': 'system.webServer/directoryBrowse', 'attribute': 'enabled', 'before': 'true',
                            'after': 'false', 'before_source': 'schema default', 'where': 'web.config'}]
    return [
        {'id': 'directory-browsing', 'title': 'Directory <browsing> & "off"', 'cis': '1.3', 'stig': '',
         'expected': {'attributes': {'enabled': False}}, 'result': {'results': [item]}},
        {'id': 'hsts', 'title': 'HSTS', 'cis': '7.1', 'stig': 'V-218827', 'result': {'skipped': True},
         'blocked': blocked_items or []},
    ]


def test_values_are_cased_as_iis_writes_them():
    report = hr.hardening_report(_catalog(), mode='audit', host='h', generated='2026-01-01T00:00:00Z', collection='1.2.3')
    row = report['controls'][0]['items'][0]['values'][0]
    assert row == {'setting': 'system.webServer/directoryBrowse@enabled', 'expected': 'false', 'effective': 'false',
                   'source': 'applicationHost.config', 'where': 'Site'}
    assert hr._text(True) == 'true' and hr._text(0) == '0' and hr._text(None) == ''


def test_blocked_targets_are_fail_with_reason():
    report = hr.hardening_report(_catalog(blocked_items=[{'target': 'Plain', 'reason': 'no https binding'}]),
                                 mode='enforce', host='h', collection='1')
    hsts = report['controls'][1]
    assert hsts['status'] == 'fail' and [(i['target'], i['reason']) for i in hsts['items']] == [('Plain', 'no https binding')]
    assert report['summary']['fail'] == 1


def test_run_history_keeps_earlier_fixes():
    first = hr.hardening_report(_catalog(changed=True), mode='enforce', host='h', generated='2026-01-01T00:00:00Z',
                                collection='1')
    assert first['history'][0]['fixes'] == [{'control': 'directory-browsing', 'target': 'Site',
                                             'setting': 'system.webServer/directoryBrowse@enabled', 'before': 'true',
                                             'after': 'false', 'where': 'web.config'}]
    second = hr.hardening_report(_catalog(), mode='enforce', host='h', generated='2026-01-02T00:00:00Z',
                                 previous=json.loads(json.dumps(first)), collection='1')
    assert [h['generated'] for h in second['history']] == ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z']
    assert second['history'][0]['fixes'] == first['history'][0]['fixes'] and second['history'][1]['fixes'] == []
    many = {'history': [{'generated': str(n), 'fixes': []} for n in range(hr.HISTORY_LIMIT + 5)]}
    assert len(hr.hardening_report(_catalog(), previous=many, collection='1')['history']) == hr.HISTORY_LIMIT


def test_junit_parses_back_one_case_per_control_and_target():
    reports = [
        hr.hardening_report(_catalog(blocked_items=[{'target': 'Plain & <co>', 'reason': 'no "https" binding'}]),
                            mode='audit', host='web1', generated='2026-01-01T00:00:00Z', collection='1.2.3',
                            benchmarks=[{'name': 'CIS Microsoft IIS 10 Benchmark', 'version': 'v1.2.1'}]),
        hr.hardening_report(_catalog(changed=True), mode='audit', host='web2', collection='1.2.3'),
    ]
    root = etree.fromstring(hr.hardening_junit(reports).encode('utf-8'), etree.XMLParser(resolve_entities=False))
    assert root.tag == 'testsuites' and root.get('tests') == '4' and root.get('failures') == '2'
    suites = root.findall('testsuite')
    assert [s.get('hostname') for s in suites] == ['web1', 'web2']
    props = dict((p.get('name'), p.get('value')) for p in suites[0].iter('property'))
    assert props['collection'] == 'webadmin.iis 1.2.3' and props['benchmark'] == 'CIS Microsoft IIS 10 Benchmark v1.2.1'
    cases = suites[0].findall('testcase')
    assert [(c.get('classname'), c.get('name')) for c in cases] == [
        ('web1.directory-browsing', 'directory-browsing: Site'), ('web1.hsts', 'hsts: Plain & <co>')]
    assert cases[1].find('failure').get('message') == 'no "https" binding'
    audit_fail = suites[1].findall('testcase')[0].find('failure')
    assert 'expected false, effective true' in audit_fail.text
    single = etree.fromstring(hr.hardening_junit(reports[0]).encode('utf-8'))
    assert len(single.findall('testsuite')) == 1


def test_fleet_summary_totals_and_per_host_status():
    reports = [hr.hardening_report(_catalog(), mode='audit', host='web1', collection='1'),
               hr.hardening_report(_catalog(blocked_items=[{'target': 'x', 'reason': 'r'}]), mode='audit', host='web2',
                                   collection='1'),
               {'host': 'broken'}]  # a host without a report (failed earlier) is left out
    fleet = hr.hardening_fleet(reports, generated='2026-01-01T00:00:00Z')
    assert [h['host'] for h in fleet['hosts']] == ['web1', 'web2']
    assert fleet['totals']['pass'] == 2 and fleet['totals']['fail'] == 1 and fleet['totals']['skipped'] == 1
    hsts = [c for c in fleet['controls'] if c['id'] == 'hsts'][0]
    assert hsts['hosts'] == {'web1': 'skipped', 'web2': 'fail'}
    assert fleet['hosts'][1]['failed_targets'] == 1


def test_collection_version_is_read_at_run_time(tmp_path):
    (tmp_path / 'galaxy.yml').write_text('namespace: webadmin\nversion: "2.3.4"  # released\n')
    assert hr.collection_version(str(tmp_path)) == '2.3.4'
    (tmp_path / 'MANIFEST.json').write_text(json.dumps({'collection_info': {'version': '2.3.5'}}))
    assert hr.collection_version(str(tmp_path)) == '2.3.5'  # an installed collection has MANIFEST.json
    assert hr.collection_version(str(tmp_path / 'nowhere')) == 'unknown'
    assert hr.collection_version() != 'unknown'


def test_redirect_inherited_from_site_defaults_is_reported():
    hsts = {'attributes': {'enabled': {'value': 'true', 'source': 'applicationHost.config'},
                           'redirectHttpToHttps': {'value': 'true', 'source': 'applicationHost.config'}}}
    reasons = blocked(checks(site_defaults_hsts=hsts), 'hsts')
    assert 'Alt, Plain' in reasons['(siteDefaults)']
    hsts['attributes']['redirectHttpToHttps']['value'] = 'false'
    assert '(siteDefaults)' not in blocked(checks(site_defaults_hsts=hsts), 'hsts')
