#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: iis_module
short_description: Install, enable, disable, order, lock and uninstall IIS modules
version_added: 0.1.0
description:
  - Manages IIS modules the way IIS itself models them. A native module (a DLL) is I(installed) when
    C(system.webServer/globalModules) registers it at server level; a module of either kind is I(enabled) at a path
    when it is in the effective C(system.webServer/modules) list there. Managed (.NET) modules are never installed,
    only enabled.
  - Enabling and disabling follow IIS inheritance. Disabling a module inherited from above writes
    C(<remove name="..."/>) at O(location); disabling one defined at O(location) deletes its C(<add>).
  - Where a change is written follows the IIS lock rules, see O(commit). An entry locked with C(lockItem="true")
    above O(location) is never removed or replaced below; the task fails and says where the lock is.
  - Only what differs from the effective configuration is changed; a second run reports no change.
  - See the guide C(docs/iis_modules.md) of the collection for install vs enable, locks and ordering.
author:
  - webadmin.iis maintainers (@webadmin)
requirements:
  - lxml (Python, on the controller or in the execution environment)
  - pywinrm (for C(ansible_connection=winrm)) or pypsrp (for C(ansible_connection=psrp)), only for live Windows hosts
extends_documentation_fragment:
  - webadmin.iis.target
options:
  name:
    description:
      - Name of the module, the key of both C(globalModules) and C(modules). Case-sensitive, as in IIS.
    type: str
    required: true
  image:
    description:
      - Path of the DLL of a native module, for example V(%windir%\\System32\\inetsrv\\mymodule.dll).
      - With O(state=present) or O(state=installed) the module is installed (or its image updated) in
        C(globalModules) first.
      - Needed to install a native module that is not installed yet.
    type: str
  type:
    description:
      - .NET type of a managed module, for example V(Contoso.Web.AuditModule, Contoso.Web). Makes the module a
        managed one; its C(<add>) in C(modules) carries this type.
    type: str
  pre_condition:
    description:
      - IIS preCondition, for example V(bitness64) or V(integratedMode) for a native module, V(managedHandler) for a
        managed one.
      - For a native module it is set on the C(globalModules) registration; for a managed module (O(type)) on its
        C(modules) entry. When omitted, an existing value is left alone.
    type: str
  location:
    description:
      - Where the module is enabled or disabled. Empty for the server level, V(Default Web Site) for a site,
        V(Default Web Site/app) for an application.
      - Must be empty with O(state=installed) and O(state=uninstalled) (C(globalModules) exists only at server level).
    type: str
    default: ''
  state:
    description:
      - V(present) - enabled at O(location). A native module with O(image) is installed first.
      - V(absent) - not enabled at O(location). C(globalModules) is not touched.
      - V(installed) - registered in C(globalModules) only (nothing is enabled).
      - V(uninstalled) - the C(globalModules) entry and every C(<add>) of the module in applicationHost.config (top
        level and every C(<location>)) are deleted. C(<remove>) elements are kept (IIS ignores them for a module it
        does not know). web.config files that still enable the module, and handlers that name it, are reported as
        warnings and not edited.
    type: str
    choices: [present, absent, installed, uninstalled]
    default: present
  position:
    description:
      - Place the entry V(first) or V(last) in the list at O(location) (the C(globalModules) list with
        O(state=installed)). Modules of the same priority run in list order.
      - An entry is moved only when it is not already there, and only in the layer where it is defined. Inherited
        entries always come before the entries of a lower level, so V(first) below the server level fails when
        entries are inherited.
    type: str
    choices: [first, last]
  before:
    description:
      - Place the entry right before this other module. Mutually exclusive with O(position) and O(after).
    type: str
  after:
    description:
      - Place the entry right after this other module. Mutually exclusive with O(position) and O(before).
    type: str
  lock:
    description:
      - Set (V(true)) or clear (V(false)) C(lockItem) on the C(modules) entry, where that entry is defined (the
        server level for modules enabled there). A locked entry cannot be removed by any lower level.
      - V(true) is refused, with nothing written, when a web.config below already removes the entry or clears the
        list (IIS would answer HTTP 500.19 there); the message lists each path and file.
      - Only with O(state=present). When omitted, the lock is left alone.
    type: bool
  commit:
    description:
      - Where a change of C(modules) for a site or application is written.
      - V(auto) writes the web.config of O(location) when C(modules) may be overridden there, and applicationHost.config
        under C(<location path>) when it is locked (the default on a server without ASP.NET) or already configured there.
      - V(apphost) always writes applicationHost.config under C(<location path>).
      - V(webconfig) always writes the web.config, and fails if C(modules) is locked for it.
    type: str
    choices: [auto, apphost, webconfig]
    default: auto
  check_assembly:
    description:
      - With O(type) and O(state=present), refuse to enable the managed module when its type cannot be loaded by an
        application that would run it (the one serving O(location) and every application below it that keeps the
        entry); ASP.NET would then fail every request of that application. Nothing is written, and the message names
        the assembly and the folders looked in.
      - The type resolves when its assembly is a .NET Framework assembly (in the GAC of every IIS host), when
        C(<assembly>.dll) (or C(.exe)) is in the application's C(bin) folder, or, for a strong-named assembly
        (C(PublicKeyToken)), when the host's GAC folders hold that version. A type that names no assembly resolves
        from System.Web, from an C(App_Code) source file that declares the class, or (not verifiable, with a warning)
        from any assembly in C(bin). See the collection's C(docs/iis_modules.md) for the list of framework assemblies.
      - On a Windows host the folders are looked up in the task's one read round trip; on an offline host in its
        directory (an offline copy without a GAC folder takes a Microsoft-signed assembly as in the GAC, with a
        warning).
      - Set V(false) for deployments that copy the assembly after this task.
    type: bool
    default: true
