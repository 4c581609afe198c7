# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ConfigDocument: byte-faithful load/save, minimal edits, safe parsing, and the shared corpus."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import codecs
import re

import pytest
from lxml import etree

from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ServerManager
from ansible_collections.webadmin.iis.plugins.module_utils.document import ConfigDocument, ConfigFileError
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost

BOM = codecs.BOM_UTF8

CRLF_BOM = BOM + (
    b'<?xml version="1.0" encoding="UTF-8"?>\r\n'
    b'<!-- top comment -->\r\n'
    b'<configuration>\r\n'
    b'\t<system.webServer>\r\n'
    b'\t\t<!-- keep me -->\r\n'
    b'\t\t<directoryBrowse enabled="false"   showFlags=\'Date\' />\r\n'
    b'\r\n'
    b'\t\t<modules>\r\n'
    b'\t\t\t<add name="A" type="T.A" />\r\n'
    b'\t\t\t<add name="B" type="T.B &amp; &quot;x&quot;" />\r\n'
    b'\t\t</modules>\r\n'
    b'\t\t<defaultDocument />\r\n'
    b'\t</system.webServer>\r\n'
    b'</configuration>\r\n')


def doc(data=CRLF_BOM, path='C:\\site\\web.config'):
    return ConfigDocument(data, path)


def find(document, xpath):
    return document.root.xpath(xpath)[0]


def changed_lines(before, after):
    """Indexes of lines that differ, for same-length texts; else None."""
    a, b = before.split(b'\n'), after.split(b'\n')
    if len(a) != len(b):
        return None
    return [i for i, (x, y) in enumerate(zip(a, b)) if x != y]


# ---------------------------------------------------------------------------------------------
# Round trips
# ---------------------------------------------------------------------------------------------

def test_unchanged_document_saves_byte_identical():
    document = doc()
    assert not document.changed
    assert document.to_bytes() == CRLF_BOM
    assert document.encoding == 'utf-8' and document.bom == BOM and document.newline == '\r\n'


@pytest.mark.parametrize('data', [
    b'<configuration/>',
    b'<?xml version="1.0"?>\n<configuration>\n  <a x="1"/>\n</configuration>',
    b'<?xml version="1.0" encoding="utf-8"?><configuration><a><![CDATA[ <x> ]]></a><?pi data?></configuration>\n\n',
    b"<configuration  ><a  x = '1'\ty=\"2\"\n   z='&lt;'/></configuration   >",
], ids=['self-closing-root', 'lf-no-encoding', 'cdata-pi-trailing', 'odd-spacing'])
def test_unusual_but_valid_layouts_round_trip(data):
    assert doc(data).to_bytes() == data


def test_every_wellformed_shared_file_round_trips(shared_iis, corpus_file):
    data = (shared_iis / corpus_file).read_bytes()
    document = ConfigDocument(data, corpus_file)
    assert document.to_bytes() == data
    assert not document.changed


def test_broken_shared_file_is_a_config_file_error(shared_iis, broken_corpus_file):
    path = 'corpus/' + broken_corpus_file
    with pytest.raises(ConfigFileError) as info:
        ConfigDocument((shared_iis / path).read_bytes(), path)
    assert info.value.path == path and info.value.line and info.value.column
    assert str(info.value).startswith('%s:%s:%s: not well-formed XML' % (path, info.value.line, info.value.column))


# ---------------------------------------------------------------------------------------------
# The synthetic bad-input cases of ../shared/iis/corpus/synthetic (README.tsv says what each is)
# ---------------------------------------------------------------------------------------------

def _load_as_apphost(tmp_path, data):
    config = tmp_path.joinpath('Windows', 'System32', 'inetsrv', 'config')
    config.mkdir(parents=True)
    (config / 'applicationHost.config').write_bytes(data)
    return ServerManager(OfflineHost(str(tmp_path)))


def _utf16_loads(tmp_path, document, data):
    assert document.encoding == 'utf-16-le' and document.bom == codecs.BOM_UTF16_LE
    assert document.to_bytes() == data
    node = document.root.find('system.webServer/directoryBrowse')
    if node is None:
        node = etree.SubElement(document.root, 'marker')
    node.set('enabled', 'true')
    saved = document.to_bytes()
    assert saved.startswith(codecs.BOM_UTF16_LE)
    assert ConfigDocument(saved, 'again').encoding == 'utf-16-le'


