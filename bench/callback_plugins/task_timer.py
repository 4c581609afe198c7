# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Callback used only by bench/bench_playbook.py: writes each task's wall time to the JSON file
named by $BENCH_TASK_TIMES, so the benchmark compares task costs without ansible-playbook's
start-up time."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: task_timer
type: aggregate
short_description: per-task wall time for the webadmin.iis benchmarks
description: Writes [{"name", "seconds", "changed", "failed"}] to $BENCH_TASK_TIMES at the end of the play.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'task_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.records = []
        self.started = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self.started = (task.get_name(), time.perf_counter())

    def _done(self, result, failed=False):
        name, start = self.started
        self.records.append({'name': name, 'seconds': time.perf_counter() - start, 'failed': failed,
                             'changed': bool(result._result.get('changed'))})

    def v2_runner_on_ok(self, result):
        self._done(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._done(result, failed=True)

    def v2_playbook_on_stats(self, stats):
        with open(os.environ['BENCH_TASK_TIMES'], 'w') as handle:
            json.dump(self.records, handle)