attributes:
  check_mode:
    description: Plans the change and reports it (with O(backup), nothing is copied either); no file is written.
    support: full
  diff_mode:
    description: Shows a unified diff for each configuration file the task changes, secret values masked.
    support: full
seealso:
  - module: webadmin.iis.iis_config
'''

EXAMPLES = r'''
- name: Install a native module and enable it for the whole server
  webadmin.iis.iis_module:
    name: ContosoHeaders
    image: '%windir%\System32\inetsrv\contoso_headers.dll'
    pre_condition: bitness64

- name: Enable a managed module for one application only
  webadmin.iis.iis_module:
    name: LegacyAudit
    type: Contoso.Legacy.Web.AuditModule, Contoso.Legacy.Web
    pre_condition: managedHandler
    location: Default Web Site/legacy

- name: Disable an inherited module for one site (writes <remove name="Session"/>)
  webadmin.iis.iis_module:
    name: Session
    location: Default Web Site
    state: absent

- name: Run the module before static files are served
  webadmin.iis.iis_module:
    name: ContosoHeaders
    before: StaticFileModule

- name: Keep web.config files from removing the module
  webadmin.iis.iis_module:
    name: ContosoHeaders
    lock: true

- name: Uninstall it everywhere
  webadmin.iis.iis_module:
    name: ContosoHeaders
    state: uninstalled
'''

RETURN = r'''
plan:
  description: The changes, in words, in the order they are applied.
  returned: always
  type: list
  elements: str
  sample: ['add system.webServer/modules entry name="ContosoHeaders" (%windir%\System32\inetsrv\config\applicationHost.config)']
commands:
  description: The equivalent appcmd.exe command lines.
  returned: always
  type: list
  elements: str
  sample: ["%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.webServer/modules /+[name='ContosoHeaders'] /commit:apphost"]
files:
  description: Configuration files the task changed (or would change in check mode).
  returned: always
  type: list
  elements: str
installed:
  description: Whether the module is registered in C(globalModules) after the task.
  returned: success
  type: bool
