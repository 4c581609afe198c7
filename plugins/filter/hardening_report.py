# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turn the registered results of the hardening role's controls into a compliance report.

Why a filter: the role registers one result per control task (often a loop of results); turning
that into "control, expected, effective, where it comes from, pass/fail" is data shaping that is
unreadable in Jinja and easy to test in Python.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

# Documentation of the filters of this file: hardening_report.yml, hardening_preconditions.yml,
# hardening_fleet.yml and hardening_junit.yml beside it (one per filter, as ansible-doc reads them).

import datetime
import json
import os
import re
from xml.etree import ElementTree

STATUSES = ('pass', 'fail', 'fixed', 'error', 'skipped')

#: Kept in a report's run history (newest last): enough for an audit trail, bounded so the JSON
#: file cannot grow without limit on a host hardened every night.
HISTORY_LIMIT = 50

#: The order IIS writes the sslFlags flags in (their bit values ascending, as the schema lists them).
SSL_FLAG_ORDER = ('Ssl', 'SslNegotiateCert', 'SslRequireCert', 'SslMapCert', 'Ssl128')


# -- values --------------------------------------------------------------------------------------
def _text(value):
    """One spelling for every value in the report, the one IIS writes: booleans ``true`` /
    ``false``, numbers as digits, nothing as ''. Without it the YAML side of a row says ``False``
    and the configuration side ``false`` for the same setting."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if value is None:
        return ''
    if isinstance(value, (list, tuple)):
        return ','.join(_text(v) for v in value)
    return str(value)


def _now_utc():
    return datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


def collection_version(root=None):
    """The version of the installed collection, read when the report is built: MANIFEST.json in
    an installed collection (what ansible-galaxy writes), galaxy.yml in a source checkout. A
    version typed into the role would go stale at the next release; a report must name the code
    that produced it."""
    root = root or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    manifest = os.path.join(root, 'MANIFEST.json')
    if os.path.isfile(manifest):
        with open(manifest, 'rb') as handle:
            info = json.loads(handle.read().decode('utf-8')).get('collection_info') or {}
        if info.get('version'):
            return str(info['version'])
    galaxy = os.path.join(root, 'galaxy.yml')
    if os.path.isfile(galaxy):
        with open(galaxy, 'rb') as handle:
            for line in handle.read().decode('utf-8').splitlines():
                match = re.match(r'''^version:\s*['"]?([^'"\s#]+)''', line)
                if match:
                    return match.group(1)
    return 'unknown'


# -- preconditions -------------------------------------------------------------------------------
def _parse_binding(binding):
    """``ip:port:host`` (the ip may be a bracketed IPv6 address) -> dict."""
    info = str(binding.get('binding_information') or '')
    parts = info.rsplit(':', 2)
    if len(parts) != 3:
        return None
    ip, port, host = parts
    try:
        port = int(port)
    except ValueError:
        return None
    return {'protocol': str(binding.get('protocol') or '').lower(), 'ip': ip or '*', 'port': port,
            'host_name': host, 'binding_information': info}


def _https_bindings(site):
    out = []
    for binding in site.get('bindings') or []:
        parsed = _parse_binding(binding)
        if parsed and parsed['protocol'] == 'https':
            out.append(parsed)
    return out


def _bindings_text(site):
    return ', '.join('%s %s' % (b.get('protocol'), b.get('binding_information')) for b in site.get('bindings') or []) \
        or 'none'


def _enabled_modules(info, location):
    """Names of the native and managed modules effective at a location, as iis_info reports them."""
    where = (info.get('server') or {}) if location == '' else (info.get('locations') or {}).get(location)
    if where is None:
        return None
    return set(m.get('name') for m in where.get('modules') or [])


def _tls_check(entry, site, offline):
    """Whether requiring TLS on ``site`` keeps it serving, and the binding to pass on.

    ``sslFlags=Ssl`` on a site nothing reaches over https refuses every request (403.4), and
    iis_ssl_client_cert adds the https binding it is told about (443 by default) when the site
    lacks it: with no certificate bound in http.sys that binding accepts no TLS handshake. So the
    role only runs the control where the site already serves https on the binding in question,
    or where the entry names the certificate to bind on a Windows host."""
    https = _https_bindings(site)
    wanted = entry.get('binding') or {}
    if wanted:
        port = int(wanted.get('port') or 443)
        ip = wanted.get('ip') or '*'
        host = wanted.get('host_name') or ''
        match = [b for b in https if b['port'] == port and b['ip'] == ip and b['host_name'].lower() == host.lower()]
        if match:
            return dict(entry), None
        if wanted.get('certificate_thumbprint') and not offline and wanted.get('manage', True):
            return dict(entry), None
        where = '%s:%s:%s' % (ip, port, host)
        if wanted.get('certificate_thumbprint'):
            return None, ('no https binding %s, and the certificate %s can only be bound in http.sys on a running '
                          'Windows host: requiring TLS here would leave the site with a binding that completes no TLS '
                          'handshake' % (where, wanted.get('certificate_thumbprint')))
        return None, ('no https binding %s (bindings: %s) and no binding.certificate_thumbprint to create it with: '
                      'requiring TLS would refuse every request' % (where, _bindings_text(site)))
    if not https:
        return None, ('no https binding (bindings: %s): requiring TLS would refuse every request; add an https '
                      'binding with its certificate first' % _bindings_text(site))
    first = https[0]
    out = dict(entry)
    out['binding'] = {'port': first['port'], 'ip': first['ip'], 'host_name': first['host_name']}
    return out, None


def _hsts_check(site, redirect):
    """HSTS is only meaningful on a site that serves https, and IIS's ``redirectHttpToHttps``
    sends http clients to https on port 443 whatever port the site's https binding uses."""
    https = _https_bindings(site)
    if not https:
        return 'no https binding (bindings: %s): HSTS would be sent on no response%s' % (
            _bindings_text(site), ', and the http-to-https redirect would send every client to a port nothing serves'
            if redirect else '')
    if redirect and not [b for b in https if b['port'] == 443]:
        return ('serves https only on port %s: the HSTS http-to-https redirect (redirectHttpToHttps) sends clients '
                'to port 443, where this site does not listen; set iis_site_hardening_hsts_redirect_http_to_https '
                'to false for HSTS without the redirect' % ', '.join(sorted(set(str(b['port']) for b in https))))
    return None


