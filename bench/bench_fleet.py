#!/usr/bin/env python
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 4 (fleet): the hardening role on many offline hosts, with 1, 2 and 4 forks.

Each run starts from fresh copies of examples/offline-host (one per host, in one generated
inventory) and runs playbooks/site_hardening.yml (role webadmin.iis.iis_site_hardening) with
TLS left out (no certificates on offline hosts), legacy ASP.NET configuration migrated and the
Windows-only OS controls off. Printed: wall time per fork count and the speed-up over 1 fork
(on 2 cores, expect at most about 2x: controller-side work is CPU-bound).
"""
from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402

ROLE_VARS = {
    'iis_site_hardening_tls_sites': [],
    'iis_site_hardening_tls': False,
    'iis_site_hardening_pipeline_legacy_config': 'migrate',
    'iis_site_hardening_os_controls': False,
}


def prepare(workdir, hosts):
    """Fresh host copies and an inventory naming them."""
    shutil.rmtree(os.path.join(workdir, 'hosts'), ignore_errors=True)
    members = {}
    for number in range(hosts):
        name = 'web%03d' % number
        root = os.path.join(workdir, 'hosts', name)
        shutil.copytree(os.path.join(_common.REPO, 'examples', 'offline-host'), root)
        members[name] = {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable, 'iis_offline_root': root}
    inventory = os.path.join(workdir, 'inventory.json')
    with open(inventory, 'w') as handle:
        json.dump({'iis': {'hosts': members}}, handle)
    return inventory


def run(forks, hosts, workdir, collections):
    inventory = prepare(workdir, hosts)
    extra = dict(ROLE_VARS, iis_site_hardening_report_dir=os.path.join(workdir, 'reports'))
    cmd = [os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', inventory, '--forks', str(forks),
           '-e', json.dumps(extra), os.path.join(_common.REPO, 'playbooks', 'site_hardening.yml')]
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, ANSIBLE_NOCOLOR='1')
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    seconds = time.perf_counter() - start
    output = proc.stdout.decode('utf-8', 'replace')
    if proc.returncode != 0:
        raise SystemExit('site_hardening.yml failed with %d forks:\n%s' % (forks, output[-4000:]))
    return seconds


def collections_root():
    """A collections directory with this checkout as webadmin.iis (a link, under .build/bench)."""
    root = os.path.join(_common.ensure_build(), 'collections-fleet')
    link = os.path.join(root, 'ansible_collections', 'webadmin', 'iis')
    if not os.path.islink(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(_common.REPO, link)
    return root


def main(argv=None):
    parser = argparse.ArgumentParser(description='webadmin.iis benchmark 4: fleet')
    parser.add_argument('--hosts', type=int, default=50)
    parser.add_argument('--forks', default='1,2,4')
    args = parser.parse_args(argv)
    print('== benchmark 4: fleet, %d offline hosts, playbooks/site_hardening.yml (%s)' % (args.hosts, _common.machine()))
    workdir = os.path.join(_common.ensure_build(), 'fleet')
    os.makedirs(workdir, exist_ok=True)
    collections = collections_root()
    rows = []
    base = None
    for forks in [int(f) for f in args.forks.split(',')]:
        seconds = run(forks, args.hosts, workdir, collections)
        base = base or seconds
        rows.append([forks, '%.1f' % seconds, '%.3f' % (seconds / args.hosts), '%.2fx' % (base / seconds)])
        sys.stdout.flush()
    print(_common.table(['forks', 'wall s', 's/host', 'speed-up vs first'], rows))
    return 0


if __name__ == '__main__':
    sys.exit(main())
