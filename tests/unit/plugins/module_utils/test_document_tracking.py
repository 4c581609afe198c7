# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ConfigDocument(track_edits=True) finds where touched nodes stand in the text on demand (from
their parent's position, searching for tags of the same name) instead of tokenising the whole
file. These tests make the same edit on two documents, one tracking edits and one comparing every
node with a pristine parse, and require the same saved text: for every element of layouts chosen
to trip a search (tags in comments, CDATA and PIs, nested elements of the same name, several
elements on one line, prefixes, self-closing and empty elements), and for elements of every
well-formed file of the shared corpus."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
from lxml import etree

from ansible_collections.webadmin.iis.plugins.module_utils.document import ConfigDocument, ConfigFileError

TRICKY = {
    'comments-with-tags': (
        b'<?xml version="1.0"?>\r\n<configuration>\r\n'
        b'  <!-- <location path="old"> <system.webServer></system.webServer> </location> -->\r\n'
        b'  <location path="a">\r\n    <system.webServer>\r\n'
        b'      <!-- </system.webServer> -->\r\n      <modules><add name="M" /></modules>\r\n'
        b'    </system.webServer>\r\n  </location>\r\n'
        b'  <location path="b"><system.webServer /></location>\r\n'
        b'</configuration>\r\n<!-- </configuration> -->\r\n'),
    'cdata-and-pi': (
        b'<configuration>\n  <a><![CDATA[ </a> <a> <b/> ]]><b x="1"/></a>\n'
        b'  <?pi </b> <a> ?>\n  <b><![CDATA[x]]></b>\n</configuration>\n'),
    'nested-same-name': (
        b'<configuration>\n  <add name="outer">\n    <add name="inner"><add name="deepest"/></add>\n'
        b'    <add name="sibling" />\n  </add>\n  <add name="after"></add>\n</configuration>'),
    'one-line': b'<configuration><a x="1"/><a x="2"><b/><b y="&lt;/b&gt;"/></a><c></c></configuration>',
    'prefixes': (
        b'<configuration xmlns:xdt="http://schemas.microsoft.com/XML-Document-Transform">\n'
        b'  <xdt:a xdt:Transform="Insert"><xdt:a/><a/></xdt:a>\n  <a xdt:Locator="Match(name)" name="n"/>\n'
        b'</configuration>\n'),
    'default-namespace': (
        b'<configuration xmlns="http://schemas.microsoft.com/.NET/Configuration/V2.0">\n'
        b'\t<system.web>\n\t\t<compilation debug="true" />\n\t</system.web>\n</configuration>\n'),
    'names-that-prefix-others': (
        b'<configuration>\n  <add name="x"/>\n  <addx><add/></addx>\n  <add-on><add></add></add-on>\n'
        b'  <a.b><a>t</a></a.b>\n</configuration>\n'),
    'odd-spacing': b"<configuration  >\n<a  x = '1'\ty=\"2\"\n   z='&gt;'  >text<b/>tail</a  >\n</configuration   >",
    'self-closing-root': b'<configuration/>',
    'empty-pair': b'<configuration>\n  <a></a>\n  <b>\n  </b>\n</configuration>\n',
}


def _new(data, track_edits):
    return ConfigDocument(data, 'test.config', track_edits=track_edits)


def _edit(document, index, kind):
    """Apply one edit to the ``index``-th element (document order), touching it first."""
    node = [n for n in document.root.iter() if isinstance(n.tag, str)][index]
    target = node.getparent() if kind == 'remove' else node
    if target is None:
        return False
    document.touch(target)
    if kind == 'set':
        node.set('edited', 'v "1" & <2>')
    elif kind == 'unset':
        if not node.attrib:
            return False
        del node.attrib[list(node.attrib)[0]]
    elif kind == 'append':
        etree.SubElement(node, 'added').set('name', 'new')
    elif kind == 'prepend':
        node.insert(0, etree.Element('added'))
    elif kind == 'remove':
        target.remove(node)
    elif kind == 'reverse':
        children = list(node)
        if len(children) < 2:
            return False
        for child in children:
            node.remove(child)
        for child in reversed(children):
            node.append(child)
    return True


KINDS = ('set', 'unset', 'append', 'prepend', 'remove', 'reverse')


def _assert_same_save(data, index, kind):
    tracked, compared = _new(data, True), _new(data, False)
    if not _edit(tracked, index, kind):
        return
    _edit(compared, index, kind)
    assert tracked.to_text() == compared.to_text()
    assert tracked.to_bytes() == compared.to_bytes()


