# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tests that each guard of the configuration layer fails when the guard is weakened by one line.

Each test here was written against a one-line mutation that the rest of the unit suite let
through; tests/tools/mutation_check.py (``make mutation``) applies every one of those mutations
in turn and requires this file to fail under each.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

import pytest

from ansible_collections.webadmin.iis.plugins.module_utils import aspnet_migration
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.document import ConfigDocument
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost, TargetError
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan
from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action

MODULES = 'system.webServer/modules'
DIRBROWSE = 'system.webServer/directoryBrowse'


# 1. path confinement on a separator boundary ------------------------------------------------------

def test_a_symlink_to_a_sibling_named_like_the_root_is_refused(mini_host):
    """``startswith(root)`` would accept ``<root>-evil``: the root must be followed by a separator."""
    sibling = str(mini_host) + '-evil'
    os.makedirs(os.path.join(sibling, 'x'))
    os.symlink(sibling, os.path.join(str(mini_host), 'inetpub', 'escape'))
    host = OfflineHost(mini_host)
    with pytest.raises(TargetError, match='outside the offline root'):
        host.local_path('C:\\inetpub\\escape\\web.config')
    assert host.local_path('C:\\inetpub\\site') == os.path.join(str(mini_host), 'inetpub', 'site')


# 2. an unchanged attribute keeps its escaping --------------------------------------------------------

@pytest.mark.parametrize('track_edits', [True, False])
def test_an_unchanged_attribute_keeps_its_character_references(track_edits):
    text = '<configuration>\r\n  <e a="x&#10;y&#9;z" b="1" />\r\n</configuration>\r\n'
    document = ConfigDocument(text.encode('utf-8'), 'C:\\t\\web.config', track_edits=track_edits)
    node = document.root[0]
    document.touch(node)
    node.set('b', '2')
    assert document.to_text() == text.replace('b="1"', 'b="2"')


# 3. ensure_item compares an omitted attribute with its schema default --------------------------------

def test_an_item_equal_to_its_defaults_is_no_change(mini_host):
    plan = Plan(ServerManager(OfflineHost(mini_host)))
    plan.ensure_item(MODULES, '', {'name': 'ServerMod', 'preCondition': ''})
    assert plan.operations == []
    assert plan.manager.changed_documents() == []


# 4. legacy detection reads impersonate case-insensitively, as ASP.NET does ---------------------------

@pytest.mark.parametrize('spelling', ['true', 'True', 'TRUE', ' true '])
def test_impersonate_true_in_any_case_is_legacy(mini_host, spelling):
    (mini_host / 'inetpub' / 'site' / 'web.config').write_bytes(
        ('<configuration><system.web><identity impersonate="%s" /></system.web></configuration>' % spelling).encode())
    manager = ServerManager(OfflineHost(mini_host))
    findings = aspnet_migration.find_legacy_config(manager, manager.site('Site').applications)
    assert findings and set(f['entry'] for f in findings) == {'identity'}, findings


# 5. a touched document whose text is unchanged is not a change ---------------------------------------

def test_a_document_edited_back_to_its_text_is_not_changed(mini_host):
    plan = Plan(ServerManager(OfflineHost(mini_host)))
    plan.set_attributes(DIRBROWSE, '', {'enabled': 'true'})
    plan.set_attributes(DIRBROWSE, '', {'enabled': 'false'})
    assert len(plan.operations) == 2
    assert plan.manager.changed_documents() == []


def test_a_task_that_ends_where_it_started_reports_no_change(mini_host):
    """Through the action plugin: an exclusive collection already in that state writes nothing."""
    before = (mini_host / 'Windows/System32/inetsrv/config/applicationHost.config').read_bytes()
    result = run_action('iis_config', mini_host, section='system.webServer/defaultDocument',
                        element='files', collection={'items': [{'value': 'a.htm'}, {'value': 'b.htm'}], 'exclusive': True})
    assert result.get('failed') is not True and result['changed'] is False, result
    assert (mini_host / 'Windows/System32/inetsrv/config/applicationHost.config').read_bytes() == before
