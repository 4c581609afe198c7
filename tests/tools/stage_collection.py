"""Mirror the collection's files into DEST (normally .build/collections/ansible_collections/webadmin/iis).

ansible-test only works when the collection sits at .../ansible_collections/<namespace>/<name>/ and
a symlink does not do (it resolves the real working directory), so `make` keeps a copy there. The
copy also serves as ANSIBLE_COLLECTIONS_PATH for ansible-playbook, molecule and the demo.

Files copied: what git would commit, i.e. ``git ls-files -z --cached --others --exclude-standard``
(tracked plus untracked-but-not-ignored). Outside a git checkout (e.g. an unpacked tarball) the tree
is walked instead, skipping the same kinds of paths .gitignore lists.

ansible-test picks its file list from the nearest enclosing git work tree; under .build/ that would
be the real checkout, where .build/ is ignored, and every target would be skipped. So the copy gets
an empty git repository of its own (``git init``, nothing committed): ansible-test then lists the
copy's files like in a fresh clone, honouring the copied .gitignore (e.g. tests/output/).

The copy is synchronised, not recreated: unchanged files are left alone, files that are gone are
removed, and ``tests/output/`` (ansible-test's results and cached venvs) is kept so repeated runs are fast.

Usage: stage_collection.py SOURCE_DIR DEST_DIR
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys

KEEP_IN_DEST = ('tests/output/', '.git/')
WALK_SKIP_DIRS = {'.git', '.build', '.ansible', '__pycache__', '.pytest_cache', '.hypothesis', '.cache'}
WALK_SKIP_PREFIXES = ('.venv', 'tests/output', 'tests/integration/inventory')


def list_files(source: str) -> list[str]:
    try:
        out = subprocess.run(
            ['git', '-C', source, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
            check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        ).stdout
        names = [name for name in out.decode('utf-8', 'surrogateescape').split('\0') if name]
    except (OSError, subprocess.CalledProcessError):
        names = walk(source)
    # `--cached` also lists tracked files deleted in the work tree; skip them.
    return sorted(name for name in names if os.path.lexists(os.path.join(source, name)))


def walk(source: str) -> list[str]:
    names = []
    for dirpath, dirnames, filenames in os.walk(source):
        rel_dir = os.path.relpath(dirpath, source)
        rel_dir = '' if rel_dir == '.' else rel_dir.replace(os.sep, '/') + '/'
        dirnames[:] = [
            d for d in dirnames
            if d not in WALK_SKIP_DIRS and not (rel_dir + d).startswith(WALK_SKIP_PREFIXES)
        ]
        for filename in filenames:
            rel = rel_dir + filename
            if rel.endswith(('.pyc', '.tar.gz')) or rel.startswith(WALK_SKIP_PREFIXES):
                continue
            names.append(rel)
    return names


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    source, dest = (os.path.abspath(arg) for arg in sys.argv[1:])
    if dest == source or dest.startswith(source + os.sep) and not dest.startswith(os.path.join(source, '.build') + os.sep):
        raise SystemExit('stage_collection: DEST must be outside SOURCE or under SOURCE/.build')

    wanted = list_files(source)
    wanted_set = set(wanted)
    copied = 0
    for rel in wanted:
        src = os.path.join(source, rel)
        dst = os.path.join(dest, rel)
        if os.path.islink(src):
            if os.path.islink(dst) and os.readlink(dst) == os.readlink(src):
                continue
            if os.path.lexists(dst):
                os.remove(dst)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            os.symlink(os.readlink(src), dst)
            copied += 1
            continue
        if os.path.isfile(dst) and not os.path.islink(dst) and filecmp.cmp(src, dst, shallow=False):
            if os.stat(src).st_mode != os.stat(dst).st_mode:
                shutil.copymode(src, dst)  # sanity's shebang test looks at the executable bit
            continue
        if os.path.lexists(dst):
            if os.path.isdir(dst) and not os.path.islink(dst):
                shutil.rmtree(dst)
            else:
                os.remove(dst)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
        copied += 1

    removed = 0
    for dirpath, dirnames, filenames in os.walk(dest, topdown=True):
        rel_dir = os.path.relpath(dirpath, dest)
        rel_dir = '' if rel_dir == '.' else rel_dir.replace(os.sep, '/') + '/'
        dirnames[:] = [d for d in dirnames if not (rel_dir + d + '/').startswith(KEEP_IN_DEST)]
        for filename in filenames + [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]:
            rel = rel_dir + filename
            if rel not in wanted_set:
                os.remove(os.path.join(dirpath, filename))
                removed += 1
    # drop directories left empty (but keep tests/output)
    for dirpath, dirnames, filenames in os.walk(dest, topdown=False):
        rel_dir = os.path.relpath(dirpath, dest).replace(os.sep, '/') + '/'
        if dirpath != dest and not rel_dir.startswith(KEEP_IN_DEST) and not os.listdir(dirpath):
            os.rmdir(dirpath)

    if not os.path.exists(os.path.join(dest, '.git')):
        subprocess.run(['git', 'init', '--quiet', dest], check=True)

    print('stage_collection: %d files in %s (%d updated, %d removed)' % (len(wanted), dest, copied, removed))


if __name__ == '__main__':
    main()
