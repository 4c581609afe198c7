# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Faults and bad input, end to end through the action plugins on offline hosts.

Why here and not in the layer tests: what users see is the task result. Whatever is wrong with
the host (broken or hostile files, a concurrent writer, a crash while writing) or with the
options, a task must either fail with a message naming the file or write configuration that
parses again and holds exactly the value asked for, and a failed task must leave every file of
the host byte-for-byte as it was (the whole tree is hashed before and after).
"""
from __future__ import absolute_import, division, print_function

import hashlib
import os
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent / 'plugins' / 'plugin_utils'))

from recording_connection import FakeIISHost, RecordingConnection, run_action  # noqa: E402

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager  # noqa: E402
from ansible_collections.webadmin.iis.plugins.module_utils.document import ConfigFileError  # noqa: E402
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / 'examples' / 'offline-host'
APPHOST = Path('Windows', 'System32', 'inetsrv', 'config', 'applicationHost.config')
WWWROOT_WEBCONFIG = Path('inetpub', 'wwwroot', 'web.config')

#: One changing task per module, each touching applicationHost.config and/or a web.config.
CHANGING_TASKS = [
    ('iis_config', {'section': 'system.webServer/directoryBrowse', 'location': 'Default Web Site',
                    'attributes': {'enabled': True}}),
    ('iis_config', {'section': 'system.webServer/security/access', 'location': 'Default Web Site',
                    'attributes': {'sslFlags': 'Ssl'}}),
    # check_assembly=false: the example host has no bin folders; these tests are about file faults
    ('iis_module', {'name': 'Contoso', 'type': 'Contoso.Module', 'location': 'Default Web Site', 'check_assembly': False}),
    ('iis_pipeline_mode', {'name': 'LegacyPool', 'mode': 'integrated', 'legacy_config': 'migrate'}),
    ('iis_ssl_client_cert', {'site': 'Default Web Site', 'binding': {'manage': False}}),
]
TASK_IDS = ['%s-%d' % (module, number) for number, (module, _args) in enumerate(CHANGING_TASKS)]


# -- helpers ---------------------------------------------------------------------------------------

def run(module, args, root, check_mode=False):
    return run_action(module, dict(args, offline_root=str(root)), RecordingConnection(FakeIISHost({})), check_mode=check_mode)


def tree_state(root):
    """{relative path: sha256 | 'dir' | link target} of everything under ``root``, modes included."""
    state = {}
    for directory, dirs, files in os.walk(str(root)):
        for name in dirs + files:
            path = os.path.join(directory, name)
            rel = os.path.relpath(path, str(root))
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                state[rel] = 'link:' + os.readlink(path)
            elif stat.S_ISDIR(info.st_mode):
                state[rel] = 'dir'
            else:
                with open(path, 'rb') as handle:
                    state[rel] = '%o:%s' % (stat.S_IMODE(info.st_mode), hashlib.sha256(handle.read()).hexdigest())
    return state


def config_files(root):
    return [p for p in Path(root).rglob('*') if p.is_file() and p.suffix.lower() == '.config']


def assert_all_parse(root):
    """Every configuration file under ``root`` is well-formed XML (never a broken config)."""
    for path in config_files(root):
        etree.fromstring(path.read_bytes(), etree.XMLParser(resolve_entities=False))


def assert_fails_cleanly(module, args, root, names):
    """The task fails, its message names one of ``names``, and nothing under root changed."""
    before = tree_state(root)
    result = run(module, args, root)
    assert result.get('failed'), result
    assert any(name.lower() in result['msg'].lower() for name in names), result['msg']
    assert 'Traceback' not in result['msg']
    assert tree_state(root) == before
    return result


@pytest.fixture
def host(tmp_path):
    root = tmp_path / 'host'
    shutil.copytree(str(EXAMPLE), str(root))
    return root


# -- the shared corpus of broken files ------------------------------------------------------------

def synthetic_target(name):
    """Where a synthetic corpus file goes on the host, and the name its errors must show."""
    if '.webconfig.' in name:
        return WWWROOT_WEBCONFIG, 'web.config'
    return APPHOST, 'applicationHost.config'


def _shared_iis_dir(config):
    """../shared/iis as tests/unit/conftest.py finds it (None when absent), at collection time."""
    for plugin in config.pluginmanager.get_plugins():
        finder = getattr(plugin, 'find_shared_iis', None)
        if callable(finder) and hasattr(plugin, 'SHARED_IIS_MISSING'):
            return finder()
    return None


def pytest_generate_tests(metafunc):
    """One test per README.tsv row of ../shared/iis/corpus/synthetic (a placeholder that the
    shared_iis fixture skips when the data is absent)."""
    if 'synthetic_case' not in metafunc.fixturenames:
        return
    shared = _shared_iis_dir(metafunc.config)
    params = [pytest.param(None, id='no-shared-data')]
    if shared is not None:
        lines = (Path(shared) / 'corpus' / 'synthetic' / 'README.tsv').read_text(encoding='utf-8').splitlines()
        header = lines[0].split('\t')
        rows = [dict(zip(header, line.split('\t'))) for line in lines[1:] if line.strip()]
        params = [pytest.param(row, id=row['file']) for row in rows]
    metafunc.parametrize('synthetic_case', params)


@pytest.mark.parametrize('module,args', CHANGING_TASKS, ids=TASK_IDS)
def test_synthetic_corpus_file(shared_iis, synthetic_case, host, module, args):
    """Files that are not well-formed fail every task naming the file; in well-formed files that
    IIS rejects (duplicate keys, a section both inside and outside a location) a task may only
    write a section that IIS accepts afterwards: whatever it wrote adds no problem to the file
    (a problem in a section the task did not edit stays, as it was)."""
    name = synthetic_case['file']
    target, shown = synthetic_target(name)
    shutil.copyfile(str(shared_iis / 'corpus' / 'synthetic' / name), str(host / target))
    before = tree_state(host)
    problems_before = file_problems(host)
    result = run(module, args, host)
    if not synthetic_case['xml_parse(ElementTree)'].startswith('ok') and (target == APPHOST or module != 'iis_pipeline_mode'):
        assert result.get('failed'), result
        assert shown in result['msg'], result['msg']
    if result.get('failed'):
        assert tree_state(host) == before, result['msg']
        # a well-formed file may also fail for another reason (its sites and pools differ
        # from the example host's); a rejected file must be named
        assert 'reject' not in result['msg'] or shown in result['msg'], result['msg']
    else:
        assert_all_parse(host)
        # whatever was written adds no duplicate section or collection key
        after = file_problems(host, result['files'])
        assert len(after) == len(result['files']), result
        for path, problems in after.items():
            assert problems <= problems_before.get(path, set()), (path, problems, result['changes'])


def file_problems(host, paths=None):
    """{file: problems IIS would reject it for}, line numbers left out (a write moves lines);
    nothing for files that cannot even be read."""
    try:
        manager = ServerManager(OfflineHost(str(host)))
        manager.layers('Default Web Site/legacy')
    except (ConfigError, ConfigFileError):
        return {}
    out = {}
    for document in manager.documents():
        if paths is None or document.path in paths:
            out[document.path] = set(re.sub(r'(config):\d+', r'\1', p) for p in manager.validate([document]))
    return out


# -- our own bad inputs ----------------------------------------------------------------------------

BILLION_LAUGHS = b'''<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<configuration><system.webServer><directoryBrowse enabled="&lol9;" /></system.webServer></configuration>
'''


def big_file():
    """A 50 MB applicationHost.config (well-formed: one huge comment): over the size limit."""
    head = EXAMPLE.joinpath(APPHOST).read_bytes()
    filler = b'<!-- ' + b'x' * (50 * 1024 * 1024) + b' -->\r\n'
    return head.replace(b'</configuration>', filler + b'</configuration>')


BAD_APPHOSTS = {
    'empty': lambda: b'',
    'whitespace': lambda: b'  \r\n\t ',
    'binary-garbage': lambda: bytes(range(256)) * 64,
    'nul-in-text': lambda: EXAMPLE.joinpath(APPHOST).read_bytes().replace(b'<sites>', b'<sites>\x00', 1),
    'billion-laughs': lambda: BILLION_LAUGHS,
    'external-entity': lambda: b'<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]><configuration>&x;</configuration>',
    '50MB': big_file,
    'not-configuration-latin1': lambda: '<?xml version="1.0" encoding="utf-8"?><configuration a="\xe9"/>'.encode('latin-1'),
}


@pytest.mark.parametrize('case', sorted(BAD_APPHOSTS))
@pytest.mark.parametrize('module,args', CHANGING_TASKS[::2] + [('iis_info', {})], ids=['iis_config', 'iis_module', 'iis_ssl_client_cert', 'iis_info'])
def test_bad_apphost_fails_naming_the_file(host, case, module, args):
    host.joinpath(APPHOST).write_bytes(BAD_APPHOSTS[case]())
    assert_fails_cleanly(module, args, host, ['applicationHost.config'])


@pytest.mark.parametrize('module,args', CHANGING_TASKS + [('iis_info', {})], ids=TASK_IDS + ['iis_info'])
def test_missing_apphost(host, module, args):
    host.joinpath(APPHOST).unlink()
    result = assert_fails_cleanly(module, args, host, ['applicationHost.config'])
    assert 'not found' in result['msg']


@pytest.mark.parametrize('module,args', CHANGING_TASKS, ids=TASK_IDS)
def test_read_only_apphost(host, module, args):
    """A read-only file is never replaced (the rename would succeed on Linux: we check first)."""
    path = host.joinpath(APPHOST)
    path.chmod(0o444)
    try:
        before = tree_state(host)
        result = run(module, args, host)
        if not result.get('failed'):
            # the task may only succeed without touching applicationHost.config
            assert str(APPHOST).replace(os.sep, '\\').lower().rsplit('\\', maxsplit=1)[-1] not in ' '.join(result.get('files', [])).lower()
            return
        assert 'applicationHost.config' in result['msg'] or 'web.config' in result['msg'], result['msg']
        assert tree_state(host) == before
    finally:
        path.chmod(0o644)


def test_read_only_web_config(host):
    path = host / WWWROOT_WEBCONFIG
    path.chmod(0o444)
    try:
        result = assert_fails_cleanly('iis_config', CHANGING_TASKS[0][1], host, ['web.config'])
        assert 'read-only' in result['msg']
    finally:
        path.chmod(0o644)


def test_web_config_that_is_a_directory(host):
    (host / WWWROOT_WEBCONFIG).unlink()
    (host / WWWROOT_WEBCONFIG).mkdir()
    (host / WWWROOT_WEBCONFIG / 'keep.txt').write_text('x')
    # tasks that must read or write that web.config (a locked section written to
    # applicationHost.config does not depend on it; iis_info reports it as unreadable)
    for module, args in (CHANGING_TASKS[0], CHANGING_TASKS[2]):
        assert_fails_cleanly(module, args, host, ['web.config'])
    before = tree_state(host)
    result = run('iis_info', {'location': 'Default Web Site'}, host)
    assert not result.get('failed') and any('web.config' in w and 'directory' in w for w in result['warnings']), result
    assert tree_state(host) == before


def _point_site_at(host, physical_path):
    path = host / APPHOST
    data = path.read_bytes().replace(b'%SystemDrive%\\inetpub\\wwwroot', physical_path.encode('utf-8'), 1)
    path.write_bytes(data)


@pytest.mark.parametrize('physical_path', [r'%SystemDrive%\inetpub\..\..\..\etc', r'D:\sites\www', r'\\server\share\www',
                                           r'%NOSUCHVAR%\www', r'inetpub\relative'])
def test_physical_path_outside_the_offline_root(host, physical_path):
    """Writing a site's web.config must never leave the offline root."""
    _point_site_at(host, physical_path)
    assert_fails_cleanly('iis_config', CHANGING_TASKS[0][1], host, [physical_path.split('\\')[0], 'web.config'])


