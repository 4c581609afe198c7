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

DOCUMENTATION = r'''
name: hardening_report
short_description: Build the compliance report of the iis_site_hardening role
version_added: 0.1.0
description:
  - Takes the role's control catalog (each control with the registered result of its task) and returns a report
    with a status per control (pass, fail, fixed, error, skipped), the expected and effective values with the file
    and location each effective value comes from, and a summary.
author:
  - webadmin.iis contributors
positional: _input
options:
  _input:
    description: The control catalog, a list of dicts with id, title, area, cis, stig and result.
    type: list
    elements: dict
    required: true
  mode:
    description: The role's mode; in V(audit) a change that would be made is a failure, in V(enforce) it is a fix.
    type: str
    choices: [audit, enforce]
    default: enforce
  host:
    description: Host name shown in the report.
    type: str
    default: ''
'''

EXAMPLES = r'''
- name: Build the report
  ansible.builtin.set_fact:
    report: "{{ catalog | webadmin.iis.hardening_report(mode='audit', host=inventory_hostname) }}"
'''

RETURN = r'''
_value:
  description: The report, with keys host, mode, summary (pass, fail, fixed, error, skipped, tasks) and controls.
  type: dict
'''

STATUSES = ('pass', 'fail', 'fixed', 'error', 'skipped')


def _results(result):
    if not isinstance(result, dict):
        return []
    if isinstance(result.get('results'), list):
        return [r for r in result['results'] if isinstance(r, dict)]
    return [result]


def _label(item):
    value = item.get('item')
    if isinstance(value, (list, tuple)):
        return ' / '.join(str(v) if v != '' else '(server)' for v in value if not isinstance(v, dict)) or str(value)
    if isinstance(value, dict):
        return str(value.get('site') or value.get('name') or value)
    if value == '':
        return '(server)'
    return '' if value is None else str(value)


def _expected_effective(item):
    """Expected values from the task's arguments, effective ones (and their source) from the
    result: before the change where a change was planned, as found where nothing changed."""
    rows = []
    for change in item.get('changes') or []:
        if 'attribute' in change:
            rows.append({'setting': '%s%s@%s' % (change['section'], '/' + change['path'] if change.get('path') else '',
                                                 change['attribute']),
                         'expected': change.get('after'), 'effective': change.get('before'),
                         'source': change.get('before_source') or '', 'where': change.get('where')})
        else:
            rows.append({'setting': '%s%s' % (change['section'], '/' + change['path'] if change.get('path') else ''),
                         'expected': '%s %s' % (change.get('operation'), change.get('entry', '')),
                         'effective': 'differs', 'source': '', 'where': change.get('where')})
    if rows:
        return rows
    args = (item.get('invocation') or {}).get('module_args') or {}
    section = item.get('section') or {}
    attributes = section.get('attributes') or {}
    for name, value in (args.get('attributes') or {}).items():
        current = attributes.get(name) or {}
        rows.append({'setting': '%s%s@%s' % (section.get('section', args.get('section', '')),
                                             '/' + section['element'] if section.get('element') else '', name),
                     'expected': value, 'effective': current.get('value'), 'source': current.get('source', ''),
                     'where': section.get('location', '')})
    return rows


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


def hardening_report(catalog, mode='enforce', host=''):
    controls = []
    summary = dict((s, 0) for s in STATUSES)
    summary['tasks'] = 0
    for control in catalog or []:
        items = []
        for item in _results(control.get('result')):
            status = _status(item, mode)
            if status != 'skipped':
                summary['tasks'] += 1
            items.append({
                'target': _label(item),
                'status': status,
                'values': _expected_effective(item),
                'plan': list(item.get('plan') or []),
                'error': item.get('msg') if status == 'error' else None,
                'warnings': list(item.get('warnings') or []),
            })
        status = _worst(set(i['status'] for i in items)) if items else 'skipped'
        summary[status] += 1
        controls.append({
            'id': control.get('id'), 'title': control.get('title'), 'area': control.get('area'),
            'cis': control.get('cis') or '', 'stig': control.get('stig') or '', 'status': status, 'items': items,
            'errors': [i['error'] for i in items if i['error']],
        })
    return {'host': host, 'mode': mode, 'summary': summary, 'controls': controls}


class FilterModule(object):
    def filters(self):
        return {'hardening_report': hardening_report}
