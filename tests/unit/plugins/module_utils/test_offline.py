# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""OfflineHost writes: atomic, backed up on request, never over someone else's change."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import stat

import pytest

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.offline import (
    ConcurrentModificationError, OfflineHost, TargetError, sha256)
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

APPHOST = '%windir%\\System32\\inetsrv\\config\\applicationHost.config'
BROWSE = 'system.webServer/directoryBrowse'


def apphost_file(root):
    return root / 'Windows' / 'System32' / 'inetsrv' / 'config' / 'applicationHost.config'


def leftovers(directory):
    return [name for name in os.listdir(str(directory)) if name.endswith('.tmp')]


def planned(root, location='', enabled=True):
    manager = ServerManager(OfflineHost(str(root)))
    plan = Plan(manager)
    plan.set_attributes(BROWSE, location, {'enabled': enabled})
    return plan


def test_write_replaces_atomically_and_keeps_permissions(mini_host):
    host = OfflineHost(str(mini_host))
    path = apphost_file(mini_host)
    os.chmod(str(path), 0o640)
    before = path.read_bytes()
    inode = os.stat(str(path)).st_ino
    assert host.write(APPHOST, b'<configuration />', sha256(before)) is None
    assert path.read_bytes() == b'<configuration />'
    assert stat.S_IMODE(os.stat(str(path)).st_mode) == 0o640
    assert os.stat(str(path)).st_ino != inode  # a new file renamed over the old one
    assert leftovers(path.parent) == [] and host.writes == 1


def test_backup_keeps_the_previous_content(mini_host):
    before = apphost_file(mini_host).read_bytes()
    result = OfflineHost(str(mini_host)).apply(planned(mini_host), {'backup': True})
    (backup,) = result['backup_files']
    assert backup.startswith(APPHOST + '.') and backup.endswith('.bak')
    backup_path = OfflineHost(str(mini_host)).local_path(backup)
    with open(backup_path, 'rb') as handle:
        assert handle.read() == before
    assert b'<directoryBrowse enabled="true" />' in apphost_file(mini_host).read_bytes()


def test_no_backup_unless_asked(mini_host):
    result = OfflineHost(str(mini_host)).apply(planned(mini_host), {})
    assert result == {'backend': 'file'}
    assert [n for n in os.listdir(str(apphost_file(mini_host).parent)) if n.endswith('.bak')] == []


def test_concurrent_modification_is_refused_and_the_other_writer_wins(mini_host):
    plan = planned(mini_host)
    theirs = apphost_file(mini_host).read_bytes().replace(b'<directoryBrowse enabled="false" />',
                                                          b'<directoryBrowse enabled="false" showFlags="Date" />')
    apphost_file(mini_host).write_bytes(theirs)
    with pytest.raises(ConcurrentModificationError, match='changed since it was read'):
        OfflineHost(str(mini_host)).apply(plan, {'backup': True})
    assert apphost_file(mini_host).read_bytes() == theirs
    assert leftovers(apphost_file(mini_host).parent) == []
    with pytest.raises(ConcurrentModificationError):
        OfflineHost(str(mini_host)).write(APPHOST, b'x', sha256(b'what we read'))


def test_conflict_on_one_file_leaves_every_file_untouched(mini_host):
    manager = ServerManager(OfflineHost(str(mini_host)))
    plan = Plan(manager)
    plan.set_attributes(BROWSE, 'Site', {'enabled': True})  # new site web.config
    plan.ensure_item('system.webServer/modules', 'Site', {'name': 'X'})  # apphost <location>
    apphost_before = apphost_file(mini_host).read_bytes()
    (mini_host / 'inetpub' / 'site' / 'web.config').write_bytes(b'<configuration />')  # someone else created it
    with pytest.raises(ConcurrentModificationError, match='created by another process'):
        OfflineHost(str(mini_host)).apply(plan, {})
    assert apphost_file(mini_host).read_bytes() == apphost_before
    assert (mini_host / 'inetpub' / 'site' / 'web.config').read_bytes() == b'<configuration />'


def test_deleted_file_is_a_conflict(mini_host):
    plan = planned(mini_host)
    apphost_file(mini_host).unlink()
    with pytest.raises(ConcurrentModificationError, match='deleted'):
        OfflineHost(str(mini_host)).apply(plan, {})


