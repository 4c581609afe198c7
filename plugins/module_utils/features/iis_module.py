# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_module: install, enable, disable, order, lock and uninstall IIS modules.

IIS keeps two lists. ``system.webServer/globalModules`` (server level only) registers the native
DLLs the worker process loads: that is *installing*. ``system.webServer/modules`` (server, site,
application) says which modules run for a path: that is *enabling*. Managed (.NET) modules are
never installed, only enabled. This feature maps the module's states onto those two lists and
leaves inheritance, placement (web.config or ``<location>``), locks and ordering to the Plan, so
it behaves exactly like every other module of the collection.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils import module_requirements
from ansible_collections.webadmin.iis.plugins.module_utils import reporting
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, element_children
from ansible_collections.webadmin.iis.plugins.module_utils.target_options import with_target_options

MODULES = 'system.webServer/modules'
GLOBAL_MODULES = 'system.webServer/globalModules'
HANDLERS = 'system.webServer/handlers'

ARGUMENT_SPEC = with_target_options(dict(
    name=dict(type='str', required=True),
    image=dict(type='str'),
    type=dict(type='str'),
    pre_condition=dict(type='str'),
    location=dict(type='str', default=''),
    state=dict(type='str', default='present', choices=['present', 'absent', 'installed', 'uninstalled']),
    position=dict(type='str', choices=['first', 'last']),
    before=dict(type='str'),
    after=dict(type='str'),
    lock=dict(type='bool'),
    commit=dict(type='str', default='auto', choices=['auto', 'apphost', 'webconfig']),
    check_assembly=dict(type='bool', default=True),
))

SPEC_KWARGS = dict(
    mutually_exclusive=[('image', 'type'), ('position', 'before', 'after')],
)


def host_requests(params):
    """What a Windows host looks up in the task's one read round trip, besides the files: the
    assembly of a managed module's type (see :func:`check_managed_type`)."""
    if params.get('state') == 'present' and params.get('type') and params.get('check_assembly', True):
        return {'assemblies': module_requirements.assembly_request([params['type']])}
    return {}


def desired_state(plan, params):
    location = plan.manager.check_location(params['location'])
    _check_options(params, location)
    state = params['state']
    if state == 'installed':
        _install(plan, params, _position(params))
    elif state == 'uninstalled':
        _uninstall(plan, params['name'])
    elif state == 'present':
        checked = _enable(plan, params, location)
        if checked is not None:
            return {'assembly_check': checked}
    else:
        plan.remove_item(MODULES, location, {'name': params['name']}, commit=params['commit'])
    return {}


def report(plan, params):
    """What is true after the change (or, in check mode, what would be)."""
    manager = plan.manager
    out = {'installed': is_installed(manager, params['name'])}
    if params['state'] in ('present', 'absent'):
        modules = reporting.module_list(manager, params['location'])
        out['modules'] = modules
        out['enabled'] = any(m['name'] == params['name'] for m in modules)
    return out


def is_installed(manager, name):
    collection = manager.schema.section(GLOBAL_MODULES).collection
    return manager.effective_collection(GLOBAL_MODULES, '').find(collection.key_of({'name': name})) is not None


def _check_options(params, location):
    """Combinations the argument spec cannot express; each message says what to change."""
    state = params['state']
    if state in ('installed', 'uninstalled') and location:
        raise ConfigError('state=%s: globalModules exists only at server level; omit location (got %r). '
                          'To stop a module at one path use state=absent with that location.' % (state, location))
    if state == 'installed' and params.get('type'):
        raise ConfigError('state=installed: %s has a type, so it is a managed (.NET) module; managed modules are never '
                          'installed, only enabled: use state=present' % params['name'])
    if params.get('lock') is not None and state != 'present':
        raise ConfigError('lock is only used with state=present (it sets lockItem on the enabled entry)')
    if _position(params) is not None and state not in ('present', 'installed'):
        raise ConfigError('position, before and after order an entry; they are only used with state=present or installed')
    if params['name'] in (params.get('before'), params.get('after')):
        raise ConfigError('before/after: a module cannot be placed relative to itself (%s)' % params['name'])


