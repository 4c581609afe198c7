# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the bench scripts: import the collection, run an action plugin in-process,
measure, describe the machine.

Why in-process: the scale and round-trip benchmarks measure OUR code (the action plugin and the
configuration layer), not ansible-playbook's start-up; the playbook benchmarks (per-task cost,
fleet) go through ansible-playbook on purpose.
"""
from __future__ import absolute_import, division, print_function

import gc
import os
import platform
import statistics
import sys
import time
import tracemalloc

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(REPO, '.build', 'bench')
RECORDING_DIR = os.path.join(REPO, 'tests', 'unit', 'plugins', 'plugin_utils')


def import_collection():
    """Make ``ansible_collections.webadmin.iis`` importable exactly as the unit tests do
    (tests/unit/conftest.py: ansible-core's collection finder on a directory holding a symlink
    to this checkout), so the benchmarks measure the working tree."""
    sys.path.insert(0, os.path.join(REPO, 'tests', 'unit'))
    try:
        import conftest  # noqa: F401  (installs the finder on import)
    finally:
        sys.path.pop(0)
    if RECORDING_DIR not in sys.path:
        sys.path.insert(0, RECORDING_DIR)


def run_action(module, args, connection=None, check_mode=False):
    """Run the action plugin ``webadmin.iis.<module>`` as the TaskExecutor would (the test
    double's helper; with ``offline_root`` in ``args`` the connection is never used)."""
    from recording_connection import FakeIISHost, RecordingConnection, run_action as run
    if connection is None:
        connection = RecordingConnection(FakeIISHost({}))
    return run(module, args, connection, check_mode=check_mode)


def timed(func, repeat=1):
    """(median seconds, result of the last call) over ``repeat`` calls, with gc collected before."""
    times = []
    result = None
    for _attempt in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_memory(func):
    """(peak bytes allocated by Python during ``func``, result): tracemalloc slows the code, so
    it runs separately from the timed runs."""
    gc.collect()
    tracemalloc.start()
    try:
        result = func()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak, result


def machine():
    """One line naming the machine, for the figures in docs/performance.md."""
    model = platform.processor() or platform.machine()
    try:
        with open('/proc/cpuinfo') as handle:
            for line in handle:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    return 'nproc=%s, CPU %s, Python %s, %s' % (os.cpu_count(), model, platform.python_version(), platform.platform())


def mib(nbytes):
    return '%.1f MiB' % (nbytes / 1048576.0)


def table(headers, rows):
    """A plain-text table (also valid Markdown) for the console and the docs."""
    cells = [[str(c) for c in row] for row in [headers] + rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ['| ' + ' | '.join(c.ljust(w) for c, w in zip(row, widths)) + ' |' for row in cells]
    lines.insert(1, '|' + '|'.join('-' * (w + 2) for w in widths) + '|')
    return '\n'.join(lines)


def ensure_build():
    """.build/bench (git-ignored), where every benchmark keeps its files."""
    if not os.path.isdir(BUILD):
        os.makedirs(BUILD)
    return BUILD
