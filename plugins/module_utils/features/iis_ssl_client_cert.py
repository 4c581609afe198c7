# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_ssl_client_cert: TLS client-certificate authentication for a site or sub-application.

What an administrator does by hand in four IIS Manager pages, as one idempotent task:

1. an ``https`` binding on the site (``system.applicationHost/sites``), recognised however it is
   spelled and refused when another site owns the same endpoint (module_utils/bindings.py); the
   SNI bit only changes when ``binding.sni`` asks - the http.sys certificate binding is computed
   as a ``netsh`` command and reported, applied only by the Windows-host backend;
2. ``https`` in the application's ``enabledProtocols``;
3. ``system.webServer/security/access/@sslFlags`` at the site or sub-application (locked
   section: written in applicationHost.config under ``<location path>``);
4. a certificate-to-account mapping (Active Directory, or IIS one-to-one / many-to-one) and
   optionally anonymous authentication off at the same path.

Then the part nobody does by hand: every path below whose *effective* settings are weaker than
what was asked is reported (``weaker_children``) and, on request, its overrides are removed and
the sections locked for web.config files.

Secrets: mapping passwords are schema-encrypted attributes. The Plan masks them in its text,
commands and diffs; the effective report shows them as masked; the file backend refuses to write
them in clear text unless ``allow_plaintext_secrets`` (shared check of iis_config).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.webadmin.iis.plugins.module_utils import bindings
from ansible_collections.webadmin.iis.plugins.module_utils import client_cert
from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils import module_requirements
from ansible_collections.webadmin.iis.plugins.module_utils import reporting
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, element_children, find_child
from ansible_collections.webadmin.iis.plugins.module_utils.plan import MASK
from ansible_collections.webadmin.iis.plugins.module_utils.target_options import with_target_options

SITES = 'system.applicationHost/sites'
ACCESS = 'system.webServer/security/access'
ANONYMOUS = 'system.webServer/security/authentication/anonymousAuthentication'
AD_MAPPING = 'system.webServer/security/authentication/clientCertificateMappingAuthentication'
IIS_MAPPING = 'system.webServer/security/authentication/iisClientCertificateMappingAuthentication'
ONE_TO_ONE = ('oneToOneMappings',)
MANY_TO_ONE = ('manyToOneMappings',)

#: Security settings belong in applicationHost.config (appcmd's /commit:apphost): they are
#: locked for web.config on a stock server, and an application deployment cannot undo them there.
COMMIT = 'apphost'

RULE_OPTIONS = dict(
    certificate_field=dict(type='str', required=True, choices=['subject', 'issuer']),
    certificate_sub_field=dict(type='str', required=True),
    match_criteria=dict(type='str', required=True),
    compare_case_sensitive=dict(type='bool', default=True),
)

#: Ask the Windows host for its http.sys bindings in the first (read) round trip.
HOST_QUERIES = ('http_sys',)

#: Options whose choices mirror an IIS enum (permissionMode, certificateField): IIS's spelling, e.g. Subject,
#: is accepted too (the runner maps it to the documented choice).
IIS_ENUM_OPTIONS = ('many_to_one.permission', 'many_to_one.rules.certificate_field')

