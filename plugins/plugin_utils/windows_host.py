# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A live Windows IIS host, reached through the task's own connection (winrm, psrp, ssh).

Why this shape: the configuration layer only needs ``read``/``list_dir`` and ``apply``, so the
same planning code serves offline directories and live servers. Against a live server the cost
that matters is round trips, so:

* the first ``read()`` runs ONE script that returns applicationHost.config, every web.config under
  a virtual directory's physicalPath, the schema directory and, when the module asks for it, the
  http.sys SSL bindings (``HOST_QUERIES``) and the folders that hold a managed type's assembly
  (``host_requests(params)``); later reads are served from that snapshot (a file outside it costs one more
  round trip, shown at -vvv);
* what an earlier task of the play already received is not sent again (:class:`ReadCache`): the
  host leaves out every content whose SHA-256 the controller sent, and the whole file list when
  it found the list the controller holds, so a no-op after the first receives about 1 KB;
* ``apply()`` runs ONE script that checks the files are unchanged, takes an appcmd backup, runs
  every command (or writes every file atomically), runs netsh, and rolls back on the first
  failure.

No-op task: 1 round trip. Changing task: 2. ``round_trips`` counts them.

Scripts are constants (plugin_utils/host_scripts.py); inputs are data on stdin; command lines
for appcmd.exe and netsh.exe are quoted by appcmd.join_windows_args on the controller and started
without cmd.exe.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import json
import ntpath
import os
import re
import stat
import time
import uuid

from ansible.utils.display import Display

from ansible_collections.webadmin.iis.plugins.module_utils import appcmd, bindings, module_requirements
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError
from ansible_collections.webadmin.iis.plugins.module_utils.offline import APPHOST_CONFIG, SCHEMA_DIR, TargetError
from ansible_collections.webadmin.iis.plugins.plugin_utils import host_scripts
from ansible_collections.webadmin.iis.plugins.plugin_utils.iis_action import FeatureFailure

display = Display()

NETSH = r'%windir%\System32\netsh.exe'
#: The application id IIS registers its http.sys SSL bindings with.
IIS_APP_ID = bindings.IIS_HTTP_SYS_APPID

#: Directory of the read caches, inside Ansible's per-run local temp directory (ReadCache).
READ_CACHE_DIR = 'webadmin-iis-read-cache'


class HostError(TargetError):
    """The host could not run our script, or answered something we cannot read."""


# -- small helpers ---------------------------------------------------------------------------------
def path_key(windows_path):
    """Case- and separator-insensitive key of a Windows path (NTFS compares case-insensitively)."""
    path = windows_path.replace('/', '\\')
    prefix = '\\\\' if path.startswith('\\\\') else ''
    return (prefix + re.sub(r'\\+', r'\\', path[len(prefix):])).rstrip('\\').lower()


def expand_environment(windows_path, environment):
    """``%VAR%`` expansion as the host does it, with the variables the read script reported;
    unknown variables stay as they are (like ExpandEnvironmentVariables)."""
    lowered = dict((k.lower(), v) for k, v in environment.items() if v)
    return re.sub(r'%([^%]+)%', lambda m: lowered.get(m.group(1).lower(), m.group(0)), windows_path)


def encode_payload(script, data):
    """The stdin of one round trip: base64(script) and base64(JSON data), one line each."""
    text = json.dumps(data, sort_keys=True, separators=(',', ':'))
    lines = [base64.b64encode(script.encode('utf-8')), base64.b64encode(text.encode('utf-8'))]
    return b'\r\n'.join(lines) + b'\r\n'


def decode_payload(in_data):
    """Inverse of :func:`encode_payload` (tests, golden files and the recording connection)."""
    lines = [line for line in in_data.decode('ascii').split() if line]
    return base64.b64decode(lines[0]).decode('utf-8'), json.loads(base64.b64decode(lines[1]).decode('utf-8'))


def parse_result(stdout):
    """The JSON document after the last result marker, or None."""
    found = None
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith(host_scripts.RESULT_MARKER):
            found = line[len(host_scripts.RESULT_MARKER):]
    if found is None:
        return None
    return json.loads(base64.b64decode(found).decode('utf-8'))


def native_step(file_name, argv, display_text=None, undo=None):
    """One executable run by the apply script: the argument string is quoted here, once."""
    return {'file': file_name, 'arguments': appcmd.join_windows_args(argv),
            'display': display_text or '%s %s' % (ntpath.basename(file_name), appcmd.join_windows_args(argv)),
            'undo': undo}


