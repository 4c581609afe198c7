# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Planning of iis_module on the bundled example host (always), on the real IIS 10 default files
and on corpus applicationHost.config files with <remove> in <location> tags (when ../shared is
there).

Every change is applied to a copy on disk and planned again: the second plan must be empty
(idempotency), and the bytes outside the changed lines must be the original ones."""
from __future__ import absolute_import, division, print_function

import difflib
import os
import re
import shutil
from pathlib import Path

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.webadmin.iis.plugins.module_utils import reporting
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.features import iis_module as feature
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

REPO = Path(__file__).resolve().parents[5]
EXAMPLE_HOST = REPO / 'examples' / 'offline-host'
APPHOST = Path('Windows', 'System32', 'inetsrv', 'config', 'applicationHost.config')
WWWROOT_WEBCONFIG = Path('inetpub', 'wwwroot', 'web.config')
LEGACY_WEBCONFIG = Path('inetpub', 'legacy', 'web.config')
IIS_EXPRESS_ENV = {'IIS_SITES_HOME': r'C:\sites', 'IIS_BIN': r'C:\iisexpress', 'IIS_USER_HOME': r'C:\iisexpress-user'}
DLL = r'%windir%\System32\inetsrv\contoso_headers.dll'


# -- helpers ---------------------------------------------------------------------------------------

def params(**overrides):
    """Module parameters with the argument spec's defaults, validated like the action plugin does."""
    validator = ArgumentSpecValidator(feature.ARGUMENT_SPEC, **feature.SPEC_KWARGS)
    result = validator.validate(dict(overrides))
    assert not result.error_messages, result.error_messages
    return result.validated_parameters


def plan_for(root, environment=None, **options):
    manager = ServerManager(OfflineHost(str(root), environment=environment))
    plan = Plan(manager)
    values = params(**options)
    feature.desired_state(plan, values)
    return plan, values


def run(root, environment=None, **options):
    """Plan, write to disk, and check that planning again finds nothing to do."""
    plan, values = plan_for(root, environment, **options)
    result = feature.report(plan, values)
    if plan.operations:
        plan.manager.host.apply(plan, values)
    again, _values = plan_for(root, environment, **options)
    assert again.describe() == [], 'second run is not empty: %s' % again.describe()
    return plan, result


def read(root, relative):
    return (Path(root) / relative).read_bytes()


def line_changes(before, after):
    """(removed lines, added lines) between two byte strings, line endings included, so that a
    test can assert that everything else is byte-for-byte the original."""
    a, b = before.splitlines(True), after.splitlines(True)
    removed, added = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag != 'equal':
            removed.extend(a[i1:i2])
            added.extend(b[j1:j2])
    return removed, added


def names(manager_or_result, location=''):
    if isinstance(manager_or_result, dict):
        return [m['name'] for m in manager_or_result['modules']]
    return [m['name'] for m in reporting.module_list(manager_or_result, location)]


def fresh_manager(root, environment=None):
    return ServerManager(OfflineHost(str(root), environment=environment))


@pytest.fixture
def example(tmp_path):
    root = tmp_path / 'host'
    shutil.copytree(str(EXAMPLE_HOST), str(root))
    return root


def shared_root(tmp_path, shared_iis, name):
    """An offline root holding one of the real IIS 10 applicationHost.config files."""
    root = tmp_path / 'host'
    config = root / APPHOST
    config.parent.mkdir(parents=True)
    shutil.copyfile(str(shared_iis / 'schema' / name), str(config))
    (root / 'inetpub' / 'wwwroot').mkdir(parents=True)
    (root / 'web' / '001').mkdir(parents=True)  # the minimal file's /001 application (C:\web\001)
    return root


@pytest.fixture
def minimal(tmp_path, shared_iis):
    return shared_root(tmp_path, shared_iis, 'applicationHost.IIS10.default-role-minimal.config')


@pytest.fixture
def full(tmp_path, shared_iis):
    return shared_root(tmp_path, shared_iis, 'applicationHost.IIS10.servercore-full-features.config')


# -- options ---------------------------------------------------------------------------------------

