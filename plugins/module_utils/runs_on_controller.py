# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a module file does when it is executed directly instead of through its action plugin."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule


def fail_outside_action_plugin(name, argument_spec, **kwargs):
    """Build the module from the same argument spec the action plugin validates with (so that
    ansible-test's validate-modules compares docs and spec), then explain how it runs."""
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True, **kwargs)
    module.fail_json(msg='webadmin.iis.%s runs on the controller through its action plugin; it cannot be executed on '
                         'the target directly. Call it as a task (webadmin.iis.%s) from ansible-playbook.' % (name, name))
