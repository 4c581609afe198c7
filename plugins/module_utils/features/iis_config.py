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


def check_secrets(plan, params, option='allow_plaintext_secrets'):
    """The file backend would store encrypted attributes in clear text: refuse unless allowed."""
    secret_ops = [op for op in plan.operations if op.secret_names()]
    if not secret_ops:
        return
    if params.get('backend') == 'appcmd':
        return
    if not params.get(option):
        names = sorted(set(n for op in secret_ops for n in op.secret_names()))
        raise ConfigError('%s: IIS stores these attributes encrypted; the file backend would write them in clear text. '
                          'Use backend=appcmd on a Windows host, or set %s=true to accept clear text.'
                          % (', '.join(names), option))
    plan.warnings.append('secret attributes are written in clear text (allow_plaintext_secrets=true); '
                         'IIS reads them, but anyone who can read the file can read them')


def desired_state(plan, params):
    manager = plan.manager
    section = manager.schema.section(params['section']).section_path
    location = manager.check_location(params['location'])
    path = element_path(params)
    commit = params['commit']
    if params['attributes']:
        plan.set_attributes(section, location, stringify(params['attributes'], 'attributes'), path, commit)
    spec = params.get('collection')
    if spec:
        schema = manager.element_schema(section, path)
        if schema.collection is None:
            raise ConfigError('collection: %s%s has no collection' % (section, ('/' + '/'.join(path)) if path else ''))
        if spec['clear']:
            plan.clear_collection(section, location, path, commit)
        wanted = []
        for item in spec['items']:
            attrs = stringify(item, 'collection.items')
            plan.ensure_item(section, location, attrs, path, commit=commit)
            wanted.append(schema.collection.key_of(schema.collection.item_schema().normalize_attributes(attrs, section)))
        for item in spec['remove']:
            plan.remove_item(section, location, stringify(item, 'collection.remove'), path, commit)
        if spec['exclusive']:
            for entry in manager.effective_collection(section, location, path).items:
                if entry.key not in wanted:
                    plan.remove_item(section, location, dict(entry.element.attrib), path, commit)
    if params.get('override_mode') in ('Allow', 'Deny'):
        if not location:
            raise ConfigError('override_mode: a location is required (the server level has nothing above it to lock)')
        plan.set_override_mode(section, location, params['override_mode'])
    check_secrets(plan, params)
    return {}


def report(plan, params):
    manager = plan.manager
    section = manager.schema.section(params['section']).section_path
    return {'section': reporting.effective_section(manager, section, params['location'], element_path(params))}
