#!/usr/bin/env python
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 3 (round trips): what one task costs on the wire to a Windows host.

Every module runs a changing task and a no-op task against the recording connection of the unit
tests (tests/unit/plugins/plugin_utils/recording_connection.py: the real powershell shell plugin,
a Python model of the host scripts over a copy of examples/offline-host). Printed per task:
round trips, bytes sent (command lines + stdin) and bytes received (stdout + stderr).
Goal: no-op 1 round trip, change <= 2. Counts, not times: this benchmark is deterministic.
"""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402

THUMB = '0123456789abcdef0123456789abcdef01234567'
#: One changing task per module (iis_info never changes anything: its read is its no-op).
CASES = {
    'iis_config': {'section': 'system.webServer/directoryBrowse', 'location': 'Default Web Site',
                   'attributes': {'enabled': True, 'showFlags': 'Date,Time'}},
    'iis_info': None,
    'iis_module': {'name': 'ContosoHeaders', 'image': r'%windir%\System32\inetsrv\contoso_headers.dll',
                   'pre_condition': 'bitness64'},
    'iis_pipeline_mode': {'name': 'LegacyPool', 'mode': 'integrated', 'legacy_config': 'migrate'},
    'iis_ssl_client_cert': {'site': 'Default Web Site', 'binding': {'certificate_thumbprint': THUMB}},
}


def measuring_connection(host):
    """A RecordingConnection that also counts the bytes of each answer."""
    from recording_connection import RecordingConnection

    class Measuring(RecordingConnection):
        received = 0

        def exec_command(self, cmd, in_data=None, sudoable=True):
            rc, out, err = super(Measuring, self).exec_command(cmd, in_data, sudoable)
            self.received += len(out) + len(err)
            return rc, out, err

        @property
        def sent(self):
            return sum(len(c['command_line']) + len(c['in_data'] or b'') for c in self.calls if c['kind'] == 'exec')

    return Measuring(host)


def run_case(module, args, example, workdir):
    """[(label, result, connection)] for the changing task (fresh host) and the no-op task
    (a host already in the desired state)."""
    from recording_connection import FakeIISHost
    out = []
    copy = os.path.join(workdir, module)
    shutil.copytree(example, copy)
    if args is not None:
        connection = measuring_connection(FakeIISHost.from_directory(copy))
        out.append(('change', _common.run_action(module, args, connection), connection))
        settled = _common.run_action(module, dict(args, offline_root=copy))
        if settled.get('failed'):
            raise SystemExit('%s: could not bring the copy into the desired state: %s' % (module, settled['msg']))
    # http.sys is not in the offline files: for the no-op the host already has the binding asked for
    from ansible_collections.webadmin.iis.plugins.plugin_utils.windows_host import IIS_APP_ID
    bound = [{'kind': 'ipport', 'address': '0.0.0.0:443', 'certificate_hash': THUMB, 'store': 'My', 'app_id': IIS_APP_ID,
              'client_cert_negotiation': True}] if module == 'iis_ssl_client_cert' else []
    connection = measuring_connection(FakeIISHost.from_directory(copy, netsh_bindings=bound))
    out.append(('no-op', _common.run_action(module, args or {}, connection), connection))
    return out


def main(argv=None):
    _common.import_collection()
    example = os.path.join(_common.REPO, 'examples', 'offline-host')
    workdir = tempfile.mkdtemp(prefix='rt-', dir=_common.ensure_build())
    print('== benchmark 3: round trips per task (recording connection, examples/offline-host)')
    rows = []
    ok = True
    try:
        for module in sorted(CASES):
            for label, result, connection in run_case(module, CASES[module], example, workdir):
                if result.get('failed'):
                    raise SystemExit('%s %s failed: %s' % (module, label, result['msg']))
                budget = 1 if label == 'no-op' else 2
                ok = ok and connection.round_trips <= budget
                rows.append([module, label, result['changed'], connection.round_trips, budget, connection.sent, connection.received])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(_common.table(['module', 'task', 'changed', 'round trips', 'budget', 'bytes sent', 'bytes received'], rows))
    print('goal: no-op 1 round trip, change <= 2: %s' % ('met' if ok else 'NOT met'))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
