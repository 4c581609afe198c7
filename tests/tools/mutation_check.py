# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mutation check of the configuration layer's guards (``make mutation``; not part of make test).

Each mutation below is a one-line weakening of a guard that once went unnoticed by the unit
suite. The script applies each in turn to the source file (exactly one occurrence must match, so
a refactor that moves the line makes the check fail loudly rather than pass), runs the tests that
are meant to catch it, and restores the file. It fails when a mutant survives (the tests still
pass) or a mutation no longer applies. Usage: ``python tests/tools/mutation_check.py [-k NAME]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MU = 'plugins/module_utils/'
GUARDS = 'tests/unit/plugins/action/test_mutation_guards.py'
PATHS = 'tests/unit/plugins/action/test_paths_secrets.py'

#: (name, file, original text, mutated text, tests that must fail)
MUTATIONS = [
    ('offline-root-prefix', MU + 'offline.py',
     'not real.startswith(self.root + os.sep)', 'not real.startswith(self.root)', [GUARDS]),
    ('reescape-unchanged-attribute', MU + 'document.py',
     'if old_value == wanted[name]:', 'if False and old_value == wanted[name]:', [GUARDS]),
    ('ensure-item-no-default-fallback', MU + 'plan.py',
     '                if current is None:\n                    current = attr.default_value()\n', '', [GUARDS]),
    ('impersonate-case-sensitive', MU + 'aspnet_migration.py',
     "identity.get('impersonate', '').strip().lower() == 'true'", "identity.get('impersonate', '').strip() == 'true'",
     [GUARDS]),
    ('unchanged-text-counted-as-changed', MU + 'config_system.py',
     "getattr(doc, 'dirty', False) and doc.rendered_text(self.generation) != doc.text",
     "getattr(doc, 'dirty', False)", [GUARDS]),
    ('confinement-prefix', MU + 'config_system.py',
     "not inner.startswith(outer + '\\\\')", 'not inner.startswith(outer)', [PATHS]),
    ('confinement-drive-in-component', MU + 'config_system.py',
     "    if ':' in rest:\n        return None\n", '', [PATHS]),
    ('segment-allows-colon', MU + 'config_path.py',
     "_FORBIDDEN = '\\\\\\\\:*?", "_FORBIDDEN = '\\\\\\\\*?", [PATHS]),
    ('segment-allows-trailing-dot', MU + 'config_path.py',
     "    if segment[-1] in '. ':", "    if segment[-1] in ' ':", [PATHS]),
    ('secrets-only-strings', 'plugins/plugin_utils/iis_action.py',
     'elif inside and value is not None and not isinstance(value, bool):',
     'elif inside and isinstance(value, str):', [PATHS]),
    ('invocation-not-masked-by-schema', 'plugins/plugin_utils/iis_action.py',
     "NO_LOG_MASK if str(key).lower() in names and item is not None else", 'item if True else', [PATHS]),
]


def run_tests(tests):
    cmd = [sys.executable, '-m', 'pytest', '-q', '-x', '-p', 'no:cacheprovider'] + tests
    return subprocess.run(cmd, cwd=str(ROOT), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False,
                          env=dict(os.environ, PYTHONDONTWRITEBYTECODE='1')).returncode


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-k', dest='only', help='run only mutations whose name contains this')
    args = parser.parse_args()
    failures = []
    baseline = sorted(set(t for m in MUTATIONS for t in m[4]))
    if run_tests(baseline) != 0:
        print('mutation: the tests fail without any mutation; fix them first')
        return 1
    for name, rel, original, mutated, tests in MUTATIONS:
        if args.only and args.only not in name:
            continue
        path = ROOT / rel
        source = path.read_bytes().decode('utf-8')
        count = source.count(original)
        if count != 1:
            failures.append(name)
            print('%-36s NOT APPLIED: %d matches in %s (update tests/tools/mutation_check.py)' % (name, count, rel))
            continue
        try:
            path.write_bytes(source.replace(original, mutated).encode('utf-8'))
            rc = run_tests(tests)
        finally:
            path.write_bytes(source.encode('utf-8'))
        killed = rc != 0
        print('%-36s %s' % (name, 'killed' if killed else 'SURVIVED (no test noticed)'))
        if not killed:
            failures.append(name)
    if failures:
        print('mutation: %d mutation(s) not killed: %s' % (len(failures), ', '.join(failures)))
        return 1
    print('mutation: every mutant was killed')
    return 0


if __name__ == '__main__':
    sys.exit(main())
