# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a module needs to actually run, as IIS and ASP.NET decide it.

Why this is shared: a configuration that IIS accepts can still do nothing, or fail every request.
Several modules write such configuration (iis_module enables modules, iis_ssl_client_cert turns
on certificate mapping, iis_pipeline_mode compares legacy and Integrated registrations), and
they must agree on the rules:

* **Managed type names.** ``type="Ns.Type, Assembly, Version=..., Culture=..., PublicKeyToken=..."``
  names the same type however it is spelled: :func:`parse_type`, :func:`same_type`.
* **Native modules.** A native module runs at a path only when it is installed (an entry in
  ``system.webServer/globalModules``, which the Windows feature setup writes) *and* enabled
  (in the effective ``system.webServer/modules`` of that path): :func:`native_module_state`.
* **Managed modules.** Their type must resolve when the application starts: the assembly in the
  application's ``bin`` folder, its source under ``App_Code``, or an assembly in the GAC:
  :func:`resolve_type` (the files are looked up by the host in its read round trip,
  :func:`assembly_request` / :func:`probe_offline`).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import OrderedDict, namedtuple

from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import element_children

MODULES = 'system.webServer/modules'
GLOBAL_MODULES = 'system.webServer/globalModules'


# -- managed type names ----------------------------------------------------------------------------
class TypeRef(namedtuple('TypeRef', 'text type_name assembly version culture public_key_token')):
    """One parsed ``type`` attribute. ``assembly`` is the simple name (None when the type names
    no assembly); version/culture/public_key_token are None when not given (token lower case)."""

    __slots__ = ()

    @property
    def short_name(self):
        """The class name without namespace or enclosing type (``AuditModule``), generic
        arguments dropped: what a source file declares."""
        name = self.type_name.split('[', 1)[0].split('`', 1)[0]
        return name.replace('+', '.').rsplit('.', 1)[-1]

    @property
    def namespace(self):
        name = self.type_name.split('[', 1)[0]
        return name.rsplit('.', 1)[0] if '.' in name else ''


def _split_top_level(text):
    """Split at commas outside ``[...]`` (generic arguments are assembly-qualified too)."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == '[':
            depth += 1
        elif char == ']':
            depth = max(0, depth - 1)
        if char == ',' and depth == 0:
            parts.append(''.join(current))
            current = []
        else:
            current.append(char)
    parts.append(''.join(current))
    return [p.strip() for p in parts]


def parse_type(text):
    """``TypeRef`` of an assembly-qualified (or bare) type name as ASP.NET reads it."""
    parts = _split_top_level(text or '')
    props = {}
    for part in parts[2:]:
        key, _sep, value = part.partition('=')
        props[key.strip().lower()] = value.strip()
    token = props.get('publickeytoken')
    token = token.lower() if token and token.lower() != 'null' else None
    return TypeRef(text, parts[0], parts[1] if len(parts) > 1 and parts[1] else None,
                   props.get('version') or None, props.get('culture') or None, token)


def _squash(text):
    return ''.join(text.split()).lower()


def same_type(a, b):
    """Whether two ``type`` attributes name the same type: type name and assembly simple name,
    case-insensitively, version/culture/token ignored (the binder unifies them). A type that names
    no assembly matches any assembly: ASP.NET looks it up in the application's own assemblies."""
    if not a or not b:
        return False
    ref_a, ref_b = parse_type(a), parse_type(b)
    if _squash(ref_a.type_name) != _squash(ref_b.type_name):
        return False
    if ref_a.assembly is None or ref_b.assembly is None:
        return True
    return ref_a.assembly.lower() == ref_b.assembly.lower()


# -- native modules ----------------------------------------------------------------------------------
class NativeModuleState:
    """Whether a native module runs at a path, and if not, why (for the error message).

    ``installed``: an entry in ``system.webServer/globalModules`` (server level only; the Windows
    feature setup writes it, and so does ``iis_module state=installed``). ``enabled``: an entry
    of that name in the *effective* ``system.webServer/modules`` at the path. ``removed_in``: the
    layer whose ``<remove>`` or ``<clear/>`` takes it away there, when one does."""

    def __init__(self, name, location, installed, enabled, removed_in=None, image=None):
        self.name = name
        self.location = location
        self.installed = installed
        self.enabled = enabled
        self.removed_in = removed_in
        self.image = image

    @property
    def runs(self):
        return self.installed and self.enabled

    def problem(self):
        """A sentence naming what is missing, or None when the module runs."""
        where = repr(self.location) if self.location else 'server level'
        if not self.installed:
            return ('%s is not installed: system.webServer/globalModules has no entry for it' % self.name)
        if not self.enabled:
            why = ('it is taken away by %s' % self.removed_in) if self.removed_in else 'no <add name="%s"/> is in effect there' % self.name
            return ('%s is installed but not enabled at %s: the effective system.webServer/modules there does not list it (%s)'
                    % (self.name, where, why))
        return None


def native_module_state(manager, name, location):
    """:class:`NativeModuleState` of module ``name`` for requests at ``location``."""
    global_modules = manager.schema.section(GLOBAL_MODULES).collection
    installed = manager.effective_collection(GLOBAL_MODULES, '').find(global_modules.key_of({'name': name}))
    modules = manager.schema.section(MODULES).collection
    key = modules.key_of({'name': name})
    enabled = manager.effective_collection(MODULES, location).find(key) is not None
    removed_in = None
    if not enabled:
        for layer, element in manager.section_layers(MODULES, location):
            for child in element_children(element):
                if child.tag == modules.clear_element or (
                        child.tag == modules.remove_element and modules.key_of(child.attrib) == key):
                    removed_in = '<%s%s> in %s' % (child.tag, '' if child.tag == modules.clear_element else ' name="%s"' % name,
                                                  layer.describe())
    return NativeModuleState(name, location, installed is not None, enabled, removed_in,
                             installed.element.get('image') if installed is not None else None)
