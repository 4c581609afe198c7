# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""WindowsHost through a recording connection: round trips, what is sent, how answers are used.

No Windows host is involved: recording_connection.FakeIISHost models what the PowerShell scripts
do. Golden files (golden/*.ps1) hold the exact command line, script and data of representative
tasks. Regenerate them after an intended change with:

    WEBADMIN_IIS_REGEN_GOLDEN=1 /tmp/devvenv/bin/python -m pytest tests/unit/plugins/plugin_utils/test_windows_host.py -k golden

and review the diff like code: it is what runs on production servers.
"""
from __future__ import absolute_import, division, print_function

import base64
import hashlib
import json
import os
import re
import shutil
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings, HealthCheck, strategies as st

sys.path.insert(0, os.path.dirname(__file__))

from recording_connection import FakeIISHost, RecordingConnection, run_action  # noqa: E402

from ansible_collections.webadmin.iis.plugins.module_utils import appcmd  # noqa: E402
from ansible_collections.webadmin.iis.plugins.module_utils.appcmd import split_windows_args  # noqa: E402
from ansible_collections.webadmin.iis.plugins.module_utils.offline import APPHOST_CONFIG, TargetError  # noqa: E402
from ansible_collections.webadmin.iis.plugins.plugin_utils import host_scripts, windows_host  # noqa: E402
from ansible_collections.webadmin.iis.plugins.plugin_utils.windows_host import (  # noqa: E402
    HttpSysEndpoint, WindowsHost, parse_netsh_sslcert, validate_store, validate_thumbprint)

REPO = Path(__file__).resolve().parents[4]
EXAMPLE = REPO / 'examples' / 'offline-host'
GOLDEN = Path(__file__).resolve().parent / 'golden'
ACTIONS = sorted(p.stem for p in (REPO / 'plugins' / 'action').glob('iis_*.py'))
THUMB = '0123456789abcdef0123456789abcdef01234567'
OTHER_THUMB = 'fedcba9876543210fedcba9876543210fedcba98'
WWWROOT_WEBCONFIG = r'C:\inetpub\wwwroot\web.config'
APPHOST = r'C:\Windows\System32\inetsrv\config\applicationHost.config'

#: One changing task per action plugin (run against a copy of examples/offline-host).
#: A new module must add its case here: test_every_action_plugin_has_a_budget_case fails until it does.
BUDGET_CASES = {
    'iis_config': {'section': 'system.webServer/directoryBrowse', 'location': 'Default Web Site',
                   'attributes': {'enabled': True, 'showFlags': 'Date,Time'}},
    'iis_info': None,  # read-only: never changes anything
    'iis_module': {'name': 'ContosoHeaders', 'image': r'%windir%\System32\inetsrv\contoso_headers.dll',
                   'pre_condition': 'bitness64'},
    'iis_pipeline_mode': {'name': 'LegacyPool', 'mode': 'integrated', 'legacy_config': 'migrate'},
    'iis_ssl_client_cert': {'site': 'Default Web Site', 'binding': {'certificate_thumbprint': THUMB}},
}
READ_ONLY_ARGS = {'iis_info': {}}


@pytest.fixture(autouse=True)
def isolated_schema_cache(monkeypatch, tmp_path):
    """Every test starts with an empty read cache (schema files included) in the test's tmp dir."""
    monkeypatch.setattr(windows_host, 'read_cache_root', lambda: str(tmp_path / 'read-cache'))


@pytest.fixture
def host_copy(tmp_path):
    root = tmp_path / 'host'
    shutil.copytree(str(EXAMPLE), str(root))
    return root


def fake(root=EXAMPLE, **kwargs):
    return FakeIISHost.from_directory(str(root), **kwargs)


def deterministic(monkeypatch):
    original = WindowsHost.__init__

    def init(self, *a, **k):
        original(self, *a, **k)
        self.name_factory = lambda: 'GOLDEN'
    monkeypatch.setattr(WindowsHost, '__init__', init)


def snapshot_files(host):
    return dict((k, v[1]) for k, v in host.files.items())


# -- the round-trip budget, for every action plugin -------------------------------------------------
def test_every_action_plugin_has_a_budget_case():
    missing = [name for name in ACTIONS if name not in BUDGET_CASES]
    assert not missing, 'add a changing task for %s to BUDGET_CASES' % missing


@pytest.mark.parametrize('module', ACTIONS)
def test_budget_changing_task_is_two_round_trips(module):
    args = BUDGET_CASES.get(module)
    if args is None:
        pytest.skip('%s never changes anything (see the no-op test)' % module)
    host = fake()
    connection = RecordingConnection(host)
    result = run_action(module, args, connection)
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is True
    assert connection.round_trips == 2, [c['kind'] for c in connection.calls]
    assert [c['script'] for c in connection.calls] == [host_scripts.READ, host_scripts.APPLY]
    assert result['round_trips'] == 2
    # the commands the host ran (appcmd, and netsh for http.sys) are exactly the reported ones, in order
    assert len(host.appcmd_runs) + len(host.netsh_runs) == len(result['commands'])


@pytest.mark.parametrize('module', ACTIONS)
def test_budget_noop_task_is_one_round_trip(module, host_copy):
    args = BUDGET_CASES.get(module)
    if args is None:
        args = READ_ONLY_ARGS[module]
    else:
        # bring the host into the desired state with the offline backend, then ask again
        offline = run_action(module, dict(args, offline_root=str(host_copy)), RecordingConnection(fake()))
        assert offline['changed'] and not offline.get('failed'), offline.get('msg')
    # http.sys is not in the offline files: the Windows host already has the binding the task asks for
    bindings = [BOUND] if module == 'iis_ssl_client_cert' else []
    connection = RecordingConnection(fake(host_copy, netsh_bindings=bindings))
    result = run_action(module, args, connection, check_mode=False, diff=True)
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is False
    assert connection.round_trips == 1
    assert connection.calls[0]['script'] == host_scripts.READ


@pytest.mark.parametrize('module', [m for m in ACTIONS if BUDGET_CASES.get(m)])
def test_check_mode_reads_once_and_writes_nothing(module):
    host = fake()
    before = snapshot_files(host)
    connection = RecordingConnection(host)
    result = run_action(module, BUDGET_CASES[module], connection, check_mode=True, diff=True)
    assert result['changed'] is True and connection.round_trips == 1
    assert snapshot_files(host) == before and not host.appcmd_runs


@pytest.mark.parametrize('transport', ['winrm', 'psrp', 'ssh'])
def test_same_protocol_on_every_windows_transport(transport):
    connection = RecordingConnection(fake(), transport=transport)
    result = run_action('iis_info', {}, connection)
    assert not result.get('failed') and connection.round_trips == 1


def test_refuses_a_connection_without_powershell():
    connection = RecordingConnection(fake())
    connection._shell._IS_WINDOWS = False
    try:
        result = run_action('iis_info', {}, connection)
    finally:
        connection._shell._IS_WINDOWS = True
    assert result['failed'] and 'PowerShell' in result['msg'] and connection.round_trips == 0


# -- reading ------------------------------------------------------------------------------------------
def test_first_read_returns_apphost_webconfigs_and_inputs_are_data():
    connection = RecordingConnection(fake())
    run_action('iis_info', {}, connection)
    call = connection.calls[0]
    # the command line is the constant loader; nothing task-specific is in it
    assert call['command'].endswith(host_scripts.LOADER.strip().splitlines()[-1])
    assert 'applicationHost' not in call['command_line'] and 'applicationHost' not in call['command']
    assert call['data']['apphost'] == APPHOST_CONFIG
    assert call['data']['known'] == [] and call['data']['listing'] is None and call['data']['schema_listing'] is None
    assert call['data']['http_sys'] is False


def test_snapshot_serves_later_reads_and_a_missing_file_costs_one_trip():
    host = fake()
    connection = RecordingConnection(host)
    action = _action('iis_info', connection)
    win = WindowsHost(action, {'inventory_hostname': 'web01'})
    assert win.read(APPHOST_CONFIG).startswith(b'\xef\xbb\xbf<?xml')
    legacy = win.read(r'%SystemDrive%\inetpub\legacy\web.config')
    assert legacy == host.get(r'C:\inetpub\legacy\web.config')
    assert win.read(r'C:/INETPUB/legacy/WEB.CONFIG') == legacy   # NTFS: case and separators do not matter
    assert connection.round_trips == 1 and win.extra_reads == []
    assert win.read(r'%SystemDrive%\inetpub\wwwroot\sub\web.config') is None
    assert connection.round_trips == 2 and win.extra_reads == [r'%SystemDrive%\inetpub\wwwroot\sub\web.config']
    assert connection.calls[1]['data']['files'] == [r'%SystemDrive%\inetpub\wwwroot\sub\web.config']
    assert connection.calls[1]['data']['apphost'] is None


def test_a_failing_host_script_is_a_task_failure_with_its_message():
    host = fake()
    host.run = lambda script, data: (1, {'failed': True, 'msg': 'Access to the path is denied.', 'where': 'At line:3'})
    result = run_action('iis_info', {}, RecordingConnection(host))
    assert result['failed'] and 'Access to the path is denied.' in result['msg']


def test_an_answer_without_result_is_reported_with_stderr():
    connection = RecordingConnection(fake())
    connection.exec_command = lambda cmd, in_data=None, sudoable=True: (1, b'', b'powershell.exe: not recognized')
    result = run_action('iis_info', {}, connection)
    assert result['failed'] and 'not recognized' in result['msg']


def test_schema_is_sent_once_per_play_then_served_from_cache(shared_iis):
    schema = (shared_iis / 'schema' / 'IIS_schema.xml').read_bytes()
    schema_path = r'C:\Windows\System32\inetsrv\config\schema\IIS_schema.xml'
    host = fake()
    host.put(schema_path, schema)
    first = RecordingConnection(host)
    result = run_action('iis_config', BUDGET_CASES['iis_config'], first, check_mode=True)
    assert result['changed'] and first.round_trips == 1
    # a later task of the same play (a new worker process: the on-disk cache is what it finds)
    second = RecordingConnection(host)
    result = run_action('iis_config', BUDGET_CASES['iis_config'], second, check_mode=True)
    assert result['changed'] and second.round_trips == 1
    sent = second.calls[0]['data']
    assert hashlib.sha256(schema).hexdigest() in sent['known'] and sent['schema_listing']
    answer = host.read(sent)
    assert answer['schema']['files'] is None and answer['schema']['listing'] == sent['schema_listing']
    # the schema changes on the host: its list and contents are sent again
    host.put(schema_path, schema + b'\r\n')
    assert host.read(sent)['schema']['files'][0]['data'] is not None


# -- apply, backend appcmd ---------------------------------------------------------------------------
def test_appcmd_apply_runs_the_plan_commands_with_real_values_in_one_trip():
    host = fake()
    connection = RecordingConnection(host)
    result = run_action('iis_pipeline_mode', BUDGET_CASES['iis_pipeline_mode'], connection)
    data = connection.calls[1]['data']
    assert data['backend'] == 'appcmd'
    assert split_windows_args(data['backup_add']['arguments'])[:2] == ['add', 'backup']
    assert [split_windows_args(c['arguments']) for c in data['commands']] == host.appcmd_runs
    assert [c['display'] for c in data['commands']] == result['commands']
    assert [s['command'] for s in result['host_steps']][1:] == result['commands']
    assert data['files'] == []
    # the backup is deleted after success unless backup=true
    assert not host.backups and 'backup_name' not in result


def test_appcmd_backup_is_kept_with_backup_true():
    host = fake()
    result = run_action('iis_module', dict(BUDGET_CASES['iis_module'], backup=True), RecordingConnection(host))
    assert result['backup_name'].startswith('webadmin-iis-') and host.backups == {result['backup_name']}


def test_appcmd_failure_restores_the_backup_and_reports_appcmd_error():
    host = fake()
    before = snapshot_files(host)
    host.fail_appcmd_at = 1
    connection = RecordingConnection(host)
    result = run_action('iis_pipeline_mode', BUDGET_CASES['iis_pipeline_mode'], connection)
    assert result['failed'] and result['changed'] is False
    assert result['rolled_back'] is True
    assert result['failed_command'] == result['commands'][1]
    assert result['error'] == host.appcmd_error
    assert 'ERROR ( message:Cannot find requested collection element. )' in result['msg']
    assert 'rolled back' in result['msg']
    assert len(host.appcmd_runs) == 2            # stopped at the failing command
    assert snapshot_files(host) == before
    data = connection.calls[1]['data']
    assert split_windows_args(data['backup_restore']['arguments']) == ['restore', 'backup', split_windows_args(
        data['backup_add']['arguments'])[-1]]
    # the web.config the plan touches is guarded (and saved for rollback by the script)
    assert {g['path'] for g in data['guards']} >= {r'%SystemDrive%\inetpub\legacy\web.config'}


def test_secrets_reach_appcmd_only_through_stdin():
    secret = 'S3cr$t`"; Remove-Item C:\\ -Recurse #'
    args = {'section': 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication',
            'location': 'Default Web Site', 'backend': 'appcmd',
            'element': 'oneToOneMappings',
            'collection': {'items': [{'certificate': 'MIIB', 'userName': 'svc', 'password': secret}]}}
    host = fake()
    host.appcmd_error = 'ERROR ( message:bad password %s )' % secret
    host.fail_appcmd_at = 0
    connection = RecordingConnection(host)
    result = run_action('iis_config', args, connection)
    assert result['failed']
    assert secret not in connection.calls[1]['command_line'] and secret not in json.dumps(result)
    assert any(secret in arg for argv in host.appcmd_runs for arg in argv)


def test_operation_appcmd_cannot_express_fails_before_touching_the_host():
    args = {'section': 'system.webServer/defaultDocument', 'location': 'Default Web Site',
            'element': 'files', 'collection': {'items': [{'value': "it's.html"}]}}
    host = fake()
    before = snapshot_files(host)
    connection = RecordingConnection(host)
    result = run_action('iis_config', args, connection)
    assert result['failed'] and 'backend=file' in result['msg']
    assert connection.round_trips == 1 and snapshot_files(host) == before
    ok = run_action('iis_config', dict(args, backend='file'), RecordingConnection(host))
    assert ok['changed'] and not ok.get('failed')
    assert b"it's.html" in host.get(WWWROOT_WEBCONFIG)


# -- apply, backend file ------------------------------------------------------------------------------
def test_file_backend_writes_exactly_the_planned_bytes_with_hash_guards(host_copy):
    host = fake()
    connection = RecordingConnection(host)
    args = dict(BUDGET_CASES['iis_config'], backend='file')
    result = run_action('iis_config', args, connection)
    assert result['changed'] and result['backend'] == 'file' and connection.round_trips == 2
    data = connection.calls[1]['data']
    assert data['commands'] == [] and data['backup_add'] is None
    (written,) = data['files']
    assert written['sha256'] == hashlib.sha256((EXAMPLE / 'inetpub/wwwroot/web.config').read_bytes()).hexdigest()
    # the same bytes the offline backend writes
    run_action('iis_config', dict(args, offline_root=str(host_copy)), RecordingConnection(fake()))
    assert host.get(WWWROOT_WEBCONFIG) == (host_copy / 'inetpub/wwwroot/web.config').read_bytes()
    assert base64.b64decode(written['data']) == host.get(WWWROOT_WEBCONFIG)


def test_file_backend_refuses_a_file_changed_since_read():
    host = fake()
    original_apply = host.apply

    def concurrent(data):
        host.put(WWWROOT_WEBCONFIG, host.get(WWWROOT_WEBCONFIG) + b'<!-- edited -->')
        return original_apply(data)
    host.apply = concurrent
    result = run_action('iis_config', dict(BUDGET_CASES['iis_config'], backend='file'), RecordingConnection(host))
    assert result['failed'] and 'changed since it was read' in result['msg'] and result['rolled_back'] is False
    assert host.get(WWWROOT_WEBCONFIG).endswith(b'<!-- edited -->')


def test_file_backend_creates_a_new_web_config_only_if_still_absent():
    args = {'section': 'system.webServer/directoryBrowse', 'location': 'Default Web Site',
            'attributes': {'enabled': True}, 'backend': 'file'}
    host = fake()
    host.delete(WWWROOT_WEBCONFIG)
    connection = RecordingConnection(host)
    result = run_action('iis_config', args, connection)
    assert result['changed'] and not result.get('failed'), result.get('msg')
    (created,) = connection.calls[1]['data']['files']
    assert created['sha256'] is None and connection.calls[1]['data']['guards'][0]['sha256'] is None
    assert b'directoryBrowse enabled="true"' in host.get(WWWROOT_WEBCONFIG)
    # someone creates it between read and apply: nothing is written
    host.delete(WWWROOT_WEBCONFIG)
    original_apply = host.apply
    host.apply = lambda data: (host.put(WWWROOT_WEBCONFIG, b'<configuration/>'), original_apply(data))[1]
    result = run_action('iis_config', args, RecordingConnection(host))
    assert result['failed'] and host.get(WWWROOT_WEBCONFIG) == b'<configuration/>'


def test_file_backend_keeps_backups_when_asked(monkeypatch):
    deterministic(monkeypatch)
    host = fake()
    result = run_action('iis_config', dict(BUDGET_CASES['iis_config'], backend='file', backup=True), RecordingConnection(host))
    assert result['backup_files'] == [r'%SystemDrive%\inetpub\wwwroot\web.config.GOLDEN.bak']
    assert host.get(result['backup_files'][0]) == (EXAMPLE / 'inetpub/wwwroot/web.config').read_bytes()


# -- http.sys ----------------------------------------------------------------------------------------
HTTP_SYS_FEATURE_SPEC = {'thumbprint': dict(type='str', required=True), 'negotiate': dict(type='bool', default=True),
                         'host_name': dict(type='str'), 'backend': dict(type='str', default='auto'),
                         'backup': dict(type='bool', default=False), 'offline_root': dict(type='path')}


def http_sys_feature(declared=True):
    """A minimal feature using the host capability as iis_ssl_client_cert should."""
    def desired_state(plan, params):
        endpoint = (HttpSysEndpoint(443, hostname=params['host_name']) if params['host_name']
                    else HttpSysEndpoint(443, ip='*'))
        return {'http_sys': plan.manager.host.ensure_http_sys_binding(endpoint, params['thumbprint'], 'My', params['negotiate'])}
    feature = types.SimpleNamespace(ARGUMENT_SPEC=HTTP_SYS_FEATURE_SPEC, desired_state=desired_state)
    if declared:
        feature.HOST_QUERIES = ('http_sys',)
    return feature


def run_http_sys(monkeypatch, host, args, declared=True, **kwargs):
    from ansible_collections.webadmin.iis.plugins.action import iis_info
    monkeypatch.setattr(iis_info.ActionModule, 'feature', http_sys_feature(declared))
    connection = RecordingConnection(host)
    return run_action('iis_info', args, connection, **kwargs), connection


BOUND = {'kind': 'ipport', 'address': '0.0.0.0:443', 'certificate_hash': THUMB, 'store': 'My',
         'app_id': windows_host.IIS_APP_ID, 'client_cert_negotiation': True}


def test_http_sys_unchanged_binding_is_one_trip(monkeypatch):
    result, connection = run_http_sys(monkeypatch, fake(netsh_bindings=[BOUND]), {'thumbprint': THUMB.upper()})
    assert result['changed'] is False and connection.round_trips == 1
    assert connection.calls[0]['data']['http_sys'] is True


def test_http_sys_update_when_negotiation_differs(monkeypatch):
    host = fake(netsh_bindings=[dict(BOUND, client_cert_negotiation=False)])
    result, connection = run_http_sys(monkeypatch, host, {'thumbprint': THUMB})
    assert result['changed'] is True and connection.round_trips == 2
    assert host.netsh_runs == [['http', 'update', 'sslcert', 'ipport=0.0.0.0:443', 'certhash=' + THUMB,
                                'appid=' + windows_host.IIS_APP_ID, 'certstorename=My', 'clientcertnegotiation=enable']]
    assert result['commands'] == [connection.calls[1]['data']['netsh'][0]['display']]
    assert host.netsh_bindings[0]['client_cert_negotiation'] is True


def test_http_sys_add_for_sni_and_check_mode(monkeypatch):
    host = fake()
    result, connection = run_http_sys(monkeypatch, host, {'thumbprint': THUMB, 'host_name': 'WWW.Example.com'}, check_mode=True)
    assert result['changed'] is True and connection.round_trips == 1 and not host.netsh_runs
    result, connection = run_http_sys(monkeypatch, host, {'thumbprint': THUMB, 'host_name': 'WWW.Example.com'})
    assert host.netsh_runs[0][:4] == ['http', 'add', 'sslcert', 'hostnameport=www.example.com:443']
    step = connection.calls[1]['data']['netsh'][0]
    assert split_windows_args(step['undo']['arguments']) == ['http', 'delete', 'sslcert', 'hostnameport=www.example.com:443']


def test_http_sys_failure_rolls_back_config_changes(monkeypatch):
    host = fake(netsh_bindings=[dict(BOUND, certificate_hash=OTHER_THUMB)])
    host.fail_netsh = True
    result, connection = run_http_sys(monkeypatch, host, {'thumbprint': THUMB})
    assert result['failed'] and result['rolled_back'] and 'Error: 1312' in result['msg']
    assert host.netsh_bindings[0]['certificate_hash'] == OTHER_THUMB
    undo = connection.calls[1]['data']['netsh'][0]['undo']
    assert 'certhash=' + OTHER_THUMB in split_windows_args(undo['arguments'])


def test_http_sys_not_declared_costs_one_extra_read(monkeypatch):
    result, connection = run_http_sys(monkeypatch, fake(netsh_bindings=[BOUND]), {'thumbprint': THUMB}, declared=False)
    assert result['changed'] is False and connection.round_trips == 2


@pytest.mark.parametrize('value', ['', '0123', THUMB + '0', THUMB[:-1] + 'g', THUMB[:39] + ';', THUMB + ' & calc'])
def test_thumbprints_are_validated(value):
    with pytest.raises(TargetError):
        validate_thumbprint(value)


def test_thumbprint_with_spaces_is_refused():
    # the same rule as the module's option check: what runs on the host is exactly what was reviewed
    assert validate_thumbprint(THUMB.upper()) == THUMB
    with pytest.raises(TargetError):
        validate_thumbprint(' '.join(THUMB[i:i + 2] for i in range(0, 40, 2)).upper())


@pytest.mark.parametrize('value', ['', 'My"', "My'", 'My;calc', 'My\nx', 'Web-Hosting', 'Mÿ', '$env:x'])
def test_store_names_are_validated(value):
    with pytest.raises(TargetError):
        validate_store(value)


@pytest.mark.parametrize('kwargs', [dict(port=0, ip='*'), dict(port=443), dict(port=443, ip='1.2.3.4', hostname='a'),
                                    dict(port=443, ip='1.2.3.4;x'), dict(port=443, hostname='a b'),
                                    dict(port=443, hostname='x"y'), dict(port='44x', ip='*')])
def test_endpoints_are_validated(kwargs):
    with pytest.raises(TargetError):
        HttpSysEndpoint(**kwargs)


def test_netsh_output_is_parsed():
    from recording_connection import render_netsh
    other = dict(BOUND, kind='hostnameport', address='www.example.com:443', store='WebHosting',
                 client_cert_negotiation=False, certificate_hash=OTHER_THUMB.upper())
    parsed = parse_netsh_sslcert(render_netsh([BOUND, other]))
    assert parsed[('ipport', '0.0.0.0:443')]['client_cert_negotiation'] is True
    assert parsed[('hostnameport', 'www.example.com:443')]['certificate_hash'] == OTHER_THUMB
    assert parsed[('hostnameport', 'www.example.com:443')]['store'] == 'WebHosting'
    assert parse_netsh_sslcert('The system cannot find the file specified.\r\n') == {}


# -- hostile input stays data ------------------------------------------------------------------------
HOSTILE = st.text(alphabet=st.characters(blacklist_categories=('Cs',), blacklist_characters='\x00\r\n'), min_size=1,
                  max_size=40) | st.sampled_from(["'; Remove-Item C:\\ #", '$(calc)', '`n', '"quoted" arg', 'a\\"b\\',
                                                  u'\u2019smart', '%windir%', '& | ^ <>', u'caf\u00e9 \u4e2d'])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(HOSTILE, min_size=1, max_size=6))
def test_native_arguments_round_trip_through_commandlinetoargvw(argv):
    step = windows_host.native_step(appcmd.APPCMD, argv)
    assert split_windows_args(step['arguments']) == argv


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=('Cs',), blacklist_characters='\x00'), min_size=1, max_size=60))
def test_hostile_paths_never_change_the_command_or_the_script(path):
    connection = RecordingConnection(fake())
    action = _action('iis_info', connection)
    win = WindowsHost(action, {'inventory_hostname': 'web01'})
    win._files = {}
    win.read(path)
    (call,) = connection.calls
    assert call['command'] == _loader_command() and call['script'] == host_scripts.READ
    assert call['data']['files'] == [path]
    assert call['command_line'] == _loader_command_line()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(alphabet=st.characters(blacklist_categories=('Cs', 'Cc')), min_size=1, max_size=40))
def test_hostile_attribute_values_reach_appcmd_verbatim(value):
    args = {'section': 'system.webServer/httpProtocol', 'location': 'Default Web Site', 'element': 'customHeaders',
            'collection': {'items': [{'name': 'X-Test', 'value': value}]}}
    host = fake()
    connection = RecordingConnection(host)
    result = run_action('iis_config', args, connection)
    if result.get('failed'):
        # only appcmd's own syntax limit (a single quote in an indexer value) may refuse it, before the host is touched
        assert "'" in value and 'backend=file' in result['msg'] and connection.round_trips == 1
        return
    assert connection.calls[1]['command'] == _loader_command()
    assert connection.calls[1]['script'] == host_scripts.APPLY
    (argv,) = host.appcmd_runs
    assert argv[-1] == "/+customHeaders.[name='X-Test',value='%s']" % value


def test_hostile_physical_path_in_apphost_is_data(host_copy):
    apphost = host_copy / 'Windows/System32/inetsrv/config/applicationHost.config'
    evil = "C:\\sites\\a';$(Start-Process calc)`\"x"
    text = apphost.read_bytes().replace(b'%SystemDrive%\\inetpub\\legacy',
                                        evil.replace('&', '&amp;').replace('"', '&quot;').encode('utf-8'))
    apphost.write_bytes(text)
    host = fake(host_copy)
    host.put(evil + '\\web.config', b'<configuration/>')
    connection = RecordingConnection(host)
    result = run_action('iis_info', {}, connection)
    assert not result.get('failed'), result.get('msg')
    action = _action('iis_info', RecordingConnection(host))
    win = WindowsHost(action, {})
    assert win.read(evil + '\\web.config') == b'<configuration/>' and win.round_trips == 1


# -- golden recordings -------------------------------------------------------------------------------
def _loader_command_line():
    from ansible.plugins.loader import shell_loader
    return shell_loader.get('powershell')._encode_script(host_scripts.LOADER, strict_mode=True, preserve_rc=False)


def _loader_command():
    return base64.b64decode(_loader_command_line().split(' ')[-1]).decode('utf-16-le')


def _action(module, connection):
    import importlib
    from ansible.parsing.dataloader import DataLoader
    from ansible.playbook.play_context import PlayContext
    from ansible.playbook.task import Task
    from ansible.template import Templar
    task = Task()
    task.args = {}
    loader = DataLoader()
    cls = importlib.import_module('ansible_collections.webadmin.iis.plugins.action.%s' % module).ActionModule
    return cls(task, connection, PlayContext(), loader, Templar(loader=loader), shared_loader_obj=None)


def _abbreviate(value):
    """Long base64 blobs (file contents) as size + hash, so goldens stay readable."""
    if isinstance(value, dict):
        return dict((k, _abbreviate(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_abbreviate(v) for v in value]
    if isinstance(value, str) and len(value) > 120 and re.match(r'^[A-Za-z0-9+/=]+$', value):
        raw = base64.b64decode(value)
        return '<base64 of %d bytes, sha256 %s>' % (len(raw), hashlib.sha256(raw).hexdigest())
    return value


def render_golden(title, connection):
    out = ['# webadmin.iis golden recording: %s' % title,
           '# What the controller sends to a Windows host, round trip by round trip (%d in all).' % connection.round_trips,
           '# Regenerate: WEBADMIN_IIS_REGEN_GOLDEN=1 python -m pytest tests/unit/plugins/plugin_utils/test_windows_host.py -k golden',
           '']
    for number, call in enumerate(connection.calls, 1):
        out += ['# ' + '=' * 98, '# ROUND TRIP %d of %d' % (number, connection.round_trips), '# ' + '=' * 98,
                '# -- command line: PowerShell -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand <this, UTF-16LE base64>',
                call['command'].strip(), '',
                '# -- stdin line 1 (base64 UTF-8): the script',
                call['script'].strip(), '',
                '# -- stdin line 2 (base64 UTF-8): its data, JSON (file contents abbreviated here)',
                '<#', json.dumps(_abbreviate(call['data']), indent=2, sort_keys=True), '#>', '']
    return '\n'.join(out)


GOLDEN_SCENARIOS = {
    'read_noop_iis_info': ('iis_info: no-op read (1 round trip)', 'iis_info', {}, {}),
    'apply_appcmd_iis_config': ('iis_config: one attribute change, backend appcmd (2 round trips)', 'iis_config',
                                BUDGET_CASES['iis_config'], {}),
    'apply_file_iis_config': ('iis_config: same change, backend file (2 round trips)', 'iis_config',
                              dict(BUDGET_CASES['iis_config'], backend='file'), {}),
    'apply_appcmd_iis_pipeline_mode': ('iis_pipeline_mode: migrate legacy modules + switch to Integrated (2 round trips)',
                                       'iis_pipeline_mode', BUDGET_CASES['iis_pipeline_mode'], {}),
}


@pytest.mark.parametrize('name', sorted(GOLDEN_SCENARIOS))
def test_golden_recordings(name, monkeypatch):
    deterministic(monkeypatch)
    title, module, args = GOLDEN_SCENARIOS[name][:3]
    connection = RecordingConnection(fake())
    result = run_action(module, args, connection)
    assert not result.get('failed'), result.get('msg')
    _compare_golden(name, render_golden(title, connection))


def test_golden_http_sys_update(monkeypatch):
    deterministic(monkeypatch)
    host = fake(netsh_bindings=[dict(BOUND, client_cert_negotiation=False)])
    result, connection = run_http_sys(monkeypatch, host, {'thumbprint': THUMB})
    assert result['changed']
    _compare_golden('apply_http_sys_update', render_golden(
        'http.sys binding update (clientcertnegotiation) through the host capability (2 round trips)', connection))


def _compare_golden(name, text):
    path = GOLDEN / ('%s.ps1' % name)
    if os.environ.get('WEBADMIN_IIS_REGEN_GOLDEN'):
        path.write_text(text, encoding='utf-8', newline='\n')
    assert path.exists(), 'missing golden file %s: regenerate (see module docstring)' % path
    assert path.read_text(encoding='utf-8') == text, 'golden %s differs: review, then regenerate' % path.name
