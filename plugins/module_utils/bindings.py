# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Site bindings as IIS understands them: the one place that parses, formats, validates and
compares ``<binding protocol bindingInformation sslFlags>``, and works out which bindings of
different sites collide.

Why one module: a binding is written by iis_ssl_client_cert, read by iis_info, and turned into an
http.sys endpoint (``netsh http ... ipport=/hostnameport=``) by the Windows host. If each of them
had its own idea of what ``:8085:PaymentStatus`` means, a second run would add a duplicate that
only differs in spelling, and a hostile value could be read one way here and another way by IIS.

The rules, from IIS (configreference ``system.applicationHost/sites/site/bindings/binding``):

* ``bindingInformation`` of the http family (``http``, ``https``; ``ftp`` uses the same form) is
  ``ip:port:host``. ``ip`` is ``*`` or empty for "all unassigned", an IPv4 address, or an IPv6
  address in brackets; the host header may be empty. Other protocols (``net.tcp`` ``808:*``,
  ``net.pipe`` ``*``, ``msmq.formatname``) have free-form information and are compared as text.
* The identity of a binding is (protocol, IP with ``""`` == ``*``, port, host header compared
  case-insensitively): that is how IIS and http.sys route a request.
* Two bindings of the http family that share (IP, port, host) share one http.sys endpoint - even
  ``http`` and ``https`` (a port is either TLS or plain for a given address) - so only one of the
  sites that own them can start. ``*`` and a specific IP on the same port are *not* a conflict:
  http.sys gives requests to the specific address to that binding, and all other addresses to
  the wildcard one.
* ``sslFlags`` bit 1 (SNI) decides whether http.sys looks the certificate up by ``host:port``
  or by ``ip:port``: it is changed only when asked (see :func:`binding_ssl_flags`).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import collections
import re

from ansible_collections.webadmin.iis.plugins.module_utils import appcmd
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError

try:
    import ipaddress
except ImportError:  # pragma: no cover - Python 2 only; the collection needs Python 3
    ipaddress = None

#: Binding ``sslFlags`` bit: the certificate is chosen by host name (Server Name Indication).
BINDING_SNI = 1
#: Binding ``sslFlags`` bit: the certificate comes from the centralized certificate store.
BINDING_CENTRAL_CERT_STORE = 2
#: Binding ``sslFlags`` bit: IIS 10 "Disable TLS 1.3 over TCP" (one way around the TLS 1.3
#: renegotiation problem; the other is http.sys ``clientcertnegotiation=enable``).
BINDING_DISABLE_TLS13 = 32

#: The application id IIS itself registers its http.sys certificate bindings with.
IIS_HTTP_SYS_APPID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}'

#: Protocols whose bindingInformation is ``ip:port:host``, and the listener they share: http and
#: https go through one http.sys endpoint per (ip, port, host); ftp has its own service.
IP_PORT_HOST_FAMILY = {'http': 'http', 'https': 'http', 'ftp': 'ftp'}

_HOST_LABEL_RE = re.compile(r'(?!-)[A-Za-z0-9-]{1,63}(?<!-)')
_PORT_RE = re.compile(r'[0-9]{1,5}')
#: A host header as found in a file: IIS Manager only writes DNS names, but a file written by
#: hand or by appcmd may hold e.g. an underscore; such a binding is still one IIS serves, so when
#: *reading* only what makes the value unreadable (whitespace, control characters, ``/``) is refused.
_FILE_HOST_RE = re.compile(r'[^\s/:"<>\x00-\x1f\x7f]*')
_THUMBPRINT_RE = re.compile(r'[0-9A-Fa-f]{40}')
_STORE_RE = re.compile(r'[A-Za-z][A-Za-z0-9_]{0,63}')


class BindingInfo(collections.namedtuple('BindingInfo', 'ip port host')):
    """A parsed ``ip:port:host``. ``ip`` is ``*`` (also for an empty IP), a compressed IPv4
    address or ``[IPv6]``; ``host`` is lower case. Equal tuples are the same binding for IIS."""

    __slots__ = ()

    def text(self):
        """bindingInformation as this collection writes it."""
        return '%s:%d:%s' % (self.ip, self.port, self.host)


