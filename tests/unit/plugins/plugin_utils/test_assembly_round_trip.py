# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_module's managed type check on a Windows host: the assembly lookup joins the ONE read
round trip (host_scripts.READ_ASSEMBLIES), so a no-op task stays 1 round trip and a changing one
2. recording_connection.FakeIISHost models the lookup like it models the rest of the script.
"""
from __future__ import absolute_import, division, print_function

import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from recording_connection import RecordingConnection, run_action  # noqa: E402
from test_windows_host import (  # noqa: E402,F401  pylint: disable=unused-import
    _compare_golden, deterministic, fake, isolated_schema_cache, render_golden)  # isolated_schema_cache: autouse fixture

from ansible_collections.webadmin.iis.plugins.plugin_utils import host_scripts  # noqa: E402

LEGACY_BIN = r'C:\inetpub\legacy\bin'
AUDIT = {'name': 'LegacyAudit', 'type': 'Contoso.Legacy.Web.AuditModule, Contoso.Legacy.Web',
         'pre_condition': 'managedHandler', 'location': 'Default Web Site/legacy'}
ELMAH = 'Elmah.ErrorLogModule, Elmah, Version=1.2.14706.0, Culture=neutral, PublicKeyToken=57eac04b2e0f138e'
GAC_ELMAH = r'C:\Windows\assembly\GAC_MSIL\Elmah\1.2.14706.0__57eac04b2e0f138e\Elmah.dll'


def test_read_script_is_unchanged_for_every_other_task():
    assert host_scripts.READ_ASSEMBLIES.startswith(host_scripts.READ[:-len('Write-Result $result\n')])
    assert host_scripts.READ_ASSEMBLIES.endswith('Write-Result $result\n')


def test_found_in_bin_is_two_round_trips_with_the_lookup_in_the_first():
    host = fake()
    host.put(LEGACY_BIN + r'\Contoso.Legacy.Web.dll', b'MZ')
    connection = RecordingConnection(host)
    result = run_action('iis_module', AUDIT, connection)
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is True and connection.round_trips == 2
    assert [c['script'] for c in connection.calls] == [host_scripts.READ_ASSEMBLIES, host_scripts.APPLY]
    assert connection.calls[0]['data']['assemblies']['names'] == ['Contoso.Legacy.Web']
    assert result['assembly_check'][0]['source'] == 'bin'


def test_missing_assembly_fails_after_the_one_read_naming_the_host_folders():
    connection = RecordingConnection(fake())
    result = run_action('iis_module', AUDIT, connection)
    assert result['failed'] and connection.round_trips == 1
    assert 'assembly Contoso.Legacy.Web is missing' in result['msg'] and r'inetpub\legacy\bin' in result['msg']


def test_noop_is_one_round_trip():
    host = fake()
    host.put(LEGACY_BIN + r'\Contoso.Legacy.Web.dll', b'MZ')
    first = run_action('iis_module', dict(AUDIT, backend='file'), RecordingConnection(host))  # the fake appcmd writes nothing
    assert first['changed'] and not first.get('failed'), first.get('msg')
    connection = RecordingConnection(host)
    result = run_action('iis_module', AUDIT, connection)
    assert result['changed'] is False and not result.get('failed') and connection.round_trips == 1


def test_strong_named_assembly_is_found_in_the_hosts_gac():
    host = fake()
    args = dict(AUDIT, name='ErrorLog', type=ELMAH)
    assert run_action('iis_module', args, RecordingConnection(host))['failed']
    host.put(GAC_ELMAH, b'MZ')
    result = run_action('iis_module', args, RecordingConnection(host))
    assert not result.get('failed'), result.get('msg')
    assert result['assembly_check'][0]['source'] == 'gac' and 'GAC_MSIL' in result['assembly_check'][0]['detail']


def test_app_code_source_on_the_host():
    host = fake()
    args = dict(AUDIT, name='Audit', type='Contoso.AuditModule')
    assert run_action('iis_module', args, RecordingConnection(host))['failed']
    host.put(r'C:\inetpub\legacy\App_Code\AuditModule.vb', b'Public Class AuditModule\r\nEnd Class\r\n')
    assert not run_action('iis_module', args, RecordingConnection(host)).get('failed')


def test_other_modules_and_states_keep_the_plain_read():
    connection = RecordingConnection(fake())
    run_action('iis_module', dict(AUDIT, state='absent', type=None, pre_condition=None), connection)
    assert connection.calls[0]['script'] == host_scripts.READ and 'assemblies' not in connection.calls[0]['data']
    connection = RecordingConnection(fake())
    run_action('iis_module', dict(AUDIT, check_assembly=False), connection)
    assert connection.calls[0]['script'] == host_scripts.READ


def test_golden_managed_module_assembly_lookup(monkeypatch):
    deterministic(monkeypatch)
    host = fake()
    host.put(LEGACY_BIN + r'\Contoso.Legacy.Web.dll', b'MZ')
    connection = RecordingConnection(host)
    result = run_action('iis_module', AUDIT, connection)
    assert result['changed'] and not result.get('failed')
    _compare_golden('read_assemblies_iis_module', render_golden(
        'iis_module: managed module, its assembly looked up in the read round trip (2 round trips)', connection))
