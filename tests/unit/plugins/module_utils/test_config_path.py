# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Location strings: one canonical form, compared case-insensitively like IIS does."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.webadmin.iis.plugins.module_utils import config_path
from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath


@pytest.mark.parametrize('given, expected', [
    (None, ''), ('', ''), ('/', ''), ('.', ''), ('  ', ''),
    ('MACHINE/WEBROOT/APPHOST', ''),
    ('MACHINE/WEBROOT/APPHOST/Default Web Site/app', 'Default Web Site/app'),
    ('machine/webroot/apphost/Site', 'Site'),
    ('Default Web Site/', 'Default Web Site'),
    ('/Default Web Site/app/', 'Default Web Site/app'),

])
def test_normalize_location(given, expected):
    assert cpath.normalize_location(given) == expected


@pytest.mark.parametrize('bad', ['Site//app', 'Site/../other', 'Site/./x', 'Site/a"b', 'Site\nx', 'a\x00', 5])
def test_bad_locations_are_refused_with_the_option_name(bad):
    with pytest.raises(cpath.ConfigPathError, match='^location'):
        cpath.normalize_location(bad)


def test_option_name_is_used_in_errors():
    with pytest.raises(cpath.ConfigPathError, match='^site '):
        cpath.normalize_location('a/../b', option='site')


def test_ancestors_and_depth():
    assert cpath.ancestors('') == ['']
    assert cpath.ancestors('S/a/b') == ['', 'S', 'S/a', 'S/a/b']
    assert cpath.depth('S/a/b') == 3 and cpath.depth('') == 0
    assert cpath.segments('MACHINE/WEBROOT/APPHOST/S/a') == ['S', 'a']


@pytest.mark.parametrize('ancestor, location, expected', [
    ('', 'S/a', True), ('S', 'S/a', True), ('s', 'S/A', True), ('S/a', 'S/a', True),
    ('S/a', 'S', False), ('S/a', 'S/ab', False), ('Site', 'Site 2/x', False),
])
def test_is_ancestor_or_self(ancestor, location, expected):
    assert cpath.is_ancestor_or_self(ancestor, location) is expected


def test_keys_join_split_describe():
    assert cpath.location_key('MACHINE/WEBROOT/APPHOST/Default Web Site/App') == 'default web site/app'
    assert cpath.join('', 'S') == 'S' and cpath.join('S', '') == 'S' and cpath.join('S/a', '/b/') == 'S/a/b'
    assert cpath.split_site('') == ('', '')
    assert cpath.split_site('S') == ('S', '/')
    assert cpath.split_site('S/a/b') == ('S', '/a/b')
    assert cpath.describe('') == 'server level' and cpath.describe('/S/') == "'S'"


_location_text = st.lists(st.sampled_from(list('aZ. /\\"\r\n\x00\x1c\t\u00a0\u017f\u0131\u0130') + [
    'MACHINE/WEBROOT/APPHOST', 'machine/webroot/apphost/', 'MACHINE/WEBROOT/APPHO\u017fT', '..', 'Default Web Site']),
    max_size=12).map(''.join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_location_text, st.text(max_size=12)))
def test_the_canonical_fast_path_agrees_with_the_general_normalisation(text):
    """normalize_location returns a string matched by _CANONICAL unchanged, without the general
    steps: whatever it matches, the general steps must also leave unchanged."""
    if config_path._CANONICAL.fullmatch(text):
        assert _slow_normalize(text) == text


def _slow_normalize(text):
    saved = config_path._CANONICAL
    config_path._CANONICAL = re.compile(r'(?!)')  # never matches: the general path only
    try:
        return config_path.normalize_location(text)
    finally:
        config_path._CANONICAL = saved


@pytest.mark.parametrize('text', ['Default Web Site', 'Default Web Site/app/dir', 'a.b/c..d', '.x/..y', 'x y/z'])
def test_canonical_locations_take_the_fast_path(text):
    assert config_path._CANONICAL.fullmatch(text) and _slow_normalize(text) == text