# -- validation of option values ---------------------------------------------------------------------
def _text(value, option, what):
    if value is None:
        return ''
    if not isinstance(value, str):
        raise ConfigError('%s: %r is not %s' % (option, value, what))
    return value


def check_ip(ip, option='binding.ip'):
    """``*`` (or empty: all unassigned addresses), an IPv4 address or an IPv6 address with or
    without brackets; returns the form bindingInformation uses (``*``, ``10.0.0.5``, ``[::1]``).

    Checked with :mod:`ipaddress` and a full match, nothing stripped: an IPv6 zone id
    (``fe80::1%x]:80:evil``) is refused because IIS bindings have none, and everything after a
    ``%`` would otherwise reach bindingInformation and netsh's ``ipport=`` verbatim."""
    text = _text(ip, option, '"*" or an IP address')
    if text in ('', '*'):
        return '*'
    bare = text[1:-1] if text.startswith('[') and text.endswith(']') else text
    if '%' in bare:
        raise ConfigError('%s: %r has an IPv6 zone id; IIS bindings take an address without one' % (option, ip))
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        raise ConfigError('%s: %r is not "*" or an IP address' % (option, ip))
    if address.version == 4 and bare != text:
        raise ConfigError('%s: %r: only IPv6 addresses are written in brackets' % (option, ip))
    return '[%s]' % address.compressed if address.version == 6 else address.compressed


def check_host_name(host_name, option='binding.host_name', wildcard=True):
    """A host header as IIS accepts it: empty for none, else DNS labels (letters, digits,
    hyphens, 1-63 characters, not starting or ending with a hyphen), at most 253 characters, and
    - on IIS 10, ``wildcard`` - a leading ``*.`` label. No ``:`` (it would end the host part of
    bindingInformation), no spaces, no ``/``, nothing stripped. Returned lower case (IIS compares
    host headers case-insensitively)."""
    host = _text(host_name, option, 'a host name')
    if not host:
        return ''
    labels = host.split('.')
    if wildcard and labels[0] == '*' and len(labels) > 1:
        labels = labels[1:]
    if len(host) > 253 or not all(_HOST_LABEL_RE.fullmatch(label) for label in labels):
        raise ConfigError('%s: %r is not a valid host name (DNS labels of letters, digits and hyphens%s)'
                          % (option, host_name, ', optionally after "*."' if wildcard else ''))
    return host.lower()


def check_port(port, option='binding.port'):
    """A TCP port, 1-65535, as an int (a bool is not a port)."""
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise ConfigError('%s: %r is not a TCP port (1-65535)' % (option, port))
    return port


def binding_info(ip, port, host_name, option='binding'):
    """The validated :class:`BindingInfo` for module options; errors name ``option.ip`` etc."""
    return BindingInfo(check_ip(ip, option + '.ip'), check_port(port, option + '.port'),
                       check_host_name(host_name, option + '.host_name'))


def binding_information(ip, port, host_name):
    """``ip:port:host`` as in ``<binding bindingInformation>``, from validated parts."""
    return binding_info(ip, port, host_name).text()


# -- reading what is in a file ---------------------------------------------------------------------------
def parse_binding_information(text, option='bindingInformation'):
    """:class:`BindingInfo` of an ``ip:port:host`` value as found in applicationHost.config;
    ConfigError (naming ``option``) when IIS would not read it as one. The host header is held
    to what a request can carry, not to the stricter option rule of :func:`check_host_name`
    (which decides what this collection *writes*)."""
    if not isinstance(text, str):
        raise ConfigError('%s: %r is not ip:port:host' % (option, text))
    if text.startswith('['):
        end = text.find(']')
        if end < 0 or text[end + 1:end + 2] != ':':
            raise ConfigError('%s: %r: an IPv6 address must be written [address]:port:host' % (option, text))
        ip_part, rest = text[:end + 1], text[end + 2:]
        port_part, sep, host_part = rest.partition(':')
    else:
        ip_part, sep1, rest = text.partition(':')
        port_part, sep2, host_part = rest.partition(':')
        sep = sep1 and sep2
    if not sep or not _PORT_RE.fullmatch(port_part):
        raise ConfigError('%s: %r is not ip:port:host' % (option, text))
    if not _FILE_HOST_RE.fullmatch(host_part):
        raise ConfigError('%s: %r: the host header has characters no request can carry' % (option, text))
    return BindingInfo(check_ip(ip_part, option), check_port(int(port_part), option), host_part.lower())


