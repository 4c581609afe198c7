# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An offline IIS host: a directory laid out like a Windows system drive.

Why: most of what this collection does can be proven without Windows if the files are where
IIS would look for them. Windows paths in the configuration (``%SystemDrive%\\inetpub\\wwwroot``,
``C:\\sites\\app``) are resolved inside the root, case-insensitively as NTFS does, and never outside
it. Writes are atomic (temp file + rename, permissions kept), optionally keep a timestamped
backup, and refuse to overwrite a file that changed since it was read.

A host class offers ``read(windows_path) -> bytes | None``, ``exists``, ``expand`` and
``write(windows_path, data, expected_sha256, backup)``; the Windows-host implementation offers the
same, so the configuration layer never knows which one it talks to.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import ntpath
import os
import re
import shutil
import stat
import tempfile
import time

APPHOST_CONFIG = r'%windir%\System32\inetsrv\config\applicationHost.config'
SCHEMA_DIR = r'%windir%\System32\inetsrv\config\schema'

#: The environment of a stock Windows Server as IIS expands it in physicalPath.
DEFAULT_ENVIRONMENT = {
    'systemdrive': 'C:',
    'systemroot': r'C:\Windows',
    'windir': r'C:\Windows',
    'programfiles': r'C:\Program Files',
    'programfiles(x86)': r'C:\Program Files (x86)',
    'programdata': r'C:\ProgramData',
    'public': r'C:\Users\Public',
    'inetpub': r'C:\inetpub',
}


class TargetError(ValueError):
    """A path or file on the target that cannot be used. The message names the path."""


