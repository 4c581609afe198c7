# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A test double for a Windows connection: records every round trip, answers like a host would.

Why: no Windows host exists where the unit tests run. ``RecordingConnection`` stands where
Ansible's winrm/psrp/ssh connection plugin stands (same ``exec_command``/``put_file``/
``fetch_file`` surface, the real ``powershell`` shell plugin), records exactly what would be sent,
and lets ``FakeIISHost`` answer. ``FakeIISHost`` is NOT PowerShell: it is a Python model of what
host_scripts.READ/APPLY do (file snapshot, hash guards, appcmd/netsh steps, rollback) over an
in-memory copy of an offline host directory. So these tests prove the controller side (what is
sent, how many round trips, how answers are used) and the protocol, not the PowerShell itself.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import hashlib
import importlib
import json
import ntpath
import os

from lxml import etree

from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible.plugins.loader import shell_loader
from ansible.template import Templar

from ansible_collections.webadmin.iis.plugins.module_utils.appcmd import split_windows_args
from ansible_collections.webadmin.iis.plugins.plugin_utils import host_scripts
from ansible_collections.webadmin.iis.plugins.plugin_utils.windows_host import (
    decode_payload, expand_environment, path_key)

ENVIRONMENT = {'SystemDrive': 'C:', 'SystemRoot': r'C:\Windows', 'windir': r'C:\Windows',
               'ProgramFiles': r'C:\Program Files', 'ProgramFiles(x86)': r'C:\Program Files (x86)',
               'ProgramData': r'C:\ProgramData', 'PUBLIC': r'C:\Users\Public'}


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def render_netsh(bindings):
    """``netsh http show sslcert`` text (English) for a list of binding dicts."""
    lines = ['', 'SSL Certificate bindings:', '-------------------------', '']
    for b in bindings:
        label = 'IP:port' if b['kind'] == 'ipport' else 'Hostname:port'
        lines += ['    %-29s: %s' % (label, b['address']),
                  '    %-29s: %s' % ('Certificate Hash', b['certificate_hash']),
                  '    %-29s: %s' % ('Application ID', b['app_id']),
                  '    %-29s: %s' % ('Certificate Store Name', b['store']),
                  '    %-29s: %s' % ('Verify Client Certificate Revocation', 'Enabled'),
                  '    %-29s: %s' % ('Negotiate Client Certificate', 'Enabled' if b['client_cert_negotiation'] else 'Disabled'),
                  '']
    return '\r\n'.join(lines)


