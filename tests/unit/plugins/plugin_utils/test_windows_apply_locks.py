# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The controller side of the Windows apply script's locks and cleanup (no Windows host here:
FakeIISHost answers like the script would; what the PowerShell does is in the golden files and
checked for syntax and Windows PowerShell 5.1 by test_windows_powershell.py)."""
from __future__ import absolute_import, division, print_function

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))

from recording_connection import FakeIISHost, RecordingConnection, run_action  # noqa: E402

from ansible_collections.webadmin.iis.plugins.plugin_utils import host_scripts  # noqa: E402
from ansible_collections.webadmin.iis.plugins.plugin_utils.windows_host import WindowsHost  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[4] / 'examples' / 'offline-host'
TASK = {'section': 'system.webServer/directoryBrowse', 'location': 'Default Web Site', 'attributes': {'enabled': True},
        'backend': 'file'}


class ScriptAnswers(FakeIISHost):
    """FakeIISHost whose apply answer carries what the script adds (warnings, a lock failure)."""

    warnings = ()
    lock_failure = None

    def apply(self, data):
        if self.lock_failure:
            return {'failed': True, 'stage': 'guard', 'msg': self.lock_failure, 'backend': data['backend'], 'steps': [],
                    'rolled_back': False, 'rollback_errors': [], 'backup_files': [], 'warnings': []}
        result = super(ScriptAnswers, self).apply(data)
        result['warnings'] = list(self.warnings)
        return result


def test_apply_data_names_the_lock_timeout_and_every_file_is_guarded():
    host = ScriptAnswers.from_directory(str(EXAMPLE))
    connection = RecordingConnection(host)
    result = run_action('iis_config', TASK, connection)
    assert result['changed'] and not result.get('failed'), result.get('msg')
    apply_call = connection.calls[-1]
    assert apply_call['script'] == host_scripts.APPLY
    assert apply_call['data']['lock_timeout'] == WindowsHost.LOCK_TIMEOUT
    # the script locks exactly the guarded files, so every file it writes must be guarded
    guarded = set(g['path'].lower() for g in apply_call['data']['guards'])
    assert set(f['path'].lower() for f in apply_call['data']['files']) <= guarded
    assert 'webadmin-iis.lock' in host_scripts.APPLY and 'FileShare]::None' in host_scripts.APPLY


def test_stale_temp_warnings_of_the_script_reach_the_task_result():
    host = ScriptAnswers.from_directory(str(EXAMPLE))
    host.warnings = [r'%SystemDrive%\inetpub\wwwroot\web.config: removed C:\inetpub\wwwroot\.web.config.'
                     + 'a' * 32 + '.tmp, a temp file left by an interrupted earlier write']
    result = run_action('iis_config', TASK, RecordingConnection(host))
    assert result['changed'] and not result.get('failed'), result.get('msg')
    assert host.warnings[0] in result['warnings']


def test_a_lock_held_by_another_controller_fails_the_task_without_rollback():
    host = ScriptAnswers.from_directory(str(EXAMPLE))
    host.lock_failure = (r'C:\inetpub\wwwroot\web.config: another webadmin.iis run has held its lock file '
                         r'C:\inetpub\wwwroot\.web.config.webadmin-iis.lock for more than 60 s; nothing was changed.')
    result = run_action('iis_config', TASK, RecordingConnection(host))
    assert result.get('failed') and re.search(r'web\.config: another webadmin\.iis run .* nothing was changed', result['msg'])
    assert result['rolled_back'] is False and result['changed'] is False