ARGUMENT_SPEC = with_target_options(dict(
    site=dict(type='str', required=True),
    application=dict(type='str', default=''),
    require_ssl=dict(type='bool', default=True),
    client_certificate=dict(type='str', default='require', choices=['ignore', 'accept', 'require']),
    ssl128=dict(type='bool', default=False),
    binding=dict(type='dict', options=dict(
        manage=dict(type='bool', default=True),
        port=dict(type='int', default=443),
        ip=dict(type='str', default='*'),
        host_name=dict(type='str', default=''),
        sni=dict(type='bool'),
        certificate_thumbprint=dict(type='str'),
        certificate_store=dict(type='str', default='My'),
        negotiate_client_certificate=dict(type='bool'),
    )),
    enabled_protocols=dict(type='list', elements='str'),
    mapping=dict(type='str', choices=['none', 'active_directory', 'iis']),
    one_to_one=dict(type='list', elements='dict', options=dict(
        certificate=dict(type='str', required=True),
        user_name=dict(type='str', required=True),
        password=dict(type='str', no_log=True),
        enabled=dict(type='bool', default=True),
    )),
    many_to_one=dict(type='list', elements='dict', options=dict(
        name=dict(type='str', required=True),
        description=dict(type='str'),
        user_name=dict(type='str'),
        password=dict(type='str', no_log=True),
        permission=dict(type='str', default='allow', choices=['allow', 'deny']),
        enabled=dict(type='bool', default=True),
        rules=dict(type='list', elements='dict', default=[], options=RULE_OPTIONS),
    )),
    exclusive_mappings=dict(type='bool', default=False),
    update_password=dict(type='str', default='on_create', choices=['always', 'on_create'], no_log=False),
    anonymous_authentication=dict(type='bool'),
    enforce_children=dict(type='bool', default=False),
    lock_children=dict(type='bool', default=False),
    allow_plaintext_secrets=dict(type='bool', default=False),
))

BINDING_DEFAULTS = dict(manage=True, port=443, ip='*', host_name='', sni=None, certificate_thumbprint=None,
                        certificate_store='My', negotiate_client_certificate=None)


def _bool_text(value):
    return 'true' if value else 'false'


def _is_true(value):
    return str(value).lower() == 'true'


# -- scope -----------------------------------------------------------------------------------------
def scope_location(manager, params):
    """``Site`` or ``Site/app``: where the settings are written (and what 'children' are below)."""
    site = manager.site(params['site'], 'site')
    application = (params.get('application') or '').strip().strip('/')
    location = manager.check_location(site.name + ('/' + application if application else ''), 'application')
    if manager.application_for(location) is None:
        raise ConfigError('site %r has no root application; add one before configuring TLS for it' % site.name)
    return site, location


def validate(params):
    """Option combinations the argument spec cannot express."""
    mapping = params.get('mapping')
    if mapping != 'iis' and (params.get('one_to_one') or params.get('many_to_one')):
        raise ConfigError('one_to_one and many_to_one need mapping=iis (got mapping=%s)' % mapping)
    if params.get('lock_children') and not params.get('enforce_children'):
        raise ConfigError('lock_children=true needs enforce_children=true: a locked section makes every web.config '
                          'that still defines it fail with HTTP 500.19')


# -- 1. binding ------------------------------------------------------------------------------------
def binding_options(params):
    options = dict(BINDING_DEFAULTS)
    options.update((k, v) for k, v in (params.get('binding') or {}).items() if v is not None)
    if options['negotiate_client_certificate'] is None:
        options['negotiate_client_certificate'] = params['client_certificate'] != 'ignore'
    return options


def binding_state(site, options):
    """(info, existing binding or None, resulting sslFlags) of the https binding the options name.

    The existing binding is found by IIS's identity (``:443:`` is ``*:443:``, host headers are
    case-insensitive), never by text. Its ``sslFlags`` are kept unless ``binding.sni`` is given:
    flipping the SNI bit moves the http.sys certificate lookup between ``ip:port`` and
    ``host:port`` and breaks TLS on a site that worked. A new binding gets SNI only with
    ``binding.sni=true``, like IIS Manager's "Require Server Name Indication" (unchecked by
    default) and ``New-WebBinding`` (``SslFlags`` 0)."""
    info = bindings.binding_info(options['ip'], options['port'], options['host_name'])
    if options['sni'] and not info.host:
        raise ConfigError('binding.sni=true needs binding.host_name: SNI selects the certificate by host name '
                          '(IIS Manager refuses "Require Server Name Indication" without one)')
    current = bindings.find_binding(site, 'https', info)
    if current is not None:
        return info, current, bindings.binding_ssl_flags(current.element.get('sslFlags'), options['sni'])
    return info, None, bindings.binding_ssl_flags(0, bool(options['sni']))