def test_physical_path_through_a_symlink_outside_the_root(host, tmp_path):
    outside = tmp_path / 'outside'
    outside.mkdir()
    (outside / 'web.config').write_bytes(b'<configuration />')
    (host / 'inetpub' / 'escape').symlink_to(outside, target_is_directory=True)
    _point_site_at(host, r'%SystemDrive%\inetpub\escape')
    outside_before = tree_state(outside)
    assert_fails_cleanly('iis_config', CHANGING_TASKS[0][1], host, ['escape'])
    assert tree_state(outside) == outside_before


# -- concurrency and crashes -----------------------------------------------------------------------

@pytest.mark.parametrize('module,args', CHANGING_TASKS, ids=TASK_IDS)
def test_concurrent_modification_between_read_and_write(host, monkeypatch, module, args):
    """Another writer changes every file right after we read it: the task fails and the other
    writer's content survives."""
    original_read = OfflineHost.read
    theirs = {}

    def read_then_someone_writes(self, windows_path):
        data = original_read(self, windows_path)
        if data is not None:
            path = self.local_path(windows_path)
            theirs[path] = data.replace(b'</configuration>', b'<!-- edited by someone else --></configuration>')
            with open(path, 'wb') as handle:
                handle.write(theirs[path])
        return data

    monkeypatch.setattr(OfflineHost, 'read', read_then_someone_writes)
    result = run(module, args, host)
    assert result.get('failed') and 'changed since it was read' in result['msg'], result
    assert theirs
    for path, data in theirs.items():
        assert Path(path).read_bytes() == data


