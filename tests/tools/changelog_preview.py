"""CHANGELOG.rst for the unreleased version, without consuming the fragments.

The collection has not been released yet: ``changelogs/changelog.yaml`` has no release, and
``antsibull-changelog release`` (which the maintainers run when they release) would move every
fragment into it. Until then this script runs that same command in a scratch copy of the
collection (``<work>/ansible_collections/webadmin/iis``), for the version in galaxy.yml, so that
nothing in the checkout changes except, with ``--write``, ``CHANGELOG.rst``.

--check (CI, `make changelog-lint`): the release would succeed with the fragments there are now,
  and the changelog.yaml it would produce passes ``antsibull-changelog lint-changelog-yaml``.
  A CHANGELOG.rst older than the fragments is reported, not failed: fragments arrive with every
  change, and the file is regenerated at release time.
--write (`make changelog`): also copy the preview to CHANGELOG.rst.

Usage: .venv/bin/python tests/tools/changelog_preview.py <repo root> <work dir> --check|--write
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

COPIED = ('galaxy.yml', 'changelogs', 'plugins', 'meta', 'roles', 'README.md')


def main() -> None:
    repo, work, mode = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve(), sys.argv[3]
    if mode not in ('--check', '--write'):
        raise SystemExit('usage: changelog_preview.py <repo> <work> --check|--write')
    tool = str(Path(sys.executable).with_name('antsibull-changelog'))
    version = yaml.safe_load((repo / 'galaxy.yml').read_text(encoding='utf-8'))['version']
    shutil.rmtree(work, ignore_errors=True)
    copy = work / 'ansible_collections' / 'webadmin' / 'iis'
    copy.mkdir(parents=True)
    for name in COPIED:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns('__pycache__', '.plugin-cache.yaml'))
        elif source.exists():
            shutil.copyfile(source, copy / name)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(work))
    subprocess.run([tool, 'release', '--version', str(version)], cwd=copy, env=env, check=True)
    subprocess.run([tool, 'lint-changelog-yaml', 'changelogs/changelog.yaml'], cwd=copy, env=env, check=True)
    preview = (copy / 'CHANGELOG.rst').read_text(encoding='utf-8')
    fragments = sorted(p.name for p in (repo / 'changelogs' / 'fragments').glob('*.y*ml'))
    print('changelog: %s would be released with %d fragments (preview: %s)' % (version, len(fragments), copy / 'CHANGELOG.rst'))
    target = repo / 'CHANGELOG.rst'
    if mode == '--write':
        target.write_text(preview, encoding='utf-8')
        print('changelog: wrote %s' % target)
    elif not target.exists():
        raise SystemExit('changelog: CHANGELOG.rst is missing: run `make changelog`')
    elif target.read_text(encoding='utf-8') != preview:
        print('changelog: NOTE: CHANGELOG.rst predates some fragments; `make changelog` refreshes it')


if __name__ == '__main__':
    main()
