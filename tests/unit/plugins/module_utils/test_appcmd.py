# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quoting: hostile names and values cannot break out of a Windows command line, an appcmd
collection indexer, or a PowerShell literal; what cannot be expressed is refused."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ansible_collections.webadmin.iis.plugins.module_utils import appcmd
from ansible_collections.webadmin.iis.plugins.module_utils.appcmd import QuotingError

HOSTILE = u' \t"\'&%^$`\\|<>()!;,*?[]{}=:/@#~\u2018\u2019\u201a\u201b\u00e9\u20ac\U0001f600'
# Text without the characters no command line can carry; biased towards the hostile ones.
SAFE_TEXT = st.text(alphabet=st.one_of(
    st.sampled_from(HOSTILE), st.characters(blacklist_characters='\x00\r\n', blacklist_categories=('Cs',))))
PS_QUOTES = (u"'", u'\u2018', u'\u2019', u'\u201a', u'\u201b')


def parse_powershell_single_quoted(source):
    """A PowerShell single-quoted string literal parser: the literal starts and ends with any of
    the five single-quote characters; inside, a quote character followed by another quote
    character stands for the second one; nothing else is special. Returns (value, rest)."""
    assert source[0] in PS_QUOTES, 'not a single-quoted literal'
    out = []
    i = 1
    while i < len(source):
        char = source[i]
        if char in PS_QUOTES:
            if i + 1 < len(source) and source[i + 1] in PS_QUOTES:
                out.append(source[i + 1])
                i += 2
                continue
            return ''.join(out), source[i + 1:]
        out.append(char)
        i += 1
    raise ValueError('unterminated literal')


# -- Windows command lines ---------------------------------------------------------------------

@settings(max_examples=400)
@given(st.lists(SAFE_TEXT, min_size=1, max_size=5))
@example([u'', u'a b', u'"', u'\\', u'\\"', u'a\\\\', u'%PATH%', u'^&|', u'$(x)`n'])
def test_windows_quoting_round_trips_through_commandlinetoargvw_rules(argv):
    line = appcmd.join_windows_args(argv)
    assert appcmd.split_windows_args(line) == argv


@pytest.mark.parametrize('line, argv', [
    # The examples of Microsoft's "Parsing C++ command-line arguments" page (post-2008 rules),
    # so that the round trip above is checked against the documented parser, not only ours.
    ('"abc" d e', ['abc', 'd', 'e']),
    ('a\\\\b d"e f"g h', ['a\\\\b', 'de fg', 'h']),
    ('a\\\\\\"b c d', ['a\\"b', 'c', 'd']),
    ('a\\\\\\\\"b c" d e', ['a\\\\b c', 'd', 'e']),
    ('a"b"" c d', ['ab" c d']),
])
def test_split_follows_the_documented_examples(line, argv):
    assert appcmd.split_windows_args(line) == argv


@given(SAFE_TEXT, SAFE_TEXT)
def test_a_value_cannot_inject_another_argument(name, value):
    argv = ['set', 'config', '/%s:%s' % ('x', value), '/commit:apphost', name]
    assert appcmd.split_windows_args(appcmd.join_windows_args(argv)) == argv


def test_windows_quoting_golden_strings():
    assert appcmd.quote_windows_arg('plain') == 'plain'
    assert appcmd.quote_windows_arg('') == '""'
    assert appcmd.quote_windows_arg('Default Web Site') == '"Default Web Site"'
    assert appcmd.quote_windows_arg('a"b') == '"a\\"b"'
    assert appcmd.quote_windows_arg('C:\\dir with space\\') == '"C:\\dir with space\\\\"'
    assert appcmd.quote_windows_arg('C:\\no\\space\\') == 'C:\\no\\space\\'


@given(SAFE_TEXT, st.sampled_from(['\n', '\r', '\x00']), SAFE_TEXT)
def test_newline_and_nul_are_refused(before, bad, after):
    with pytest.raises(QuotingError):
        appcmd.quote_windows_arg(before + bad + after)
    with pytest.raises(QuotingError):
        appcmd.check_value(before + bad + after)


def test_non_strings_are_refused():
    with pytest.raises(QuotingError):
        appcmd.quote_windows_arg(5)
    with pytest.raises(QuotingError):
        appcmd.quote_powershell(None)


# -- appcmd's own syntax -----------------------------------------------------------------------

@given(SAFE_TEXT.filter(lambda v: "'" not in v))
def test_indexer_keeps_values_without_single_quotes_inside_one_argument(value):
    text = appcmd.indexer([('name', value)])
    assert text == "[name='%s']" % value
    argv = ['set', 'config', '-section:system.webServer/modules', '/+' + text]
    assert appcmd.split_windows_args(appcmd.join_windows_args(argv))[-1] == '/+' + text


@given(SAFE_TEXT, SAFE_TEXT)
def test_indexer_refuses_single_quotes(before, after):
    with pytest.raises(QuotingError, match='single quote'):
        appcmd.indexer([('name', before + "'" + after)])


def test_indexer_with_position_and_combined_key():
    assert appcmd.indexer([('statusCode', '404'), ('subStatusCode', '-1')], 'start') == \
        "[@start,statusCode='404',subStatusCode='-1']"
    assert appcmd.indexer([('name', 'x')], 2) == "[@2,name='x']"


@pytest.mark.parametrize('name', ['', 'a b', "a'b", 'a"b', 'a[b', 'a]b', 'a,b', 'a.b', 'a:b', 'a/b', 'a=b', 'a\nb'])
def test_bad_names_are_refused(name):
    with pytest.raises(QuotingError):
        appcmd.check_name(name)


def test_element_path():
    assert appcmd.element_path(['requestLimits', 'headerLimits']) == 'requestLimits.headerLimits'
    assert appcmd.element_path(['manyToOneMappings', [('name', 'm 1')], 'rules']) == "manyToOneMappings.[name='m 1'].rules"
    with pytest.raises(QuotingError):
        appcmd.element_path(['a.b'])


def test_display_masks_secrets_and_quotes():
    line = appcmd.display(['set', 'config', 'Default Web Site', '/password:hunter 2'], secrets=['hunter 2'])
    assert line == appcmd.APPCMD + ' set config "Default Web Site" "/password:********"'


# -- PowerShell --------------------------------------------------------------------------------

@settings(max_examples=400)
@given(st.text(alphabet=st.one_of(
    st.sampled_from(HOSTILE + u'\n\r'), st.characters(blacklist_characters='\x00', blacklist_categories=('Cs',)))))
@example(u"'; Remove-Item C:\\ -Recurse; '")
@example(u'\u2018\u2019\u201a\u201b')
@example(u'$(Invoke-Expression x) `n @{a=1}')
def test_powershell_literal_round_trips_and_ends_where_it_should(value):
    literal = appcmd.quote_powershell(value)
    parsed, rest = parse_powershell_single_quoted(literal + u'; more')
    assert parsed == value
    assert rest == u'; more'


def test_powershell_doubles_every_kind_of_single_quote():
    assert appcmd.quote_powershell(u"a'b") == u"'a''b'"
    assert appcmd.quote_powershell(u'\u2019') == u"'\u2019\u2019'"
    assert appcmd.quote_powershell(u'$env:X `"') == u"'$env:X `\"'"


def test_powershell_refuses_nul():
    with pytest.raises(QuotingError):
        appcmd.quote_powershell(u'a\x00b')
