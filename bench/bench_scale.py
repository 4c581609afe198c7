#!/usr/bin/env python
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark 2 (scale): cost of one task against applicationHost.config files of growing size.

For each size (sites) a host is generated (bench/gen_apphost.py) and these are timed, side by
side in the same run, through the action plugin code path (in-process, no ansible-playbook):

* baseline: read the file + lxml parse + serialize + atomic write (temp file, fsync, rename):
  the least any tool that edits the file must do;
* iis_config (no-op): directoryBrowse enabled=false at a site in the middle (commit=apphost);
  it is already false at server level, so the task reads, parses and compares, and writes nothing;
* iis_module: install and enable a native module at that site (commit=apphost);
* iis_info: the report for that site;
* iis_pipeline_mode: switch that site's application pool (shared with other sites) to Classic,
  after checking every application it serves for legacy configuration;
* iis_info (all): the report for every site and application (only with --info-all: its
  output grows with the file, so it is not a "one task" cost).

Printed: median seconds, ratio to the baseline (median of the ratios within interleaved rounds),
peak Python memory (tracemalloc, measured in a separate run), and the cost per site relative to
the smallest size (flat = linear cost).
"""
from __future__ import absolute_import, division, print_function

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common  # noqa: E402
import gen_apphost  # noqa: E402

DLL = r'%windir%\System32\inetsrv\contoso_headers.dll'


def baseline(path):
    """What any correct editor of the file must at least do: read, parse, serialize, atomic write."""
    from lxml import etree
    with open(path, 'rb') as handle:
        data = handle.read()
    tree = etree.fromstring(data, etree.XMLParser(remove_blank_text=False, resolve_entities=False))
    out = etree.tostring(tree, xml_declaration=True, encoding='utf-8')
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix='.tmp')
    with os.fdopen(fd, 'wb') as handle:
        handle.write(out)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return {'changed': True}


def tasks(root, sites, info_all):
    site = gen_apphost.site_name(max(1, sites // 2))
    out = [
        # directoryBrowse is already disabled at server level: a no-op (read, parse, compare)
        ('iis_config (no-op)', 'iis_config',
         {'section': 'system.webServer/directoryBrowse', 'location': site, 'attributes': {'enabled': False}, 'commit': 'apphost'}),
        ('iis_module', 'iis_module', {'name': 'ContosoHeaders', 'image': DLL, 'location': site, 'commit': 'apphost'}),
        ('iis_info', 'iis_info', {'location': site}),
        # the pool of that site (it serves ten sites): every application it serves is checked for
        # legacy ASP.NET configuration, then the pool is switched (writes applicationHost.config)
        ('iis_pipeline_mode', 'iis_pipeline_mode', {'name': gen_apphost.pool_name(max(1, sites // 2), sites), 'mode': 'classic'}),
    ]
    if info_all:
        out.append(('iis_info (all)', 'iis_info', {}))
    return [(label, module, dict(args, offline_root=root)) for label, module, args in out]


def peak(func, restore, traced):
    """Peak memory of one run of ``func`` (separate, untimed): tracemalloc's peak of Python
    allocations when ``traced``; else (tracemalloc slows big runs several times over) how far
    the resident set grows above where it started, measured in a forked child so that earlier
    runs in this process do not count."""
    restore()
    if traced:
        value = _common.peak_memory(func)[0]
    else:
        value = _rss_growth(func)
    restore()
    return value


def _rss_growth(func):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: run once, report the growth of its high-water mark, exit at once
        os.close(read_end)
        with open('/proc/self/statm') as handle:
            start = int(handle.read().split()[1]) * resource.getpagesize()
        func()
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - start
        os.write(write_end, str(max(0, grown)).encode('ascii'))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, 'rb') as handle:
        data = handle.read()
    os.waitpid(pid, 0)
    return int(data or 0)


def run_size(sites, workdir, repeat, info_all, traced):
    """{label: (median seconds, median ratio to the baseline, peak memory)}.

    Interleaved rounds: each round times the baseline and then every task once, the file
    restored before every run (not timed). The ratio printed is the median over the rounds of
    task / baseline within the same round, so that a machine whose speed drifts (shared cloud
    VMs do) shifts both sides of each ratio alike."""
    root = os.path.join(workdir, 'scale-%d' % sites)
    shutil.rmtree(root, ignore_errors=True)
    apphost = gen_apphost.generate(sites, root)
    with open(apphost, 'rb') as handle:
        original = handle.read()

    def restore():
        with open(apphost, 'wb') as handle:
            handle.write(original)

    def action(module, args):
        def run():
            result = _common.run_action(module, args)
            if result.get('failed'):
                raise SystemExit('%s failed at %d sites: %s' % (module, sites, result.get('msg')))
            return result
        return run

    funcs = [('baseline', lambda: baseline(apphost))]
    funcs += [(label, action(module, args)) for label, module, args in tasks(root, sites, info_all)]
    times = dict((label, []) for label, _func in funcs)
    for _round in range(repeat):
        for label, func in funcs:
            restore()
            times[label].append(_common.timed(func)[0])
    rows = {}
    for label, func in funcs:
        ratios = [t / b for t, b in zip(times[label], times['baseline'])]
        rows[label] = (statistics.median(times[label]), statistics.median(ratios), peak(func, restore, traced))
    shutil.rmtree(root, ignore_errors=True)
    return len(original), rows


def main(argv=None):
    parser = argparse.ArgumentParser(description='webadmin.iis benchmark 2: scale')
    parser.add_argument('--sizes', default='10,100,1000,10000', help='comma-separated site counts')
    parser.add_argument('--repeat', type=int, default=3, help='timed runs per task (median is printed); sizes of '
                        '5,000 sites and more run once unless --repeat-big is given')
    parser.add_argument('--repeat-big', type=int, default=1)
    parser.add_argument('--trace-big', action='store_true', help='tracemalloc peaks at 5,000 sites and more too '
                        '(slow); otherwise the process RSS high-water mark is shown there (marked RSS)')
    parser.add_argument('--info-all', action='store_true', help='also time iis_info over every site')
    parser.add_argument('--workdir', default=os.path.join(_common.BUILD, 'scale'))
    args = parser.parse_args(argv)
    _common.import_collection()
    os.makedirs(args.workdir, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(',')]
    print('== benchmark 2: scale (%s)' % _common.machine())
    # warm-up: imports and the builtin schema are loaded once per process, not per task
    _common.run_action('iis_info', {'offline_root': os.path.join(_common.REPO, 'examples', 'offline-host')})
    results = []
    for sites in sizes:
        size, rows = run_size(sites, args.workdir, args.repeat if sites < 5000 else args.repeat_big, args.info_all,
                              traced=sites < 5000 or args.trace_big)
        results.append((sites, size, rows))
        print('  %6d sites, %s applicationHost.config: done' % (sites, _common.mib(size)))
        sys.stdout.flush()
    labels = list(results[0][2])
    out = []
    first_sites, first_rows = results[0][0], results[0][2]
    for sites, size, rows in results:
        for label in labels:
            seconds, ratio, memory = rows[label]
            growth = (seconds / sites) / (first_rows[label][0] / first_sites)
            rss = '' if sites < 5000 or args.trace_big else ' (RSS)'  # growth of the resident set
            out.append([sites, _common.mib(size), label, '%.4f' % seconds, '%.2fx' % ratio,
                        _common.mib(memory) + rss, '%.3f' % growth])
    print(_common.table(['sites', 'file', 'task', 'median s', 'vs baseline', 'peak mem', 'per-site cost vs %d sites' % first_sites],
                        out))
    last_sites, last = results[-1][0], results[-1][2]
    worst = max(last[label][1] for label in labels if label not in ('baseline', 'iis_info (all)'))
    print('goal: <= 1.5x baseline at %d sites -> worst single task %.2fx: %s'
          % (last_sites, worst, 'met' if worst <= 1.5 else 'NOT met'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