class FakeIISHost:
    """Files of a Windows host in memory, keyed by lower-case expanded path."""

    def __init__(self, files, netsh_bindings=()):
        self.files = dict((path_key(k), (k, v)) for k, v in files.items())
        self.netsh_bindings = [dict(b) for b in netsh_bindings]
        self.appcmd_runs = []        # argv lists appcmd was started with
        self.netsh_runs = []
        self.fail_appcmd_at = None   # index of the plan command that fails
        self.fail_netsh = False
        self.appcmd_error = 'ERROR ( message:Cannot find requested collection element. )'
        self.on_appcmd = None        # callback(argv) -> None: lets a test model appcmd's effect
        self.backups = set()

    @classmethod
    def from_directory(cls, root, **kwargs):
        files = {}
        for directory, _dirs, names in os.walk(root):
            for name in names:
                full = os.path.join(directory, name)
                rel = os.path.relpath(full, root).replace(os.sep, '\\')
                with open(full, 'rb') as handle:
                    files['C:\\' + rel] = handle.read()
        return cls(files, **kwargs)

    # -- helpers ---------------------------------------------------------------------------------
    @staticmethod
    def expand(path):
        return expand_environment(path, ENVIRONMENT)

    def get(self, path):
        found = self.files.get(path_key(self.expand(path)))
        return found[1] if found else None

    def put(self, path, data):
        expanded = self.expand(path)
        self.files[path_key(expanded)] = (expanded, data)

    def delete(self, path):
        self.files.pop(path_key(self.expand(path)), None)

    def state(self, path):
        data = self.get(path)
        entry = {'path': path, 'expanded': self.expand(path), 'exists': data is not None, 'sha256': None, 'data': None}
        if data is not None:
            entry['sha256'] = _sha(data)
        return entry, data

    def file_state(self, path, with_data=True):
        entry, data = self.state(path)
        if data is not None and with_data:
            entry['data'] = base64.b64encode(data).decode('ascii')
        return entry

    # -- the two scripts ---------------------------------------------------------------------------
    def run(self, script, data):
        if script == host_scripts.READ:
            result = self.read(data)
            result.pop('apphost_roots', None)
            return 0, result
        if script == host_scripts.READ_ASSEMBLIES:
            result = self.read(data)
            result['assemblies'] = self.assemblies(data, result.pop('apphost_roots', None) or [])
            return 0, result
        if script == host_scripts.APPLY:
            result = self.apply(data)
            return (1 if result['failed'] else 0), result
        raise AssertionError('unknown script sent to the host')

    def read(self, data):
        result = {'failed': False, 'files': [], 'schema': None, 'http_sys': None, 'environment': dict(ENVIRONMENT)}
        paths = list(data['files'])
        if data['apphost']:
            entry = self.file_state(data['apphost'])
            result['files'].append(entry)
            if entry['exists']:
                try:
                    root = etree.fromstring(base64.b64decode(entry['data']), etree.XMLParser(resolve_entities=False))
                    for vdir in root.xpath('/configuration/system.applicationHost/sites/site/application/virtualDirectory'):
                        physical = vdir.get('physicalPath', '').rstrip('\\/')
                        if physical:
                            paths.append(physical + '\\web.config')
                            if vdir.get('path') == '/':
                                result.setdefault('apphost_roots', []).append(physical)
                except etree.XMLSyntaxError as exc:
                    result['apphost_parse_error'] = str(exc)
        seen = set()
        for path in paths:
            key = path_key(self.expand(path))
            if key not in seen:
                seen.add(key)
                result['files'].append(self.file_state(path))
        if data['schema_dir']:
            prefix = path_key(self.expand(data['schema_dir'])) + '\\'
            names = sorted(ntpath.basename(p) for k, (p, _v) in self.files.items()
                           if k.startswith(prefix) and '\\' not in k[len(prefix):] and k.endswith('.xml'))
            stamp = '\n'.join('%s|%d|0' % (n, len(self.get(data['schema_dir'] + '\\' + n))) for n in names)
            fingerprint = _sha(stamp.encode('utf-8'))
            unchanged = fingerprint == data['schema_fingerprint']
            result['schema'] = {'fingerprint': fingerprint, 'unchanged': unchanged,
                                'files': [self.file_state(data['schema_dir'].rstrip('\\') + '\\' + n, not unchanged) for n in names]}
        if data['http_sys']:
            argv = split_windows_args(data['http_sys_arguments'])
            assert argv == ['http', 'show', 'sslcert'], argv
            result['http_sys'] = {'rc': 0, 'stdout': render_netsh(self.netsh_bindings), 'stderr': ''}
        return result

    def _children(self, directory):
        """(name, is_file) of the entries directly in ``directory`` (directories are implied by files)."""
        prefix = path_key(self.expand(directory)) + '\\'
        out = {}
        for key, (path, _data) in self.files.items():
            if key.startswith(prefix):
                rest = path.replace('/', '\\')[len(prefix):]
                first = rest.split('\\', 1)
                out.setdefault(first[0].lower(), (first[0], len(first) == 1))
        return list(out.values())

    def assemblies(self, data, apphost_roots):
        """Model of host_scripts.ASSEMBLY_LOOKUP over the in-memory files."""
        import re
        ask = data['assemblies']
        answer = {'roots': [], 'gac': []}
        done = set()
        for root in list(ask['roots']) + list(apphost_roots):
            expanded = self.expand(root).rstrip('\\/')
            if expanded.lower() in done:
                continue
            done.add(expanded.lower())
            entry = {'path': root, 'expanded': expanded, 'bin': [], 'bin_assemblies': 0, 'app_code_sources': 0,
                     'app_code_declares': [], 'error': None}
            bin_files = dict((n.lower(), n) for n, is_file in self._children(expanded + '\\bin') if is_file)
            entry['bin_assemblies'] = len([n for n in bin_files if n.endswith('.dll')])
            for name in ask['names']:
                for ext in ('.dll', '.exe'):
                    if (name + ext).lower() in bin_files:
                        entry['bin'].append(name + ext)
            prefix = path_key(expanded + '\\App_Code') + '\\'
            if ask['types']:
                for key, (_path, content) in sorted(self.files.items()):
                    if key.startswith(prefix) and key.endswith(('.cs', '.vb')):
                        entry['app_code_sources'] += 1
                        text = content.decode('utf-8', 'replace')
                        for type_name in ask['types']:
                            if type_name not in entry['app_code_declares'] and \
                                    re.search(r'\bclass\s+%s\b' % re.escape(type_name), text, re.IGNORECASE):
                                entry['app_code_declares'].append(type_name)
            answer['roots'].append(entry)
        for gac_root in ask['gac_roots']:
            names = self._children(gac_root)
            item = {'root': gac_root, 'exists': bool(names), 'entries': []}
            for name in ask['names'] if names else []:
                if name.lower() not in [n.lower() for n, is_file in names if not is_file]:
                    continue
                versions = []
                for version, is_file in sorted(self._children(gac_root + '\\' + name)):
                    if not is_file and self.get('%s\\%s\\%s\\%s.dll' % (gac_root, name, version, name)) is not None:
                        versions.append(version)
                item['entries'].append({'name': name, 'versions': versions})
            answer['gac'].append(item)
        return answer

    def apply(self, data):
        result = {'failed': False, 'backend': data['backend'], 'steps': [], 'rolled_back': False,
                  'rollback_errors': [], 'backup_files': []}
        for guard in data['guards']:
            entry = self.state(guard['path'])[0]
            if (guard['sha256'] and entry['sha256'] != guard['sha256']) or (not guard['sha256'] and entry['exists']):
                result.update(failed=True, stage='guard', msg='%s: changed since it was read' % guard['path'])
                return result
        before = dict(self.files)
        bindings_before = [dict(b) for b in self.netsh_bindings]
        try:
            if data['backup_add']:
                self._step(result, 'backup', data['backup_add'])
            for index, step in enumerate(data['commands']):
                self._step(result, 'appcmd', step, fail=index == self.fail_appcmd_at)
            for file in data['files']:
                self.put(file['path'], base64.b64decode(file['data']))
                if file['sha256'] and data['keep_backup']:
                    backup = file['path'] + '.' + data['stamp'] + '.bak'
                    before_data = before[path_key(self.expand(file['path']))][1]
                    self.put(backup, before_data)
                    result['backup_files'].append(backup)
            for step in data['netsh']:
                self._step(result, 'netsh', step, fail=self.fail_netsh)
        except RuntimeError as exc:
            result.update(failed=True, msg=str(exc), rolled_back=True)
            self.files = before
            self.netsh_bindings = bindings_before
        if data['backup_delete'] and not data['keep_backup']:
            self.backups.discard(split_windows_args(data['backup_delete']['arguments'])[-1])
        return result

    def _step(self, result, kind, step, fail=False):
        argv = split_windows_args(step['arguments'])
        output = ''
        rc = 0
        if kind == 'backup':
            self.backups.add(argv[-1])
            output = 'BACKUP object "%s" added' % argv[-1]
        elif kind == 'appcmd':
            self.appcmd_runs.append(argv)
            if fail:
                rc, output = 4711, self.appcmd_error
            elif self.on_appcmd:
                self.on_appcmd(self, argv)
        else:
            self.netsh_runs.append(argv)
            if fail:
                rc, output = 1, 'SSL Certificate add failed, Error: 1312'
            else:
                self._netsh(argv)
        result['steps'].append({'kind': kind, 'display': step['display'], 'rc': rc, 'output': output})
        if rc or output.startswith('ERROR'):
            raise RuntimeError('step failed: ' + step['display'])

    def _netsh(self, argv):
        opts = dict(a.split('=', 1) for a in argv[3:])
        kind = 'ipport' if 'ipport' in opts else 'hostnameport'
        address = opts[kind]
        self.netsh_bindings = [b for b in self.netsh_bindings if b['address'].lower() != address.lower()]
        if argv[1] in ('add', 'update'):
            self.netsh_bindings.append({'kind': kind, 'address': address, 'certificate_hash': opts['certhash'],
                                        'app_id': opts['appid'], 'store': opts['certstorename'],
                                        'client_cert_negotiation': opts['clientcertnegotiation'] == 'enable'})


