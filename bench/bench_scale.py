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

Printed: median seconds, ratio to the baseline, peak Python memory (tracemalloc, measured in a
separate run), and the cost per site relative to the smallest size (flat = linear cost).
"""
from __future__ import absolute_import, division, print_function

import argparse
import os
import resource
import shutil
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


def measure(func, restore, repeat, traced=True):
    """Median seconds of ``func`` with the file restored before every run (not timed), and its
    peak memory: tracemalloc's peak (Python allocations) when ``traced``, else the process's
    resident high-water mark (tracemalloc slows big runs several times over)."""
    times = []
    result = None
    for _attempt in range(repeat):
        restore()
        seconds, result = _common.timed(func)
        times.append(seconds)
    restore()
    if traced:
        peak = _common.peak_memory(func)[0]
        restore()
    else:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    times.sort()
    return times[len(times) // 2], peak, result


def run_size(sites, workdir, repeat, info_all, traced):
    root = os.path.join(workdir, 'scale-%d' % sites)
    shutil.rmtree(root, ignore_errors=True)
    apphost = gen_apphost.generate(sites, root)
    with open(apphost, 'rb') as handle:
        original = handle.read()

    def restore():
        with open(apphost, 'wb') as handle:
            handle.write(original)

    rows = {}
    base, base_peak = measure(lambda: baseline(apphost), restore, repeat, traced)[:2]
    rows['baseline'] = (base, base_peak)
    for label, module, args in tasks(root, sites, info_all):
        seconds, peak, result = measure(lambda: _common.run_action(module, args), restore, repeat, traced)
        if result.get('failed'):
            raise SystemExit('%s failed at %d sites: %s' % (label, sites, result.get('msg')))
        rows[label] = (seconds, peak)
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
        base = rows['baseline'][0]
        for label in labels:
            seconds, peak = rows[label]
            growth = (seconds / sites) / (first_rows[label][0] / first_sites)
            rss = '' if sites < 5000 or args.trace_big else ' (RSS)'
            out.append([sites, _common.mib(size), label, '%.4f' % seconds, '%.2fx' % (seconds / base),
                        _common.mib(peak) + rss, '%.3f' % growth])
    print(_common.table(['sites', 'file', 'task', 'median s', 'vs baseline', 'peak mem', 'per-site cost vs %d sites' % first_sites],
                        out))
    last_sites, last = results[-1][0], results[-1][2]
    worst = max(last[label][0] / last['baseline'][0] for label in labels if label not in ('baseline', 'iis_info (all)'))
    print('goal: <= 1.5x baseline at %d sites -> worst single task %.2fx: %s'
          % (last_sites, worst, 'met' if worst <= 1.5 else 'NOT met'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
