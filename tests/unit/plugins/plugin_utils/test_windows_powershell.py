# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every PowerShell text the Windows host layer sends goes through a real PowerShell parser
(tree-sitter-powershell) and a Windows PowerShell 5.1 check.

How the texts are found: nothing here lists scripts by name. Each scenario runs a module's action
plugin against recording_connection.FakeIISHost, exactly as a task would run, and the recording
connection keeps what was sent: the command line (the connection's shell plugin encodes
host_scripts.LOADER) and the script on stdin. Whatever the host layer emits, now or after a later
change, is what gets parsed. Scenarios cover every module, both backends (file, appcmd), check
mode, the http.sys update, the rollback after a failed appcmd or netsh command, the guard that
refuses a file changed since it was read, and option values built to break quoting (quotes, ``$``,
backticks, newlines, here-string markers, unicode).

The negative controls prove the checks can fail: a broken script sent through the same path is
reported, and each PowerShell 7 construct is refused.
"""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from powershell_syntax import ps51_problems, syntax_problems  # noqa: E402
from recording_connection import RecordingConnection, run_action  # noqa: E402
from test_windows_host import (  # noqa: E402,F401  pylint: disable=unused-import
    BOUND, BUDGET_CASES, THUMB, WWWROOT_WEBCONFIG, fake, isolated_schema_cache)  # isolated_schema_cache: autouse fixture

from ansible_collections.webadmin.iis.plugins.plugin_utils import host_scripts  # noqa: E402

#: Option values meant to break a script that would be built from them.
HOSTILE = [
    "it's \"quoted\" \u2018smart\u2019 \u201cdouble\u201d",
    '$(Start-Process calc) ${env:PATH} $null',
    'back`tick ``n `$x `',
    'line one\r\nline two\nthree',
    "'; Remove-Item -Recurse C:\\ ; '",
    '"@\n\'@\n@"\n#>\n<#',
    'caf\u00e9 \u4e2d\u6587 \U0001f600 \u202e\u200b',
    '%windir%\\..\\x & | ^ < > ;',
]

MANAGED_TYPE = 'Contoso.Legacy.Web.AuditModule, Contoso.Legacy.Web'


def _hostile_scenarios():
    out = {}
    for index, value in enumerate(HOSTILE):
        header = {'section': 'system.webServer/httpProtocol', 'location': 'Default Web Site', 'element': 'customHeaders',
                  'collection': {'items': [{'name': 'X-Test', 'value': value}]}}
        out['hostile%d-iis_config-appcmd' % index] = ('iis_config', header, {})
        out['hostile%d-iis_config-file' % index] = ('iis_config', dict(header, backend='file'), {})
        out['hostile%d-iis_config-location' % index] = ('iis_config', dict(BUDGET_CASES['iis_config'], location=value), {})
        out['hostile%d-iis_info' % index] = ('iis_info', {'location': value, 'sections': [value]}, {})
        out['hostile%d-iis_module' % index] = ('iis_module', {'name': value, 'image': 'C:\\m\\' + value + '.dll'}, {})
        out['hostile%d-iis_module-type' % index] = ('iis_module', {'name': 'M%d' % index, 'type': value + ', ' + value}, {})
        out['hostile%d-iis_pipeline_mode' % index] = ('iis_pipeline_mode', {'name': value, 'mode': 'classic', 'create': True}, {})
        out['hostile%d-iis_ssl_client_cert' % index] = ('iis_ssl_client_cert', {
            'site': value, 'binding': {'certificate_thumbprint': THUMB, 'host_name': value}}, {})
    return out


def _guarded(host):
    """Another process writes the site's web.config between the read and the apply."""
    original = host.apply
    host.apply = lambda data: (host.put(WWWROOT_WEBCONFIG, b'<configuration/>'), original(data))[1]


NEGOTIATION_OFF = [dict(BOUND, client_cert_negotiation=False)]