def try_parse(protocol, text):
    """:class:`BindingInfo` for a binding of the ``ip:port:host`` family, None for other
    protocols or for a value IIS could not use (reported, never guessed at)."""
    if (protocol or '').lower() not in IP_PORT_HOST_FAMILY:
        return None
    try:
        return parse_binding_information(text)
    except ConfigError:
        return None


def identity(protocol, text):
    """What makes two bindings the same binding for IIS: (protocol, ip, port, host) normalised,
    or (protocol, text) for protocols whose information is not ``ip:port:host``."""
    info = try_parse(protocol, text)
    if info is None:
        return ((protocol or '').lower(), text or '')
    return ((protocol or '').lower(),) + tuple(info)


def same_binding(protocol_a, text_a, protocol_b, text_b):
    return identity(protocol_a, text_a) == identity(protocol_b, text_b)


def find_binding(site, protocol, info):
    """The binding of ``site`` that IIS sees as ``protocol`` + ``info`` (however it is spelled),
    or None."""
    wanted = ((protocol or '').lower(),) + tuple(info)
    for binding in site.bindings:
        if identity(binding.protocol, binding.binding_information) == wanted:
            return binding
    return None


# -- conflicts across sites ----------------------------------------------------------------------------
def endpoint_key(protocol, info):
    """The listener a binding occupies: (family, ip, port, host). Bindings with the same key
    cannot be served by two sites (nor by http and https at once)."""
    return (IP_PORT_HOST_FAMILY[(protocol or '').lower()],) + tuple(info)


def conflicts_with(sites, site_name, protocol, info):
    """``[(site name, protocol, bindingInformation)]`` of bindings that occupy the same endpoint
    as ``protocol`` + ``info`` on ``site_name``: on other sites any of them, on the same site only
    one of another protocol (the same protocol there is the binding itself)."""
    if (protocol or '').lower() not in IP_PORT_HOST_FAMILY:
        return []
    key = endpoint_key(protocol, info)
    port = str(info.port)
    found = []
    for site in sites:
        same_site = site.name.lower() == (site_name or '').lower()
        for binding in site.bindings:
            if port not in binding.binding_information:  # cheap: most bindings are on another port
                continue
            other = try_parse(binding.protocol, binding.binding_information)
            if other is None or endpoint_key(binding.protocol, other) != key:
                continue
            if same_site and binding.protocol.lower() == protocol.lower():
                continue
            found.append((site.name, binding.protocol, binding.binding_information))
    return found


def check_no_conflict(sites, site_name, protocol, info):
    """ConfigError naming the other site and its binding when adding this binding would leave
    IIS able to start only one of them."""
    found = conflicts_with(sites, site_name, protocol, info)
    if found:
        raise ConfigError('binding %s %s of site %r conflicts with %s: they share the http.sys endpoint %s, so IIS '
                          'could start only one of them' % (
                              protocol, info.text(), site_name,
                              '; '.join('%s binding %s of site %r' % (p, b, s) for s, p, b in found),
                              '%s:%d:%s' % info))


def server_conflicts(sites):
    """Every group of bindings on the server that share one endpoint (see :func:`endpoint_key`)
    across two or more bindings, plus bindings IIS could not read. Returns a list of
    ``{'endpoint', 'family', 'bindings': [{'site', 'protocol', 'binding_information'}]}``;
    ``family`` is ``invalid`` for an unreadable bindingInformation."""
    groups = collections.OrderedDict()
    invalid = []
    for site in sites:
        for binding in site.bindings:
            entry = {'site': site.name, 'protocol': binding.protocol, 'binding_information': binding.binding_information}
            if (binding.protocol or '').lower() not in IP_PORT_HOST_FAMILY:
                continue
            info = try_parse(binding.protocol, binding.binding_information)
            if info is None:
                invalid.append({'endpoint': binding.binding_information, 'family': 'invalid', 'bindings': [entry],
                                'reason': 'bindingInformation is not ip:port:host as IIS reads it'})
                continue
            groups.setdefault(endpoint_key(binding.protocol, info), []).append(entry)
    out = []
    for key, entries in groups.items():
        if len(entries) < 2:
            continue
        out.append({'endpoint': '%s:%d:%s' % key[1:], 'family': key[0], 'bindings': entries,
                    'reason': 'bindings of the same listener family on the same ip:port:host; IIS can start only one '
                              'of the sites (or serve only one protocol) on it'})
    return out + invalid


