#!/usr/bin/env python
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 3 (round trips): what one task costs on the wire to a Windows host.

Every module runs a changing task and a no-op task against the recording connection of the unit
tests (tests/unit/plugins/plugin_utils/recording_connection.py: the real powershell shell plugin,
a Python model of the host scripts over a copy of examples/offline-host). Printed per task:
round trips, bytes sent (command lines + stdin) and bytes received (stdout + stderr).
Goal: no-op 1 round trip, change <= 2. Counts, not times: this benchmark is deterministic.

Second table (wire cost over a play): the controller keeps, per run and host, the configuration
files it already received and the host resends only what changed (windows_host: file cache).
A play of tasks on one host, for examples/offline-host and for a generated host with --sites
sites (bench/gen_apphost.py): the first task receives every file, later no-op tasks only hashes.
Goal: the second and later no-op tasks receive <= 2 KB each; round trips stay 1 / 2.
"""
from __future__ import absolute_import, division, print_function

import argparse
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


def fresh_cache(directory):
    """Every measurement starts like a new ansible-playbook run: an empty per-run cache in
    ``directory`` (what Ansible's local temp directory is for a real run)."""
    from ansible_collections.webadmin.iis.plugins.plugin_utils import windows_host
    directory = directory or tempfile.mkdtemp(prefix='cache-', dir=_common.ensure_build())
    if not os.path.isdir(directory):
        os.makedirs(directory)
    windows_host._SCHEMA_CACHE.clear()
    windows_host.WindowsHost._cache_file = lambda self: os.path.join(directory, 'schema-%s.json' % self.hostname)


#: The tasks of the measured play: (label, module, args); the change uses the file backend so the
#: host's files really change (the host model does not run appcmd's edits).
def play(site):
    """The tasks of the measured play on ``site``: (label, module, args)."""
    change = dict(CASES['iis_config'], location=site, backend='file')
    return [
        ('iis_info (1st task)', 'iis_info', {'location': site}),
        ('iis_config no-op', 'iis_config', {'section': 'system.webServer/directoryBrowse', 'location': site,
                                            'attributes': {'enabled': False}}),
        ('iis_info no-op', 'iis_info', {'location': site}),
        ('iis_module no-op', 'iis_module', {'name': 'StaticFileModule', 'location': site, 'check_assembly': False}),
        ('iis_config change', 'iis_config', change),
        ('iis_config no-op (after the change)', 'iis_config', change),
        ('iis_config no-op', 'iis_config', change),
    ]


def run_play(root, hostname, site):
    """[(label, changed, round trips, bytes sent, bytes received)] for the play against ``root``."""
    from recording_connection import FakeIISHost, run_action
    host = FakeIISHost.from_directory(root)
    rows = []
    for label, module, args in play(site):
        connection = measuring_connection(host)
        result = run_action(module, args, connection, task_vars={'inventory_hostname': hostname})
        if result.get('failed'):
            raise SystemExit('%s on %s failed: %s' % (label, hostname, result['msg']))
        rows.append([label, result['changed'], connection.round_trips, connection.sent, connection.received])
    return rows


def run_case(module, args, example, workdir):
    """[(label, result, connection)] for the changing task (fresh host) and the no-op task
    (a host already in the desired state)."""
    from recording_connection import FakeIISHost
    out = []
    copy = os.path.join(workdir, module)
    shutil.copytree(example, copy)
    if args is not None:
        fresh_cache(None)
        connection = measuring_connection(FakeIISHost.from_directory(copy))
        out.append(('change', _common.run_action(module, args, connection), connection))
        settled = _common.run_action(module, dict(args, offline_root=copy))
        if settled.get('failed'):
            raise SystemExit('%s: could not bring the copy into the desired state: %s' % (module, settled['msg']))
    # http.sys is not in the offline files: for the no-op the host already has the binding asked for
    from ansible_collections.webadmin.iis.plugins.plugin_utils.windows_host import IIS_APP_ID
    bound = [{'kind': 'ipport', 'address': '0.0.0.0:443', 'certificate_hash': THUMB, 'store': 'My', 'app_id': IIS_APP_ID,
              'client_cert_negotiation': True}] if module == 'iis_ssl_client_cert' else []
    fresh_cache(None)
    connection = measuring_connection(FakeIISHost.from_directory(copy, netsh_bindings=bound))
    out.append(('no-op', _common.run_action(module, args or {}, connection), connection))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--sites', type=int, default=10000, help='sites of the generated host of the play table (0: skip)')
    options = parser.parse_args(argv)
    _common.import_collection()
    example = os.path.join(_common.REPO, 'examples', 'offline-host')
    workdir = tempfile.mkdtemp(prefix='rt-', dir=_common.ensure_build())
    print('== benchmark 3: round trips per task (recording connection, examples/offline-host, cold cache)')
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
        hosts = [('examples/offline-host', 'example-host', example, 'Default Web Site')]
        if options.sites:
            sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
            import gen_apphost
            generated = os.path.join(workdir, 'generated')
            gen_apphost.generate(options.sites, generated)
            hosts.append(('generated, %d sites' % options.sites, 'generated-host', generated, gen_apphost.site_name(1)))
        wire_ok = True
        for title, hostname, source, site in hosts:
            root = os.path.join(workdir, 'play-' + hostname)
            shutil.copytree(source, root)
            fresh_cache(os.path.join(workdir, 'cache-play-' + hostname))
            measured = run_play(root, hostname, site)
            print()
            print('== wire cost over one play (%s)' % title)
            print(_common.table(['task', 'changed', 'round trips', 'bytes sent', 'bytes received'], measured))
            for index, (label, changed, trips, _sent, received) in enumerate(measured):
                wire_ok = wire_ok and trips == (2 if changed else 1)
                if index and not changed and not measured[index - 1][1]:
                    wire_ok = wire_ok and received <= 2048
        print('goal: no-op after no-op <= 2048 bytes received, round trips 1 / 2: %s' % ('met' if wire_ok else 'NOT met'))
        ok = ok and wire_ok
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
