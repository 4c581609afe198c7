# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Options every module shares: which host's files, which backend, whether to keep a backup.

Documented once in the ``webadmin.iis.target`` doc fragment; kept here once so the argument
specs of all modules agree with it.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

TARGET_OPTIONS = dict(
    offline_root=dict(type='path'),
    backend=dict(type='str', default='auto', choices=['auto', 'file', 'appcmd']),
    backup=dict(type='bool', default=False),
)


def with_target_options(options):
    """An argument spec with the common target options added."""
    spec = dict(TARGET_OPTIONS)
    spec.update(options)
    return spec
