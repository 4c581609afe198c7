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

from ansible_collections.webadmin.iis.plugins.module_utils import bindings
from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils import reporting
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import find_child
from ansible_collections.webadmin.iis.plugins.module_utils.target_options import TARGET_OPTIONS

ARGUMENT_SPEC = dict(
    offline_root=TARGET_OPTIONS['offline_root'],
    location=dict(type='str'),
    sections=dict(type='list', elements='str', default=[]),
)

AUTH_GROUP = 'system.webServer/security/authentication/'
AUTHENTICATION = (
    'anonymousAuthentication', 'basicAuthentication', 'windowsAuthentication', 'digestAuthentication',
    'clientCertificateMappingAuthentication', 'iisClientCertificateMappingAuthentication',
)
#: Collections of the authentication sections worth listing (mappings, providers). Their
#: password attributes are schema-encrypted, so reporting.collection_items masks them.
AUTH_COLLECTIONS = {
    'iisClientCertificateMappingAuthentication': ('oneToOneMappings', 'manyToOneMappings'),
    'windowsAuthentication': ('providers',),
}
#: Sections whose lock state (may a web.config at the location define them?) is reported.
LOCK_REPORT_SECTIONS = (
    'system.webServer/modules', 'system.webServer/handlers', 'system.webServer/security/access',
    'system.webServer/security/authorization', 'system.webServer/security/ipSecurity',
    'system.webServer/security/requestFiltering', 'system.webServer/directoryBrowse',
    'system.webServer/defaultDocument', 'system.webServer/httpErrors', 'system.webServer/httpProtocol',
    'system.webServer/staticContent',
) + tuple(AUTH_GROUP + name for name in AUTHENTICATION)


def desired_state(plan, params):
    """iis_info changes nothing; the whole answer is computed here (the action then finds an
    empty plan, so the task is never changed) and problems become task warnings."""
    plan.manager.enable_read_cache()  # read-only: nothing is planned, so cached layers stay true
    result = server_report(plan.manager, params)
    for conflict in result['binding_conflicts']:
        plan.warnings.append('binding conflict on %s: %s' % (conflict['endpoint'], ', '.join(
            '%s %s (site %s)' % (b['protocol'], b['binding_information'], b['site']) for b in conflict['bindings'])))
    for location, reason in sorted(plan.manager.unreadable.items()):
        plan.warnings.append('web.config of %s was not read: %s' % (cpath.describe(location), reason))
    return result


def server_report(manager, params):
    """The report as plain data. ``params``: ``location`` (None for everything) and ``sections``."""
    only = canonical_location(manager, params.get('location'))
    server_protocols = server_enabled_protocols(manager)
    result = {
        'global_modules': global_modules(manager),
        'server': path_info(manager, ''),
        'application_pools': reporting.application_pools(manager, _pools_of(selected_sites(manager, only)) if only else None),
        'sites': [site_info(manager, site, server_protocols) for site in selected_sites(manager, only)],
        'locations': dict((loc, path_info(manager, loc)) for loc in report_locations(manager, only)),
        'binding_conflicts': binding_conflicts(manager, only),
    }
    sections = {}
    for section in params.get('sections') or []:
        name = manager.schema.section(section).section_path
        sections[name] = reporting.effective_section(manager, name, only or '')
    if sections:
        result['sections'] = sections
    # last: every question above has been asked, so every file it needed is loaded
    result['files_read'] = sorted(doc.path for doc in manager.documents())
    return result


def canonical_location(manager, location):
    """The location as the configuration spells it (names are case-insensitive; report keys
    should match what the sites and applications are called)."""
    if not location:
        return None
    location = manager.check_location(location)
    site = manager.site(cpath.segments(location)[0])
    known = [site.name] + [app.location for app in site.applications]
    key = cpath.location_key(location)
    for candidate in known:
        if cpath.location_key(candidate) == key:
            return candidate
    return '/'.join([site.name] + cpath.segments(location)[1:])