#: name -> (module, args, run_action keywords[, host setup, fake() keywords]); expected outcome in EXPECTED.
SCENARIOS = {
    'iis_info-read': ('iis_info', {}, {}),
    'iis_info-location': ('iis_info', {'location': 'Default Web Site/legacy',
                                       'sections': ['system.webServer/security/requestFiltering']}, {}),
    'iis_config-appcmd': ('iis_config', BUDGET_CASES['iis_config'], {}),
    'iis_config-file': ('iis_config', dict(BUDGET_CASES['iis_config'], backend='file'), {}),
    'iis_config-file-backup': ('iis_config', dict(BUDGET_CASES['iis_config'], backend='file', backup=True), {}),
    'iis_config-check-diff': ('iis_config', BUDGET_CASES['iis_config'], {'check_mode': True, 'diff': True}),
    'iis_module-appcmd': ('iis_module', BUDGET_CASES['iis_module'], {}),
    'iis_module-file': ('iis_module', dict(BUDGET_CASES['iis_module'], backend='file'), {}),
    'iis_module-managed-type': ('iis_module', {'name': 'LegacyAudit', 'type': MANAGED_TYPE, 'pre_condition': 'managedHandler',
                                               'location': 'Default Web Site/legacy'}, {}),
    'iis_module-absent': ('iis_module', {'name': 'Session', 'state': 'absent', 'location': 'Default Web Site'}, {}),
    'iis_pipeline_mode-appcmd': ('iis_pipeline_mode', BUDGET_CASES['iis_pipeline_mode'], {}),
    'iis_pipeline_mode-file': ('iis_pipeline_mode', dict(BUDGET_CASES['iis_pipeline_mode'], backend='file'), {}),
    'iis_ssl_client_cert-appcmd': ('iis_ssl_client_cert', BUDGET_CASES['iis_ssl_client_cert'], {}, None,
                                   {'netsh_bindings': NEGOTIATION_OFF}),
    'iis_ssl_client_cert-file': ('iis_ssl_client_cert', dict(BUDGET_CASES['iis_ssl_client_cert'], backend='file'), {}, None,
                                 {'netsh_bindings': NEGOTIATION_OFF}),
    'iis_ssl_client_cert-sni-add': ('iis_ssl_client_cert', {'site': 'Default Web Site', 'binding': {
        'certificate_thumbprint': THUMB, 'host_name': 'www.example.com'}}, {}),
    'rollback-appcmd': ('iis_config', BUDGET_CASES['iis_config'], {}, lambda host: setattr(host, 'fail_appcmd_at', 0)),
    'rollback-netsh': ('iis_ssl_client_cert', BUDGET_CASES['iis_ssl_client_cert'], {},
                       lambda host: setattr(host, 'fail_netsh', True), {'netsh_bindings': NEGOTIATION_OFF}),
    'guard-refused-appcmd': ('iis_config', BUDGET_CASES['iis_config'], {}, _guarded),
    'guard-refused-file': ('iis_config', dict(BUDGET_CASES['iis_config'], backend='file'), {}, _guarded),
}
SCENARIOS.update(_hostile_scenarios())

#: What the non-hostile scenarios must do on the fake host (so a scenario cannot silently stop
#: reaching the path it is there for).
EXPECTED = {
    'rollback-appcmd': lambda r, c: r['failed'] and r['rolled_back'] and c.calls[1]['data']['commands'],
    'rollback-netsh': lambda r, c: r['failed'] and r['rolled_back'] and c.calls[1]['data']['netsh'],
    'guard-refused-appcmd': lambda r, c: r['failed'] and r['rolled_back'] is False,
    'guard-refused-file': lambda r, c: r['failed'] and r['rolled_back'] is False,
    'iis_config-check-diff': lambda r, c: r['changed'] and c.round_trips == 1,
    'iis_info-read': lambda r, c: not r['changed'] and c.round_trips == 1,
    'iis_info-location': lambda r, c: not r['changed'] and c.round_trips == 1,
    'iis_module-managed-type': lambda r, c: c.calls[0]['script'] == host_scripts.READ_ASSEMBLIES,
    'iis_ssl_client_cert-appcmd': lambda r, c: r['changed'] and c.calls[1]['data']['netsh'] and c.calls[1]['data']['commands'],
    'iis_ssl_client_cert-file': lambda r, c: r['changed'] and c.calls[1]['data']['netsh'] and c.calls[1]['data']['files'],
    'iis_ssl_client_cert-sni-add': lambda r, c: r['changed'] and c.calls[1]['data']['netsh'],
}


def DEFAULT_EXPECTED(result, connection):  # pylint: disable=invalid-name
    """A changing task: changed, not failed, two round trips."""
    return result['changed'] and not result.get('failed') and connection.round_trips == 2


