# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The configuration system of one IIS server, modelled on Microsoft.Web.Administration.

``ServerManager`` holds applicationHost.config and the web.config files reached through the
sites' physical paths, and answers the two questions every module asks:

* *What is effective at this path, and where does it come from?* (:meth:`effective_element`,
  :meth:`effective_collection`) following IIS inheritance: server -> ``<location>`` tags ->
  site web.config -> application web.config, with ``<add>``/``<remove>``/``<clear/>`` semantics
  and collection keys from the schema.
* *Where must a setting for this path be written?* (:meth:`write_target`) following
  ``configSections`` (``overrideModeDefault``, ``allowDefinition``, ``allowLocation``) and
  ``<location overrideMode>``: never into a web.config where the section is locked.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import OrderedDict
import difflib
from functools import cached_property
import ntpath

from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils.document import ConfigDocument, ConfigFileError, etree
from ansible_collections.webadmin.iis.plugins.module_utils.offline import APPHOST_CONFIG, SCHEMA_DIR, TargetError
from ansible_collections.webadmin.iis.plugins.module_utils.schema import SchemaError, SchemaRegistry

NEW_WEB_CONFIG = b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n</configuration>\r\n'

#: Attributes the configuration system itself understands on any element (not in any schema).
LOCK_ATTRIBUTES = ('lockAttributes', 'lockAllAttributesExcept', 'lockElements', 'lockAllElementsExcept', 'lockItem')
GENERIC_ATTRIBUTES = LOCK_ATTRIBUTES + ('configSource', 'xdt:Transform', 'xdt:Locator')


class ConfigError(ValueError):
    """The requested configuration cannot be read or written as asked (locked section, unknown
    site, ambiguous placement...). The message says what to fix."""


class SectionDefinition:
    """One ``<section>`` of ``configSections``: who may define it, and whether lower levels may
    override it."""

    def __init__(self, path, override_mode_default='Allow', allow_definition='Everywhere', allow_location=True,
                 declared=True):
        self.path = path
        self.override_mode_default = override_mode_default
        self.allow_definition = allow_definition
        self.allow_location = allow_location
        self.declared = declared


class ConfigLayer:
    """A place that contributes a section to the configuration of a path: one document, at its
    top level (``location_path is None``) or inside ``<location path=...>``."""

    def __init__(self, document, level, location_path, container, order):
        self.document = document
        self.level = level
        self.location_path = location_path
        self.container = container  # <configuration> or <location>
        self.order = order
        self._description = None

    @property
    def is_apphost(self):
        return getattr(self.document, 'is_apphost', False)

    def describe(self):
        """How reports name this layer (asked for every value they show: computed once)."""
        if self._description is None:
            name = ntpath.basename(self.document.path) if self.is_apphost else self.document.path
            self._description = name if self.location_path is None else '%s <location path="%s">' % (name, self.location_path)
        return self._description

    def section_element(self, section):
        node = self.container
        for part in section.split('/'):
            if node is self.document.root:
                found = self.document.top_level(part)
            else:
                found = find_child(node, part)
            if found is None:
                return None
            node = found
        return node


class VirtualDirectory:
    def __init__(self, path, physical_path):
        self.path = path
        self.physical_path = physical_path


class Application:
    """One <application> of a site. Its virtual directories are read from the element when first
    asked for: a server with thousands of sites answers questions about one of them."""

    def __init__(self, site, path, pool, element, default_pool=None):
        self.site = site
        self.path = path
        self._pool = pool
        self.default_pool = pool if default_pool is None else default_pool
        self.element = element

    @property
    def application_pool(self):
        """Read from the <application> element each time: a plan that reassigns the application
        changes the element, and later questions (and results) must see the new pool."""
        if self.element is None:
            return self._pool
        return self.element.get('applicationPool', self.default_pool)

    @property
    def location(self):
        return self.site.location_of(self.path)

    @cached_property
    def virtual_directories(self):
        return [VirtualDirectory(vdir.get('path', '/'), vdir.get('physicalPath', ''))
                for vdir in self.element if vdir.tag == 'virtualDirectory']


class Binding:
    def __init__(self, protocol, binding_information, ssl_flags, element):
        self.protocol = protocol
        self.binding_information = binding_information
        self.ssl_flags = ssl_flags
        self.element = element

    @property
    def info(self):
        """The parsed ``ip:port:host`` (module_utils/bindings.py), None for other protocols or a
        value IIS could not read."""
        from ansible_collections.webadmin.iis.plugins.module_utils import bindings  # bindings imports this module
        return bindings.try_parse(self.protocol, self.binding_information)

    @property
    def identity(self):
        """What IIS compares: protocol, IP (``""`` is ``*``), port, host header case-insensitive."""
        from ansible_collections.webadmin.iis.plugins.module_utils import bindings
        return bindings.identity(self.protocol, self.binding_information)


class Site:
    """One <site>: bindings and applications are read from the element when first asked for."""

    def __init__(self, name, site_id, element, server_default_pool='DefaultAppPool'):
        self.name = name
        self.id = site_id
        self.element = element
        self.server_default_pool = server_default_pool

    @cached_property
    def bindings(self):
        bindings = find_child(self.element, 'bindings')
        return [Binding(b.get('protocol', ''), b.get('bindingInformation', ''), b.get('sslFlags', 'None'), b)
                for b in (bindings if bindings is not None else ()) if b.tag == 'binding']

    @cached_property
    def application_default_pool(self):
        return application_default_pool(self.element, self.server_default_pool)

    @cached_property
    def applications(self):
        pool = self.application_default_pool
        return [Application(self, node.get('path', '/'), node.get('applicationPool', pool), node, default_pool=pool)
                for node in self.element.iterchildren('application')]

    def location_of(self, path):
        return location_of(self.name, path)


def application_default_pool(site_element, server_default_pool):
    """The pool of an application that names none: its site's applicationDefaults, else the
    server's (<sites><applicationDefaults>), else DefaultAppPool."""
    defaults = find_child(site_element, 'applicationDefaults')
    return defaults.get('applicationPool', server_default_pool) if defaults is not None else server_default_pool


def location_of(site_name, path):
    """The location of the application (or virtual path) ``path`` of a site."""
    return site_name if path == '/' else site_name + path


