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

import os
import re
from collections import OrderedDict, namedtuple

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, element_children
from ansible_collections.webadmin.iis.plugins.module_utils.offline import TargetError

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
                    named = '' if child.tag == modules.clear_element else ' name="%s"' % name
                    removed_in = '<%s%s> in %s' % (child.tag, named, layer.describe())
    return NativeModuleState(name, location, installed is not None, enabled, removed_in,
                             installed.element.get('image') if installed is not None else None)


# -- managed modules: does the type resolve? -----------------------------------------------------------
#: Simple names of .NET Framework 4.x assemblies that are in the GAC of every supported IIS host
#: (the framework is part of Windows Server 2012 R2 and later, with or without the ASP.NET role
#: service). Deliberately NOT here, because they ship as NuGet packages into an application's
#: bin folder (some carry the Microsoft token 31bf3856ad364e35 all the same): System.Web.Mvc,
#: System.Web.WebPages*, System.Web.Razor, System.Web.Helpers, System.Web.Http*,
#: System.Net.Http.Formatting, System.Web.Optimization, Microsoft.AspNet.*, Microsoft.Owin*,
#: Microsoft.Web.Infrastructure, Microsoft.CodeDom.Providers.DotNetCompilerPlatform.
FRAMEWORK_ASSEMBLIES = frozenset(name.lower() for name in (
    'mscorlib', 'System', 'System.Core', 'System.Configuration', 'System.Data', 'System.Data.Linq',
    'System.Data.Entity', 'System.Data.Services', 'System.Drawing', 'System.EnterpriseServices',
    'System.DirectoryServices', 'System.DirectoryServices.AccountManagement', 'System.IdentityModel',
    'System.IdentityModel.Services', 'System.Net', 'System.Net.Http', 'System.Runtime.Caching',
    'System.Runtime.Serialization', 'System.Security', 'System.ServiceModel', 'System.ServiceModel.Activation',
    'System.ServiceModel.Web', 'System.ServiceModel.Routing', 'System.Transactions', 'System.Xml', 'System.Xml.Linq',
    'System.ComponentModel.DataAnnotations', 'System.Activities', 'System.Xaml',
    'System.Web', 'System.Web.Abstractions', 'System.Web.ApplicationServices', 'System.Web.DataVisualization',
    'System.Web.DynamicData', 'System.Web.Entity', 'System.Web.Extensions', 'System.Web.Mobile',
    'System.Web.RegularExpressions', 'System.Web.Routing', 'System.Web.Services',
    'Microsoft.CSharp', 'Microsoft.VisualBasic',
))

#: Public key tokens of Microsoft's framework signing keys (ECMA, Microsoft, and the one of
#: ASP.NET's out-of-band assemblies). An assembly with one of them may be in the GAC.
MICROSOFT_TOKENS = frozenset(('b77a5c561934e089', 'b03f5f7f11d50a3a', '31bf3856ad364e35'))

#: Namespaces of System.Web that live in out-of-band (NuGet) assemblies, not in System.Web.dll.
OUT_OF_BAND_NAMESPACES = ('system.web.mvc', 'system.web.http', 'system.web.webpages', 'system.web.razor',
                          'system.web.optimization', 'system.web.helpers')

#: Where the CLR keeps the GAC: .NET 4.x, then .NET 2.0-3.5.
GAC_ROOTS = (r'%windir%\Microsoft.NET\assembly\GAC_MSIL', r'%windir%\Microsoft.NET\assembly\GAC_32',
             r'%windir%\Microsoft.NET\assembly\GAC_64', r'%windir%\assembly\GAC_MSIL', r'%windir%\assembly\GAC_32',
             r'%windir%\assembly\GAC_64', r'%windir%\assembly\GAC')

#: Source files ASP.NET compiles from App_Code (C#, Visual Basic).
SOURCE_EXTENSIONS = ('.cs', '.vb')
#: App_Code files above this size are not searched (generated code; the answer stays small).
MAX_SOURCE_BYTES = 1024 * 1024

_ASSEMBLY_NAME = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9_.\-]*$')
_CLASS_NAME = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')


def is_framework_assembly(ref):
    """A type from one of the .NET Framework assemblies every IIS host has in its GAC."""
    return (ref.assembly is not None and ref.assembly.lower() in FRAMEWORK_ASSEMBLIES
            and (ref.public_key_token is None or ref.public_key_token in MICROSOFT_TOKENS))


def is_system_web_type(ref):
    """A type named without assembly that System.Web (always loaded by ASP.NET) or an assembly
    the framework's root web.config references provides."""
    namespace = ref.namespace.lower()
    return ref.assembly is None and (namespace == 'system.web' or namespace.startswith('system.web.')) \
        and not any(namespace == ns or namespace.startswith(ns + '.') for ns in OUT_OF_BAND_NAMESPACES)