# -- read cache ------------------------------------------------------------------------------------
def read_cache_root():
    """Where this controller run keeps its read caches: under Ansible's per-run local temp
    directory (``ANSIBLE_LOCAL_TEMP``), which ansible-playbook creates 0700 before it forks the
    task workers and removes when it exits. None (no cache) when there is no such directory."""
    try:
        from ansible import constants as C
        directory = C.DEFAULT_LOCAL_TMP
    except Exception:  # pragma: no cover - a controller without a local tmp just does not cache
        return None
    if not directory or not os.path.isdir(directory):
        return None
    return os.path.join(directory, READ_CACHE_DIR)


def listing_digest(entries):
    """SHA-256 of what a read reported about its files: path, expanded path, exists and SHA-256
    of each entry, in order, each field followed by a NUL (no field can hold one). The read
    script computes the same text (Get-ListingDigest); equal digests mean the same files with the
    same contents, so the host need not send the list again."""
    parts = []
    for entry in entries:
        for field in (entry.get('path') or '', entry.get('expanded') or '', '1' if entry.get('exists') else '0',
                      entry.get('sha256') or ''):
            parts.append(field)
            parts.append('\0')
    return hashlib.sha256(''.join(parts).encode('utf-8', 'surrogatepass')).hexdigest()


_HEX64 = re.compile(r'^[0-9a-f]{64}$')


class ReadCache:
    """What the controller already read from one host during one play, on disk.

    Why on disk: with the default strategy every task runs in a new forked worker, so nothing a
    task keeps in memory reaches the next one. Why it cannot give wrong content: contents are
    stored under their SHA-256 and hashed again when loaded (a damaged or truncated entry is
    dropped before the read is sent, so the host sends that file in the same round trip); the
    host always hashes the real files and leaves a content out only when the controller holds
    exactly that hash; a file list is reused only when the host computed the same digest over
    the list it found. Secrets: configuration files may hold ``[enc:...:enc]`` values, so every
    directory is 0700 and every file 0600, owned by the controller user; a directory that is
    not ours or that others can read is not used.

    Layout: ``<root>/<key>/index.json`` ({'listings': {kind: {'digest', 'entries'}}, 'contents':
    [sha256...]}) and one ``<sha256>`` file per content. ``key`` is a hash of the play and the
    connection identity (see :meth:`WindowsHost._cache_identity`).
    """

    INDEX = 'index.json'

    def __init__(self, directory):
        self.directory = directory
        self.contents = {}      # sha256 -> bytes, verified
        self.listings = {}      # kind -> {'digest', 'entries'}, verified against their digest
        self.dropped = []       # what was found unusable, for -vvv

    # -- loading -----------------------------------------------------------------------------------
    @classmethod
    def load(cls, directory):
        cache = cls(directory)
        if not cache._safe_directory():
            return cache
        try:
            with open(os.path.join(directory, cls.INDEX), 'rb') as handle:
                index = json.loads(handle.read().decode('utf-8'))
            listings = index.get('listings') or {}
            names = list(index.get('contents') or [])
        except (OSError, ValueError, AttributeError, TypeError):
            if os.path.exists(os.path.join(directory, cls.INDEX)):
                cache.dropped.append(cls.INDEX)
            return cache
        for name in names:
            data = cache._read_content(name)
            if data is not None:
                cache.contents[name] = data
        for kind, listing in listings.items() if isinstance(listings, dict) else ():
            try:
                entries = [dict(path=e['path'], expanded=e['expanded'], exists=bool(e['exists']), sha256=e['sha256'])
                           for e in listing['entries']]
                digest = listing['digest']
            except (KeyError, TypeError):
                cache.dropped.append('listing %s' % kind)
                continue
            # Reused only when the list is intact and every content it names is at hand.
            if digest == listing_digest(entries) and all(e['sha256'] in cache.contents for e in entries if e['exists']):
                cache.listings[kind] = {'digest': digest, 'entries': entries}
            else:
                cache.dropped.append('listing %s' % kind)
        return cache

    def _safe_directory(self):
        try:
            info = os.lstat(self.directory)
        except OSError:
            return False
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o077:
            self.dropped.append('directory %s (not a private directory of this user)' % self.directory)
            return False
        return True

    def _read_content(self, name):
        if not isinstance(name, str) or not _HEX64.match(name):
            self.dropped.append(repr(name))
            return None
        try:
            with open(os.path.join(self.directory, name), 'rb') as handle:
                data = handle.read()
        except OSError:
            self.dropped.append(name)
            return None
        if hashlib.sha256(data).hexdigest() != name:
            self.dropped.append(name)
            return None
        return data

    # -- what the read sends --------------------------------------------------------------------------
    def known(self):
        return sorted(self.contents)

    def listing(self, kind):
        listing = self.listings.get(kind)
        return listing['digest'] if listing else None

    def entries(self, kind, digest):
        """The cached entries of ``kind`` when the host found the list with ``digest``, else None."""
        listing = self.listings.get(kind)
        if listing is None or digest is None or listing['digest'] != digest:
            return None
        return [dict(e, data=None) for e in listing['entries']]

    # -- saving ------------------------------------------------------------------------------------
    def save(self, listings, contents):
        """Replace the cache by ``listings`` ({kind: entries}) and ``contents`` ({sha256: bytes}).
        Each file is written to a temp file and
        renamed (a reader sees the old file, the new one or none); unreferenced contents are
        removed. Failures only cost the next task a full read, so they are shown at -vvv."""
        new_listings = dict((kind, {'digest': listing_digest(entries),
                                    'entries': [dict(path=e['path'], expanded=e['expanded'], exists=bool(e['exists']),
                                                     sha256=e['sha256']) for e in entries]})
                            for kind, entries in listings.items())
        wanted = dict((k, v) for k, v in contents.items() if v is not None)
        if self.directory is None or (new_listings == self.listings and set(wanted) == set(self.contents)):
            return
        try:
            self._make_directory()
            for name, data in wanted.items():
                if name not in self.contents or not os.path.exists(os.path.join(self.directory, name)):
                    self._write(name, data)
            self._write(self.INDEX, json.dumps({'listings': new_listings, 'contents': sorted(wanted)},
                                               sort_keys=True).encode('utf-8'))
            for name in os.listdir(self.directory):
                if _HEX64.match(name) and name not in wanted:
                    os.unlink(os.path.join(self.directory, name))
        except OSError as exc:
            display.vvv('webadmin.iis: could not update the read cache %s: %s' % (self.directory, exc))
            return
        self.listings, self.contents = new_listings, wanted

    def add_contents(self, contents):
        """Remember contents the controller wrote itself (file backend), for the next read."""
        merged = dict(self.contents)
        merged.update(contents)
        listings = dict((kind, listing['entries']) for kind, listing in self.listings.items())
        self.save(listings, merged)

    def _make_directory(self):
        parent = os.path.dirname(self.directory)
        if not os.path.isdir(parent):
            os.makedirs(parent, 0o700)
        os.chmod(parent, 0o700)
        if not os.path.isdir(self.directory):
            os.mkdir(self.directory, 0o700)
        os.chmod(self.directory, 0o700)

    def _write(self, name, data):
        target = os.path.join(self.directory, name)
        temp = '%s.%s.tmp' % (target, uuid.uuid4().hex)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, 'wb') as handle:
                handle.write(data)
            os.replace(temp, target)
        except BaseException:
            if os.path.exists(temp):
                os.unlink(temp)
            raise


