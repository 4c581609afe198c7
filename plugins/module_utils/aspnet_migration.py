# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Legacy ASP.NET configuration that breaks the Integrated pipeline, and its migration.

Why this is shared: switching a pool to Integrated (iis_pipeline_mode) and auditing a server
(the hardening role) ask the same question -- which applications still register ASP.NET modules
and handlers the pre-IIS 7 way (``system.web/httpModules``, ``system.web/httpHandlers``: HTTP
500.22 / 500.23) or impersonate the client (``<identity impersonate="true">``: HTTP 500.24)?

:func:`find_legacy_config` answers with one finding per offending entry (file and line), from
every configuration layer that applies to an application's root and virtual directories, plus
``<location>`` tags for sub-paths inside the application's own web.config files.

:func:`plan_migration` does on a :class:`Plan` what ``appcmd migrate config`` does: each
``httpModules`` entry becomes a managed ``system.webServer/modules`` entry
(``preCondition="managedHandler"``), each ``httpHandlers`` entry a ``system.webServer/handlers``
entry (``preCondition="integratedMode"``), removals are carried over. Like appcmd, the
``system.web`` entries are kept (the application still works if it is moved back to Classic), so
the Integrated-mode validation must be turned off where they remain: :func:`plan_disable_validation`.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import OrderedDict

from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, element_children, find_child

HTTP_MODULES = 'system.web/httpModules'
HTTP_HANDLERS = 'system.web/httpHandlers'
IDENTITY = 'system.web/identity'
MODULES = 'system.webServer/modules'
HANDLERS = 'system.webServer/handlers'
VALIDATION = 'system.webServer/validation'

#: IIS sub-status each kind of legacy configuration produces in Integrated mode.
ERROR_OF = {HTTP_MODULES: '500.22', HTTP_HANDLERS: '500.23', IDENTITY: '500.24'}

MODULE_PRECONDITION = 'managedHandler'
HANDLER_PRECONDITION = 'integratedMode'


# -- where to look ---------------------------------------------------------------------------------
def inspected_locations(app):
    """The application's root and each of its virtual directories: each has its own web.config."""
    out = [app.location]
    for vdir in app.virtual_directories:
        if vdir.path not in ('', '/'):
            out.append(cpath.join(app.location, vdir.path))
    return out


def _own_web_configs(manager, location):
    try:
        return manager.web_config(location)
    except ConfigError:
        return None  # no physical path: nothing on disk to inspect


def _containers(manager, location):
    """(document, container, location_path) of every layer applying to ``location``, then every
    ``<location>`` tag of the location's own web.config (sub-paths of the application)."""
    seen = set()
    for layer in manager.layers(location):
        seen.add(id(layer.container))
        yield layer.document, layer.container, layer.location_path
    document = _own_web_configs(manager, location)
    if document is None:
        return
    for child in element_children(document.root):
        if child.tag == 'location' and id(child) not in seen:
            yield document, child, child.get('path', '')


# -- findings --------------------------------------------------------------------------------------
def _finding(app, location, document, location_path, section, node, **extra):
    finding = OrderedDict([
        ('application', app.location),
        ('location', location),
        ('file', document.path),
        ('config_location', location_path),
        ('section', section),
        ('entry', node.tag),
        ('line', document.line_of(node)),
        ('error', ERROR_OF[section]),
    ])
    for name in ('name', 'type', 'path', 'verb'):
        finding[name] = node.get(name)
    finding.update(extra)
    return finding


def _scan_container(app, location, document, container, location_path):
    system_web = find_child(container, 'system.web')
    if system_web is None:
        return []
    out = []
    for section in (HTTP_MODULES, HTTP_HANDLERS):
        element = find_child(system_web, section.split('/')[1])
        for node in element_children(element) if element is not None else []:
            if node.tag in ('add', 'remove', 'clear'):
                out.append(_finding(app, location, document, location_path, section, node))
    identity = find_child(system_web, 'identity')
    if identity is not None and identity.get('impersonate', '').strip().lower() == 'true':
        out.append(_finding(app, location, document, location_path, IDENTITY, identity))
    return out


def find_legacy_config(manager, applications):
    """Every legacy ASP.NET entry that applies to these applications, in file order.

    Each finding is a dict: application, location (root or virtual directory inspected), file,
    config_location (``<location path>`` or None), section, entry (add/remove/clear/identity),
    line, error (the IIS sub-status it causes), name, type, path, verb."""
    findings = []
    for app in applications:
        seen = set()
        for location in inspected_locations(app):
            for document, container, location_path in _containers(manager, location):
                for finding in _scan_container(app, location, document, container, location_path):
                    key = (finding['file'].lower(), finding['line'], finding['section'], finding['entry'],
                           finding['name'], finding['path'], finding['verb'])
                    if key not in seen:
                        seen.add(key)
                        findings.append(finding)
    return findings


