# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where the shared IIS test data (``../shared/iis``) is: ONE answer for every test and runner.

Why one function: the corpus tests run under plain pytest from the checkout (``make units``) and
under ``ansible-test units`` from the staged copy in
``<checkout>/.build/collections/ansible_collections/webadmin/iis``. A test that looked only at
``<its checkout>/../shared`` found nothing from the staged copy and was skipped there silently.

Order: ``$WEBADMIN_IIS_SHARED`` when set (the Makefile sets it to the absolute path when the
directory exists; when set, nothing else is tried); else ``../shared/iis`` beside the collection root; then, from a staged copy under a
``.build`` directory, ``../shared/iis`` beside the checkout that owns that ``.build`` (ansible-test
does not pass the environment through to pytest, so this fallback is what works there).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
from pathlib import Path

SHARED_IIS_ENV = 'WEBADMIN_IIS_SHARED'
COLLECTION_ROOT = Path(__file__).resolve().parents[2]


def shared_iis_candidates(root=COLLECTION_ROOT, environ=None):
    """The directories that may hold the shared data, best first (``environ``: os.environ)."""
    environ = os.environ if environ is None else environ
    configured = environ.get(SHARED_IIS_ENV)
    if configured:
        return [Path(configured).expanduser()]  # explicit: never silently replaced by a guess
    candidates = [Path(root).parent / 'shared' / 'iis']
    candidates += [parent.parent.parent / 'shared' / 'iis' for parent in Path(root).parents if parent.name == '.build']
    return candidates


def find_shared_iis(root=COLLECTION_ROOT, environ=None):
    """The shared IIS data directory (resolved), or None when it is absent (fresh CI clone)."""
    for candidate in shared_iis_candidates(root, environ):
        if candidate.is_dir():
            return candidate.resolve()
    return None
