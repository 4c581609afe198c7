# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The PowerShell host scripts parse, and use nothing that Windows PowerShell 5.1 lacks.

Why: no Windows host and no PowerShell run here, and a script that does not parse fails every
task on every server. A tree-sitter PowerShell grammar finds unbalanced blocks, broken
expressions and unfinished statements; the operators that PowerShell 7 added (pipeline chains,
null-coalescing, null-conditional member access) are refused by a text check, since 5.1 (the
PowerShell of every Windows Server) cannot parse them. This is a syntax check, not a run.
"""
from __future__ import absolute_import, division, print_function

import re

import pytest

from ansible_collections.webadmin.iis.plugins.plugin_utils import host_scripts

tree_sitter = pytest.importorskip('tree_sitter', reason='tree-sitter is not installed (tests/requirements.txt)')
tree_sitter_powershell = pytest.importorskip('tree_sitter_powershell', reason='tree-sitter-powershell is not installed')

#: Every script constant of host_scripts (a new one is checked without being listed here).
SCRIPTS = sorted(name for name, value in vars(host_scripts).items()
                 if name.isupper() and isinstance(value, str) and name != 'RESULT_MARKER')
#: PowerShell 7 only: `a && b`, `a || b`, `$a ?? $b`, `$a ??= $b`, `$a?.b`, `${a}?[0]`.
PS7_ONLY = re.compile(r'&&|\|\||\?\?|\?\.|\}\?\[')


def parse_errors(text):
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))
    tree = parser.parse(text.encode('utf-8'))
    found = []

    def walk(node):
        if node.type == 'ERROR' or node.is_missing:
            found.append('line %d: %s' % (node.start_point[0] + 1, text.splitlines()[node.start_point[0]].strip()))
        for child in node.children:
            walk(child)
    walk(tree.root_node)
    return found


def ps7_only(text):
    """Lines using a PowerShell 7 operator (comments and single-quoted strings left out)."""
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        code = re.sub(r"'[^']*'", "''", line.split('#', 1)[0] if not line.lstrip().startswith('<#') else '')
        if PS7_ONLY.search(code):
            out.append('line %d: %s' % (number, line.strip()))
    return out


@pytest.mark.parametrize('name', SCRIPTS)
def test_host_script_parses_as_windows_powershell(name):
    text = getattr(host_scripts, name)
    assert parse_errors(text) == []
    assert ps7_only(text) == []


@pytest.mark.parametrize('broken', [
    host_scripts.APPLY.replace('while ($true) {', 'while ($true) ', 1),       # an unbalanced block
    host_scripts.APPLY.replace("+ '.webadmin-iis.lock')", "+ '.webadmin-iis.lock'", 1),  # an unclosed call
    host_scripts.APPLY + '\n$x = $data.lock_timeout ?? 60\n',               # PowerShell 7 only
], ids=['unbalanced-block', 'unclosed-call', 'ps7-operator'])
def test_the_check_finds_broken_scripts(broken):
    assert parse_errors(broken) or ps7_only(broken)
