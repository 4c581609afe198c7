#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: iis_pipeline_mode
short_description: Switch an IIS application pool between the Integrated and Classic pipeline, safely
version_added: 0.1.0
description:
  - Sets the managed pipeline mode (C(managedPipelineMode)) of an application pool, and optionally its .NET CLR version
    (C(managedRuntimeVersion)) and C(enable32BitAppOnWin64), in C(system.applicationHost/applicationPools).
  - Values are compared with the effective pool settings (the pool entry, then C(applicationPoolDefaults), then the
    schema default); only what differs is written.
  - Optionally moves applications into the pool.
  - Before an application starts running in Integrated mode (the pool switches, or an application comes from a Classic
    pool), every configuration file that applies to it (application root, virtual directories, parent web.config
    files, C(<location>) tags) is inspected for C(system.web/httpModules) and C(system.web/httpHandlers) entries
    (HTTP 500.22 and 500.23 in Integrated mode) and C(<identity impersonate="true">) (HTTP 500.24).
    What happens then is chosen with O(legacy_config).
  - When applications start running in Classic mode, managed modules and handlers that they register only in
    C(system.webServer) are reported as warnings, because they do not run for ASP.NET requests in Classic mode.
  - See the C(docs/pipeline_mode.md) guide of the collection, "Classic vs Integrated pipeline".
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
      - Name of the application pool.
      - The pool must exist unless O(create=true); the error lists the pools there are.
    type: str
    required: true
  mode:
    description:
      - The managed pipeline mode of the pool.
    type: str
    required: true
    choices: [integrated, classic]
  runtime_version:
    description:
      - The .NET CLR version the pool loads (C(managedRuntimeVersion)). V(v4.0) for .NET Framework 4.x, V(v2.0) for
        2.0 to 3.5, an empty string for "No Managed Code".
      - When not set, the pool keeps its effective value.
    type: str
    choices: ['v4.0', 'v2.0', '']
  enable_32bit:
    description:
      - Run the pool's worker process as a 32-bit process on 64-bit Windows (C(enable32BitAppOnWin64)).
      - When not set, the pool keeps its effective value.
    type: bool
  applications:
    description:
      - Applications to run in this pool, as V(Site) for the root application of a site or V(Site/app).
      - Each must exist. Applications already in the pool need not be listed; none is moved out.
    type: list
    elements: str
    default: []
  legacy_config:
    description:
      - What to do when applications that start running in Integrated mode have legacy ASP.NET configuration.
      - V(fail) changes nothing and fails, listing every file, line and entry in RV(legacy_findings), when an entry
        would make IIS answer HTTP 500.22/500.23/500.24. That is the case for every C(httpModules)/C(httpHandlers)
        entry and C(identity impersonate="true") where C(validateIntegratedModeConfiguration) is on (the default), even
        when the same module is registered in C(system.webServer) too. Where it is already off (applications that
        register their modules both ways, such as ELMAH or Nancy) IIS raises nothing, so the switch goes ahead, and an
        entry without an Integrated counterpart (it silently does not run) is a warning.
      - V(migrate) does what C(appcmd migrate config) does, in the same task, and in the same place rules as every
        other change (the application's web.config when C(modules)/C(handlers) are unlocked there, else
        applicationHost.config under C(<location path>)). Each C(httpModules) entry is added to
        C(system.webServer/modules) with C(preCondition="managedHandler"); each C(httpHandlers) entry is added to
        C(system.webServer/handlers) as C(<path>_<verb>) with C(preCondition="integratedMode"); C(remove) entries
        are carried over. Only what is missing is added; a module with the same type (type name and assembly simple
        name, case-insensitive), or a handler with the same type and path whose verbs cover the legacy ones, counts as
        already migrated. C(<clear/>) entries and modules defined only in a virtual directory cannot be migrated safely;
        they are reported as warnings. The C(system.web) entries are kept, like appcmd does, so the application keeps
        working in Classic mode; therefore C(validateIntegratedModeConfiguration) is set to C(false) where legacy
        entries remain.
      - V(ignore) switches anyway, sets C(validateIntegratedModeConfiguration=false) where legacy entries are, and
        warns. The legacy modules and handlers then do not run at all.
    type: str
    choices: [fail, migrate, ignore]
    default: fail
  create:
    description:
      - Create the pool (with only a name; the other settings come from C(applicationPoolDefaults)) when it does not
        exist, instead of failing.
    type: bool
    default: false
attributes:
  check_mode:
    description: Inspects, plans and reports the change (including RV(legacy_findings)); no file is written.
    support: full
  diff_mode:
    description: Shows a unified diff for each configuration file the task changes.
    support: full
seealso:
  - module: webadmin.iis.iis_config
