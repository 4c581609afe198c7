# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_info: the effective IIS configuration at a glance, read-only.

Every file is read once (the ServerManager caches documents); the answer is computed from the
same effective-configuration code the changing modules use, so what iis_info reports is what the
other modules compare against.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils import reporting
from ansible_collections.webadmin.iis.plugins.module_utils.target_options import TARGET_OPTIONS

ARGUMENT_SPEC = dict(
    offline_root=TARGET_OPTIONS['offline_root'],
    location=dict(type='str'),
    sections=dict(type='list', elements='str', default=[]),
)

AUTHENTICATION = (
    'anonymousAuthentication', 'basicAuthentication', 'windowsAuthentication', 'digestAuthentication',
    'clientCertificateMappingAuthentication', 'iisClientCertificateMappingAuthentication',
)
LOCK_REPORT_SECTIONS = (
    'system.webServer/modules', 'system.webServer/handlers', 'system.webServer/security/access',
    'system.webServer/security/authentication/anonymousAuthentication',
    'system.webServer/security/authentication/iisClientCertificateMappingAuthentication',
    'system.webServer/directoryBrowse', 'system.webServer/security/requestFiltering', 'system.webServer/httpErrors',
)


def desired_state(plan, params):
    return {}


def _locations(manager, only):
    locations = []
    for site in manager.sites():
        locations.append(site.name)
        for app in site.applications:
            if app.path != '/':
                locations.append(app.location)
    if only is not None:
        key = cpath.location_key(only)
        locations = [loc for loc in locations if cpath.is_ancestor_or_self(only, loc) or cpath.location_key(loc) == key]
        if not locations:
            locations = [manager.check_location(only)]
    return locations


def _path_info(manager, location):
    schema = manager.schema
    info = {'modules': reporting.module_list(manager, location)}
    access = manager.effective_element('system.webServer/security/access', location)
    info['ssl_flags'] = {'value': access['sslFlags'].value, 'source': reporting.source_text(access['sslFlags'].source)}
    auth = {}
    for name in AUTHENTICATION:
        section = 'system.webServer/security/authentication/' + name
        if schema.has_section(section):
            auth[name] = reporting.effective_attributes(manager, section, location)
    info['authentication'] = auth
    info['locks'] = dict((section, manager.override_mode(section, location)[0])
                         for section in LOCK_REPORT_SECTIONS if schema.has_section(section))
    return info


def report(plan, params):
    manager = plan.manager
    only = params.get('location')
    global_modules = reporting.collection_items(manager, 'system.webServer/globalModules', '')['items']
    sites = []
    for site in manager.sites():
        if only and not cpath.is_ancestor_or_self(cpath.segments(only)[0], site.name):
            continue
        sites.append({
            'name': site.name,
            'id': site.id,
            'bindings': [{'protocol': b.protocol, 'binding_information': b.binding_information, 'ssl_flags': b.ssl_flags}
                         for b in site.bindings],
            'applications': [{'path': app.path, 'application_pool': app.application_pool,
                              'enabled_protocols': _enabled_protocols(manager, app),
                              'physical_path': app.virtual_directories[0].physical_path if app.virtual_directories else None}
                             for app in site.applications],
        })
    result = {
        'global_modules': [dict(name=i['attributes'].get('name'), image=i['attributes'].get('image'),
                                pre_condition=i['attributes'].get('preCondition'), locked=i['locked'])
                           for i in global_modules],
        'server': _path_info(manager, ''),
        'application_pools': reporting.application_pools(manager),
        'sites': sites,
        'locations': dict((loc, _path_info(manager, loc)) for loc in _locations(manager, only)),
        'files_read': sorted(doc.path for doc in manager.documents()),
    }
    sections = {}
    for section in params.get('sections') or []:
        name = manager.schema.section(section).section_path
        sections[name] = reporting.effective_section(manager, name, only or '')
    if sections:
        result['sections'] = sections
    return result


def _enabled_protocols(manager, app):
    value = app.element.get('enabledProtocols')
    if value is None:
        defaults = manager.effective_element('system.applicationHost/sites', '', ('applicationDefaults',))
        value = defaults['enabledProtocols'].value if 'enabledProtocols' in defaults else 'http'
    return value
