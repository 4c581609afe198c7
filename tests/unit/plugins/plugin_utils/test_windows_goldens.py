# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Golden recordings of what the controller sends to a Windows host, for every module and
backend and for the two failure paths of the apply script (rollback after a failed appcmd
command, refusal because a file changed since it was read). The first ones (iis_config,
iis_pipeline_mode, http.sys, iis_info, the assembly read) live in test_windows_host.py and
test_assembly_round_trip.py; this file adds the rest. Regenerate after an intended change:

    WEBADMIN_IIS_REGEN_GOLDEN=1 .venv/bin/python -m pytest -p no:cacheprovider tests/unit/plugins/plugin_utils -k golden

and review the diff like code. Every golden file, whichever test writes it, must also parse as
Windows PowerShell 5.1 (test_every_golden_file_parses_as_windows_powershell_51).
"""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from powershell_syntax import ps51_problems, syntax_problems  # noqa: E402
from recording_connection import RecordingConnection, run_action  # noqa: E402
from test_windows_host import (  # noqa: E402,F401  pylint: disable=unused-import
    BOUND, BUDGET_CASES, GOLDEN, WWWROOT_WEBCONFIG, _compare_golden, deterministic, fake, isolated_schema_cache,
    render_golden)  # isolated_schema_cache: autouse fixture

REGENERATE = ('# Regenerate: WEBADMIN_IIS_REGEN_GOLDEN=1 python -m pytest tests/unit/plugins/plugin_utils/'
              'test_windows_goldens.py -k golden')


def _fail_first_appcmd(host):
    host.fail_appcmd_at = 0


def _changed_before_apply(host):
    """Another process writes the site's web.config between the read and the apply."""
    original = host.apply
    host.apply = lambda data: (host.put(WWWROOT_WEBCONFIG, b'<configuration/>\r\n'), original(data))[1]


NEGOTIATION_OFF = [dict(BOUND, client_cert_negotiation=False)]

#: name -> (title, module, args, host setup or None, fake() keywords, expected: 'changed' | 'rolled_back' | 'refused')
SCENARIOS = {
    'apply_appcmd_iis_module': ('iis_module: install and enable a native module, backend appcmd (2 round trips)',
                                'iis_module', BUDGET_CASES['iis_module'], None, {}, 'changed'),
    'apply_file_iis_module': ('iis_module: same change, backend file (2 round trips)',
                              'iis_module', dict(BUDGET_CASES['iis_module'], backend='file'), None, {}, 'changed'),
    'apply_appcmd_iis_ssl_client_cert': (
        'iis_ssl_client_cert: require SSL + client certificates, http.sys negotiation on, backend appcmd (2 round trips)',
        'iis_ssl_client_cert', BUDGET_CASES['iis_ssl_client_cert'], None, {'netsh_bindings': NEGOTIATION_OFF}, 'changed'),
    'apply_file_iis_ssl_client_cert': (
        'iis_ssl_client_cert: same change, backend file (2 round trips)',
        'iis_ssl_client_cert', dict(BUDGET_CASES['iis_ssl_client_cert'], backend='file'), None,
        {'netsh_bindings': NEGOTIATION_OFF}, 'changed'),
    'apply_rollback_failed_appcmd': (
        'iis_config: the appcmd command fails on the host, the backup is restored (2 round trips, task failed)',
        'iis_config', BUDGET_CASES['iis_config'], _fail_first_appcmd, {}, 'rolled_back'),
    'apply_refused_file_changed_since_read': (
        'iis_config: web.config changed on the host after the read, the apply writes nothing (2 round trips, task failed)',
        'iis_config', dict(BUDGET_CASES['iis_config'], backend='file'), _changed_before_apply, {}, 'refused'),
}


@pytest.mark.parametrize('name', sorted(SCENARIOS))
def test_golden_recordings_of_every_module_and_failure_path(name, monkeypatch):
    deterministic(monkeypatch)
    title, module, args, setup, host_kwargs, expected = SCENARIOS[name]
    host = fake(**host_kwargs)
    if setup is not None:
        setup(host)
    before = dict((k, v[1]) for k, v in host.files.items())
    connection = RecordingConnection(host)
    result = run_action(module, args, connection)
    assert connection.round_trips == 2
    if expected == 'changed':
        assert result['changed'] and not result.get('failed'), result.get('msg')
    elif expected == 'rolled_back':
        assert result['failed'] and result['rolled_back'] and result['failed_command'], result
        assert dict((k, v[1]) for k, v in host.files.items()) == before
    else:
        assert result['failed'] and result['rolled_back'] is False and 'changed since it was read' in result['msg']
        assert host.get(WWWROOT_WEBCONFIG) == b'<configuration/>\r\n'
    text = render_golden(title, connection).split('\n')
    text[2] = REGENERATE
    _compare_golden(name, '\n'.join(text))


def test_every_module_and_backend_has_a_golden_apply():
    names = set(p.stem for p in GOLDEN.glob('*.ps1'))
    for module in (m for m, args in BUDGET_CASES.items() if args):
        for backend in ('appcmd', 'file'):
            if module in ('iis_config', 'iis_module', 'iis_ssl_client_cert') or backend == 'appcmd':
                assert 'apply_%s_%s' % (backend, module) in names, (backend, module)


@pytest.mark.parametrize('path', sorted(GOLDEN.glob('*.ps1')), ids=lambda p: p.name)
def test_every_golden_file_parses_as_windows_powershell_51(path):
    """A golden file is the command line and script of each round trip, one after the other,
    with the data in block comments: as a whole it is PowerShell too."""
    text = path.read_text(encoding='utf-8')
    assert syntax_problems(text) == []
    assert ps51_problems(text) == []
