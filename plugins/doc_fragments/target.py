# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    DOCUMENTATION = r'''
options:
  offline_root:
    description:
      - A directory laid out like a Windows system drive (C(Windows/System32/inetsrv/config/applicationHost.config),
        C(inetpub/wwwroot/...)) to configure instead of a live host.
      - Windows paths in the configuration (C(%SystemDrive%\inetpub\wwwroot), C(C:\sites\app)) are resolved inside
        this directory, case-insensitively; a path that leaves it is an error.
      - When not set, the host variable C(iis_offline_root) is used; when neither is set, the task targets the
        Windows host behind the task's connection.
    type: path
  backend:
    description:
      - How a change is applied.
      - C(file) edits the configuration files (atomically, only the lines that change).
      - C(appcmd) runs the equivalent appcmd.exe commands on a Windows host, in one transaction.
      - C(auto) uses C(file) for offline targets and C(appcmd) for Windows hosts.
    type: str
    choices: [auto, file, appcmd]
    default: auto
  backup:
    description:
      - Keep a copy of each file, beside it under a unique timestamped name, before it is changed (file backend), or
        keep the IIS configuration backup taken before the change (appcmd backend).
    type: bool
    default: false
notes:
  - Runs on the controller through an action plugin; the files are read once and written once per task.
  - Supports check mode and diff mode; secret attribute values are masked in diffs and results.
'''