def ensure_binding(plan, site, options):
    """The site's https binding ``ip:port:host`` exists (see :func:`binding_state` for SNI).
    Other https bindings are left alone (a site may legitimately have several); a new binding
    that would share its http.sys endpoint with another site's binding is refused."""
    info, current, flags = binding_state(site, options)
    if current is None:
        bindings.check_no_conflict(plan.manager.sites(), site.name, 'https', info)
        attrs = {'protocol': 'https', 'bindingInformation': info.text()}
        if flags:
            attrs['sslFlags'] = str(flags)
        if info.host and options['sni'] is None:
            plan.warnings.append('new https binding %s without SNI (binding.sni not set): http.sys picks its certificate '
                                 'by %s:%d, shared with every non-SNI binding on that address and port; set '
                                 'binding.sni=true for a certificate chosen by host name' % (info.text(), info.ip, info.port))
    else:
        attrs = {'protocol': current.protocol, 'bindingInformation': current.binding_information}
        if current.element.get('sslFlags') is not None or flags:
            attrs['sslFlags'] = str(flags)
    plan.ensure_item(SITES, '', attrs, ({'name': site.name}, 'bindings'), commit=COMMIT)
    return {'protocol': 'https', 'binding_information': attrs['bindingInformation'], 'ssl_flags': flags,
            'sni': bool(flags & bindings.BINDING_SNI)}


def http_sys(plan, options, sni):
    """The http.sys part. On a Windows host the certificate binding is made (or updated) in the
    same apply round trip as the configuration; offline, the netsh command is only reported.
    ``sni``: whether the site binding has the SNI bit (that decides ipport vs hostnameport)."""
    kind, endpoint = bindings.http_sys_endpoint(options['ip'], options['port'], options['host_name'], sni)
    out = {'applicable': False, kind: endpoint, 'client_certificate_negotiation': bool(options['negotiate_client_certificate'])}
    host = plan.manager.host
    if getattr(host, 'kind', None) == 'windows' and options['certificate_thumbprint']:
        state = host.ensure_site_certificate(options['ip'], options['port'], options['host_name'],
                                             bindings.check_thumbprint(options['certificate_thumbprint']),
                                             bindings.check_store_name(options['certificate_store']),
                                             bool(options['negotiate_client_certificate']), sni=sni)
        out.update(applicable=True, changed=state['changed'], before=state['before'], after=state['after'],
                   command=state['command'])
        return out
    if getattr(host, 'kind', None) == 'offline':
        out['reason'] = 'offline target: http.sys certificate bindings exist only on a running Windows host'
    else:
        out['reason'] = 'the http.sys certificate binding is applied by the Windows-host backend, not by this module'
    if options['certificate_thumbprint']:
        argv = bindings.netsh_sslcert_argv(options['ip'], options['port'], options['host_name'],
                                           options['certificate_thumbprint'], options['certificate_store'],
                                           options['negotiate_client_certificate'], sni)
        out.update(argv=argv, command=bindings.netsh_command(argv))
    else:
        bindings.check_store_name(options['certificate_store'])
        out.update(argv=None, command=None)
        out['reason'] += '; no binding.certificate_thumbprint given, so no command either'
    return out


# -- 2. enabledProtocols -----------------------------------------------------------------------------
def _protocol_list(text):
    return [p.strip() for p in (text or '').split(',') if p.strip()]


def effective_protocols(manager, application):
    """enabledProtocols of an application: its own attribute, else the site's then the server's
    ``applicationDefaults``, else the schema default (``http``). Returns (value, source)."""
    if application.element.get('enabledProtocols') is not None:
        return application.element.get('enabledProtocols'), 'application %s' % application.path
    site_defaults = find_child(application.site.element, 'applicationDefaults')
    if site_defaults is not None and site_defaults.get('enabledProtocols') is not None:
        return site_defaults.get('enabledProtocols'), 'applicationDefaults of site %s' % application.site.name
    values = manager.effective_element(SITES, '', ('applicationDefaults',))
    value = values['enabledProtocols']
    return value.value, 'server applicationDefaults' if value.explicit else 'schema default'