class WriteTarget:
    """Where a change goes: a document and an optional ``<location path>`` in it."""

    def __init__(self, document, location_path, level, reason):
        self.document = document
        self.location_path = location_path
        self.level = level
        self.reason = reason

    @property
    def is_apphost(self):
        return getattr(self.document, 'is_apphost', False)

    def describe(self):
        if self.location_path is None:
            return self.document.path
        return '%s <location path="%s">' % (self.document.path, self.location_path)


class EffectiveValue:
    def __init__(self, value, source, explicit=True):
        self.value = value
        self.source = source
        self.explicit = explicit


class EffectiveItem:
    """One entry of an effective collection, with the layer that added it."""

    def __init__(self, key, element, layer):
        self.key = key
        self.element = element
        self.layer = layer

    @property
    def attributes(self):
        return dict((k, v) for k, v in self.element.attrib.items() if k not in GENERIC_ATTRIBUTES)

    @property
    def locked(self):
        return self.element.get('lockItem', '').lower() == 'true'


class EffectiveCollection:
    def __init__(self, items, cleared_at, problems):
        self.items = items
        self.cleared_at = cleared_at
        self.problems = problems

    def find(self, key):
        for item in self.items:
            if item.key == key:
                return item
        return None

    def keys(self):
        return [item.key for item in self.items]


def _windows_resolved(path):
    """``path`` as Windows resolves it, lower-cased for comparison; None when a component after
    the drive holds a ``:`` (another drive, or an NTFS stream). Windows drops trailing dots and
    spaces of each component (``..\x20`` is ``..``) and then resolves ``.`` and ``..``."""
    drive, rest = ntpath.splitdrive(path.replace('/', '\\'))
    if ':' in rest:
        return None
    parts = [_stripped(part) for part in rest.split('\\')]
    return ntpath.normpath(drive + '\\'.join(parts)).rstrip('\\').lower()


def _stripped(component):
    """A path component with the trailing spaces and dots Windows drops ('.. ' is '..')."""
    component = component.rstrip(' ')
    return component if component in ('.', '..') else component.rstrip(' .')


def confined_directory(path, root, location):
    """``path`` when it is ``root`` or lies below it, else ConfigError.

    Why: every web.config the layer reads or writes for a location must be inside the physical
    directory of the virtual directory that maps the location; a location segment that Windows
    reads as a drive, a parent or another directory would otherwise send a task aimed at one site
    to another site's web.config or to C:\\. Locations are validated segment by segment
    (config_path.check_segment); this is the one place that asserts the result, so a rule missed
    there still cannot leave the directory. Compared as Windows compares paths: separators
    either way, case-insensitive, after resolving '.' and '..', and on a separator boundary
    (``C:\\site`` does not contain ``C:\\site2``)."""
    inner, outer = _windows_resolved(path), _windows_resolved(root)
    if inner is None or outer is None or (inner != outer and not inner.startswith(outer + '\\')):
        raise ConfigError('location %r: its web.config would be %s, outside the physical path %s of the virtual '
                          'directory that maps it' % (location, ntpath.join(path, 'web.config'), root))
    return path


def find_child(node, tag):
    for child in node:
        if isinstance(child.tag, str) and child.tag == tag:
            return child
    return None


def element_children(node):
    return [child for child in node if isinstance(child.tag, str)]