notes:
  - Only applications whose pipeline changes are inspected; a second run (nothing changes) inspects nothing and
    reports no change.
  - Sub-directories of an application that are neither applications nor virtual directories are inspected only through
    C(<location>) tags of the application's web.config, not through web.config files of their own.
'''

EXAMPLES = r'''
- name: Move LegacyPool to Integrated, migrating httpModules/httpHandlers like appcmd migrate config
  webadmin.iis.iis_pipeline_mode:
    name: LegacyPool
    mode: integrated
    legacy_config: migrate

- name: Only find out what would block the switch (fails and lists the entries; nothing is changed)
  webadmin.iis.iis_pipeline_mode:
    name: LegacyPool
    mode: integrated
  register: pipeline
  ignore_errors: true

- name: Show what blocks it
  ansible.builtin.debug:
    var: pipeline.legacy_findings

- name: No Managed Code for a static-content pool
  webadmin.iis.iis_pipeline_mode:
    name: StaticPool
    mode: integrated
    runtime_version: ''
    create: true

- name: Put two applications into a Classic pool running 32-bit
  webadmin.iis.iis_pipeline_mode:
    name: LegacyPool
    mode: classic
    enable_32bit: true
    applications:
      - Default Web Site/legacy
      - Intranet/reports
'''

RETURN = r'''
plan:
  description: The changes, in words, in the order they are applied.
  returned: always
  type: list
  elements: str
  sample: ["set system.applicationHost/applicationPools/[name='LegacyPool'] managedPipelineMode=\"Integrated\" (...)"]
commands:
  description: The equivalent appcmd.exe command lines.
  returned: always
  type: list
  elements: str
  sample: ["%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.applicationHost/applicationPools
            /[name='LegacyPool'].managedPipelineMode:Integrated /commit:apphost"]
files:
  description: Configuration files the task changed (or would change in check mode).
  returned: always
  type: list
  elements: str
applications:
  description: The applications (V(Site/app), V(Site) for a root application) in the pool after the change.
  returned: always
  type: list
  elements: str
  sample: ["Default Web Site/legacy"]
legacy_findings:
  description:
    - Legacy ASP.NET configuration of the applications that start running in Integrated mode, one entry per element.
    - With O(legacy_config=fail) and findings, the task fails and this lists what to fix.
  returned: always
  type: list
  elements: dict
  contains:
    application:
      description: The application the entry applies to.
      type: str
    location:
      description: The application root or virtual directory that was inspected.
      type: str
    file:
      description: The configuration file (Windows path as IIS sees it).
      type: str
    config_location:
      description: The C(<location path>) the entry is in, or null.
      type: str
    section:
      description: V(system.web/httpModules), V(system.web/httpHandlers) or V(system.web/identity).
      type: str
    entry:
      description: The element, V(add), V(remove), V(clear) or V(identity).
      type: str
    line:
      description: Line number in the file.
      type: int
    error:
      description: The HTTP sub-status IIS answers with in Integrated mode (V(500.22), V(500.23), V(500.24)).
      type: str
    name:
      description: Module name (httpModules), else null.
      type: str
    type:
      description: The .NET type, else null.
      type: str
    path:
      description: Handler path (httpHandlers), else null.
      type: str
    verb:
      description: Handler verbs (httpHandlers), else null.
      type: str
    validation:
      description: Whether C(validateIntegratedModeConfiguration) is on where the entry applies.
      type: bool
    counterpart:
      description: The C(system.webServer) registration that makes the entry hold in Integrated mode, in words, or null.
      type: str
    severity:
      description:
        - V(error) (IIS answers the error; blocks O(legacy_config=fail)) or V(warning) (validation is off, no error,
          but the entry does not hold in Integrated mode).
      type: str
    reason:
      description: Why, in words.
      type: str
  sample: [{"application": "Default Web Site/legacy", "file": "%SystemDrive%\\inetpub\\legacy\\web.config", "line": 18,
            "section": "system.web/httpModules", "entry": "add", "name": "LegacyAuditModule", "error": "500.22"}]
pool:
  description: Effective settings of the pool after the change, with the source of each value.
  returned: success
  type: dict
  sample: {"name": "LegacyPool", "managedPipelineMode": "Integrated", "managedRuntimeVersion": "v4.0",
           "enable32BitAppOnWin64": "false", "sources": {"managedPipelineMode": "applicationHost.config"}}
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

from ansible_collections.webadmin.iis.plugins.module_utils.features.iis_pipeline_mode import ARGUMENT_SPEC
from ansible_collections.webadmin.iis.plugins.module_utils.runs_on_controller import fail_outside_action_plugin


def main():
    fail_outside_action_plugin('iis_pipeline_mode', ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
