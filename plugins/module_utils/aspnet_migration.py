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
from ansible_collections.webadmin.iis.plugins.module_utils.module_requirements import same_type

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
    """(document, container, location_path, path) of every layer applying to ``location``, then
    every ``<location>`` tag of the location's own web.config (sub-paths of the application).
    ``path`` is where the container's entries take effect: ``location`` for its layers, the
    sub-path for the extra ``<location>`` tags."""
    seen = set()
    for layer in manager.layers(location):
        seen.add(id(layer.container))
        yield layer.document, layer.container, layer.location_path, location
    document = _own_web_configs(manager, location)
    if document is None:
        return
    for child in element_children(document.root):
        if child.tag == 'location' and id(child) not in seen:
            sub = (child.get('path', '') or '').strip('/')
            yield document, child, child.get('path', ''), cpath.join(location, sub) if sub else location


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


def validation_enabled(manager, path):
    """``validateIntegratedModeConfiguration`` in effect at ``path`` (default true). Off, IIS
    raises no 500.22/500.23/500.24 at all (ConfigurationValidationModule stays quiet)."""
    value = manager.effective_element(VALIDATION, path)['validateIntegratedModeConfiguration'].value
    return str(value).strip().lower() != 'false'


def classify(manager, finding, path):
    """Add ``validation``, ``counterpart``, ``severity`` and ``reason`` to a finding, for the
    requests at ``path``.

    IIS's rule: with validation on, every httpModules/httpHandlers entry and impersonation
    raise the error (``severity='error'``), counterpart or not. With validation off nothing is
    raised; an entry without an Integrated counterpart then silently does not apply
    (``'warning'``); one with a counterpart is fine (``'ok'``)."""
    validation = validation_enabled(manager, path)
    counterpart = integrated_counterpart(manager, finding, path)
    finding['validation'] = validation
    finding['counterpart'] = counterpart
    if validation:
        finding['severity'] = 'error'
        finding['reason'] = 'validateIntegratedModeConfiguration is on at %s: IIS answers HTTP %s' % (path, finding['error'])
        if counterpart:
            finding['reason'] += ' although %s (turning the validation off is enough)' % counterpart
    elif finding['section'] == IDENTITY:
        finding['severity'] = 'warning'
        finding['reason'] = ('validation is off, so no HTTP 500.24; in Integrated mode the client identity is not '
                             'impersonated in the early request stages (BeginRequest, AuthenticateRequest)')
    elif counterpart:
        finding['severity'] = 'ok'
        finding['reason'] = 'validation is off and %s' % counterpart
    else:
        finding['severity'] = 'warning'
        finding['reason'] = 'validation is off, so no HTTP %s, but %s' % (finding['error'], _missing_text(finding))
    return finding


def _missing_text(finding):
    entry = finding['entry']
    if finding['section'] == HTTP_MODULES:
        if entry == 'add':
            return 'no system.webServer/modules entry has its type: the module does not run in Integrated mode'
        if entry == 'remove':
            return 'system.webServer/modules still has %s: the module still runs in Integrated mode' % finding['name']
        return ('system.webServer/modules still has managed modules that <clear/> removes for Classic mode: '
                'they still run in Integrated mode')
    if entry == 'add':
        return ('no system.webServer/handlers entry maps this path and verb to its type: the handler mapping '
                'does not run in Integrated mode')
    if entry == 'remove':
        return 'a managed system.webServer/handlers entry still maps this path: it still runs in Integrated mode'
    return ('system.webServer/handlers still has managed mappings that <clear/> removes for Classic mode: they '
            'still run in Integrated mode')


def _runs_integrated(element):
    """Entries with a ``classicMode`` precondition are skipped by IIS in Integrated mode."""
    return 'classicmode' not in (element.get('preCondition') or '').lower()


def _verbs(value):
    return set(part.strip().upper() for part in (value or '').split(',') if part.strip())


def verbs_cover(integrated, legacy):
    """The Integrated mapping's verbs include every verb of the legacy one (``*`` is all)."""
    have, want = _verbs(integrated), _verbs(legacy)
    return '*' in have or (bool(want) and '*' not in want and want <= have)


def _verbs_overlap(a, b):
    va, vb = _verbs(a), _verbs(b)
    return '*' in va or '*' in vb or bool(va & vb)


def _same_path(a, b):
    return (a or '').strip().lower() == (b or '').strip().lower()


def _managed(manager, section, path):
    return [item for item in manager.effective_collection(section, path).items
            if item.element.get('type') and _runs_integrated(item.element)]


def handler_counterpart(handlers, path, verb, type_name):
    """The first Integrated handler entry (EffectiveItem) with the same type, the same path and
    verbs covering the legacy mapping's, or None."""
    for item in handlers:
        element = item.element
        if _same_path(element.get('path'), path) and verbs_cover(element.get('verb'), verb) \
                and same_type(element.get('type'), type_name):
            return item
    return None