def ensure_protocols(plan, site, location, wanted):
    """``https`` is among the enabled protocols of the application serving ``location``;
    with ``enabled_protocols`` given, the list is exactly that (order kept as given)."""
    application = plan.manager.application_for(location)
    current, _source = effective_protocols(plan.manager, application)
    have = _protocol_list(current)
    if wanted is None:
        desired = have + ([] if 'https' in [p.lower() for p in have] else ['https'])
    else:
        desired = [p.strip() for p in wanted if p.strip()]
        if 'https' not in [p.lower() for p in desired]:
            raise ConfigError('enabled_protocols must include https (got %s)' % ', '.join(desired))
    if sorted(p.lower() for p in desired) != sorted(p.lower() for p in have):
        plan.set_attributes(SITES, '', {'enabledProtocols': ','.join(desired)},
                            ({'name': site.name}, {'path': application.path}), commit=COMMIT)
    return application


# -- 3. sslFlags and authentication ------------------------------------------------------------------
def ensure_access(plan, location, params):
    flags = client_cert.desired_ssl_flags(params['require_ssl'], params['client_certificate'], params['ssl128'])
    if params['client_certificate'] != 'ignore' and not params['require_ssl']:
        plan.warnings.append('client_certificate=%s without require_ssl: plain http requests to %s are served without '
                             'any certificate' % (params['client_certificate'], location))
    plan.set_attributes(ACCESS, location, {'sslFlags': flags}, commit=COMMIT)
    return flags


def ensure_enabled(plan, section, location, enabled):
    plan.set_attributes(section, location, {'enabled': _bool_text(enabled)}, commit=COMMIT)


#: What each certificate mapping needs on the server: its configuration section, the native
#: module that implements it, and the Windows feature (role service) whose setup registers both.
MAPPING_REQUIREMENTS = {
    'active_directory': (AD_MAPPING, 'CertificateMappingAuthenticationModule', 'Web-Client-Auth',
                         'Client Certificate Mapping Authentication'),
    'iis': (IIS_MAPPING, 'IISCertificateMappingAuthenticationModule', 'Web-Cert-Auth',
            'IIS Client Certificate Mapping Authentication'),
}


class MappingModuleError(ConfigError):
    """The mapping would be written but could not work; ``result`` says what is missing."""

    def __init__(self, message, result):
        super(MappingModuleError, self).__init__(message)
        self.result = result


def check_mapping_module(plan, location, mapping):
    """Refuse a mapping the server cannot run: IIS reads the section, but without its module
    nothing authenticates a certificate (anonymous or other authentication answers instead).

    Checked on the configuration as this task sees it, so an earlier task of the same play that
    installs the module (``iis_module state=present image=...``, which writes globalModules and
    modules) makes this one pass, on an offline host as on a Windows host. Sub-applications
    that take the module away again are reported as warnings."""
    if mapping not in MAPPING_REQUIREMENTS:
        return
    manager = plan.manager
    section, module, feature, title = MAPPING_REQUIREMENTS[mapping]
    install = ('install the Windows feature %s (%s), e.g. Install-WindowsFeature %s, or register the module with '
               'webadmin.iis.iis_module in an earlier task' % (feature, title, feature))
    state = module_requirements.native_module_state(manager, module, location)
    declared = manager.section_definition(section).declared and manager.schema.has_section(section)
    details = {'name': module, 'windows_feature': feature, 'location': location, 'installed': state.installed,
               'enabled': state.enabled, 'section_declared': declared}
    if not declared:
        raise MappingModuleError(
            'mapping=%s: %s is not declared in applicationHost.config configSections (or the schema): IIS would answer '
            'HTTP 500.19; %s. Nothing was changed.' % (mapping, section, install), {'mapping_module': details})
    if not state.installed:
        raise MappingModuleError('mapping=%s cannot work: %s; %s. Nothing was changed.' % (mapping, state.problem(), install),
                                 {'mapping_module': details})
    if not state.enabled:
        raise MappingModuleError(
            'mapping=%s cannot work: %s. Enable it there (webadmin.iis.iis_module name=%s state=present location=%r) '
            'or remove what takes it away. Nothing was changed.' % (mapping, state.problem(), module, location),
            {'mapping_module': details})
    site_name = cpath.split_site(location)[0]
    for child in child_locations(manager, manager.site(site_name), location, [section]):
        if cpath.location_key(child) == cpath.location_key(location):
            continue
        below = module_requirements.native_module_state(manager, module, child)
        if not below.enabled:
            plan.warnings.append('mapping=%s does not work at %s: %s' % (mapping, child, below.problem()))