def global_modules(manager):
    items = reporting.collection_items(manager, 'system.webServer/globalModules', '')['items']
    return [dict(name=i['attributes'].get('name'), image=i['attributes'].get('image'),
                 pre_condition=i['attributes'].get('preCondition'), locked=i['locked']) for i in items]


def selected_sites(manager, only):
    """Every site, or just the site of ``only``: found by name, not by building every site."""
    return [manager.site(cpath.segments(only)[0])] if only else manager.sites()


def _pools_of(sites):
    """Lower-case names of the application pools that serve these sites' applications."""
    return set(app.application_pool.lower() for site in sites for app in site.applications)


def report_locations(manager, only):
    """Every site and sub-application (limited to ``only`` and below, or ``only`` itself when it
    is a plain directory)."""
    locations = []
    for site in selected_sites(manager, only):
        locations.append(site.name)
        locations.extend(app.location for app in site.applications if app.path != '/')
    if only:
        locations = [loc for loc in locations if cpath.is_ancestor_or_self(only, loc)] or [only]
    return locations


def path_info(manager, location):
    """Modules, SSL flags, authentication and locks effective at one location."""
    schema = manager.schema
    info = {'modules': reporting.module_list(manager, location)}
    access = manager.effective_element('system.webServer/security/access', location)
    info['ssl_flags'] = {'value': access['sslFlags'].value, 'source': reporting.source_text(access['sslFlags'].source)}
    auth = {}
    for name in AUTHENTICATION:
        section = AUTH_GROUP + name
        if not schema.has_section(section):
            continue
        auth[name] = reporting.effective_attributes(manager, section, location)
        for element in AUTH_COLLECTIONS.get(name, ()):
            if schema.section(section).has_element(element):
                auth[name][element] = reporting.collection_items(manager, section, location, (element,))['items']
    info['authentication'] = auth
    # Allow: a web.config at this location may define the section; Deny: it is locked there.
    info['locks'] = dict((section, manager.override_mode(section, location)[0])
                         for section in LOCK_REPORT_SECTIONS if schema.has_section(section))
    # what this path's configuration overrides although a level above locks it (IIS: HTTP 500.19)
    info['lock_violations'] = [violation.as_dict() for violation in manager.lock_violations(location)]
    return info


def site_info(manager, site, server_protocols):
    return {
        'name': site.name,
        'id': site.id,
        'bindings': [{'protocol': b.protocol, 'binding_information': b.binding_information, 'ssl_flags': b.ssl_flags}
                     for b in site.bindings],
        'applications': [{'path': app.path, 'application_pool': app.application_pool,
                          'enabled_protocols': enabled_protocols(app, server_protocols),
                          'physical_path': app.virtual_directories[0].physical_path if app.virtual_directories else None}
                         for app in site.applications],
    }


def binding_conflicts(manager, only):
    """Bindings that share an http.sys endpoint (module_utils/bindings.py server_conflicts),
    or that IIS cannot read. A conflict needs every site to be seen, so all are scanned (cheap:
    bindings only); with ``location`` only the conflicts involving its site are kept."""
    found = bindings.server_conflicts(manager.sites())
    if only:
        name = cpath.segments(only)[0].lower()
        found = [c for c in found if any(b['site'].lower() == name for b in c['bindings'])]
    return found


def enabled_protocols(app, server_protocols):
    """The application's own value, else the site's <applicationDefaults>, else the server's
    (``server_protocols``), as IIS resolves it."""
    value = app.element.get('enabledProtocols')
    if value is None:
        site_defaults = find_child(app.site.element, 'applicationDefaults')
        if site_defaults is not None:
            value = site_defaults.get('enabledProtocols')
    return server_protocols if value is None else value


def server_enabled_protocols(manager):
    """The server's <sites><applicationDefaults enabledProtocols>, else the schema default
    (http): asked once per report, not once per application (it is found after every <site>)."""
    defaults = manager.effective_element('system.applicationHost/sites', '', ('applicationDefaults',))
    return defaults['enabledProtocols'].value if 'enabledProtocols' in defaults else 'http'