def describe_finding(finding):
    what = finding['entry']
    for name in ('name', 'path', 'verb', 'type'):
        if finding.get(name):
            what += ' %s="%s"' % (name, finding[name])
    if finding['section'] == IDENTITY:
        what = 'identity impersonate="true"'
    return '%s:%s %s %s (HTTP %s in Integrated mode; application %s)' % (
        finding['file'], finding['line'], finding['section'], what, finding['error'], finding['application'])


# -- migration -------------------------------------------------------------------------------------
def _norm_type(value):
    """Assembly-qualified type names compare without spaces after commas and case-insensitively."""
    return ','.join(part.strip() for part in (value or '').split(',')).lower()


def _norm_verb(value):
    return ','.join(sorted(part.strip().upper() for part in (value or '').split(',') if part.strip()))


def _layer_entries(manager, section, location, tag):
    """Entries with ``tag`` (remove/clear) in every layer of a legacy section at ``location``."""
    out = []
    for layer, element in manager.section_layers(section, location):
        for node in element_children(element):
            if node.tag == tag:
                out.append((layer, node))
    return out


def _inherited(item, location):
    return cpath.location_key(item.layer.level) != cpath.location_key(location)


def handler_name(path, verb, taken):
    """A unique handler name the way appcmd migrate config makes one: ``<path>_<verb>``."""
    base = '%s_%s' % (path, verb)
    name = base
    counter = 1
    while name in taken:
        counter += 1
        name = '%s-%d' % (base, counter)
    return name


class MigrationResult:
    """What plan_migration did per legacy entry: ``migrated`` and ``not_migrated`` (with why)."""

    def __init__(self):
        self.migrated = []
        self.not_migrated = []

    def skip(self, location, section, entry, why):
        self.not_migrated.append(OrderedDict([('location', location), ('section', section), ('entry', entry), ('reason', why)]))


def _migrate_modules(plan, location, result):
    manager = plan.manager
    legacy = manager.effective_collection(HTTP_MODULES, location)
    legacy_names = set(item.element.get('name', '').lower() for item in legacy.items)
    for item in legacy.items:
        name, type_name = item.element.get('name'), item.element.get('type')
        current = manager.effective_collection(MODULES, location).items
        if any(_norm_type(m.element.get('type')) == _norm_type(type_name) for m in current):
            continue  # already registered for Integrated mode (under this or another name)
        plan.ensure_item(MODULES, location, OrderedDict([('name', name), ('type', type_name),
                                                         ('preCondition', MODULE_PRECONDITION)]), compare=['type'])
        result.migrated.append({'location': location, 'section': HTTP_MODULES, 'entry': 'add', 'name': name})
    for layer, node in _layer_entries(manager, HTTP_MODULES, location, 'remove'):
        name = node.get('name', '')
        if name.lower() in legacy_names:
            continue  # removed, then added again: the add was handled above
        key = manager.schema.section(MODULES).collection.key_of({'name': name})
        current = manager.effective_collection(MODULES, location).find(key)
        if current is None or not _inherited(current, location):
            continue  # nothing inherited to take away (entries of this level are the application's own)
        try:
            removed = plan.remove_item(MODULES, location, {'name': name})
        except ConfigError as exc:  # locked with lockItem: report, do not guess
            result.skip(location, HTTP_MODULES, 'remove', str(exc))
            continue
        if removed:
            result.migrated.append({'location': location, 'section': HTTP_MODULES, 'entry': 'remove', 'name': name})
    for layer, node in _layer_entries(manager, HTTP_MODULES, location, 'clear'):
        result.skip(location, HTTP_MODULES, 'clear', '<clear/> of httpModules has no safe equivalent in system.webServer/modules '
                    '(it would also remove native modules); review the module list by hand (%s)' % layer.describe())