# -- http.sys ----------------------------------------------------------------------------------------
_APP_ID = re.compile(r'\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}')


def validate_thumbprint(value):
    """A certificate SHA-1 thumbprint: 40 hex digits. The one check lives in
    module_utils/bindings.py; this adapts its error to the host's error type."""
    try:
        return bindings.check_thumbprint(value).lower()
    except ConfigError as exc:
        raise TargetError(str(exc))


def validate_store(value):
    try:
        return bindings.check_store_name(value)
    except ConfigError as exc:
        raise TargetError(str(exc))


class HttpSysEndpoint:
    """Where http.sys looks an SSL certificate up: ``ipport`` (IP:port, ``0.0.0.0`` for all) or
    ``hostnameport`` (SNI host name:port)."""

    def __init__(self, port, ip=None, hostname=None):
        if (ip is None) == (hostname is None):
            raise TargetError('an http.sys binding needs exactly one of ip and hostname')
        # the same checks as the module options (module_utils/bindings.py), errors as TargetError
        try:
            if isinstance(port, str) and port.isdigit():
                port = int(port)
            port = bindings.check_port(port, 'http.sys binding port')
            if ip is not None:
                ip = bindings.check_ip(ip, 'http.sys binding ip')
                self.kind, self.address = 'ipport', '%s:%d' % ('0.0.0.0' if ip == '*' else ip, port)
            else:
                # no wildcard: http.sys looks SNI certificates up by the exact host name
                hostname = bindings.check_host_name(hostname, 'http.sys binding host name', wildcard=False)
                if not hostname:
                    raise ConfigError('http.sys binding host name: empty (use ip for an ipport binding)')
                self.kind, self.address = 'hostnameport', '%s:%d' % (hostname, port)
        except ConfigError as exc:
            raise TargetError(str(exc))

    @property
    def key(self):
        return (self.kind, self.address.lower())

    def argument(self):
        return '%s=%s' % (self.kind, self.address)

    def __repr__(self):
        return self.argument()