def _site_defaults_redirect(site_defaults_hsts, by_name):
    """The reason ``siteDefaults/hsts`` is unsafe here, or None: ``redirectHttpToHttps`` there is
    inherited by every site, and sends the http clients of a site without https on 443 nowhere."""
    attributes = (site_defaults_hsts or {}).get('attributes') or {}
    redirect = attributes.get('redirectHttpToHttps') or {}
    enabled = attributes.get('enabled') or {}
    if _text(redirect.get('value')).lower() != 'true' or _text(enabled.get('value')).lower() != 'true':
        return None
    exposed = sorted(name for name, site in by_name.items() if not [b for b in _https_bindings(site) if b['port'] == 443])
    if not exposed:
        return None
    return ('siteDefaults/hsts has redirectHttpToHttps=true (%s), inherited by %s, which do not serve https on port 443: '
            'their http clients are redirected to a port they do not serve. The role does not change siteDefaults; '
            'set redirectHttpToHttps to false there'
            % (redirect.get('source') or 'applicationHost.config', ', '.join(exposed)))


def hardening_preconditions(info, sites, locations=None, tls_sites=None, hsts=True, hsts_redirect=False,
                            control_modules=None, offline=False, site_defaults_hsts=None):
    """What each site-dependent control may touch, decided per site from iis_info's report.

    Returns ``{'run': {control: [targets]}, 'blocked': {control: [{target, reason}]}, 'sites':
    {site: {https: [...]}}}``: the role loops each control over ``run`` only, and the report
    lists ``blocked`` as ``fail`` with the reason, in audit and enforce mode alike. A site that
    does not meet a control's precondition is left as it is: a control must never take a site
    down to make a report green.
    """
    info = info or {}
    by_name = dict((s.get('name'), s) for s in info.get('sites') or [])
    locations = list(locations if locations is not None else [''] + list(sites or []))
    run = {}
    blocked = {}

    def block(control, target, reason):
        blocked.setdefault(control, []).append({'target': target, 'reason': reason})

    tls_run = []
    for entry in tls_sites or []:
        name = entry.get('site')
        target = '%s%s' % (name, entry.get('application') or '')
        site = by_name.get(name)
        if site is None:
            tls_run.append(dict(entry))  # the module names the missing site in its own error
            continue
        accepted, reason = _tls_check(entry, site, offline)
        if accepted is None:
            block('tls-required', target, reason)
        else:
            tls_run.append(accepted)
    run['tls-required'] = tls_run

    hsts_run = []
    inherited = _site_defaults_redirect(site_defaults_hsts, by_name) if hsts else None
    if inherited:
        block('hsts', '(siteDefaults)', inherited)
    for name in sites or []:
        site = by_name.get(name)
        if not hsts:
            break
        reason = 'site not found' if site is None else _hsts_check(site, hsts_redirect)
        if reason:
            block('hsts', name, reason)
            continue
        enabled = _enabled_modules(info, name)
        missing = [m for m in (control_modules or {}).get('hsts', []) if enabled is not None and m not in enabled]
        if missing:
            block('hsts', name, '%s not enabled at this site: the Strict-Transport-Security header would not be sent'
                  % ', '.join(missing))
            continue
        hsts_run.append(name)
    # The redirect is written in the same per-site <site><hsts> as HSTS, so only where HSTS runs (with the
    # redirect asked for, that means https on 443: IIS redirects there); every other site is left alone.
    redirect_run = list(hsts_run) if hsts and hsts_redirect else []
    for name in (sites or []) if hsts and hsts_redirect else []:
        if name in redirect_run:
            continue
        site = by_name.get(name)
        reason = 'site not found' if site is None else (_hsts_check(site, True) or 'HSTS is not written on this site '
                                                        '(see the hsts control), so neither is its redirect')
        block('hsts-redirect', name, 'not written: ' + reason)
    run['hsts-redirect'] = redirect_run
    run['hsts'] = hsts_run

    for control, modules in (control_modules or {}).items():
        if control in ('hsts', 'tls-required'):
            continue
        targets = []
        for location in locations:
            enabled = _enabled_modules(info, location)
            missing = [m for m in modules if enabled is not None and m not in enabled]
            if missing:
                block(control, location or '(server)',
                      '%s not enabled at %s: the setting would have no effect'
                      % (', '.join(missing), location or 'server level'))
            else:
                targets.append(location)
        run[control] = targets
    return {'run': run, 'blocked': blocked,
            'sites': dict((name, {'https': _https_bindings(site)}) for name, site in by_name.items())}


