#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: iis_info
short_description: Report the effective IIS configuration of a server, site or application
version_added: 0.1.0
description:
  - Read-only. Returns the installed native modules, the effective module list, SSL flags, authentication settings
    and section locks per site and application (each value with the file and location it comes from), the
    application pools with their pipeline mode, and the sites with their bindings.
  - Each configuration file is read once, however many sites there are. Passwords are never returned.
  - A web.config that cannot be read on the target (for example a physical path on another drive of an offline
    host, or an unknown environment variable) or that is broken (not well-formed XML; the warning names its
    file:line:column) is reported as a warning and left out; the rest of the report is complete. Modules that
    change configuration still refuse to write through a broken file.
author:
  - webadmin.iis maintainers (@webadmin)
requirements:
  - lxml (Python, on the controller or in the execution environment)
  - pywinrm (for C(ansible_connection=winrm)) or pypsrp (for C(ansible_connection=psrp)), only for live Windows hosts
options:
  offline_root:
    description:
      - A directory laid out like a Windows system drive to read instead of a live host.
      - Falls back to the host variable C(iis_offline_root); without either the task reads the Windows host behind
        the task's connection.
    type: path
  location:
    description:
      - Limit the per-location report to this site or application (and what is below it).
    type: str
  sections:
    description:
      - Also return these sections, effective at O(location) (server level when omitted).
    type: list
    elements: str
    default: []
attributes:
  check_mode:
    description: The module never changes anything; check mode returns the same report.
    support: full
  diff_mode:
    description: Nothing changes, so there is never a diff.
    support: none
'''

EXAMPLES = r'''
- name: What is configured on this server
  webadmin.iis.iis_info:
  register: iis

- name: Show the modules of one application
  ansible.builtin.debug:
    msg: "{{ iis.locations['Default Web Site/legacy'].modules | map(attribute='name') | list }}"

- name: One site, plus the effective request filtering there
  webadmin.iis.iis_info:
    location: Default Web Site
    sections:
      - system.webServer/security/requestFiltering
'''

RETURN = r'''
global_modules:
  description: Installed native modules (C(system.webServer/globalModules)), in order.
  returned: always
  type: list
  elements: dict
  sample: [{"name": "StaticFileModule", "image": "%windir%\\System32\\inetsrv\\static.dll", "pre_condition": null, "locked": false}]
server:
  description:
    - Effective configuration at server level.
    - C(modules) is the effective C(system.webServer/modules) list, each entry with C(name), C(type),
      C(pre_condition), C(locked) (C(lockItem)) and C(source) (the file and C(<location>) that added it).
    - C(ssl_flags) is the effective C(security/access) C(sslFlags) with its source.
    - C(authentication) holds the effective attributes of each authentication section (value and source), plus the
      client certificate mappings and Windows authentication providers; password values are masked.
    - C(locks) maps section names to V(Allow) (a web.config below may define the section) or V(Deny) (locked).
    - C(lock_violations) lists what the web.config configuration of this path overrides although a file above locks it (IIS
      answers HTTP 500.19 there), each with C(path), C(file), C(where) (file and C(<location>)), C(section),
      C(override) (what is set) and C(lock) (what locks it, and where). Always empty at server level.
  returned: always
  type: dict
locations:
  description: The same report as RV(server) for each site and sub-application (or only O(location) and below), keyed
    by location as the configuration spells it.
  returned: always
  type: dict
  sample: {"Default Web Site/legacy": {"ssl_flags": {"value": "Ssl", "source": "applicationHost.config <location path=\"Default Web Site/legacy\">"}}}
application_pools:
  description: Application pools (all, or with O(location) those that serve an application of its site) with their
    effective attributes (C(managedPipelineMode), C(managedRuntimeVersion), C(enable32BitAppOnWin64), ...),
    C(identityType), the source of each value and all the C(applications) they serve, in any site.
  returned: always
  type: list
  elements: dict
sites:
  description: Sites (all, or the site of O(location)) with C(name), C(id), C(bindings) (C(protocol),
    C(binding_information), C(ssl_flags)) and C(applications) (C(path), C(application_pool), C(enabled_protocols),
    C(physical_path)).
  returned: always
  type: list
  elements: dict
binding_conflicts:
  description:
    - Groups of site bindings that IIS cannot all serve, each with C(endpoint) (C(ip:port:host)), C(family)
      (V(http) for http and https, which share one http.sys endpoint; V(ftp); V(invalid) for a C(bindingInformation)
      IIS cannot read), C(reason) and C(bindings) (C(site), C(protocol), C(binding_information)).
    - Bindings are compared as IIS does, so C(:443:) and C(*:443:) are the same endpoint and host names are
      case-insensitive; C(*) and a specific IP on the same port are not a conflict (http.sys gives requests to that
      IP to the specific binding). With O(location), only the conflicts involving its site. Each one is also a warning.
    - See C(docs/tls_client_certificates.md), "How bindings are compared".
  returned: always
  type: list
  elements: dict
  sample:
    - endpoint: "*:443:"
      family: http
      reason: bindings of the same listener family on the same ip:port:host; IIS can start only one of the sites
      bindings:
        - {"site": "a", "protocol": "https", "binding_information": "*:443:"}
        - {"site": "b", "protocol": "https", "binding_information": ":443:"}
sections:
  description: The sections asked for in O(sections), effective at O(location).
  returned: when sections are given
  type: dict
files_read:
  description: The configuration files that were read (each once).
  returned: always
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
plan:
  description: Always empty; iis_info changes nothing. Present so that every module of the collection returns the same
    keys.
  returned: always
  type: list
  elements: str
  sample: []
commands:
  description: Always empty (see RV(plan)).
  returned: always
  type: list
  elements: str
  sample: []
files:
  description: Always empty; the files that were read are in RV(files_read).
  returned: always
  type: list
  elements: str
  sample: []
'''

from ansible_collections.webadmin.iis.plugins.module_utils.features.iis_info import ARGUMENT_SPEC
from ansible_collections.webadmin.iis.plugins.module_utils.runs_on_controller import fail_outside_action_plugin


def main():
    fail_outside_action_plugin('iis_info', ARGUMENT_SPEC)


if __name__ == '__main__':
    main()
