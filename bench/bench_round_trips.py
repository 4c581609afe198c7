#!/usr/bin/env python
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 3 (round trips): what one task costs on the wire to a Windows host.

Every module runs a changing task and a no-op task against the recording connection of the unit
tests (tests/unit/plugins/plugin_utils/recording_connection.py: the real powershell shell plugin,
a Python model of the host scripts over a copy of examples/offline-host). Printed per task:
round trips, bytes sent (command lines + stdin) and bytes received (stdout + stderr).
Goal: no-op 1 round trip, change <= 2. Counts, not times: this benchmark is deterministic.

Then the read cache (docs/windows-hosts.md, "Read cache"): a play of no-op tasks against the
example host and against a generated 10,000-site host (bench/gen_apphost.py; ``--sites``), one
cache for the play as ansible-playbook would keep it. Printed per task: round trips and bytes
received. Goal: the second and later no-ops receive <= 2 KB each, whatever the configuration's
size; a change in the same play stays 2 round trips.
"""
from __future__ import absolute_import, division, print_function

import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402
import gen_apphost  # noqa: E402

#: The largest answer a no-op task may receive once the play has read the host (the goal).
CACHED_NOOP_BUDGET = 2048

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


def fresh_cache(workdir, name):
    """A new, empty read cache for what follows (a new play): each case of the table starts cold."""
    from ansible_collections.webadmin.iis.plugins.plugin_utils import windows_host
    root = os.path.join(workdir, 'read-cache-%s' % name)
    windows_host.read_cache_root = lambda: root


def run_case(module, args, example, workdir):
    """[(label, result, connection)] for the changing task (fresh host) and the no-op task
    (a host already in the desired state), each with an empty read cache."""
    from recording_connection import FakeIISHost
    out = []
    fresh_cache(workdir, module + '-change')
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
    fresh_cache(workdir, module + '-noop')
    connection = measuring_connection(FakeIISHost.from_directory(copy, netsh_bindings=bound))
    out.append(('no-op', _common.run_action(module, args or {}, connection), connection))
    return out


def play_of_noops(label, root, site, workdir, tasks=3):
    """Rows for ``tasks`` no-op tasks and then one change, in one play (one read cache) against
    the host in ``root``: [label, task, changed, round trips, bytes sent, bytes received, within goal]."""
    from recording_connection import FakeIISHost
    fresh_cache(workdir, label)
    host = FakeIISHost.from_directory(root)
    noop = {'section': 'system.webServer/directoryBrowse', 'location': site, 'attributes': {'enabled': False}}
    change = {'section': 'system.webServer/directoryBrowse', 'location': site, 'attributes': {'enabled': True},
              'commit': 'apphost'}
    rows = []
    for number in range(1, tasks + 1):
        connection = measuring_connection(host)
        result = _common.run_action('iis_config', noop, connection)
        if result.get('failed') or result['changed']:
            raise SystemExit('%s: the no-op task was not a no-op: %s' % (label, result.get('msg')))
        within = connection.round_trips == 1 and (number == 1 or connection.received <= CACHED_NOOP_BUDGET)
        rows.append([label, 'no-op %d' % number, False, connection.round_trips, connection.sent, connection.received,
                     'yes' if within else 'NO'])
    connection = measuring_connection(host)
    result = _common.run_action('iis_config', change, connection)
    if result.get('failed') or not result['changed']:
        raise SystemExit('%s: the change task did not change anything: %s' % (label, result.get('msg')))
    rows.append([label, 'change', True, connection.round_trips, connection.sent, connection.received,
                 'yes' if connection.round_trips == 2 else 'NO'])
    return rows


def cache_table(example, workdir, sites):
    print()
    print('== read cache: no-op tasks of one play (bytes received per task; goal <= %d from the 2nd on)'
          % CACHED_NOOP_BUDGET)
    rows = play_of_noops('example host', example, 'Default Web Site', workdir)
    if sites:
        big = os.path.join(workdir, 'sites-%d' % sites)
        apphost = gen_apphost.generate(sites, big)
        label = '%d sites (%.1f MiB)' % (sites, os.path.getsize(apphost) / 1048576.0)
        rows += play_of_noops(label, big, gen_apphost.site_name(max(1, sites // 2)), workdir)
    print(_common.table(['host', 'task', 'changed', 'round trips', 'bytes sent', 'bytes received', 'within goal'], rows))
    ok = all(row[-1] == 'yes' for row in rows)
    print('goal: 2nd and later no-ops <= %d bytes, 1 round trip; change 2 round trips: %s'
          % (CACHED_NOOP_BUDGET, 'met' if ok else 'NOT met'))
    return ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--sites', type=int, default=10000, help='sites of the generated host (0: none)')
    options = parser.parse_args(argv)
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
        print(_common.table(['module', 'task', 'changed', 'round trips', 'budget', 'bytes sent', 'bytes received'], rows))
        print('goal: no-op 1 round trip, change <= 2: %s' % ('met' if ok else 'NOT met'))
        ok = cache_table(example, workdir, options.sites) and ok
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