def _duplicate_key_is_reported(tmp_path, document, data):
    webconfig = '<?xml version="1.0" encoding="utf-8"?><configuration><location path="" overrideMode="Allow">' \
                '<system.webServer><modules /></system.webServer></location></configuration>'
    host = _with_site(tmp_path, webconfig.encode(), data)
    manager = ServerManager(host)
    collection = manager.effective_collection('system.webServer/modules', 'S')
    assert any('duplicate collection entry' in p and "name='mymodule'" in p.lower() for p in collection.problems)
    assert [item.element.get('type') for item in collection.items] == ['A.B, A']
    problems = manager.validate()
    assert len(problems) == 1 and 'web.config:6:' in problems[0] and 'duplicate collection entry' in problems[0]


def _section_twice_is_flagged(tmp_path, document, data):
    manager = _load_as_apphost(tmp_path, data)
    problems = manager.validate()
    assert len(problems) == 1
    assert 'windowsAuthentication is defined twice' in problems[0]
    assert 'applicationHost.config:5:' in problems[0] and 'applicationHost.config:3' in problems[0]


def _with_site(tmp_path, apphost_tail, site_webconfig):
    """An apphost with site S on C:\\s whose web.config is ``site_webconfig``."""
    apphost = apphost_tail.replace(
        b'<configuration>',
        b'<configuration><system.applicationHost><sites><site name="S" id="1"><application path="/">'
        b'<virtualDirectory path="/" physicalPath="C:\\s" /></application></site></sites></system.applicationHost>', 1)
    _load_as_apphost(tmp_path, apphost)
    (tmp_path / 's').mkdir()
    (tmp_path / 's' / 'web.config').write_bytes(site_webconfig)
    return OfflineHost(str(tmp_path))


VALID_BUT_REJECTED = {
    'utf16le-bom.apphost.config': _utf16_loads,
    'duplicate-collection-key.webconfig.config': _duplicate_key_is_reported,
    'section-in-location-and-outside.apphost-fragment.config': _section_twice_is_flagged,
}


def test_synthetic_case_gives_the_right_outcome(shared_iis, synthetic_case, tmp_path):
    name = synthetic_case['file']
    data = (shared_iis / 'corpus' / 'synthetic' / name).read_bytes()
    verdict = synthetic_case['xml_parse(ElementTree)']
    if verdict == 'ok':
        assert name in VALID_BUT_REJECTED, 'new synthetic case without an expected outcome: %s' % name
        VALID_BUT_REJECTED[name](tmp_path, ConfigDocument(data, name), data)
        return
    expected_line = int(re.search(r'line (\d+)', verdict).group(1))
    with pytest.raises(ConfigFileError) as info:
        ConfigDocument(data, name)
    error = info.value
    assert error.path == name and error.line == expected_line
    assert str(error).startswith('%s:%d' % (name, expected_line))
    if 'encoding' in verdict:
        assert 'utf-16' in str(error) and 'utf-8' in str(error)
    else:
        assert error.column is not None and 'not well-formed' in str(error)


# ---------------------------------------------------------------------------------------------
# Errors and safety
# ---------------------------------------------------------------------------------------------

def test_malformed_input_names_file_line_and_column():
    with pytest.raises(ConfigFileError) as info:
        doc(b'<configuration>\n  <a x="1">\n  </b>\n</configuration>', 'D:\\w\\web.config')
    assert (info.value.path, info.value.line) == ('D:\\w\\web.config', 3)
    assert info.value.column and str(info.value).startswith('D:\\w\\web.config:3:%d: ' % info.value.column)


BILLION_LAUGHS = b'''<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<configuration><a v="&lol3;" /></configuration>'''

EXTERNAL_ENTITY = b'''<?xml version="1.0"?>
<!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<configuration><a v="&xxe;" /></configuration>'''


