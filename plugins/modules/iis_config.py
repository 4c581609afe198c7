#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: iis_config
short_description: Manage any IIS configuration section, schema-validated and lock-aware
version_added: 0.1.0
description:
  - Sets attributes of an IIS configuration section (or of a child element of it), makes entries present or absent in
    its collection, and locks or unlocks the section for a location.
  - Values are validated and normalised against the IIS schema (enums, flags, booleans, ranges) before anything is
    written, so a typo fails the task instead of breaking the site.
  - Where the setting is written follows the IIS lock rules, like appcmd and IIS Manager do; see O(commit).
  - Only what differs from the effective configuration is changed; a second run reports no change.
author:
  - webadmin.iis maintainers (@webadmin)
requirements:
  - lxml (Python, on the controller or in the execution environment)
  - pywinrm (for C(ansible_connection=winrm)) or pypsrp (for C(ansible_connection=psrp)), only for live Windows hosts
extends_documentation_fragment:
  - webadmin.iis.target
options:
  section:
    description:
      - Configuration section path, for example V(system.webServer/directoryBrowse) or
        V(system.webServer/security/requestFiltering). Case-insensitive.
      - A section whose schema is not installed on the host fails with a clear message.
    type: str
    required: true
  location:
    description:
      - Where the setting applies. Empty for the server level, V(Default Web Site) for a site,
        V(Default Web Site/app) for an application or directory.
    type: str
    default: ''
  element:
    description:
      - Child element path inside the section, for example V(requestLimits) or V(requestLimits/headerLimits)
        (V(requestLimits.headerLimits), as appcmd writes it, is accepted too). Case-insensitive.
      - An unknown element fails and lists the valid child elements.
    type: str
    default: ''
  attributes:
    description:
      - Attributes to set on the section (or O(element)). Names are case-insensitive; values are validated by the schema.
    type: dict
    default: {}
  collection:
    description:
      - Entries of the collection of the section (or O(element)).
    type: dict
    suboptions:
      items:
        description:
          - Entries that must be present, each a dict of attributes including the collection's key attribute(s).
          - An entry with the same key but other values is updated.
          - Only attributes the schema marks required, and key attributes without a schema default, must be given;
            a key part with a default (C(arguments) of a C(system.webServer/fastCgi) application) takes it, as in IIS.
          - A dict under the name of a child element sets that child element of the entry (for example
            C(processModel) of an application pool); a list under a child element that holds a collection gives
            entries of that collection (C(recycling.periodicRestart.schedule)). Values equal to the effective ones,
            schema defaults included, write nothing. Encrypted attributes there (C(password)) are masked like any other.
        type: list
        elements: dict
        default: []
      remove:
        description:
          - Entries (key attributes are enough) that must not be in the effective collection.
          - Inherited entries are blocked with a C(<remove>) element; entries defined at this level are deleted.
        type: list
        elements: dict
        default: []
      exclusive:
        description:
          - Remove every effective entry not listed in O(collection.items).
        type: bool
        default: false
      clear:
        description:
          - Write C(<clear/>) at this level, so nothing is inherited from above.
        type: bool
        default: false
      position:
        description:
          - Place the first entry of O(collection.items) V(first) or V(last) in the effective collection; the other
            entries follow it in the order given. Without a position a new entry goes at the end of the entries of
            its level, where appcmd's C(/+) puts it, and existing entries keep their place.
          - In collections with C(mergeAppend="false") (handlers, defaultDocument files) the entries of a lower
            level come before the inherited ones, so V(last) is refused there unless the last entry is defined at
            the same level.
          - Mutually exclusive with O(collection.before) and O(collection.after).
        type: str
        choices: [first, last]
      before:
        description:
          - Place the entries just before the entry with these key attributes (which must be defined at the same
            level). Rendered as appcmd C(@N) with its index in the effective collection.
        type: dict
      after:
        description:
          - Place the entries just after the entry with these key attributes.
        type: dict
      allow_shadowed:
        description:
          - IIS uses the first matching C(system.webServer/handlers) entry. A new or moved handler after an entry
            whose path, verb, preCondition and resourceType cover all of its requests would never run, so the task
            fails naming that entry. Set V(true) to write it anyway.
        type: bool
        default: false
  override_mode:
    description:
      - Lock (V(Deny)) or unlock (V(Allow)) the section for web.config files at and below O(location), or remove an
        explicit setting (V(Inherit)). Written in applicationHost.config under C(<location path>).
      - With an empty O(location) this is the server-wide delegation of C(appcmd unlock config -section:...) and
        C(appcmd lock config -section:...) - the section's settings move into C(<location path="" overrideMode="...">)
        (an existing tag with that mode is reused). V(Inherit) moves them back to the top level.
      - A lock (V(Deny), or V(Inherit) where the section is locked by default) is refused when a web.config at or
        below O(location) already defines the section, because IIS would answer HTTP 500.19 there; the message lists
        each path and file. The same holds for C(lockAttributes), C(lockElements), C(lockAllAttributesExcept),
        C(lockAllElementsExcept) and C(lockItem) written through O(attributes) or O(collection).
      - appcmd has no command for V(Inherit); use O(backend=file) for it.
    type: str
    choices: [Allow, Deny, Inherit]
  commit:
    description:
      - Where the change is written.
      - V(auto) writes server-level settings in applicationHost.config; for a site or application it writes the
        web.config of that path when the section may be overridden there, and applicationHost.config under
        C(<location path>) when the section is locked (or already configured there).
      - V(apphost) always writes applicationHost.config under C(<location path>).
      - Server-level settings (empty O(location)) always go to applicationHost.config.
      - V(webconfig) always writes the web.config, and fails if the section is locked for it.
    type: str
    choices: [auto, apphost, webconfig]
    default: auto
  allow_plaintext_secrets:
    description:
      - IIS stores attributes marked encrypted in its schema (passwords) encrypted with the host's keys, which only
        appcmd on the host can do. With the file backend such values are refused unless this is true; then they are
        written in clear text and the task warns.
      - Secret values never appear in the task result (plan, commands, diff, effective section, echoed arguments).
    type: bool
    default: false
