# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make test` never calls a stage PASS that did not run, and the shared data is found the same
way from the checkout and from ansible-test's staged copy."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ansible_collections.webadmin.iis.tests.unit.shared_data import find_shared_iis

ROOT = Path(__file__).resolve().parents[2]
RUN_ALL = ROOT / 'tests' / 'tools' / 'run_all.sh'

needs_tools = pytest.mark.skipif(shutil.which('bash') is None or shutil.which('make') is None, reason='needs bash and make')

FAKE_MAKE = '''#!/usr/bin/env bash
# stand-in for make: "skipper" skips, "breaker" fails, anything else passes
target=${@: -1}
case "$target" in
  skipper) bash %(skip)s "tool X is missing" ;;
  breaker) echo boom; exit 2 ;;
esac
exit 0
'''


def _run_all(tmp_path, stages, ci):
    fake = tmp_path / 'fake-make'
    fake.write_text(FAKE_MAKE % {'skip': ROOT / 'tests' / 'tools' / 'skip_stage.sh'})
    fake.chmod(0o755)
    env = dict(os.environ, MAKE=str(fake), WEBADMIN_IIS_STAGES='\n'.join(stages), TMPDIR=str(tmp_path))
    env.pop('WEBADMIN_IIS_OPTIONAL_STAGES', None)
    if ci:
        env['CI'] = 'true'
    else:
        env.pop('CI', None)
    return subprocess.run(['bash', str(RUN_ALL)], env=env, capture_output=True, text=True, check=False)


@needs_tools
def test_a_skipped_stage_is_reported_as_skip_not_pass(tmp_path):
    done = _run_all(tmp_path, ['first stage|fine', 'lint stage|skipper'], ci=False)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = done.stdout.split('make test summary')[1]
    assert 'SKIP (tool X is missing)' in summary
    assert [line for line in summary.splitlines() if line.startswith('lint stage')][0].rstrip().endswith('SKIP (tool X is missing)')
    assert 'stages: 3 passed, 0 failed, 1 skipped' in summary  # + the two set-up stages
    assert 'all stages passed' not in summary


@needs_tools
def test_under_ci_a_skipped_required_stage_fails_the_run(tmp_path):
    done = _run_all(tmp_path, ['first stage|fine', 'lint stage|skipper'], ci=True)
    assert done.returncode == 1, done.stdout
    assert 'FAIL (skipped, but CI=true requires it: tool X is missing)' in done.stdout
    assert 'make test: FAILED' in done.stdout


@needs_tools
def test_a_failing_stage_fails_and_the_others_still_run(tmp_path):
    done = _run_all(tmp_path, ['broken|breaker', 'after|fine'], ci=False)
    assert done.returncode == 1
    assert 'FAIL (exit 2)' in done.stdout and 'after: PASS' in done.stdout


@needs_tools
def test_make_units_fails_when_pytest_collects_nothing(tmp_path):
    """pytest exit 5 (no tests collected) is a failure, never a green stage."""
    venv = tmp_path / 'venv'
    (venv / 'bin').mkdir(parents=True)
    fake_python = venv / 'bin' / 'python'
    fake_python.write_text('#!/bin/sh\necho "no tests ran in 0.01s"\nexit 5\n')
    fake_python.chmod(0o755)
    (venv / '.installed').touch()
    done = subprocess.run(['make', '-C', str(ROOT), 'units', 'VENV=%s' % venv, 'BIN=%s' % (venv / 'bin'),
                           'LOGS=%s' % (tmp_path / 'logs')], capture_output=True, text=True, check=False)
    assert done.returncode != 0, done.stdout
    assert 'collected no tests' in done.stdout


def _layout(tmp_path):
    checkout = tmp_path / 'work' / 'checkout'
    staged = checkout / '.build' / 'collections' / 'ansible_collections' / 'webadmin' / 'iis'
    staged.mkdir(parents=True)
    shared = tmp_path / 'work' / 'shared' / 'iis'
    shared.mkdir(parents=True)
    return checkout, staged, shared


def test_shared_data_is_found_from_the_checkout_and_from_the_staged_copy(tmp_path):
    checkout, staged, shared = _layout(tmp_path)
    assert find_shared_iis(root=checkout, environ={}) == shared.resolve()
    # ansible-test units runs in the staged copy and passes no environment variables through
    assert find_shared_iis(root=staged, environ={}) == shared.resolve()


def test_shared_data_env_var_wins_and_is_not_replaced_by_a_guess(tmp_path):
    checkout, staged, shared = _layout(tmp_path)
    other = tmp_path / 'elsewhere'
    other.mkdir()
    assert find_shared_iis(root=staged, environ={'WEBADMIN_IIS_SHARED': str(other)}) == other.resolve()
    assert find_shared_iis(root=staged, environ={'WEBADMIN_IIS_SHARED': str(tmp_path / 'missing')}) is None


def test_shared_data_absent_is_none(tmp_path):
    lonely = tmp_path / 'clone'
    lonely.mkdir()
    assert find_shared_iis(root=lonely, environ={}) is None


def test_every_test_module_uses_the_one_resolution():
    """No test looks for ../shared by a path of its own (that is how the schema corpus tests
    missed it under ansible-test units)."""
    offenders = []
    for path in (ROOT / 'tests' / 'unit').rglob('*.py'):
        if path.name in ('shared_data.py', 'test_tooling.py'):
            continue
        text = path.read_text(encoding='utf-8')
        if "/ 'shared' / 'iis'" in text or "'shared', 'iis'" in text or "os.environ.get('WEBADMIN_IIS_SHARED')" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
