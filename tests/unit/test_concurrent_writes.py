# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault suite: several controllers write the same offline host at once.

Why: two ``ansible-playbook`` runs against one host lost changes that their tasks had reported
as made (the hash check and the rename were not one critical section). Here separate processes
run changing tasks through the real action plugins on one copy of the example host, each task
adding a header no other task adds, and the final files must hold every change a task reported,
while every other task failed with a clear message and no temp or lock file is left.

A fault-injection delay inside the write (``OfflineHost._before_replace``, between the final
check and the rename) widens the race window the way a slow disk or a busy machine would; with
the old unlocked check the suite loses writes on every run.
"""
from __future__ import absolute_import, division, print_function

import multiprocessing
import random
import re
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent / 'plugins' / 'plugin_utils'))

from recording_connection import FakeIISHost, RecordingConnection, run_action  # noqa: E402

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ServerManager  # noqa: E402
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost  # noqa: E402
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / 'examples' / 'offline-host'
SECTION = 'system.webServer/httpProtocol'
#: Server level (applicationHost.config) and the site (its web.config): both kinds of file race.
LOCATIONS = ('', 'Default Web Site')
WRITERS = 3
TASKS = 30
CONFLICT = re.compile(r'(applicationHost|web)\.config: (changed since it was read|was created by another process)'
                      r'.*nothing was changed')


def header_task(writer, number):
    name = 'X-Writer%d-Task%02d' % (writer, number)
    location = LOCATIONS[(writer + number) % len(LOCATIONS)]
    return name, location, {'section': SECTION, 'location': location, 'element': 'customHeaders',
                            'collection': {'items': [{'name': name, 'value': 'v'}]}}


def writer_process(root, writer, tasks, start, results):
    """One controller: ``tasks`` changing tasks in a row, each result sent back."""
    rng = random.Random(writer)

    def slow_disk(self, tmp, path):
        time.sleep(rng.uniform(0, 0.004))

    OfflineHost._before_replace = slow_disk
    start.wait()
    out = []
    for number in range(tasks):
        name, location, args = header_task(writer, number)
        result = run_action('iis_config', dict(args, offline_root=root), RecordingConnection(FakeIISHost({})))
        out.append((name, location, bool(result.get('changed')), bool(result.get('failed')), result.get('msg') or ''))
    results.put((writer, out))


def run_writers(root, writers, tasks):
    context = multiprocessing.get_context('fork')
    start = context.Event()
    results = context.Queue()
    processes = [context.Process(target=writer_process, args=(str(root), w, tasks, start, results)) for w in range(writers)]
    for process in processes:
        process.start()
    start.set()
    collected = dict(results.get(timeout=120) for _process in processes)
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    return [entry for w in sorted(collected) for entry in collected[w]]


def leftovers(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob('*')
                  if p.name.endswith(('.tmp', '.lock')) or '.webadmin-iis' in p.name)


def headers(root, location):
    manager = ServerManager(OfflineHost(str(root)))
    return set(item.attributes['name'] for item in manager.effective_collection(SECTION, location, ('customHeaders',)).items)


@pytest.fixture
def host(tmp_path):
    root = tmp_path / 'host'
    shutil.copytree(str(EXAMPLE), str(root))
    return root


def test_concurrent_writers_lose_no_reported_change(host):
    """3 processes x 30 changing tasks through the iis_config action plugin on one host."""
    began = time.monotonic()
    outcomes = run_writers(host, WRITERS, TASKS)
    elapsed = time.monotonic() - began
    assert len(outcomes) == WRITERS * TASKS
    made = [(name, location) for name, location, changed, failed, _msg in outcomes if changed]
    refused = [(name, msg) for name, location, changed, failed, msg in outcomes if not changed]
    # every task either made its change or failed clearly, naming the file, saying nothing changed
    for name, msg in refused:
        assert CONFLICT.search(msg), (name, msg)
    assert all(failed for _n, _l, changed, failed, _m in outcomes if not changed)
    # every change a task reported as made is in the final files
    final = dict((location, headers(host, location)) for location in LOCATIONS)
    lost = [(name, location) for name, location in made if name not in final[location]]
    assert lost == [], '%d of %d reported changes are missing: %s' % (len(lost), len(made), lost[:5])
    # and nothing that was refused is there (a refused task wrote nothing)
    refused_names = set(name for name, _msg in refused)
    assert not refused_names & (final[''] | final['Default Web Site'])
    assert made, 'no task succeeded at all'
    assert leftovers(host) == []
    for path in Path(host).rglob('*.config'):
        etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False))
    print('\n%d writers x %d tasks: %d changes made, %d refused as conflicts, %.1f s'
          % (WRITERS, TASKS, len(made), len(refused), elapsed))


def test_second_writer_waits_then_fails_instead_of_overwriting(host):
    """Deterministic: writer A stops between its final check and its rename while writer B, which
    read the same file, tries to write. B must not get past the check until A has renamed, and
    must then fail naming the file; A's change is what the file holds."""
    def plan_for(name):
        manager = ServerManager(OfflineHost(str(host)))
        plan = Plan(manager)
        plan.ensure_item(SECTION, '', {'name': name, 'value': 'v'}, ('customHeaders',))
        return plan

    plan_a, plan_b = plan_for('X-A'), plan_for('X-B')  # both read the same applicationHost.config
    outcome = {}

    def writer_b():
        try:
            outcome['b'] = OfflineHost(str(host)).apply(plan_b, {})
        except Exception as exc:  # noqa: BLE001 - the error is what the test looks at
            outcome['b'] = exc

    class SlowA(OfflineHost):
        def _before_replace(self, tmp, path):
            thread = threading.Thread(target=writer_b)
            thread.start()
            thread.join(0.5)  # B gets half a second to overwrite the file we checked
            outcome['b_done_before_a_renamed'] = not thread.is_alive()
            outcome['thread'] = thread

    SlowA(str(host)).apply(plan_a, {})
    outcome['thread'].join(30)
    assert outcome['b_done_before_a_renamed'] is False, 'B was not held off while A was between check and rename'
    assert isinstance(outcome['b'], Exception), outcome['b']
    assert CONFLICT.search(str(outcome['b'])), str(outcome['b'])
    assert headers(host, '') >= {'X-A'} and 'X-B' not in headers(host, '')
    assert leftovers(host) == []