def assembly_request(type_texts, roots=()):
    """What a host must look up for these types, as data for its read round trip:
    ``{'names': assembly simple names, 'types': class names of types without assembly,
    'roots': application root folders (a Windows host adds every application's own),
    'gac_roots': GAC_ROOTS}``. Names that could reach outside a folder are refused."""
    names, types = [], []
    for text in type_texts:
        ref = parse_type(text)
        if ref.assembly is not None:
            if not _ASSEMBLY_NAME.match(ref.assembly):
                raise ConfigError('type %r: %r is not an assembly name' % (text, ref.assembly))
            if not is_framework_assembly(ref) and ref.assembly not in names:
                names.append(ref.assembly)
        elif not is_system_web_type(ref):
            if not _CLASS_NAME.match(ref.short_name):
                raise ConfigError('type %r: %r is not a class name' % (text, ref.short_name))
            if ref.short_name not in types:
                types.append(ref.short_name)
    return OrderedDict([('names', names), ('types', types), ('roots', list(roots)), ('gac_roots', list(GAC_ROOTS))])


def root_key(path):
    return (path or '').replace('/', '\\').rstrip('\\').lower()


def _declares(text, types):
    return [t for t in types if re.search(r'\bclass\s+%s\b' % re.escape(t), text, re.IGNORECASE)]


def probe_offline(host, request):
    """The answer the Windows read script gives (see host_scripts.READ_ASSEMBLIES), computed on
    an offline host's directory: per root the assemblies found in ``bin``, how many assemblies
    ``bin`` has, and which requested classes ``App_Code`` sources declare; per GAC root the
    version folders of each requested assembly that hold its DLL."""
    answer = {'roots': [], 'gac': []}
    for root in request['roots']:
        entry = OrderedDict([('path', root), ('bin', []), ('bin_assemblies', 0), ('app_code_sources', 0),
                             ('app_code_declares', []), ('error', None)])
        answer['roots'].append(entry)
        try:
            base = host.local_path(root)
        except (TargetError, ValueError) as exc:
            entry['error'] = str(exc)
            continue
        bin_dir = _child_dir(base, 'bin')
        if bin_dir:
            files = dict((name.lower(), name) for name in os.listdir(bin_dir) if os.path.isfile(os.path.join(bin_dir, name)))
            entry['bin_assemblies'] = len([n for n in files if n.endswith('.dll')])
            for name in request['names']:
                for ext in ('.dll', '.exe'):
                    if (name + ext).lower() in files:
                        entry['bin'].append(name + ext)
        code_dir = _child_dir(base, 'App_Code')
        if code_dir and request['types']:
            for directory, _dirs, names in os.walk(code_dir):
                for name in sorted(names):
                    if not name.lower().endswith(SOURCE_EXTENSIONS):
                        continue
                    entry['app_code_sources'] += 1
                    full = os.path.join(directory, name)
                    if os.path.getsize(full) > MAX_SOURCE_BYTES:
                        continue
                    with open(full, 'rb') as handle:
                        text = handle.read().decode('utf-8', 'replace')
                    for found in _declares(text, request['types']):
                        if found not in entry['app_code_declares']:
                            entry['app_code_declares'].append(found)
    for gac_root in request['gac_roots']:
        item = OrderedDict([('root', gac_root), ('exists', False), ('entries', [])])
        answer['gac'].append(item)
        try:
            base = host.local_path(gac_root)
        except (TargetError, ValueError):
            continue
        item['exists'] = os.path.isdir(base)
        for name in request['names'] if item['exists'] else []:
            name_dir = _child_dir(base, name)
            if not name_dir:
                continue
            versions = []
            for version in sorted(os.listdir(name_dir)):
                folder = os.path.join(name_dir, version)
                if os.path.isdir(folder) and any(f.lower() == (name + '.dll').lower() for f in os.listdir(folder)):
                    versions.append(version)
            item['entries'].append({'name': name, 'versions': versions})
    return answer


def _child_dir(base, name):
    """A sub-directory matched case-insensitively (NTFS), or None."""
    if not os.path.isdir(base):
        return None
    for entry in os.listdir(base):
        if entry.lower() == name.lower() and os.path.isdir(os.path.join(base, entry)):
            return os.path.join(base, entry)
    return None


def probe(host, request):
    """Ask the host (a Windows host answers from its read round trip)."""
    if hasattr(host, 'probe_assemblies'):
        return host.probe_assemblies(request)
    return probe_offline(host, request)


