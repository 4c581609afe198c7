# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An offline IIS host: a directory laid out like a Windows system drive.

Why: most of what this collection does can be proven without Windows if the files are where
IIS would look for them. Windows paths in the configuration (``%SystemDrive%\\inetpub\\wwwroot``,
``C:\\sites\\app``) are resolved inside the root, case-insensitively as NTFS does, and never outside
it. Writes are atomic (temp file + rename, permissions kept) and optionally keep a backup under
a name no other write uses. "Compare with what was read, then replace" is one critical section
under an exclusive lock of each file, so a file that another writer changed since it was read is
never overwritten (docs/reliability.md says what is guaranteed against whom).

A host class offers ``read(windows_path) -> bytes | None``, ``exists``, ``expand`` and
``write(windows_path, data, expected_sha256, backup)``; the Windows-host implementation offers the
same, so the configuration layer never knows which one it talks to.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import errno
import fcntl
import hashlib
import ntpath
import os
import re
import stat
import tempfile
import time

APPHOST_CONFIG = r'%windir%\System32\inetsrv\config\applicationHost.config'
SCHEMA_DIR = r'%windir%\System32\inetsrv\config\schema'
#: Name of the lock file beside a target: ``.<file name>`` + this (see :class:`_FileLock`).
LOCK_SUFFIX = '.webadmin-iis.lock'

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
            raise TargetError('%s: cannot read: [Errno %s] %s; nothing was changed' % (windows_path, exc.errno, exc.strerror))

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
    #: Seconds a writer waits for another writer of the same file before it gives up.
    LOCK_TIMEOUT = 60.0

    def write(self, windows_path, data, expected_sha256=None, backup=False):
        """Atomically replace a file. ``expected_sha256`` is the hash of what we read (None for
        a file we create): if the file on disk differs, nothing is written. Returns the backup
        file's Windows path, or None. (One file of :meth:`apply`: same lock, checks, backup.)"""
        pending = _Pending(windows_path, self.local_path(windows_path), data, expected_sha256)
        backups, _warnings = self._commit([pending], backup)
        return backups[0] if backups else None

    def _before_replace(self, tmp, path):
        """Hook for fault-injection tests: runs after the temp file is complete and the file was
        found unchanged (under its lock), just before the rename."""

    # -- applying a plan ---------------------------------------------------------------------------
    def apply(self, plan, params):
        """Write every document the plan changed. Every file of the plan is locked (in sorted
        order), re-read and compared with what the plan read, backed up when asked and written
        to a complete temp file before the first one is renamed over its original, so a
        conflict, a full disk or a failed backup leaves every file as it was."""
        backend = params.get('backend') or 'auto'
        if backend == 'appcmd':
            raise TargetError('backend=appcmd needs a Windows host; offline targets use backend=file')
        pending = [_Pending(document.path, self.local_path(document.path), plan.manager.document_bytes(document),
                            None if document.is_new else document.sha256)
                   for document in plan.manager.changed_documents()]
        backups, warnings = self._commit(pending, bool(params.get('backup')))
        result = {'backend': 'file'}
        if backups:
            result['backup_files'] = backups
        if warnings:
            result['warnings'] = warnings
        return result

    def _commit(self, pending, backup):
        """The one critical section of a write: lock -> remove stale temp files -> compare with
        what was read -> backups -> temp files -> renames -> unlock. Returns (backup Windows
        paths, warnings).

        Why one section: a check made before the lock is taken proves nothing, because another
        writer may rename its file in between and its change would be lost silently. Locks are
        taken in sorted path order, so two writers of overlapping plans cannot deadlock."""
        for item in pending:
            self._check_target(item)
        order = sorted(pending, key=lambda item: item.local)
        for first, second in zip(order, order[1:]):
            if first.local == second.local:
                raise TargetError('%s: planned twice in one write (as %s); nothing was changed' % (first.path, second.path))
        locks, warnings, created, replaced = [], [], [], []
        step = _Step()
        try:
            for item in order:
                step.set(item, 'lock it (lock file .%s%s)' % (os.path.basename(item.local), LOCK_SUFFIX))
                locks.append(_FileLock(item, self.LOCK_TIMEOUT))
            for item in order:
                step.set(item, 'remove stale temp files beside it')
                warnings.extend(self._remove_stale_temps(item))
            for item in order:
                step.set(item, 'read it')
                item.current = self._check_unchanged(item)
            if backup:
                for item in order:
                    if item.current is not None:
                        item.backup_local, item.backup = self._write_backup(item, step, created)
            for item in order:
                item.tmp = self._write_temp(item, item.data, self._mode_for(item), step, created)
            for item in order:
                step.set(item, 'replace it')
                self._before_replace(item.tmp, item.local)
                os.replace(item.tmp, item.local)
                created.remove(item.tmp)
                if item.backup_local in created:
                    created.remove(item.backup_local)  # holds what was replaced: kept, even if a later rename fails
                replaced.append(item)
                self.writes += 1
            for directory in sorted(set(os.path.dirname(item.local) for item in order)):
                _fsync_directory(directory)  # the renames survive a power cut once we report them
        except BaseException as exc:
            for path in created:
                _remove_quietly(path)
            if isinstance(exc, OSError):
                raise TargetError(step.message(exc, replaced))
            raise
        finally:
            for lock in reversed(locks):
                lock.release()
        return [item.backup for item in order if item.backup], warnings

    def _check_target(self, item):
        """What can be refused without the lock (it does not depend on another writer)."""
        if os.path.isdir(item.local):
            raise TargetError('%s: is a directory, not a configuration file; nothing was changed' % item.path)
        directory = os.path.dirname(item.local)
        if not os.path.isdir(directory):
            # Checked for every file before the first write, so that one missing directory
            # cannot leave the other files of the same plan half-applied.
            raise TargetError('%s: directory %s does not exist; nothing was changed' % (item.path, directory))

    def _check_unchanged(self, document):
        """Bytes of the file now (None when absent), after checking that they are what
        ``document`` (a ConfigDocument or a pending write: ``path``, ``is_new``, ``sha256``) was
        read with. Called with the file's lock held, so the answer stays true until the rename."""
        path = self.local_path(document.path)
        if os.path.isdir(path):
            raise TargetError('%s: is a directory, not a configuration file; nothing was changed' % document.path)
        exists = os.path.isfile(path)
        if document.is_new:
            if exists:
                raise ConcurrentModificationError('%s: was created by another process since it was read; nothing was changed. '
                                                  'Run the task again.' % document.path)
            return None
        if not exists:
            raise ConcurrentModificationError('%s: was deleted since it was read; nothing was changed' % document.path)
        if not stat.S_IMODE(os.stat(path).st_mode) & stat.S_IWUSR:
            raise TargetError('%s: file is read-only; nothing was changed' % document.path)
        with open(path, 'rb') as handle:
            current = handle.read()
        if sha256(current) != document.sha256:
            raise ConcurrentModificationError('%s: changed since it was read (another process wrote it); nothing was changed. '
                                              'Run the task again.' % document.path)
        return current

    @staticmethod
    def _mode_for(item):
        """Permission bits of the new file: those of the file it replaces; for a file we create,
        those of a ``*.config`` file beside it, else 0666 less the umask (0644 usually). Never
        mkstemp's 0600, which IIS's worker process accounts could not read."""
        if item.current is not None:
            return stat.S_IMODE(os.stat(item.local).st_mode)
        directory = os.path.dirname(item.local)
        for name in sorted(os.listdir(directory)):
            sibling = os.path.join(directory, name)
            if name.lower().endswith('.config') and not name.startswith('.') and sibling != item.local:
                info = os.lstat(sibling)
                if stat.S_ISREG(info.st_mode):
                    return stat.S_IMODE(info.st_mode)
        return 0o666 & ~_umask()

    def _write_temp(self, item, data, mode, step, created):
        """A complete, fsynced temp file beside the target, named ``.<name>.<random>.tmp`` (the
        pattern :meth:`_remove_stale_temps` knows). Returns its local path."""
        directory, name = os.path.split(item.local)
        step.set(item, 'create a temp file beside it')
        fd, tmp = tempfile.mkstemp(prefix='.%s.' % name, suffix='.tmp', dir=directory)
        created.append(tmp)
        step.set(item, 'write the temp file %s' % os.path.basename(tmp))
        try:
            _write_fd(fd, data)
            if item.current is not None and os.geteuid() == 0:
                info = os.stat(item.local)
                os.fchown(fd, info.st_uid, info.st_gid)  # root replacing a file keeps its owner
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        return tmp

    def _write_backup(self, item, step, created):
        """A copy of the current bytes under a name no other write uses: ``<file>.<UTC date-time
        to the microsecond>[-n].bak``, published with ``link()``, which never replaces an existing
        file, only once it is complete, fsynced and read back. Returns (local, Windows path)."""
        tmp = self._write_temp(item, item.current, stat.S_IMODE(os.stat(item.local).st_mode), step, created)
        step.set(item, 'read back the backup copy %s' % os.path.basename(tmp))
        with open(tmp, 'rb') as handle:
            if sha256(handle.read()) != sha256(item.current):
                raise OSError(errno.EIO, 'the backup copy does not read back as written')
        now = time.time()
        stamp = '.%s-%06d' % (time.strftime('%Y%m%d-%H%M%S', time.gmtime(now)), int(now % 1 * 1e6))
        for number in range(1000):
            suffix = stamp + ('-%d' % number if number else '') + '.bak'
            local = item.local + suffix
            step.set(item, 'create the backup %s' % os.path.basename(local))
            try:
                _publish_without_replacing(tmp, local)
            except FileExistsError:
                continue
            created.remove(tmp)
            created.append(local)
            return local, item.path + suffix
        raise OSError(errno.EEXIST, 'no free backup name')

    def _remove_stale_temps(self, item):
        """Remove temp files of ours beside the target (``.<name>.<random>.tmp``) that a killed run
        left. Called with the target's lock held: every writer of this collection creates the
        temp files of a target only while holding its lock, so none of them belongs to a live
        writer. Returns one warning per file removed."""
        directory, name = os.path.split(item.local)
        pattern = re.compile(r'^\.%s\.[A-Za-z0-9_]{6,}\.tmp$' % re.escape(name))
        warnings = []
        for entry in sorted(os.listdir(directory)):
            if pattern.match(entry) and os.path.isfile(os.path.join(directory, entry)):
                os.unlink(os.path.join(directory, entry))
                warnings.append('%s: removed %s, a temp file left by an interrupted earlier write'
                                % (item.path, ntpath.join(ntpath.dirname(item.path), entry)))
        return warnings


