# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""First-match collections: where the order of entries decides which one IIS uses.

For ``system.webServer/handlers`` IIS walks the effective list from the top and uses the first
entry whose ``path`` matches the request (``*``, ``*.ext``, an exact file name), whose ``verb``
matches (``*`` or a comma-separated list), whose ``preCondition`` holds for the worker process
and whose ``resourceType`` / ``requireAccess`` conditions apply. An entry placed after one that
matches every request it would match can never run (a ``*.php`` handler after the catch-all
``StaticFile path="*"``). This module answers "which earlier entry shadows this one?" so that
the plan can refuse such a change instead of writing a handler that silently never runs.

The answer is conservative in one direction only: an entry is reported as shadowed when the
earlier entry takes *every request to an existing file or directory* that it would take (a
handler that only gets requests for files that do not exist serves nothing but 404s).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

HANDLERS = 'system.webServer/handlers'

# resourceType -> kinds of resource a handler takes ('missing': no such file or directory)
_RESOURCES = {
    'file': frozenset(['file']),
    'directory': frozenset(['directory']),
    'either': frozenset(['file', 'directory']),
    'unspecified': frozenset(['file', 'directory', 'missing']),
}
# requireAccess -> the accessPolicy flag it needs (Execute implies Script, as in IIS)
_ACCESS_FLAGS = {'none': (), 'read': ('read',), 'write': ('write',), 'script': ('script', 'execute'),
                 'execute': ('execute',)}


def is_first_match(section):
    """Does IIS pick the first matching entry of this section's collection?"""
    return section.lower() == HANDLERS.lower()


def _glob_covers(pattern, text):
    """Does the IIS path pattern (only ``*`` is a wildcard) match every path ``text`` matches?
    ``text`` is itself a pattern; matching it literally against ``pattern`` answers that for the
    patterns IIS handlers use (``*``, ``*.ext``, ``name.ext``, ``prefix*``)."""
    pattern, text = pattern.lower(), text.lower()
    parts = pattern.split('*')
    if len(parts) == 1:
        return pattern == text
    if not text.startswith(parts[0]) or not text.endswith(parts[-1]) or len(text) < len(parts[0]) + len(parts[-1]):
        return False
    position = len(parts[0])
    end = len(text) - len(parts[-1])
    for middle in parts[1:-1]:
        found = text.find(middle, position, end)
        if found < 0:
            return False
        position = found + len(middle)
    return True


def _verbs(value):
    return set(v.strip() for v in (value or '').split(',') if v.strip())


def _verb_covers(earlier, later):
    earlier, later = _verbs(earlier), _verbs(later)
    if '*' in earlier:
        return True
    return bool(later) and '*' not in later and later <= earlier


def _conditions(value):
    return set(v.strip().lower() for v in (value or '').split(',') if v.strip())


def _applies(attrs, access_policy):
    """Can the entry take requests at all under this accessPolicy (a set of lower-case flags)?"""
    needed = _ACCESS_FLAGS.get((attrs.get('requireAccess') or 'script').lower(), ())
    return not needed or any(flag in access_policy for flag in needed)


def shadows(earlier, later, access_policy):
    """Does the handler ``earlier`` (attributes, defaults filled in) take every request to an
    existing resource that ``later`` would take?"""
    if not _applies(earlier, access_policy):
        return False
    if not _glob_covers(earlier.get('path') or '', later.get('path') or ''):
        return False
    if not _verb_covers(earlier.get('verb'), later.get('verb')):
        return False
    # every precondition of the earlier entry must hold whenever the later one's hold
    if not _conditions(earlier.get('preCondition')) <= _conditions(later.get('preCondition')):
        return False
    earlier_kinds = _RESOURCES.get((earlier.get('resourceType') or 'unspecified').lower(), _RESOURCES['unspecified'])
    later_kinds = _RESOURCES.get((later.get('resourceType') or 'unspecified').lower(), _RESOURCES['unspecified'])
    return (later_kinds - frozenset(['missing'])) <= earlier_kinds


def shadowing_entry(section, items, key, access_policy, attributes_of):
    """The first entry before ``key`` in ``items`` (effective items, in order) that shadows it,
    or None. ``attributes_of(item)`` gives an item's attributes with schema defaults filled in;
    ``access_policy`` is the effective accessPolicy of the section as lower-case flag names."""
    if not is_first_match(section):
        return None
    keys = [item.key for item in items]
    if key not in keys:
        return None
    index = keys.index(key)
    later = attributes_of(items[index])
    for item in items[:index]:
        if shadows(attributes_of(item), later, access_policy):
            return item
    return None