def _gac_version_matches(folder, ref):
    """``v4.0_<version>_<culture>_<token>`` (.NET 4) or ``<version>_<culture>_<token>`` (.NET 2)."""
    name = folder[5:] if folder.lower().startswith('v4.0_') else folder
    parts = name.split('_')
    if len(parts) != 3:
        return False
    version, culture, token = parts
    culture = culture.lower() or 'neutral'
    if ref.public_key_token and token.lower() != ref.public_key_token:
        return False
    if ref.version and version != ref.version:
        return False
    return not ref.culture or ref.culture.lower() == culture


class Resolution:
    """Where a managed type comes from for one application: ``resolved`` (bool), ``source``
    (framework, bin, gac, app_code, system.web, or None), ``verified`` (False when it is only
    likely), ``looked_in`` (folders), ``detail``."""

    def __init__(self, resolved, source=None, looked_in=(), detail='', verified=True):
        self.resolved = resolved
        self.source = source
        self.looked_in = list(looked_in)
        self.detail = detail
        self.verified = verified


def resolve_type(type_text, root, answer):
    """How ASP.NET would find ``type_text`` for the application whose root folder is ``root``,
    from a probe ``answer``. Rules: a framework assembly is in every host's GAC; otherwise the
    assembly's DLL (or EXE) in the application's ``bin``; a strong-named assembly may also be in
    the GAC (looked at on the host; an offline copy without a GAC folder cannot tell, and a
    Microsoft-signed one is then taken as likely there); a type without assembly comes from
    System.Web, from an ``App_Code`` source, or from any ``bin`` assembly (not verifiable)."""
    ref = parse_type(type_text)
    if is_framework_assembly(ref):
        return Resolution(True, 'framework', detail='.NET Framework assembly %s (GAC)' % ref.assembly)
    if ref.assembly is None and is_system_web_type(ref):
        return Resolution(True, 'system.web', detail='System.Web (loaded by every ASP.NET application)')
    entry = None
    for candidate in answer.get('roots') or []:
        if root_key(candidate.get('path')) == root_key(root) or root_key(candidate.get('expanded')) == root_key(root):
            entry = candidate
    bin_dir = '%s\\bin' % root.rstrip('\\/')
    looked_in = [bin_dir]
    if entry is None or entry.get('error'):
        # Not known to be missing: a folder the host cannot show (another drive of an offline
        # copy) is reported, not refused.
        why = entry.get('error') if entry else 'the host did not look there'
        return Resolution(True, None, looked_in, '%s could not be looked at (%s)' % (bin_dir, why), verified=False)
    if ref.assembly is not None:
        found = [name for name in entry['bin'] if name.lower() in ((ref.assembly + '.dll').lower(), (ref.assembly + '.exe').lower())]
        if found:
            return Resolution(True, 'bin', looked_in, '%s\\%s' % (bin_dir, found[0]))
        if ref.public_key_token:
            gac = answer.get('gac') or []
            looked_in += [g['root'] for g in gac if g.get('exists')]
            for item in gac:
                for hit in item.get('entries') or []:
                    if hit['name'].lower() != ref.assembly.lower():
                        continue
                    versions = [v for v in hit['versions'] if _gac_version_matches(v, ref)]
                    if versions:
                        return Resolution(True, 'gac', looked_in, '%s\\%s\\%s' % (item['root'], hit['name'], versions[0]))
            if not any(g.get('exists') for g in gac):
                if ref.public_key_token in MICROSOFT_TOKENS:
                    return Resolution(True, 'gac', looked_in, 'Microsoft-signed assembly %s, taken as in the GAC: this host '
                                      'has no GAC folder to look in' % ref.assembly, verified=False)
                return Resolution(False, looked_in=looked_in + ['the GAC (this host has no GAC folder to look in)'],
                                  detail='assembly %s found nowhere' % ref.assembly)
        return Resolution(False, looked_in=looked_in, detail='assembly %s found nowhere' % ref.assembly)
    code_dir = '%s\\App_Code' % root.rstrip('\\/')
    looked_in.append(code_dir)
    if ref.short_name in entry.get('app_code_declares', []):
        return Resolution(True, 'app_code', looked_in, 'class %s in a source file under %s' % (ref.short_name, code_dir))
    if entry.get('bin_assemblies'):
        return Resolution(True, 'bin', looked_in, 'the type names no assembly; ASP.NET searches the %d assemblies in %s for it'
                          % (entry['bin_assemblies'], bin_dir), verified=False)
    return Resolution(False, looked_in=looked_in, detail='no source under %s declares class %s and %s has no assembly'
                      % (code_dir, ref.short_name, bin_dir))