# -- report --------------------------------------------------------------------------------------
def _results(result):
    if not isinstance(result, dict):
        return []
    if isinstance(result.get('results'), list):
        return [r for r in result['results'] if isinstance(r, dict)]
    return [result]


def _label(item):
    if 'item' not in item:
        return '(server)'  # a task without a loop: the role runs those at server level
    value = item.get('item')
    if isinstance(value, (list, tuple)):
        return ' / '.join(str(v) if v != '' else '(server)' for v in value if not isinstance(v, dict)) or str(value)
    if isinstance(value, dict):
        if value.get('site'):
            return '%s%s' % (value['site'], value.get('application') or '')
        return str(value.get('name') or value)
    if value == '':
        return '(server)'
    return '' if value is None else str(value)


def _loop_values(item):
    """The loop item's parts: location (str) and any per-item settings (dict)."""
    value = item.get('item')
    parts = list(value) if isinstance(value, (list, tuple)) else [value]
    strings = [p for p in parts if isinstance(p, str)]
    dicts = [p for p in parts if isinstance(p, dict)]
    return strings, dicts


def _row(setting, expected, effective, source='', where=''):
    return {'setting': setting, 'expected': _text(expected), 'effective': _text(effective),
            'source': _text(source), 'where': _text(where)}


def _change_rows(item):
    rows = []
    for change in item.get('changes') or []:
        path = '/' + change['path'] if change.get('path') else ''
        if 'attribute' in change:
            rows.append(_row('%s%s@%s' % (change.get('section', ''), path, change['attribute']), change.get('after'),
                             change.get('before'), change.get('before_source') or '', change.get('where')))
        else:
            entry = change.get('entry', '')
            if isinstance(entry, dict):
                entry = ' '.join('%s=%s' % (k, _text(v)) for k, v in entry.items())
            rows.append(_row('%s%s' % (change.get('section', ''), path),
                             ('%s %s' % (change.get('operation'), entry)).strip(),
                             'differs', '', change.get('where')))
    return rows


