#!/usr/bin/env python
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 1 (per-task cost): our modules vs community.general.xml, through ansible-playbook.

The same two edits of applicationHost.config on an offline host (connection: local), each
repeated N times in one playbook (the first run changes, the others are no-ops):

* ``directoryBrowse enabled="false"`` in ``<location path="Default Web Site">``;
* one module entry (``<add name="ContosoHeaders" type="...">``) in the server's ``<modules>``.

Ours: webadmin.iis.iis_config / iis_module. Theirs: community.general.xml with the equivalent
XPath. A callback (bench/callback_plugins/task_timer.py) records each task's wall time, so
ansible-playbook's start-up is not counted. Printed: median seconds per task and the ratio.
Goal: ours <= 0.5x.

community.general is only on PyPI inside the big ``ansible`` package: the script downloads that
wheel once (pip download --no-deps) into .build/bench and extracts just that collection; with
--skip-download (or no network) and nothing cached, the benchmark is skipped with a message.
"""
from __future__ import absolute_import, division, print_function

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402

ANSIBLE_VERSION = '12.*'
SITE = 'Default Web Site'
XPATH_BROWSE = "/configuration/location[@path='%s']/system.webServer/directoryBrowse" % SITE
XPATH_MODULE = "/configuration/location[@path='']/system.webServer/modules/add[@name='ContosoHeaders']"


def collections_root(skip_download):
    """.build/bench/collections with community.general (from the ansible wheel) and a link to
    this checkout as webadmin.iis. None when community.general cannot be obtained."""
    root = os.path.join(_common.ensure_build(), 'collections')
    general = os.path.join(root, 'ansible_collections', 'community', 'general')
    if not os.path.isdir(general):
        wheels = glob.glob(os.path.join(_common.BUILD, 'pip', 'ansible-*.whl'))
        if not wheels and not skip_download:
            cmd = [sys.executable, '-m', 'pip', 'download', '--no-deps', '--quiet', '-d', os.path.join(_common.BUILD, 'pip'),
                   'ansible==%s' % ANSIBLE_VERSION]
            if subprocess.call(cmd) == 0:
                wheels = glob.glob(os.path.join(_common.BUILD, 'pip', 'ansible-*.whl'))
        if not wheels:
            return None
        prefix = 'ansible_collections/community/general/'
        with zipfile.ZipFile(sorted(wheels)[-1]) as wheel:
            wheel.extractall(root, [name for name in wheel.namelist() if name.startswith(prefix)])
    link = os.path.join(root, 'ansible_collections', 'webadmin', 'iis')
    if not os.path.islink(link):
        os.makedirs(os.path.dirname(link), exist_ok=True)
        os.symlink(_common.REPO, link)
    return root


def playbook(tool, repeat):
    tasks = []
    for number in range(repeat):
        if tool == 'ours':
            tasks.append({'name': 'browse %d' % number, 'webadmin.iis.iis_config': {
                'section': 'system.webServer/directoryBrowse', 'location': SITE, 'attributes': {'enabled': False},
                'commit': 'apphost'}})
            tasks.append({'name': 'module %d' % number, 'webadmin.iis.iis_module': {
                'name': 'ContosoHeaders', 'type': 'Contoso.HeadersModule'}})
        else:
            tasks.append({'name': 'browse %d' % number, 'community.general.xml': {
                'path': '{{ apphost }}', 'xpath': XPATH_BROWSE, 'attribute': 'enabled', 'value': 'false'}})
            tasks.append({'name': 'module %d' % number, 'community.general.xml': {
                'path': '{{ apphost }}', 'xpath': XPATH_MODULE, 'attribute': 'type', 'value': 'Contoso.HeadersModule'}})
    return [{'name': 'bench %s' % tool, 'hosts': 'iis', 'gather_facts': False, 'tasks': tasks}]


def run_tool(tool, repeat, workdir, collections):
    host = os.path.join(workdir, 'host-%s' % tool)
    shutil.rmtree(host, ignore_errors=True)
    shutil.copytree(os.path.join(_common.REPO, 'examples', 'offline-host'), host)
    apphost = os.path.join(host, 'Windows', 'System32', 'inetsrv', 'config', 'applicationHost.config')
    inventory = os.path.join(workdir, 'inventory-%s.json' % tool)
    with open(inventory, 'w') as handle:
        json.dump({'iis': {'hosts': {'bench': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable,
                                               'iis_offline_root': host, 'apphost': apphost}}}}, handle)
    book = os.path.join(workdir, 'playbook-%s.yml' % tool)
    with open(book, 'w') as handle:
        json.dump(playbook(tool, repeat), handle)  # JSON is YAML
    times = os.path.join(workdir, 'times-%s.json' % tool)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, BENCH_TASK_TIMES=times,
               ANSIBLE_CALLBACK_PLUGINS=os.path.join(os.path.dirname(os.path.abspath(__file__)), 'callback_plugins'),
               ANSIBLE_CALLBACKS_ENABLED='task_timer', ANSIBLE_STDOUT_CALLBACK='null', ANSIBLE_NOCOLOR='1')
    playbook_cmd = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
    proc = subprocess.run([playbook_cmd, '-i', inventory, book], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          check=False)
    if proc.returncode != 0:
        raise SystemExit('%s playbook failed:\n%s' % (tool, proc.stdout.decode('utf-8', 'replace')[-3000:]))
    with open(times) as handle:
        records = json.load(handle)
    from lxml import etree
    etree.parse(apphost)  # the file is still well-formed
    return records


def main(argv=None):
    parser = argparse.ArgumentParser(description='webadmin.iis benchmark 1: per-task cost vs community.general.xml')
    parser.add_argument('--repeat', type=int, default=20, help='times each of the two edits is run per tool')
    parser.add_argument('--skip-download', action='store_true', help='never download the ansible wheel')
    args = parser.parse_args(argv)
    print('== benchmark 1: per-task cost, ansible-playbook, connection local (%s)' % _common.machine())
    collections = collections_root(args.skip_download)
    if collections is None:
        print('SKIP: community.general could not be obtained (pip download ansible==%s --no-deps failed or was skipped)'
              % ANSIBLE_VERSION)
        return 0
    workdir = os.path.join(_common.ensure_build(), 'playbook')
    os.makedirs(workdir, exist_ok=True)
    results = dict((tool, run_tool(tool, args.repeat, workdir, collections)) for tool in ('ours', 'xml'))
    rows = []
    medians = {}
    for kind in ('browse', 'module', 'all'):
        for tool in ('ours', 'xml'):
            records = [r for r in results[tool] if kind == 'all' or r['name'].startswith(kind)]
            medians[(kind, tool)] = statistics.median(r['seconds'] for r in records)
            changed = sum(1 for r in records if r['changed'])
            rows.append([kind, tool, len(records), changed, '%.4f' % medians[(kind, tool)]])
        rows[-2].append('%.2fx' % (medians[(kind, 'ours')] / medians[(kind, 'xml')]))
        rows[-1].append('')
    print(_common.table(['edit', 'tool', 'tasks', 'changed', 'median s/task', 'ours/xml'], rows))
    ratio = medians[('all', 'ours')] / medians[('all', 'xml')]
    print('goal: ours <= 0.5x community.general.xml -> %.2fx: %s' % (ratio, 'met' if ratio <= 0.5 else 'NOT met'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
