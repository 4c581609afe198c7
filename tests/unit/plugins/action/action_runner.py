# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run one of the collection's action plugins in-process against an offline host, the way
ansible-playbook would (a Task, a templar, a connection that is never used offline)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
from unittest.mock import MagicMock

from ansible.parsing.dataloader import DataLoader
from ansible.playbook.task import Task
from ansible.template import Templar


def run_action(module, root, check=False, diff=False, **args):
    """Result of ``webadmin.iis.<module>`` with these task arguments on the offline host ``root``."""
    action_class = importlib.import_module('ansible_collections.webadmin.iis.plugins.action.%s' % module).ActionModule
    task = Task()
    task.action = 'webadmin.iis.%s' % module
    task.args = dict(args, offline_root=str(root))
    task.check_mode = check
    task.diff = diff
    connection = MagicMock()
    connection._shell.tmpdir = None
    loader = DataLoader()
    action = action_class(task, connection, play_context=MagicMock(check_mode=check, diff=diff), loader=loader,
                          templar=Templar(loader=loader), shared_loader_obj=None)
    action._shared_loader_obj = MagicMock()
    return action.run(task_vars={})