def _collection_rows(section, name, expected):
    """Rows for collection entries the control wants present (``items``) or absent (``remove``)."""
    rows = []
    found = [i.get('attributes') or {} for i in (section.get('collection') or {}).get('items') or []]
    for want in expected.get('items') or []:
        key = list(want)[0]
        match = [f for f in found if str(f.get(key, '')).lower() == _text(want[key]).lower()]
        for attr, value in list(want.items())[1:]:
            rows.append(_row('%s[%s=%s]@%s' % (name, key, _text(want[key]), attr), value,
                             match[0].get(attr) if match else '(no entry)', '', section.get('location', '')))
    for want in expected.get('remove') or []:
        key = list(want)[0]
        match = [f for f in found if str(f.get(key, '')).lower() == _text(want[key]).lower()]
        rows.append(_row('%s[%s=%s]' % (name, key, _text(want[key])), '(no entry)',
                         'present' if match else '(no entry)', '', section.get('location', '')))
    return rows


def _child_rows(item, section, expected):
    """Rows for a child element of the collection entry the loop item names (``<site name=X><hsts>``).

    iis_config reports the entries' own attributes, not their child elements, but it compares the
    child's attributes with what is in effect (the collection's default element and the schema
    defaults included) and found nothing to change: the effective value is the expected one."""
    rows = []
    target = item.get('item')
    entries = [(i.get('attributes') or {}).get('name') for i in (section.get('collection') or {}).get('items') or []]
    if not isinstance(target, str) or not expected or target not in entries:
        return rows  # another task of the control (another section), or the entry was not found
    for child, attributes in expected.items():
        for attr, value in (attributes or {}).items():
            rows.append(_row("%s/[name='%s']/%s@%s" % (section.get('section', ''), target, child, attr), value, value,
                             '', section.get('location', '')))
    return rows


def _expected_ssl_flags(entry):
    flags = set()
    if entry.get('require_ssl', True):
        flags.add('Ssl')
    mode = entry.get('client_certificate') or 'ignore'
    if mode in ('accept', 'require'):
        flags.add('SslNegotiateCert')
    if mode == 'require':
        flags.add('SslRequireCert')
    if entry.get('ssl128'):
        flags.add('Ssl128')
    return ','.join(f for f in SSL_FLAG_ORDER if f in flags) or 'None'


def _state_rows(item, control):
    """Expected and effective values where the task changed nothing (or, in audit mode, where
    the module reports the state it read): what the role asked for, what the module found."""
    expected = control.get('expected') or {}
    strings, dicts = _loop_values(item)
    section = item.get('section')
    if isinstance(section, dict):
        name = '%s%s' % (section.get('section', ''), '/' + section['element'] if section.get('element') else '')
        attributes = section.get('attributes') or {}
        wanted = dict(expected.get('attributes') or {})
        for d in dicts:
            wanted.update(d.get('attributes') or {})
        rows = []
        for attr, value in wanted.items():
            current = attributes.get(attr) or {}
            rows.append(_row('%s@%s' % (name, attr), value, current.get('value'), current.get('source', ''),
                             section.get('location', '')))
        rows += _collection_rows(section, name, expected.get('collection') or {})
        rows += _child_rows(item, section, expected.get('child') or {})
        if expected.get('override_mode'):
            rows.append(_row('%s overrideMode' % name, expected['override_mode'], section.get('override_mode'),
                             section.get('override_mode_reason', ''), section.get('location', '')))
        return rows
    if isinstance(item.get('pool'), dict):
        pool = item['pool']
        return [_row("system.applicationHost/applicationPools/[name='%s']@managedPipelineMode" % pool.get('name'),
                     expected.get('pipeline_mode', 'Integrated'), pool.get('managedPipelineMode'),
                     (pool.get('sources') or {}).get('managedPipelineMode', ''), '')]
    if 'installed' in item and 'enabled' in item:
        name = strings[-1] if strings else _label(item)
        want = expected.get('module_state', 'absent')
        return [_row('system.webServer/modules/%s' % name, 'uninstalled' if want == 'uninstalled' else 'disabled',
                     ('enabled' if item.get('enabled') else 'disabled') + ('' if item.get('installed') else
                                                                           ', not installed'),
                     '', strings[0] if len(strings) > 1 else '')]
    if isinstance(item.get('effective'), list):
        entry = dicts[0] if dicts else (item.get('item') if isinstance(item.get('item'), dict) else {})
        rows = []
        binding = item.get('binding') or {}
        if binding:
            rows.append(_row('system.applicationHost/sites/[name=\'%s\']/bindings https' % entry.get('site', ''),
                             'https %s' % binding.get('binding_information', ''),
                             'https %s' % binding.get('binding_information', ''), '', ''))
        for eff in item['effective']:
            flags = eff.get('ssl_flags') or {}
            rows.append(_row('system.webServer/security/access@sslFlags', _expected_ssl_flags(entry),
                             flags.get('value'), flags.get('source', ''), eff.get('location', '')))
        return rows
    return []


