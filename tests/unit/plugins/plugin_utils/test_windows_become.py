# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``become`` on a task against a Windows host is refused with a clear message, never ignored.

Why refused: the action plugins run PowerShell through the connection's exec_command
(``_low_level_execute_command``); Ansible's ``runas`` become plugin only wraps modules that go
through the PowerShell module wrapper, so become would silently do nothing. The connection user
must be a local Administrator (docs/windows-hosts.md, "Privileges").
"""
from __future__ import absolute_import, division, print_function

import importlib
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from recording_connection import RecordingConnection  # noqa: E402
from test_windows_host import BUDGET_CASES, EXAMPLE, fake, isolated_schema_cache  # noqa: E402,F401  pylint: disable=unused-import

from ansible.parsing.dataloader import DataLoader  # noqa: E402
from ansible.playbook.play_context import PlayContext  # noqa: E402
from ansible.playbook.task import Task  # noqa: E402
from ansible.template import Templar  # noqa: E402
import ansible.plugins.loader as plugin_loader  # noqa: E402


def run_with_become(module, args, connection, task_become, context_become, name='Harden the site', method='runas',
                    task_vars=None):
    """Run an action plugin as TaskExecutor would after merging ``become`` into the play context."""
    task = Task()
    task.args = dict(args)
    task.action = 'webadmin.iis.%s' % module
    task.name = name
    task.become = task_become
    task.become_method = method
    context = PlayContext()
    context.become = context_become
    context.become_method = method
    context.become_user = 'SYSTEM'
    loader = DataLoader()
    cls = importlib.import_module('ansible_collections.webadmin.iis.plugins.action.%s' % module).ActionModule
    action = cls(task, connection, context, loader, Templar(loader=loader), shared_loader_obj=plugin_loader)
    variables = {'inventory_hostname': 'web01'}
    variables.update(task_vars or {})
    return action.run(task_vars=variables)


MODULES = sorted(BUDGET_CASES)


@pytest.mark.parametrize('module', MODULES)
@pytest.mark.parametrize('task_become, context_become', [(True, True), (True, False), (False, True)])
def test_become_on_a_windows_task_is_refused_before_anything_is_sent(module, task_become, context_become):
    host = fake()
    connection = RecordingConnection(host)
    result = run_with_become(module, BUDGET_CASES[module] or {}, connection, task_become, context_become)
    assert result.get('failed'), result
    assert connection.round_trips == 0 and not host.appcmd_runs
    msg = result['msg']
    assert "'Harden the site'" in msg and 'webadmin.iis.%s' % module in msg
    assert 'become' in msg and 'runas' in msg and 'local Administrator' in msg


@pytest.mark.parametrize('module', MODULES)
def test_without_become_the_task_runs(module):
    connection = RecordingConnection(fake())
    result = run_with_become(module, BUDGET_CASES[module] or {}, connection, False, False)
    assert not result.get('failed'), result.get('msg')
    assert connection.round_trips >= 1


def test_offline_root_is_not_affected(tmp_path):
    """An offline host is a directory on the controller: become does not concern the Windows host."""
    import shutil
    root = tmp_path / 'host'
    shutil.copytree(str(EXAMPLE), str(root))
    result = run_with_become('iis_info', {'offline_root': str(root)}, RecordingConnection(fake()), True, True)
    assert not result.get('failed'), result.get('msg')


def test_unnamed_task_is_named_by_its_action():
    connection = RecordingConnection(fake())
    result = run_with_become('iis_info', {}, connection, True, True, name='')
    assert result['failed'] and "'webadmin.iis.iis_info'" in result['msg']