#: netsh labels (English) -> our keys. Other display languages are reported, not guessed.
_NETSH_LABELS = {
    'ip:port': 'ipport',
    'hostname:port': 'hostnameport',
    'certificate hash': 'certificate_hash',
    'application id': 'app_id',
    'certificate store name': 'store',
    'negotiate client certificate': 'client_cert_negotiation',
}


def parse_netsh_sslcert(text):
    """Bindings of ``netsh http show sslcert``: {(kind, address lower): {...}}. Blocks are
    separated by blank lines; a block is a binding when it names IP:port or Hostname:port."""
    bindings = {}
    current = {}

    def flush():
        for kind in ('ipport', 'hostnameport'):
            if kind in current:
                entry = dict(current)
                entry['kind'] = kind
                entry['address'] = entry.pop(kind)
                if 'certificate_hash' in entry:
                    entry['certificate_hash'] = entry['certificate_hash'].lower()
                if 'client_cert_negotiation' in entry:
                    entry['client_cert_negotiation'] = entry['client_cert_negotiation'].lower() == 'enabled'
                bindings[(kind, entry['address'].lower())] = entry
        current.clear()

    for line in text.splitlines():
        if not line.strip():
            flush()
            continue
        label, sep, value = line.partition(' : ')
        if not sep:
            continue
        key = _NETSH_LABELS.get(label.strip().lower())
        if key:
            current[key] = value.strip()
    flush()
    return bindings


# -- become ----------------------------------------------------------------------------------------
def refuse_become(action, hostname):
    """Refuse ``become`` on a task that manages a Windows host, naming the task.

    Why not runas: the scripts run through the connection's exec_command
    (``_low_level_execute_command``), and Ansible's ``runas`` become plugin only takes effect for
    modules executed by the PowerShell module wrapper. Honouring ``become: true`` would need
    that wrapper (a module copied to the host), so it would be silently ignored here; a task that
    asked for other credentials must not run with the connection's. TaskExecutor merges the
    task's, block's and play's ``become`` into the play context; the task's own flag is checked
    too for callers that build the action directly.
    """
    context = getattr(action, '_play_context', None)
    task = getattr(action, '_task', None)
    if not (getattr(context, 'become', False) or getattr(task, 'become', False)):
        return
    action_name = getattr(task, 'action', None) or 'webadmin.iis'
    name = (task.get_name() if task is not None and hasattr(task, 'get_name') else '') or action_name
    method = getattr(context, 'become_method', None) or getattr(task, 'become_method', None) or 'runas'
    raise TargetError(
        "task '%s' (%s) on %s: become (become_method %s) is not supported against a Windows host and is refused "
        "rather than ignored: webadmin.iis runs its PowerShell through the connection itself, which Ansible's runas "
        "become plugin does not wrap. Remove become from this task (or set become: false on it) and connect as a user "
        "who is a local Administrator of the server (WinRM/PSRP sessions of administrators are elevated; see "
        "docs/windows-hosts.md, Privileges)." % (name, action_name, hostname, method))