class ServerManager:
    """The configuration of one server, read through a host (offline directory or Windows)."""

    def __init__(self, host, schema=None, track_edits=True):
        self.host = host
        #: the plan touches every node it edits, so documents save by looking at those only
        #: (ConfigDocument.track_edits); False compares every node (the reference the tests use)
        self.track_edits = track_edits
        self._documents = {}
        #: bumped by every planned operation, so rendered texts are recomputed only after edits
        self.generation = 0
        #: bumped by operations on system.applicationHost/sites (see Plan): what is derived
        #: from the sites (which applications each pool serves) is kept until then
        self.sites_generation = 0
        self._memo = {}
        self.apphost = self._load(APPHOST_CONFIG, required=True)
        self.apphost.is_apphost = True
        self._schema = schema
        self._definitions = None
        self._sites = None
        #: {location: reason} for web.config files that cannot be read on this host (a physicalPath
        #: on another drive, an unknown %VARIABLE%, a relative path): reports show them as warnings.
        self.unreadable = {}
        self._read_cache = None

    def memo(self, name, version, compute):
        """``compute()``, remembered under ``name`` until ``version`` changes (an edit counter:
        ``generation``, ``sites_generation``): what is derived from the configuration is
        worked out once per state of it."""
        cached = self._memo.get(name)
        if cached is None or cached[0] != version:
            cached = self._memo[name] = (version, compute())
        return cached[1]

    # -- documents ---------------------------------------------------------------------------
    def _load(self, windows_path, required=False):
        key = windows_path.lower()
        if key in self._documents:
            return self._documents[key]
        data = self.host.read(windows_path)
        if data is None:
            if required:
                raise ConfigFileError('not found: this host has no IIS configuration (is IIS installed?)', windows_path)
            self._documents[key] = None
            return None
        document = ConfigDocument(data, windows_path, track_edits=self.track_edits)
        document.is_new = False
        self._documents[key] = document
        return document

    def documents(self):
        return [doc for doc in self._documents.values() if doc is not None]

    def changed_documents(self):
        """Documents whose text differs from what was read. A new web.config that was only
        opened as a write target (the plan then found nothing to do) is not a change: writing
        it would leave an empty file behind."""
        return [doc for doc in self.documents()
                if getattr(doc, 'dirty', False) and doc.rendered_text(self.generation) != doc.text]

    def document_text(self, document):
        """The text a document will be saved with (computed once per edit generation)."""
        return document.rendered_text(self.generation)

    def document_bytes(self, document):
        return document.rendered_bytes(self.generation)

    @property
    def schema(self):
        if self._schema is None:
            files = self.host.list_dir(SCHEMA_DIR, '.xml') if hasattr(self.host, 'list_dir') else []
            if files:
                registry = SchemaRegistry()
                for path in files:
                    registry.add_schema_xml(self.host.read(path), path)
                self._schema = registry
            else:
                self._schema = SchemaRegistry.builtin()
        return self._schema

    # -- configSections -----------------------------------------------------------------------
    def section_definition(self, section):
        if self._definitions is None:
            self._definitions = {}
            sections = find_child(self.apphost.root, 'configSections')
            if sections is not None:
                self._collect_definitions(sections, '')
        definition = self._definitions.get(section.lower())
        if definition is None:
            # Not declared in applicationHost.config (system.web sections live in machine.config):
            # the .NET defaults apply.
            definition = SectionDefinition(section, declared=False)
        return definition

    def _collect_definitions(self, node, prefix):
        for child in element_children(node):
            name = child.get('name', '')
            if child.tag == 'sectionGroup':
                self._collect_definitions(child, prefix + name + '/')
            elif child.tag == 'section':
                path = prefix + name
                self._definitions[path.lower()] = SectionDefinition(
                    path,
                    override_mode_default=child.get('overrideModeDefault', 'Allow'),
                    allow_definition=child.get('allowDefinition', 'Everywhere'),
                    allow_location=child.get('allowLocation', 'true').lower() != 'false')

    # -- sites and physical paths --------------------------------------------------------------
    def sites(self):
        """Every site, in file order (Site objects are built once, on first use)."""
        return [self._site_object(node) for node in self._site_index()[1]]

    def _site_index(self):
        """({lower-case name: <site> element}, [<site> elements]): finding one site by name on a
        server with thousands of them must not build all of them."""
        if self._sites is None:
            by_name, nodes = {}, []
            section = ConfigLayer(self.apphost, '', None, self.apphost.root, 0).section_element('system.applicationHost/sites')
            app_defaults = find_child(section, 'applicationDefaults') if section is not None else None
            self._default_pool = app_defaults.get('applicationPool', 'DefaultAppPool') if app_defaults is not None else 'DefaultAppPool'
            for node in section if section is not None else ():
                if node.tag == 'site':
                    nodes.append(node)
                    by_name.setdefault(node.get('name', '').lower(), node)
            self._sites = (by_name, nodes, {})
        return self._sites

    def _site_object(self, node):
        built = self._site_index()[2]
        site = built.get(node)
        if site is None:
            site = built[node] = Site(node.get('name', ''), node.get('id'), node, self._default_pool)
        return site

    def site(self, name, option='site'):
        node = self._site_index()[0].get(name.lower())
        if node is not None:
            return self._site_object(node)
        names = [node.get('name', '') for node in self._site_index()[1]]
        close = difflib.get_close_matches(name, names, n=3)
        if close:
            known = 'did you mean %s?' % ', '.join(repr(n) for n in close)
        elif len(names) <= 10:
            known = 'sites: %s' % (', '.join(repr(n) for n in names) or 'none')
        else:
            known = 'sites: %s ... and %d more' % (', '.join(repr(n) for n in names[:10]), len(names) - 10)
        raise ConfigError('%s: no site named %r in applicationHost.config (%s)' % (option, name, known))

    def applications(self):
        return [app for site in self.sites() for app in site.applications]

    def applications_by_pool(self):
        """{lower-case pool name: [application locations]}: which applications each pool
        serves. Read from the elements without building Site or Application objects (a report
        on one site still lists everything its pools serve, on a server of any size), again
        only after an operation on the sites section (which may reassign applications)."""
        return self.memo('applications by pool', self.sites_generation, self._read_applications_by_pool)

    def _read_applications_by_pool(self):
        out = {}
        for site_node in self._site_index()[1]:
            name = site_node.get('name', '')
            default_pool = None
            for app in site_node.iterchildren('application'):
                pool = app.get('applicationPool')
                if pool is None:
                    if default_pool is None:
                        default_pool = application_default_pool(site_node, self._default_pool)
                    pool = default_pool
                out.setdefault(pool.lower(), []).append(location_of(name, app.get('path', '/')))
        return out

    def applications_of_pool(self, pool):
        """The applications (objects) that application pool ``pool`` serves, in file order;
        only the sites that have one are built."""
        locations = self.applications_by_pool().get(pool.lower(), [])
        wanted = set(cpath.location_key(location) for location in locations)
        out = []
        for site_name in OrderedDict.fromkeys(location.split('/')[0] for location in locations):
            out.extend(app for app in self.site(site_name).applications if cpath.location_key(app.location) in wanted)
        return out

    def application_for(self, location):
        """The application that serves a location (longest matching application path)."""
        site_name, url = cpath.split_site(location)
        if not site_name:
            return None
        site = self.site(site_name, 'location')
        best = None
        for app in site.applications:
            prefix = app.path.rstrip('/').lower()
            if url.lower() == prefix or url.lower().startswith(prefix + '/') or app.path == '/':
                if best is None or len(app.path) > len(best.path):
                    best = app
        return best

    def physical_directory(self, location):
        """Windows path of the directory that holds the web.config of ``location``."""
        location = cpath.normalize_location(location)
        app = self.application_for(location)
        if app is None:
            raise ConfigError('location %r: no application serves it (the site has no root application)' % location)
        url = cpath.split_site(location)[1]
        relative = url[len(app.path.rstrip('/')):] or '/'
        best = None
        for vdir in app.virtual_directories:
            prefix = vdir.path.rstrip('/').lower()
            if relative.lower() == prefix or relative.lower().startswith(prefix + '/') or vdir.path == '/':
                if best is None or len(vdir.path) > len(best.path):
                    best = vdir
        if best is None or not best.physical_path:
            raise ConfigError('location %r: application %r has no virtual directory with a physicalPath'
                              % (location, app.path))
        rest = relative[len(best.path.rstrip('/')):].strip('/')
        directory = best.physical_path.rstrip('\\/')
        # joined as text, not with ntpath.join: a segment must never restart the path at a drive
        path = directory + '\\' + '\\'.join(rest.split('/')) if rest else directory
        return confined_directory(path, directory, location)

    def web_config_path(self, location):
        """Windows path of the web.config of ``location``: always inside the physical directory
        of the deepest virtual directory that maps it (physical_directory checks that)."""
        return ntpath.join(self.physical_directory(location), 'web.config')

    def web_config(self, location, create=False):
        """The web.config of a site/application/directory; a new empty one when ``create``."""
        path = self.web_config_path(location)
        document = self._load(path)
        if document is None and create:
            document = ConfigDocument(NEW_WEB_CONFIG, path, track_edits=self.track_edits)
            document.is_new = True
            self._documents[path.lower()] = document
        if document is not None:
            document.level = cpath.normalize_location(location)
        return document

    def check_location(self, location, option='location'):
        """Normalise a location and make sure its site (and application) exist."""
        try:
            location = cpath.normalize_location(location, option)
        except cpath.ConfigPathError as exc:
            raise ConfigError(str(exc))
        if location:
            self.site(cpath.segments(location)[0], option)
        return location

    # -- layers ------------------------------------------------------------------------------------
    def enable_read_cache(self):
        """Remember each location's layers, and index the <location> tags of each document.
        Without it a report over many sites rescans every <location> tag for every question
        (minutes for 1,000 sites). Only for read-only use (iis_info): a Plan edits the documents
        in memory, which the cache would not notice."""
        self._read_cache = {'layers': {}}

    def layers(self, location):
        """Every place that contributes configuration to ``location``, in inheritance order."""
        location = cpath.normalize_location(location)
        if self._read_cache is None:
            return self._layers(location)
        key = cpath.location_key(location)
        if key not in self._read_cache['layers']:
            self._read_cache['layers'][key] = self._layers(location)
        return self._read_cache['layers'][key]

    def _layers(self, location):
        layers = []
        order = 0
        for level in cpath.ancestors(location):
            candidates = []
            if level == '':
                candidates.append(ConfigLayer(self.apphost, '', None, self.apphost.root, 0))
            candidates.extend(self._locations_at(self.apphost, '', level))
            if level:
                # web.configs of ancestors may hold <location path="..."> tags for this level
                for ancestor in cpath.ancestors(level)[1:-1]:
                    doc = self._web_config_or_none(ancestor)
                    if doc is not None:
                        candidates.extend(self._locations_at(doc, ancestor, level))
                doc = self._web_config_or_none(level)
                if doc is not None:
                    candidates.append(ConfigLayer(doc, level, None, doc.root, 0))
                    candidates.extend(self._locations_at(doc, level, level))
            for layer in candidates:
                layer.order = order
                order += 1
                layers.append(layer)
        return layers

    def _web_config_or_none(self, level):
        try:
            return self.web_config(level)
        except ConfigError:
            return None
        except TargetError as exc:
            # Reading must not fail for a whole server because one site's physicalPath cannot be
            # resolved here (IIS Express files point at %IIS_SITES_HOME% or other drives): that
            # web.config contributes nothing we can see. Writing there still fails (web_config()).
            self.unreadable[cpath.normalize_location(level)] = str(exc)
            return None
        except ConfigFileError as exc:
            # A broken web.config (not well-formed, too large) fails every task that would write
            # through it; a read-only report (enable_read_cache) shows it as a warning with its
            # file:line:column and reports the rest, as IIS serves the other sites.
            if self._read_cache is None:
                raise
            self.unreadable[cpath.normalize_location(level)] = str(exc)
            self._documents[self.web_config_path(level).lower()] = None
            return None

    def _locations_at(self, document, doc_level, level):
        """The <location> layers of ``document`` (at ``doc_level``) for ``level``."""
        return [ConfigLayer(document, level, child.get('path', ''), child, 0)
                for child in self._location_index(document, doc_level).get(cpath.location_key(level), [])]

    def location_elements(self, document, location_path):
        """The <location> tags of ``document`` whose path is ``location_path`` (relative to the
        document, as written in the file), in document order."""
        doc_level = '' if document is self.apphost else getattr(document, 'level', '')
        key = cpath.location_key(cpath.join(doc_level, location_path or ''))
        return list(self._location_index(document, doc_level).get(key, []))

    def _location_index(self, document, doc_level):
        """{path key: [<location> elements]} of one document, built once: a server with
        thousands of sites has thousands of <location> tags, and every question about one path
        would otherwise compare all of them. Adding or removing a <location> tag touches the
        document's root first (Plan), which makes the index rebuild (ConfigDocument.top_level_version)."""
        prefix = cpath.normalize_location(doc_level)

        def build():
            index = {}
            for child in document.root.iterchildren('location'):
                path = child.get('path', '')
                try:
                    key = cpath.location_key(cpath.join(prefix, path) if prefix else path)
                except cpath.ConfigPathError:
                    # a path no task can name (a drive, '..'): it never applies to a valid location
                    key = '\x00' + path
                index.setdefault(key, []).append(child)
            return index
        # the manager holds its documents, so an id names one document for the manager's life
        return self.memo(('locations', id(document), prefix.lower()), document.top_level_version(), build)

    def document_layers(self, document):
        """Every layer one document holds, whatever path it applies to: its top level and each
        ``<location path>`` tag. For sweeps over a whole file (an entry that must disappear
        everywhere, such as an uninstalled module), where inheritance at one path is not the
        question."""
        level = '' if document is self.apphost else getattr(document, 'level', '')
        layers = [ConfigLayer(document, level, None, document.root, 0)]
        for child in element_children(document.root):
            if child.tag == 'location':
                path = child.get('path', '')
                layers.append(ConfigLayer(document, cpath.join(level, path), path, child, 0))
        return layers

    def section_layers(self, section, location):
        """(layer, section element) pairs for the layers that define ``section``."""
        out = []
        for layer in self.layers(location):
            element = layer.section_element(section)
            if element is not None:
                out.append((layer, element))
        return out

    # -- locks ---------------------------------------------------------------------------------
    def override_mode(self, section, location):
        """('Allow'|'Deny', reason): may a web.config at ``location`` define ``section``?"""
        definition = self.section_definition(section)
        mode = definition.override_mode_default
        reason = 'configSections declares %s with overrideModeDefault="%s"' % (section, mode)
        if not definition.declared:
            reason = '%s is not declared in applicationHost.config configSections (machine.config defaults: Allow)' % section
        location = cpath.normalize_location(location)
        for layer in self.layers(location):
            if layer.location_path is None or layer.section_element(section) is None:
                continue
            if cpath.location_key(layer.level) == cpath.location_key(location) and not layer.is_apphost:
                continue
            tag = layer.container
            value = tag.get('overrideMode')
            if value is None and tag.get('allowOverride') is not None:
                value = 'Allow' if tag.get('allowOverride').lower() == 'true' else 'Deny'
            if value in ('Allow', 'Deny'):
                mode = value
                reason = '%s sets overrideMode="%s"' % (layer.describe(), value)
        return mode, reason

    override_mode_below = override_mode

    # -- lock violations -------------------------------------------------------------------------
    # IIS answers HTTP 500.19 for a path whose configuration overrides something locked above it:
    # a section defined in a web.config where it is locked (overrideMode="Deny"), or an attribute,
    # child element or collection directive that lockAttributes / lockElements / lockItem (and the
    # "All...Except" forms) forbid. These functions find such overrides, once, for every module.

    @staticmethod
    def merge_rank(layer):
        """Where a layer comes in IIS's merge for its path: applicationHost.config first (top
        level, then <location> tags by depth), then each web.config from the site down (its top
        level, then its <location> tags by depth). ``layer`` may be a ConfigLayer or a WriteTarget."""
        document = layer.document
        if getattr(document, 'is_apphost', False):
            doc_rank = 0
        else:
            doc_rank = 1 + cpath.depth(getattr(document, 'level', '') or '')
        return (doc_rank, cpath.depth(layer.level))

    def is_below(self, lower, upper):
        """Is ``lower`` bound by the element locks (lockItem, lockAttributes, lockElements...) of
        ``upper``: at or below its path, in a file below upper's file? Like overrideMode, a lock
        binds the files below the one that sets it, not the <location> tags of its own file:
        IIS Express runs the applicationHost.config Visual Studio writes, whose
        <location path="App"> removes WebMatrixSupportModule, locked with lockItem="true" in
        <location path=""> of the same file."""
        return cpath.is_ancestor_or_self(upper.level, lower.level) and self.merge_rank(lower)[0] > self.merge_rank(upper)[0]

    def section_lock(self, section, layer, assume=None):
        """('Allow'|'Deny', reason): may ``layer`` define ``section``, as IIS decides it.

        applicationHost.config is never locked by overrideMode (its <location> tags are where
        locks are set). For a web.config layer: the section's overrideModeDefault, then every
        applicationHost.config <location> tag at the layer's path or above that names the section
        with overrideMode (deeper wins), then overrideMode="Deny" in the <location> tags of the
        web.config files above the layer's file (a web.config can lock for the files below it,
        but cannot unlock what is locked above it). ``assume=(location, mode)`` answers as if
        applicationHost.config set ``mode`` (Allow, Deny, or Inherit: no tag) at ``location``:
        the state a planned lock would produce, checked before anything is edited."""
        if layer.is_apphost:
            return 'Allow', 'applicationHost.config is where locks are set; it is not bound by overrideMode'
        definition = self.section_definition(section)
        mode = definition.override_mode_default
        reason = 'configSections declares %s with overrideModeDefault="%s"' % (section, mode)
        assumed_key = None if assume is None else cpath.location_key(assume[0])
        for level in cpath.ancestors(layer.level):
            key = cpath.location_key(level)
            if key == assumed_key:
                if assume[1] in ('Allow', 'Deny'):
                    mode, reason = assume[1], 'overrideMode="%s" planned for %s' % (assume[1], cpath.describe(level))
                continue
            for tag in self._locations_at(self.apphost, '', level):
                value = tag_override_mode(tag.container)
                if value != 'Inherit' and tag.section_element(section) is not None:
                    mode, reason = value, '%s sets overrideMode="%s"' % (tag.describe(), value)
        own = self.merge_rank(layer)[0]
        for other in self.layers(layer.level):
            if other.is_apphost or other.location_path is None or self.merge_rank(other)[0] >= own:
                continue
            if tag_override_mode(other.container) == 'Deny' and other.section_element(section) is not None:
                mode, reason = 'Deny', '%s sets overrideMode="Deny"' % other.describe()
        return mode, reason

    def layers_at_or_below(self, location):
        """Every layer this manager can find whose path is ``location`` or below it: the
        applicationHost.config <location> tags, and the web.config files (top level and
        <location> tags) of the sites, applications and virtual directories there, of the paths
        applicationHost.config <location> tags name, and of the levels above (their <location>
        tags may point below). A web.config in a plain folder no configuration names is not seen."""
        location = cpath.normalize_location(location)
        below = [layer for layer in self.document_layers(self.apphost)
                 if layer.location_path is not None and cpath.is_ancestor_or_self(location, layer.level)]
        levels = OrderedDict((cpath.location_key(level), level) for level in cpath.ancestors(location)[1:])
        sites = self.sites() if not location else [self.site(cpath.segments(location)[0])]
        for site in sites:
            for app in site.applications:
                for vdir in app.virtual_directories:
                    level = app.location + ('' if vdir.path == '/' else vdir.path.rstrip('/'))
                    levels.setdefault(cpath.location_key(level), level)
        for layer in below:
            levels.setdefault(cpath.location_key(layer.level), layer.level)
        seen = set()
        for key, level in levels.items():
            if not cpath.is_ancestor_or_self(key, location) and not cpath.is_ancestor_or_self(location, key):
                continue
            document = self._web_config_or_none(level)
            if document is None or id(document) in seen:
                continue
            seen.add(id(document))
            below.extend(layer for layer in self.document_layers(document) if cpath.is_ancestor_or_self(location, layer.level))
        return below

    def section_lock_violations(self, section, location, assume=None):
        """LockViolations of ``section`` at or below ``location``: web.config layers that define
        the section where it is locked for them (see section_lock; ``assume`` as there)."""
        out = []
        for layer in self.layers_at_or_below(location):
            if layer.is_apphost or layer.section_element(section) is None:
                continue
            mode, why = self.section_lock(section, layer, assume)
            if mode == 'Deny':
                out.append(LockViolation(layer, section, 'defines the section', 'it is locked there: %s' % why))
        return out

    def element_lock_violations(self, section, holder, element_path, locks, locked_keys=()):
        """LockViolations that element locks would cause: ``locks`` ({lock attribute: value})
        on the element at ``element_path`` of ``section`` in ``holder`` (a layer or write target),
        and lockItem="true" on the collection entries with ``locked_keys`` (key tuples) of that
        element. Every layer below the holder that defines the section is checked."""
        schema = self.element_schema(section, element_path)
        section_schema = self.schema.section(section)
        out = []
        for layer in self.layers_at_or_below(holder.level):
            if not self.is_below(layer, holder):
                continue
            element = layer.section_element(section)
            node = descend(element, element_path, section_schema) if element is not None else None
            if node is None:
                continue
            for text, lock in lock_conflicts(locks, node, schema.collection, locked_keys):
                out.append(LockViolation(layer, section, text, '%s in %s' % (lock, _holder_text(holder))))
        return out

    def lock_violations(self, location):
        """The lock violations that exist now at exactly ``location`` (for reports): every
        web.config layer of that path (its top level, or a <location> tag of a web.config above)
        checked against the section locks and the element locks of the files above it.
        applicationHost.config is never bound by locks (see is_below), so it is not checked."""
        location = cpath.normalize_location(location)
        key = cpath.location_key(location)
        out = []
        if not key:
            return out
        layers = self.layers(location)
        # every layer of a path's layers is at that path or above it: the file order decides alone
        ranks = [self.merge_rank(layer)[0] for layer in layers]
        for index, layer in enumerate(layers):
            if layer.is_apphost or cpath.location_key(layer.level) != key:
                continue
            holders = [holder for holder, rank in zip(layers, ranks) if rank < ranks[index]]
            for section, element in self._sections_in(layer.container, ''):
                mode, why = self.section_lock(section, layer)
                if mode == 'Deny':
                    out.append(LockViolation(layer, section, 'defines the section', 'it is locked there: %s' % why))
                if not self.schema.has_section(section):
                    continue
                for holder in holders:
                    holder_element = holder.section_element(section)
                    if holder_element is None or not _HAS_LOCKS(holder_element):
                        continue
                    for text, lock in tree_conflicts(holder_element, element, self.schema.section(section)):
                        out.append(LockViolation(layer, section, text, '%s in %s' % (lock, holder.describe())))
        return out

    def write_target(self, section, location, commit='auto', prefer_existing=True):
        """Decide where configuration of ``section`` for ``location`` is written, and say why."""
        location = self.check_location(location)
        definition = self.section_definition(section)
        if not location:
            for layer, _element in self.section_layers(section, ''):
                if layer.is_apphost:
                    where = 'top level' if layer.location_path is None else '<location path="%s">' % layer.location_path
                    return WriteTarget(self.apphost, layer.location_path, '',
                                       'server level: applicationHost.config, %s, where the section already is' % where)
            return WriteTarget(self.apphost, None, '', 'server level: applicationHost.config')
        if definition.allow_definition in ('AppHostOnly', 'MachineOnly', 'MachineToWebRoot'):
            raise ConfigError('%s can only be set at server level (allowDefinition="%s"); location %r is not allowed'
                              % (section, definition.allow_definition, location))
        if commit == 'webconfig':
            return self._webconfig_target(section, location, definition)
        existing = None
        for layer, _element in self.section_layers(section, location):
            if layer.is_apphost and layer.location_path is not None and cpath.location_key(layer.level) == cpath.location_key(location):
                existing = layer
        if commit == 'apphost' or existing is not None and prefer_existing:
            if not definition.allow_location:
                raise ConfigError('%s cannot be set in a <location> tag (allowLocation="false")' % section)
            path = existing.location_path if existing is not None else location
            reason = 'applicationHost.config <location path="%s">: ' % path
            reason += 'requested (commit=apphost)' if commit == 'apphost' else 'the section is already configured there'
            return WriteTarget(self.apphost, path, location, reason)
        mode, why = self.override_mode(section, location)
        if mode == 'Deny':
            return WriteTarget(self.apphost, self._existing_location_path(location), location,
                               'applicationHost.config <location path="%s">: the section is locked for web.config (%s)'
                               % (location, why))
        return self._webconfig_target(section, location, definition)

    def _existing_location_path(self, location):
        for layer in self._locations_at(self.apphost, "", location):
            return layer.location_path
        return location

    def _webconfig_target(self, section, location, definition):
        mode, why = self.override_mode(section, location)
        if mode == 'Deny':
            raise ConfigError('%s is locked at %r (%s): it cannot be written to a web.config; use commit=apphost or unlock it'
                              % (section, location, why))
        if definition.allow_definition == 'MachineToApplication':
            app = self.application_for(location)
            if app is None or cpath.location_key(app.location) != cpath.location_key(location):
                raise ConfigError('%s can only be set at application level (allowDefinition="MachineToApplication"), not at %r'
                                  % (section, location))
        document = self.web_config(location, create=True)
        return WriteTarget(document, None, location, 'web.config of %r (%s)' % (location, why))

    # -- schema helpers ----------------------------------------------------------------------------
    def element_schema(self, section, element_path=()):
        """Schema of the element reached by ``element_path`` (strings are child elements, dicts
        are collection keys)."""
        schema = self.schema.section(section)
        for step in element_path:
            if isinstance(step, dict):
                if schema.collection is None:
                    raise SchemaError('%s: %s has no collection' % (section, schema.path or 'the section'))
                schema = schema.collection.item_schema()
            else:
                schema = schema.element(step, section)
        return schema

    # -- effective configuration -----------------------------------------------------------------
    def effective_element(self, section, location, element_path=()):
        """{attribute: EffectiveValue} for a section (or child element) at ``location``: the
        deepest layer that sets each attribute, else the schema default."""
        schema = self.element_schema(section, element_path)
        values = {}
        for layer, element in self.section_layers(section, location):
            node = descend(element, element_path, self.schema.section(section))
            if node is None:
                continue
            for name, value in node.attrib.items():
                if name in GENERIC_ATTRIBUTES:
                    continue
                values[name] = EffectiveValue(value, layer)
        defaults = self._collection_defaults(section, location, element_path)
        for name, attr in schema.attributes.items():
            if name not in values:
                values[name] = defaults.get(name) or EffectiveValue(attr.default_value(), None, explicit=False)
        return values

    def _collection_defaults(self, section, location, element_path):
        """Values a collection item inherits from its collection's default element
        (``applicationPoolDefaults``, ``siteDefaults``, ...) beside it: IIS applies them to every
        item that does not set the attribute itself, before the schema default."""
        # The child elements of an item take theirs from the same child of the default element
        # (applicationPoolDefaults/processModel for add[name='Pool']/processModel).
        steps = [index for index, step in enumerate(element_path or ()) if isinstance(step, dict)]
        if not steps:
            return {}
        parent_path = tuple(element_path[:steps[-1]])
        rest = tuple(element_path[steps[-1] + 1:])
        try:
            collection = self.element_schema(section, parent_path).collection
            if collection is None or not collection.default_element:
                return {}
            values = self.effective_element(section, location, parent_path + (collection.default_element,) + rest)
        except SchemaError:
            return {}
        return dict((name, value) for name, value in values.items() if value.explicit)

    def effective_collection(self, section, location, element_path=()):
        """The merged collection of a section (or child element) at ``location``."""
        section_schema = self.schema.section(section)
        collection = self.element_schema(section, element_path).collection
        if collection is None:
            raise ConfigError('%s%s is not a collection' % (section, ('/' + '/'.join(str(s) for s in element_path)) if element_path else ''))
        items = []
        problems = []
        cleared_at = None
        for layer, element in self.section_layers(section, location):
            node = descend(element, element_path, section_schema)
            if node is None:
                continue
            layer_items = []
            # keys of ``items`` and ``layer_items``: the duplicate check must not rescan every
            # entry for every entry (quadratic on a server with thousands of pools or sites)
            seen = set(item.key for item in items)
            layer_keys = set()
            for child in element_children(node):
                tag = child.tag
                if tag == collection.clear_element:
                    items = []
                    seen = set()
                    cleared_at = layer
                elif tag == collection.remove_element:
                    key = collection.key_of(child.attrib)
                    target = [item for item in items if item.key == key]
                    for item in target:
                        if item.locked and item.layer.order < layer.order:
                            problems.append('%s: <%s> of %s, which %s locked with lockItem="true"'
                                            % (layer.describe(), tag, key_text(collection, key), item.layer.describe()))
                    items = [item for item in items if item.key != key]
                    seen.discard(key)
                elif tag in collection.add_elements:
                    key = collection.key_of(child.attrib)
                    if not collection.allow_duplicates and (key in seen or key in layer_keys):
                        problems.append('%s: duplicate collection entry %s (IIS: "Cannot add duplicate collection entry")'
                                        % (layer.describe(), key_text(collection, key)))
                        continue
                    layer_items.append(EffectiveItem(key, child, layer))
                    layer_keys.add(key)
            items = items + layer_items if collection.merge_append else layer_items + items
        return EffectiveCollection(items, cleared_at, problems)

    # -- validation ----------------------------------------------------------------------------------
    def validate(self, documents=None):
        """Problems for which IIS rejects a file although it is well-formed XML (HTTP 500.19),
        in whole files: a ``<location path>`` IIS cannot use, and everything
        :meth:`validate_sections` finds, for every section of the file. Returns messages naming
        file and line; raises nothing, so that callers decide whether to warn or fail. (A task
        checks only the sections it edits before it writes: see validate_sections.)"""
        problems = []
        for document in self.documents() if documents is None else documents:
            sections = OrderedDict()
            containers = [(None, document.root)]
            containers += [(c.get('path', ''), c) for c in element_children(document.root) if c.tag == 'location']
            for location_path, container in containers:
                try:
                    key = cpath.location_key(location_path)
                except cpath.ConfigPathError as exc:
                    problems.append('%s:%s: %s' % (document.path, document.line_of(container), exc))
                    continue
                for section, _element in self._sections_in(container, ''):
                    sections.setdefault((key, section.lower()), (document, location_path, section))
            problems.extend(self.validate_sections(sections.values()))
        return problems

    def validate_sections(self, sections):
        """The problems :meth:`validate` would find in the given sections only: ``sections`` are
        (document, location path in that document or None, section path) triples, the places a
        plan edited. This is what a task checks before it writes. IIS reads sections one by one
        and rejects the one that is wrong (HTTP 500.19 for the paths that read it), so a problem
        in a section the task did not change neither stops the change from working nor is made
        worse by it; checking just the edited sections keeps a task on a 10,000-site
        applicationHost.config as cheap as its edit (iis_info reports the problems of the sections it is asked about)."""
        problems = []
        for document, location_path, section in sections:
            key = cpath.location_key(location_path)
            containers = [document.root] if key == '' else []
            containers += self.location_elements(document, location_path)
            elements = [node for c in containers for node in _section_elements(c, section)]
            for element in elements[1:]:
                problems.append(self._twice(document, section, key, elements[0], element))
            for element in elements:
                problems.extend(self._collection_problems(document, section, element))
        return problems

    @staticmethod
    def _twice(document, section, key, first, element):
        # line numbers only for problems (cheap with lxml's, but there is no need)
        return ('%s:%s: section %s is defined twice for the configuration path %s (first at %s:%s); '
                'IIS rejects the file ("There is a duplicate section defined")'
                % (document.path, document.line_of(element), section, cpath.describe(key),
                   document.path, document.line_of(first)))

    def _sections_in(self, node, prefix):
        """(section path, element) of every known section under a container. Unknown elements
        are treated as section groups (a few levels deep)."""
        for child in element_children(node):
            if not prefix and child.tag in ('configSections', 'location'):
                continue
            path = prefix + child.tag
            if self.schema.has_section(path) or self.section_definition(path).declared:
                yield path, child
            elif path.count('/') < 3:
                yield from self._sections_in(child, path + '/')

    def _collection_problems(self, document, section, element):
        try:
            schema = self.schema.section(section)
        except SchemaError:
            return []
        return list(_duplicate_entries(document, section, element, schema))


