# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure helpers for TLS client-certificate authentication (no configuration access).

Kept apart from the feature so each rule can be unit-tested on its own and so the Windows-host
implementation of the http.sys part can reuse exactly the same validation:

* certificates: PEM or base64 DER in, the single-line base64 DER that IIS keeps in
  ``oneToOneMappings/add/@certificate`` out (IIS matches the presented certificate against that
  text, so a stray line break or PEM header means "never matches");
* ``security/access/@sslFlags``: computed from the module's options and compared as *sets* of
  flag names, because IIS accepts ``"Ssl,SslRequireCert"`` and ``"SslRequireCert, Ssl"`` alike;
* site bindings: ``bindingInformation`` (``ip:port:host``) and the binding ``sslFlags`` bit mask;
* the ``netsh http add sslcert`` command line for http.sys, built only through
  :func:`appcmd.join_windows_args` from strictly validated parts.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import hashlib
import re

from ansible_collections.webadmin.iis.plugins.module_utils import appcmd
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError

try:
    import ipaddress
except ImportError:  # pragma: no cover - Python 2 only; the collection needs Python 3
    ipaddress = None

#: Binding ``sslFlags`` bit: the certificate is chosen by host name (Server Name Indication).
BINDING_SNI = 1
#: Binding ``sslFlags`` bit: IIS 10 "Disable TLS 1.3 over TCP" (one way around the TLS 1.3
#: renegotiation problem; the other is http.sys ``clientcertnegotiation=enable``).
BINDING_DISABLE_TLS13 = 32

#: The application id IIS itself registers its http.sys certificate bindings with.
IIS_HTTP_SYS_APPID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}'

SSL_FLAG_ORDER = ('Ssl', 'SslNegotiateCert', 'SslRequireCert', 'Ssl128')

_PEM_RE = re.compile(r'-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----', re.S)
_THUMBPRINT_RE = re.compile(r'^[0-9A-Fa-f]{40}$')
_STORE_RE = re.compile(r'^[A-Za-z][A-Za-z0-9_]{0,63}$')
_HOST_LABEL_RE = re.compile(r'^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$')


# -- certificates --------------------------------------------------------------------------------
def _der_length(data, offset):
    """(length, offset of the content) of the DER element whose length octets start at
    ``offset``; ConfigError for anything that is not definite-length DER."""
    if offset >= len(data):
        raise ConfigError('truncated DER length')
    first = data[offset] if isinstance(data[offset], int) else ord(data[offset])
    if first < 0x80:
        return first, offset + 1
    count = first & 0x7F
    if count == 0 or count > 4 or offset + 1 + count > len(data):
        raise ConfigError('unsupported or truncated DER length')
    length = 0
    for i in range(count):
        byte = data[offset + 1 + i]
        length = (length << 8) | (byte if isinstance(byte, int) else ord(byte))
    return length, offset + 1 + count


def _check_der_certificate(der):
    """Cheap structural check: one SEQUENCE spanning the whole blob whose first member is a
    SEQUENCE (tbsCertificate). Catches pasted keys, CSRs cut in half, text with a typo."""
    if len(der) < 16 or der[0:1] != b'\x30':
        raise ConfigError('not a DER certificate (it must start with an ASN.1 SEQUENCE)')
    length, start = _der_length(der, 1)
    if start + length != len(der):
        raise ConfigError('not a single DER certificate (%d bytes declared, %d present)' % (start + length, len(der)))
    if der[start:start + 1] != b'\x30':
        raise ConfigError('not an X.509 certificate (no tbsCertificate SEQUENCE)')