@pytest.mark.parametrize('name', sorted(TRICKY))
@pytest.mark.parametrize('kind', KINDS)
def test_every_element_of_tricky_layouts(name, kind):
    data = TRICKY[name]
    count = len([n for n in _new(data, False).root.iter() if isinstance(n.tag, str)])
    for index in range(count):
        _assert_same_save(data, index, kind)


@pytest.mark.parametrize('name', sorted(TRICKY))
def test_untouched_tracking_document_saves_the_original_text(name):
    document = _new(TRICKY[name], True)
    assert document.to_bytes() == TRICKY[name] and not document.changed


def test_two_edits_in_different_branches():
    data = TRICKY['comments-with-tags']
    tracked, compared = _new(data, True), _new(data, False)
    for document in (tracked, compared):
        _edit(document, 3, 'append')  # <modules> of location a
        _edit(document, 6, 'set')     # <system.webServer /> of location b
    assert tracked.to_text() == compared.to_text()
    assert '<modules><add name="M" />' in tracked.to_text()


def test_an_edit_without_touch_is_not_seen_by_a_tracking_document():
    """The contract: tracking documents rely on touch(); the configuration layer's plan touches
    every node it edits (test_touch.py proves that for every kind of operation)."""
    document = _new(TRICKY['one-line'], True)
    document.root[0].set('x', '9')
    assert document.to_bytes() == TRICKY['one-line']
    document.touch(document.root[2])  # touched first, then edited: seen
    document.root[2].set('y', '1')
    assert document.to_bytes() == TRICKY['one-line'].replace(b'<c></c>', b'<c y="1"></c>')


def test_new_nodes_have_no_line_and_originals_keep_theirs():
    document = _new(TRICKY['nested-same-name'], True)
    inner = document.root[0][0]
    document.touch(inner)
    added = etree.SubElement(inner, 'add')
    assert document.line_of(inner) == 3 and document.line_of(added) is None
    assert document.is_original(inner) and not document.is_original(added)


def test_a_text_that_does_not_match_the_tree_is_an_error_not_a_wrong_save():
    document = _new(TRICKY['one-line'], True)
    node = document.root[1]
    document.touch(node)
    node.set('x', '3')
    document.text = document.text.replace('<a x="2">', '<q x="2">')  # as if the text were not what lxml parsed
    with pytest.raises(ConfigFileError, match='internal error'):
        document.to_text()


def test_every_wellformed_shared_file_saves_like_the_full_comparison(shared_iis, corpus_file):
    """One document per round, with edits of every kind on up to 12 elements spread over the
    file (as a plan makes several edits before one save)."""
    data = (shared_iis / corpus_file).read_bytes()
    count = len([n for n in _new(data, False).root.iter() if isinstance(n.tag, str)])
    indexes = sorted(set(range(0, count, max(1, count // 12))), reverse=True)
    for round_ in range(len(KINDS)):
        tracked, compared = _new(data, True), _new(data, False)
        for position, index in enumerate(indexes):
            kind = KINDS[(position + round_) % len(KINDS)]
            if _edit(tracked, index, kind):
                _edit(compared, index, kind)
        assert tracked.to_text() == compared.to_text()


@pytest.mark.parametrize('track_edits', [True, False])
def test_the_top_level_index_follows_edits_announced_by_touching_the_root(track_edits):
    document = _new(TRICKY['comments-with-tags'], track_edits)
    assert document.top_level('location').get('path') == 'a' and document.top_level('system.web') is None
    document.touch(document.root)
    added = etree.SubElement(document.root, 'system.web')
    assert document.top_level('system.web') is added
    first = document.top_level('location')
    document.touch(document.root)
    document.root.remove(first)
    assert document.top_level('location').get('path') == 'b'


@pytest.mark.parametrize('name', sorted(TRICKY))
def test_saving_between_edits_gives_the_same_text_at_every_step(name):
    """A task may render a document (changed? diff?) and then plan more: what was located for
    the first save must stay right for the next."""
    data = TRICKY[name]
    tracked, compared = _new(data, True), _new(data, False)
    count = len([n for n in compared.root.iter() if isinstance(n.tag, str)])
    for step, index in enumerate(reversed(range(count))):
        kind = KINDS[step % len(KINDS)]
        if _edit(tracked, index, kind):
            _edit(compared, index, kind)
        assert tracked.to_text() == compared.to_text(), (step, index, kind)