@pytest.mark.parametrize('module,args', CHANGING_TASKS, ids=TASK_IDS)
def test_crash_after_temp_file_is_written(host, monkeypatch, module, args):
    """A failure between writing the temp file and the rename leaves the original file and no
    temp file behind."""
    class Crash(Exception):
        pass

    def crash(self, tmp, path):
        assert os.path.isfile(tmp) and os.path.getsize(tmp) > 0
        raise Crash(tmp)

    monkeypatch.setattr(OfflineHost, '_before_replace', crash)
    before = tree_state(host)
    with pytest.raises(Crash):
        run(module, args, host)
    assert tree_state(host) == before  # also proves that no temp file was left anywhere


# -- hostile option values -------------------------------------------------------------------------

HOSTILE = {
    'quotes': 'a"b\'c',
    'percent': '%windir%x%',
    'ampersand-entities': 'a&amp;b&lt;c&#x41;',
    'angle-brackets': '<x>]]></x>',
    'newlines-tabs': 'a\nb\r\nc\td',
    'unicode': '\u00e9\u4e2d\U0001F600\u202e',
    'long': 'L' * 5000,
    'leading-trailing-space': '  spaced  ',
}


def _effective_items(root, section, location, element_path=()):
    manager = ServerManager(OfflineHost(str(root)))
    return [item.attributes for item in manager.effective_collection(section, location, element_path).items]