enabled:
  description: Whether the module is in the effective C(modules) list at O(location) after the task.
  returned: success and O(state) is V(present) or V(absent)
  type: bool
modules:
  description: The effective C(modules) list at O(location) after the task, in order, each entry with the file (and
    C(<location>)) that defines it.
  returned: success and O(state) is V(present) or V(absent)
  type: list
  elements: dict
  sample: [{"name": "StaticFileModule", "type": null, "pre_condition": null, "locked": true,
            "source": "applicationHost.config <location path=\"\">"}]
assembly_check:
  description:
    - With O(type), O(state=present) and O(check_assembly), one entry per application that would load the module.
  returned: when the type was checked (also in the failure result)
  type: list
  elements: dict
  contains:
    application:
      description: The application (V(Site) or V(Site/app)).
      type: str
    resolved:
      description: Whether ASP.NET can load the type there.
      type: bool
    source:
      description: Where the type comes from, V(framework), V(system.web), V(bin), V(gac), V(app_code), or null.
      type: str
    verified:
      description: False when the source is only likely (see O(check_assembly)).
      type: bool
    detail:
      description: The file or reason, in words.
      type: str
    looked_in:
      description: Folders looked in (Windows paths as IIS sees them).
      type: list
      elements: str
  sample: [{"application": "Default Web Site/legacy", "resolved": true, "source": "bin", "verified": true,
            "detail": "%SystemDrive%\\inetpub\\legacy\\bin\\Contoso.Legacy.Web.dll",
            "looked_in": ["%SystemDrive%\\inetpub\\legacy\\bin"]}]
backup_files:
  description: Backup copies made before writing, when O(backup=true).
  returned: changed and backup requested
  type: list
  elements: str
changes:
  description:
    - The planned changes as records, for audit and compliance reports (secret values masked), in the order of RV(plan).
    - Each has C(operation), C(section), C(path), C(where) (file and C(<location>)) and C(level); attribute changes add
      C(attribute), C(before), C(after) and C(before_source); added and removed collection entries add C(entry)
      (and C(mode) for removals).
  returned: always
  type: list
  elements: dict
  sample: [{"operation": "set", "section": "system.webServer/directoryBrowse", "path": "", "attribute": "enabled",
            "before": "false", "after": "true", "before_source": "applicationHost.config",
            "where": "%SystemDrive%\\inetpub\\wwwroot\\web.config", "level": "site"}]
backend:
  description: How the change was applied, V(file) or V(appcmd) (V(auto) resolved).
  returned: changed and not check mode
  type: str
  sample: file
host_steps:
  description: Windows hosts only. Each step the host ran to apply the change, with its C(command), C(rc) and C(output)
    (secret values masked).
  returned: changed and not check mode, on a Windows host
  type: list
  elements: dict
round_trips:
  description: Windows hosts only. How many times the task connected to the host (one read, one apply).
  returned: changed and not check mode, on a Windows host
  type: int
  sample: 2
backup_name:
  description: Windows hosts only. Name of the IIS configuration backup kept on the host (C(appcmd add backup)), when
    O(backup=true) with the appcmd backend.
  returned: changed, backup requested, appcmd backend
  type: str
  sample: webadmin-iis-20260101T120000
failed_command:
  description: Windows hosts only. The host step that failed.
  returned: failed while applying on a Windows host
  type: str
error:
  description: Windows hosts only. The output of the failed host step (secret values masked).
  returned: failed while applying on a Windows host
  type: str
rolled_back:
  description: Windows hosts only. Whether every change made before the failure was undone.
  returned: failed while applying on a Windows host
  type: bool
'''

from ansible_collections.webadmin.iis.plugins.module_utils.features.iis_module import ARGUMENT_SPEC, SPEC_KWARGS
from ansible_collections.webadmin.iis.plugins.module_utils.runs_on_controller import fail_outside_action_plugin


def main():
    fail_outside_action_plugin('iis_module', ARGUMENT_SPEC, **SPEC_KWARGS)


if __name__ == '__main__':
    main()
