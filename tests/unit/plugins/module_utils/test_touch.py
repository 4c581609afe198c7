# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Saving takes a shortcut: the configuration layer's documents track the nodes its plan touches,
find where those stand in the text on demand and copy every other subtree from the original text
without looking at it. These tests prove the shortcut never loses an edit: for random plans of
every kind of operation, the text saved with the shortcut equals the text saved by a document that
compares every node with a pristine parse (ConfigDocument(track_edits=False)), and both parse to
the live tree."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.module_utils.plan import Plan

EXAMPLE = Path(__file__).resolve().parents[4] / 'examples' / 'offline-host'
LOCATIONS = ['', 'Default Web Site', 'Default Web Site/legacy']
MODULES = ['OutputCache', 'Session', 'ContosoA', 'ContosoB']

steps = st.one_of(
    st.tuples(st.just('attrs'), st.sampled_from(LOCATIONS), st.booleans(), st.sampled_from(['Date', 'Time,Size', 'None'])),
    st.tuples(st.just('add'), st.sampled_from(LOCATIONS), st.sampled_from(MODULES),
              st.sampled_from([None, 'first', 'last'])),
    st.tuples(st.just('remove'), st.sampled_from(LOCATIONS), st.sampled_from(MODULES)),
    st.tuples(st.just('verb'), st.sampled_from(LOCATIONS), st.sampled_from(['TRACE', 'PUT']), st.booleans()),
    st.tuples(st.just('clear'), st.sampled_from(LOCATIONS[1:])),
    st.tuples(st.just('lock'), st.sampled_from(LOCATIONS[1:]),
              st.sampled_from(['system.webServer/directoryBrowse', 'system.webServer/httpErrors']),
              st.sampled_from(['Allow', 'Deny', 'Inherit'])),
    st.tuples(st.just('inherit'), st.sampled_from(LOCATIONS[1:])),
)


def _run(plan, step):
    kind, location = step[0], step[1]
    if kind == 'attrs':
        plan.set_attributes('system.webServer/directoryBrowse', location, {'enabled': step[2], 'showFlags': step[3]})
    elif kind == 'add':
        plan.ensure_item('system.webServer/modules', location, {'name': step[2], 'type': 'Contoso.%s' % step[2],
                                                                'preCondition': 'managedHandler'}, position=step[3])
    elif kind == 'remove':
        plan.remove_item('system.webServer/modules', location, {'name': step[2]})
    elif kind == 'verb':
        plan.ensure_item('system.webServer/security/requestFiltering', location, {'verb': step[2], 'allowed': step[3]},
                         element_path=('verbs',))
    elif kind == 'clear':
        plan.clear_collection('system.webServer/defaultDocument', location, element_path=('files',))
    elif kind == 'lock':
        plan.set_override_mode(step[2], location, step[3])
    elif kind == 'inherit':
        plan.set_attributes('system.webServer/directoryBrowse', location, {'enabled': None})


def _plan_texts(root, sequence, track_edits):
    manager = ServerManager(OfflineHost(str(root)), track_edits=track_edits)
    plan = Plan(manager)
    for step in sequence:
        try:
            _run(plan, step)
        except ConfigError:
            pass  # refused steps (locked entries, inherited order) change nothing
    return dict((document.path, (document.to_text(), document)) for document in manager.documents())


def _canonical(node):
    """Tag, attributes, non-blank text and children: what a save must preserve."""
    return (node.tag, sorted(node.attrib.items()), (node.text or '').strip(),
            [_canonical(child) for child in node])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(steps, min_size=1, max_size=8))
def test_touched_rendering_equals_full_comparison(sequence):
    work = tempfile.mkdtemp()
    try:
        root = Path(work) / 'host'
        shutil.copytree(str(EXAMPLE), str(root))
        tracked = _plan_texts(root, sequence, track_edits=True)
        compared = _plan_texts(root, sequence, track_edits=False)
        assert sorted(tracked) == sorted(compared)
        for path, (text, document) in tracked.items():
            assert text == compared[path][0], path
            assert _canonical(etree.fromstring(text.encode('utf-8'))) == _canonical(document.root), path
    finally:
        shutil.rmtree(work, ignore_errors=True)