def check_written_or_rejected(root, before, result, present):
    """Either a clear failure with nothing changed, or every file parses and ``present()`` is true."""
    if result.get('failed'):
        assert result['msg'] and 'Traceback' not in result['msg']
        assert tree_state(root) == before
        return False
    assert_all_parse(root)
    assert present(), result
    return True


@pytest.mark.parametrize('value', sorted(HOSTILE), ids=sorted(HOSTILE))
def test_hostile_iis_config_attribute_and_items(host, value):
    text = HOSTILE[value]
    args = {'section': 'system.webServer/httpProtocol', 'location': 'Default Web Site', 'element': 'customHeaders',
            'collection': {'items': [{'name': 'X-Hostile', 'value': text}]}}
    before = tree_state(host)
    result = run('iis_config', args, host)
    assert not result.get('failed'), result.get('msg')  # any string is a valid header value
    check_written_or_rejected(host, before, result, lambda: {'name': 'X-Hostile', 'value': text}
                              in _effective_items(host, 'system.webServer/httpProtocol', 'Default Web Site', ('customHeaders',)))
    assert run('iis_config', args, host)['changed'] is False  # idempotent: the value round-tripped
    # the same value as an attribute of a section, and as a collection key
    before = tree_state(host)
    result = run('iis_config', {'section': 'system.webServer/httpErrors', 'location': 'Default Web Site',
                                'attributes': {'defaultPath': text}}, host)
    check_written_or_rejected(host, before, result, lambda: ServerManager(OfflineHost(str(host))).effective_element(
        'system.webServer/httpErrors', 'Default Web Site')['defaultPath'].value == text)
    before = tree_state(host)
    result = run('iis_config', {'section': 'system.webServer/defaultDocument', 'location': 'Default Web Site', 'element': 'files',
                                'collection': {'items': [{'value': text}]}}, host)
    check_written_or_rejected(host, before, result, lambda: {'value': text} in _effective_items(
        host, 'system.webServer/defaultDocument', 'Default Web Site', ('files',)))