def run_scenario(name):
    """Run one scenario; returns (result, connection)."""
    spec = SCENARIOS[name]
    module, args, kwargs = spec[:3]
    setup = spec[3] if len(spec) > 3 else None
    host_kwargs = spec[4] if len(spec) > 4 else {}
    host = fake(**host_kwargs)
    if setup is not None:
        setup(host)
    connection = RecordingConnection(host)
    result = run_action(module, args, connection, **kwargs)
    return result, connection


_RUNS = {}


def recorded(name):
    """run_scenario, once per test session (the scenarios do not depend on each other)."""
    if name not in _RUNS:
        _RUNS[name] = run_scenario(name)
    return _RUNS[name]


def sent_powershell(connection):
    """Every PowerShell text of the recorded round trips, labelled: the command line (decoded
    -EncodedCommand of the shell plugin) and the script on stdin."""
    texts = []
    for number, call in enumerate(connection.calls, 1):
        assert call['kind'] == 'exec', call['kind']
        texts.append(('round trip %d command line' % number, call['command']))
        texts.append(('round trip %d stdin script' % number, call['script']))
    return texts


def powershell_problems(connection):
    """Parse errors and Windows PowerShell 5.1 problems of everything ``connection`` recorded."""
    problems = []
    for label, text in sent_powershell(connection):
        problems += ['%s: %r' % (label, p) for p in syntax_problems(text)]
        problems += ['%s (Windows PowerShell 5.1): %r' % (label, p) for p in ps51_problems(text)]
    return problems


# -- every scenario: what was sent parses, and is Windows PowerShell 5.1 ----------------------------
@pytest.mark.parametrize('name', sorted(SCENARIOS))
def test_everything_sent_parses_as_windows_powershell_51(name):
    result, connection = recorded(name)
    if not name.startswith('hostile'):   # a hostile value may be refused before anything is sent
        assert EXPECTED.get(name, DEFAULT_EXPECTED)(result, connection), (name, result.get('msg'), result)
    assert powershell_problems(connection) == []


@pytest.mark.parametrize('name', sorted(n for n in SCENARIOS if n.startswith('hostile')))
def test_hostile_values_never_reach_the_powershell_text(name):
    """Hostile option values travel as JSON data; the PowerShell that runs is the same text."""
    _result, connection = recorded(name)
    value = HOSTILE[int(name[len('hostile'):].split('-')[0])]
    for label, text in sent_powershell(connection):
        for piece in [value] + [line for line in value.splitlines() if len(line) > 4]:
            assert piece not in text, (label, piece)


def test_scenarios_reach_every_script_and_apply_path():
    """The scenarios together send every script the host layer has, through every apply branch."""
    scripts = set()
    apply_data = []
    for name in SCENARIOS:
        _result, connection = recorded(name)
        for call in connection.calls:
            scripts.add(call['script'])
            if call['script'] == host_scripts.APPLY:
                apply_data.append(call['data'])
    assert scripts == {host_scripts.READ, host_scripts.READ_ASSEMBLIES, host_scripts.APPLY}
    assert any(d['backend'] == 'appcmd' and d['commands'] and d['backup_add'] for d in apply_data)
    assert any(d['backend'] == 'file' and d['files'] for d in apply_data)
    assert any(d['netsh'] and d['netsh'][0]['undo'] for d in apply_data)
    assert any(d['keep_backup'] for d in apply_data)


def test_every_host_script_constant_parses():
    """Also the pieces on their own (LOADER, COMMON, ASSEMBLY_LOOKUP...), so a fragment that only
    parses because of what follows it is noticed."""
    constants = dict((name, value) for name, value in vars(host_scripts).items()
                     if name.isupper() and isinstance(value, str) and '\n' in value)
    assert {'LOADER', 'READ', 'READ_ASSEMBLIES', 'APPLY'} <= set(constants)
    for name, text in constants.items():
        assert syntax_problems(text) == [], name
        assert ps51_problems(text) == [], name


