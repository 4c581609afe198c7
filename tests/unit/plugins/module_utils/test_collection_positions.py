# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The first-match rule of IIS handlers (first_match.shadows) and the key of a collection entry
with a defaulted key part."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.webadmin.iis.plugins.module_utils import first_match
from ansible_collections.webadmin.iis.plugins.module_utils.plan import _key_pairs
from ansible_collections.webadmin.iis.plugins.module_utils.schema import SchemaRegistry

READ = {'read', 'script'}


def h(path, verb='*', resource='Unspecified', access='Script', pre=''):
    return {'path': path, 'verb': verb, 'resourceType': resource, 'requireAccess': access, 'preCondition': pre}


@pytest.mark.parametrize('earlier, later, expected', [
    (h('*', resource='Either', access='Read'), h('*.php', 'GET,POST', 'Either'), True),
    (h('*', resource='Either', access='Read'), h('*.php'), True),  # only missing files would reach it
    (h('*', 'TRACE'), h('*.php', 'GET'), False),
    (h('*', 'GET,POST'), h('*.php', 'GET'), True),
    (h('*', 'GET'), h('*.php', 'GET,POST'), False),
    (h('*', 'GET'), h('*.php', '*'), False),
    (h('*.php'), h('index.PHP'), True),
    (h('*.php'), h('*.php5'), False),
    (h('*.aspx'), h('*'), False),
    (h('*', resource='File'), h('*.php', resource='Either'), False),
    (h('*', pre='integratedMode'), h('*.php'), False),
    (h('*', pre='integratedMode'), h('*.php', pre='integratedMode,bitness64'), True),
    (h('*', access='Write'), h('*.php'), False),  # accessPolicy has no Write: the earlier one never applies
    (h('a*z'), h('abcz'), True),
    (h('a*z'), h('a*'), False),
])
def test_shadows(earlier, later, expected):
    assert first_match.shadows(earlier, later, READ) is expected


def test_only_handlers_are_first_match():
    assert first_match.is_first_match('SYSTEM.WEBSERVER/handlers')
    assert not first_match.is_first_match('system.webServer/modules')


FASTCGI = '''<configSchema><sectionSchema name="system.webServer/fastCgi"><collection addElement="application">
<attribute name="fullPath" type="string" required="true" isCombinedKey="true"/>
<attribute name="arguments" type="string" defaultValue="" isCombinedKey="true"/>
<attribute name="other" type="string" isCombinedKey="true"/>
</collection></sectionSchema></configSchema>'''


def test_defaulted_key_part_takes_its_default_required_part_does_not():
    registry = SchemaRegistry()
    registry.add_schema_xml(FASTCGI.encode(), 'fastcgi.xml')
    collection = registry.section('system.webServer/fastCgi').collection
    assert _key_pairs(collection, {'fullPath': 'x', 'other': 'o'}) == [('fullPath', 'x'), ('arguments', ''), ('other', 'o')]
    with pytest.raises(Exception, match='fullPath'):
        _key_pairs(collection, {'arguments': 'a', 'other': 'o'})
    with pytest.raises(Exception, match='other'):  # no default: still needed to identify the entry
        _key_pairs(collection, {'fullPath': 'x'})
