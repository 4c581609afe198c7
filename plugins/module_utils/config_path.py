# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IIS configuration paths (``MACHINE/WEBROOT/APPHOST/<site>/<app>``) and location strings.

Users write a location as ``""`` (the server), ``Default Web Site`` or ``Default Web Site/app``;
IIS compares them case-insensitively. Keeping that in one place stops each caller inventing its
own notion of "the same path".
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

APPHOST_PREFIX = 'MACHINE/WEBROOT/APPHOST'


#: Characters IIS refuses in a virtual path (and Windows in a file name), which a location names
#: segment by segment: a drive or stream separator (``:``), the other path separator (``\\``),
#: wildcards and redirections (``* ? < > |``), quotes, ``%`` (an environment variable in the
#: physical path it maps to) and every control character, NUL included.
_FORBIDDEN = '\\\\:*?"<>|%\x00-\x1f\x7f'

#: A location already in canonical form: normalize_location() would return it unchanged. Tested
#: against normalize_location itself; it lets indexes over thousands of <location path> values
#: skip the general normalisation (a C-speed match instead of a dozen string operations).
#: A segment never ends in "." or " " (Windows strips those, so "app." would be "app" and ".."
#: spelt ".. " would be ".."), which also rules out "." and "..".
_CANONICAL = re.compile(
    r'(?!\s)(?!(?i:MACHINE/WEBROOT/APPHOST))'
    r'(?:[^/%(f)s]*[^/%(f)s. ]/)*[^/%(f)s]*[^/%(f)s. ](?<!\s)' % {'f': _FORBIDDEN})
_BAD_CHARACTER = re.compile('[%s]' % _FORBIDDEN)


class ConfigPathError(ValueError):
    """A location string that IIS would not accept."""


def normalize_location(location, option='location'):
    """Canonical location: no APPHOST prefix, '/' separators, no leading/trailing slash.

    ``None``, ``""``, ``"/"`` and ``"."`` mean the server level and become ``""``."""
    if location is None:
        return ''
    if location.__class__ is str and _CANONICAL.fullmatch(location):
        return location
    if not isinstance(location, str):
        raise ConfigPathError('%s must be a string, got %r' % (option, location))
    text = location.strip()
    if text.upper().startswith(APPHOST_PREFIX):
        text = text[len(APPHOST_PREFIX):]
    text = text.strip('/')
    if text in ('', '.'):
        return ''
    for segment in text.split('/'):
        check_segment(segment, location, option)
    return text


def check_segment(segment, location, option='location'):
    """Refuse a location segment IIS would not accept as part of a virtual path.

    Why: the segments below an application become directories of its web.config path. A drive
    (``C:``), a backslash, ``..``, a ``%VARIABLE%`` or a name Windows shortens (trailing dots and
    spaces) would point that path at another directory: another application's web.config, or
    none of the site's at all."""
    if segment in ('', '.', '..'):
        raise ConfigPathError('%s %r has an empty, "." or ".." segment' % (option, location))
    bad = _BAD_CHARACTER.search(segment)
    if bad:
        raise ConfigPathError('%s %r: segment %r contains %r, a character IIS does not allow in a configuration path'
                              % (option, location, segment, bad.group(0)))
    if segment[-1] in '. ':
        raise ConfigPathError('%s %r: segment %r ends with a dot or a space, which Windows '
                              'strips from a directory name (it would name another directory)' % (option, location, segment))


def location_key(location):
    """Comparison key: IIS paths are case-insensitive."""
    return normalize_location(location).lower()


def segments(location):
    location = normalize_location(location)
    return location.split('/') if location else []


def ancestors(location):
    """All levels from the server down to ``location`` itself: '', 'Site', 'Site/app', ..."""
    parts = segments(location)
    return [''] + ['/'.join(parts[:i]) for i in range(1, len(parts) + 1)]


def depth(location):
    return len(segments(location))


def is_ancestor_or_self(ancestor, location):
    a, b = location_key(ancestor), location_key(location)
    return a == '' or a == b or b.startswith(a + '/')


def join(base, relative):
    base, relative = normalize_location(base), normalize_location(relative)
    if not base:
        return relative
    if not relative:
        return base
    return base + '/' + relative


def split_site(location):
    """('Site', '/app/dir') for a location; ('', '') for the server."""
    parts = segments(location)
    if not parts:
        return '', ''
    return parts[0], '/' + '/'.join(parts[1:]) if len(parts) > 1 else '/'


def describe(location):
    return 'server level' if not normalize_location(location) else repr(normalize_location(location))