def ensure_mapping(plan, location, params):
    mapping = params.get('mapping')
    if mapping is None:
        return
    check_mapping_module(plan, location, mapping)
    ensure_enabled(plan, AD_MAPPING, location, mapping == 'active_directory')
    ensure_enabled(plan, IIS_MAPPING, location, mapping == 'iis')
    if mapping != 'iis':
        return
    for option, attr in (('one_to_one', 'oneToOneCertificateMappingsEnabled'), ('many_to_one', 'manyToOneCertificateMappingsEnabled')):
        if params.get(option) is not None:
            plan.set_attributes(IIS_MAPPING, location, {attr: _bool_text(bool(params[option]))}, commit=COMMIT)
    if params.get('one_to_one') is not None:
        ensure_one_to_one(plan, location, params)
    if params.get('many_to_one') is not None:
        ensure_many_to_one(plan, location, params)


def _compare(attrs, update_password):
    """Attribute names ensure_item compares. With ``update_password=on_create`` an existing
    entry's password is never compared (IIS may hold it encrypted, which the controller cannot
    compare) - it is only written when the entry is created."""
    return [name for name in attrs if update_password == 'always' or name != 'password']


def _existing_certificate_text(manager, location, der):
    """The certificate text of an effective entry holding the same certificate, however it was
    written (line breaks, PEM headers): its key must be reused or IIS would see two entries."""
    for item in manager.effective_collection(IIS_MAPPING, location, ONE_TO_ONE).items:
        if client_cert.stored_certificate_der(item.element.get('certificate')) == der:
            return item.element.get('certificate')
    return None


def ensure_one_to_one(plan, location, params):
    manager = plan.manager
    wanted = []
    for index, entry in enumerate(params['one_to_one']):
        der = client_cert.certificate_der(entry['certificate'], 'one_to_one[%d].certificate' % index)
        text = _existing_certificate_text(manager, location, der) or client_cert.iis_certificate_text(der)
        attrs = {'certificate': text, 'userName': entry['user_name'], 'enabled': _bool_text(entry['enabled'])}
        if entry.get('password') is not None:
            attrs['password'] = entry['password']
        plan.ensure_item(IIS_MAPPING, location, attrs, ONE_TO_ONE, commit=COMMIT,
                         compare=_compare(attrs, params['update_password']))
        wanted.append(text)
    if params['exclusive_mappings']:
        for item in manager.effective_collection(IIS_MAPPING, location, ONE_TO_ONE).items:
            if item.element.get('certificate') not in wanted:
                plan.remove_item(IIS_MAPPING, location, {'certificate': item.element.get('certificate')}, ONE_TO_ONE, COMMIT)


def ensure_many_to_one(plan, location, params):
    manager = plan.manager
    wanted = []
    for entry in params['many_to_one']:
        attrs = {'name': entry['name'], 'permissionMode': entry['permission'].capitalize(),
                 'enabled': _bool_text(entry['enabled'])}
        for option, name in (('description', 'description'), ('user_name', 'userName'), ('password', 'password')):
            if entry.get(option) is not None:
                attrs[name] = entry[option]
        plan.ensure_item(IIS_MAPPING, location, attrs, MANY_TO_ONE, commit=COMMIT,
                         compare=_compare(attrs, params['update_password']))
        ensure_rules(plan, location, entry)
        wanted.append(entry['name'].lower())
    if params['exclusive_mappings']:
        for item in manager.effective_collection(IIS_MAPPING, location, MANY_TO_ONE).items:
            if (item.element.get('name') or '').lower() not in wanted:
                plan.remove_item(IIS_MAPPING, location, {'name': item.element.get('name')}, MANY_TO_ONE, COMMIT)