class ConcurrentModificationError(TargetError):
    """The file changed between our read and our write: someone else is editing it."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


class OfflineHost:
    """A Windows system drive (``C:``) materialised as a local directory."""

    kind = 'offline'

    def __init__(self, root, environment=None, drive='C:'):
        if not root:
            raise TargetError('offline_root is empty')
        self.root = os.path.realpath(os.path.expanduser(str(root)))
        if not os.path.isdir(self.root):
            raise TargetError('offline_root %s is not a directory' % self.root)
        self.drive = drive.upper()
        self.environment = dict(DEFAULT_ENVIRONMENT)
        if environment:
            self.environment.update((k.lower(), v) for k, v in environment.items())
        self.reads = 0
        self.writes = 0

    # -- path resolution -----------------------------------------------------------------------
    def expand(self, windows_path):
        """Expand ``%VAR%`` references like Windows does (unknown ones are an error here:
        guessing would resolve to the wrong directory)."""
        def repl(match):
            name = match.group(1).lower()
            if name not in self.environment:
                raise TargetError('%s: unknown environment variable %%%s%%' % (windows_path, match.group(1)))
            return self.environment[name]
        return re.sub(r'%([^%\\/]+)%', repl, windows_path)

    def local_path(self, windows_path):
        """Map a Windows path to a path under the root; refuse anything that leaves it."""
        expanded = self.expand(windows_path).replace('/', '\\')
        drive, rest = ntpath.splitdrive(expanded)
        if drive.startswith('\\\\'):
            raise TargetError('%s: UNC paths are not supported on an offline host' % windows_path)
        if drive and drive.upper() != self.drive:
            raise TargetError('%s: drive %s is outside the offline root (only %s is mapped)' % (windows_path, drive, self.drive))
        if not drive and not rest.startswith('\\'):
            raise TargetError('%s: a relative path cannot be resolved on the host' % windows_path)
        parts = [p for p in rest.split('\\') if p not in ('', '.')]
        if '..' in parts:
            raise TargetError('%s: ".." is not allowed: the path would escape the offline root' % windows_path)
        current = self.root
        for part in parts:
            current = os.path.join(current, self._match_case(current, part))
        real = os.path.realpath(current)
        if real != self.root and not real.startswith(self.root + os.sep):
            raise TargetError('%s: resolves outside the offline root %s' % (windows_path, self.root))
        return real

    @staticmethod
    def _match_case(directory, name):
        """NTFS is case-insensitive: find the entry whose name matches, or keep the name."""
        try:
            if os.path.exists(os.path.join(directory, name)):
                return name
            lowered = name.lower()
            for entry in os.listdir(directory):
                if entry.lower() == lowered:
                    return entry
        except OSError:
            pass
        return name

    # -- reading --------------------------------------------------------------------------------
    def read(self, windows_path):
        """Bytes of a file, or None when it does not exist."""
        path = self.local_path(windows_path)
        if os.path.isdir(path):
            raise TargetError('%s: is a directory, not a configuration file' % windows_path)
        if not os.path.exists(path):
            return None
        self.reads += 1
        try:
            with open(path, 'rb') as handle:
                return handle.read()
        except OSError as exc:
            raise TargetError('%s: cannot read: %s' % (windows_path, exc.strerror))

    def exists(self, windows_path):
        return os.path.exists(self.local_path(windows_path))

    def list_dir(self, windows_path, suffix=''):
        """Windows paths of the files in a directory (for schema files)."""
        path = self.local_path(windows_path)
        if not os.path.isdir(path):
            return []
        return sorted(ntpath.join(windows_path, name) for name in os.listdir(path)
                      if name.lower().endswith(suffix.lower()) and os.path.isfile(os.path.join(path, name)))

    # -- writing --------------------------------------------------------------------------------
    def write(self, windows_path, data, expected_sha256=None, backup=False):
        """Atomically replace a file. ``expected_sha256`` is the hash of what we read (None for
        a file we create): if the file on disk differs, nothing is written. Returns the backup
        file's Windows path, or None."""
        path = self.local_path(windows_path)
        directory = os.path.dirname(path)
        if not os.path.isdir(directory):
            raise TargetError('%s: directory %s does not exist' % (windows_path, directory))
        current = None
        if os.path.exists(path):
            if os.path.isdir(path):
                raise TargetError('%s: is a directory, not a configuration file' % windows_path)
            if not stat.S_IMODE(os.stat(path).st_mode) & stat.S_IWUSR:
                raise TargetError('%s: file is read-only; nothing was written' % windows_path)
            with open(path, 'rb') as handle:
                current = handle.read()
        if (current is None) != (expected_sha256 is None) or (current is not None and sha256(current) != expected_sha256):
            raise ConcurrentModificationError(
                '%s: changed since it was read (another process wrote it); nothing was written. Run the task again.'
                % windows_path)
        backup_path = None
        if backup and current is not None:
            backup_path = '%s.%s.bak' % (windows_path, time.strftime('%Y%m%d-%H%M%S'))
            shutil.copy2(path, self.local_path(backup_path))
        fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), suffix='.tmp', dir=directory)
        try:
            with os.fdopen(fd, 'wb') as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if current is not None:
                mode = stat.S_IMODE(os.stat(path).st_mode)
                os.chmod(tmp, mode)
            self._before_replace(tmp, path)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        self.writes += 1
        return backup_path

    def _before_replace(self, tmp, path):
        """Hook for fault-injection tests: runs after the temp file is complete, before the rename."""

    # -- applying a plan ---------------------------------------------------------------------------
    def apply(self, plan, params):
        """Write every document the plan changed. All files are checked for concurrent changes
        before the first one is written, so a conflict leaves every file as it was."""
        backend = params.get('backend') or 'auto'
        if backend == 'appcmd':
            raise TargetError('backend=appcmd needs a Windows host; offline targets use backend=file')
        documents = plan.manager.changed_documents()
        for document in documents:
            self._check_unchanged(document)
        backups = []
        for document in documents:
            backup = self.write(document.path, plan.manager.document_bytes(document), None if document.is_new else document.sha256,
                                backup=bool(params.get('backup')))
            if backup:
                backups.append(backup)
        result = {'backend': 'file'}
        if backups:
            result['backup_files'] = backups
        return result

    def _check_unchanged(self, document):
        path = self.local_path(document.path)
        if os.path.isdir(path):
            raise TargetError('%s: is a directory, not a configuration file; nothing was written' % document.path)
        if not os.path.isdir(os.path.dirname(path)):
            # Checked for every file before the first write, so that one missing directory
            # cannot leave the other files of the same plan half-applied.
            raise TargetError('%s: directory %s does not exist; nothing was written' % (document.path, os.path.dirname(path)))
        exists = os.path.isfile(path)
        if document.is_new:
            if exists:
                raise ConcurrentModificationError('%s: was created by another process since it was read; nothing was written'
                                                  % document.path)
            return
        if not exists:
            raise ConcurrentModificationError('%s: was deleted since it was read; nothing was written' % document.path)
        if not stat.S_IMODE(os.stat(path).st_mode) & stat.S_IWUSR:
            raise TargetError('%s: file is read-only; nothing was written' % document.path)
        with open(path, 'rb') as handle:
            if sha256(handle.read()) != document.sha256:
                raise ConcurrentModificationError('%s: changed since it was read (another process wrote it); nothing was written. '
                                                  'Run the task again.' % document.path)
