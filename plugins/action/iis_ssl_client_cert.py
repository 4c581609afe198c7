# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin for webadmin.iis.iis_ssl_client_cert: the work happens on the controller (see plugin_utils/iis_action.py)."""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webadmin.iis.plugins.module_utils.features import iis_ssl_client_cert as feature
from ansible_collections.webadmin.iis.plugins.plugin_utils.iis_action import IISActionBase


class ActionModule(IISActionBase):
    feature = feature