attributes:
  check_mode:
    description: Plans the change and reports it, with the diff when asked; no file is written.
    support: full
  diff_mode:
    description: Shows a unified diff for each configuration file the task changes, secret values masked.
    support: full
'''

EXAMPLES = r'''
- name: Turn directory browsing off for a site
  webadmin.iis.iis_config:
    section: system.webServer/directoryBrowse
    location: Default Web Site
    attributes:
      enabled: false

- name: Request limits (several attributes, one task, one write)
  webadmin.iis.iis_config:
    section: system.webServer/security/requestFiltering
    element: requestLimits
    attributes:
      maxAllowedContentLength: 30000000
      maxUrl: 4096
      maxQueryString: 2048

- name: Deny TRACE
  webadmin.iis.iis_config:
    section: system.webServer/security/requestFiltering
    element: verbs
    collection:
      items:
        - verb: TRACE
          allowed: false

- name: Remove the X-Powered-By header everywhere
  webadmin.iis.iis_config:
    section: system.webServer/httpProtocol
    element: customHeaders
    collection:
      remove:
        - name: X-Powered-By

- name: Let every site's web.config configure its modules (appcmd unlock config -section:system.webServer/modules)
  webadmin.iis.iis_config:
    section: system.webServer/modules
    override_mode: Allow

- name: PHP through FastCGI at server level, before the catch-all StaticFile handler so it can match
  webadmin.iis.iis_config:
    section: system.webServer/handlers
    collection:
      before:
        name: StaticFile
      items:
        - name: PHP_via_FastCGI
          path: '*.php'
          verb: GET,HEAD,POST
          modules: FastCgiModule
          scriptProcessor: C:\php\php-cgi.exe
          resourceType: Either

- name: Register the FastCGI application (arguments defaults to "", as in IIS)
  webadmin.iis.iis_config:
    section: system.webServer/fastCgi
    collection:
      items:
        - fullPath: C:\php\php-cgi.exe
          maxInstances: 4

- name: An application pool with its child elements
  webadmin.iis.iis_config:
    section: system.applicationHost/applicationPools
    backend: appcmd
    collection:
      items:
        - name: AppPool1
          processModel:
            identityType: SpecificUser
            userName: CONTOSO\svc-app
            password: "{{ app_pool_password }}"
          recycling:
            periodicRestart:
              time: '1.00:00:00'
              schedule:
                - value: '03:00:00'
          cpu:
            limit: 50000

- name: Keep site web.config files from changing the authorization rules
  webadmin.iis.iis_config:
    section: system.webServer/security/authorization
    location: Default Web Site
    override_mode: Deny
'''

RETURN = r'''
plan:
  description: The changes, in words, in the order they are applied.
  returned: always
  type: list
  elements: str
  sample: ['set system.webServer/directoryBrowse enabled="false" (%SystemDrive%\inetpub\wwwroot\web.config)']
commands:
  description: The equivalent appcmd.exe command lines (secrets masked).
  returned: always
  type: list
  elements: str
  sample: ['%windir%\system32\inetsrv\appcmd.exe set config "Default Web Site" -section:system.webServer/directoryBrowse /enabled:false']
files:
  description: Configuration files the task changed (or would change in check mode).
  returned: always
  type: list
  elements: str
section:
  description: The effective section at O(location) after the change, each value with the file and location it comes from.
  returned: success
  type: dict
  sample: {"attributes": {"enabled": {"value": "false", "source": "web.config"}}, "override_mode": "Allow"}
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

from ansible_collections.webadmin.iis.plugins.module_utils.features.iis_config import ARGUMENT_SPEC
from ansible_collections.webadmin.iis.plugins.module_utils.runs_on_controller import fail_outside_action_plugin


def main():
    fail_outside_action_plugin('iis_config', ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