class LockViolation:
    """A place that overrides something locked above it: IIS answers HTTP 500.19 for ``path``."""

    def __init__(self, layer, section, override, lock):
        self.path = cpath.normalize_location(layer.level)
        self.file = layer.document.path
        self.where = layer.describe()
        self.section = section
        self.override = override  # what the lower level does
        self.lock = lock  # what forbids it, and where

    def key(self):
        return (cpath.location_key(self.path), self.where.lower(), self.section.lower(), self.override, self.lock)

    def describe(self):
        return '%s (%s): %s %s, but %s' % (self.where, cpath.describe(self.path), self.section, self.override, self.lock)

    def as_dict(self):
        return {'path': self.path, 'file': self.file, 'where': self.where, 'section': self.section,
                'override': self.override, 'lock': self.lock}


#: True when an element or one below it carries a lock attribute (lxml's C XPath: most sections
#: carry none, and a report asks this for every layer above every path)
_HAS_LOCKS = etree.XPath('boolean(descendant-or-self::*[%s])' % ' or '.join('@' + name for name in LOCK_ATTRIBUTES)) \
    if etree is not None else None


def tag_override_mode(tag):
    """'Allow', 'Deny' or 'Inherit' for a <location> tag (overrideMode, else the older allowOverride)."""
    value = tag.get('overrideMode')
    if value is None and tag.get('allowOverride') is not None:
        value = 'Allow' if tag.get('allowOverride').lower() == 'true' else 'Deny'
    return value if value in ('Allow', 'Deny') else 'Inherit'


