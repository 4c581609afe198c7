# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_config: any configuration section, schema-validated, lock-aware, idempotent.

The specialised modules are special cases of what this feature expresses: attributes of a
section element, entries of a collection, overrideMode of a section at a location.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError
from ansible_collections.webadmin.iis.plugins.module_utils.target_options import with_target_options
from ansible_collections.webadmin.iis.plugins.module_utils import reporting

#: Options whose choices mirror an IIS enum: IIS's spelling (any case) is accepted too (the runner maps it).
IIS_ENUM_OPTIONS = ('override_mode',)

ARGUMENT_SPEC = with_target_options(dict(
    section=dict(type='str', required=True),
    location=dict(type='str', default=''),
    element=dict(type='str', default=''),
    attributes=dict(type='dict', default={}),
    collection=dict(type='dict', options=dict(
        items=dict(type='list', elements='dict', default=[]),
        remove=dict(type='list', elements='dict', default=[]),
        exclusive=dict(type='bool', default=False),
        clear=dict(type='bool', default=False),
    )),
    override_mode=dict(type='str', choices=['Allow', 'Deny', 'Inherit']),
    commit=dict(type='str', default='auto', choices=['auto', 'apphost', 'webconfig']),
    allow_plaintext_secrets=dict(type='bool', default=False),
))


def element_path(params):
    """``requestLimits/headerLimits`` -> ('requestLimits', 'headerLimits'), the form the
    configuration layer takes ('.' is accepted as a separator too, as appcmd writes it)."""
    return tuple(p for p in (params.get('element') or '').replace('.', '/').split('/') if p)


def stringify(values, option):
    """Ansible gives us YAML scalars; IIS stores strings. Booleans become true/false."""
    out = {}
    for name, value in (values or {}).items():
        if isinstance(value, bool):
            value = 'true' if value else 'false'
        elif isinstance(value, (int, float)):
            value = str(value)
        elif isinstance(value, list):
            value = ','.join(str(v) for v in value)
        elif value is None:
            value = None
        elif not isinstance(value, str):
            raise ConfigError('%s: value of %s must be a scalar, got %r' % (option, name, value))
        out[str(name)] = value
    return out


def desired_state(plan, params):
    """Record the requested state on the plan. Every value is validated by the schema while the
    plan is built, and the plan only reaches the host after this returns, so any error here
    leaves every file untouched."""
    manager = plan.manager
    section = manager.schema.section(params['section']).section_path
    location = manager.check_location(params['location'])
    path = element_path(params)
    commit = params['commit']
    # an unknown element fails even without attributes. Values of schema-encrypted attributes
    # (at any nesting, of any type) are masked by the action runner (iis_action.secret_values).
    manager.element_schema(section, path)
    if params['attributes']:
        plan.set_attributes(section, location, stringify(params['attributes'], 'attributes'), path, commit)
    if params.get('collection'):
        _collection_state(plan, section, location, path, params['collection'], commit)
    mode = params.get('override_mode')
    if mode:
        # at the server (location "") this is appcmd's unlock/lock config -section:X, which
        # delegates the section to (or takes it from) every web.config of the server
        plan.set_override_mode(section, location, mode)
    plan.check_plaintext_secrets(params)
    return {}


def _collection_state(plan, section, location, path, spec, commit):
    """items present, remove absent, exclusive: nothing else, clear: stop inheriting."""
    manager = plan.manager
    schema = manager.element_schema(section, path)
    where = section + ('/' + '/'.join(path) if path else '')
    if schema.collection is None:
        raise ConfigError('collection: %s has no collection (child elements: %s)'
                          % (where, ', '.join(schema.elements) or 'none'))
    collection = schema.collection
    item_schema = collection.item_schema()
    # validate every entry before the first change is planned
    items = [item_schema.normalize_attributes(stringify(item, 'collection.items'), where) for item in spec['items']]
    removals = [stringify(item, 'collection.remove') for item in spec['remove']]
    wanted = set(collection.key_of(attrs) for attrs in items)
    clash = [key for key in (collection.key_of(attrs) for attrs in removals) if key in wanted]
    if clash:
        raise ConfigError('collection: %s: an entry is listed both in items and in remove (%r)' % (where, clash[0]))
    if spec['clear']:
        plan.clear_collection(section, location, path, commit)
    for attrs in items:
        plan.ensure_item(section, location, attrs, path, commit=commit)
    for key in removals:
        # write <remove> with the spelling of the entry it removes (keys may be case-insensitive)
        entry = manager.effective_collection(section, location, path).find(collection.key_of(key))
        plan.remove_item(section, location, _key_attributes(collection, entry) if entry is not None else key, path, commit)
    if spec['exclusive']:
        for entry in manager.effective_collection(section, location, path).items:
            if entry.key not in wanted:
                plan.remove_item(section, location, _key_attributes(collection, entry), path, commit)


def _key_attributes(collection, entry):
    """The attributes that identify an existing entry (all of them for a keyless collection)."""
    names = collection.key_names()
    attrs = entry.attributes
    if not names:
        return dict((k, v) for k, v in attrs.items() if k in collection.attributes)
    lowered = dict((k.lower(), v) for k, v in attrs.items())
    return dict((n, lowered[n.lower()]) for n in names if n.lower() in lowered)


def report(plan, params):
    """The effective section at the location after the change (planned state in check mode)."""
    manager = plan.manager
    section = manager.schema.section(params['section']).section_path
    return {'section': reporting.effective_section(manager, section, params['location'], element_path(params))}