@pytest.mark.parametrize('data', [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=['billion-laughs', 'external-entity'])
def test_doctype_and_entities_are_refused(data):
    with pytest.raises(ConfigFileError, match='DOCTYPE or entity') as info:
        doc(data)
    assert info.value.line == 2


def test_size_limit():
    data = b'<configuration>' + b' ' * 100 + b'</configuration>'
    with pytest.raises(ConfigFileError, match='larger than the 64 byte limit'):
        ConfigDocument(data, 'big.config', max_bytes=64)
    assert ConfigDocument(data, 'big.config', max_bytes=len(data)).to_bytes() == data


@pytest.mark.parametrize('data', [b'', b'  \r\n', BOM], ids=['zero-bytes', 'whitespace', 'bom-only'])
def test_empty_file_is_an_error(data):
    with pytest.raises(ConfigFileError, match='empty|not well-formed'):
        doc(data, 'empty.config')


def test_text_is_refused():
    with pytest.raises(TypeError):
        ConfigDocument(u'<configuration/>', 'x')


def test_utf16_without_bom_and_bad_bytes_are_clear_errors():
    with pytest.raises(ConfigFileError, match='without a byte order mark'):
        doc(u'<?xml version="1.0" encoding="utf-16"?><configuration/>'.encode('utf-16-le'))
    with pytest.raises(ConfigFileError, match='not valid utf-8') as info:
        doc(b'<configuration>\n<a v="\xff" />\n</configuration>')
    assert info.value.line == 2


# ---------------------------------------------------------------------------------------------
# Edits change only what they must
# ---------------------------------------------------------------------------------------------

def test_changing_an_attribute_changes_only_its_line():
    document = doc()
    find(document, '//directoryBrowse').set('enabled', 'true')
    after = document.to_bytes()
    assert after.startswith(BOM)
    assert changed_lines(CRLF_BOM, after) == [5]
    # the other attribute keeps its quote style and the original spacing
    assert b'\t\t<directoryBrowse enabled="true"   showFlags=\'Date\' />\r\n' in after


def test_adding_and_removing_attributes_changes_only_that_line():
    document = doc()
    node = find(document, '//add[@name="B"]')
    node.set('preCondition', 'managedHandler')
    del node.attrib['type']
    after = document.to_bytes()
    assert changed_lines(CRLF_BOM, after) == [9]
    assert b'\t\t\t<add name="B" preCondition="managedHandler" />\r\n' in after


def test_unchanged_attribute_keeps_its_raw_escaping_when_a_sibling_changes():
    document = doc()
    node = find(document, '//add[@name="B"]')
    node.set('name', 'B2')
    assert b'<add name="B2" type="T.B &amp; &quot;x&quot;" />' in document.to_bytes()


def test_attribute_order_is_preserved_and_new_ones_go_last():
    document = doc(b'<configuration><a z="1" b="2" m="3" /></configuration>')
    node = find(document, '//a')
    node.set('b', '20')
    node.set('a', 'new')
    assert document.to_bytes() == b'<configuration><a z="1" b="20" m="3" a="new" /></configuration>'


@pytest.mark.parametrize('value, raw', [
    ('a & b', 'a &amp; b'),
    ('<tag>', '&lt;tag&gt;'),
    ('say "hi"', 'say &quot;hi&quot;'),
    ('line1\nline2\r\tx', 'line1&#xA;line2&#xD;&#x9;x'),
])
def test_new_values_are_escaped_and_read_back_exactly(value, raw):
    document = doc()
    find(document, '//directoryBrowse').set('showFlags', value)
    text = document.to_text()
    assert "showFlags='%s'" % raw.replace('&quot;', '"') in text or 'showFlags="%s"' % raw in text
    again = ConfigDocument(document.to_bytes(), 'again')
    assert find(again, '//directoryBrowse').get('showFlags') == value


def test_single_quoted_value_gets_apos_escaped():
    document = doc()
    find(document, '//directoryBrowse').set('showFlags', "it's")
    assert "showFlags='it&apos;s'" in document.to_text()
    assert find(ConfigDocument(document.to_bytes(), 'x'), '//directoryBrowse').get('showFlags') == "it's"


def test_inserted_element_is_indented_like_its_siblings_with_the_file_newline():
    document = doc()
    modules = find(document, '//modules')
    new = etree.SubElement(modules, 'add')
    new.set('name', 'C')
    after = document.to_bytes()
    assert b'\t\t\t<add name="B" type="T.B &amp; &quot;x&quot;" />\r\n\t\t\t<add name="C" />\r\n\t\t</modules>\r\n' in after
    assert after.replace(b'\t\t\t<add name="C" />\r\n', b'', 1) == CRLF_BOM


def test_element_inserted_first_takes_the_same_indent():
    document = doc()
    modules = find(document, '//modules')
    new = etree.Element('remove')
    new.set('name', 'X')
    modules.insert(0, new)
    after = document.to_bytes()
    assert b'\t\t<modules>\r\n\t\t\t<remove name="X" />\r\n\t\t\t<add name="A"' in after
    assert after.replace(b'\t\t\t<remove name="X" />\r\n', b'', 1) == CRLF_BOM


def test_self_closing_parent_gains_a_child():
    document = doc()
    parent = find(document, '//defaultDocument')
    files = etree.SubElement(parent, 'files')
    etree.SubElement(files, 'add').set('value', 'index.html')
    after = document.to_bytes()
    expected = (b'\t\t<defaultDocument>\r\n'
                b'\t\t\t<files>\r\n'
                b'\t\t\t\t<add value="index.html" />\r\n'
                b'\t\t\t</files>\r\n'
                b'\t\t</defaultDocument>\r\n')
    assert expected in after
    assert after.replace(expected, b'\t\t<defaultDocument />\r\n') == CRLF_BOM


def test_empty_parent_on_one_line_gains_a_child_on_its_own_line():
    data = b'<configuration>\n  <modules></modules>\n</configuration>\n'
    document = doc(data)
    etree.SubElement(find(document, '//modules'), 'add').set('name', 'A')
    assert document.to_bytes() == b'<configuration>\n  <modules>\n    <add name="A" />\n  </modules>\n</configuration>\n'


def test_removing_an_element_removes_its_line_only():
    document = doc()
    modules = find(document, '//modules')
    modules.remove(find(document, '//add[@name="A"]'))
    assert document.to_bytes() == CRLF_BOM.replace(b'\t\t\t<add name="A" type="T.A" />\r\n', b'')
    modules.remove(find(document, '//add[@name="B"]'))
    assert b'\t\t<modules>\r\n\t\t</modules>\r\n' in document.to_bytes()


def test_comments_and_blank_lines_survive_edits():
    document = doc()
    find(document, '//directoryBrowse').set('enabled', 'true')
    etree.SubElement(find(document, '//modules'), 'add').set('name', 'C')
    text = document.to_text()
    assert '<!-- top comment -->\r\n' in text and '\t\t<!-- keep me -->\r\n' in text
    assert '/>\r\n\r\n\t\t<modules>' in text


def test_new_comment_is_rendered():
    document = doc()
    find(document, '//modules').append(etree.Comment(' added '))
    assert b'\t\t\t<!-- added -->\r\n\t\t</modules>' in document.to_bytes()


def test_lf_file_gets_lf_for_new_elements():
    data = b'<configuration>\n    <a>\n        <b />\n    </a>\n</configuration>\n'
    document = doc(data)
    etree.SubElement(find(document, '//a'), 'c')
    assert document.to_bytes() == data.replace(b'<b />\n', b'<b />\n        <c />\n')
    assert b'\r' not in document.to_bytes()


def test_new_document_sections_use_the_guessed_indent_unit():
    data = b'<configuration>\r\n  <x />\r\n</configuration>'
    document = doc(data)
    group = etree.SubElement(document.root, 'system.webServer')
    etree.SubElement(group, 'directoryBrowse').set('enabled', 'true')
    assert document.to_bytes() == (b'<configuration>\r\n  <x />\r\n  <system.webServer>\r\n'
                                   b'    <directoryBrowse enabled="true" />\r\n  </system.webServer>\r\n</configuration>')


def test_utf16_document_saves_in_utf16_with_bom():
    text = u'<?xml version="1.0" encoding="UTF-16"?>\r\n<configuration>\r\n  <a v="\u00e9" />\r\n</configuration>\r\n'
    data = codecs.BOM_UTF16_LE + text.encode('utf-16-le')
    document = doc(data)
    assert document.to_bytes() == data
    find(document, '//a').set('v', u'\u20ac')
    saved = document.to_bytes()
    assert saved == codecs.BOM_UTF16_LE + text.replace(u'\u00e9', u'\u20ac').encode('utf-16-le')


def test_utf16_big_endian_round_trips():
    text = u'<?xml version="1.0" encoding="utf-16"?>\n<configuration />\n'
    data = codecs.BOM_UTF16_BE + text.encode('utf-16-be')
    document = doc(data)
    assert document.encoding == 'utf-16-be' and document.to_bytes() == data


def test_line_of_and_unified_diff():
    document = doc()
    node = find(document, '//directoryBrowse')
    assert document.line_of(node) == 6
    node.set('enabled', 'true')
    diff = document.unified_diff()
    assert '-\t\t<directoryBrowse enabled="false"' in diff and '+\t\t<directoryBrowse enabled="true"' in diff
    assert diff.count('\n-') == 1 and diff.count('\n+') == 1 + 1  # one changed line (+ the header)
    assert document.line_of(etree.SubElement(node.getparent(), 'new')) is None


def test_utf16_declaration_in_ascii_bytes_and_nul_are_refused():
    with pytest.raises(ConfigFileError, match='declares utf-16 but has no byte order mark'):
        doc(b'<?xml version="1.0" encoding="utf-16"?><configuration/>')
    with pytest.raises(ConfigFileError, match='NUL') as info:
        doc(b'<configuration>\n<a v="x\x00" />\n</configuration>')
    assert info.value.line == 2


def test_a_comment_mentioning_entities_is_not_a_doctype():
    data = b'<configuration>\n  <!-- never use <!ENTITY or <!DOCTYPE here -->\n</configuration>\n'
    assert doc(data).to_bytes() == data