def _holder_text(holder):
    describe = getattr(holder, 'describe', None)
    text = describe() if describe is not None else holder.document.path
    if getattr(holder, 'is_apphost', False) and getattr(holder, 'location_path', None) is None:
        return ntpath.basename(holder.document.path)
    return text


def _lock_names(value):
    return [name.strip() for name in (value or '').split(',') if name.strip()]


def lock_conflicts(locks, node, collection=None, locked_keys=()):
    """(what ``node`` does, the lock that forbids it) for each override of a lower level's
    element ``node`` that the lock attributes ``locks`` of the same element above forbid:
    attributes (lockAttributes, "*" for all, lockAllAttributesExcept), child elements and
    collection directives (lockElements, lockAllElementsExcept), the whole element
    (lockItem="true" on it) and the removal of entries locked with lockItem="true"
    (``locked_keys``: a <remove> of one, or <clear/>)."""
    out = []
    attributes = [name for name in node.attrib if name not in GENERIC_ATTRIBUTES]
    children = element_children(node)
    tags = list(OrderedDict.fromkeys(child.tag for child in children))
    if str(locks.get('lockItem', '')).lower() == 'true' and (attributes or children):
        out.append(('overrides the element', 'it is locked with lockItem="true"'))
    # (lock attribute, what it applies to, how an override reads, True: it lists what is locked /
    # False: it lists what stays open)
    for lock, subjects, shown, lists_locked in (('lockAttributes', attributes, 'sets %s', True),
                                                ('lockAllAttributesExcept', attributes, 'sets %s', False),
                                                ('lockElements', tags, 'has <%s>', True),
                                                ('lockAllElementsExcept', tags, 'has <%s>', False)):
        value = locks.get(lock)
        if value is None or (lists_locked and not value):
            continue
        names = [n.lower() for n in _lock_names(value)]
        for subject in subjects:
            listed = subject.lower() in names
            if (listed or '*' in names) if lists_locked else not listed:
                out.append((shown % subject, '%s="%s" locks it' % (lock, value)))
    if collection is not None and locked_keys:
        locked = set(locked_keys)
        for child in children:
            if child.tag == collection.clear_element:
                out.append(('has <%s/>' % child.tag, 'it would remove entries locked with lockItem="true" (%s)'
                            % ', '.join(key_text(collection, k) for k in locked_keys)))
            elif child.tag == collection.remove_element and collection.key_of(child.attrib) in locked:
                out.append(('has <%s> of %s' % (child.tag, key_text(collection, collection.key_of(child.attrib))),
                            'that entry is locked with lockItem="true"'))
    return out