class RecordingConnection:
    """Stands in for a winrm/psrp/ssh connection to a Windows host."""

    allow_executable = False
    become = None

    def __init__(self, host, transport='winrm'):
        self.host = host
        self.transport = transport
        self._shell = shell_loader.get('powershell')
        self._shell.tmpdir = None
        self._host = 'web01.example.invalid'
        self.calls = []

    def exec_command(self, cmd, in_data=None, sudoable=True):
        command = base64.b64decode(cmd.split(' ')[-1]).decode('utf-16-le')
        script, data = decode_payload(in_data)
        self.calls.append({'kind': 'exec', 'command_line': cmd, 'command': command, 'script': script, 'data': data,
                           'in_data': in_data})
        rc, result = self.host.run(script, data)
        out = host_scripts.RESULT_MARKER + base64.b64encode(json.dumps(result).encode('utf-8')).decode('ascii')
        return rc, ('#< CLIXML noise\r\n' + out + '\r\n').encode('utf-8'), b''

    def put_file(self, in_path, out_path):
        self.calls.append({'kind': 'put_file', 'in': in_path, 'out': out_path})
        raise AssertionError('webadmin.iis must not transfer files')

    def fetch_file(self, in_path, out_path):
        self.calls.append({'kind': 'fetch_file', 'in': in_path, 'out': out_path})
        raise AssertionError('webadmin.iis must not transfer files')

    @property
    def round_trips(self):
        return len(self.calls)


def run_action(module, args, connection, check_mode=False, diff=False, task_vars=None):
    """Run the collection's action plugin ``module`` as Ansible's TaskExecutor would."""
    task = Task()
    task.args = dict(args)
    task.check_mode = check_mode
    task.diff = diff
    task.action = 'webadmin.iis.%s' % module
    loader = DataLoader()
    cls = importlib.import_module('ansible_collections.webadmin.iis.plugins.action.%s' % module).ActionModule
    action = cls(task, connection, PlayContext(), loader, Templar(loader=loader), shared_loader_obj=None)
    import ansible.plugins.loader as plugin_loader
    action._shared_loader_obj = plugin_loader
    variables = {'inventory_hostname': 'web01'}
    variables.update(task_vars or {})
    return action.run(task_vars=variables)
