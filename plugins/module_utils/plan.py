# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Plans: desired state -> typed operations -> edited documents, appcmd commands, diffs.

A :class:`Plan` is built by asking for desired state ("this attribute has this value at this
path", "this entry is in that collection"); it compares with the *effective* state and records
only what differs, so a plan is empty when nothing needs doing. That is where idempotency comes
from, once, for every module.

Each operation is applied to the in-memory documents as soon as it is planned, so the next
question sees the new state (install then enable, add then reorder). Nothing reaches the host
until the caller saves the changed documents or runs the rendered appcmd commands.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
from collections import OrderedDict

from ansible_collections.webadmin.iis.plugins.module_utils import appcmd
from ansible_collections.webadmin.iis.plugins.module_utils import first_match
from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import (
    LOCK_ATTRIBUTES, ConfigError, WriteTarget, section_in, descend, element_children, find_child, key_text,
    tag_override_mode)
from ansible_collections.webadmin.iis.plugins.module_utils.document import etree

MASK = appcmd.SECRET_MASK
SITES_SECTION = 'system.applicationhost/sites'


def _key_pairs(collection, attrs):
    names = collection.key_names() or list(attrs)
    lowered = dict((k.lower(), k) for k in attrs)
    out = []
    for name in names:
        actual = lowered.get(name.lower())
        if actual is None:
            attr = collection.attributes.get(name)
            if attr is not None and not attr.required and attr.default is not None:
                # IIS computes the identity of an entry with the default of a key part it does
                # not set (fastCgi application: fullPath + arguments, arguments defaults to "")
                out.append((name, attr.default_value()))
                continue
            raise ConfigError('the key attribute %r is required to identify an entry of this collection' % name)
        out.append((name, attrs[actual]))
    return out


class Operation:
    """One change to one document at one place. Subclasses implement ``_apply`` and
    ``_argv`` (appcmd arguments after ``set config``-like verbs)."""

    verb = 'change'

    def __init__(self, plan, target, section, element_path=()):
        self.plan = plan
        self.target = target
        self.section = section
        self.element_path = tuple(element_path)

    @property
    def manager(self):
        return self.plan.manager

    def secret_names(self):
        return set()

    # -- appcmd ---------------------------------------------------------------------------------
    def _location_args(self):
        target = self.target
        if target.is_apphost:
            args = [] if target.location_path is None else [appcmd.config_location_arg(target.location_path)]
            return args, ['/commit:apphost']
        return [appcmd.config_location_arg(target.level)], []

    def _path_steps(self, element_path=None):
        steps = []
        collection_schema = self.manager.schema.section(self.section)
        for step in self.element_path if element_path is None else element_path:
            if isinstance(step, dict):
                steps.append(_key_pairs(collection_schema.collection, step))
                collection_schema = collection_schema.collection.item_schema()
            else:
                steps.append(step)
                collection_schema = collection_schema.element(step)
        return steps

    def appcmd_argv(self, masked=False):
        where, commit = self._location_args()
        return [self.appcmd_verb, 'config'] + where + ['-section:%s' % self.section] + self._argv(masked) + commit

    appcmd_verb = 'set'

    def command(self):
        """The appcmd command line, secrets masked (for results and logs)."""
        return appcmd.display(self.appcmd_argv(masked=True))

    def describe(self):
        return '%s %s%s (%s)' % (self.verb, self.section, self._path_text(), self.target.describe())

    def _path_text(self):
        if not self.element_path:
            return ''
        return '/' + '/'.join(key_text_simple(s) for s in self.element_path)

    # -- document editing ----------------------------------------------------------------------
    def container(self, create=True, override_mode=None):
        document = self.target.document
        if self.target.location_path is None:
            return document.root
        candidates = self.manager.location_elements(document, self.target.location_path)
        for candidate in candidates:
            if section_in(candidate, self.section) is not None:
                return candidate
        for candidate in candidates:
            if override_mode is None or candidate.get('overrideMode') == override_mode:
                return candidate
        if not create:
            return None
        document.touch(document.root)
        location = etree.SubElement(document.root, 'location')
        location.set('path', self.target.location_path)
        if override_mode:
            location.set('overrideMode', override_mode)
        return location

    def touch(self, node):
        """Tell the document this node is about to change (see ConfigDocument.touch)."""
        self.target.document.touch(node)

    def section_element(self, create=True):
        container = self.container(create)
        if container is None:
            return None
        node = container
        for part in self.section.split('/'):
            child = find_child(node, part)
            if child is None:
                if not create:
                    return None
                self.touch(node)
                child = _insert_group(node, part)
            node = child
        return node

    def element(self, create=True, element_path=None):
        node = self.section_element(create)
        schema = self.manager.schema.section(self.section)
        for step in self.element_path if element_path is None else element_path:
            if node is None:
                return None
            if isinstance(step, dict):
                collection = schema.collection
                match = descend(node, (step,), schema)
                if match is None:
                    raise ConfigError('%s: entry %s is not defined at %s; it cannot be changed there'
                                      % (self.section, key_text_simple(step), self.target.describe()))
                node = match
                schema = collection.item_schema()
            else:
                child = find_child(node, step)
                if child is None:
                    if not create:
                        return None
                    self.touch(node)
                    child = etree.SubElement(node, step)
                node = child
                schema = schema.element(step)
        return node


def key_text_simple(step):
    if isinstance(step, dict):
        return '[%s]' % ','.join("%s='%s'" % kv for kv in step.items())
    return step


def _insert_group(parent, tag):
    """New section/sectionGroup element. In applicationHost.config new groups go before the
    first <location> so the file keeps IIS's own layout."""
    if parent.getparent() is None:
        for index, child in enumerate(parent):
            if isinstance(child.tag, str) and child.tag == 'location':
                node = etree.Element(tag)
                parent.insert(index, node)
                return node
    return etree.SubElement(parent, tag)


class SetAttributes(Operation):
    """Set (or, with value None, delete so that the inherited value applies) attributes of the
    section, a child element, or a collection entry."""

    verb = 'set'

    def __init__(self, plan, target, section, element_path, values, secrets=(), previous=None):
        super(SetAttributes, self).__init__(plan, target, section, element_path)
        self.values = OrderedDict(values)
        self.secrets = set(secrets)
        # {name: (value, where it came from)} before the change, for audit reports and plan text
        self.previous = dict(previous or {})

    def secret_names(self):
        return set(self.secrets)

    def apply(self):
        node = self.element(create=True)
        self.touch(node)
        for name, value in self.values.items():
            if value is None:
                if name in node.attrib:
                    del node.attrib[name]
            else:
                node.set(name, value)

    def _shown(self, name, value, masked):
        return MASK if masked and name in self.secrets else value

    def _argv(self, masked):
        steps = appcmd.element_path(self._path_steps())
        out = []
        for name, value in self.values.items():
            if value is None:
                raise appcmd.QuotingError('appcmd has no command to remove the attribute %s of %s: use backend=file'
                                          % (name, self.section))
            prefix = steps + '.' if steps else ''
            out.append('/%s%s:%s' % (prefix, appcmd.check_name(name), appcmd.check_value(self._shown(name, value, masked), name)))
        return out

    def describe(self):
        parts = []
        for name, value in self.values.items():
            text = '%s (reset to inherited)' % name if value is None else '%s="%s"' % (name, self._shown(name, value, True))
            if name in self.previous:
                old, source = self.previous[name]
                text += ' (was "%s" from %s)' % (self._shown(name, old, True) if old is not None else '', source)
            parts.append(text)
        return 'set %s%s %s (%s)' % (self.section, self._path_text(), ', '.join(parts), self.target.describe())


class AddItem(Operation):
    """Add an entry to a collection (``<add .../>``) at a position of this layer."""

    verb = 'add'

    def __init__(self, plan, target, section, element_path, attributes, position=None, index=None, secrets=()):
        super(AddItem, self).__init__(plan, target, section, element_path)
        self.attributes = OrderedDict(attributes)
        self.position = position  # None/'end', 'start', ('before', key), ('after', key)
        self.index = index  # position in the effective collection, for appcmd's @N
        self.secrets = set(secrets)

    def secret_names(self):
        return set(self.secrets)

    def collection_schema(self):
        return self.manager.element_schema(self.section, self.element_path).collection

    def apply(self):
        parent = self.element(create=True)
        self.touch(parent)
        collection = self.collection_schema()
        node = etree.Element(collection.add_elements[0])
        for name, value in self.attributes.items():
            node.set(name, value)
        children = element_children(parent)
        entries = [c for c in children if c.tag in collection.add_elements]
        position = self.position or 'end'
        if position == 'end':
            if entries:
                parent.insert(parent.index(entries[-1]) + 1, node)
            else:
                parent.append(node)
        elif position == 'start':
            if entries:
                parent.insert(parent.index(entries[0]), node)
            else:
                parent.append(node)
        else:
            where, key = position
            anchor = None
            key_value = collection.key_of(key)
            for child in entries:
                if collection.key_of(child.attrib) == key_value:
                    anchor = child
            if anchor is None:
                raise ConfigError('%s: cannot place an entry %s %s: that entry is not defined at %s'
                                  % (self.section, where, key_text_simple(key), self.target.describe()))
            parent.insert(parent.index(anchor) + (1 if where == 'after' else 0), node)

    def _argv(self, masked):
        pairs = [(k, MASK if masked and k in self.secrets else v) for k, v in self.attributes.items()]
        position = None
        if self.position == 'start':
            position = 'start'
        elif self.position not in (None, 'end'):
            position = self.index
        prefix = appcmd.element_path(self._path_steps())
        return ['/+%s%s' % (prefix + '.' if prefix else '', appcmd.indexer(pairs, position))]

    def describe(self):
        attrs = ', '.join('%s="%s"' % (k, MASK if k in self.secrets else v) for k, v in self.attributes.items())
        where = ''
        if self.position not in (None, 'end'):
            where = ' at start' if self.position == 'start' else ' %s %s' % (self.position[0], key_text_simple(self.position[1]))
        return 'add %s%s entry %s%s (%s)' % (self.section, self._path_text(), attrs, where, self.target.describe())


class RemoveItem(Operation):
    """Take an entry out of the effective collection: delete its ``<add>`` where it is defined
    at this level (``mode='delete'``), or block the inherited one with ``<remove>``
    (``mode='block'``)."""

    verb = 'remove'

    def __init__(self, plan, target, section, element_path, key, mode):
        super(RemoveItem, self).__init__(plan, target, section, element_path)
        self.key = OrderedDict(key)
        self.mode = mode

    def apply(self):
        collection = self.manager.element_schema(self.section, self.element_path).collection
        key_value = collection.key_of(self.key)
        if self.mode == 'delete':
            parent = self.element(create=False)
            for child in element_children(parent) if parent is not None else []:
                if child.tag in collection.add_elements and collection.key_of(child.attrib) == key_value:
                    self.touch(parent)
                    parent.remove(child)
            return
        if not collection.remove_element:
            raise ConfigError('%s: the collection has no <remove> element; inherited entries cannot be removed below'
                              % self.section)
        parent = self.element(create=True)
        self.touch(parent)
        node = etree.Element(collection.remove_element)
        for name, value in _key_pairs(collection, self.key):
            node.set(name, value)
        entries = [c for c in element_children(parent) if c.tag in collection.add_elements]
        if entries:
            parent.insert(parent.index(entries[0]), node)
        else:
            parent.append(node)

    def _argv(self, masked):
        collection = self.manager.element_schema(self.section, self.element_path).collection
        prefix = appcmd.element_path(self._path_steps())
        return ['/-%s%s' % (prefix + '.' if prefix else '', appcmd.indexer(_key_pairs(collection, self.key)))]

    def describe(self):
        how = 'delete the <add> of' if self.mode == 'delete' else 'add <remove> for inherited'
        return '%s %s%s entry %s (%s)' % (how, self.section, self._path_text(), key_text_simple(self.key), self.target.describe())


class ClearCollection(Operation):
    """``<clear/>``: stop inheriting the collection at this level."""

    verb = 'clear'

    def apply(self):
        collection = self.manager.element_schema(self.section, self.element_path).collection
        if not collection.clear_element:
            raise ConfigError('%s: the collection has no <clear> element' % self.section)
        parent = self.element(create=True)
        self.touch(parent)
        for child in element_children(parent):
            if child.tag in (collection.clear_element, collection.remove_element):
                parent.remove(child)
        parent.insert(0, etree.Element(collection.clear_element))

    def _argv(self, masked):
        prefix = appcmd.element_path(self._path_steps())
        return ['/~%s' % (prefix or '.')]


class SetOverrideMode(Operation):
    """Lock (``Deny``), unlock (``Allow``) or stop locking/unlocking (``Inherit``) a section for
    the web.config files at and below a location, in applicationHost.config.

    Like ``appcmd unlock config``, the section's settings at that path move with it into the
    ``<location>`` tag that carries the mode (a section cannot be both at the top level and in
    ``<location path="">``): an existing tag for the same path and mode is reused, else the tag
    that holds nothing but this section is changed in place, else a new tag is added. Inherit at
    the server moves the settings back to the top level; an empty section left without a mode is
    dropped, and so is a ``<location>`` tag left empty."""

    verb = 'lock'

    def __init__(self, plan, target, section, mode):
        super(SetOverrideMode, self).__init__(plan, target, section)
        self.mode = mode

    @property
    def appcmd_verb(self):
        if self.mode == 'Inherit':
            raise appcmd.QuotingError('appcmd has no command to reset overrideMode to Inherit: use backend=file')
        return 'lock' if self.mode == 'Deny' else 'unlock'

    def _holders(self):
        """(container, section element) of each place this path's section is in the file."""
        document = self.target.document
        places = []
        if cpath.location_key(self.target.location_path) == '':
            node = section_in(document.root, self.section)
            if node is not None:
                places.append((document.root, node))
        for tag in self.manager.location_elements(document, self.target.location_path):
            node = section_in(tag, self.section)
            if node is not None:
                places.append((tag, node))
        if len(places) > 1:
            raise ConfigError('%s is defined %d times for %s in %s (lines %s); IIS rejects that ("There is a duplicate '
                              'section defined"): keep one before changing its overrideMode'
                              % (self.section, len(places), cpath.describe(self.target.location_path), document.path,
                                 ', '.join(str(document.line_of(node)) for _c, node in places)))
        return places[0] if places else (None, None)

    def apply(self):
        document = self.target.document
        server = cpath.location_key(self.target.location_path) == ''
        holder, current = self._holders()
        scope = holder.get('inheritInChildApplications', 'true').lower() if holder is not None and holder.tag == 'location' else 'true'
        empty = current is None or (not current.attrib and not element_children(current))
        to_top = server and self.mode == 'Inherit'
        reuse = None
        if not to_top:
            for tag in self.manager.location_elements(document, self.target.location_path):
                if tag is not holder and tag_override_mode(tag) == self.mode \
                        and tag.get('inheritInChildApplications', 'true').lower() == scope:
                    reuse = tag
        if reuse is None and not to_top and holder is not None and holder.tag == 'location' and _holds_only(holder, current):
            if self.mode == 'Inherit' and empty:
                self.touch(document.root)
                document.root.remove(holder)
                return
            self.touch(holder)
            if 'allowOverride' in holder.attrib:
                del holder.attrib['allowOverride']
            if self.mode == 'Inherit':
                holder.attrib.pop('overrideMode', None)
            else:
                holder.set('overrideMode', self.mode)
            return
        if current is not None:
            self._detach(current)
        if self.mode == 'Inherit' and empty:
            return
        if to_top:
            destination = document.root
        elif reuse is not None:
            destination = reuse
        else:
            self.touch(document.root)
            destination = etree.SubElement(document.root, 'location')
            destination.set('path', self.target.location_path)
            if self.mode != 'Inherit':
                destination.set('overrideMode', self.mode)
            if scope != 'true':
                destination.set('inheritInChildApplications', 'false')
        node = destination
        parts = self.section.split('/')
        for part in parts[:-1]:
            child = find_child(node, part)
            if child is None:
                self.touch(node)
                child = _insert_group(node, part)
            node = child
        self.touch(node)
        if current is not None:
            node.append(current)
        else:
            etree.SubElement(node, parts[-1])

    def _detach(self, current):
        """Take the section out of where it is, with the groups and <location> tag it leaves empty."""
        holder = current.getparent()
        self.touch(holder)
        holder.remove(current)
        while holder.tag != 'location' and holder.getparent() is not None and not element_children(holder):
            parent = holder.getparent()
            self.touch(parent)
            parent.remove(holder)
            holder = parent
        if holder.tag == 'location' and not element_children(holder):
            self.touch(holder.getparent())
            holder.getparent().remove(holder)

    def _argv(self, masked):
        return []

    def appcmd_argv(self, masked=False):
        path = self.target.location_path
        where = [appcmd.config_location_arg(path)] if path else []
        return [self.appcmd_verb, 'config'] + where + ['-section:%s' % self.section, '/commit:apphost']

    def describe(self):
        return '%s %s for %s: overrideMode="%s" (%s)' % (
            {'Deny': 'lock', 'Allow': 'unlock'}.get(self.mode, 'inherit lock of'), self.section, cpath.describe(self.target.location_path),
            self.mode, self.target.describe())


def _holds_only(tag, node):
    """Is ``node`` (a section element) the only thing in the <location> ``tag``, groups aside?"""
    while node is not tag:
        parent = node.getparent()
        if len(element_children(parent)) != 1:
            return False
        node = parent
    return True


class RemoveSection(Operation):
    """Delete a section's configuration at one layer (an override below the site)."""

    verb = 'clear'
    appcmd_verb = 'clear'

    def apply(self):
        node = self.section_element(create=False)
        if node is None:
            return
        holder = node.getparent()
        self.touch(holder)
        holder.remove(node)
        while holder.getparent() is not None and not element_children(holder) and holder.tag != 'configuration':
            parent = holder.getparent()
            self.touch(parent)
            parent.remove(holder)
            holder = parent

    def _argv(self, masked):
        return []

    def describe(self):
        return 'remove the %s override (%s)' % (self.section, self.target.describe())


class Plan:
    """Desired state in, operations out. Keeps the documents it changed."""

    def __init__(self, manager):
        self.manager = manager
        self.operations = []
        self.warnings = []
        #: values a feature found to be secrets (schema-encrypted attributes given in options that
        #: cannot be no_log as a whole); the action removes them from the whole task result
        self.no_log_values = set()

    def __bool__(self):
        return bool(self.operations)

    __nonzero__ = __bool__

    def edited_sections(self):
        """(document, location path, section) of every place an operation edited, once each:
        what ServerManager.validate_sections checks before anything is written."""
        seen = OrderedDict()
        for op in self.operations:
            target = op.target
            key = (id(target.document), cpath.location_key(target.location_path), op.section.lower())
            seen.setdefault(key, (target.document, target.location_path, op.section))
        return list(seen.values())

    def _record(self, op):
        # A lock that a lower level already overrides would break those paths (HTTP 500.19):
        # checked before the operation edits anything, so a refusal leaves the documents as read.
        self._check_lock_violations(op)
        # Only documents an operation touched are compared with their original text when the
        # task ends; the others (most of them, in a large server) cost nothing more.
        op.target.document.dirty = True
        self.manager.generation += 1
        if op.section.lower() == SITES_SECTION:
            self.manager.sites_generation += 1
        op.apply()
        self.operations.append(op)
        return op

    # -- locks -----------------------------------------------------------------------------------
    def _check_lock_violations(self, op):
        """Refuse an operation that adds a lock some lower level already overrides.

        IIS rejects every path whose configuration overrides a lock (HTTP 500.19), so a lock
        that would make existing configuration invalid is an error listing each path and file;
        violations that were there before the operation are not counted against it."""
        manager = self.manager
        found = []
        if isinstance(op, SetOverrideMode):
            if op.mode == 'Allow':
                return
            location = op.target.location_path
            before = set(v.key() for v in manager.section_lock_violations(op.section, location))
            found = [v for v in manager.section_lock_violations(op.section, location, assume=(location, op.mode))
                     if v.key() not in before]
        elif isinstance(op, (SetAttributes, AddItem)):
            found = self._element_lock_violations(op)
        if found:
            how = 'Remove those overrides first'
            if isinstance(op, SetOverrideMode):
                how += ' (or move them into applicationHost.config <location path> tags, which overrideMode does not bind)'
            raise ConfigError('%s: this lock would make IIS reject the configuration of %d place(s) below with HTTP 500.19, '
                              'because they already override what it locks; nothing was changed. %s: %s'
                              % (op.section, len(found), how, '; '.join(v.describe() for v in found)))

    def _element_lock_violations(self, op):
        """New LockViolations of the lock attributes an attribute change or a new entry writes."""
        values = op.values if isinstance(op, SetAttributes) else op.attributes
        if not any(name in LOCK_ATTRIBUTES and value is not None for name, value in values.items()):
            return []
        manager = self.manager
        section_schema = manager.schema.section(op.section)
        if isinstance(op, AddItem):
            entry_path, collection_path = None, op.element_path
        else:
            entry_path = op.element_path
            collection_path = op.element_path[:-1] if op.element_path and isinstance(op.element_path[-1], dict) else None
        current = {}
        if entry_path is not None:
            node = None
            for layer, element in manager.section_layers(op.section, op.target.level):
                if self._same_place(layer, op.target):
                    node = descend(element, entry_path, section_schema)
            current = dict(node.attrib) if node is not None else {}
        after = dict(current)
        after.update(values)
        after = dict((k, v) for k, v in after.items() if v is not None)
        old = []
        new = []
        if collection_path is not None:
            # lockItem on a collection entry: a lower <remove> of it, or <clear/>, breaks
            collection = manager.element_schema(op.section, collection_path).collection
            key = collection.key_of(op.attributes if isinstance(op, AddItem) else op.element_path[-1])
            if str(after.get('lockItem', '')).lower() == 'true':
                new = manager.element_lock_violations(op.section, op.target, collection_path, {}, [key])
            if str(current.get('lockItem', '')).lower() == 'true':
                old = manager.element_lock_violations(op.section, op.target, collection_path, {}, [key])
            after.pop('lockItem', None)
            current.pop('lockItem', None)
        if entry_path is not None and any(name in LOCK_ATTRIBUTES for name in after):
            new += manager.element_lock_violations(op.section, op.target, entry_path, after)
            old += manager.element_lock_violations(op.section, op.target, entry_path, current)
        before = set(v.key() for v in old)
        return [v for v in new if v.key() not in before]

    # -- attributes ------------------------------------------------------------------------------
    def set_attributes(self, section, location, attributes, element_path=(), commit='auto', target=None):
        """Make ``attributes`` effective on the section (or child element) at ``location``.

        A value of None means "inherit": the attribute is removed where it is set at this level."""
        location = self.manager.check_location(location)
        schema = self.manager.element_schema(section, element_path)
        context = 'at %s' % cpath.describe(location)  # the schema adds section, element and attribute
        resets = [name for name, value in attributes.items() if value is None]
        if resets:
            self.inherit_attributes(section, location, resets, element_path)
            attributes = dict((k, v) for k, v in attributes.items() if v is not None)
            if not attributes:
                return None
        desired = schema.normalize_attributes(attributes, context)
        effective = self.manager.effective_element(section, location, element_path)
        changes = OrderedDict()
        secrets = set()
        previous = {}
        locks = OrderedDict((name, desired.pop(name)) for name in list(desired) if name in LOCK_ATTRIBUTES)
        for name, value in desired.items():
            attr = schema.attribute(name, context)
            current = effective.get(name)
            if current is not None and current.value is not None and attr.equals(current.value, value):
                continue
            changes[name] = value
            if current is not None:
                previous[name] = (current.value, current.source.describe() if current.source is not None else 'schema default')
            if attr.encrypted:
                secrets.add(name)
        if locks:
            # lock attributes are configuration-system attributes of the element where they are
            # written (no schema has them, nothing inherits them): compared there
            target = target or self.manager.write_target(section, location, commit)
            here = self._attributes_at(section, element_path, target)
            for name, value in locks.items():
                if here.get(name) != value:
                    changes[name] = value
        if not changes:
            return None
        target = target or self.manager.write_target(section, location, commit)
        self._check_attribute_locks(section, location, element_path, changes, target)
        return self._record(SetAttributes(self, target, section, element_path, changes, secrets, previous))

    def _attributes_at(self, section, element_path, target):
        """The attributes the element has where ``target`` writes (empty when it is not there)."""
        for layer, element in self.manager.section_layers(section, target.level):
            if self._same_place(layer, target):
                node = descend(element, element_path, self.manager.schema.section(section))
                return dict(node.attrib) if node is not None else {}
        return {}

    def inherit_attributes(self, section, location, names, element_path=()):
        """Remove attributes set at exactly ``location`` (in any file or <location> tag for that
        level), so the inherited value applies again."""
        location = self.manager.check_location(location)
        schema = self.manager.element_schema(section, element_path)
        canonical = [schema.attribute(name, section).name for name in names]
        ops = []
        for layer, _element in self.manager.section_layers(section, location):
            if cpath.location_key(layer.level) == cpath.location_key(location):
                op = self.reset_attributes(layer, section, canonical, element_path)
                if op is not None:
                    ops.append(op)
        return ops

    def _check_attribute_locks(self, section, location, element_path, changes, target):
        for layer, element in self.manager.section_layers(section, location):
            if layer.order >= 0 and layer.document is target.document and layer.location_path == target.location_path:
                continue
            node = descend(element, element_path, self.manager.schema.section(section))
            if node is None:
                continue
            locked = [a.strip() for a in node.get('lockAttributes', '').split(',') if a.strip()]
            for name in changes:
                if name in locked:
                    raise ConfigError('%s: attribute %s is locked by lockAttributes in %s' % (section, name, layer.describe()))

    # -- collections -----------------------------------------------------------------------------
    def ensure_item(self, section, location, attributes, element_path=(), position=None, commit='auto',
                    compare=None, target=None, allow_shadowed=False):
        """Make an entry with these attributes part of the effective collection at ``location``.

        An existing entry with the same key but other values is updated where it is defined
        (when defined at this level) or replaced by remove+add (when inherited). ``position``:
        None (leave order alone; a new entry goes where appcmd's ``/+`` puts it, at the end of
        this level's entries), 'first', 'last', ('before', key), ('after', key).
        ``compare``: the attribute names that must match (default: all given).

        In a first-match collection (see first_match.py) a change that leaves the entry after an
        earlier one taking all of its requests is refused unless ``allow_shadowed``."""
        ops = self._ensure_item(section, location, attributes, element_path, position, commit, compare, target)
        if ops and not allow_shadowed:
            self._check_not_shadowed(section, location, attributes, element_path)
        return ops

    def _check_not_shadowed(self, section, location, attributes, element_path):
        """Refuse an entry that can never be used because an earlier one always wins."""
        if element_path or not first_match.is_first_match(section):
            return
        location = self.manager.check_location(location)
        collection = self.manager.element_schema(section, element_path).collection
        item_schema = collection.item_schema()
        key = collection.key_of(item_schema.normalize_attributes(attributes, section))
        effective = self.manager.effective_collection(section, location, element_path)
        policy = self.manager.effective_element(section, location).get('accessPolicy')
        flags = set(f.strip().lower() for f in (policy.value if policy is not None and policy.value else 'Read').split(','))

        def attributes_of(item):
            values = dict((name, attr.default_value()) for name, attr in collection.attributes.items())
            values.update((k, v) for k, v in item.element.attrib.items())
            return values
        earlier = first_match.shadowing_entry(section, effective.items, key, flags, attributes_of)
        if earlier is not None:
            this = attributes_of(effective.find(key))
            other = attributes_of(earlier)
            raise ConfigError(
                '%s: entry %s (path="%s" verb="%s") would never be used at %s: the earlier entry %s (path="%s" verb="%s" '
                'resourceType="%s", from %s) matches every request it matches, and IIS uses the first match. Place it '
                'before that entry (position: first, or before: {%s}), or set allow_shadowed=true if that is intended.'
                % (section, key_text(collection, key), this.get('path'), this.get('verb'), cpath.describe(location),
                   key_text(collection, earlier.key), other.get('path'), other.get('verb'), other.get('resourceType'),
                   earlier.layer.describe(), ', '.join("%s: '%s'" % kv for kv in _key_pairs(collection, earlier.element.attrib))))

    def ensure_children(self, section, location, element_path, children, commit='auto'):
        """Make the child elements of a collection entry (or of an element below one) what
        ``children`` says: a list of ``(name, 'element', (attributes, children))`` for a child
        element and ``(name, 'items', [(attributes, children), ...])`` for the entries of a child
        element's collection (each made present, others left alone). Values are compared with
        the effective ones, schema defaults included, so an element equal to its defaults
        writes nothing. The changes go where the entry is defined when it is defined at this
        level; an entry inherited from above cannot have its children changed here (the
        error says where it is defined)."""
        location = self.manager.check_location(location)
        ops = []
        for name, kind, value in children:
            schema = self.manager.element_schema(section, tuple(element_path) + (name,))
            path = tuple(element_path) + (schema.name,)
            target = self._item_target(section, location, path)
            if kind == 'element':
                attributes, below = value
                if attributes:
                    op = self.set_attributes(section, location, attributes, path, commit, target=target)
                    if op is not None:
                        ops.append(op)
                ops.extend(self.ensure_children(section, location, path, below, commit))
                continue
            if schema.collection is None:
                raise ConfigError('%s: %s has no collection; give it as a mapping of attributes' % (section, '/'.join(
                    key_text_simple(step) for step in path)))
            collection = schema.collection
            for attributes, below in value:
                ops.extend(self.ensure_item(section, location, attributes, path, commit=commit, target=target))
                key_attrs = OrderedDict(_key_pairs(collection, collection.item_schema().normalize_attributes(attributes, section)))
                ops.extend(self.ensure_children(section, location, path + (key_attrs,), below, commit))
        return ops

    def _item_target(self, section, location, element_path):
        """Where the entry that ``element_path`` goes through is defined, when that is at
        ``location``'s own level (the entry's own file and <location>); else None (the normal
        write target, where an inherited entry does not exist, so the change is refused)."""
        steps = [index for index, step in enumerate(element_path) if isinstance(step, dict)]
        if not steps:
            return None
        collection_path = tuple(element_path[:steps[0]])
        collection = self.manager.element_schema(section, collection_path).collection
        item = self.manager.effective_collection(section, location, collection_path).find(
            collection.key_of(element_path[steps[0]]))
        if item is None or cpath.location_key(item.layer.level) != cpath.location_key(location):
            return None
        return self._layer_target(item)

    def _ensure_item(self, section, location, attributes, element_path, position, commit, compare, target):
        location = self.manager.check_location(location)
        collection = self.manager.element_schema(section, element_path).collection
        if collection is None:
            raise ConfigError('%s is not a collection' % section)
        item_schema = collection.item_schema()
        desired = item_schema.normalize_attributes(attributes, section)
        secrets = set(n for n in desired if item_schema.attribute(n).encrypted)
        key = collection.key_of(desired)
        key_attrs = OrderedDict(_key_pairs(collection, desired))
        effective = self.manager.effective_collection(section, location, element_path)
        existing = effective.find(key)
        target = target or self.manager.write_target(section, location, commit)
        ops = []
        if existing is not None:
            names = compare if compare is not None else list(desired)
            differing = OrderedDict()
            for name in names:
                if name not in desired:
                    continue
                attr = item_schema.attribute(name)
                current = existing.element.get(name)
                if current is None:
                    current = attr.default_value()
                if current is None or not attr.equals(current, desired[name]):
                    differing[name] = desired[name]
            if differing:
                if self._defined_here(existing, target):
                    sub_target = self._layer_target(existing)
                    ops.append(self._record(SetAttributes(self, sub_target, section, tuple(element_path) + (key_attrs,),
                                                          differing, secrets & set(differing))))
                else:
                    self._check_not_locked(existing, section, collection)
                    ops.append(self._record(RemoveItem(self, target, section, element_path, key_attrs, 'block')))
                    ops.append(self._add(target, section, element_path, desired, position, secrets, location))
                    return ops
        else:
            ops.append(self._add(target, section, element_path, desired, position, secrets, location))
            return ops
        if position is not None:
            moved = self._ensure_position(section, location, element_path, key, key_attrs, position, target, secrets)
            if moved:
                ops.extend(moved)
        return ops

    def _add(self, target, section, element_path, desired, position, secrets, location):
        item_schema = self.manager.element_schema(section, element_path).collection.item_schema()
        missing = [name for name in item_schema.required_attributes() if name not in desired]
        if missing:
            raise ConfigError('%s: a new entry needs %s (required by the schema; attributes with a default are not)'
                              % (section, ', '.join(missing)))
        layer_position, index = self._layer_position(section, location, element_path, position, target)
        return self._record(AddItem(self, target, section, element_path, desired, layer_position, index, secrets))

    def _layer_position(self, section, location, element_path, position, target):
        """Translate a position in the effective list into a position inside this layer."""
        if position is None:
            return None, None
        effective = self.manager.effective_collection(section, location, element_path)
        collection = self.manager.element_schema(section, element_path).collection
        if position in ('last', 'end'):
            self._check_last_reachable(section, location, collection, effective, target)
            return None, None
        if position in ('first', 'start'):
            self._check_first_reachable(section, location, collection, effective, target)
            return 'start', 0
        where, anchor = position
        anchor_key = collection.key_of(anchor)
        item = effective.find(anchor_key)
        if item is None:
            raise ConfigError('%s: cannot place the entry %s %s: no such entry at %s'
                              % (section, where, key_text_simple(anchor), cpath.describe(location)))
        if not self._defined_here(item, target):
            raise ConfigError('%s: cannot place the entry %s %s: that entry is inherited from %s; '
                              'order it where it is defined' % (section, where, key_text_simple(anchor), item.layer.describe()))
        index = effective.items.index(item) + (1 if where == 'after' else 0)
        return (where, OrderedDict(_key_pairs(collection, item.element.attrib))), index

    def _ensure_position(self, section, location, element_path, key, key_attrs, position, target, secrets):
        effective = self.manager.effective_collection(section, location, element_path)
        collection = self.manager.element_schema(section, element_path).collection
        keys = effective.keys()
        index = keys.index(key)
        if position in ('first', 'start'):
            ok = index == 0
        elif position in ('last', 'end'):
            ok = index == len(keys) - 1
        else:
            where, anchor = position
            anchor_key = collection.key_of(anchor)
            if anchor_key not in keys:
                raise ConfigError('%s: cannot place %s %s %s: no such entry' % (section, key_text(collection, key), where,
                                                                                key_text_simple(anchor)))
            anchor_index = keys.index(anchor_key)
            ok = index == anchor_index + 1 if where == 'after' else index == anchor_index - 1
        if ok:
            return []
        item = effective.find(key)
        if not self._defined_here(item, target):
            raise ConfigError('%s: %s is inherited from %s; it can only be reordered there'
                              % (section, key_text(collection, key), item.layer.describe()))
        if position in ('first', 'start'):
            self._check_first_reachable(section, location, collection, effective, target)
        elif position in ('last', 'end'):
            self._check_last_reachable(section, location, collection, effective, target)
        attributes = OrderedDict((k, v) for k, v in item.element.attrib.items())
        layer_target = self._layer_target(item)
        ops = [self._record(RemoveItem(self, layer_target, section, element_path, key_attrs, 'delete'))]
        ops.append(self._add(layer_target, section, element_path, attributes,
                             'last' if position in ('last', 'end') else position, secrets, location))
        ops[-1].verb = 'move'
        return ops

    def _check_first_reachable(self, section, location, collection, effective, target):
        """Inherited entries always come before the entries of a lower level, so "first" is only
        reachable where the current first entry is defined in the target layer (or the list is
        empty). Without this check a move would be planned on every run and never take effect."""
        if not collection.merge_append:
            return  # mergeAppend="false": the entries of the deepest level come first
        if effective.items and not self._defined_here(effective.items[0], target):
            first = effective.items[0]
            raise ConfigError('%s: an entry defined at %s cannot come first: the entries inherited from %s (first: %s) '
                              'come before it. Place it where those are defined, or after an entry of this level.'
                              % (section, cpath.describe(location), first.layer.describe(), key_text(collection, first.key)))

    def _check_last_reachable(self, section, location, collection, effective, target):
        """With mergeAppend="false" (handlers, defaultDocument files, caching profiles) IIS puts
        the entries of a lower level *before* the inherited ones, so "last" is only reachable
        where the current last entry is defined in the target layer (or the list is empty)."""
        if collection.merge_append or not effective.items:
            return
        last = effective.items[-1]
        if not self._defined_here(last, target):
            raise ConfigError('%s: an entry defined at %s cannot come last: this collection has mergeAppend="false", so '
                              'the entries inherited from %s (last: %s) come after it. Place it where those are defined, '
                              'or before an entry of this level.'
                              % (section, cpath.describe(location), last.layer.describe(), key_text(collection, last.key)))

    def _defined_here(self, item, target):
        return self._same_place(item.layer, target)

    @staticmethod
    def _same_place(layer, target):
        """Does this layer write where ``target`` writes (same file, same <location>)?"""
        def key(path):
            return None if path is None else cpath.location_key(path)
        return layer.document is target.document and key(layer.location_path) == key(target.location_path)

    def _layer_target(self, item):
        layer = item.layer
        return WriteTarget(layer.document, layer.location_path, layer.level, 'where the entry is defined: %s' % layer.describe())

    @staticmethod
    def _check_not_locked(item, section, collection):
        if item.locked:
            raise ConfigError('%s: entry %s is locked with lockItem="true" in %s; it cannot be removed or replaced below. '
                              'Change it at server level (or clear lockItem there) first.'
                              % (section, key_text(collection, item.key), item.layer.describe()))

    def remove_item(self, section, location, key, element_path=(), commit='auto', target=None):
        """Make sure no entry with ``key`` is in the effective collection at ``location``."""
        location = self.manager.check_location(location)
        collection = self.manager.element_schema(section, element_path).collection
        key_attrs = OrderedDict(_key_pairs(collection, collection.item_schema().normalize_attributes(key, section)))
        key_value = collection.key_of(key_attrs)
        effective = self.manager.effective_collection(section, location, element_path)
        item = effective.find(key_value)
        if item is None:
            return []
        target = target or self.manager.write_target(section, location, commit)
        ops = []
        item_level = cpath.location_key(item.layer.level)
        if item_level == cpath.location_key(location):
            ops.append(self._record(RemoveItem(self, self._layer_target(item), section, element_path, key_attrs, 'delete')))
            # The same key may also be inherited from above (an add that replaced a remove).
            again = self.manager.effective_collection(section, location, element_path).find(key_value)
            if again is None:
                return ops
            item = again
        self._check_not_locked(item, section, collection)
        ops.append(self._record(RemoveItem(self, target, section, element_path, key_attrs, 'block')))
        return ops

    def delete_item_at(self, layer, section, key, element_path=()):
        """Delete the ``<add>`` of ``key`` that ``layer`` itself defines, without writing a
        ``<remove>`` and without looking at inheritance: for sweeps that must take an entry out
        of every place it is defined (see ServerManager.document_layers). None when the layer
        defines no such entry."""
        element = layer.section_element(section)
        if element is None:
            return None
        collection = self.manager.element_schema(section, element_path).collection
        key_attrs = OrderedDict(_key_pairs(collection, collection.item_schema().normalize_attributes(key, section)))
        if descend(element, tuple(element_path) + (key_attrs,), self.manager.schema.section(section)) is None:
            return None
        target = WriteTarget(layer.document, layer.location_path, layer.level, layer.describe())
        return self._record(RemoveItem(self, target, section, element_path, key_attrs, 'delete'))

    def set_item_lock(self, section, location, key, locked, element_path=()):
        """Set (``lockItem="true"``) or clear the lock of the entry effective at ``location``,
        where that entry is defined: lockItem is a generic configuration attribute (no schema
        has it), so set_attributes cannot compare it. A locked entry cannot be removed or
        replaced by any lower level."""
        location = self.manager.check_location(location)
        collection = self.manager.element_schema(section, element_path).collection
        key_attrs = OrderedDict(_key_pairs(collection, collection.item_schema().normalize_attributes(key, section)))
        item = self.manager.effective_collection(section, location, element_path).find(collection.key_of(key_attrs))
        if item is None:
            raise ConfigError('%s: entry %s is not in the collection at %s; it cannot be locked or unlocked'
                              % (section, key_text_simple(key_attrs), cpath.describe(location)))
        if item.locked == bool(locked):
            return None
        value = 'true' if locked else None
        return self._record(SetAttributes(self, self._layer_target(item), section, tuple(element_path) + (key_attrs,),
                                          {'lockItem': value}))

    def clear_collection(self, section, location, element_path=(), commit='auto'):
        location = self.manager.check_location(location)
        target = self.manager.write_target(section, location, commit)
        effective = self.manager.effective_collection(section, location, element_path)
        if effective.cleared_at is not None and self._same_place(effective.cleared_at, target):
            return None
        return self._record(ClearCollection(self, target, section, element_path))

    def set_override_mode(self, section, location, mode):
        """Lock/unlock ``section`` for web.config files at and below ``location``."""
        location = self.manager.check_location(location)
        if mode not in ('Allow', 'Deny', 'Inherit'):
            raise ConfigError('override_mode must be Allow, Deny or Inherit, got %r' % mode)
        if mode == 'Inherit':
            explicit = [layer for layer in self.manager.layers(location)
                        if layer.is_apphost and layer.location_path is not None and layer.section_element(section) is not None
                        and cpath.location_key(layer.level) == cpath.location_key(location)
                        and layer.container.get('overrideMode', 'Inherit') != 'Inherit']
            if not explicit:
                return None
        else:
            current, _why = self.manager.override_mode_below(section, location)
            if current == mode:
                return None
        target = WriteTarget(self.manager.apphost, location, location,
                             'overrideMode lives on a <location> tag in applicationHost.config')
        return self._record(SetOverrideMode(self, target, section, mode))

    def reset_attributes(self, layer, section, names, element_path=()):
        """Delete attributes where ``layer`` sets them, so the value inherited from above applies
        again (the narrow form of :meth:`remove_section_override`: other settings of the
        section at that layer stay). Returns None when the layer sets none of them."""
        element = layer.section_element(section)
        node = descend(element, element_path, self.manager.schema.section(section)) if element is not None else None
        present = [name for name in names if node is not None and name in node.attrib]
        if not present:
            return None
        target = WriteTarget(layer.document, layer.location_path, layer.level, layer.describe())
        return self._record(SetAttributes(self, target, section, element_path, [(name, None) for name in present]))

    def remove_section_override(self, layer, section):
        target = WriteTarget(layer.document, layer.location_path, layer.level, layer.describe())
        return self._record(RemoveSection(self, target, section))

    def check_plaintext_secrets(self, params, option='allow_plaintext_secrets'):
        """The file backend would store encrypted attributes in clear text: refuse unless allowed.

        appcmd encrypts with the host's keys, so a change that goes through appcmd (backend=appcmd,
        or backend=auto on a Windows host) needs no consent. Every module that can write a
        schema-encrypted attribute calls this after planning."""
        secret_ops = [op for op in self.operations if op.secret_names()]
        if not secret_ops:
            return
        backend = params.get('backend') or 'auto'
        if backend == 'appcmd' or (backend == 'auto' and getattr(self.manager.host, 'kind', 'offline') != 'offline'):
            return
        if not params.get(option):
            names = sorted(set(n for op in secret_ops for n in op.secret_names()))
            raise ConfigError('%s: IIS stores these attributes encrypted; the file backend would write them in clear text. '
                              'Use backend=appcmd on a Windows host, or set %s=true to accept clear text.'
                              % (', '.join(names), option))
        self.warnings.append('secret attributes are written in clear text (%s=true); '
                             'IIS reads them, but anyone who can read the file can read them' % option)

    # -- results ---------------------------------------------------------------------------------
    def describe(self):
        return [op.describe() for op in self.operations]

    def changes(self):
        """Structured before/after records (secrets masked), for audit and compliance reports."""
        out = []
        for op in self.operations:
            record = {'operation': op.verb, 'section': op.section, 'path': op._path_text().lstrip('/'),
                      'where': op.target.describe(), 'level': op.target.level}
            if isinstance(op, SetAttributes):
                for name, value in op.values.items():
                    before, source = op.previous.get(name, (None, None))
                    item = dict(record, attribute=name, after=op._shown(name, value, True) if value is not None else None,
                                before=op._shown(name, before, True) if before is not None else None, before_source=source)
                    out.append(item)
            elif isinstance(op, AddItem):
                out.append(dict(record, entry=dict((k, MASK if k in op.secrets else v) for k, v in op.attributes.items())))
            elif isinstance(op, RemoveItem):
                out.append(dict(record, entry=dict(op.key), mode=op.mode))
            else:
                out.append(record)
        return out

    def commands(self):
        """Equivalent appcmd commands (secrets masked). Operations appcmd cannot express are
        reported as such instead of guessed."""
        out = []
        for op in self.operations:
            try:
                out.append(op.command())
            except appcmd.QuotingError as exc:
                out.append('# not expressible with appcmd: %s' % exc)
        return out

    def secret_attribute_names(self):
        names = set()
        for section in self.manager.schema.sections():
            names.update(encrypted_names(self.manager.schema.section(section)))
        return names

    def diffs(self):
        """Ansible diff dicts, one per changed file, secret attribute values masked."""
        names = self.secret_attribute_names()
        out = []
        for document in self.manager.changed_documents():
            before = '' if document.is_new else mask_secrets(document.text, names)
            after = mask_secrets(self.manager.document_text(document), names)
            out.append({
                'before_header': document.path + (' (new file)' if document.is_new else ''),
                'after_header': document.path,
                'before': before.replace('\r\n', '\n'),
                'after': after.replace('\r\n', '\n'),
            })
        return out


def encrypted_names(element_schema) -> set:
    """Names of the ``encrypted="true"`` attributes of an element and of everything below it
    (child elements, collection items): the plan masks them in its text, and the action runner
    masks the values given for them, so both must ask the same question of the schema."""
    names = set(n for n, a in element_schema.attributes.items() if a.encrypted)
    for child in element_schema.elements.values():
        names |= encrypted_names(child)
    if element_schema.collection is not None:
        names |= encrypted_names(element_schema.collection.item_schema())
    return names


def mask_secrets(text, names):
    """Replace the values of secret (schema-encrypted) attributes in XML text."""
    if not names:
        return text
    pattern = re.compile(r'(\s(?:%s)\s*=\s*)("[^"]*"|\'[^\']*\')' % '|'.join(re.escape(n) for n in sorted(names)))
    return pattern.sub(lambda m: m.group(1) + m.group(2)[0] + MASK + m.group(2)[0], text)
