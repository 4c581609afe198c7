# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How users may spell option values and how errors name the module.

IIS enums are case-insensitive in IIS itself (appcmd, IIS Manager and the configuration system
all accept ``Integrated`` and ``integrated``), and ``iis_config`` accepts any case for schema
enums. A module option whose choices mirror an IIS enum (``mode``, ``certificate_field``, ...)
must therefore accept IIS's own spelling too. Ansible's argument validation compares choices
case-sensitively, so the runner maps such values to the documented choice first: only for the
options a feature lists in ``IIS_ENUM_OPTIONS``, so that Ansible-style choices (``state``,
``backend``) keep their exact spelling.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type


def _canonical(value, choices):
    """The choice that equals ``value`` ignoring case, else ``value`` unchanged."""
    if not isinstance(value, str) or value in choices:
        return value
    folded = [choice for choice in choices if isinstance(choice, str) and choice.lower() == value.lower()]
    return folded[0] if len(folded) == 1 else value


def iis_enum_spelling(args, spec, paths):
    """A copy of the task ``args`` in which every IIS-enum option named in ``paths`` (dotted for
    sub-options, e.g. ``many_to_one.rules.certificate_field``) that matches one of its choices
    case-insensitively carries that choice. Anything else (unknown options, templated values,
    non-strings, values that match no choice) is left for the argument validation to judge."""
    if not paths or not isinstance(args, dict):
        return args
    out = dict(args)
    for path in paths:
        head, _sep, rest = path.partition('.')
        option = spec.get(head)
        if option is None or head not in out:
            continue
        value = out[head]
        if rest:
            sub_spec = option.get('options') or {}
            if isinstance(value, dict):
                out[head] = iis_enum_spelling(value, sub_spec, [rest])
            elif isinstance(value, list):
                out[head] = [iis_enum_spelling(item, sub_spec, [rest]) if isinstance(item, dict) else item for item in value]
        elif option.get('choices'):
            if isinstance(value, list):
                out[head] = [_canonical(item, option['choices']) for item in value]
            else:
                out[head] = _canonical(value, option['choices'])
    return out


def module_fqcn(feature):
    """The name users write for the module of a feature (``webadmin.iis.iis_config``), for error
    messages: Ansible would otherwise name the action plugin's Python module
    (``ansible_collections.webadmin.iis.plugins.action.iis_config``). None for a feature that is
    not a module of its own (test doubles): Ansible's name is kept then."""
    name = getattr(feature, '__name__', None)
    return 'webadmin.iis.%s' % name.rsplit('.', 1)[-1] if name else None