class _Pending:
    """One file of a write: where it goes, what to write, and the hash it was read with."""

    def __init__(self, path, local, data, expected_sha256):
        self.path = path            # Windows path, as the task names it
        self.local = local          # path under the offline root
        self.data = data
        self.sha256 = expected_sha256
        self.is_new = expected_sha256 is None
        self.current = None         # bytes on disk, read under the lock
        self.tmp = None
        self.backup = None          # Windows path of the backup
        self.backup_local = None


class _Step:
    """What a write is doing, so that an OSError (which often names no file: ENOSPC from a
    write() does not) becomes a message naming the file and saying what changed."""

    def __init__(self):
        self.item = None
        self.what = ''

    def set(self, item, what):
        self.item, self.what = item, what

    def message(self, exc, replaced):
        reason = exc.strerror or str(exc)
        if exc.errno:
            reason = '[Errno %d] %s' % (exc.errno, reason)
        text = '%s: cannot %s: %s' % (self.item.path, self.what, reason) if self.item else 'cannot write: %s' % reason
        if replaced:
            return '%s; ALREADY REPLACED before the failure: %s' % (text, ', '.join(
                '%s (previous content in %s)' % (i.path, i.backup) if i.backup else i.path for i in replaced))
        return text + '; nothing was changed'


class _FileLock:
    """An exclusive ``flock`` on ``.<name>.webadmin-iis.lock`` beside the target.

    Why a separate lock file: the target itself is replaced by a rename, so a lock on it would
    be a lock on a file that is no longer there. Why the inode check: the lock file is removed
    by its holder when it is done (no litter in site directories), and a waiter that opened the
    old file before the removal would otherwise "hold" a lock on an unlinked file while a third
    writer locks the new one (the classic lock-file-unlink race). After ``flock`` succeeds, the
    path must still name the very file that is locked; if not, open and lock again. The holder
    unlinks only while holding the lock, so at any time at most one writer holds the lock on
    the file the path names. A killed holder's lock ends with its process (the kernel drops
    it); the file it leaves is simply locked and reused."""

    def __init__(self, item, timeout):
        directory, name = os.path.split(item.local)
        self.path = os.path.join(directory, '.%s%s' % (name, LOCK_SUFFIX))
        self.fd = None
        deadline = time.monotonic() + timeout
        delay = 0.001
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_CLOEXEC', 0) | getattr(os, 'O_NOFOLLOW', 0), 0o600)
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise TargetError('%s: another writer has held its lock file %s for more than %d s; nothing was '
                                              'changed. Run the task again when the other run has finished.'
                                              % (item.path, self.path, timeout))
                        time.sleep(delay)
                        delay = min(delay * 2, 0.05)
                locked = os.fstat(fd)
                try:
                    named = os.lstat(self.path)
                except FileNotFoundError:
                    named = None
            except BaseException:
                os.close(fd)
                raise
            if named is not None and (named.st_dev, named.st_ino) == (locked.st_dev, locked.st_ino):
                self.fd = fd
                return
            os.close(fd)  # the holder removed it meanwhile: lock the file the path names now

    def release(self):
        if self.fd is None:
            return
        try:
            os.unlink(self.path)  # still holding it: nobody else can hold the file unlinked here
        except OSError:
            pass
        os.close(self.fd)
        self.fd = None


def _write_fd(fd, data):
    """Write all of ``data`` to ``fd`` (short writes continue; errors such as ENOSPC raise)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _publish_without_replacing(tmp, final):
    """Give the complete file ``tmp`` the name ``final`` only if that name is free
    (FileExistsError otherwise). ``link()`` is atomic and never replaces; on a filesystem without
    hard links the name is reserved with O_EXCL and the complete file renamed over the
    reservation."""
    try:
        os.link(tmp, final)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS):
            raise
        os.close(os.open(final, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.replace(tmp, final)
        return
    os.unlink(tmp)


def _fsync_directory(directory):
    """Make the renames durable (a power cut after the task reported success keeps them)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(path):
    try:
        os.unlink(path)
    except OSError:
        pass


def _umask():
    """The process umask, read without changing it (os.umask() would, for every thread)."""
    try:
        with open('/proc/self/status') as handle:
            for line in handle:
                if line.startswith('Umask:'):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022