def ensure_rules(plan, location, entry):
    """The rules of a many-to-one mapping are exactly the ones given: all of them must match a
    certificate, so a stale rule would silently change who is mapped."""
    path = MANY_TO_ONE + ({'name': entry['name']}, 'rules')
    collection = plan.manager.element_schema(IIS_MAPPING, path).collection
    wanted = []
    for rule in entry['rules']:
        attrs = {'certificateField': rule['certificate_field'].capitalize(),
                 'certificateSubField': rule['certificate_sub_field'], 'matchCriteria': rule['match_criteria'],
                 'compareCaseSensitive': _bool_text(rule['compare_case_sensitive'])}
        plan.ensure_item(IIS_MAPPING, location, attrs, path, commit=COMMIT)
        wanted.append(collection.key_of(attrs))
    for item in plan.manager.effective_collection(IIS_MAPPING, location, path).items:
        if item.key not in wanted:
            key = dict(item.element.attrib)
            key.setdefault('compareCaseSensitive', 'true')
            plan.remove_item(IIS_MAPPING, location, key, path, COMMIT)


# -- 5. sub-applications -------------------------------------------------------------------------------
def is_override(layer, scope):
    """A layer that can weaken ``scope``'s settings: anything below it, and a web.config at the
    scope itself (it wins over applicationHost.config's <location> for the same path)."""
    if cpath.location_key(layer.level) == cpath.location_key(scope):
        return not layer.is_apphost
    return cpath.is_ancestor_or_self(scope, layer.level)


def managed_sections(params):
    sections = [ACCESS]
    if params.get('anonymous_authentication') is not None:
        sections.append(ANONYMOUS)
    if params.get('mapping') is not None:
        sections.extend([AD_MAPPING, IIS_MAPPING])
    return sections


def child_locations(manager, site, scope, sections):
    """The scope itself, every application below it, and every applicationHost.config
    <location path> below it that holds one of ``sections``."""
    found = {cpath.location_key(scope): scope}
    for app in site.applications:
        if app.path != '/' and cpath.is_ancestor_or_self(scope, app.location):
            found.setdefault(cpath.location_key(app.location), app.location)
    for node in element_children(manager.apphost.root):
        if node.tag != 'location':
            continue
        path = cpath.normalize_location(node.get('path', ''))
        if path and cpath.is_ancestor_or_self(scope, path) and any(_section_under(node, s) for s in sections):
            found.setdefault(cpath.location_key(path), path)
    return sorted(found.values(), key=lambda loc: (cpath.depth(loc), loc.lower()))


def _section_under(node, section):
    for part in section.split('/'):
        node = find_child(node, part)
        if node is None:
            return False
    return True


def weaknesses(manager, location, scope, desired):
    """[(section, attribute names or None for the mapping lists, text)] that make ``location``
    weaker than what was asked for ``scope``."""
    found = []
    value = manager.effective_element(ACCESS, location)['sslFlags']
    missing = client_cert.missing_flags(desired['ssl_flags'], value.value)
    if missing:
        found.append((ACCESS, ['sslFlags'], 'sslFlags is "%s" (from %s): lacks %s'
                      % (value.value, reporting.source_text(value.source), ', '.join(missing))))
    if desired['anonymous'] is False:
        value = manager.effective_element(ANONYMOUS, location)['enabled']
        if _is_true(value.value):
            found.append((ANONYMOUS, ['enabled'], 'anonymous authentication is enabled again (from %s)'
                          % reporting.source_text(value.source)))
    section = {'active_directory': AD_MAPPING, 'iis': IIS_MAPPING}.get(desired['mapping'])
    if section is not None:
        value = manager.effective_element(section, location)['enabled']
        if not _is_true(value.value):
            found.append((section, ['enabled'], '%s mapping is disabled (from %s)'
                          % (desired['mapping'], reporting.source_text(value.source))))
    if desired['mapping'] == 'iis':
        for path in (ONE_TO_ONE, MANY_TO_ONE):
            layers = _collection_overrides(manager, location, scope, path)
            if layers:
                found.append((IIS_MAPPING, None, '%s entries are changed below %s (in %s)'
                              % (path[0], scope, ', '.join(sorted(set(layer.describe() for layer in layers))))))
    return found


