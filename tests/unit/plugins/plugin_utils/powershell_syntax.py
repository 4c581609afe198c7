# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real PowerShell parser for the scripts the Windows host layer sends, and a Windows
PowerShell 5.1 check on the same syntax trees (test tool; never shipped to a host).

Why: no Windows host runs in this repository's tests, so the PowerShell in
``plugins/plugin_utils/host_scripts.py`` would otherwise only be read by people. The grammar is
``tree-sitter-powershell`` (a maintained tree-sitter grammar of the PowerShell language); any
ERROR or MISSING node in its tree is a script that would not even start on the host.

Windows Server runs *Windows PowerShell 5.1* (on .NET Framework 4.x) unless someone installed
PowerShell 7, and the connection plugins start ``powershell.exe``, i.e. 5.1. A script that uses a
PowerShell 6/7 construct fails there (a parse error) or, worse, means something else there (an
automatic variable that is ``$null``, a ``-replace`` script block that becomes its own text).
:func:`ps51_problems` walks the tree and names such constructs. The lists are kept to what can be
stated honestly from the documentation of PowerShell and .NET ("introduced in PowerShell 6.x/7.x",
"applies to .NET Core x / .NET 5+" only, not .NET Framework); instance members are not checked
because a syntax tree has no types.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import tree_sitter_powershell
from tree_sitter import Language, Parser

LANGUAGE = Language(tree_sitter_powershell.language())
_PARSER = Parser(LANGUAGE)

#: Cmdlet aliases of Windows PowerShell 5.1 that matter for the parameter table below.
ALIASES = {'%': 'foreach-object', 'foreach': 'foreach-object', 'gc': 'get-content', 'cat': 'get-content',
           'type': 'get-content', 'ac': 'add-content', 'sc': 'set-content', 'sls': 'select-string',
           'iwr': 'invoke-webrequest', 'irm': 'invoke-restmethod', 'curl': 'invoke-webrequest',
           'wget': 'invoke-webrequest'}

#: Cmdlet parameters added in PowerShell 6 or 7 (absent from Windows PowerShell 5.1).
PS6_PARAMETERS = {
    'foreach-object': ('Parallel', 'ThrottleLimit', 'TimeoutSeconds', 'AsJob', 'UseNewRunspace'),   # 7.0
    'convertfrom-json': ('AsHashtable', 'Depth', 'NoEnumerate'),                                   # 6.0, 6.2, 7.0
    'convertto-json': ('AsArray', 'EscapeHandling'),                                               # 6.2
    'get-content': ('AsByteStream',), 'set-content': ('AsByteStream',), 'add-content': ('AsByteStream',),  # 6.0
    'select-string': ('Raw', 'NoEmphasis'),                                                        # 7.0
    'invoke-webrequest': ('SkipCertificateCheck', 'SslProtocol', 'Authentication', 'SkipHeaderValidation'),  # 6.0
    'invoke-restmethod': ('SkipCertificateCheck', 'SslProtocol', 'Authentication', 'SkipHeaderValidation',
                          'StatusCodeVariable', 'ResponseHeadersVariable'),                       # 6.0 / 6.1
}

#: Cmdlets that Windows PowerShell 5.1 does not have.
PS6_CMDLETS = ('Join-String', 'Get-Error', 'Test-Json', 'ConvertFrom-Markdown', 'Show-Markdown',
               'Get-MarkdownOption', 'Set-MarkdownOption', 'Get-Uptime', 'Remove-Alias', 'Remove-Service',
               'Start-ThreadJob')

#: Automatic variables of PowerShell 6+; in 5.1 they are simply $null, so a test of them is silently false.
PS6_VARIABLES = ('IsWindows', 'IsLinux', 'IsMacOS', 'IsCoreCLR', 'PSStyle', 'PSNativeCommandArgumentPassing',
                 'PSNativeCommandUseErrorActionPreference')

#: .NET types absent from .NET Framework 4.x (the runtime of Windows PowerShell 5.1); namespaces end with '.'.
NETCORE_TYPES = ('System.Text.Json.', 'System.Threading.Channels.', 'System.IO.Enumeration.', 'System.Formats.',
                 'System.Net.Http.Json.', 'System.Range', 'System.Index', 'System.Half', 'System.DateOnly',
                 'System.TimeOnly', 'System.HashCode', 'System.Text.Rune')