def certificate_der(text, option='certificate'):
    """DER bytes of a certificate given as PEM (one ``BEGIN CERTIFICATE`` block) or as base64
    DER (line breaks and spaces allowed, as in an exported ``.cer`` file)."""
    if not isinstance(text, str) or not text.strip():
        raise ConfigError('%s: a PEM or base64 DER certificate is required' % option)
    blocks = _PEM_RE.findall(text)
    if len(blocks) > 1:
        raise ConfigError('%s: %d certificates given; a mapping takes exactly one (the client certificate, not its chain)'
                          % (option, len(blocks)))
    if '-----BEGIN' in text and not blocks:
        raise ConfigError('%s: only "BEGIN CERTIFICATE" PEM blocks are accepted (not keys or requests)' % option)
    body = blocks[0] if blocks else text
    compact = re.sub(r'\s+', '', body)
    try:
        der = base64.b64decode(compact.encode('ascii'), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise ConfigError('%s: not valid base64 (expected PEM or base64 DER)' % option)
    try:
        _check_der_certificate(der)
    except ConfigError as exc:
        raise ConfigError('%s: %s' % (option, exc))
    return der


def iis_certificate_text(der):
    """The form IIS keeps in ``oneToOneMappings``: base64 of the DER, one line, no headers."""
    return base64.b64encode(der).decode('ascii')


def normalize_certificate(text, option='certificate'):
    return iis_certificate_text(certificate_der(text, option))


def certificate_thumbprint(der):
    """SHA-1 of the DER, upper-case hex: what certlm.msc and ``Get-ChildItem Cert:`` show."""
    return hashlib.sha1(der).hexdigest().upper()


def stored_certificate_der(value):
    """DER of a certificate as found in a configuration file, or None when it is not one
    (someone wrote it by hand): used to recognise an existing entry written differently."""
    try:
        return certificate_der(value or '')
    except ConfigError:
        return None


# -- access sslFlags -------------------------------------------------------------------------------
def flag_set(text):
    """``"Ssl, SslRequireCert"`` -> frozenset({'ssl', 'sslrequirecert'}); None/'None' -> empty.
    Case-insensitive like IIS; order and spacing do not matter."""
    names = [part.strip() for part in (text or '').split(',')]
    return frozenset(n.lower() for n in names if n and n.lower() != 'none')


def flags_text(flags):
    """Canonical text for a set of flag names (IIS order), 'None' when empty."""
    lowered = set(f.lower() for f in flags)
    names = [name for name in SSL_FLAG_ORDER if name.lower() in lowered]
    return ','.join(names) if names else 'None'


def desired_ssl_flags(require_ssl, client_certificate, ssl128):
    """The ``security/access/@sslFlags`` names for the options, the way IIS Manager's
    "SSL Settings" page writes them: Require SSL -> Ssl; Accept -> SslNegotiateCert;
    Require -> SslNegotiateCert + SslRequireCert; 128-bit -> Ssl128."""
    names = []
    if require_ssl:
        names.append('Ssl')
    if client_certificate in ('accept', 'require'):
        names.append('SslNegotiateCert')
    if client_certificate == 'require':
        names.append('SslRequireCert')
    if ssl128:
        names.append('Ssl128')
    return flags_text(names)


def missing_flags(desired, effective):
    """Names in ``desired`` that ``effective`` lacks (what makes a path weaker)."""
    have = flag_set(effective)
    return [name for name in SSL_FLAG_ORDER if name.lower() in flag_set(desired) and name.lower() not in have]


def client_certificate_mode(flags_value):
    """'require' / 'accept' / 'ignore' for an sslFlags value (the IIS Manager radio buttons)."""
    flags = flag_set(flags_value)
    if 'sslrequirecert' in flags:
        return 'require'
    if 'sslnegotiatecert' in flags:
        return 'accept'
    return 'ignore'


# -- bindings --------------------------------------------------------------------------------------
def check_ip(ip, option='binding.ip'):
    """'*' (all addresses), an IPv4 or an IPv6 address; returns the form bindingInformation uses."""
    ip = (ip or '*').strip()
    if ip == '*':
        return ip
    text = ip[1:-1] if ip.startswith('[') and ip.endswith(']') else ip
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise ConfigError('%s: %r is not "*" or an IP address' % (option, ip))
    return '[%s]' % address.compressed if address.version == 6 else address.compressed


def check_host_name(host_name, option='binding.host_name'):
    """A DNS name (IIS 10 also takes a leading ``*.`` wildcard); empty for none."""
    host = (host_name or '').strip()
    if not host:
        return ''
    labels = host.split('.')
    if labels[0] == '*' and len(labels) > 1:
        labels = labels[1:]
    if len(host) > 253 or not all(_HOST_LABEL_RE.match(label) for label in labels):
        raise ConfigError('%s: %r is not a valid host name' % (option, host_name))
    return host.lower()


def check_port(port, option='binding.port'):
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        raise ConfigError('%s: %r is not a TCP port (1-65535)' % (option, port))
    return port


def binding_information(ip, port, host_name):
    """``ip:port:host`` as in ``<binding bindingInformation>``."""
    return '%s:%d:%s' % (check_ip(ip), check_port(port), check_host_name(host_name))


def binding_ssl_flags(current, sni):
    """The binding's ``sslFlags`` with the SNI bit set or cleared and every other bit (central
    certificate store, HTTP/2, TLS 1.3...) kept as the administrator set it."""
    try:
        value = int(current or 0)
    except (TypeError, ValueError):
        raise ConfigError('binding sslFlags %r is not a number' % (current,))
    return (value | BINDING_SNI) if sni else (value & ~BINDING_SNI)


# -- http.sys (netsh) --------------------------------------------------------------------------------
def check_thumbprint(thumbprint, option='binding.certificate_thumbprint'):
    """Exactly 40 hex digits (a SHA-1 thumbprint), returned upper-case. Spaces and the invisible
    characters certlm.msc copies along are refused rather than silently removed, so what runs
    on the host is exactly what was reviewed."""
    if not isinstance(thumbprint, str) or not _THUMBPRINT_RE.match(thumbprint):
        raise ConfigError('%s: expected 40 hexadecimal digits (a SHA-1 thumbprint, no spaces), got %r'
                          % (option, thumbprint))
    return thumbprint.upper()


def check_store_name(store, option='binding.certificate_store'):
    """A certificate store name of the local machine (My, WebHosting, ...): letters, digits and
    underscores only."""
    if not isinstance(store, str) or not _STORE_RE.match(store):
        raise ConfigError('%s: %r is not a certificate store name (letters, digits, underscore; e.g. My, WebHosting)'
                          % (option, store))
    return store


def http_sys_endpoint(ip, port, host_name):
    """('ipport' | 'hostnameport', value) naming the http.sys SSL binding of a site binding:
    SNI bindings are keyed by host name, the others by address (``*`` is 0.0.0.0)."""
    host = check_host_name(host_name)
    port = check_port(port)
    if host:
        return 'hostnameport', '%s:%d' % (host, port)
    ip = check_ip(ip)
    return 'ipport', '%s:%d' % ('0.0.0.0' if ip == '*' else ip, port)


def netsh_sslcert_argv(ip, port, host_name, thumbprint, store, negotiate_client_certificate):
    """argv of ``netsh http add sslcert`` for the binding (validated, nothing user-given is
    interpreted by a shell)."""
    kind, endpoint = http_sys_endpoint(ip, port, host_name)
    argv = ['netsh', 'http', 'add', 'sslcert', '%s=%s' % (kind, endpoint),
            'certhash=%s' % check_thumbprint(thumbprint), 'appid=%s' % IIS_HTTP_SYS_APPID,
            'certstorename=%s' % check_store_name(store)]
    argv.append('clientcertnegotiation=%s' % ('enable' if negotiate_client_certificate else 'disable'))
    return argv


def netsh_command(argv):
    """The command line for ``argv``, quoted with the collection's only Windows quoting function."""
    return appcmd.join_windows_args(argv)