# -- negative controls ---------------------------------------------------------------------------------
@pytest.mark.parametrize('breakage', [
    lambda s: s.replace('foreach ($path in $paths) {', 'foreach ($path in $paths) ', 1),   # unbalanced }
    lambda s: s + '\n$result.x = "unterminated\n',
    lambda s: s + '\nif ($result) {\n',
    lambda s: s.replace('$seen = @{}', '$seen = @{', 1),
])
def test_a_broken_script_sent_through_the_same_path_is_reported(monkeypatch, breakage):
    broken = breakage(host_scripts.READ)
    assert broken != host_scripts.READ
    monkeypatch.setattr(host_scripts, 'READ', broken)   # FakeIISHost answers the patched script too
    _result, connection = run_scenario('iis_info-read')
    assert connection.calls[0]['script'] == broken
    problems = powershell_problems(connection)
    assert problems and all('stdin script' in p for p in problems), problems


def test_a_powershell_7_construct_sent_through_the_same_path_is_reported(monkeypatch):
    monkeypatch.setattr(host_scripts, 'APPLY', host_scripts.APPLY.replace(
        "$result.backup_files = @()", "$result.backup_files = $null ?? @()", 1))
    _result, connection = run_scenario('iis_config-appcmd')
    problems = powershell_problems(connection)
    assert any('null-coalescing' in p for p in problems), problems


PS7_SNIPPETS = {
    '$a = $b ?? 1': 'null-coalescing',
    '$x ??= 2': 'null-coalescing',
    '$a = $data?.files': 'null-conditional',
    '$first = ${list}?[0]': 'null-conditional',
    '$mode = ($x -eq 1) ? "a" : "b"': 'ternary',
    'Get-Item C:\\ && Write-Output ok': 'pipeline chain operator &&',
    'Get-Item C:\\ || Write-Output failed': 'pipeline chain operator ||',
    '1..3 | ForEach-Object -Parallel { $_ }': 'ForEach-Object -Parallel',
    '1..3 | % -Parallel { $_ } -ThrottleLimit 2': 'ForEach-Object -Parallel',
    'function f { process { $_ } clean { "done" } }': 'clean {} block',
    '& { clean { "done" } }': 'clean {} block',
    '$o = ConvertFrom-Json $text -AsHashtable': 'ConvertFrom-Json -AsHashtable',
    '$b = Get-Content $p -AsByteStream': 'Get-Content -AsByteStream',
    '$s = 1..3 | Join-String -Separator ","': 'cmdlet Join-String',
    'if ($IsWindows) { 1 }': 'automatic variable $IsWindows',
    '"`u{2713} done"': 'escape `u{',
    '"`e[31mred"': 'escape `e',
    "'abc' -replace 'b', { $_.Value.ToUpper() }": '-replace with a script block',
    '$hex = [Convert]::ToHexString($bytes)': '[System.Convert]::ToHexString',
    '$h = [System.Security.Cryptography.SHA256]::HashData($bytes)': 'HashData',
    '[IO.File]::Move($tmp, $target, $true)': '[System.IO.File]::Move with 3 arguments',
    '$rel = [IO.Path]::GetRelativePath($a, $b)': 'GetRelativePath',
    '$id = [Environment]::ProcessId': 'ProcessId',
    '$j = [System.Text.Json.JsonSerializer]::Serialize($x)': 'System.Text.Json',
}


@pytest.mark.parametrize('snippet', sorted(PS7_SNIPPETS))
def test_each_powershell_7_construct_is_refused(snippet):
    findings = [f.what for f in ps51_problems(snippet)]
    assert any(PS7_SNIPPETS[snippet].lower() in f.lower() for f in findings), findings


@pytest.mark.parametrize('snippet', [
    '$x | ? { $_ } | % { $_ }',                 # aliases of Where-Object and ForEach-Object (-Process)
    '$x | ForEach-Object -Process { $_ } -Begin { 1 }',
    '[IO.File]::Move($tmp, $target)',          # the 2-argument overload is in .NET Framework
    '[Convert]::ToBase64String($b)',
    '"a``u{1} ``e"',                           # doubled backticks: literal text, no escape
    "'`u{2713}'",                              # verbatim string: no escapes at all
    "'a' -replace 'b', 'c'",
    'function f { begin { } process { } end { } }',
    '$o = ConvertFrom-Json $text',
])
def test_windows_powershell_51_constructs_are_accepted(snippet):
    assert syntax_problems(snippet) == []
    assert ps51_problems(snippet) == []
