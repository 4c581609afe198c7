# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

"""IIS configuration schema: loading, merging, validation and normalisation.

The IIS configuration system describes every configuration section in
``<configSchema>`` XML files (``%windir%\\System32\\inetsrv\\config\\schema``).
This module reads those files (or the compact built-in definitions of
:mod:`builtin_schema`) and answers questions such as "which attributes does
``system.webServer/security/access`` have", "what is the canonical text IIS
stores for ``sslFlags: ssl, sslrequirecert``" or "which attributes identify an
item of this collection".

Vocabulary of a schema file: ``sectionSchema`` holds ``attribute``,
``element`` and ``collection`` nodes; an ``element`` holds the same three
kinds; a ``collection`` describes its items with ``attribute`` / ``element`` /
nested ``collection`` nodes; ``enum`` and ``flag`` nodes under an
``attribute`` give names to numeric values.  ``method``, ``inputElement`` and
``outputElement`` (runtime extensions) are ignored.  A section described in
several files is merged: later files add attributes, elements and
collections, they never replace what an earlier file defined.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import datetime
import difflib
import re
import traceback
from collections import OrderedDict

from ansible_collections.webadmin.iis.plugins.module_utils.builtin_schema import BUILTIN_SCHEMA_XML

try:
    from lxml import etree
    HAS_LXML = True
    LXML_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by ansible-test sanity only
    etree = None
    HAS_LXML = False
    LXML_IMPORT_ERROR = traceback.format_exc()

from collections.abc import Mapping


__all__ = [
    'SchemaError',
    'AttributeSchema',
    'ElementSchema',
    'CollectionSchema',
    'SectionSchema',
    'SchemaRegistry',
    'GENERIC_ATTRIBUTES',
    'ATTRIBUTE_TYPES',
    'is_generic_attribute',
    'safe_xml_parser',
    'HAS_LXML',
    'LXML_IMPORT_ERROR',
]


class SchemaError(ValueError):
    """A bad value, an unknown name, or an unusable schema file.

    The message names the section, the element path, the attribute and the
    allowed values/names wherever they are known.
    """


ATTRIBUTE_TYPES = ('bool', 'enum', 'flags', 'uint', 'int', 'int64', 'string', 'timeSpan')

# Attributes the configuration system accepts on any element, whatever the
# schema says (locking and configSource).  They are never part of a schema.
GENERIC_ATTRIBUTES = (
    'lockAttributes',
    'lockAllAttributesExcept',
    'lockElements',
    'lockAllElementsExcept',
    'lockItem',
    'configSource',
)
_GENERIC_LOWER = dict((n.lower(), n) for n in GENERIC_ATTRIBUTES)

_INT_RANGES = {
    'uint': (0, 4294967295),
    'int': (-2147483648, 2147483647),
    'int64': (-9223372036854775808, 9223372036854775807),
}

_TRUE_WORDS = ('true', 'yes', 'on', '1', 't', 'y')
_FALSE_WORDS = ('false', 'no', 'off', '0', 'f', 'n')

_TICKS_PER_SECOND = 10000000
_TIMESPAN_RE = re.compile(
    r'^(?P<sign>-)?(?:(?P<days>\d+)\.)?(?P<hours>\d{1,2}):(?P<minutes>\d{1,2})'
    r'(?::(?P<seconds>\d{1,2})(?:\.(?P<fraction>\d{1,7}))?)?$'
)
_INTEGER_RE = re.compile(r'^[+-]?\d+$')
_HEX_RE = re.compile(r'^0[xX][0-9a-fA-F]+$')
_FLAG_SPLIT_RE = re.compile(r'[\s,|]+')

_APP_POOL_NAME_BAD_CHARS = '|<>&\\"/[]+=;:,?*@'
_SITE_NAME_BAD_CHARS = '/?'

_INFINITE = 'Infinite'


def is_generic_attribute(name):
    """True for the attributes every element accepts (``lockItem``, ``lockAttributes``, ...)."""
    return str(name).lower() in _GENERIC_LOWER


def _require_lxml():
    if not HAS_LXML:
        last = (LXML_IMPORT_ERROR or '').strip().splitlines()[-1:] or ['']
        raise SchemaError('The lxml Python library is required to read IIS schema files (%s)' % last[0])


def safe_xml_parser():
    """An lxml parser that never resolves entities, loads DTDs or uses the network."""
    _require_lxml()
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _where(section_path, element_path, context):
    parts = []
    if context:
        parts.append(str(context))
    if section_path:
        parts.append("section '%s'" % section_path)
    if element_path:
        parts.append("element '%s'" % element_path)
    return ', '.join(parts)


def _prefix(where):
    return ('%s: ' % where) if where else ''


def _suggest(name, candidates):
    lower = dict((c.lower(), c) for c in candidates)
    close = difflib.get_close_matches(str(name).lower(), list(lower), n=3, cutoff=0.6)
    if not close:
        return ''
    return ' Did you mean %s?' % ' or '.join("'%s'" % lower[c] for c in close)


def _parse_int_text(text):
    text = text.strip()
    if _INTEGER_RE.match(text):
        return int(text, 10)
    if _HEX_RE.match(text):
        return int(text, 16)
    raise ValueError(text)


def _to_bool(text):
    lowered = text.strip().lower()
    if lowered == 'true':
        return True
    if lowered == 'false':
        return False
    raise ValueError(text)


def _format_ticks(ticks):
    sign = '-' if ticks < 0 else ''
    ticks = abs(ticks)
    seconds, fraction = divmod(ticks, _TICKS_PER_SECOND)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    days, hrs = divmod(hours, 24)
    text = '%02d:%02d:%02d' % (hrs, mins, secs)
    if days:
        text = '%d.%s' % (days, text)
    if fraction:
        text = '%s.%07d' % (text, fraction)
    return sign + text


class AttributeSchema:
    """One attribute of an element or of a collection item."""

    def __init__(self, name, type='string', default=None, required=False, is_unique_key=False,
                 is_combined_key=False, case_sensitive=False, encrypted=False, expanded=False,
                 allow_infinite=False, time_span_format='string', validation_type=None,
                 validation_parameter=None, values=None, display_hex=False, extension=None,
                 section_path='', element_path=''):
        if type not in ATTRIBUTE_TYPES:
            raise SchemaError("Attribute '%s' has unknown type '%s' (known types: %s)"
                              % (name, type, ', '.join(ATTRIBUTE_TYPES)))
        self.name = name
        self.type = type
        self.default = default
        self.required = bool(required)
        self.is_unique_key = bool(is_unique_key)
        self.is_combined_key = bool(is_combined_key)
        self.case_sensitive = bool(case_sensitive)
        self.encrypted = bool(encrypted)
        self.expanded = bool(expanded)
        self.allow_infinite = bool(allow_infinite)
        self.time_span_format = time_span_format or 'string'
        self.validation_type = validation_type or None
        self.validation_parameter = validation_parameter if validation_parameter else None
        self.values = OrderedDict(values or ())
        self.display_hex = bool(display_hex)
        self.extension = extension or None
        self.section_path = section_path
        self.element_path = element_path

    def __repr__(self):
        return 'AttributeSchema(%r, %r)' % (self.name, self.type)

    # -- helpers --------------------------------------------------------

    def _where(self, context):
        where = _where(self.section_path, self.element_path, context)
        return "%sattribute '%s'" % (_prefix(where), self.name)

    def _fail(self, value, context, allowed):
        raise SchemaError("%s: invalid value %r; %s" % (self._where(context), value, allowed))

    def _lookup_name(self, token):
        lowered = token.strip().lower()
        for candidate in self.values:
            if candidate.lower() == lowered:
                return candidate
        return None

    def _names_text(self):
        return ', '.join('%s (%d)' % (n, v) for n, v in self.values.items())

    def _value_to_text(self, value):
        if isinstance(value, bool):
            return 'true' if value else 'false'
        if isinstance(value, bytes):
            return value.decode('utf-8')
        return value if isinstance(value, str) else str(value)

    # -- per type parsing (returning a comparable python value) ----------

    def _parse_bool(self, value, context):
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            if value in (0, 1):
                return bool(value)
        elif isinstance(value, (str, bytes)):
            lowered = self._value_to_text(value).strip().lower()
            if lowered in _TRUE_WORDS:
                return True
            if lowered in _FALSE_WORDS:
                return False
        self._fail(value, context, "allowed values are 'true' and 'false'")

    def _parse_enum(self, value, context):
        if isinstance(value, bool):
            self._fail(value, context, 'allowed values are %s' % self._names_text())
        if isinstance(value, int):
            number = value
        else:
            text = self._value_to_text(value).strip()
            name = self._lookup_name(text)
            if name is not None:
                return name, self.values[name]
            try:
                number = _parse_int_text(text)
            except ValueError:
                self._fail(value, context, 'allowed values are %s%s'
                           % (self._names_text(), _suggest(text, self.values)))
        for name, number_of_name in self.values.items():
            if number_of_name == number:
                return name, number
        self._fail(value, context, 'allowed values are %s' % self._names_text())

    def _flag_mask(self):
        mask = 0
        for number in self.values.values():
            mask |= number
        return mask

    def _parse_flags(self, value, context):
        allowed = ("allowed flags are %s (combine several with ',')" % self._names_text())
        if isinstance(value, bool):
            self._fail(value, context, allowed)
        if isinstance(value, int):
            total = value
        else:
            if isinstance(value, (list, tuple, set, frozenset)):
                tokens = [self._value_to_text(v) for v in value]
            else:
                tokens = [self._value_to_text(value)]
            total = 0
            for chunk in tokens:
                for token in _FLAG_SPLIT_RE.split(chunk.strip()):
                    if not token:
                        continue
                    name = self._lookup_name(token)
                    if name is not None:
                        total |= self.values[name]
                        continue
                    try:
                        total |= _parse_int_text(token)
                    except ValueError:
                        self._fail(value, context, 'unknown flag %r; %s%s'
                                   % (token, allowed, _suggest(token, self.values)))
        if total < 0 or total & ~self._flag_mask():
            self._fail(value, context, allowed)
        return total

    def _flags_text(self, total):
        if total == 0:
            for name, number in self.values.items():
                if number == 0:
                    return name
            return ''
        names = []
        covered = 0
        for name, number in sorted(self.values.items(), key=lambda item: item[1]):
            if number and (total & number) == number and (number & ~covered):
                names.append(name)
                covered |= number
        return ','.join(names)

    def _parse_integer(self, value, context, check=True):
        low, high = _INT_RANGES[self.type]
        kind = 'an integer from %d to %d' % (low, high)
        if self.allow_infinite:
            kind += " or 'Infinite'"
        if isinstance(value, bool):
            self._fail(value, context, 'expected %s' % kind)
        if isinstance(value, int):
            number = value
        else:
            text = self._value_to_text(value).strip()
            if self.allow_infinite and text.lower() == 'infinite':
                return _INFINITE
            try:
                number = _parse_int_text(text)
            except ValueError:
                self._fail(value, context, 'expected %s' % kind)
        if number < low or number > high:
            self._fail(value, context, 'expected %s' % kind)
        if check and self.validation_type == 'integerRange' and self.validation_parameter:
            self._check_range(value, number, self.validation_parameter, context, 1, '')
        return number

    def _check_range(self, original, number, parameter, context, unit, unit_name):
        parts = [p.strip() for p in parameter.split(',')]
        try:
            low = int(parts[0])
            high = int(parts[1])
        except (ValueError, IndexError):
            return
        exclude = 'exclude' in [p.lower() for p in parts[2:]]
        inside = low * unit <= number <= high * unit
        if exclude and inside:
            self._fail(original, context, 'the value must not be between %d and %d%s' % (low, high, unit_name))
        if not exclude and not inside:
            self._fail(original, context, 'the value must be between %d and %d%s' % (low, high, unit_name))

    def _parse_timespan(self, value, context, check=True):
        fmt = self.time_span_format
        unit_seconds = {'seconds': 1, 'minutes': 60}.get(fmt)
        if unit_seconds:
            kind = "a whole number of %s or a '[d.]hh:mm:ss' time span" % fmt
        else:
            kind = "a time span '[d.]hh:mm:ss'"
        if self.allow_infinite:
            kind += " or 'Infinite'"
        if isinstance(value, bool):
            self._fail(value, context, 'expected %s' % kind)
        if isinstance(value, datetime.timedelta):
            ticks = (value.days * 86400 + value.seconds) * _TICKS_PER_SECOND + value.microseconds * 10
        elif isinstance(value, int):
            if not unit_seconds:
                self._fail(value, context, "expected %s (a bare number is ambiguous here)" % kind)
            ticks = value * unit_seconds * _TICKS_PER_SECOND
        else:
            text = self._value_to_text(value).strip()
            if self.allow_infinite and text.lower() == 'infinite':
                return _INFINITE
            if text.count(':') == 3:  # 'd:hh:mm:ss' is accepted for 'd.hh:mm:ss'
                text = text.replace(':', '.', 1)
            match = _TIMESPAN_RE.match(text)
            if match:
                hours = int(match.group('hours'))
                minutes = int(match.group('minutes'))
                seconds = int(match.group('seconds') or 0)
                if hours > 23 or minutes > 59 or seconds > 59:
                    self._fail(value, context, 'expected %s' % kind)
                fraction = match.group('fraction') or ''
                ticks = ((int(match.group('days') or 0) * 24 + hours) * 60 + minutes) * 60 + seconds
                ticks = ticks * _TICKS_PER_SECOND + int((fraction + '0000000')[:7])
                if match.group('sign'):
                    ticks = -ticks
            elif unit_seconds and _INTEGER_RE.match(text):
                ticks = int(text) * unit_seconds * _TICKS_PER_SECOND
            else:
                self._fail(value, context, 'expected %s' % kind)
        if unit_seconds and ticks % (unit_seconds * _TICKS_PER_SECOND):
            self._fail(value, context, 'expected a whole number of %s' % fmt)
        if check and self.validation_type == 'timeSpanRange' and self.validation_parameter:
            # The range is expressed in seconds; compare in ticks.
            self._check_range(value, ticks, self.validation_parameter, context, _TICKS_PER_SECOND, ' seconds')
        return ticks

    def _timespan_text(self, ticks):
        if ticks == _INFINITE:
            return _INFINITE
        unit_seconds = {'seconds': 1, 'minutes': 60}.get(self.time_span_format)
        if unit_seconds:
            return str(ticks // (unit_seconds * _TICKS_PER_SECOND))
        return _format_ticks(ticks)

    def _check_string(self, value, text, context):
        vtype = self.validation_type
        if vtype == 'nonEmptyString':
            if text == '':
                self._fail(value, context, 'the value must not be empty')
        elif vtype == 'requireTrimmedString':
            if text != text.strip():
                self._fail(value, context, 'the value must not start or end with white space')
        elif vtype == 'applicationPoolName':
            bad = sorted(set(c for c in text if c in _APP_POOL_NAME_BAD_CHARS))
            if bad:
                self._fail(value, context, 'an application pool name cannot contain %s'
                           % ' '.join(_APP_POOL_NAME_BAD_CHARS))
        elif vtype == 'siteName':
            if any(c in _SITE_NAME_BAD_CHARS for c in text):
                self._fail(value, context, "a site name cannot contain '/' or '?'")
        elif vtype in ('applicationPath', 'virtualDirectoryPath'):
            ok = text.startswith('/') and (text == '/' or not text.endswith('/'))
            if ok and text != '/':
                ok = all(seg not in ('.', '..') for seg in text[1:].split('/'))
            if not ok:
                self._fail(value, context, "a path must start with '/', must not end with '/' "
                           "(except '/' itself) and must not contain '.' or '..' segments")

    def _parse(self, value, context, check=True):
        """Return (canonical text, comparable value); ``check=False`` skips range/string validators."""
        if value is None:
            raise SchemaError('%s: a value is required' % self._where(context))
        if self.type == 'bool':
            flag = self._parse_bool(value, context)
            return ('true' if flag else 'false'), flag
        if self.type == 'enum':
            name, number = self._parse_enum(value, context)
            return name, number
        if self.type == 'flags':
            total = self._parse_flags(value, context)
            return self._flags_text(total), total
        if self.type in _INT_RANGES:
            number = self._parse_integer(value, context, check)
            if number == _INFINITE:
                return _INFINITE, _INT_RANGES[self.type][1]
            return str(number), number
        if self.type == 'timeSpan':
            ticks = self._parse_timespan(value, context, check)
            return self._timespan_text(ticks), ticks
        if isinstance(value, (list, tuple, dict, set)):
            self._fail(value, context, 'expected a string')
        text = self._value_to_text(value)
        if check:
            self._check_string(value, text, context)
        return text, (text if self.case_sensitive else text.lower())

    # -- public API -----------------------------------------------------

    def normalize(self, value, context=''):
        """Validate ``value`` and return the canonical text IIS stores for it."""
        return self._parse(value, context)[0]

    def equals(self, a, b):
        """Semantic equality of two values (``None`` stands for the default).

        Never raises: values that do not validate are compared as plain text.
        """
        if a is None:
            a = self.default_value()
        if b is None:
            b = self.default_value()
        if a is None or b is None:
            return a is None and b is None
        try:
            return self._parse(a, '', False)[1] == self._parse(b, '', False)[1]
        except (SchemaError, TypeError, ValueError, OverflowError):
            return self._value_to_text(a) == self._value_to_text(b)

    def default_value(self):
        """The canonical default IIS uses when the attribute is not set.

        An attribute without ``defaultValue`` gets its type's zero value (as
        IIS does): ``false``, ``0``, ``00:00:00``, the empty string, the enum
        or flag named for 0.  ``None`` when there is no such value.
        """
        raw = self.default
        if raw is None:
            if self.type == 'bool':
                return 'false'
            if self.type in _INT_RANGES:
                return '0'
            if self.type == 'timeSpan':
                return self._timespan_text(0)
            if self.type == 'string':
                return ''
            if self.type == 'flags':
                return self._flags_text(0)
            for name, number in self.values.items():
                if number == 0:
                    return name
            return None
        if self.type == 'string':
            return raw
        try:
            # Defaults are trusted: no range validation (some lie outside the range on purpose).
            return self._parse(raw, '', False)[0]
        except SchemaError:
            return raw

    def describe(self):
        """A short human readable summary (for documentation and errors)."""
        text = '%s (%s)' % (self.name, self.type)
        if self.values:
            text += ': ' + ', '.join(self.values)
        return text


class ElementSchema:
    """An element: the section element itself, a child element, or a collection item."""

    def __init__(self, name, path='', section_path='', is_collection_default=False,
                 allow_unrecognized_attributes=False):
        self.name = name
        self.path = path
        self.section_path = section_path
        self.attributes = OrderedDict()
        self.elements = OrderedDict()
        self.collection = None
        self.is_collection_default = bool(is_collection_default)
        self.allow_unrecognized_attributes = bool(allow_unrecognized_attributes)

    def __repr__(self):
        return '%s(%r, path=%r)' % (type(self).__name__, self.name, self.path)

    def _where(self, context):
        return _where(self.section_path, self.path, context)

    def attribute(self, name, context=''):
        """Attribute schema by name (case-insensitive); unknown names raise SchemaError."""
        found = self.attributes.get(name)
        if found is not None:
            return found
        lowered = str(name).lower()
        for key, attr in self.attributes.items():
            if key.lower() == lowered:
                return attr
        if self.allow_unrecognized_attributes:
            return AttributeSchema(str(name), 'string', case_sensitive=True,
                                   section_path=self.section_path, element_path=self.path)
        valid = ', '.join(self.attributes) or '(none)'
        raise SchemaError("%sunknown attribute '%s'. Valid attributes: %s.%s"
                          % (_prefix(self._where(context)), name, valid, _suggest(name, self.attributes)))

    def has_attribute(self, name):
        lowered = str(name).lower()
        return any(key.lower() == lowered for key in self.attributes)

    def element(self, path, context=''):
        """Child element by ``a/b`` path (case-insensitive); unknown names raise SchemaError."""
        current = self
        for part in [p for p in str(path).strip('/').split('/') if p]:
            found = current.elements.get(part)
            if found is None:
                lowered = part.lower()
                for key, child in current.elements.items():
                    if key.lower() == lowered:
                        found = child
                        break
            if found is None:
                valid = ', '.join(current.elements) or '(none)'
                extra = ''
                if current.collection is not None:
                    extra = ' (collection items: %s)' % ', '.join(current.collection.add_elements)
                raise SchemaError("%sunknown element '%s'. Valid child elements: %s%s.%s"
                                  % (_prefix(current._where(context)), part, valid, extra,
                                     _suggest(part, current.elements)))
            current = found
        return current

    def has_element(self, path):
        try:
            self.element(path)
        except SchemaError:
            return False
        return True

    def normalize_attributes(self, attrs, context=''):
        """Canonical names and values of ``attrs`` (a mapping).

        Generic attributes (``lockItem``, ``lockAttributes``...) are passed
        through with their canonical name; ``lockItem`` is normalised as a bool.
        """
        if not isinstance(attrs, Mapping):
            raise SchemaError('%sexpected a mapping of attribute names to values, got %r'
                              % (_prefix(self._where(context)), attrs))
        result = OrderedDict()
        seen = {}
        for name, value in attrs.items():
            lowered = str(name).lower()
            if lowered in _GENERIC_LOWER and not self.has_attribute(name):
                canonical = _GENERIC_LOWER[lowered]
                if canonical == 'lockItem':
                    text = AttributeSchema('lockItem', 'bool', section_path=self.section_path,
                                           element_path=self.path).normalize(value, context)
                else:
                    text = '' if value is None else str(value)
            else:
                attr = self.attribute(name, context)
                canonical = attr.name
                text = attr.normalize(value, context)
            if canonical.lower() in seen:
                raise SchemaError("%sattribute '%s' is given twice (as '%s' and '%s')"
                                  % (_prefix(self._where(context)), canonical, seen[canonical.lower()], name))
            seen[canonical.lower()] = name
            result[canonical] = text
        return result

    def required_attributes(self):
        return [name for name, attr in self.attributes.items() if attr.required]


class SectionSchema(ElementSchema):
    """The schema of one configuration section (``sectionSchema``)."""

    def __init__(self, section_path, allow_unrecognized_attributes=False):
        name = section_path.rsplit('/', 1)[-1]
        ElementSchema.__init__(self, name, '', section_path,
                               allow_unrecognized_attributes=allow_unrecognized_attributes)
        self.sources = []

    def __repr__(self):
        return 'SectionSchema(%r)' % self.section_path


class CollectionSchema:
    """A collection: its directives and the shape of one item."""

    def __init__(self, add_element='add', remove_element=None, clear_element=None,
                 allow_duplicates=False, merge_append=True, default_element=None,
                 allow_unrecognized_attributes=False, path='', section_path=''):
        self.add_element = add_element or ''
        self.add_elements = [n.strip() for n in self.add_element.split(',') if n.strip()]
        self.remove_element = remove_element or None
        self.clear_element = clear_element or None
        self.allow_duplicates = bool(allow_duplicates)
        self.merge_append = bool(merge_append)
        self.default_element = default_element or None
        self.allow_unrecognized_attributes = bool(allow_unrecognized_attributes)
        self.path = path  # path of the element holding the collection
        self.section_path = section_path
        self.attributes = OrderedDict()
        self.elements = OrderedDict()
        self.collection = None
        self._item = None

    def __repr__(self):
        return 'CollectionSchema(%r, path=%r)' % (self.add_element, self.path)

    def is_add_element(self, tag):
        return tag in self.add_elements

    def directive_names(self):
        """Every element name this collection accepts directly (add/remove/clear)."""
        names = list(self.add_elements)
        for extra in (self.remove_element, self.clear_element):
            if extra and extra not in names:
                names.append(extra)
        return names

    def unique_keys(self):
        return [name for name, attr in self.attributes.items() if attr.is_unique_key]

    def key_names(self):
        """The key attributes of an item.

        The (first) unique key, else the combined-key attributes in order, else ``[]``
        (then every attribute is part of the identity, see :meth:`key_of`).
        """
        unique = self.unique_keys()
        if unique:
            return unique[:1]
        return [name for name, attr in self.attributes.items() if attr.is_combined_key]

    def key_of(self, attrs):
        """Normalized identity of an item given its attributes (a mapping).

        Missing key attributes take their default; values are case-folded
        unless the attribute is case-sensitive.  Never raises on bad values.
        """
        lowered = dict((str(k).lower(), v) for k, v in attrs.items())
        names = self.key_names()
        extra = []
        if not names:
            names = list(self.attributes)
            extra = sorted(k for k in lowered if k not in [n.lower() for n in names] and k not in _GENERIC_LOWER)
        key = []
        for name in names:
            attr = self.attributes[name]
            value = lowered.get(name.lower())
            if value is None:
                value = attr.default_value()
            if value is None:
                key.append(None)
                continue
            if attr.type == 'string' and isinstance(value, str):
                text = value  # a string is its own canonical form (validation is not identity)
            else:
                try:
                    text = attr.normalize(value)
                except SchemaError:
                    text = value if isinstance(value, str) else str(value)
            key.append(text if attr.case_sensitive else text.lower())
        for name in extra:
            key.append(str(lowered[name]))
        return tuple(key)

    def item_schema(self):
        """An ElementSchema view of one item (shares the attribute/element dictionaries)."""
        if self._item is None:
            name = self.add_elements[0] if self.add_elements else 'add'
            item = ElementSchema(name, '/'.join(p for p in (self.path, name) if p), self.section_path,
                                 allow_unrecognized_attributes=self.allow_unrecognized_attributes)
            item.attributes = self.attributes
            item.elements = self.elements
            item.collection = self.collection
            self._item = item
        return self._item


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------

_IGNORED_TAGS = ('method', 'inputElement', 'outputElement')


class _Loader:
    """Builds schema objects from one parsed ``configSchema`` document."""

    def __init__(self, source):
        self.source = source

    def fail(self, node, message):
        line = getattr(node, 'sourceline', None)
        where = '%s line %s' % (self.source, line) if line else self.source
        raise SchemaError('Invalid IIS schema file %s: %s' % (where, message))

    def bool_attr(self, node, name, default=False):
        raw = node.get(name)
        if raw is None:
            return default
        try:
            return _to_bool(raw)
        except ValueError:
            self.fail(node, "attribute %s='%s' of <%s> must be true or false" % (name, raw, node.tag))

    def children(self, node):
        for child in node:
            if not isinstance(child.tag, str):
                continue  # comments, processing instructions
            yield child

    def attribute(self, node, section_path, element_path):
        name = node.get('name')
        if not name:
            self.fail(node, '<attribute> without a name')
        atype = node.get('type')
        if atype not in ATTRIBUTE_TYPES:
            self.fail(node, "attribute '%s' has unknown type '%s' (known types: %s)"
                      % (name, atype, ', '.join(ATTRIBUTE_TYPES)))
        values = OrderedDict()
        for child in self.children(node):
            if child.tag in ('enum', 'flag', 'flags'):
                vname = child.get('name')
                raw = child.get('value')
                if not vname or raw is None:
                    self.fail(child, "<%s> of attribute '%s' needs a name and a value" % (child.tag, name))
                try:
                    number = _parse_int_text(raw)
                except ValueError:
                    self.fail(child, "<%s name='%s'> of attribute '%s' has a non-numeric value '%s'"
                              % (child.tag, vname, name, raw))
                if vname not in values:
                    values[vname] = number
        default = node.get('defaultValue')
        return AttributeSchema(
            name, atype, default=default,
            required=self.bool_attr(node, 'required'),
            is_unique_key=self.bool_attr(node, 'isUniqueKey'),
            is_combined_key=self.bool_attr(node, 'isCombinedKey'),
            case_sensitive=self.bool_attr(node, 'caseSensitive'),
            encrypted=self.bool_attr(node, 'encrypted'),
            expanded=self.bool_attr(node, 'expanded'),
            allow_infinite=self.bool_attr(node, 'allowInfinite'),
            time_span_format=node.get('timeSpanFormat') or 'string',
            validation_type=node.get('validationType'),
            validation_parameter=node.get('validationParameter'),
            values=values,
            display_hex=self.bool_attr(node, 'displayHex'),
            extension=node.get('extension'),
            section_path=section_path, element_path=element_path)

    def fill(self, target, node, section_path):
        """Read attribute/element/collection children of ``node`` into ``target``."""
        for child in self.children(node):
            tag = child.tag
            if tag == 'attribute':
                attr = self.attribute(child, section_path, target.path)
                if attr.name not in target.attributes:
                    target.attributes[attr.name] = attr
            elif tag == 'element':
                name = child.get('name')
                if not name:
                    self.fail(child, '<element> without a name')
                path = '/'.join(p for p in (target.path, name) if p)
                element = ElementSchema(
                    name, path, section_path,
                    is_collection_default=self.bool_attr(child, 'isCollectionDefault'),
                    allow_unrecognized_attributes=self.bool_attr(child, 'allowUnrecognizedAttributes'))
                self.fill(element, child, section_path)
                if name in target.elements:
                    _merge_element(target.elements[name], element)
                else:
                    target.elements[name] = element
            elif tag == 'collection':
                collection = self.collection(child, target.path, section_path)
                if target.collection is None:
                    target.collection = collection
                else:
                    _merge_collection(target.collection, collection)
            elif tag in _IGNORED_TAGS or tag in ('enum', 'flag'):
                continue
            else:
                # Unknown vocabulary from a newer schema: ignore rather than refuse the file.
                continue

    def collection(self, node, path, section_path):
        add = node.get('addElement')
        merge_append = node.get('mergeAppend')
        collection = CollectionSchema(
            add_element=add or '',
            remove_element=node.get('removeElement'),
            clear_element=node.get('clearElement'),
            allow_duplicates=self.bool_attr(node, 'allowDuplicates'),
            merge_append=self.bool_attr(node, 'mergeAppend', True) if merge_append is not None else True,
            default_element=node.get('defaultElement'),
            allow_unrecognized_attributes=self.bool_attr(node, 'allowUnrecognizedAttributes'),
            path=path, section_path=section_path)
        item_name = collection.add_elements[0] if collection.add_elements else 'add'
        item_path = '/'.join(p for p in (path, item_name) if p)
        # Items are described with paths relative to the item element.
        shim = ElementSchema(item_name, item_path, section_path)
        shim.attributes = collection.attributes
        shim.elements = collection.elements
        self.fill(shim, node, section_path)
        collection.collection = shim.collection
        return collection

    def document(self, root):
        if root.tag != 'configSchema':
            self.fail(root, "the root element is <%s>, expected <configSchema>" % root.tag)
        sections = []
        for child in self.children(root):
            if child.tag != 'sectionSchema':
                continue
            name = (child.get('name') or '').strip().strip('/')
            if not name:
                self.fail(child, '<sectionSchema> without a name')
            section = SectionSchema(name, self.bool_attr(child, 'allowUnrecognizedAttributes'))
            section.sources.append(self.source)
            self.fill(section, child, name)
            sections.append(section)
        return sections


def _merge_attributes(target, source):
    for name, attr in source.items():
        if name not in target:
            target[name] = attr


def _merge_element(target, source):
    """Merge ``source`` into ``target`` (later definitions extend, never replace)."""
    _merge_attributes(target.attributes, source.attributes)
    for name, element in source.elements.items():
        if name in target.elements:
            _merge_element(target.elements[name], element)
        else:
            target.elements[name] = element
    if source.collection is not None:
        if target.collection is None:
            target.collection = source.collection
        else:
            _merge_collection(target.collection, source.collection)
    target.allow_unrecognized_attributes = target.allow_unrecognized_attributes or source.allow_unrecognized_attributes
    target.is_collection_default = target.is_collection_default or source.is_collection_default


def _merge_collection(target, source):
    if not target.add_elements and source.add_elements:
        target.add_element = source.add_element
        target.add_elements = list(source.add_elements)
    for name in ('remove_element', 'clear_element', 'default_element'):
        if getattr(target, name) is None and getattr(source, name) is not None:
            setattr(target, name, getattr(source, name))
    target.allow_unrecognized_attributes = target.allow_unrecognized_attributes or source.allow_unrecognized_attributes
    _merge_attributes(target.attributes, source.attributes)
    for name, element in source.elements.items():
        if name in target.elements:
            _merge_element(target.elements[name], element)
        else:
            target.elements[name] = element
    if source.collection is not None:
        if target.collection is None:
            target.collection = source.collection
        else:
            _merge_collection(target.collection, source.collection)
    target._item = None


_BUILTIN_CACHE = []


class SchemaRegistry:
    """All section schemas known for one host (one or more schema files merged)."""

    def __init__(self):
        self._sections = OrderedDict()
        self.sources = []
        self._frozen = False

    def __repr__(self):
        return 'SchemaRegistry(%d sections from %d sources)' % (len(self._sections), len(self.sources))

    def add_schema_xml(self, data, source):
        """Parse one schema file (bytes or text) and merge its sections.

        Malformed XML, a DOCTYPE / entity declaration, or an unusable schema
        raises SchemaError naming ``source``; the registry is then unchanged.
        """
        if self._frozen:
            raise SchemaError('The built-in schema registry is shared and read-only; use .copy() to extend it')
        _require_lxml()
        if isinstance(data, str):
            data = data.encode('utf-8')
        if not isinstance(data, bytes):
            raise SchemaError('Schema %s: expected bytes, got %s' % (source, type(data).__name__))
        upper = data[:65536].upper()
        if b'<!DOCTYPE' in upper or b'<!ENTITY' in upper:
            raise SchemaError('Refusing schema file %s: it contains a DOCTYPE or entity declaration' % source)
        try:
            tree = etree.fromstring(data, parser=safe_xml_parser()).getroottree()
        except etree.XMLSyntaxError as exc:
            raise SchemaError('Schema file %s is not well-formed XML: %s' % (source, exc))
        if tree.docinfo.doctype:
            raise SchemaError('Refusing schema file %s: it contains a DOCTYPE' % source)
        sections = _Loader(source).document(tree.getroot())
        for section in sections:
            key = section.section_path.lower()
            existing = self._sections.get(key)
            if existing is None:
                self._sections[key] = section
            else:
                _merge_element(existing, section)
                existing.sources.append(source)
        self.sources.append(source)

    def add_schema_file(self, path):
        with open(str(path), 'rb') as handle:
            data = handle.read()
        self.add_schema_xml(data, str(path))

    @classmethod
    def from_files(cls, paths):
        """A registry built from schema files, merged in the given order."""
        registry = cls()
        for path in paths:
            registry.add_schema_file(path)
        return registry

    @classmethod
    def builtin(cls):
        """The project's compact built-in definitions (shared, read-only instance)."""
        if not _BUILTIN_CACHE:
            registry = cls()
            registry.add_schema_xml(BUILTIN_SCHEMA_XML, 'builtin_schema')
            registry._frozen = True
            _BUILTIN_CACHE.append(registry)
        return _BUILTIN_CACHE[0]

    def copy(self):
        """A deep, writable copy (e.g. of the built-in registry)."""
        clone = copy.deepcopy(self)
        clone._frozen = False
        return clone

    def has_section(self, section_path):
        return str(section_path).strip().strip('/').lower() in self._sections

    def sections(self):
        """Canonical names of all known sections, in load order."""
        return [section.section_path for section in self._sections.values()]

    def section(self, section_path):
        """The SectionSchema of ``section_path`` (case-insensitive)."""
        wanted = str(section_path).strip().strip('/')
        found = self._sections.get(wanted.lower())
        if found is not None:
            return found
        names = self.sections()
        group = wanted.split('/', 1)[0]
        siblings = [n for n in names if n.split('/', 1)[0].lower() == group.lower()]
        if siblings:
            shown = siblings if len(siblings) <= 25 else siblings[:25] + ['...']
            known = "known sections under '%s/...': %s" % (siblings[0].split('/', 1)[0], ', '.join(shown))
        else:
            known = 'known section groups: %s' % ', '.join(sorted(set(n.split('/', 1)[0] for n in names)))
        raise SchemaError("Unknown configuration section '%s': its schema is not installed on this host (%s).%s"
                          % (wanted, known, _suggest(wanted, names)))