# -- sslFlags -------------------------------------------------------------------------------------------
def ssl_flags_value(current, option='sslFlags'):
    """The binding's ``sslFlags`` as an int (absent = 0)."""
    if current is None or current == '' or current == 'None':
        return 0
    try:
        return int(current)
    except (TypeError, ValueError):
        raise ConfigError('binding %s %r is not a number' % (option, current))


def binding_ssl_flags(current, sni):
    """The binding's ``sslFlags`` with the SNI bit set (``sni`` true), cleared (false) or kept
    as it is (None); every other bit (central certificate store, HTTP/2, TLS 1.3...) is kept as
    the administrator set it. Changing the SNI bit moves the http.sys certificate lookup between
    ``ip:port`` and ``host:port``, which breaks TLS for a working site, so it is never implied."""
    value = ssl_flags_value(current)
    if sni is None:
        return value
    return (value | BINDING_SNI) if sni else (value & ~BINDING_SNI)


# -- http.sys (netsh) -------------------------------------------------------------------------------------
def check_thumbprint(thumbprint, option='binding.certificate_thumbprint'):
    """Exactly 40 hex digits (a SHA-1 thumbprint), returned upper-case, with a full match (a
    trailing newline passes ``re.match('...$')``). Spaces and the invisible characters
    certlm.msc copies along are refused rather than silently removed, so what runs on the host
    is exactly what was reviewed."""
    if not isinstance(thumbprint, str) or not _THUMBPRINT_RE.fullmatch(thumbprint):
        raise ConfigError('%s: expected 40 hexadecimal digits (a SHA-1 thumbprint, no spaces), got %r'
                          % (option, thumbprint))
    return thumbprint.upper()


def check_store_name(store, option='binding.certificate_store'):
    """A certificate store name of the local machine (My, WebHosting, ...): letters, digits and
    underscores only, full match."""
    if not isinstance(store, str) or not _STORE_RE.fullmatch(store):
        raise ConfigError('%s: %r is not a certificate store name (letters, digits, underscore; e.g. My, WebHosting)'
                          % (option, store))
    return store


def http_sys_endpoint(ip, port, host_name, sni=None):
    """('ipport' | 'hostnameport', value) naming the http.sys SSL binding of a site binding.
    SNI bindings with a host name are keyed by ``host:port``, every other binding by
    ``ip:port`` (``*`` is 0.0.0.0). ``sni`` None means "SNI when there is a host name" (the
    caller knows no binding flags)."""
    host = check_host_name(host_name, 'binding.host_name')
    port = check_port(port)
    if sni is None:
        sni = bool(host)
    if host and sni:
        return 'hostnameport', '%s:%d' % (host, port)
    ip = check_ip(ip)
    return 'ipport', '%s:%d' % ('0.0.0.0' if ip == '*' else ip, port)


def netsh_sslcert_argv(ip, port, host_name, thumbprint, store, negotiate_client_certificate, sni=None):
    """argv of ``netsh http add sslcert`` for the binding (validated, nothing user-given is
    interpreted by a shell)."""
    kind, endpoint = http_sys_endpoint(ip, port, host_name, sni)
    argv = ['netsh', 'http', 'add', 'sslcert', '%s=%s' % (kind, endpoint),
            'certhash=%s' % check_thumbprint(thumbprint), 'appid=%s' % IIS_HTTP_SYS_APPID,
            'certstorename=%s' % check_store_name(store)]
    argv.append('clientcertnegotiation=%s' % ('enable' if negotiate_client_certificate else 'disable'))
    return argv


def netsh_command(argv):
    """The command line for ``argv``, quoted with the collection's only Windows quoting function."""
    return appcmd.join_windows_args(argv)
