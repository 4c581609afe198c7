# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure helpers for TLS client-certificate authentication (no configuration access).

Kept apart from the feature so each rule can be unit-tested on its own:

* certificates: PEM or base64 DER in, the single-line base64 DER that IIS keeps in
  ``oneToOneMappings/add/@certificate`` out (IIS matches the presented certificate against that
  text, so a stray line break or PEM header means "never matches");
* ``security/access/@sslFlags``: computed from the module's options and compared as *sets* of
  flag names, because IIS accepts ``"Ssl,SslRequireCert"`` and ``"SslRequireCert, Ssl"`` alike;
* site bindings, their http.sys endpoint, the certificate thumbprint and store of the http.sys
  binding and the ``netsh`` command line live in :mod:`bindings` (shared by every module that
  reads or writes a binding).
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import base64
import binascii
import hashlib
import re

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError

SSL_FLAG_ORDER = ('Ssl', 'SslNegotiateCert', 'SslRequireCert', 'Ssl128')

_PEM_RE = re.compile(r'-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----', re.S)


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
