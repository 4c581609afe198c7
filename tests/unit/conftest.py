"""pytest setup shared by all unit tests of webadmin.iis.

1. Makes ``ansible_collections.webadmin.iis`` importable under plain ``pytest`` (``make units``),
   the same way Ansible imports it: ansible-core's collection finder is installed on a directory
   OUTSIDE the repository that holds ``ansible_collections/webadmin/iis`` as a symlink to the
   repository root. Under ``ansible-test units`` the collection is already importable and nothing
   is done. (No symlink is ever created inside the repository, so no tool can loop through it.)
2. Provides the ``shared_iis`` fixture: the Path of the shared IIS test data (``../shared/iis``
   next to the repository, or the directory named by ``WEBADMIN_IIS_SHARED``; from the
   ansible-test copy under ``.build/`` the owning checkout's ``../shared/iis``: one resolution,
   ``tests/unit/shared_data.py``). Tests that use it
   are skipped with a clear message when it is absent, e.g. on a fresh CI clone.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
COLLECTION = ('webadmin', 'iis')
SHARED_IIS_MISSING = '../shared/iis not found: corpus tests skipped'


def _collection_importable() -> bool:
    try:
        return importlib.util.find_spec('ansible_collections.%s.%s' % COLLECTION) is not None
    except (ImportError, ValueError):
        return False


def _collections_dir() -> Path:
    """A per-checkout directory under the temp dir holding ansible_collections/webadmin/iis -> REPO_ROOT."""
    digest = hashlib.sha256(str(REPO_ROOT).encode('utf-8')).hexdigest()[:12]
    base = Path(tempfile.gettempdir()) / ('webadmin-iis-pytest-%s' % digest)
    namespace_dir = base.joinpath('ansible_collections', COLLECTION[0])
    namespace_dir.mkdir(parents=True, exist_ok=True)
    link = namespace_dir / COLLECTION[1]
    if not (link.is_symlink() and os.readlink(link) == str(REPO_ROOT)):
        # create the link atomically (several pytest processes may race here)
        tmp_link = namespace_dir / ('.%s.%d' % (COLLECTION[1], os.getpid()))
        if tmp_link.is_symlink() or tmp_link.exists():
            tmp_link.unlink()
        tmp_link.symlink_to(REPO_ROOT, target_is_directory=True)
        os.replace(tmp_link, link)
    return base


def _install_collection_finder() -> None:
    if _collection_importable():
        return  # ansible-test units (or an installed collection) already provides it
    from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder

    # ansible-core's finder must own the whole ``ansible_collections`` package; drop any stale one.
    for name in [name for name in sys.modules if name == 'ansible_collections' or name.startswith('ansible_collections.')]:
        del sys.modules[name]
    _AnsibleCollectionFinder(paths=[str(_collections_dir())])._install()


_install_collection_finder()


def find_shared_iis() -> Path | None:
    """Return the shared IIS data directory, or None (see tests/unit/shared_data.py: the one
    resolution every test and runner uses)."""
    from ansible_collections.webadmin.iis.tests.unit.shared_data import find_shared_iis as find

    return find()


@pytest.fixture(scope='session')
def shared_iis() -> Path:
    """Path of the shared IIS corpus/schema data; skips the test when it is not available."""
    path = find_shared_iis()
    if path is None:
        pytest.skip(SHARED_IIS_MISSING)
    return path


@pytest.fixture(autouse=True)
def isolated_read_cache(monkeypatch, tmp_path_factory, request):
    """Each test gets its own Windows-host read cache (plugin_utils/windows_host.ReadCache):
    tasks of one test share it like the tasks of one play; no test sees another's."""
    try:
        from ansible_collections.webadmin.iis.plugins.plugin_utils import windows_host
    except ImportError:
        # `ansible-test units` runs tests/unit/plugins/module_utils/ with only module_utils
        # importable: those tests never reach a Windows host, so there is no cache to isolate.
        yield
        return
    root = tmp_path_factory.getbasetemp() / 'read-cache' / hashlib.sha256(request.node.nodeid.encode('utf-8')).hexdigest()[:16]
    monkeypatch.setattr(windows_host, 'read_cache_root', lambda: str(root))
    yield