def test_read_only_file_is_refused(mini_host):
    plan = planned(mini_host)
    path = apphost_file(mini_host)
    before = path.read_bytes()
    os.chmod(str(path), 0o444)
    try:
        with pytest.raises(TargetError, match='read-only'):
            OfflineHost(str(mini_host)).apply(plan, {})
        with pytest.raises(TargetError, match='read-only'):
            OfflineHost(str(mini_host)).write(APPHOST, b'x', sha256(before))
    finally:
        os.chmod(str(path), 0o644)
    assert path.read_bytes() == before


def test_failure_before_the_rename_keeps_the_original_and_no_temp_files(mini_host):
    class Failing(OfflineHost):
        def _before_replace(self, tmp, path):
            assert os.path.exists(tmp)
            raise OSError('disk full (injected)')

    plan = planned(mini_host)
    before = apphost_file(mini_host).read_bytes()
    with pytest.raises(TargetError, match=r'applicationHost\.config: cannot replace it: disk full \(injected\); nothing was changed'):
        Failing(str(mini_host)).apply(plan, {})
    assert apphost_file(mini_host).read_bytes() == before
    assert leftovers(apphost_file(mini_host).parent) == []


def test_missing_directory_is_refused_before_any_file_is_written(mini_host):
    manager = ServerManager(OfflineHost(str(mini_host)))
    plan = Plan(manager)
    plan.ensure_item('system.webServer/modules', 'Site', {'name': 'X'})  # applicationHost.config
    plan.set_attributes(BROWSE, 'Site/app/missing', {'enabled': True})  # web.config in a directory that does not exist
    before = apphost_file(mini_host).read_bytes()
    with pytest.raises(TargetError, match='does not exist'):
        OfflineHost(str(mini_host)).apply(plan, {})
    assert apphost_file(mini_host).read_bytes() == before


def test_web_config_that_is_a_directory_is_refused(mini_host):
    (mini_host / 'inetpub' / 'site' / 'web.config').mkdir()
    host = OfflineHost(str(mini_host))
    with pytest.raises(TargetError, match='is a directory'):
        host.read('C:\\inetpub\\site\\web.config')
    with pytest.raises(TargetError, match='is a directory'):
        host.write('C:\\inetpub\\site\\web.config', b'<configuration />')


@pytest.mark.parametrize('windows_path, message', [
    ('C:\\inetpub\\..\\..\\etc\\passwd', '".." is not allowed'),
    ('E:\\inetpub\\site\\web.config', 'drive E: is outside'),
    ('inetpub\\site\\web.config', 'relative path'),
    ('\\\\host\\share\\web.config', 'UNC'),
])
def test_paths_outside_the_root_are_refused_for_writes(mini_host, windows_path, message):
    with pytest.raises(TargetError, match=message):
        OfflineHost(str(mini_host)).write(windows_path, b'<configuration />')


def test_physical_path_outside_the_root_is_refused_when_writing(offline_host, mini_apphost):
    root = offline_host(mini_apphost.replace(b'%SystemDrive%\\inetpub\\site', b'%SystemDrive%\\..\\outside'))
    with pytest.raises(TargetError, match='escape the offline root'):
        planned(root, 'Site')


def test_environment_and_root_checks(tmp_path):
    with pytest.raises(TargetError, match='not a directory'):
        OfflineHost(str(tmp_path / 'nope'))
    with pytest.raises(TargetError, match='empty'):
        OfflineHost('')
    host = OfflineHost(str(tmp_path), environment={'SITES': 'C:\\Sites'})
    assert host.local_path('%sites%\\a') == str(tmp_path / 'Sites' / 'a')
    assert host.local_path('%ProgramFiles(x86)%') == str(tmp_path / 'Program Files (x86)')
    assert host.read('C:\\no\\such\\file') is None and not host.exists('C:\\no')


def test_list_dir_returns_windows_paths(mini_host):
    schema_dir = apphost_file(mini_host).parent / 'schema'
    schema_dir.mkdir()
    (schema_dir / 'B_schema.xml').write_bytes(b'<configSchema />')
    (schema_dir / 'a_schema.XML').write_bytes(b'<configSchema />')
    (schema_dir / 'notes.txt').write_bytes(b'')
    host = OfflineHost(str(mini_host))
    assert host.list_dir('%windir%\\System32\\inetsrv\\config\\schema', '.xml') == [
        '%windir%\\System32\\inetsrv\\config\\schema\\B_schema.xml',
        '%windir%\\System32\\inetsrv\\config\\schema\\a_schema.XML']