def test_image_and_type_are_mutually_exclusive():
    validator = ArgumentSpecValidator(feature.ARGUMENT_SPEC, **feature.SPEC_KWARGS)
    result = validator.validate({'name': 'X', 'image': 'x.dll', 'type': 'X.Y'})
    assert any('mutually exclusive' in m and 'image' in m for m in result.error_messages)
    result = validator.validate({'name': 'X', 'position': 'first', 'after': 'Y'})
    assert any('mutually exclusive' in m for m in result.error_messages)


@pytest.mark.parametrize('options, message', [
    (dict(name='NotThere'), 'neither installed'),
    (dict(name='NotThere', state='installed'), 'give image'),
    (dict(name='X', type='A.B', state='installed'), 'managed modules are never installed'),
    (dict(name='X', image=DLL, state='installed', location='Default Web Site'), 'only at server level'),
    (dict(name='Session', state='absent', lock=True), 'lock is only used with state=present'),
    (dict(name='Session', state='absent', position='first'), 'only used with state=present or installed'),
    (dict(name='Session', before='Session'), 'relative to itself'),
    (dict(name='Session', location='No Such Site'), 'no site named'),
])
def test_clear_errors_and_nothing_changed(example, options, message):
    before = read(example, APPHOST)
    with pytest.raises(ConfigError, match=message):
        plan_for(example, **options)
    assert read(example, APPHOST) == before


# -- example host (modules unlocked in <location path="">, native entries lockItem) ----------------

def test_install_and_enable_native_at_server(example):
    before = read(example, APPHOST)
    plan, result = run(example, name='ContosoHeaders', image=DLL, pre_condition='bitness64')
    assert result['installed'] is True and result['enabled'] is True
    assert names(result)[-1] == 'ContosoHeaders'
    assert [op.section for op in plan.operations] == ['system.webServer/globalModules', 'system.webServer/modules']
    removed, added = line_changes(before, read(example, APPHOST))
    assert removed == []
    assert added == [
        b'            <add name="ContosoHeaders" image="%windir%\\System32\\inetsrv\\contoso_headers.dll" preCondition="bitness64" />\r\n',
        b'                <add name="ContosoHeaders" />\r\n',
    ] or added == [line.replace(b'\r\n', b'\n') for line in [
        b'            <add name="ContosoHeaders" image="%windir%\\System32\\inetsrv\\contoso_headers.dll" preCondition="bitness64" />\r\n',
        b'                <add name="ContosoHeaders" />\r\n']]
    # the modules entry went where the collection lives (the unlocked <location path="">)
    manager = fresh_manager(example)
    item = manager.effective_collection(feature.MODULES, '').find(('ContosoHeaders',))
    assert item.layer.location_path == ''
    assert item.element.get('image') is None and item.element.get('preCondition') is None
    assert any('/+[name=\'ContosoHeaders\',image=' in c for c in plan.commands())


def test_installed_only_registers_and_updates_image(example):
    _plan, result = run(example, name='ContosoHeaders', image=DLL, state='installed')
    assert result == {'installed': True}
    assert 'ContosoHeaders' not in names(fresh_manager(example))
    plan, _result = run(example, name='ContosoHeaders', image=r'C:\modules\v2\contoso_headers.dll', state='installed')
    assert [op.verb for op in plan.operations] == ['set']
    assert b'image="C:\\modules\\v2\\contoso_headers.dll"' in read(example, APPHOST)


def deploy(root, *parts):
    """An application's assembly (bin/*.dll) or source (App_Code/*.cs): what iis_module checks
    a managed module's type against."""
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'public class %s { }\n' % path.stem.encode() if path.suffix == '.cs' else b'MZ')