def _position(params):
    if params.get('before'):
        return ('before', {'name': params['before']})
    if params.get('after'):
        return ('after', {'name': params['after']})
    return params.get('position')


def _install(plan, params, position=None):
    """Register a native module in globalModules (or update its image/preCondition)."""
    name = params['name']
    attrs = {'name': name}
    if params.get('image'):
        attrs['image'] = params['image']
    if params.get('pre_condition') is not None:
        attrs['preCondition'] = params['pre_condition']
    if not is_installed(plan.manager, name) and 'image' not in attrs:
        raise ConfigError('%s is not installed (no entry in system.webServer/globalModules): give image, the path of '
                          'the native DLL, to install it, or type if it is a managed (.NET) module' % name)
    plan.ensure_item(GLOBAL_MODULES, '', attrs, position=position)


def _enable(plan, params, location):
    """Make the module part of the effective modules list at ``location``.

    Native entries in ``<modules>`` carry only the name: image and preCondition belong to the
    globalModules registration. Managed entries carry type and preCondition."""
    manager = plan.manager
    name = params['name']
    if params.get('type'):
        attrs = {'name': name, 'type': params['type']}
        if params.get('pre_condition') is not None:
            attrs['preCondition'] = params['pre_condition']
    elif params.get('image') or is_installed(manager, name):
        if params.get('image') or params.get('pre_condition') is not None:
            _install(plan, params)
        attrs = {'name': name}
    elif _effective_entry(manager, location, name) is not None:
        attrs = {'name': name}  # already enabled (a managed module): nothing to define, order/lock still apply
    else:
        raise ConfigError('%s is neither installed (no entry in system.webServer/globalModules) nor enabled at %s: '
                          'give image (the DLL of a native module, which is installed first) or type (the .NET type '
                          'of a managed module)' % (name, _where(location)))
    plan.ensure_item(MODULES, location, attrs, position=_position(params), commit=params['commit'], compare=list(attrs))
    if params.get('lock') is not None:
        plan.set_item_lock(MODULES, location, {'name': name}, params['lock'])
    if params.get('type') and params.get('check_assembly', True):
        return check_managed_type(plan, name, params['type'], location)
    return None


def _applications_running(manager, location, name, type_text):
    """Applications whose requests load the module once it is enabled at ``location``: the one
    serving ``location`` and every application below it that still has the entry (same type)
    in effect (a sub-application may remove it)."""
    if location:
        site = manager.site(cpath.split_site(location)[0])
        serving = manager.application_for(location)
        candidates = [app for app in site.applications if app is serving or cpath.is_ancestor_or_self(location, app.location)]
    else:
        serving, candidates = None, manager.applications()
    out = []
    for app in candidates:
        if app is serving and cpath.location_key(app.location) != cpath.location_key(location):
            out.append(app)  # the module is enabled on a path inside this application
            continue
        entry = _effective_entry(manager, app.location, name)
        if entry is not None and module_requirements.same_type(entry.element.get('type'), type_text):
            out.append(app)
    return out


