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
))

SPEC_KWARGS = dict(
    mutually_exclusive=[('image', 'type'), ('position', 'before', 'after')],
)


def desired_state(plan, params):
    location = plan.manager.check_location(params['location'])
    _check_options(params, location)
    state = params['state']
    if state == 'installed':
        _install(plan, params, _position(params))
    elif state == 'uninstalled':
        _uninstall(plan, params['name'])
    elif state == 'present':
        _enable(plan, params, location)
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