def test_enable_managed_for_sub_application_lands_in_its_web_config(example):
    deploy(example, 'inetpub', 'legacy', 'bin', 'Contoso.Legacy.Web.dll')
    apphost, legacy = read(example, APPHOST), read(example, LEGACY_WEBCONFIG)
    _plan, result = run(example, name='LegacyAudit', type='Contoso.Legacy.Web.AuditModule, Contoso.Legacy.Web',
                        pre_condition='managedHandler', location='Default Web Site/legacy')
    assert read(example, APPHOST) == apphost
    assert result['installed'] is False and names(result)[-1] == 'LegacyAudit'
    after = read(example, LEGACY_WEBCONFIG)
    assert after.startswith(b'\xef\xbb\xbf')
    removed, added = line_changes(legacy, after)
    assert removed == []
    assert b''.join(added).count(b'<add name="LegacyAudit" type="Contoso.Legacy.Web.AuditModule, Contoso.Legacy.Web" '
                                 b'preCondition="managedHandler" />') == 1
    assert 'LegacyAudit' not in names(fresh_manager(example), 'Default Web Site')


def test_disable_inherited_at_one_site_writes_remove(example):
    before = read(example, WWWROOT_WEBCONFIG)
    _plan, result = run(example, name='Session', state='absent', location='Default Web Site')
    assert result['enabled'] is False and 'Session' not in names(result)
    removed, added = line_changes(before, read(example, WWWROOT_WEBCONFIG))
    assert removed == [] and any(b'<remove name="Session" />' in line for line in added)
    manager = fresh_manager(example)
    assert 'Session' in names(manager, '')
    assert 'Session' not in names(manager, 'Default Web Site/legacy')  # inherited by the application below


def test_disable_defined_there_deletes_the_add(example):
    deploy(example, 'inetpub', 'legacy', 'App_Code', 'AuditModule.cs')
    run(example, name='AuditTrail', type='Contoso.AuditModule', location='Default Web Site/legacy')
    plan, result = run(example, name='AuditTrail', state='absent', location='Default Web Site/legacy')
    assert [op.mode for op in plan.operations] == ['delete']
    text = read(example, LEGACY_WEBCONFIG)
    assert b'AuditTrail' not in text and b'<remove' not in text
    assert 'AuditTrail' not in names(result)


def test_disable_server_level_entry_deletes_it(example):
    plan, _result = run(example, name='Session', state='absent')
    assert [op.mode for op in plan.operations] == ['delete']
    assert b'name="Session"' not in read(example, APPHOST)


def test_lock_item_refuses_disable_below(example):
    files = {p: read(example, p) for p in (APPHOST, WWWROOT_WEBCONFIG)}
    with pytest.raises(ConfigError, match='lockItem="true".*<location path="">'):
        plan_for(example, name='DefaultDocumentModule', state='absent', location='Default Web Site')
    assert {p: read(example, p) for p in files} == files


def test_lock_and_unlock_at_server(example):
    plan, result = run(example, name='Session', lock=True)
    assert [m['locked'] for m in result['modules'] if m['name'] == 'Session'] == [True]
    assert b'<add name="Session" type="System.Web.SessionState.SessionStateModule" preCondition="managedHandler" lockItem="true" />' \
        in read(example, APPHOST)
    with pytest.raises(ConfigError, match='lockItem'):
        plan_for(example, name='Session', state='absent', location='Default Web Site')
    original = read(example, APPHOST)
    run(example, name='Session', lock=False)
    removed, added = line_changes(original, read(example, APPHOST))
    assert len(removed) == 1 and len(added) == 1 and b'lockItem' not in added[0]
    run(example, name='Session', state='absent', location='Default Web Site')