def _status(item, mode):
    if item.get('skipped'):
        return 'skipped'
    if 'plan' not in item and item.get('msg') and not item.get('changed'):
        return 'error'
    if item.get('failed'):
        return 'error'
    if item.get('changed'):
        return 'fail' if mode == 'audit' else 'fixed'
    return 'pass'


def _worst(statuses):
    for status in ('error', 'fail', 'fixed', 'pass'):
        if status in statuses:
            return status
    return 'skipped'


def _fixes(controls):
    out = []
    for control in controls:
        for item in control['items']:
            if item['status'] != 'fixed':
                continue
            for row in item['values'] or [{}]:
                out.append({'control': control['id'], 'target': item['target'], 'setting': row.get('setting', ''),
                            'before': row.get('effective', ''), 'after': row.get('expected', ''),
                            'where': row.get('where', '')})
    return out


def hardening_report(catalog, mode='enforce', host='', generated=None, benchmarks=None, scope=None, previous=None,
                     collection=None):
    """The compliance report of one host. ``previous`` is the report this host's last run
    wrote (or None): its run history is carried over, so run 1's fixes stay on record after
    run 2 finds nothing left to fix."""
    generated = generated or _now_utc()
    controls = []
    summary = dict((s, 0) for s in STATUSES)
    summary['tasks'] = 0
    for control in catalog or []:
        items = []
        for item in _results(control.get('result')):
            status = _status(item, mode)
            if status != 'skipped':
                summary['tasks'] += 1
            values = _change_rows(item) or _state_rows(item, control)
            items.append({
                'target': _label(item),
                'status': status,
                'values': values,
                'plan': list(item.get('plan') or []),
                'error': item.get('msg') if status == 'error' else None,
                'reason': None,
                'warnings': list(item.get('warnings') or []),
            })
        if control.get('blocked'):
            items = [i for i in items if i['status'] != 'skipped']
        for block in control.get('blocked') or []:
            items.append({'target': block.get('target', ''), 'status': 'fail', 'values': [], 'plan': [],
                          'error': None, 'reason': block.get('reason', ''), 'warnings': []})
        status = _worst(set(i['status'] for i in items)) if items else 'skipped'
        summary[status] += 1
        controls.append({
            'id': control.get('id'), 'title': control.get('title'), 'area': control.get('area'),
            'cis': control.get('cis') or '', 'stig': control.get('stig') or '', 'status': status, 'items': items,
            'errors': [i['error'] for i in items if i['error']],
            'reasons': [i['reason'] for i in items if i['reason']],
        })
    history = [run for run in ((previous or {}).get('history') or []) if isinstance(run, dict)]
    history.append({'generated': generated, 'mode': mode, 'summary': dict(summary), 'fixes': _fixes(controls)})
    return {
        'host': host, 'mode': mode, 'generated': generated,
        'collection': {'name': 'webadmin.iis', 'version': collection or collection_version()},
        'benchmarks': list(benchmarks or []),
        'scope': dict(scope or {}),
        'summary': summary, 'controls': controls,
        'history': history[-HISTORY_LIMIT:],
    }