def test_two_file_plans_lock_in_one_order_and_never_deadlock(host, monkeypatch):
    """Writers whose plans change applicationHost.config and the site's web.config together,
    handed over in opposite orders: the locks are taken in sorted path order, so neither waits
    for the other forever (a short lock timeout turns a deadlock into a failure here), and every
    plan that succeeded is in both files."""
    monkeypatch.setattr(OfflineHost, 'LOCK_TIMEOUT', 5.0)
    monkeypatch.setattr(OfflineHost, '_before_replace', lambda self, tmp, path: time.sleep(0.002))
    outcomes = []

    def writer(number, reverse):
        for round_ in range(15):
            name = 'X-Pair%d-%02d' % (number, round_)
            manager = ServerManager(OfflineHost(str(host)))
            plan = Plan(manager)
            for location in reversed(LOCATIONS):  # the site first: a server entry would already be in effect there
                plan.ensure_item(SECTION, location, {'name': name, 'value': 'v'}, ('customHeaders',))
            documents = manager.changed_documents()
            assert len(documents) == 2
            if reverse:
                manager.changed_documents = lambda documents=documents: list(reversed(documents))
            try:
                OfflineHost(str(host)).apply(plan, {})
                outcomes.append((name, None))
            except Exception as exc:  # noqa: BLE001 - the message is checked below
                outcomes.append((name, str(exc)))

    threads = [threading.Thread(target=writer, args=(number, number % 2 == 1)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
        assert not thread.is_alive()
    assert len(outcomes) == 30
    assert not [msg for _name, msg in outcomes if msg and 'lock' in msg], outcomes
    assert all(CONFLICT.search(msg) for _name, msg in outcomes if msg), outcomes
    server = headers(host, '')
    site_file = (host / 'inetpub' / 'wwwroot' / 'web.config').read_text(encoding='utf-8-sig')
    for name, msg in outcomes:
        assert (msg is None) == (name in server) == ('"%s"' % name in site_file), (name, msg)
    assert leftovers(host) == []
