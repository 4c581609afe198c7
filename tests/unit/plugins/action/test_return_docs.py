# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Module documentation tells the truth: every key a module returns is in its RETURN block,
and `requirements` names what the controller needs (lxml; pywinrm/pypsrp for live hosts)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ast
import importlib
from pathlib import Path

import pytest
import yaml

from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action

ROOT = Path(__file__).resolve().parents[4]
MODULES = sorted(p.stem for p in (ROOT / 'plugins' / 'modules').glob('iis_*.py'))
#: Keys Ansible documents itself for every module (common return values).
COMMON = {'changed', 'failed', 'msg', 'invocation', 'diff', 'warnings', 'skipped', 'deprecations'}

#: A task per module that changes something on the example host (so apply() runs too).
CHANGING_TASKS = {
    'iis_config': dict(section='system.webServer/directoryBrowse', location='Default Web Site', attributes={'enabled': True},
                       backup=True),
    'iis_info': dict(sections=['system.webServer/security/requestFiltering']),
    'iis_module': dict(name='DirectoryListingModule', state='absent', backup=True),
    'iis_pipeline_mode': dict(name='DefaultAppPool', mode='classic', backup=True),
    'iis_ssl_client_cert': dict(site='Default Web Site', backup=True),
}


def documented(module):
    mod = importlib.import_module('ansible_collections.webadmin.iis.plugins.modules.%s' % module)
    return yaml.safe_load(mod.DOCUMENTATION), yaml.safe_load(mod.RETURN)


def test_every_module_has_a_task_here():
    assert sorted(CHANGING_TASKS) == MODULES


@pytest.mark.parametrize('module', MODULES)
@pytest.mark.parametrize('check', [False, True])
def test_every_returned_key_is_documented(example_host, module, check):
    result = run_action(module, example_host, check=check, diff=True, **CHANGING_TASKS[module])
    assert result.get('failed') is not True, result
    _doc, returns = documented(module)
    assert sorted(set(result) - COMMON - set(returns)) == []


def _windows_result_keys():
    """The keys WindowsHost._apply_result adds to a result (a live host cannot run here)."""
    tree = ast.parse((ROOT / 'plugins' / 'plugin_utils' / 'windows_host.py').read_text(encoding='utf-8'))
    func = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == '_apply_result'][0]
    keys = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == 'out' for t in node.targets) \
                and isinstance(node.value, ast.Dict):
            keys.update(k.value for k in node.value.keys if isinstance(k, ast.Constant))
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == 'out' \
                and isinstance(node.slice, ast.Constant) and isinstance(node.ctx, ast.Store):
            keys.add(node.slice.value)
    assert 'backend' in keys  # the parse found the function's result
    return keys


@pytest.mark.parametrize('module', [m for m in MODULES if m != 'iis_info'])
def test_keys_of_a_windows_host_apply_are_documented(module):
    _doc, returns = documented(module)
    assert sorted(_windows_result_keys() - COMMON - set(returns)) == []


@pytest.mark.parametrize('module', MODULES)
def test_requirements_name_lxml_and_the_windows_connection_libraries(module):
    doc, _returns = documented(module)
    text = ' '.join(doc.get('requirements') or [])
    for package in ('lxml', 'pywinrm', 'pypsrp'):
        assert package in text, (module, package)