# -- fleet and JUnit -----------------------------------------------------------------------------
def hardening_fleet(reports, generated=None):
    """One page for all hosts of the play: per host its summary, per control the status on
    each host, and the totals."""
    reports = [r for r in reports or [] if isinstance(r, dict) and r.get('controls') is not None]
    totals = dict((s, 0) for s in STATUSES)
    hosts = []
    controls = {}
    order = []
    for report in reports:
        summary = report.get('summary') or {}
        for s in STATUSES:
            totals[s] += int(summary.get(s) or 0)
        hosts.append({'host': report.get('host'), 'mode': report.get('mode'), 'generated': report.get('generated'),
                      'summary': dict(summary),
                      'failed_targets': sum(1 for c in report['controls'] for i in c['items']
                                            if i['status'] in ('fail', 'error'))})
        for control in report['controls']:
            if control['id'] not in controls:
                order.append(control['id'])
                controls[control['id']] = {'id': control['id'], 'title': control.get('title'),
                                           'cis': control.get('cis', ''), 'stig': control.get('stig', ''),
                                           'hosts': {}}
            controls[control['id']]['hosts'][report.get('host')] = control['status']
    first = reports[0] if reports else {}
    return {'generated': generated or _now_utc(), 'collection': first.get('collection') or
            {'name': 'webadmin.iis', 'version': collection_version()},
            'benchmarks': first.get('benchmarks') or [], 'hosts': hosts, 'totals': totals,
            'controls': [controls[c] for c in order]}


def _testsuite(parent, report):
    items = [(c, i) for c in report.get('controls') or [] for i in c['items']]
    suite = ElementTree.SubElement(parent, 'testsuite', {
        'name': 'webadmin.iis.iis_site_hardening %s' % report.get('host', ''),
        'tests': str(len(items)),
        'failures': str(sum(1 for _c, i in items if i['status'] == 'fail')),
        'errors': str(sum(1 for _c, i in items if i['status'] == 'error')),
        'skipped': str(sum(1 for _c, i in items if i['status'] == 'skipped')),
        'timestamp': str(report.get('generated', '')).rstrip('Z'),
        'hostname': str(report.get('host', '')),
    })
    props = ElementTree.SubElement(suite, 'properties')
    collection = report.get('collection') or {}
    values = [('mode', report.get('mode', '')),
              ('collection', '%s %s' % (collection.get('name', ''), collection.get('version', '')))]
    values += [('benchmark', '%s %s' % (b.get('name', ''), b.get('version', ''))) for b in report.get('benchmarks') or []]
    for name, value in values:
        ElementTree.SubElement(props, 'property', {'name': name, 'value': _text(value)})
    for control, item in items:
        case = ElementTree.SubElement(suite, 'testcase', {
            'classname': '%s.%s' % (report.get('host', ''), control['id']),
            'name': '%s: %s' % (control['id'], item['target'] or '(server)'),
        })
        detail = '\n'.join('%s: expected %s, effective %s%s' % (v['setting'], v['expected'], v['effective'],
                                                                ' (%s)' % v['source'] if v.get('source') else '')
                           for v in item['values'])
        if item['status'] == 'fail':
            message = item['reason'] or ('would change' if report.get('mode') == 'audit' else 'not compliant')
            node = ElementTree.SubElement(case, 'failure', {'message': message, 'type': control['id']})
            node.text = detail or message
        elif item['status'] == 'error':
            node = ElementTree.SubElement(case, 'error', {'message': _text(item['error']), 'type': control['id']})
            node.text = _text(item['error'])
        elif item['status'] == 'skipped':
            ElementTree.SubElement(case, 'skipped')
        elif detail:
            out = ElementTree.SubElement(case, 'system-out')
            out.text = ('fixed:\n' if item['status'] == 'fixed' else '') + detail
    return suite


def hardening_junit(reports):
    """JUnit XML for CI systems and scanners: one testsuite per host, one testcase per control
    and target; ``fail`` is a failure (with the reason or the expected/effective values),
    ``error`` an error, a fix in enforce mode a passing case whose output lists what changed."""
    if isinstance(reports, dict):
        reports = [reports]
    root = ElementTree.Element('testsuites', {'name': 'webadmin.iis.iis_site_hardening'})
    suites = [_testsuite(root, r) for r in reports or [] if isinstance(r, dict)]
    for attr in ('tests', 'failures', 'errors', 'skipped'):
        root.set(attr, str(sum(int(s.get(attr)) for s in suites)))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding='unicode') + '\n'


class FilterModule(object):
    def filters(self):
        return {'hardening_report': hardening_report, 'hardening_preconditions': hardening_preconditions,
                'hardening_fleet': hardening_fleet, 'hardening_junit': hardening_junit}