@pytest.mark.parametrize('value', sorted(HOSTILE), ids=sorted(HOSTILE))
@pytest.mark.parametrize('option', ['name', 'type', 'image'])
def test_hostile_iis_module_options(host, option, value):
    text = HOSTILE[value]
    args = {'name': 'HostileModule', 'location': 'Default Web Site'}
    if option == 'image':
        args.update(image=text, state='installed')
        args.pop('location')
    else:
        args.update(type='Contoso.Module')
        args[option] = text
    before = tree_state(host)
    result = run('iis_module', args, host)

    def present():
        manager = ServerManager(OfflineHost(str(host)))
        if option == 'image':
            items = _effective_items(host, 'system.webServer/globalModules', '')
            return {'name': 'HostileModule', 'image': text} in items
        items = [i for i in _effective_items(host, 'system.webServer/modules', 'Default Web Site') if i.get('name') == args['name']]
        return manager is not None and len(items) == 1 and items[0].get('type') == args['type']
    if check_written_or_rejected(host, before, result, present):
        assert run('iis_module', args, host)['changed'] is False


@pytest.mark.parametrize('value', sorted(HOSTILE), ids=sorted(HOSTILE))
def test_hostile_iis_pipeline_mode_name(host, value):
    text = HOSTILE[value]
    for args in ({'name': text, 'mode': 'integrated'}, {'name': text, 'mode': 'classic', 'create': True}):
        before = tree_state(host)
        result = run('iis_pipeline_mode', args, host)
        if not args.get('create'):
            assert result.get('failed') and 'pool' in result['msg'].lower(), result
        if check_written_or_rejected(host, before, result, lambda: any(
                item.get('name') == text for item in _effective_items(host, 'system.applicationHost/applicationPools', ''))):
            assert run('iis_pipeline_mode', args, host)['changed'] is False


@pytest.mark.parametrize('value', sorted(HOSTILE), ids=sorted(HOSTILE))
def test_hostile_iis_ssl_client_cert_site_and_host_name(host, value):
    text = HOSTILE[value]
    before = tree_state(host)
    result = run('iis_ssl_client_cert', {'site': text, 'binding': {'manage': False}}, host)
    assert result.get('failed') and 'site' in result['msg'], result
    assert tree_state(host) == before
    args = {'site': 'Default Web Site', 'binding': {'host_name': text, 'certificate_thumbprint': 'ab' * 20}}
    result = run('iis_ssl_client_cert', args, host)

    def present():
        bindings = list(_effective_items(host, 'system.applicationHost/sites', '', ({'name': 'Default Web Site'}, 'bindings')))
        # host names are normalised (surrounding spaces dropped, as IIS Manager does)
        return any(b.get('bindingInformation', '').lower().endswith(':' + text.strip().lower()) for b in bindings)
    if check_written_or_rejected(host, before, result, present):
        assert run('iis_ssl_client_cert', args, host)['changed'] is False
