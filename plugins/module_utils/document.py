# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One IIS configuration file (applicationHost.config or a web.config) as a faithful document.

Why this exists: IIS, administrators and deployment tools all write these files, with CRLF,
sometimes a BOM, comments and hand formatting. A configuration tool that re-serialises the whole
tree produces noisy diffs and breaks people's trust. So a :class:`ConfigDocument` keeps the
original text next to the lxml tree and, on save, re-emits every node that did not change from its
original bytes. Only start tags whose attributes changed, inserted nodes and the whitespace of
removed nodes differ. A document that was not changed saves byte-identical.

Parsing is safe: no DTD, no entity expansion, no network, a size limit.
"""
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import codecs
import bisect
import hashlib
import re
import traceback

try:
    from lxml import etree
    HAS_LXML = True
    LXML_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by ansible-test's import sanity test
    etree = None
    HAS_LXML = False
    LXML_IMPORT_ERROR = traceback.format_exc()

#: Largest file we agree to parse. Real applicationHost.config files with thousands of sites are
#: a few MiB; anything near this limit is far more likely a mistake (or an attack) than config.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


class ConfigFileError(ValueError):
    """A configuration file cannot be read, parsed or written. The message names the file and,
    where known, the line and column."""

    def __init__(self, message, path=None, line=None, column=None):
        self.path = path
        self.line = line
        self.column = column
        where = path or '<config>'
        if line is not None:
            where += ':%s' % line
            if column is not None:
                where += ':%s' % column
        super(ConfigFileError, self).__init__('%s: %s' % (where, message))


# ---------------------------------------------------------------------------------------------
# Encoding: decide it ourselves so that the text we patch and the bytes lxml parses agree.
# ---------------------------------------------------------------------------------------------
_DECL_ENCODING = re.compile(r'''^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']''')


def detect_encoding(data, path=None):
    """Return ``(codec_name, bom_bytes)`` for raw file bytes.

    A BOM wins; without one, the XML declaration names the encoding (UTF-8 by default). A BOM
    that contradicts the declaration is an error, as it is for IIS (error 0x8007000d)."""
    bom = b''
    codec = None
    if data.startswith(codecs.BOM_UTF8):
        bom, codec = codecs.BOM_UTF8, 'utf-8'
    elif data.startswith(codecs.BOM_UTF16_LE):
        bom, codec = codecs.BOM_UTF16_LE, 'utf-16-le'
    elif data.startswith(codecs.BOM_UTF16_BE):
        bom, codec = codecs.BOM_UTF16_BE, 'utf-16-be'
    if codec is None and data[:2] in (b'<\x00', b'\x00<'):
        # '<' as a UTF-16 code unit: the declaration cannot even be read as ASCII.
        raise ConfigFileError('is UTF-16 text without a byte order mark', path, 1)
    if codec is None:
        head = data[:200].decode('ascii', 'replace')
        match = _DECL_ENCODING.match(head)
        declared = match.group(1).lower() if match else 'utf-8'
        if declared.startswith('utf-16'):
            raise ConfigFileError('declares %s but has no byte order mark' % declared, path, 1)
        try:
            codecs.lookup(declared)
        except LookupError:
            raise ConfigFileError('unknown encoding %r in the XML declaration' % declared, path, 1)
        return declared, bom
    try:
        head = data[len(bom):len(bom) + 400].decode(codec, 'replace')
    except Exception:  # pragma: no cover - 'replace' does not raise
        head = ''
    match = _DECL_ENCODING.match(head)
    if match:
        declared = match.group(1).lower().replace('_', '-')
        family = 'utf-16' if codec.startswith('utf-16') else 'utf-8'
        if not declared.startswith(family):
            raise ConfigFileError(
                'the byte order mark says %s but the XML declaration says %s' % (codec, declared), path, 1)
    return codec, bom


# ---------------------------------------------------------------------------------------------
# A small tokenizer over already well-formed XML text: where each node starts and ends.
# lxml tells us *what* the tree is; this tells us *where* each node's bytes are.
# ---------------------------------------------------------------------------------------------
_NAME = r'[^\s/>=<"\']+'
_START_TAG = re.compile(r'<(' + _NAME + r')((?:\s+' + _NAME + r'''\s*=\s*(?:"[^"]*"|'[^']*'))*)(\s*)(/?)>''')
_ATTR = re.compile(r'''(\s+)(''' + _NAME + r''')(\s*=\s*)("[^"]*"|'[^']*')''')
_END_TAG = re.compile(r'</(' + _NAME + r')\s*>')


class _Span:
    """Offsets of one node in the original text. For elements: start tag, end tag (None when
    self-closing); for comments and processing instructions only ``start``/``end``."""

    __slots__ = ('start', 'start_end', 'end_start', 'end', 'self_closing', 'tag')

    def __init__(self, start, start_end, tag=None, self_closing=False):
        self.start = start
        self.start_end = start_end
        self.end_start = start_end
        self.end = start_end
        self.self_closing = self_closing
        self.tag = tag


#: comments, CDATA sections and PIs: markup in which a tag name is just text
_SKIPPED_MARKUP = re.compile(r'<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>)', re.S)
#: tag name -> pattern of its start and end tags (compiled once per name)
_SAME_NAME_TAGS = {}
#: what may follow a tag name in an end tag
_END_OF_NAME = ('>', ' ', '\t', '\r', '\n')

_TOKEN = re.compile(
    r'(?P<comment><!--.*?-->)|(?P<pi><\?.*?\?>)|<!\[CDATA\[.*?\]\]>'
    r'|</(?P<end>' + _NAME + r')\s*>'
    r'|<(?P<start>' + _NAME + r')(?:\s+' + _NAME + r'''\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(?P<close>/?)>''',
    re.S)


def _scan(text, pos):
    """Yield spans, in document order, of every element, comment and PI from ``pos`` (the root
    start tag) to the end of the root element. One regular expression finds every piece of
    markup (the text is well-formed: lxml parsed it), so the loop runs once per node."""
    stack = []
    for match in _TOKEN.finditer(text, pos):
        tag = match.group('start')
        if tag is not None:
            span = _Span(match.start(), match.end(), tag, bool(match.group('close')))
            yield span
            if not span.self_closing:
                stack.append(span)
            elif not stack:
                return
        elif match.group('end') is not None:
            span = stack.pop()
            span.end_start = match.start()
            span.end = match.end()
            if not stack:
                return
        elif stack and (match.group('comment') is not None or match.group('pi') is not None):
            yield _Span(match.start(), match.end())


def _line_indent(text, offset):
    """The whitespace between the start of the line holding ``offset`` and ``offset``, or None
    when something else stands there."""
    line_start = text.rfind('\n', 0, offset) + 1
    before = text[line_start:offset]
    return before if before.strip() == '' else None


def escape_attribute(value, quote='"'):
    """Escape an attribute value the way IIS's own writer does, so that newlines and tabs
    survive the XML attribute-value normalisation."""
    value = value.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')
    value = value.replace('\r', '&#xD;').replace('\n', '&#xA;').replace('\t', '&#x9;')
    if quote == '"':
        value = value.replace('"', '&quot;')
    else:
        value = value.replace("'", '&apos;')
    return value


class ConfigDocument:
    """One configuration file: its path (as the host names it), raw bytes, and an lxml tree whose
    edits are saved with minimal textual change.

    Edit the tree through :attr:`root` with lxml's normal API (``set``, ``insert``, ``remove``,
    ``append``, ``SubElement``); new elements are laid out like their siblings on save.

    Two ways to find out what changed, chosen when the document is created:

    * ``track_edits=False`` (the default, the safe choice for any caller): saving compares every
      node with a pristine parse of the original text. Edit the tree however you like.
    * ``track_edits=True`` (what :class:`ServerManager` uses, because its plan touches every node
      it edits): the caller calls :meth:`touch` before changing a node. Saving then looks only at
      the touched nodes and their children, and copies everything else from the original text.
      Where a node stands in the text is worked out on demand, from its parent's position, with
      C-speed searches; a task that changes one entry in a 13 MiB applicationHost.config does not
      pay for tokenising or re-parsing the whole file. An edit made without touch() is lost.
    """

    def __init__(self, data, path=None, max_bytes=DEFAULT_MAX_BYTES, track_edits=False):
        if not HAS_LXML:
            raise ConfigFileError('the Python library lxml is required', path)
        if isinstance(data, str):
            raise TypeError('ConfigDocument takes bytes, not text')
        self.path = path
        self.track_edits = bool(track_edits)
        self.original_bytes = bytes(data)
        self.sha256 = hashlib.sha256(self.original_bytes).hexdigest()
        if len(data) > max_bytes:
            raise ConfigFileError('file is %d bytes, larger than the %d byte limit' % (len(data), max_bytes), path)
        if not data.strip():
            raise ConfigFileError('file is empty', path)
        self.encoding, self.bom = detect_encoding(self.original_bytes, path)
        try:
            self.text = self.original_bytes[len(self.bom):].decode(self.encoding)
        except UnicodeDecodeError as exc:
            prefix = self.original_bytes[len(self.bom):len(self.bom) + exc.start]
            line = prefix.count(b'\n') + 1
            raise ConfigFileError('not valid %s: %s' % (self.encoding, exc.reason), path, line)
        if '\x00' in self.text:
            raise ConfigFileError('contains a NUL character, which XML does not allow', path, self.text.count('\n', 0, self.text.index('\x00')) + 1)
        self.newline = '\r\n' if '\r\n' in self.text else '\n'
        self._parse()

    # -- loading ------------------------------------------------------------------------------
    def _parse(self):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                                 remove_blank_text=False, remove_comments=False, remove_pis=False,
                                 strip_cdata=False, dtd_validation=False)
        # A DOCTYPE (the only place entities can be declared) may only stand in the prolog, after
        # the XML declaration, comments and PIs; elsewhere lxml reports it as not well-formed.
        # Looking there only keeps a comment that merely mentions "<!ENTITY" loadable.
        doctype = re.compile(r'\s*<!(DOCTYPE|ENTITY)').match(self.text, self._prolog_end_hint())
        if doctype:
            line = self.text.count('\n', 0, doctype.start(1)) + 1
            raise ConfigFileError('a DOCTYPE or entity declaration is not allowed in IIS configuration', self.path, line)
        try:
            # lxml refuses str input with an encoding declaration; give it UTF-8 bytes whose
            # declaration we neutralise, so that the text we patch is the text it parsed.
            root = etree.fromstring(self._bytes_for_lxml(), parser)
        except etree.XMLSyntaxError as exc:
            line, column = (exc.position if getattr(exc, 'position', None) else (exc.lineno, exc.offset))
            message = exc.msg if getattr(exc, 'msg', None) else str(exc)
            message = re.sub(r',? line \d+, column \d+$', '', message)
            raise ConfigFileError('not well-formed XML: %s' % message, self.path, line, column)
        self.tree = root.getroottree()
        self.root = root
        self._parser = parser
        #: node -> _Span, for the nodes whose place in the text is known so far
        self._spans = {}
        #: touched nodes (track_edits) and what they looked like when first touched
        self._touched = None
        self._snapshots = {}
        #: node -> [original children, how many have spans, offset after the last of them]
        self._expansion = {}
        self.root_edits = 0
        self._skip_starts = None
        self._full = None  # the full comparison's state, for documents that do not track edits
        if not self.track_edits:
            # Every original node in document order: holding them keeps lxml's proxies (and so
            # node identity) stable until the document is compared with its pristine parse.
            self._nodes = list(root.iter())

    # -- where nodes stand in the original text ------------------------------------------------
    def _root_span(self):
        span = self._spans.get(self.root)
        if span is None:
            match = _START_TAG.search(self.text, self._prolog_end_hint())
            span = self._element_span(match.start(), self.root)
        return span

    def _element_span(self, pos, node):
        """The span of the element whose start tag begins at ``pos`` (``node`` is its live
        proxy, for a consistency check and the cache)."""
        match = _START_TAG.match(self.text, pos)
        name = match.group(1) if match is not None else None
        if name != node.tag and (name is None or etree.QName(node).localname != name.split(':')[-1]):
            raise ConfigFileError('internal error: cannot locate <%s> in the text' % etree.QName(node).localname,
                                  self.path, getattr(node, 'sourceline', None))
        span = _Span(pos, match.end(), name, bool(match.group(4)))
        if not span.self_closing:
            span.end_start, span.end = self._end_tag(name, match.end())
        self._spans[node] = span
        return span

    def _end_tag(self, name, pos):
        """(start, end) of the end tag matching a start tag ``name`` that ends at ``pos``. Only
        tags of the same name count (ignoring those in comments, CDATA and PIs), so the search
        runs at C speed over the element's text."""
        text = self.text
        close = text.find('</' + name, pos)
        after = close + len(name) + 2
        if close >= 0 and text[after:after + 1] in _END_OF_NAME and text.find('<' + name, pos, close) < 0 \
                and not self._in_skipped_markup(close):
            # the usual case: no tag of the same name inside, so the first end tag is the one
            return close, text.index('>', after) + 1
        pattern = _SAME_NAME_TAGS.get(name)
        if pattern is None:
            pattern = _SAME_NAME_TAGS[name] = re.compile('<(/?)' + re.escape(name) + r'(?=[\s/>])')
        depth = 1
        for match in pattern.finditer(self.text, pos):
            if self._in_skipped_markup(match.start()):
                continue
            if match.group(1):
                depth -= 1
                if depth == 0:
                    return match.start(), self.text.index('>', match.end()) + 1
            elif not _START_TAG.match(self.text, match.start()).group(4):
                depth += 1
        raise ConfigFileError('internal error: no end tag for <%s>' % name, self.path)

    def _in_skipped_markup(self, pos):
        if self._skip_starts is None:
            ranges = [(m.start(), m.end()) for m in _SKIPPED_MARKUP.finditer(self.text)]
            self._skip_starts = [start for start, _end in ranges]
            self._skip_ends = [end for _start, end in ranges]
        index = bisect.bisect_right(self._skip_starts, pos) - 1
        return index >= 0 and pos < self._skip_ends[index]

    def _expand(self, node, until=None):
        """Find the spans of the original children of ``node`` (whose span is known), in order,
        up to ``until`` (a child) or all of them: each starts at the next markup after its
        predecessor. Resumes where the last call stopped, so a touched child near the start of
        a large element costs only its predecessors, and what follows the last touched child is
        never looked at."""
        state = self._expansion.get(node)
        if state is None:
            state = self._expansion[node] = [self._original_children(node), 0, self._spans[node].start_end]
        children, index, pos = state
        if until is not None and until in self._spans:
            return
        text = self.text
        while index < len(children):
            child = children[index]
            pos = text.index('<', pos)
            while text.startswith('<![CDATA[', pos):
                pos = text.index('<', text.index(']]>', pos) + 3)
            if isinstance(child.tag, str):
                span = self._element_span(pos, child)
            else:
                close = '-->' if text.startswith('<!--', pos) else '?>'
                span = _Span(pos, text.index(close, pos + 2) + len(close))
                self._spans[child] = span
            pos = span.end
            index += 1
            if child is until:
                break
        state[1], state[2] = index, pos

    def _span(self, node):
        """Where an original node stands in the text; None for a node added since the parse."""
        if not self.track_edits:
            return self._full_comparison()[0].get(node)
        span = self._spans.get(node)
        if span is None:
            parent = node.getparent()
            if parent is None:
                return self._root_span() if node is self.root else None
            if getattr(node, 'sourceline', 0) is None:
                return None  # created since the parse (lxml knows no line for it)
            return self._child_span(parent, node)
        return span

    def _child_span(self, parent, child):
        """The span of ``child``, an original child of ``parent`` (even if removed since), or
        None when it is not one."""
        if not self.track_edits:
            return self._full_comparison()[0].get(child)
        span = self._spans.get(child)
        if span is None and self._span(parent) is not None:
            self._expand(parent, until=child)
            span = self._spans.get(child)
        return span

    def _children_spans(self, node):
        """A mapping that holds the spans of all original children of ``node`` (an original
        element), even of those removed from the tree since."""
        if self.track_edits:
            self._expand(node)
        return self._spans

    def _full_comparison(self):
        """(spans, pristine nodes) for documents that do not track edits: where every original
        node stands in the text, and a pristine parse (the live tree may have been edited
        since) to read original attributes and children from."""
        if self._full is None:
            root_start = _START_TAG.search(self.text, self._prolog_end_hint())
            spans = list(_scan(self.text, root_start.start()))
            pristine = list(etree.fromstring(self._bytes_for_lxml(), self._parser).iter())
            if not len(self._nodes) == len(spans) == len(pristine):
                raise ConfigFileError('internal error: %d nodes but %d spans' % (len(self._nodes), len(spans)), self.path)
            self._full = (dict(zip(self._nodes, spans)), pristine,
                          dict((node, index) for index, node in enumerate(self._nodes)),
                          dict((node, index) for index, node in enumerate(pristine)))
            self._spans = self._full[0]
        return self._full

    def _pristine(self, node):
        spans, pristine, live_position, _pristine_position = self._full_comparison()
        original = pristine[live_position[node]]
        tag = spans[node].tag
        if tag is not None and original.tag != tag and etree.QName(original).localname != tag.split(':')[-1]:
            raise ConfigFileError('internal error: node/span mismatch at %s' % tag, self.path)
        return original

    def _original_attrs(self, node):
        if not self.track_edits:
            return list(self._pristine(node).attrib.items())
        snapshot = self._snapshots.get(node)
        return snapshot[0] if snapshot is not None else list(node.attrib.items())

    def _original_children(self, node):
        if not self.track_edits:
            nodes, position = self._nodes, self._full_comparison()[3]
            return [nodes[position[child]] for child in self._pristine(node)]
        snapshot = self._snapshots.get(node)
        return snapshot[1] if snapshot is not None else list(node)

    def _verbatim(self, node):
        """May ``node`` (original) be copied from the text without comparing it?"""
        if not isinstance(node.tag, str):
            return True  # comments and PIs are never edited in place
        return self.track_edits and (self._touched is None or node not in self._touched)

    def touch(self, node):
        """Say that ``node`` (an attribute, or its list of children) is about to change, before
        changing it. With ``track_edits``, what the node and its ancestors look like now is
        remembered as their original state, and saving copies every untouched subtree from the
        original text; without it, touching changes nothing (every node is compared)."""
        if node is self.root:
            # every change to the top level (a <location> tag added or removed) touches the root
            # itself first: indexes of the top level compare this count to stay current
            self.root_edits += 1
        if not self.track_edits:
            return
        if self._touched is None:
            self._touched = set()
        while node is not None and node not in self._touched:
            self._touched.add(node)
            self._snapshots[node] = (list(node.attrib.items()), list(node))
            node = node.getparent()

    def top_level(self, tag):
        """The first child of the root with this tag, through an index: in an
        applicationHost.config with thousands of <location> tags, asking for a section group that
        is not at the top level must not walk all of them. The index is rebuilt after the top
        level changed (top_level_version)."""
        cached = getattr(self, '_top_level', None)
        if cached is None or cached[0] != self.top_level_version():
            index = {}
            for child in self.root:
                if isinstance(child.tag, str):
                    index.setdefault(child.tag, child)
            cached = self._top_level = (self.top_level_version(), index)
        return cached[1].get(tag)

    def top_level_version(self):
        """Changes whenever the root's children may have changed: every such edit touches the
        root right before it (the configuration layer asks nothing in between)."""
        return self.root_edits

    @property
    def prolog(self):
        return self.text[:self._span(self.root).start]

    @property
    def epilog(self):
        return self.text[self._span(self.root).end:]

    @property
    def indent_unit(self):
        if getattr(self, '_indent_unit', None) is None:
            self._indent_unit = self._guess_indent_unit()
        return self._indent_unit

    def _bytes_for_lxml(self):
        text = self.text
        match = re.match(r'^(\s*<\?xml[^>]*?)\bencoding\s*=\s*["\'][^"\']*["\']', text)
        if match:
            text = text[:match.start(0)] + match.group(1) + 'encoding="utf-8"' + text[match.end(0):]
        return text.encode('utf-8')

    def _prolog_end_hint(self):
        """Offset after the XML declaration, comments and PIs that precede the root element."""
        pos = 0
        while True:
            match = re.compile(r'\s*(<\?.*?\?>|<!--.*?-->)', re.S).match(self.text, pos)
            if not match:
                return pos
            pos = match.end()

    def _guess_indent_unit(self):
        """The indentation one level adds: that of the first original element, in document
        order, whose start tag is indented deeper than its parent's."""
        pending = [self.root]
        while pending:
            node = pending.pop()
            parent_indent = _line_indent(self.text, self._span(node).start)
            children = [child for child in self._original_children(node) if isinstance(child.tag, str)]
            for child in children:
                child_indent = _line_indent(self.text, self._child_span(node, child).start)
                if parent_indent is not None and child_indent is not None and len(child_indent) > len(parent_indent) \
                        and child_indent.startswith(parent_indent):
                    return child_indent[len(parent_indent):]
            pending.extend(reversed(children))
        return '    '

    # -- identity ---------------------------------------------------------------------------
    def is_original(self, node):
        return self._span(node) is not None

    def line_of(self, node):
        """1-based line number of an original node (new nodes: None). lxml records it while
        parsing (beyond line 65535 too); nodes created since have none."""
        return getattr(node, 'sourceline', None)

    # -- saving -----------------------------------------------------------------------------
    @property
    def changed(self):
        return self.to_text() != self.text

    def to_bytes(self):
        return self.bom + self.to_text().encode(self.encoding)

    def rendered_text(self, generation):
        """to_text(), computed once per ``generation`` (a counter its owner bumps on every edit):
        a task asks for the text several times (changed?, diff, write) without editing between."""
        cached = getattr(self, '_rendered', None)
        if cached is None or cached[0] != generation:
            cached = self._rendered = (generation, self.to_text())
        return cached[1]

    def rendered_bytes(self, generation):
        return self.bom + self.rendered_text(generation).encode(self.encoding)

    def to_text(self):
        if self.track_edits and self._touched is None:
            return self.text  # nothing was touched, so nothing changed
        return self.prolog + self._emit(self.root, self._indent_of(self.root)) + self.epilog

    def _indent_of(self, node):
        span = self._span(node)
        if span is not None:
            indent = _line_indent(self.text, span.start)
            if indent is not None:
                return indent
        parent = node.getparent()
        if parent is None:
            return ''
        return self._indent_of(parent) + self.indent_unit

    def _emit(self, node, indent):
        span = self._span(node)
        if span is None:
            return self._render_new(node, indent)
        if self._verbatim(node):
            return self.text[span.start:span.end]  # comment / PI, or an element nothing touched
        out = [self._start_tag(node, span)]
        children = list(node)
        original = self._original_children(node)
        if span.self_closing:
            if not children:
                return out[0]
            # <modules /> that gains children becomes <modules>...</modules>
            out[0] = self._reopen(out[0])
            child_indent = indent + self.indent_unit
            for child in children:
                out.append(self.newline + child_indent + self._emit(child, child_indent))
            out.append(self.newline + indent + '</%s>' % node.tag)
            return ''.join(out)
        if children == original:
            cursor = span.start_end
            if self.track_edits:
                # only touched children are emitted; the text around them is copied in slices
                children = sorted((child for child in self._touched if child.getparent() is node), key=node.index)
            for child in children:
                child_span = self._child_span(node, child)
                out.append(self.text[cursor:child_span.start])
                out.append(self._emit(child, _line_indent(self.text, child_span.start) or indent + self.indent_unit))
                cursor = child_span.end
            out.append(self.text[cursor:span.end])
            return ''.join(out)
        # Children changed: every original child owns the text that precedes it ("lead"); it
        # travels with the child and disappears with it. New children get a sibling's lead.
        leads = {}
        spans = self._children_spans(node)
        cursor = span.start_end
        for child in original:
            child_span = spans[child]
            leads[child] = self.text[cursor:child_span.start]
            cursor = child_span.end
        trailing = self.text[cursor:span.end_start]
        default_lead = None
        for child in original:
            if leads[child].strip() == '' and '\n' in leads[child]:
                default_lead = leads[child]
        if default_lead is None:
            default_lead = self.newline + indent + self.indent_unit
        if not original and trailing.strip() == '' and '\n' not in trailing:
            trailing = self.newline + indent  # an empty <a></a> gaining children: close it on its own line
        for child in children:
            lead = leads.get(child, default_lead)
            child_indent = lead[lead.rfind('\n') + 1:] if '\n' in lead else indent + self.indent_unit
            out.append(lead)
            out.append(self._emit(child, child_indent))
        out.append(trailing)
        out.append(self.text[span.end_start:span.end])
        return ''.join(out)

    @staticmethod
    def _reopen(start_tag):
        return re.sub(r'\s*/>$', '>', start_tag)

    def _start_tag(self, node, span):
        raw = self.text[span.start:span.start_end]
        current = list(node.attrib.items())
        original_attrs = self._original_attrs(node)
        if current == original_attrs:
            return raw
        match = _START_TAG.match(raw)
        pieces = ['<', match.group(1)]
        wanted = dict(current)
        seen = set()
        for attr in _ATTR.finditer(match.group(2)):
            ws, name, eq, quoted = attr.groups()
            if name not in wanted:
                continue  # removed attribute: drop it with its leading whitespace
            seen.add(name)
            quote = quoted[0]
            old_value = dict(original_attrs).get(name)
            if old_value == wanted[name]:
                pieces.append(ws + name + eq + quoted)
            else:
                pieces.append(ws + name + eq + quote + escape_attribute(wanted[name], quote) + quote)
        for name, value in current:
            if name not in seen:
                pieces.append(' %s="%s"' % (name, escape_attribute(value)))
        pieces.append(match.group(3) + match.group(4) + '>')
        return ''.join(pieces)

    def _render_new(self, node, indent):
        if not isinstance(node.tag, str):
            if node.tag is etree.Comment:
                return '<!--%s-->' % node.text
            return etree.tostring(node, encoding='unicode', with_tail=False)
        attrs = ''.join(' %s="%s"' % (name, escape_attribute(value)) for name, value in node.attrib.items())
        children = list(node)
        if not children:
            return '<%s%s />' % (node.tag, attrs)
        child_indent = indent + self.indent_unit
        inner = ''.join(self.newline + child_indent + self._emit(child, child_indent) for child in children)
        return '<%s%s>%s%s</%s>' % (node.tag, attrs, inner, self.newline + indent, node.tag)

    # -- diff ---------------------------------------------------------------------------------
    def unified_diff(self, mask=None, context=3):
        """Unified diff from the original to the current text. ``mask`` is an optional callable
        applied to each side's text before diffing (used to hide secret attribute values)."""
        import difflib
        before, after = self.text, self.to_text()
        if mask is not None:
            before, after = mask(before), mask(after)
        return ''.join(difflib.unified_diff(
            before.replace('\r\n', '\n').splitlines(True), after.replace('\r\n', '\n').splitlines(True),
            fromfile='%s (before)' % self.path, tofile='%s (after)' % self.path, n=context))