def check_managed_type(plan, name, type_text, location):
    """A managed module works only if ASP.NET can load its type when the application starts;
    otherwise EVERY request of the application fails. Refuse (nothing is written) when the
    assembly is found nowhere for an application that would load it, naming the assembly and
    the folders looked in; the host looks them up in its read round trip. Returns one entry per
    application checked (for the result)."""
    manager = plan.manager
    apps = _applications_running(manager, location, name, type_text)
    roots = {}
    for app in apps:
        try:
            roots[app.location] = manager.physical_directory(app.location)
        except ConfigError as exc:
            plan.warnings.append('%s: the assembly of %s could not be checked for %s: %s' % (name, type_text, app.location, exc))
    request = module_requirements.assembly_request([type_text], sorted(set(roots.values())))
    answer = module_requirements.probe(manager.host, request) if (request['names'] or request['types']) and roots else {}
    checked, missing = [], []
    for app in apps:
        if app.location not in roots:
            continue
        found = module_requirements.resolve_type(type_text, roots[app.location], answer)
        checked.append({'application': app.location, 'resolved': found.resolved, 'source': found.source,
                        'verified': found.verified, 'detail': found.detail, 'looked_in': found.looked_in})
        if not found.resolved:
            missing.append((app, found))
        elif not found.verified:
            plan.warnings.append('%s: %s for application %s: %s (not verified)' % (name, type_text, app.location, found.detail))
    if missing:
        ref = module_requirements.parse_type(type_text)
        what = ('assembly %s' % ref.assembly) if ref.assembly else ('class %s (the type names no assembly)' % ref.short_name)
        raise ManagedTypeError(
            'type %r of managed module %s cannot be loaded: %s is missing for %s. Every request of %s would fail '
            '(HTTP 500). Deploy the assembly first, or set check_assembly=false when the deployment copies it later. '
            'Nothing was changed.' % (type_text, name, what, '; '.join(
                '%s (looked in %s: %s)' % (app.location, ', '.join(found.looked_in), found.detail) for app, found in missing),
                'that application' if len(missing) == 1 else 'those applications'),
            {'assembly_check': checked})
    return checked


class ManagedTypeError(ConfigError):
    """The module's type does not resolve; ``result`` lists what was looked at."""

    def __init__(self, message, result):
        super(ManagedTypeError, self).__init__(message)
        self.result = result


def _effective_entry(manager, location, name):
    collection = manager.schema.section(MODULES).collection
    return manager.effective_collection(MODULES, location).find(collection.key_of({'name': name}))


def _where(location):
    return repr(location) if location else 'server level'


def _uninstall(plan, name):
    """Remove the globalModules entry and every ``<add>`` of the module in applicationHost.config.

    IIS fails worker processes that enable a module which is not installed, so the ``<add>``
    entries go too, at top level and in every ``<location>``. ``<remove name=...>`` elements stay:
    IIS ignores a remove of an absent entry, and they keep the module disabled where an
    administrator disabled it should it be installed again. web.config files belong to the
    applications (a deployment would restore them), so they are reported, not edited."""
    manager = plan.manager
    key = {'name': name}
    layers = manager.document_layers(manager.apphost)
    for layer in layers:
        plan.delete_item_at(layer, MODULES, key)
    for layer in layers:
        plan.delete_item_at(layer, GLOBAL_MODULES, key)
    plan.warnings.extend(_web_config_references(manager, name))
    plan.warnings.extend(_handler_references(manager, layers, name))


def _adds_in(layer, section, name):
    element = layer.section_element(section)
    if element is None:
        return []
    return [child for child in element_children(element) if child.tag == 'add' and child.get('name') == name]


def _web_config_references(manager, name):
    """Warnings for web.config files of the sites' applications that still enable ``name``."""
    warnings = []
    seen = set()
    for app in manager.applications():
        try:
            document = manager.web_config(app.location)
        except (ConfigError, ValueError) as exc:
            warnings.append('%s: web.config of %r could not be checked for the uninstalled module: %s'
                            % (name, app.location, exc))
            continue
        if document is None or id(document) in seen:
            continue
        seen.add(id(document))
        for layer in manager.document_layers(document):
            for add in _adds_in(layer, MODULES, name):
                if add.get('type'):
                    why = 'it keeps running there as a managed module (type %s)' % add.get('type')
                else:
                    why = 'IIS will fail requests to %r because the native module is no longer installed' % (layer.level or app.location)
                warnings.append('%s: still enabled in %s; %s. Remove it from that file (it belongs to the application, '
                                'so this module does not edit it).' % (name, layer.describe(), why))
    return warnings


def _handler_references(manager, layers, name):
    """Handlers name the modules that serve them; after an uninstall they cannot work."""
    warnings = []
    for layer in layers:
        element = layer.section_element(HANDLERS)
        for child in element_children(element) if element is not None else []:
            used = [m.strip() for m in child.get('modules', '').split(',')]
            if child.tag == 'add' and name in used:
                warnings.append('%s: handler %r in %s still names it in modules=; remove or change that handler'
                                % (name, child.get('name'), layer.describe()))
    return warnings