#: Static members .NET Framework 4.x lacks: (type, member) -> minimum argument count (0 = any call or use).
NETCORE_STATIC_MEMBERS = {
    ('System.Convert', 'ToHexString'): 0, ('System.Convert', 'FromHexString'): 0,            # .NET 5
    ('System.Convert', 'ToHexStringLower'): 0,                                                # .NET 9
    ('System.IO.Path', 'GetRelativePath'): 0, ('System.IO.Path', 'Join'): 0,                  # .NET Core 2.x
    ('System.IO.Path', 'IsPathFullyQualified'): 0, ('System.IO.Path', 'TrimEndingDirectorySeparator'): 0,
    ('System.IO.Path', 'EndsInDirectorySeparator'): 0, ('System.IO.Path', 'Exists'): 0,
    ('System.IO.File', 'ReadAllTextAsync'): 0, ('System.IO.File', 'ReadAllBytesAsync'): 0,     # .NET Core 2.0
    ('System.IO.File', 'ReadAllLinesAsync'): 0, ('System.IO.File', 'WriteAllTextAsync'): 0,
    ('System.IO.File', 'WriteAllBytesAsync'): 0, ('System.IO.File', 'WriteAllLinesAsync'): 0,
    ('System.IO.File', 'AppendAllTextAsync'): 0, ('System.IO.File', 'AppendAllLinesAsync'): 0,
    ('System.IO.File', 'Move'): 3,                                                            # overwrite: .NET Core 3.0
    ('System.IO.File', 'CreateSymbolicLink'): 0, ('System.IO.File', 'ResolveLinkTarget'): 0,   # .NET 6
    ('System.IO.File', 'OpenHandle'): 0, ('System.IO.Directory', 'CreateSymbolicLink'): 0,
    ('System.IO.Directory', 'CreateTempSubdirectory'): 0,                                     # .NET 7
    ('System.Security.Cryptography.SHA256', 'HashData'): 0, ('System.Security.Cryptography.SHA1', 'HashData'): 0,
    ('System.Security.Cryptography.SHA384', 'HashData'): 0, ('System.Security.Cryptography.SHA512', 'HashData'): 0,
    ('System.Security.Cryptography.MD5', 'HashData'): 0,                                      # .NET 5
    ('System.Environment', 'ProcessId'): 0, ('System.Environment', 'ProcessPath'): 0,         # .NET 5 / 6
    ('System.OperatingSystem', 'IsWindows'): 0, ('System.OperatingSystem', 'IsLinux'): 0,     # .NET 5
    ('System.OperatingSystem', 'IsWindowsVersionAtLeast'): 0,
    ('System.Math', 'Clamp'): 0, ('System.Array', 'Fill'): 0, ('System.String', 'Create'): 0,  # .NET Core 2.x
    ('System.Random', 'Shared'): 0, ('System.Guid', 'CreateVersion7'): 0,                     # .NET 6 / 9
    ('System.Text.Encoding', 'Latin1'): 0,                                                    # .NET 5
}

#: PowerShell type accelerators used with static members above (5.1 has these names).
ACCELERATORS = {'string': 'System.String', 'guid': 'System.Guid', 'array': 'System.Array', 'math': 'System.Math'}


class Finding:
    """One problem: where (1-based line and column), what, and the source text."""

    def __init__(self, node, what):
        self.line = node.start_point[0] + 1
        self.column = node.start_point[1] + 1
        self.what = what
        self.text = node.text.decode('utf-8', 'replace')[:80]

    def __repr__(self):
        return '%d:%d %s: %r' % (self.line, self.column, self.what, self.text)


def parse(text):
    """The tree-sitter tree of ``text`` (a str)."""
    return _PARSER.parse(text.encode('utf-8'))