def _collection_overrides(manager, location, scope, path):
    effective = manager.effective_collection(IIS_MAPPING, location, path)
    layers = [item.layer for item in effective.items if is_override(item.layer, scope)]
    if effective.cleared_at is not None and is_override(effective.cleared_at, scope):
        layers.append(effective.cleared_at)
    return layers


def fix(plan, location, scope, weakness):
    """Remove what causes one weakness: the offending attributes where an override layer sets
    them (the whole section there when nothing else is left), or the mapping section of a layer
    that changes the mapping lists."""
    section, names, _text = weakness
    for layer, element in plan.manager.section_layers(section, location):
        if not is_override(layer, scope):
            continue
        if names is None:
            if _defines_collections(element):
                plan.remove_section_override(layer, section)
            continue
        if not any(name in element.attrib for name in names):
            continue
        others = [n for n in element.attrib if n not in names]
        if others or element_children(element):
            plan.reset_attributes(layer, section, names)
        else:
            plan.remove_section_override(layer, section)


def _defines_collections(element):
    return any(find_child(element, name) is not None for name in (ONE_TO_ONE[0], MANY_TO_ONE[0]))


def check_children(plan, site, scope, params, desired):
    """Report weaker paths; with enforce_children remove the overrides; with lock_children lock
    the sections for web.config files at and below the scope."""
    manager = plan.manager
    sections = managed_sections(params)
    report = []
    for location in child_locations(manager, site, scope, sections):
        found = weaknesses(manager, location, scope, desired)
        if not found:
            continue
        entry = {'location': location, 'reasons': [text for _s, _n, text in found], 'fixed': False}
        if params['enforce_children']:
            for weakness in found:
                fix(plan, location, scope, weakness)
            entry['fixed'] = not weaknesses(manager, location, scope, desired)
        report.append(entry)
        if not entry['fixed']:
            plan.warnings.append('%s is weaker than %s: %s%s' % (
                location, scope, '; '.join(entry['reasons']),
                '' if params['enforce_children'] else ' (enforce_children=true removes the override)'))
    if params['lock_children']:
        lock(plan, site, scope, sections)
    return report


def lock(plan, site, scope, sections):
    """overrideMode="Deny" for the sections at the scope. A web.config below that still defines
    one of them would then break its application (HTTP 500.19): refuse instead."""
    manager = plan.manager
    for section in sections:
        blocking = set()
        for location in child_locations(manager, site, scope, [section]):
            for layer, _element in manager.section_layers(section, location):
                if not layer.is_apphost and is_override(layer, scope):
                    blocking.add(layer.describe())
        if blocking:
            raise ConfigError('lock_children: %s is defined in %s; locking it would make IIS fail there with HTTP 500.19. '
                              'Move that setting to applicationHost.config (webadmin.iis.iis_config commit=apphost) or '
                              'remove it first.' % (section, ', '.join(sorted(blocking))))
        plan.set_override_mode(section, scope, 'Deny')


# -- entry points ----------------------------------------------------------------------------------------
def desired_state(plan, params):
    validate(params)
    manager = plan.manager
    site, scope = scope_location(manager, params)
    options = binding_options(params)
    extra = {'location': scope}
    if options['manage']:
        extra['binding'] = ensure_binding(plan, site, options)
        sni = extra['binding']['sni']
    else:
        sni = bool(binding_state(site, options)[2] & bindings.BINDING_SNI)
    extra['http_sys'] = http_sys(plan, options, sni)
    ensure_protocols(plan, site, scope, params.get('enabled_protocols'))
    flags = ensure_access(plan, scope, params)
    if params.get('anonymous_authentication') is not None:
        ensure_enabled(plan, ANONYMOUS, scope, params['anonymous_authentication'])
    ensure_mapping(plan, scope, params)
    desired = {'ssl_flags': flags, 'anonymous': params.get('anonymous_authentication'), 'mapping': params.get('mapping')}
    extra['weaker_children'] = check_children(plan, site, scope, params, desired)
    plan.check_plaintext_secrets(params)
    return extra