# -- the host ----------------------------------------------------------------------------------------
class WindowsHost:
    """The Windows host behind an action plugin's connection."""

    kind = 'windows'
    #: Seconds the apply script waits for another controller's lock on a file of the plan.
    LOCK_TIMEOUT = 60

    def __init__(self, action, task_vars, params=None):
        shell = getattr(action._connection, '_shell', None)
        if not getattr(shell, '_IS_WINDOWS', False):
            raise TargetError('the task\'s connection (%s) does not use a PowerShell shell: use ansible_connection=winrm/psrp, '
                              'or ssh with ansible_shell_type=powershell; or set offline_root'
                              % getattr(action._connection, 'transport', '?'))
        self._action = action
        self.hostname = str(task_vars.get('inventory_hostname') or getattr(action._connection, '_host', '') or 'windows-host')
        refuse_become(action, self.hostname)
        feature = getattr(action, 'feature', None)
        self.queries = set(getattr(feature, 'HOST_QUERIES', ()) or ())
        # Lookups that depend on the task's options (feature.host_requests(params)), answered in
        # the same first read: the assemblies of a managed module's type.
        requests = getattr(feature, 'host_requests', None)
        self.requests = (requests(params) or {}) if requests is not None and params is not None else {}
        self._assemblies = None      # answer of the assembly lookup
        self.round_trips = 0
        self.extra_reads = []
        self._files = None           # path_key -> entry dict (bytes in 'bytes')
        self._environment = {}
        self._schema_files = []      # raw Windows paths
        self._http_sys = None        # parsed bindings
        self._http_sys_changes = []  # pending netsh steps
        self._cache_key = self._cache_identity(task_vars)
        self._cache = None           # ReadCache of this play and host, loaded by the first read
        self.name_factory = lambda: time.strftime('%Y%m%d-%H%M%S') + '-' + uuid.uuid4().hex[:8]

    # -- transport -------------------------------------------------------------------------------
    def run_script(self, script, data):
        """One round trip: the loader on the command line, script + data on stdin."""
        shell = self._action._connection._shell
        command = shell._encode_script(host_scripts.LOADER, strict_mode=True, preserve_rc=False)
        self.round_trips += 1
        res = self._action._low_level_execute_command(command, in_data=encode_payload(script, data), sudoable=False)
        try:
            result = parse_result(res.get('stdout', ''))
        except (ValueError, TypeError) as exc:
            raise HostError('%s: unreadable answer from the host (%s)' % (self.hostname, exc))
        if result is None:
            raise HostError('%s: the host did not run the webadmin.iis script (rc=%s): %s'
                            % (self.hostname, res.get('rc'), (res.get('stderr') or res.get('stdout') or '').strip()[:2000]))
        return result

    # -- reading ---------------------------------------------------------------------------------
    @staticmethod
    def _read_request(**values):
        """The data of a read round trip: nothing asked for, nothing known, except ``values``
        (the script expects every key: strict mode)."""
        data = {'apphost': None, 'files': [], 'schema_dir': None, 'http_sys': False, 'netsh': NETSH,
                'http_sys_arguments': '', 'known': [], 'listing': None, 'schema_listing': None}
        data.update(values)
        return data

    def _load_snapshot(self):
        cache = self._cache = self._load_cache()
        data = self._read_request(apphost=APPHOST_CONFIG, schema_dir=SCHEMA_DIR, http_sys='http_sys' in self.queries,
                                  http_sys_arguments=appcmd.join_windows_args(['http', 'show', 'sslcert']),
                                  known=cache.known(), listing=cache.listing('files'),
                                  schema_listing=cache.listing('schema'))
        script = host_scripts.READ
        if self.requests.get('assemblies'):
            script = host_scripts.READ_ASSEMBLIES
            data['assemblies'] = self.requests['assemblies']
        result = self.run_script(script, data)
        self._check(result, 'read the IIS configuration')
        self._environment = result.get('environment') or {}
        self._files = {}
        files = self._add_entries(self._answered_entries('files', result.get('files'), result.get('listing')))
        schema_files = []
        if result.get('schema') is not None:
            schema_files = self._add_entries(self._answered_entries('schema', result['schema'].get('files'),
                                                                    result['schema'].get('listing')))
            self._schema_files = [e['path'] for e in schema_files]
        contents = dict((e['sha256'], e['bytes']) for e in files + schema_files if e.get('bytes') is not None)
        if result.get('http_sys') is not None:
            netsh = result['http_sys']
            stdout = netsh.get('stdout')
            if stdout is None:
                stdout = self._cached_text(netsh.get('sha256'), 'the netsh http show sslcert output')
            contents[hashlib.sha256(stdout.encode('utf-8')).hexdigest()] = stdout.encode('utf-8')
            self._http_sys = parse_netsh_sslcert(stdout)
        if result.get('assemblies') is not None:
            self._assemblies = {'request': data['assemblies'], 'answer': result['assemblies']}
        listings = {'files': files}
        if result.get('schema') is not None:
            listings['schema'] = schema_files
        cache.save(listings, contents)

    def _answered_entries(self, kind, entries, digest):
        """The entries the host answered, or, when it left them out (it found the very list the
        controller holds, same digest), the controller's copy of them."""
        if entries is not None:
            return entries
        cached = self._cache.entries(kind, digest) if self._cache is not None else None
        if cached is None:
            raise HostError('%s: the host left out the %s list, but this controller holds no list with digest %s'
                            % (self.hostname, kind, digest))
        return cached

    def _cached_text(self, sha256, what):
        data = self._cache.contents.get(sha256) if self._cache is not None else None
        if data is None:
            raise HostError('%s: the host left out %s, but this controller does not hold it (sha256 %s)'
                            % (self.hostname, what, sha256))
        return data.decode('utf-8')

    # -- read cache --------------------------------------------------------------------------------
    def _cache_identity(self, task_vars):
        """Who the cache belongs to: the inventory host, the connection's address, port, user and
        transport, and the play (its uuid, when the task has one). Another play, a delegated
        task or another account starts with an empty cache."""
        connection = self._action._connection
        play_context = getattr(self._action, '_play_context', None)

        def option(name):
            try:
                return connection.get_option(name)
            except Exception:
                return getattr(play_context, name, None)
        try:
            play = self._action._task.get_play()
            play_id = getattr(play, '_uuid', None)
        except Exception:
            play_id = None
        return [self.hostname, getattr(connection, 'transport', None), option('remote_addr'), option('port'),
                option('remote_user'), play_id]

    def _cache_directory(self):
        """This play and host's cache directory, or None (no cache)."""
        root = read_cache_root()
        if root is None:
            return None
        key = json.dumps([None if v is None else str(v) for v in self._cache_key])
        return os.path.join(root, hashlib.sha256(key.encode('utf-8')).hexdigest()[:32])

    def _load_cache(self):
        directory = self._cache_directory()
        if directory is None:
            return ReadCache(None)
        cache = ReadCache.load(directory)
        if cache.dropped:
            display.vvv('webadmin.iis: read cache %s: not used: %s; the host sends those files again'
                        % (directory, ', '.join(cache.dropped)), host=self.hostname)
        return cache

    def _check(self, result, what):
        if result.get('failed'):
            raise HostError('%s: could not %s: %s %s' % (self.hostname, what, result.get('msg'), result.get('where') or ''))

    def _add_entries(self, entries):
        """Index the entries of an answer by path, with their bytes (sent, or from the cache);
        returns them."""
        added = []
        for entry in entries:
            entry = dict(entry)
            added.append(entry)
            if entry.get('data') is not None:
                entry['bytes'] = base64.b64decode(entry['data'])
            elif entry.get('exists') and self._cache is not None:
                # Left out by the host because this controller holds that very content (the
                # hash is the host's: what apply's "unchanged since read" guard compares).
                entry['bytes'] = self._cache.contents.get(entry['sha256'])
            else:
                entry['bytes'] = None
            for key in (path_key(entry['path']), path_key(entry.get('expanded') or entry['path']),
                        path_key(expand_environment(entry['path'], self._environment))):
                self._files[key] = entry
        return added

    def _lookup(self, windows_path):
        for candidate in (windows_path, expand_environment(windows_path, self._environment)):
            entry = self._files.get(path_key(candidate))
            if entry is not None:
                return entry
        return None

    def read(self, windows_path):
        """Bytes of a file on the host, or None when it does not exist."""
        if self._files is None:
            self._load_snapshot()
        entry = self._lookup(windows_path)
        if entry is None or (entry['exists'] and entry['bytes'] is None):
            entry = self._read_extra(windows_path)
        return entry['bytes'] if entry['exists'] else None

    def _read_extra(self, windows_path):
        display.vvv('webadmin.iis: %s was not in the first read; one more round trip to read it' % windows_path, host=self.hostname)
        self.extra_reads.append(windows_path)
        result = self.run_script(host_scripts.READ, self._read_request(files=[windows_path]))
        self._check(result, 'read %s' % windows_path)
        self._add_entries(result.get('files') or [])
        entry = self._lookup(windows_path)
        if entry is None:
            raise HostError('%s: the host did not return %s' % (self.hostname, windows_path))
        return entry

    def exists(self, windows_path):
        return self.read(windows_path) is not None

    def list_dir(self, windows_path, suffix=''):
        """Files of the schema directory (the only directory the configuration layer lists)."""
        if self._files is None:
            self._load_snapshot()
        if path_key(windows_path) != path_key(SCHEMA_DIR):
            raise HostError('%s: only the schema directory can be listed, not %s' % (self.hostname, windows_path))
        return [p for p in self._schema_files if p.lower().endswith(suffix.lower())]

    def file_sha256(self, windows_path):
        entry = self._lookup(windows_path)
        return entry['sha256'] if entry and entry['exists'] else None

    # -- assemblies --------------------------------------------------------------------------------
    def _answered_root(self, answer, root):
        wanted = set(module_requirements.root_key(p) for p in (root, expand_environment(root, self._environment)))
        for entry in answer.get('roots') or []:
            if wanted & set(module_requirements.root_key(p) for p in (entry.get('path'), entry.get('expanded'))):
                return entry
        return None

    def probe_assemblies(self, request):
        """The answer of module_requirements.probe for ``request``: from the first read when it
        asked for these names and folders (the module declared them in host_requests), else one
        more read round trip (shown at -vvv)."""
        if self._files is None:
            self._load_snapshot()
        known = self._assemblies
        if known is not None:
            asked, answer = known['request'], known['answer']
            if set(request['names']) <= set(asked['names']) and set(request['types']) <= set(asked['types']) \
                    and all(self._answered_root(answer, root) is not None for root in request['roots']):
                return answer
        display.vvv('webadmin.iis: the assemblies %s were not part of the first read; one more round trip'
                    % ', '.join(request['names'] + request['types']), host=self.hostname)
        self.extra_reads.append('assemblies')
        result = self.run_script(host_scripts.READ_ASSEMBLIES, self._read_request(assemblies=request))
        self._check(result, 'look up assemblies')
        answer = result.get('assemblies') or {'roots': [], 'gac': []}
        self._assemblies = {'request': request, 'answer': answer}
        return answer

    # -- http.sys ----------------------------------------------------------------------------------
    def http_sys_binding(self, endpoint):
        """The current http.sys SSL binding of ``endpoint`` (HttpSysEndpoint) as a dict with
        certificate_hash, store, app_id, client_cert_negotiation; None when there is none."""
        if self._http_sys is None:
            if self._files is None and 'http_sys' not in self.queries:
                self.queries.add('http_sys')
            if self._files is None:
                self._load_snapshot()
            if self._http_sys is None:
                display.vvv('webadmin.iis: http.sys bindings were not part of the first read (the module has no '
                            "HOST_QUERIES = ('http_sys',)); one more round trip", host=self.hostname)
                self.extra_reads.append('netsh http show sslcert')
                result = self.run_script(host_scripts.READ, self._read_request(
                    http_sys=True, http_sys_arguments=appcmd.join_windows_args(['http', 'show', 'sslcert'])))
                self._check(result, 'read the http.sys SSL bindings')
                self._http_sys = parse_netsh_sslcert((result.get('http_sys') or {}).get('stdout') or '')
        return self._http_sys.get(endpoint.key)

    def ensure_site_certificate(self, ip, port, host_name, certificate_hash, store='My', client_cert_negotiation=True,
                                sni=None):
        """:meth:`ensure_http_sys_binding` for a site binding as modules describe it: SNI
        bindings with a host name are keyed by host name, the others by address (``*`` = all);
        ``sni`` is the binding's SNI bit (None: SNI when there is a host name), the same rule as
        :func:`bindings.http_sys_endpoint`."""
        try:
            kind, _address = bindings.http_sys_endpoint(ip, port, host_name, sni)
        except ConfigError as exc:
            raise TargetError(str(exc))
        endpoint = HttpSysEndpoint(port, hostname=host_name) if kind == 'hostnameport' else HttpSysEndpoint(port, ip=ip or '*')
        return self.ensure_http_sys_binding(endpoint, certificate_hash, store, client_cert_negotiation)

    def ensure_http_sys_binding(self, endpoint, certificate_hash, store='My', client_cert_negotiation=True, app_id=None):
        """Make http.sys bind ``endpoint`` to the certificate, with client certificate negotiation
        on or off. Nothing is run now: the netsh command joins the apply round trip. Returns
        {'changed', 'before', 'after', 'command'}; ``command`` is None when nothing differs."""
        certificate_hash = validate_thumbprint(certificate_hash)
        store = validate_store(store)
        current = self.http_sys_binding(endpoint)
        app_id = app_id or (current or {}).get('app_id') or IIS_APP_ID
        if not _APP_ID.fullmatch(app_id):
            raise TargetError('http.sys application id must be a {GUID}, got %r' % (app_id,))
        after = {'kind': endpoint.kind, 'address': endpoint.address, 'certificate_hash': certificate_hash,
                 'store': store, 'app_id': app_id, 'client_cert_negotiation': bool(client_cert_negotiation)}
        if current is not None and all(self._same(current.get(k), after[k]) for k in
                                       ('certificate_hash', 'store', 'client_cert_negotiation')):
            return {'changed': False, 'before': current, 'after': current, 'command': None}
        step = self._netsh_step('update' if current else 'add', endpoint, after)
        step['undo'] = (self._netsh_step('update', endpoint, current) if current
                        else native_step(NETSH, ['http', 'delete', 'sslcert', endpoint.argument()]))
        self._http_sys_changes.append(step)
        return {'changed': True, 'before': current, 'after': after, 'command': step['display']}

    @staticmethod
    def _same(a, b):
        if isinstance(b, str) and isinstance(a, str):
            return a.lower() == b.lower()
        return a == b

    @staticmethod
    def _netsh_step(verb, endpoint, state):
        argv = ['http', '%s' % verb, 'sslcert', endpoint.argument(),
                'certhash=%s' % validate_thumbprint(state['certificate_hash']),
                'appid=%s' % state['app_id'],
                'certstorename=%s' % validate_store(state.get('store') or 'My'),
                'clientcertnegotiation=%s' % ('enable' if state.get('client_cert_negotiation') else 'disable')]
        return native_step(NETSH, argv)

    def pending_changes(self):
        """Changes outside the configuration files that the next apply() will make (netsh)."""
        return [step['display'] for step in self._http_sys_changes]

    # -- applying ----------------------------------------------------------------------------------
    def apply(self, plan, params):
        """Apply the plan (and pending http.sys changes) in one round trip; fail without
        touching the host when the plan cannot be expressed with the chosen backend."""
        backend = params.get('backend') or 'auto'
        backend = 'appcmd' if backend == 'auto' else backend
        documents = plan.manager.changed_documents() if plan.operations else []
        guards = [{'path': d.path, 'sha256': None if d.is_new else d.sha256, 'apphost': bool(getattr(d, 'is_apphost', False))}
                  for d in documents]
        secrets = self._secret_values(plan)
        data = {'backend': backend, 'guards': guards, 'commands': [], 'files': [], 'netsh': list(self._http_sys_changes),
                'keep_backup': bool(params.get('backup')), 'stamp': '', 'backup_add': None, 'backup_restore': None,
                'backup_delete': None, 'lock_timeout': self.LOCK_TIMEOUT}
        name = self.name_factory()
        if not re.match(r'^[A-Za-z0-9_.-]+$', name):
            raise HostError('internal error: unusable backup name %r' % name)
        data['stamp'] = name
        if backend == 'appcmd':
            data['commands'] = self._appcmd_steps(plan)
        if data['commands']:
            backup = 'webadmin-iis-%s' % name
            data['backup_add'] = native_step(appcmd.APPCMD, ['add', 'backup', backup])
            data['backup_restore'] = native_step(appcmd.APPCMD, ['restore', 'backup', backup])
            data['backup_delete'] = native_step(appcmd.APPCMD, ['delete', 'backup', backup])
        if backend == 'file':
            data['files'] = [{'path': d.path, 'sha256': None if d.is_new else d.sha256,
                              'data': base64.b64encode(plan.manager.document_bytes(d)).decode('ascii')} for d in documents]
        result = self.run_script(host_scripts.APPLY, data)
        out = self._apply_result(result, backend, data, secrets)
        if data['files'] and self._cache is not None:
            # The host now holds exactly these bytes: the next read need not send them back.
            written = [plan.manager.document_bytes(d) for d in documents]
            self._cache.add_contents(dict((hashlib.sha256(b).hexdigest(), b) for b in written))
        return out

    def _appcmd_steps(self, plan):
        steps = []
        for op in plan.operations:
            try:
                argv = op.appcmd_argv(masked=False)
                shown = op.command()
            except appcmd.QuotingError as exc:
                raise appcmd.QuotingError('%s; nothing was changed on %s. backend=file applies this change by editing the files'
                                          % (exc, self.hostname))
            steps.append(native_step(appcmd.APPCMD, argv, shown))
        return steps

    @staticmethod
    def _secret_values(plan):
        values = set()
        for op in plan.operations:
            names = op.secret_names()
            for attrs in (getattr(op, 'values', None), getattr(op, 'attributes', None)):
                if isinstance(attrs, dict):
                    values.update(v for k, v in attrs.items() if k in names and v)
        return sorted(values, key=len, reverse=True)

    @staticmethod
    def _mask(text, secrets):
        for secret in secrets:
            text = text.replace(secret, appcmd.SECRET_MASK)
        return text

    def _apply_result(self, result, backend, data, secrets):
        steps = [dict(s, output=self._mask(s.get('output') or '', secrets)) for s in result.get('steps') or []]
        out = {'backend': backend, 'host_steps': [{'command': s['display'], 'rc': s['rc'], 'output': s['output']} for s in steps],
               'round_trips': self.round_trips}
        if result.get('backup_files'):
            out['backup_files'] = result['backup_files']
        if result.get('warnings') and not result.get('failed'):
            out['warnings'] = list(result['warnings'])  # stale temp files the script removed
        if data['backup_add'] and data['keep_backup']:
            out['backup_name'] = 'webadmin-iis-%s' % data['stamp']
        if not result.get('failed'):
            return out
        failed = [s for s in steps if s['rc'] != 0 or s['output'].startswith('ERROR')]
        msg = self._mask(result.get('msg') or 'apply failed', secrets)
        if failed:
            out['failed_command'] = failed[-1]['display']
            out['error'] = failed[-1]['output']
            msg = '%s failed: %s' % (failed[-1]['display'], failed[-1]['output'] or 'exit code %s' % failed[-1]['rc'])
        if result.get('stage') == 'guard':
            out['rolled_back'] = False
        else:
            out['rolled_back'] = bool(result.get('rolled_back'))
            msg += ('; every change was rolled back' if out['rolled_back']
                    else '; ROLLBACK INCOMPLETE: %s' % '; '.join(self._mask(e, secrets) for e in result.get('rollback_errors') or []))
        raise FeatureFailure(msg, **out)