def test_uninstall_removes_every_add_in_apphost_and_warns_for_web_config(example):
    run(example, name='ContosoHeaders', image=DLL)
    run(example, name='ContosoHeaders', location='Default Web Site', commit='apphost')  # already effective: no-op
    run(example, name='ContosoHeaders', state='absent', location='Default Web Site')
    # a <location> of its own, defining the module (after a <remove> of the inherited one)
    manager = fresh_manager(example)
    plan = Plan(manager)
    plan.ensure_item(feature.MODULES, 'Default Web Site/legacy', {'name': 'ContosoHeaders'}, commit='apphost')
    plan.ensure_item(feature.MODULES, 'Default Web Site/legacy', {'name': 'LegacyNative'}, commit='webconfig')
    manager.host.apply(plan, {})
    text = read(example, APPHOST)
    assert text.count(b'<add name="ContosoHeaders"') == 3  # globalModules, <location path="">, <location path="Default Web Site/legacy">

    plan, values = plan_for(example, name='ContosoHeaders', state='uninstalled')
    assert [(op.verb, op.target.location_path) for op in plan.operations] == [
        ('remove', ''), ('remove', 'Default Web Site/legacy'), ('remove', None)]
    manager.host.apply(plan, values)
    text = read(example, APPHOST)
    assert b'<add name="ContosoHeaders"' not in text
    assert b'<remove name="ContosoHeaders" />' in read(example, WWWROOT_WEBCONFIG)  # kept, documented
    assert feature.report(plan, values) == {'installed': False}
    again, _values = plan_for(example, name='ContosoHeaders', state='uninstalled')
    assert again.describe() == []

    plan, _values = plan_for(example, name='LegacyNative', state='uninstalled')
    assert plan.operations == []
    assert len(plan.warnings) == 1 and 'legacy' in plan.warnings[0] and 'web.config' in plan.warnings[0]


def test_uninstall_warns_about_handlers(example):
    plan, _values = plan_for(example, name='IsapiModule', state='uninstalled')
    assert len(plan.operations) == 2
    assert any("handler 'ISAPI-dll'" in w for w in plan.warnings)


def test_reorder_first_before_after_and_no_op_when_in_place(example):
    plan, result = run(example, name='Session', position='first')
    assert names(result)[0] == 'Session' and [op.verb for op in plan.operations] == ['remove', 'move']
    plan, result = run(example, name='Session', after='ScriptModule-4.0')
    assert names(result)[-1] == 'Session'
    plan, result = run(example, name='Profile', before='Session')
    listed = names(result)
    assert listed.index('Profile') == listed.index('Session') - 1
    # already in place: nothing planned
    for options in (dict(name='Session', position='last'), dict(name='Session', after='Profile'),
                    dict(name='Profile', before='Session')):
        plan, _values = plan_for(example, **options)
        assert plan.operations == [], options


def test_new_entry_placed_before_another(example):
    _plan, result = run(example, name='ContosoHeaders', image=DLL, before='StaticFileModule')
    listed = names(result)
    assert listed.index('ContosoHeaders') == listed.index('StaticFileModule') - 1


def test_first_below_inherited_entries_is_refused(example):
    with pytest.raises(ConfigError, match='cannot come first'):
        plan_for(example, name='Audit', type='A.B', location='Default Web Site', position='first')
    with pytest.raises(ConfigError, match='inherited'):
        plan_for(example, name='Audit', type='A.B', location='Default Web Site', before='Session')


def test_check_mode_plan_leaves_files_alone(example):
    before = dict((p, read(example, p)) for p in (APPHOST, WWWROOT_WEBCONFIG, LEGACY_WEBCONFIG))
    plan, values = plan_for(example, name='ContosoHeaders', image=DLL, location='Default Web Site')
    assert plan.operations and plan.diffs()
    result = feature.report(plan, values)
    assert result['enabled'] is True  # what would be true
    assert dict((p, read(example, p)) for p in before) == before


# -- IIS 10 default files from ../shared ----------------------------------------------------------

def test_minimal_server_locked_modules_go_to_location_tags(minimal):
    before = read(minimal, APPHOST)
    run(minimal, name='ContosoHeaders', image=DLL)
    plan, result = run(minimal, name='Audit', type='Contoso.AuditModule', location='Default Web Site/001', check_assembly=False)
    assert plan.operations[0].target.location_path == 'Default Web Site/001'
    assert names(result)[-1] == 'Audit'
    assert not (minimal / 'web' / '001' / 'web.config').exists()
    plan, result = run(minimal, name='ContosoHeaders', state='absent', location='Default Web Site')
    assert plan.operations[0].mode == 'block' and plan.operations[0].target.location_path == 'Default Web Site'
    assert 'ContosoHeaders' not in names(fresh_manager(minimal), 'Default Web Site/001')
    text = read(minimal, APPHOST)
    assert re.search(br'<location path="Default Web Site">\s*<system.webServer>\s*<modules>\s*<remove name="ContosoHeaders" />', text)
    removed, added = line_changes(before, text)
    assert removed == []  # only additions: every original byte is still there
    assert sum(b'ContosoHeaders' in line for line in added) == 3
    with pytest.raises(ConfigError, match='lockItem'):
        plan_for(minimal, name='StaticFileModule', state='absent', location='Default Web Site')