def report(plan, params):
    manager = plan.manager
    site, scope = scope_location(manager, params)
    locations = [site.name] + [app.location for app in site.applications if app.path != '/']
    if cpath.location_key(scope) not in [cpath.location_key(loc) for loc in locations]:
        locations.append(scope)
    return {'effective': [effective_settings(manager, location) for location in locations]}


# -- effective settings (secrets masked) ------------------------------------------------------------------
def _value(manager, section, location, name):
    value = manager.effective_element(section, location)[name]
    return value.value, reporting.source_text(value.source)


def _password(value):
    """Masked password plus what can be said without showing it."""
    if not value:
        return {'password': None, 'password_encrypted': False}
    return {'password': MASK, 'password_encrypted': value.startswith('[enc:')}


def effective_settings(manager, location):
    """Effective client-certificate settings at one path, with where each comes from."""
    flags, flags_source = _value(manager, ACCESS, location, 'sslFlags')
    anonymous, anonymous_source = _value(manager, ANONYMOUS, location, 'enabled')
    ad, ad_source = _value(manager, AD_MAPPING, location, 'enabled')
    application = manager.application_for(location)
    protocols, protocols_source = effective_protocols(manager, application)
    return {
        'location': location,
        'application': application.location,
        'enabled_protocols': {'value': protocols, 'source': protocols_source},
        'ssl_flags': {'value': flags, 'source': flags_source},
        'require_ssl': 'ssl' in client_cert.flag_set(flags),
        'client_certificate': client_cert.client_certificate_mode(flags),
        'ssl128': 'ssl128' in client_cert.flag_set(flags),
        'access_override_mode': manager.override_mode(ACCESS, location)[0],
        'anonymous_authentication': {'enabled': _is_true(anonymous), 'source': anonymous_source},
        'active_directory_mapping': {'enabled': _is_true(ad), 'source': ad_source},
        'iis_mapping': iis_mapping_settings(manager, location),
    }


def iis_mapping_settings(manager, location):
    values = manager.effective_element(IIS_MAPPING, location)
    out = {'enabled': _is_true(values['enabled'].value), 'source': reporting.source_text(values['enabled'].source),
           'one_to_one_enabled': _is_true(values['oneToOneCertificateMappingsEnabled'].value),
           'many_to_one_enabled': _is_true(values['manyToOneCertificateMappingsEnabled'].value),
           'one_to_one': [], 'many_to_one': []}
    for item in manager.effective_collection(IIS_MAPPING, location, ONE_TO_ONE).items:
        der = client_cert.stored_certificate_der(item.element.get('certificate'))
        entry = {'certificate_thumbprint': client_cert.certificate_thumbprint(der) if der is not None else None,
                 'user_name': item.element.get('userName'), 'enabled': _is_true(item.element.get('enabled', 'true')),
                 'source': reporting.source_text(item.layer)}
        entry.update(_password(item.element.get('password')))
        out['one_to_one'].append(entry)
    for item in manager.effective_collection(IIS_MAPPING, location, MANY_TO_ONE).items:
        element = item.element
        entry = {'name': element.get('name'), 'description': element.get('description'), 'user_name': element.get('userName'),
                 'permission': (element.get('permissionMode') or 'Allow').lower(),
                 'enabled': _is_true(element.get('enabled', 'true')), 'source': reporting.source_text(item.layer),
                 'rules': [rule_settings(rule) for rule in _rules(element)]}
        entry.update(_password(element.get('password')))
        out['many_to_one'].append(entry)
    return out


def _rules(mapping_element):
    rules = find_child(mapping_element, 'rules')
    return [child for child in element_children(rules) if child.tag == 'add'] if rules is not None else []


def rule_settings(rule):
    return {'certificate_field': (rule.get('certificateField') or '').lower(),
            'certificate_sub_field': rule.get('certificateSubField'), 'match_criteria': rule.get('matchCriteria'),
            'compare_case_sensitive': _is_true(rule.get('compareCaseSensitive', 'true'))}