def integrated_counterpart(manager, finding, path):
    """What makes this legacy entry's effect hold in Integrated mode at ``path`` (a text), or
    None. add: the same type registered (modules), the same path+verb to the same type
    (handlers); remove: the module/mapping is not in effect; clear: every managed module/mapping
    in effect is also in the legacy list."""
    section, entry = finding['section'], finding['entry']
    if section == IDENTITY:
        return None
    if section == HTTP_MODULES:
        modules = _managed(manager, MODULES, path)
        if entry == 'add':
            for item in modules:
                if same_type(item.element.get('type'), finding['type']):
                    return 'system.webServer/modules has %s with the same type (%s)' % (item.element.get('name'), item.layer.describe())
            return None
        if entry == 'remove':
            name = (finding['name'] or '').lower()
            if any((item.element.get('name') or '').lower() == name for item in manager.effective_collection(MODULES, path).items):
                return None
            return 'system.webServer/modules does not have %s either' % finding['name']
        legacy = manager.effective_collection(HTTP_MODULES, path).items
        if all(any(same_type(m.element.get('type'), l.element.get('type')) for l in legacy) for m in modules):
            return 'every managed module in system.webServer/modules is also in httpModules'
        return None
    handlers = _managed(manager, HANDLERS, path)
    if entry == 'add':
        item = handler_counterpart(handlers, finding['path'], finding['verb'], finding['type'])
        if item is not None:
            return 'system.webServer/handlers has %s for the same path, verb and type (%s)' % (item.element.get('name'), item.layer.describe())
        return None
    if entry == 'remove':
        if any(_same_path(h.element.get('path'), finding['path']) and _verbs_overlap(h.element.get('verb'), finding['verb'])
               for h in handlers):
            return None
        return 'no managed system.webServer/handlers entry maps %s either' % finding['path']
    legacy = manager.effective_collection(HTTP_HANDLERS, path).items
    if all(any(_same_path(h.element.get('path'), l.element.get('path')) and same_type(h.element.get('type'), l.element.get('type'))
               for l in legacy) for h in handlers):
        return 'every managed mapping in system.webServer/handlers is also in httpHandlers'
    return None


def find_legacy_config(manager, applications):
    """Every legacy ASP.NET entry that applies to these applications, in file order.

    Each finding is a dict: application, location (root or virtual directory inspected), file,
    config_location (``<location path>`` or None), section, entry (add/remove/clear/identity),
    line, error (the IIS sub-status it causes), name, type, path, verb, and from :func:`classify`
    validation, counterpart, severity (``error``: IIS answers the error; ``warning``: no error,
    but the entry does not hold in Integrated mode; ``ok``) and reason."""
    findings = []
    for app in applications:
        seen = set()
        for location in inspected_locations(app):
            for document, container, location_path, path in _containers(manager, location):
                for finding in _scan_container(app, location, document, container, location_path):
                    key = (finding['file'].lower(), finding['line'], finding['section'], finding['entry'],
                           finding['name'], finding['path'], finding['verb'])
                    if key not in seen:
                        seen.add(key)
                        findings.append(classify(manager, finding, path))
    return findings


def problems(findings):
    """The findings that matter: errors (IIS refuses the requests) and warnings (entries that
    silently do not hold in Integrated mode)."""
    return [f for f in findings if f['severity'] in ('error', 'warning')]


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
        if any(same_type(m.element.get('type'), type_name) for m in _managed(manager, MODULES, location)):
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
        if handler_counterpart(_managed(manager, HANDLERS, location), path, verb, type_name) is not None:
            continue  # already mapped for Integrated mode (same path, verbs covered, same type)
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
    legacy_names = set((i.element.get('name') or '').lower() for i in legacy_modules)
    out = []
    for item in manager.effective_collection(MODULES, location).items:
        element = item.element
        if not element.get('type') or item.layer.is_apphost:
            continue
        if any(same_type(element.get('type'), i.element.get('type')) for i in legacy_modules) \
                or (element.get('name') or '').lower() in legacy_names:
            continue
        out.append({'location': location, 'section': MODULES, 'name': element.get('name'), 'type': element.get('type'),
                    'file': item.layer.document.path})
    legacy_handlers = manager.effective_collection(HTTP_HANDLERS, location).items
    for item in manager.effective_collection(HANDLERS, location).items:
        element = item.element
        if not element.get('type') or item.layer.is_apphost:
            continue
        if any(_same_path(element.get('path'), i.element.get('path')) and same_type(element.get('type'), i.element.get('type'))
               for i in legacy_handlers):
            continue
        out.append({'location': location, 'section': HANDLERS, 'name': element.get('name'), 'type': element.get('type'),
                    'file': item.layer.document.path})
    return out