def _migrate_handlers(plan, location, result):
    manager = plan.manager
    legacy = manager.effective_collection(HTTP_HANDLERS, location)
    for item in legacy.items:
        path, verb, type_name = item.element.get('path'), item.element.get('verb'), item.element.get('type')
        current = manager.effective_collection(HANDLERS, location).items
        if any((h.element.get('path') or '').lower() == (path or '').lower() and _norm_verb(h.element.get('verb')) == _norm_verb(verb)
               and _norm_type(h.element.get('type')) == _norm_type(type_name) for h in current):
            continue
        name = handler_name(path, verb, set(h.element.get('name') for h in current))
        plan.ensure_item(HANDLERS, location, OrderedDict([('name', name), ('path', path), ('verb', verb), ('type', type_name),
                                                          ('preCondition', HANDLER_PRECONDITION)]))
        result.migrated.append({'location': location, 'section': HTTP_HANDLERS, 'entry': 'add', 'name': name})
    readded = set(((i.element.get('path') or '').lower(), _norm_verb(i.element.get('verb'))) for i in legacy.items)
    for layer, node in _layer_entries(manager, HTTP_HANDLERS, location, 'remove'):
        path, verb = (node.get('path') or '').lower(), _norm_verb(node.get('verb'))
        if (path, verb) in readded:
            continue  # removed, then mapped again: the add was handled above
        for handler in manager.effective_collection(HANDLERS, location).items:
            element = handler.element
            if element.get('type') and _inherited(handler, location) and (element.get('path') or '').lower() == path \
                    and _norm_verb(element.get('verb')) == verb:
                try:
                    plan.remove_item(HANDLERS, location, {'name': element.get('name')})
                except ConfigError as exc:
                    result.skip(location, HTTP_HANDLERS, 'remove', str(exc))
                    continue
                result.migrated.append({'location': location, 'section': HTTP_HANDLERS, 'entry': 'remove',
                                        'name': element.get('name')})
    for layer, node in _layer_entries(manager, HTTP_HANDLERS, location, 'clear'):
        result.skip(location, HTTP_HANDLERS, 'clear', '<clear/> of httpHandlers has no safe equivalent in system.webServer/handlers '
                    '(it would also remove the static file handler); review the handler mappings by hand (%s)' % layer.describe())


def plan_migration(plan, app):
    """Plan the ``appcmd migrate config`` equivalent for one application (root and virtual
    directories). Modules can only be registered at application level (allowDefinition
    MachineToApplication): modules defined only in a virtual directory's web.config are reported
    as not migrated. Returns a :class:`MigrationResult`."""
    result = MigrationResult()
    for location in inspected_locations(app):
        if location == app.location:
            _migrate_modules(plan, location, result)
        else:
            above = plan.manager.effective_collection(HTTP_MODULES, app.location).keys()
            for item in plan.manager.effective_collection(HTTP_MODULES, location).items:
                if item.key not in above:
                    result.skip(location, HTTP_MODULES, 'add', 'modules can only be registered at application level; '
                                'move %s into the web.config of %s' % (item.element.get('name'), app.location))
        _migrate_handlers(plan, location, result)
    return result


def plan_disable_validation(plan, locations):
    """``validateIntegratedModeConfiguration="false"`` at each location (only where it is not
    already effective); where it is written follows the section's lock (web.config or
    applicationHost.config ``<location>``)."""
    for location in locations:
        plan.set_attributes(VALIDATION, location, {'validateIntegratedModeConfiguration': 'false'})


def managed_only_in_integrated(manager, location):
    """Managed modules and handlers that the site or application registered in
    ``system.webServer`` but not in ``system.web``: they do not run for ASP.NET requests in
    Classic mode. Server-level (applicationHost.config) entries are skipped: ASP.NET registers
    those in its framework web.config as well."""
    legacy_modules = manager.effective_collection(HTTP_MODULES, location).items
    legacy_types = set(_norm_type(i.element.get('type')) for i in legacy_modules)
    legacy_names = set((i.element.get('name') or '').lower() for i in legacy_modules)
    out = []
    for item in manager.effective_collection(MODULES, location).items:
        element = item.element
        if not element.get('type') or item.layer.is_apphost:
            continue
        if _norm_type(element.get('type')) in legacy_types or (element.get('name') or '').lower() in legacy_names:
            continue
        out.append({'location': location, 'section': MODULES, 'name': element.get('name'), 'type': element.get('type'),
                    'file': item.layer.document.path})
    handler_keys = set(((i.element.get('path') or '').lower(), _norm_type(i.element.get('type')))
                       for i in manager.effective_collection(HTTP_HANDLERS, location).items)
    for item in manager.effective_collection(HANDLERS, location).items:
        element = item.element
        if not element.get('type') or item.layer.is_apphost:
            continue
        if ((element.get('path') or '').lower(), _norm_type(element.get('type'))) in handler_keys:
            continue
        out.append({'location': location, 'section': HANDLERS, 'name': element.get('name'), 'type': element.get('type'),
                    'file': item.layer.document.path})
    return out