def _walk(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def syntax_problems(text):
    """Every ERROR and MISSING node of the parse of ``text``; an empty list means it parses."""
    tree = parse(text)
    problems = []
    for node in _walk(tree.root_node):
        if node.is_missing:
            problems.append(Finding(node, 'missing %r' % node.type))
        elif node.type == 'ERROR' and not (node.parent is not None and node.parent.type == 'ERROR'):
            problems.append(Finding(node, 'syntax error'))
    return problems


def _canonical_type(name):
    name = name.strip().lstrip('[').rstrip(']').replace(' ', '')
    name = ACCELERATORS.get(name.lower(), name)
    if not name.lower().startswith('system.'):
        name = 'System.' + name
    return name


def _argument_count(invocation):
    for child in invocation.children:
        if child.type == 'argument_list':
            for inner in child.children:
                if inner.type == 'argument_expression_list':
                    return len([c for c in inner.children if c.type == 'argument_expression'])
            return 0
    return 0


def _error_construct(node, source):
    """Name of the PowerShell 7 operator an ERROR node stands for, when it is one."""
    text = source[node.start_byte:node.end_byte].decode('utf-8', 'replace')
    after = source[node.end_byte:node.end_byte + 1].decode('utf-8', 'replace')
    kinds = set(c.type for c in _walk(node))
    if '??' in text:
        return 'null-coalescing operator ?? / ??= (PowerShell 7.0)'
    if text.rstrip().endswith('?') and after in ('.', '['):
        return 'null-conditional member access ?. / ?[] (PowerShell 7.0)'
    if '?' in text and ':' in kinds:
        return 'ternary operator ? : (PowerShell 7.0)'
    if 'named_block' in kinds and re.search(r'\bclean\s*$', text, re.IGNORECASE):
        return 'clean {} block (PowerShell 7.3)'
    return None


def _escapes(literal):
    """Backtick escapes of an expandable string, in order (a doubled backtick is one literal backtick)."""
    out = []
    index = 0
    while index < len(literal) - 1:
        if literal[index] == '`':
            out.append(literal[index + 1:index + 3])
            index += 2
        else:
            index += 1
    return out


def _parameter_matches(given, names):
    """PowerShell accepts any unambiguous prefix of a parameter name; three letters are taken
    as the shortest prefix meant for one of ``names``."""
    given = given.lstrip('-').split(':')[0].lower()
    return [n for n in names if n.lower() == given or (len(given) >= 3 and n.lower().startswith(given))]


def _replacement_script_block(operator):
    """A -replace whose substitution is a script block (6.1+; 5.1 substitutes the block's text)."""
    node = operator.next_named_sibling
    scope_breaks = ('parenthesized_expression', 'sub_expression', 'array_expression', 'hash_literal_expression')
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.type == 'script_block_expression':
            return True
        if current.type in scope_breaks:
            continue
        stack.extend(current.children)
    return False


def ps51_problems(text):
    """Constructs of ``text`` that Windows PowerShell 5.1 (on .NET Framework 4.x) does not know."""
    source = text.encode('utf-8')
    tree = _PARSER.parse(source)
    findings = []
    cmdlets = dict((c.lower(), c) for c in PS6_CMDLETS)
    variables = set(v.lower() for v in PS6_VARIABLES)
    for node in _walk(tree.root_node):
        kind = node.type
        if kind == 'ERROR' and not (node.parent is not None and node.parent.type == 'ERROR'):
            construct = _error_construct(node, source)
            if construct:
                findings.append(Finding(node, construct))
        elif kind == 'pipeline_chain_tail':
            operator = node.children[0].text.decode() if node.children else '&&'
            findings.append(Finding(node, 'pipeline chain operator %s (PowerShell 7.0)' % operator))
        elif kind == 'command':
            name_node = node.child_by_field_name('command_name')
            if name_node is None:
                continue
            name = name_node.text.decode('utf-8', 'replace').lower()
            name = ALIASES.get(name, name)
            if name in cmdlets:
                findings.append(Finding(node, 'cmdlet %s (not in Windows PowerShell 5.1)' % cmdlets[name]))
            elements = node.child_by_field_name('command_elements')
            parameters = [c for c in elements.children if c.type == 'command_parameter'] if elements else []
            for parameter in parameters:
                for matched in _parameter_matches(parameter.text.decode('utf-8', 'replace'), PS6_PARAMETERS.get(name, ())):
                    findings.append(Finding(node, '%s -%s (PowerShell 6/7 only)' % (name, matched)))
            if name == 'clean' and elements is not None and any(
                    c.type == 'script_block_expression' for c in _walk(elements)):
                findings.append(Finding(node, 'clean {} block (PowerShell 7.3)'))
        elif kind == 'variable':
            name = node.text.decode('utf-8', 'replace').lstrip('$').strip('{}')
            if name.lower() in variables:
                findings.append(Finding(node, 'automatic variable $%s (PowerShell 6+; $null in 5.1)' % name))
        elif kind in ('expandable_string_literal', 'expandable_here_string_literal'):
            for escape in _escapes(node.text.decode('utf-8', 'replace')):
                if escape[:2] == 'u{':
                    findings.append(Finding(node, 'escape `u{...} (PowerShell 6+; 5.1 reads it as u{...})'))
                elif escape[:1] == 'e':
                    findings.append(Finding(node, 'escape `e (PowerShell 6+; 5.1 reads it as e)'))
        elif kind == 'comparison_operator' and node.text.decode('utf-8', 'replace').lower() in (
                '-replace', '-ireplace', '-creplace') and _replacement_script_block(node):
            findings.append(Finding(node, '-replace with a script block (PowerShell 6.1+; 5.1 uses its text)'))
        elif kind == 'type_literal':
            type_name = _canonical_type(node.text.decode('utf-8', 'replace'))
            for forbidden in NETCORE_TYPES:
                if type_name.lower() == forbidden.lower() or (
                        forbidden.endswith('.') and type_name.lower().startswith(forbidden.lower())):
                    findings.append(Finding(node, '.NET type %s (not in .NET Framework 4.x)' % type_name))
            parent = node.parent
            if parent is not None and parent.type in ('invokation_expression', 'member_access'):
                member = parent.child_by_field_name('member_name') or next(
                    (c for c in parent.children if c.type == 'member_name'), None)
                if member is None:
                    continue
                key = (type_name.lower(), member.text.decode('utf-8', 'replace').lower())
                for (t, m), arity in NETCORE_STATIC_MEMBERS.items():
                    if (t.lower(), m.lower()) == key and (arity == 0 or (
                            parent.type == 'invokation_expression' and _argument_count(parent) >= arity)):
                        suffix = ' with %d arguments' % arity if arity else ''
                        findings.append(Finding(parent, '.NET member [%s]::%s%s (not in .NET Framework 4.x)' % (t, m, suffix)))
    return findings