def tree_conflicts(holder_node, node, schema):
    """lock_conflicts of every element of a section in one layer (``holder_node``) against the
    same element of a lower layer (``node``), child elements followed by name."""
    collection = schema.collection
    locked_keys = []
    if collection is not None:
        locked_keys = [collection.key_of(child.attrib) for child in element_children(holder_node)
                       if child.tag in collection.add_elements and child.get('lockItem', '').lower() == 'true']
    out = lock_conflicts(holder_node.attrib, node, collection, locked_keys)
    for child in element_children(holder_node):
        if collection is not None and child.tag in (collection.add_elements + [collection.remove_element, collection.clear_element]):
            continue
        if not schema.has_element(child.tag):
            continue
        lower = find_child(node, child.tag)
        if lower is not None:
            out.extend(tree_conflicts(child, lower, schema.element(child.tag)))
    return out


def _duplicate_entries(document, section, node, schema):
    """Messages for entries of one collection element that repeat a key still present."""
    collection = schema.collection
    if collection is not None and not collection.allow_duplicates:
        present = set()
        for child in element_children(node):
            if child.tag == collection.clear_element:
                present = set()
            elif child.tag == collection.remove_element:
                present.discard(collection.key_of(child.attrib))
            elif child.tag in collection.add_elements:
                key = collection.key_of(child.attrib)
                if key in present:
                    yield ('%s:%s: %s: duplicate collection entry %s (IIS: "Cannot add duplicate collection entry")'
                           % (document.path, document.line_of(child), section, key_text(collection, key)))
                present.add(key)
    for child in element_children(node):
        if collection is not None and child.tag in collection.add_elements:
            child_schema = collection.item_schema()
        elif schema.has_element(child.tag):
            child_schema = schema.element(child.tag)
        else:
            continue
        yield from _duplicate_entries(document, section, child, child_schema)


