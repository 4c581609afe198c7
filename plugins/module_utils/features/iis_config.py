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
        position=dict(type='str', choices=['first', 'last']),
        before=dict(type='dict'),
        after=dict(type='dict'),
        allow_shadowed=dict(type='bool', default=False),
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
    split = [split_item(item_schema, item, where) for item in spec['items']]
    items = [item_schema.normalize_attributes(attrs, where) for attrs, _children in split]
    positions = _positions(spec, collection, items, where)
    removals = [stringify(item, 'collection.remove') for item in spec['remove']]
    wanted = set(collection.key_of(attrs) for attrs in items)
    clash = [key for key in (collection.key_of(attrs) for attrs in removals) if key in wanted]
    if clash:
        raise ConfigError('collection: %s: an entry is listed both in items and in remove (%r)' % (where, clash[0]))
    if spec['clear']:
        plan.clear_collection(section, location, path, commit)
    for attrs, (_raw, children), position in zip(items, split, positions):
        plan.ensure_item(section, location, attrs, path, position=position, commit=commit,
                         allow_shadowed=spec.get('allow_shadowed', False))
        if children:
            key_attrs = dict(_key_attributes(collection, _Entry(attrs)))
            plan.ensure_children(section, location, tuple(path) + (key_attrs,), children, commit)
    for key in removals:
        # write <remove> with the spelling of the entry it removes (keys may be case-insensitive)
        entry = manager.effective_collection(section, location, path).find(collection.key_of(key))
        plan.remove_item(section, location, _key_attributes(collection, entry) if entry is not None else key, path, commit)
    if spec['exclusive']:
        for entry in manager.effective_collection(section, location, path).items:
            if entry.key not in wanted:
                plan.remove_item(section, location, _key_attributes(collection, entry), path, commit)


class _Entry:
    """The attributes of a desired entry, in the shape _key_attributes reads."""

    def __init__(self, attributes):
        self.attributes = attributes


def split_item(schema, value, where):
    """An item (or child element) given as a mapping -> (attributes as IIS strings, children).

    A mapping under a name that is a child element of the schema is that element; a list under
    a child element that holds a collection is its entries; everything else is an attribute
    (a list of scalars for an attribute is joined with commas, as for flags). The children are
    in the form Plan.ensure_children takes, validated against the schema here so that a typo
    fails before anything is planned."""
    if not isinstance(value, dict):
        raise ConfigError('collection.items: %s: expected a mapping, got %r' % (where, value))
    scalars = {}
    children = []
    for name, item in value.items():
        is_attribute = schema.has_attribute(name)
        if isinstance(item, dict) or (isinstance(item, list) and not is_attribute and schema.has_element(name)):
            child = schema.element(name, where)  # unknown element names fail with the valid ones listed
            child_where = '%s/%s' % (where, child.name)
            if isinstance(item, dict):
                children.append((child.name, 'element', split_item(child, item, child_where)))
                continue
            if child.collection is None:
                raise ConfigError('collection.items: %s has no collection; give it as a mapping of attributes' % child_where)
            entries = []
            for entry in item:
                attrs, below = split_item(child.collection.item_schema(), entry, child_where)
                entries.append((child.collection.item_schema().normalize_attributes(attrs, child_where), below))
            children.append((child.name, 'items', entries))
        else:
            scalars[name] = item
    attributes = stringify(scalars, 'collection.items')
    return attributes, children


def _positions(spec, collection, items, where):
    """The position of each entry: ``position``/``before``/``after`` place the first entry;
    the entries after it follow it in the order given, so the list keeps its order."""
    given = [name for name in ('position', 'before', 'after') if spec.get(name)]
    if len(given) > 1:
        raise ConfigError('collection: %s: position, before and after are mutually exclusive (got %s)'
                          % (where, ', '.join(given)))
    if not given:
        return [None] * len(items)
    if spec.get('position'):
        first = spec['position']
    else:
        which = given[0]
        anchor = stringify(spec[which], 'collection.%s' % which)
        if any(collection.key_of(anchor) == collection.key_of(attrs) for attrs in items):
            raise ConfigError('collection.%s: %s: an entry cannot be placed relative to itself' % (which, where))
        first = (which, anchor)
    out = [first]
    for previous in items[:-1]:
        if first in ('last',):
            out.append('last')
        else:
            out.append(('after', dict(_key_attributes(collection, _Entry(previous)))))
    return out


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
