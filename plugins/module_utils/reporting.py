# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Effective state as plain data for task results: what is set, and where it comes from.

Shared by every module's result and by iis_info, so "effective" means the same everywhere.
Secret (schema-encrypted) values never leave this module: they are reported as set / not set.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import GENERIC_ATTRIBUTES
from ansible_collections.webadmin.iis.plugins.module_utils.plan import MASK
from ansible_collections.webadmin.iis.plugins.module_utils.schema import SchemaError


def source_text(layer):
    return layer.describe() if layer is not None else 'schema default'


def effective_attributes(manager, section, location, element_path=(), explicit_only=False):
    """{name: {'value', 'source'}} with secrets masked."""
    schema = manager.element_schema(section, element_path)
    out = {}
    for name, value in manager.effective_element(section, location, element_path).items():
        if explicit_only and not value.explicit:
            continue
        attr = schema.attributes.get(name)
        shown = value.value
        if attr is not None and attr.encrypted and shown:
            shown = MASK
        out[name] = {'value': shown, 'source': source_text(value.source)}
    return out


def collection_items(manager, section, location, element_path=()):
    schema = manager.element_schema(section, element_path)
    item_schema = schema.collection.item_schema()
    effective = manager.effective_collection(section, location, element_path)
    items = []
    for item in effective.items:
        attrs = {}
        for name, value in item.element.attrib.items():
            if name in GENERIC_ATTRIBUTES and name != 'lockItem':
                continue
            attr = item_schema.attributes.get(name)
            attrs[name] = MASK if attr is not None and attr.encrypted and value else value
        items.append({'attributes': attrs, 'source': source_text(item.layer), 'locked': item.locked})
    return {'items': items, 'cleared_at': source_text(effective.cleared_at) if effective.cleared_at else None,
            'problems': effective.problems}


def effective_section(manager, section, location, element_path=()):
    """Attributes, and the collection if the element has one, of a section at a location."""
    location = cpath.normalize_location(location)
    schema = manager.element_schema(section, element_path)
    # at the server: the delegation web.config files get from it (configSections, <location path="">)
    mode, why = manager.override_mode(section, location)
    out = {
        'section': section,
        'location': location,
        'element': '/'.join(element_path),
        'attributes': effective_attributes(manager, section, location, element_path),
        'override_mode': mode,
        'override_mode_reason': why,
    }
    if schema.collection is not None:
        out['collection'] = collection_items(manager, section, location, element_path)
    return out


def module_list(manager, location):
    """The effective system.webServer/modules list at a location, in order."""
    collection = collection_items(manager, 'system.webServer/modules', location)
    return [dict(name=i['attributes'].get('name'), type=i['attributes'].get('type'),
                 pre_condition=i['attributes'].get('preCondition'), locked=i['locked'], source=i['source'])
            for i in collection['items']]


POOLS = 'system.applicationHost/applicationPools'
SITES = 'system.applicationHost/sites'


def application_pool(manager, name):
    """Effective settings of one application pool: its own attributes, then
    ``applicationPoolDefaults``, then the schema defaults. None when the pool does not exist."""
    shared = _pool_report_context(manager)
    collection = manager.schema.section(POOLS).collection
    item = shared['pools'].find(collection.key_of({'name': name}))
    if item is None:
        return None
    defaults = shared['defaults']
    out = {'name': item.element.get('name')}
    sources = {}
    for attr_name in collection.item_schema().attributes:
        if attr_name == 'name':
            continue
        if item.element.get(attr_name) is not None:
            out[attr_name], sources[attr_name] = item.element.get(attr_name), source_text(item.layer)
        elif attr_name in defaults and defaults[attr_name].explicit:
            out[attr_name], sources[attr_name] = defaults[attr_name].value, 'applicationPoolDefaults'
        else:
            attr = collection.item_schema().attributes[attr_name]
            out[attr_name], sources[attr_name] = attr.default_value(), 'schema default'
    identity = item.element.find('processModel')
    out['identityType'] = identity.get('identityType') if identity is not None and identity.get('identityType') else shared['identity']
    out['sources'] = sources
    out['applications'] = shared['applications'].get(name.lower(), [])
    return out


def _pool_report_context(manager):
    """The pools collection, applicationPoolDefaults and the applications of every pool: the
    same for every pool, so a report over a thousand pools reads them once (and again only
    after the plan changed something)."""
    return manager.memo('pool report', manager.generation, lambda: {
        'pools': manager.effective_collection(POOLS, ''),
        'defaults': manager.effective_element(POOLS, '', ('applicationPoolDefaults',)),
        'identity': defaults_identity(manager),
        'applications': manager.applications_by_pool(),
    })


def defaults_identity(manager):
    try:
        values = manager.effective_element(POOLS, '', ('applicationPoolDefaults', 'processModel'))
        return values['identityType'].value
    except (SchemaError, KeyError):  # a schema without processModel: report the IIS default
        return 'ApplicationPoolIdentity'


def application_pools(manager, names=None):
    """Every application pool's report, or those whose lower-case name is in ``names``."""
    return [application_pool(manager, item.element.get('name')) for item in _pool_report_context(manager)['pools'].items
            if names is None or item.element.get('name', '').lower() in names]
