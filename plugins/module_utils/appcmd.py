# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quoting for everything that reaches a Windows host, and appcmd argument syntax.

Why one module: a value that breaks out of its quoting on a host is a remote code execution bug.
Every command line this collection builds goes through :func:`quote_windows_arg` (the
CommandLineToArgvW / MSVC rules appcmd.exe parses its arguments with) and every PowerShell literal
through :func:`quote_powershell`. No call site concatenates user input into a command.

The commands are started without cmd.exe (``ProcessStartInfo``), so ``%``, ``^``, ``&`` and ``|``
are plain characters; only the argv rules apply.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

APPCMD = r'%windir%\system32\inetsrv\appcmd.exe'
SECRET_MASK = '********'

# Characters that cannot be carried reliably through a Windows command line or appcmd's parser.
_FORBIDDEN = ('\x00', '\r', '\n')
# PowerShell treats these as single quotes too (typographic quotes).
_PS_SINGLE_QUOTES = ("'", u'\u2018', u'\u2019', u'\u201a', u'\u201b')


class QuotingError(ValueError):
    """A value cannot be expressed safely on the host's command line: refuse instead of guessing."""


def quote_windows_arg(arg):
    """Quote one argument so that CommandLineToArgvW (and the MSVC runtime) yields it back
    unchanged."""
    if not isinstance(arg, str):
        raise QuotingError('command line arguments must be strings, got %r' % (arg,))
    for bad in _FORBIDDEN:
        if bad in arg:
            raise QuotingError('a command line argument cannot contain %r: %r' % (bad, arg))
    if arg and not any(c in arg for c in ' \t"'):
        return arg
    out = ['"']
    backslashes = 0
    for char in arg:
        if char == '\\':
            backslashes += 1
        elif char == '"':
            out.append('\\' * (backslashes * 2 + 1) + '"')
            backslashes = 0
        else:
            out.append('\\' * backslashes + char)
            backslashes = 0
    out.append('\\' * (backslashes * 2) + '"')
    return ''.join(out)


def join_windows_args(args):
    return ' '.join(quote_windows_arg(a) for a in args)


def split_windows_args(command_line):
    """CommandLineToArgvW's parsing rules (post-2008 MSVC), for tests and for reviewing what a
    host will see."""
    args = []
    i, n = 0, len(command_line)
    while i < n:
        while i < n and command_line[i] in ' \t':
            i += 1
        if i >= n:
            break
        current = []
        in_quotes = False
        while i < n:
            char = command_line[i]
            if char == '\\':
                start = i
                while i < n and command_line[i] == '\\':
                    i += 1
                count = i - start
                if i < n and command_line[i] == '"':
                    current.append('\\' * (count // 2))
                    if count % 2:
                        current.append('"')
                        i += 1
                else:
                    current.append('\\' * count)
                continue
            if char == '"':
                if in_quotes and i + 1 < n and command_line[i + 1] == '"':
                    current.append('"')
                    i += 2
                    continue
                in_quotes = not in_quotes
                i += 1
                continue
            if char in ' \t' and not in_quotes:
                break
            current.append(char)
            i += 1
        args.append(''.join(current))
    return args


def quote_powershell(value):
    """A PowerShell single-quoted literal: no expansion of ``$``, backticks or subexpressions."""
    if not isinstance(value, str):
        raise QuotingError('PowerShell literals must be strings, got %r' % (value,))
    if '\x00' in value:
        raise QuotingError('a PowerShell literal cannot contain NUL')
    out = []
    for char in value:
        out.append(char)
        if char in _PS_SINGLE_QUOTES:
            out.append(char)
    return "'" + ''.join(out) + "'"


# -- appcmd's own syntax -----------------------------------------------------------------------
def indexer(key, position=None):
    """``[name='X',type='Y']`` (optionally ``[@start,...]``): appcmd's collection indexer. A
    value holding a single quote cannot be written in it, so it is refused."""
    parts = []
    if position is not None:
        parts.append('@%s' % position)
    for name, value in key:
        check_value(value, name)
        if "'" in value:
            raise QuotingError("appcmd cannot express the value %r of %s: its collection syntax has no escape for a single quote"
                               % (value, name))
        parts.append("%s='%s'" % (check_name(name), value))
    return '[%s]' % ','.join(parts)


def check_name(name):
    if not name or any(c in name for c in " \t'\"[],.:/=") or any(c in name for c in _FORBIDDEN):
        raise QuotingError('%r is not a valid configuration attribute or element name' % (name,))
    return name


def check_value(value, name='value'):
    if not isinstance(value, str):
        raise QuotingError('%s must be a string' % name)
    for bad in _FORBIDDEN:
        if bad in value:
            raise QuotingError('appcmd cannot express the value of %s: it contains %r' % (name, bad))
    return value


def element_path(steps):
    """``requestLimits.headerLimits`` / ``manyToOneMappings.[name='x'].rules``."""
    out = []
    for step in steps:
        if isinstance(step, (list, tuple)):
            out.append(indexer(step))
        else:
            out.append(check_name(step))
    return '.'.join(out)


def config_location_arg(location):
    check_value(location, 'location')
    return location


def display(argv, secrets=()):
    """The command line a person would type, with secret values masked."""
    line = APPCMD + ' ' + join_windows_args(argv)
    for secret in secrets:
        if secret:
            line = line.replace(secret, SECRET_MASK)
    return line