def test_minimal_first_at_server_level(minimal):
    plan, result = run(minimal, name='ContosoHeaders', image=DLL, position='first')
    assert names(result)[0] == 'ContosoHeaders'
    assert [op.verb for op in plan.operations] == ['add', 'add']


def test_full_features_webdav_disable_at_site_and_uninstall(full):
    plan, result = run(full, name='WebDAVModule', state='absent', location='Default Web Site')
    assert 'WebDAVModule' not in names(result)
    webconfig = read(full, WWWROOT_WEBCONFIG)  # unlocked by <location path="" overrideMode="Allow">
    assert b'<remove name="WebDAVModule" />' in webconfig
    with pytest.raises(ConfigError, match='lockItem'):
        plan_for(full, name='CgiModule', state='absent', location='Default Web Site')
    before = read(full, APPHOST)
    plan, _result = run(full, name='WebDAVModule', state='uninstalled')
    removed, added = line_changes(before, read(full, APPHOST))
    assert added == [] and len(removed) == 2 and all(b'name="WebDAVModule"' in line for line in removed)
    assert len(plan.warnings) == 1 and "handler 'WebDAV'" in plan.warnings[0]


# -- corpus: applicationHost.config files with <remove> in a <location> ----------------------------

def corpus_files(shared):
    out = []
    for path in sorted((shared / 'corpus' / 'apphost').glob('*.config')):
        text = path.read_bytes()
        if re.search(br'<location path="[^"]+"[^>]*>\s*<system.webServer>\s*<modules>\s*<remove ', text) \
                and not re.search(br'physicalPath="[D-Z]:', text):
            out.append(path)
    return out


def test_corpus_effective_list_and_round_trip(tmp_path, shared_iis):
    files = corpus_files(shared_iis)
    assert len(files) >= 3, 'expected corpus files with <remove> in <location> tags'
    for source in files:
        root = tmp_path / source.stem
        (root / APPHOST).parent.mkdir(parents=True)
        shutil.copyfile(str(source), str(root / APPHOST))
        text = source.read_bytes()
        match = re.search(br'<location path="([^"]+)"[^>]*>\s*<system.webServer>\s*<modules>\s*<remove name="([^"]+)"', text)
        location, removed_name = match.group(1).decode(), match.group(2).decode()
        manager = fresh_manager(root, IIS_EXPRESS_ENV)
        assert removed_name in names(manager, ''), source.name
        assert removed_name not in names(manager, location), source.name
        assert feature.is_installed(manager, removed_name), source.name

        # enable again at that location (native: installed, only the name), then disable again
        plan, result = run(root, IIS_EXPRESS_ENV, name=removed_name, location=location)
        assert result['enabled'] and plan.operations[0].target.location_path == location, source.name
        plan, result = run(root, IIS_EXPRESS_ENV, name=removed_name, location=location, state='absent')
        assert not result['enabled'] and [op.mode for op in plan.operations] == ['delete'], source.name
        assert read(root, APPHOST) == text, source.name  # the round trip restores every byte

        # an inherited module: disable (<remove>) and enable back
        other = [n for n in names(manager, location) if n != removed_name and
                 not manager.effective_collection(feature.MODULES, location).find((n,)).locked][0]
        run(root, IIS_EXPRESS_ENV, name=other, location=location, state='absent')
        assert other not in names(fresh_manager(root, IIS_EXPRESS_ENV), location), source.name
        run(root, IIS_EXPRESS_ENV, name=other, location=location,
            type=manager.effective_collection(feature.MODULES, '').find((other,)).element.get('type'))
        assert other in names(fresh_manager(root, IIS_EXPRESS_ENV), location), source.name
        assert os.path.exists(str(root / APPHOST))
