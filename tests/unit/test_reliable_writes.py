# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How files are written on an offline host, seen through the task result: backups with unique
names that are complete or absent, a full disk that fails the task before the original is
touched, temp files of killed runs cleaned up (and said so), I/O errors that name the file, and
the permission bits of files the collection creates. (Concurrent writers: test_concurrent_writes.)
"""
from __future__ import absolute_import, division, print_function

import errno
import hashlib
import os
import shutil
import stat
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / 'plugins' / 'plugin_utils'))

from recording_connection import FakeIISHost, RecordingConnection, run_action  # noqa: E402

from ansible_collections.webadmin.iis.plugins.module_utils import offline  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / 'examples' / 'offline-host'
CONFIG_DIR = Path('Windows', 'System32', 'inetsrv', 'config')
APPHOST = CONFIG_DIR / 'applicationHost.config'
WWWROOT = Path('inetpub', 'wwwroot')


def header(name, location=''):
    """An iis_config task that adds one response header (server level: applicationHost.config)."""
    return {'section': 'system.webServer/httpProtocol', 'location': location, 'element': 'customHeaders',
            'collection': {'items': [{'name': name, 'value': 'v'}]}}


BROWSE_SITE = {'section': 'system.webServer/directoryBrowse', 'location': 'Default Web Site', 'attributes': {'enabled': True}}


def run(root, args, **extra):
    return run_action('iis_config', dict(args, offline_root=str(root), **extra), RecordingConnection(FakeIISHost({})))


def tree_state(root):
    state = {}
    for path in sorted(Path(root).rglob('*')):
        if path.is_file():
            state[str(path.relative_to(root))] = '%o:%s' % (stat.S_IMODE(path.stat().st_mode),
                                                            hashlib.sha256(path.read_bytes()).hexdigest())
    return state


@pytest.fixture
def host(tmp_path):
    root = tmp_path / 'host'
    shutil.copytree(str(EXAMPLE), str(root))
    return root


class FrozenClock:
    """time as the offline module sees it, stopped at one instant (every write in one second)."""

    def __init__(self):
        self.now = time.mktime((2026, 12, 2, 10, 0, 0, 0, 0, -1)) + 0.25

    def time(self):
        return self.now

    def gmtime(self, seconds=None):
        return time.gmtime(self.now if seconds is None else seconds)

    def localtime(self, seconds=None):
        return time.localtime(self.now if seconds is None else seconds)

    def strftime(self, fmt, value=None):
        return time.strftime(fmt, value if value is not None else time.localtime(self.now))

    def __getattr__(self, name):
        return getattr(time, name)


def ENOSPC_after_half(fd, data):
    """A write to a disk that fills up half way: some bytes land, then ENOSPC."""
    os.write(fd, bytes(data[:len(data) // 2]))
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# -- backups -----------------------------------------------------------------------------------------

def test_backups_in_the_same_second_get_unique_names(host, monkeypatch):
    """Three changing tasks in one second: three backups, the first still holds the original."""
    monkeypatch.setattr(offline, 'time', FrozenClock())
    versions, backups = [], []
    for name in ('X-One', 'X-Two', 'X-Three'):
        versions.append(host.joinpath(APPHOST).read_bytes())
        result = run(host, header(name), backup=True)
        assert result['changed'] and not result.get('failed'), result.get('msg')
        (backup,) = result['backup_files']
        backups.append(backup)
    assert len(set(backups)) == 3, backups
    for backup, before in zip(backups, versions):
        local = offline.OfflineHost(str(host)).local_path(backup)
        assert Path(local).read_bytes() == before
        assert stat.S_IMODE(os.stat(local).st_mode) == stat.S_IMODE(host.joinpath(APPHOST).stat().st_mode)
    assert [n for n in os.listdir(str(host / CONFIG_DIR)) if n.endswith('.tmp')] == []


@pytest.mark.parametrize('backup', [True, False], ids=['with-backup', 'without-backup'])
def test_full_disk_fails_the_task_and_touches_nothing(host, monkeypatch, backup):
    """ENOSPC half way through the backup (or the new content): the task fails naming the file,
    the original is untouched, and no truncated .bak or temp file is left."""
    monkeypatch.setattr(offline, '_write_fd', ENOSPC_after_half, raising=False)
    before = tree_state(host)
    result = run(host, header('X-Full'), backup=backup)
    assert result.get('failed'), result
    assert 'applicationHost.config' in result['msg'] and 'No space left on device' in result['msg'], result['msg']
    assert 'nothing was changed' in result['msg']
    if backup:
        assert 'backup' in result['msg'] or 'temp file' in result['msg'], result['msg']
    assert tree_state(host) == before  # no .bak, no .tmp, no lock file, original as it was


def test_backup_that_does_not_read_back_fails_before_the_original_is_touched(host, monkeypatch):
    real = offline._write_fd
    calls = []

    def corrupt_first(fd, data):
        calls.append(len(data))
        real(fd, bytes(data[:-1]) + b'!' if len(calls) == 1 else data)

    monkeypatch.setattr(offline, '_write_fd', corrupt_first)
    before = tree_state(host)
    result = run(host, header('X-Corrupt'), backup=True)
    assert result.get('failed') and 'backup' in result['msg'] and 'nothing was changed' in result['msg'], result
    assert tree_state(host) == before


# -- leftovers and messages -----------------------------------------------------------------------------

def test_stale_temp_files_of_ours_are_removed_and_reported(host):
    config_dir = host / CONFIG_DIR
    stale = config_dir / '.applicationHost.config.k1ll3d_9.tmp'  # what a killed run leaves (mkstemp name)
    stale.write_bytes(b'<configuration>half')
    old = time.time() - 3600
    os.utime(str(stale), (old, old))
    not_ours = [config_dir / 'applicationHost.config.tmp', config_dir / '.redirection.config.abcdefgh.tmp',
                config_dir / '.applicationHost.config.notes']
    for path in not_ours:
        path.write_bytes(b'keep')
    result = run(host, header('X-Clean'))
    assert result['changed'] and not result.get('failed'), result.get('msg')
    assert not stale.exists()
    assert all(path.exists() for path in not_ours)
    assert any('.applicationHost.config.k1ll3d_9.tmp' in w and 'interrupted' in w for w in result.get('warnings', [])), result
    # the next task has nothing left to clean and says nothing about it
    result = run(host, header('X-Again'))
    assert not any('temp file' in w for w in result.get('warnings', [])), result


def test_io_error_without_a_file_name_is_reported_with_the_file(host, monkeypatch):
    """os.replace failing with EIO (the error names no file): the message names it."""
    def failing_replace(src, dst):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(offline.os, 'replace', failing_replace)
    before = tree_state(host)
    result = run(host, header('X-EIO'))
    assert result.get('failed'), result
    assert 'applicationHost.config' in result['msg'] and 'Input/output error' in result['msg'], result['msg']
    assert 'nothing was changed' in result['msg'] and 'Traceback' not in result['msg']
    assert tree_state(host) == before


def test_unreadable_file_is_reported_with_the_file(host, monkeypatch):
    real_open = open
    target = str(host / WWWROOT / 'web.config')

    def refusing_open(path, *args, **kwargs):
        if str(path) == target:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr('builtins.open', refusing_open)
    result = run(host, BROWSE_SITE)
    assert result.get('failed') and 'web.config' in result['msg'] and 'Permission denied' in result['msg'], result
    assert 'nothing was changed' in result['msg']


# -- file modes -------------------------------------------------------------------------------------------

@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_created_web_config_gets_the_usual_mode(host, umask_022):
    """A web.config the collection creates is readable like any other file (0644 under umask
    022), not mkstemp's 0600 that the site's worker process account could not read."""
    (host / WWWROOT / 'web.config').unlink()
    result = run(host, BROWSE_SITE)
    assert result['changed'] and not result.get('failed'), result.get('msg')
    assert stat.S_IMODE((host / WWWROOT / 'web.config').stat().st_mode) == 0o644


def test_created_web_config_gets_the_mode_of_config_files_beside_it(host, umask_022):
    (host / WWWROOT / 'web.config').unlink()
    sibling = host / WWWROOT / 'connectionStrings.config'
    sibling.write_bytes(b'<connectionStrings />')
    sibling.chmod(0o640)
    result = run(host, BROWSE_SITE)
    assert result['changed'] and not result.get('failed'), result.get('msg')
    assert stat.S_IMODE((host / WWWROOT / 'web.config').stat().st_mode) == 0o640


def test_replaced_file_keeps_its_mode(host):
    path = host / APPHOST
    path.chmod(0o600)
    result = run(host, header('X-Mode'))
    assert result['changed'] and not result.get('failed'), result.get('msg')
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