def section_in(container, section):
    """The element of ``section`` (a path such as system.webServer/security/access) directly in
    a container (the root or a <location>), or None."""
    node = container
    for part in section.split('/'):
        node = find_child(node, part)
        if node is None:
            return None
    return node


def _section_elements(container, section):
    """Every element of ``section`` directly in a container, also under a repeated section
    group (``<system.webServer>`` written twice in one ``<location>``)."""
    nodes = [container]
    for part in section.split('/'):
        nodes = [child for node in nodes for child in node.iterchildren(part)]
    return nodes


def key_text(collection, key):
    names = collection.key_names()
    if not names:
        return repr(key)
    return '[%s]' % ','.join("%s='%s'" % (n, v) for n, v in zip(names, key))


def descend(element, element_path, section_schema=None):
    """Follow ``element_path`` inside one layer's section element. Dict steps select the
    collection item with that key (in this layer only)."""
    node = element
    schema = section_schema
    for step in element_path:
        if node is None:
            return None
        if isinstance(step, dict):
            collection = schema.collection
            key = collection.key_of(step)
            match = None
            for child in element_children(node):
                if child.tag in collection.add_elements and collection.key_of(child.attrib) == key:
                    match = child
            node = match
            schema = collection.item_schema()
        else:
            node = find_child(node, step)
            schema = schema.element(step) if schema is not None else None
    return node
