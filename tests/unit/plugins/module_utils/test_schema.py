# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ansible_collections.webadmin.iis.plugins.module_utils.builtin_schema import BUILTIN_SECTIONS
from ansible_collections.webadmin.iis.plugins.module_utils.schema import (
    AttributeSchema,
    CollectionSchema,
    ElementSchema,
    SchemaError,
    SchemaRegistry,
    SectionSchema,
    safe_xml_parser,
)

from ansible_collections.webadmin.iis.tests.unit.shared_data import find_shared_iis

SHARED_MISSING = '../shared/iis not found: schema corpus tests skipped'


def _find_shared_iis():
    # The one resolution of tests/unit/shared_data.py (also finds ../shared from ansible-test's copy).
    return find_shared_iis()


SHARED_IIS = _find_shared_iis()


def _need_shared():
    if SHARED_IIS is None:
        pytest.skip(SHARED_MISSING)
    return SHARED_IIS


def _schema_files():
    if SHARED_IIS is None:
        return []
    schema = SHARED_IIS / 'schema'
    files = sorted(schema.glob('*.xml')) + sorted((schema / 'history').glob('**/*.xml'))
    files += sorted((schema / 'iisexpress').glob('*.xml'))
    return files


SCHEMA_FILES = _schema_files()


@pytest.fixture(scope='module')
def builtin():
    return SchemaRegistry.builtin()


@pytest.fixture(scope='module')
def real():
    """IIS 10 full-server schema: every top-level schema file merged."""
    shared = _need_shared()
    return SchemaRegistry.from_files(sorted((shared / 'schema').glob('*.xml')))


# ---------------------------------------------------------------------------
# Loading the real schema files
# ---------------------------------------------------------------------------

@pytest.mark.parametrize('path', SCHEMA_FILES or [None], ids=lambda p: p.name if p else 'no-shared-data')
def test_every_shared_schema_file_loads(path):
    if path is None:
        pytest.skip(SHARED_MISSING)
    registry = SchemaRegistry.from_files([path])
    assert registry.sections()
    assert registry.sources == [str(path)]
    for name in registry.sections():
        section = registry.section(name)
        assert isinstance(section, SectionSchema)
        assert section.section_path == name
        # every attribute default of a real schema is usable
        for attr in _walk_attributes(section):
            attr.default_value()


def test_all_history_and_express_files_load_together():
    _need_shared()
    registry = SchemaRegistry.from_files(SCHEMA_FILES)
    assert registry.has_section('system.webServer/security/access')
    assert registry.has_section('system.web/httpRuntime')


def test_real_nested_collections(real):
    iis_cert = real.section('system.webServer/security/authentication/iisClientCertificateMappingAuthentication')
    many = iis_cert.element('manyToOneMappings').collection
    assert many.key_names() == ['name']
    assert many.attributes['password'].encrypted
    assert many.attributes['permissionMode'].values == {'Allow': 1, 'Deny': 2}
    rules = many.item_schema().element('rules').collection
    assert rules.key_names() == ['certificateField', 'certificateSubField', 'matchCriteria', 'compareCaseSensitive']
    assert rules.item_schema().path == 'manyToOneMappings/add/rules/add'
    one = iis_cert.element('oneToOneMappings').collection
    assert one.key_names() == ['certificate']

    sites = real.section('system.applicationHost/sites')
    site = sites.collection
    assert site.add_elements == ['site'] and site.default_element == 'siteDefaults'
    application = site.collection
    assert application.add_element == 'application'
    assert application.default_element == 'applicationDefaults'
    vdir = application.collection
    assert vdir.add_element == 'virtualDirectory'
    assert vdir.item_schema().path == 'site/application/virtualDirectory'
    assert vdir.attributes['password'].encrypted
    assert sites.element('siteDefaults').is_collection_default


def test_real_merge_of_extension_files(real):
    sites = real.section('system.applicationHost/sites')
    # Ftp_schema.xml adds an ftpServer element to each site, rscaext.xml a runtime state attribute
    assert 'ftpServer' in sites.collection.elements
    assert sites.collection.attributes['state'].extension
    assert sites.collection.attributes['name'].is_unique_key
    binding = sites.collection.elements['bindings'].collection
    assert binding.key_names() == ['protocol', 'bindingInformation']
    assert len(sites.sources) >= 2


def test_multiple_add_elements(real):
    authz = real.section('system.web/authorization').collection
    assert authz.add_element == 'allow,deny'
    assert authz.add_elements == ['allow', 'deny']
    assert authz.is_add_element('deny')
    assert authz.allow_duplicates and not authz.merge_append


# ---------------------------------------------------------------------------
# Built-in registry
# ---------------------------------------------------------------------------

def test_builtin_loads(builtin):
    assert builtin.sections() == list(BUILTIN_SECTIONS)
    assert SchemaRegistry.builtin() is builtin
    for name in builtin.sections():
        for attr in _walk_attributes(builtin.section(name)):
            default = attr.default_value()
            if default is not None and attr.type != 'string':
                assert attr.equals(default, attr.default_value())


def test_builtin_is_read_only_but_copyable(builtin):
    with pytest.raises(SchemaError):
        builtin.add_schema_xml(b'<configSchema/>', 'x.xml')
    clone = builtin.copy()
    clone.add_schema_xml(b'<configSchema><sectionSchema name="my/section">'
                         b'<attribute name="a" type="bool"/></sectionSchema></configSchema>', 'mine.xml')
    assert clone.has_section('my/section')
    assert not builtin.has_section('my/section')


def test_builtin_required_facts(builtin):
    access = builtin.section('system.webServer/security/access').attribute('sslFlags')
    assert access.values == {'None': 0, 'Ssl': 8, 'SslNegotiateCert': 32, 'SslRequireCert': 64, 'Ssl128': 256}
    modules = builtin.section('system.webServer/modules')
    assert set(modules.attributes) == {'runAllManagedModulesForAllRequests', 'runManagedModulesForWebDavRequests'}
    assert list(modules.collection.attributes) == ['name', 'type', 'preCondition']
    assert 'lockItem' not in modules.collection.attributes
    handlers = builtin.section('system.webServer/handlers')
    assert handlers.attribute('accessPolicy').type == 'flags'
    for name in ('name', 'path', 'verb', 'type', 'modules', 'scriptProcessor', 'resourceType',
                 'requireAccess', 'preCondition', 'responseBufferLimit', 'allowPathInfo'):
        assert name in handlers.collection.attributes
    anonymous = builtin.section('system.webServer/security/authentication/anonymousAuthentication')
    assert anonymous.attribute('password').encrypted
    windows = builtin.section('system.webServer/security/authentication/windowsAuthentication')
    assert windows.element('providers').collection.key_names() == ['value']
    assert windows.element('extendedProtection').attribute('tokenChecking').type == 'enum'
    pools = builtin.section('system.applicationHost/applicationPools')
    assert pools.element('applicationPoolDefaults/processModel').attribute('identityType').values['SpecificUser'] == 3
    sites = builtin.section('system.applicationHost/sites')
    assert sites.element('applicationDefaults').attribute('enabledProtocols').default_value() == 'http'
    assert sites.collection.elements['bindings'].collection.attributes['sslFlags'].type == 'uint'
    request_filtering = builtin.section('system.webServer/security/requestFiltering')
    assert request_filtering.element('requestLimits/headerLimits').collection.key_names() == ['header']
    assert builtin.section('system.webServer/asp').attribute('scriptErrorSentToBrowser').type == 'bool'
    assert builtin.section('system.web/compilation').attribute('debug').default_value() == 'false'
    assert builtin.section('system.web/httpRuntime').attribute('enableVersionHeader').type == 'bool'


def _walk_attributes(element):
    yield from element.attributes.values()
    for child in element.elements.values():
        yield from _walk_attributes(child)
    if element.collection is not None:
        yield from _walk_attributes(element.collection.item_schema())


def _compare(builtin_node, real_node, where):
    problems = []
    real_attrs = dict((n, a) for n, a in real_node.attributes.items() if not a.extension)
    if set(builtin_node.attributes) != set(real_attrs):
        problems.append('%s: attributes differ: builtin-only %s, real-only %s' % (
            where, sorted(set(builtin_node.attributes) - set(real_attrs)),
            sorted(set(real_attrs) - set(builtin_node.attributes))))
    for name, attr in builtin_node.attributes.items():
        other = real_attrs.get(name)
        if other is None:
            continue
        if attr.default_value() != other.default_value():
            problems.append('%s@%s: default %r != %r' % (where, name, attr.default_value(), other.default_value()))
        for field in ('type', 'values', 'required', 'is_unique_key', 'is_combined_key',
                      'case_sensitive', 'encrypted', 'expanded', 'allow_infinite', 'time_span_format',
                      'validation_type', 'validation_parameter'):
            if getattr(attr, field) != getattr(other, field):
                problems.append('%s@%s: %s %r != %r' % (where, name, field, getattr(attr, field), getattr(other, field)))
    real_elements = dict((n, e) for n, e in real_node.elements.items())
    builtin_ext = set(builtin_node.elements) - set(real_elements)
    if builtin_ext:
        problems.append('%s: builtin-only elements %s' % (where, sorted(builtin_ext)))
    for name, element in builtin_node.elements.items():
        if name in real_elements:
            problems.extend(_compare(element, real_elements[name], where + '/' + name))
    if builtin_node.collection is not None:
        if real_node.collection is None:
            problems.append('%s: real schema has no collection' % where)
        else:
            b, r = builtin_node.collection, real_node.collection
            for field in ('add_elements', 'remove_element', 'clear_element', 'allow_duplicates', 'merge_append',
                          'default_element', 'allow_unrecognized_attributes'):
                if getattr(b, field) != getattr(r, field):
                    problems.append('%s: collection %s %r != %r' % (where, field, getattr(b, field), getattr(r, field)))
            problems.extend(_compare(b.item_schema(), r.item_schema(), where + '/' + b.add_element))
    return problems


def test_builtin_consistent_with_real_schema(builtin):
    shared = _need_shared()
    # Only the schema files of a plain IIS 10 server with ASP.NET (no FTP / runtime extensions).
    real = SchemaRegistry.from_files([shared / 'schema' / name for name in ('IIS_schema.xml', 'ASPNET_schema.xml')])
    problems = []
    for name in builtin.sections():
        assert real.has_section(name), name
        problems.extend(_compare(builtin.section(name), real.section(name), name))
        assert builtin.section(name).allow_unrecognized_attributes == real.section(name).allow_unrecognized_attributes
    assert problems == []


# ---------------------------------------------------------------------------
# Flags
# ---------------------------------------------------------------------------

@pytest.fixture()
def ssl_flags(builtin):
    return builtin.section('system.webServer/security/access').attribute('sslFlags')


@pytest.mark.parametrize('value', ['Ssl,SslRequireCert', 'SslRequireCert, ssl', 'sslrequirecert|SSL',
                                   'SslRequireCert Ssl', ' Ssl , , SslRequireCert ', 72, '72',
                                   ['SslRequireCert', 'Ssl'], 'None,Ssl,SslRequireCert'])
def test_flags_normalize(ssl_flags, value):
    assert ssl_flags.normalize(value) == 'Ssl,SslRequireCert'


def test_flags_order_and_zero(ssl_flags):
    assert ssl_flags.normalize('SslRequireCert,SslNegotiateCert,Ssl') == 'Ssl,SslNegotiateCert,SslRequireCert'
    assert ssl_flags.normalize('None') == 'None'
    assert ssl_flags.normalize('none') == 'None'
    assert ssl_flags.normalize(0) == 'None'
    assert ssl_flags.normalize('') == 'None'
    assert ssl_flags.default_value() == 'None'
    assert ssl_flags.equals('Ssl,SslRequireCert', 'SslRequireCert, ssl')
    assert ssl_flags.equals(None, 'None')
    assert not ssl_flags.equals('Ssl', 'Ssl,Ssl128')


def test_flags_unknown_name_lists_allowed(ssl_flags):
    with pytest.raises(SchemaError) as err:
        ssl_flags.normalize('Ssl,SslMapCertificate', context="location 'Default Web Site'")
    message = str(err.value)
    for part in ("Default Web Site", 'system.webServer/security/access', 'sslFlags', 'SslMapCertificate',
                 'None', 'Ssl128', 'SslNegotiateCert', 'SslRequireCert'):
        assert part in message


@pytest.mark.parametrize('value', [1, 512, -8, True, 'Ssl;Ssl128', {'a': 1}])
def test_flags_bad_values(ssl_flags, value):
    with pytest.raises(SchemaError):
        ssl_flags.normalize(value)


def test_flags_without_zero_name_and_composites(real):
    recycle = real.section('system.applicationHost/applicationPools').element(
        'applicationPoolDefaults/recycling').attribute('logEventOnRecycle')
    assert recycle.normalize(0) == ''
    assert recycle.default_value() == 'Time,Requests,Schedule,Memory,IsapiUnhealthy,OnDemand,ConfigChange,PrivateMemory'
    protocols = real.section('system.web/webServices').element('protocols').collection.attributes['name']
    assert protocols.normalize('AnyHttpSoap') == 'HttpSoap,HttpSoap12'
    assert protocols.normalize('HttpSoap12,HttpGet') == 'HttpGet,HttpSoap12'


ACCESS_FLAGS = ['None', 'Ssl', 'SslNegotiateCert', 'SslRequireCert', 'Ssl128']


def _case_variant(draw_bits, name):
    return ''.join(c.upper() if bit else c.lower() for c, bit in zip(name, draw_bits))


@st.composite
def flag_inputs(draw):
    names = draw(st.lists(st.sampled_from(ACCESS_FLAGS), unique=True))
    names = draw(st.permutations(names))
    cased = [_case_variant(draw(st.lists(st.booleans(), min_size=len(n), max_size=len(n))), n) for n in names]
    separators = draw(st.lists(st.sampled_from([',', ', ', ' ', '|', ' | ', ',,']),
                               min_size=len(cased), max_size=len(cased)))
    text = ''.join(name + sep for name, sep in zip(cased, separators))
    return names, text


@settings(max_examples=200, deadline=None, database=None)
@given(flag_inputs())
def test_flags_property_order_independent_and_idempotent(data):
    names, text = data
    attr = SchemaRegistry.builtin().section('system.webServer/security/access').attribute('sslFlags')
    result = attr.normalize(text)
    assert attr.normalize(result) == result
    assert attr.normalize(','.join(sorted(names, reverse=True))) == result
    assert attr.normalize(','.join(sorted(names))) == result
    expected_value = 0
    for name in names:
        expected_value |= attr.values[name]
    assert attr.normalize(expected_value) == result
    if expected_value:
        assert result.split(',') == sorted((n for n in names if attr.values[n]), key=lambda n: attr.values[n])
    else:
        assert result == 'None'


# ---------------------------------------------------------------------------
# Enum, bool, integers, time spans, strings
# ---------------------------------------------------------------------------

def test_enum(builtin):
    identity = builtin.section('system.applicationHost/applicationPools').element(
        'applicationPoolDefaults/processModel').attribute('identityType')
    assert identity.normalize('specificuser') == 'SpecificUser'
    assert identity.normalize('SPECIFICUSER') == 'SpecificUser'
    assert identity.normalize(3) == 'SpecificUser'
    assert identity.normalize('3') == 'SpecificUser'
    assert identity.default_value() == 'ApplicationPoolIdentity'
    assert identity.equals('4', 'applicationpoolidentity')
    with pytest.raises(SchemaError) as err:
        identity.normalize('SpecificUsr')
    assert 'SpecificUser' in str(err.value) and 'LocalSystem' in str(err.value)
    assert "Did you mean 'SpecificUser'" in str(err.value)
    with pytest.raises(SchemaError):
        identity.normalize(7)
    with pytest.raises(SchemaError):
        identity.normalize(True)


def test_enum_with_aliases(builtin):
    cookieless = builtin.section('system.web/sessionState').attribute('cookieless')
    assert cookieless.normalize('TRUE') == 'true'
    assert cookieless.normalize(0) == 'UseUri'
    assert cookieless.equals('true', 'UseUri')
    deny = builtin.section('system.webServer/security/ipSecurity').attribute('denyAction')
    assert deny.normalize(404) == 'NotFound'


@pytest.mark.parametrize('value,expected', [
    (True, 'true'), (False, 'false'), ('TRUE', 'true'), ('True', 'true'), ('yes', 'true'), ('on', 'true'),
    (1, 'true'), ('1', 'true'), ('no', 'false'), ('Off', 'false'), (0, 'false'), (' false ', 'false'),
])
def test_bool_forms(builtin, value, expected):
    attr = builtin.section('system.webServer/directoryBrowse').attribute('enabled')
    assert attr.normalize(value) == expected


@pytest.mark.parametrize('value', ['maybe', 2, '', None, 1.5])
def test_bool_bad(builtin, value):
    attr = builtin.section('system.webServer/directoryBrowse').attribute('enabled')
    with pytest.raises(SchemaError) as err:
        attr.normalize(value)
    assert 'system.webServer/directoryBrowse' in str(err.value) and "'enabled'" in str(err.value)


def test_uint(builtin):
    limits = builtin.section('system.webServer/security/requestFiltering').element('requestLimits')
    attr = limits.attribute('maxAllowedContentLength')
    assert attr.normalize('4294967295') == '4294967295'
    assert attr.normalize(' 0042 ') == '42'
    assert attr.normalize(30000000) == '30000000'
    assert attr.equals('30000000', None)
    for bad in ('-1', '4294967296', 'ten', '1.5', True):
        with pytest.raises(SchemaError) as err:
            attr.normalize(bad)
        assert 'requestLimits' in str(err.value) and '4294967295' in str(err.value)


def test_integer_range_validation(builtin):
    pools = builtin.section('system.applicationHost/applicationPools').element('applicationPoolDefaults')
    queue = pools.attribute('queueLength')
    assert queue.normalize(10) == '10'
    assert queue.normalize(65535) == '65535'
    with pytest.raises(SchemaError) as err:
        queue.normalize(9)
    assert 'between 10 and 65535' in str(err.value)
    bandwidth = builtin.section('system.applicationHost/sites').element('siteDefaults/limits').attribute('maxBandwidth')
    assert bandwidth.normalize(1024) == '1024'
    with pytest.raises(SchemaError) as err:
        bandwidth.normalize(500)  # validationParameter 0,1023,exclude
    assert 'must not be between 0 and 1023' in str(err.value)
    sub_status = builtin.section('system.webServer/httpErrors').collection.attributes['subStatusCode']
    assert sub_status.type == 'int'
    assert sub_status.normalize(-1) == '-1'


def test_int64_and_infinite(builtin):
    truncate = builtin.section('system.applicationHost/log').element('centralW3CLogFile').attribute('truncateSize')
    assert truncate.type == 'int64'
    assert truncate.normalize('1048576') == '1048576'
    batch = builtin.section('system.web/compilation').attribute('batchTimeout')
    assert batch.normalize('infinite') == 'Infinite'


def test_timespan(builtin):
    idle = builtin.section('system.applicationHost/applicationPools').element(
        'applicationPoolDefaults/processModel').attribute('idleTimeout')
    assert idle.normalize('0:20:00') == '00:20:00'
    assert idle.normalize('00:20') == '00:20:00'
    assert idle.normalize(datetime.timedelta(minutes=90)) == '01:30:00'
    assert idle.normalize('1.00:00:00') == '1.00:00:00'
    assert idle.equals('00:20:00', '0:20:0')
    assert idle.equals(None, '00:20:00')
    with pytest.raises(SchemaError):
        idle.normalize('31.00:00:00')  # above the 2592000 s maximum
    with pytest.raises(SchemaError):
        idle.normalize('00:61:00')
    with pytest.raises(SchemaError):
        idle.normalize(20)  # a bare number is ambiguous for hh:mm:ss time spans
    periodic = builtin.section('system.applicationHost/applicationPools').element(
        'applicationPoolDefaults/recycling/periodicRestart').attribute('time')
    assert periodic.default_value() == '1.05:00:00'
    timeout = builtin.section('system.web/sessionState').attribute('timeout')
    assert timeout.time_span_format == 'minutes'
    assert timeout.normalize(30) == '30'
    assert timeout.normalize('00:30:00') == '30'
    assert timeout.equals('30', '00:30:00')
    with pytest.raises(SchemaError):
        timeout.normalize('00:00:30')
    execution = builtin.section('system.web/httpRuntime').attribute('executionTimeout')
    assert execution.normalize('110') == '110'
    assert execution.default_value() == '110'


def test_string_validators(builtin):
    pools = builtin.section('system.applicationHost/applicationPools').collection
    name = pools.attributes['name']
    assert name.normalize('My Pool') == 'My Pool'
    with pytest.raises(SchemaError):
        name.normalize('bad/pool')
    sites = builtin.section('system.applicationHost/sites').collection
    with pytest.raises(SchemaError):
        sites.attributes['name'].normalize('what?')
    app_path = sites.collection.attributes['path']
    assert app_path.normalize('/') == '/'
    assert app_path.normalize('/app/sub') == '/app/sub'
    for bad in ('app', '/app/', '/a/../b', ''):
        with pytest.raises(SchemaError):
            app_path.normalize(bad)
    handlers = builtin.section('system.webServer/handlers').collection
    with pytest.raises(SchemaError):
        handlers.attributes['name'].normalize('')
    machine_key = builtin.section('system.web/machineKey')
    with pytest.raises(SchemaError):
        machine_key.attribute('decryption').normalize(' AES')


def test_string_equality_and_case(builtin):
    modules = builtin.section('system.webServer/modules').collection
    assert modules.attributes['name'].case_sensitive
    assert not modules.attributes['name'].equals('UrlRewrite', 'urlrewrite')
    headers = builtin.section('system.webServer/httpProtocol').element('customHeaders').collection
    assert headers.attributes['name'].equals('X-Powered-By', 'x-powered-by')
    assert not headers.attributes['value'].equals('ASP.NET', 'asp.net')


def test_equals_never_raises_on_junk(ssl_flags, builtin):
    assert ssl_flags.equals('Ssl,Bogus', 'Ssl,Bogus')
    assert not ssl_flags.equals('Ssl,Bogus', 'Ssl')
    queue = builtin.section('system.applicationHost/applicationPools').collection.attributes['queueLength']
    assert queue.equals('5', '5')  # out of range but equal
    assert queue.equals('abc', 'abc')
    assert not queue.equals('abc', '1000')


# ---------------------------------------------------------------------------
# Names, errors, attributes mapping
# ---------------------------------------------------------------------------

def test_attribute_lookup_case_insensitive(builtin):
    access = builtin.section('SYSTEM.WEBSERVER/Security/Access')
    assert access.section_path == 'system.webServer/security/access'
    assert access.attribute('SSLFLAGS').name == 'sslFlags'


def test_unknown_attribute_error(builtin):
    access = builtin.section('system.webServer/security/access')
    with pytest.raises(SchemaError) as err:
        access.attribute('sslFlag', context='task x')
    message = str(err.value)
    assert 'system.webServer/security/access' in message
    assert "'sslFlag'" in message and 'sslFlags' in message and 'task x' in message
    assert "Did you mean 'sslFlags'" in message


def test_unknown_element_error(builtin):
    request_filtering = builtin.section('system.webServer/security/requestFiltering')
    assert request_filtering.element('requestLimits/headerLimits').path == 'requestLimits/headerLimits'
    assert request_filtering.element('RequestLimits/HeaderLimits').name == 'headerLimits'
    with pytest.raises(SchemaError) as err:
        request_filtering.element('requestLimits/headerLimit')
    message = str(err.value)
    assert 'headerLimits' in message and 'requestLimits' in message
    assert 'system.webServer/security/requestFiltering' in message


def test_unknown_section_error(builtin):
    with pytest.raises(SchemaError) as err:
        builtin.section('system.webServer/security/acess')
    message = str(err.value)
    assert message.startswith("Unknown configuration section 'system.webServer/security/acess': "
                              "its schema is not installed on this host")
    assert "known sections under 'system.webServer/...'" in message
    assert "Did you mean 'system.webServer/security/access'" in message
    with pytest.raises(SchemaError) as err:
        builtin.section('system.webServer/rewrite/rules')
    assert 'system.webServer/rewrite/rules' in str(err.value)
    assert not builtin.has_section('system.webServer/rewrite/rules')
    assert builtin.has_section('system.webserver/modules')


def test_unrecognized_attributes_allowed(builtin):
    runtime = builtin.section('system.web/httpRuntime')
    assert runtime.allow_unrecognized_attributes
    assert runtime.attribute('targetFramework').name == 'targetFramework'
    assert runtime.normalize_attributes({'targetFramework': '4.8', 'ENABLEVERSIONHEADER': 'False'}) == {
        'targetFramework': '4.8', 'enableVersionHeader': 'false'}


def test_normalize_attributes(builtin):
    modules = builtin.section('system.webServer/modules')
    item = modules.collection.item_schema()
    assert isinstance(item, ElementSchema)
    result = item.normalize_attributes({'NAME': 'UrlRewrite', 'lockitem': 'TRUE', 'precondition': 'bitness64'})
    assert list(result.items()) == [('name', 'UrlRewrite'), ('lockItem', 'true'), ('preCondition', 'bitness64')]
    assert modules.normalize_attributes({'runallmanagedmodulesforallrequests': 1,
                                         'lockAttributes': 'runAllManagedModulesForAllRequests'}) == {
        'runAllManagedModulesForAllRequests': 'true', 'lockAttributes': 'runAllManagedModulesForAllRequests'}
    with pytest.raises(SchemaError) as err:
        item.normalize_attributes({'name': 'a', 'Name': 'b'})
    assert 'twice' in str(err.value)
    with pytest.raises(SchemaError) as err:
        item.normalize_attributes({'name': 'a', 'image': 'x.dll'})
    assert "'image'" in str(err.value) and 'preCondition' in str(err.value)


# ---------------------------------------------------------------------------
# Collection keys
# ---------------------------------------------------------------------------

def test_key_of_bindings(builtin):
    bindings = builtin.section('system.applicationHost/sites').collection.elements['bindings'].collection
    assert bindings.key_names() == ['protocol', 'bindingInformation']
    assert bindings.key_of({'protocol': 'HTTPS', 'bindingInformation': '*:443:Example.COM', 'sslFlags': '1'}) == (
        'https', '*:443:example.com')
    assert bindings.key_of({'bindinginformation': '*:80:', 'Protocol': 'http'}) == ('http', '*:80:')


def test_key_of_unique_and_case_sensitivity(builtin):
    isapi = builtin.section('system.webServer/security/isapiCgiRestriction').collection
    assert isapi.key_names() == ['path']
    assert isapi.key_of({'path': r'C:\Windows\ASPNET.dll', 'allowed': 'true'}) == (r'c:\windows\aspnet.dll',)
    handlers = builtin.section('system.webServer/handlers').collection
    assert handlers.key_names() == ['name']
    assert handlers.key_of({'name': 'PageHandlerFactory-Integrated'}) == ('PageHandlerFactory-Integrated',)
    sites = builtin.section('system.applicationHost/sites').collection
    assert sites.unique_keys() == ['name', 'id']
    assert sites.key_names() == ['name']
    web_handlers = builtin.section('system.web/httpHandlers').collection
    assert web_handlers.key_names() == ['path', 'verb']


def test_key_of_defaults_and_nested(builtin):
    ip = builtin.section('system.webServer/security/ipSecurity').collection
    assert ip.key_names() == ['ipAddress', 'subnetMask', 'domainName']
    assert ip.key_of({'ipAddress': '10.0.0.1', 'allowed': 'true'}) == ('10.0.0.1', '255.255.255.255', '')
    errors = builtin.section('system.webServer/httpErrors').collection
    assert errors.key_of({'statusCode': '404', 'path': 'x'}) == ('404', '-1')
    assert errors.key_of({'statusCode': 404, 'subStatusCode': '-1'}) == ('404', '-1')
    rules = builtin.section('system.webServer/security/authentication/iisClientCertificateMappingAuthentication') \
        .element('manyToOneMappings').collection.item_schema().element('rules').collection
    key = rules.key_of({'certificateField': 'subject', 'certificateSubField': 'CN',
                        'matchCriteria': 'Alice*', 'compareCaseSensitive': 'True'})
    assert key == ('subject', 'CN', 'Alice*', 'true')


def test_key_of_without_keys():
    registry = SchemaRegistry()
    registry.add_schema_xml(b'''<configSchema><sectionSchema name="t/s">
      <collection addElement="allow,deny" allowDuplicates="true" mergeAppend="false">
        <attribute name="users" type="string"/>
        <attribute name="verbs" type="string" caseSensitive="true"/>
      </collection></sectionSchema></configSchema>''', 'keyless.xml')
    collection = registry.section('t/s').collection
    assert isinstance(collection, CollectionSchema)
    assert collection.key_names() == []
    assert collection.key_of({'Users': 'Bob', 'verbs': 'GET'}) == ('bob', 'GET')
    assert collection.key_of({'users': 'bob'}) == ('bob', '')


# ---------------------------------------------------------------------------
# Merging and loading errors
# ---------------------------------------------------------------------------

BASE = b'''<configSchema>
  <sectionSchema name="system.webServer/demo">
    <attribute name="enabled" type="bool" defaultValue="false"/>
    <element name="limits"><attribute name="max" type="uint" defaultValue="10"/></element>
    <collection addElement="add" clearElement="clear">
      <attribute name="name" type="string" isUniqueKey="true" required="true"/>
      <element name="inner"><attribute name="a" type="string"/></element>
    </collection>
  </sectionSchema>
</configSchema>'''

EXTENSION = b'''<configSchema>
  <sectionSchema name="System.WebServer/Demo">
    <attribute name="enabled" type="string"/>
    <attribute name="mode" type="enum" defaultValue="Fast"><enum name="Fast" value="0"/><enum name="Slow" value="1"/></attribute>
    <element name="limits"><attribute name="min" type="uint"/></element>
    <element name="extra"><attribute name="on" type="bool"/></element>
    <collection addElement="add" removeElement="remove">
      <attribute name="weight" type="int" defaultValue="1"/>
      <method name="Poke" extension="X.Y"/>
      <element name="inner"><attribute name="b" type="string"/></element>
    </collection>
  </sectionSchema>
</configSchema>'''


def test_merge_same_section_from_two_files():
    registry = SchemaRegistry()
    registry.add_schema_xml(BASE, 'base.xml')
    registry.add_schema_xml(EXTENSION, 'ext.xml')
    assert registry.sources == ['base.xml', 'ext.xml']
    assert registry.sections() == ['system.webServer/demo']
    section = registry.section('system.webserver/demo')
    assert section.sources == ['base.xml', 'ext.xml']
    assert list(section.attributes) == ['enabled', 'mode']
    assert section.attribute('enabled').type == 'bool'  # the first definition wins
    assert list(section.element('limits').attributes) == ['max', 'min']
    assert section.element('extra').attribute('on').type == 'bool'
    collection = section.collection
    assert list(collection.attributes) == ['name', 'weight']
    assert collection.clear_element == 'clear' and collection.remove_element == 'remove'
    assert list(collection.item_schema().element('inner').attributes) == ['a', 'b']
    assert collection.key_names() == ['name']


def test_from_files_merges(tmp_path):
    first = tmp_path / 'a.xml'
    second = tmp_path / 'b.xml'
    first.write_bytes(BASE)
    second.write_bytes(EXTENSION)
    registry = SchemaRegistry.from_files([first, second])
    assert registry.sources == [str(first), str(second)]
    assert 'mode' in registry.section('system.webServer/demo').attributes


@pytest.mark.parametrize('data', [
    b'<configSchema><sectionSchema name="x">',
    b'not xml at all',
    b'<configSchema><sectionSchema name="x"><attribute name="a" type="bool"></sectionSchema></configSchema>',
    b'',
])
def test_malformed_schema_names_source(data):
    registry = SchemaRegistry()
    with pytest.raises(SchemaError) as err:
        registry.add_schema_xml(data, 'broken_schema.xml')
    assert 'broken_schema.xml' in str(err.value)
    assert registry.sections() == [] and registry.sources == []


@pytest.mark.parametrize('data,fragment', [
    (b'<configSchema><sectionSchema name="x"><attribute name="a" type="boolean"/></sectionSchema></configSchema>',
     "unknown type 'boolean'"),
    (b'<configSchema><sectionSchema name="x"><attribute type="bool"/></sectionSchema></configSchema>',
     'without a name'),
    (b'<configSchema><sectionSchema name="x"><attribute name="a" type="enum"><enum name="A" value="one"/>'
     b'</attribute></sectionSchema></configSchema>', 'non-numeric'),
    (b'<configuration/>', 'expected <configSchema>'),
    (b'<configSchema><sectionSchema/></configSchema>', 'sectionSchema> without a name'),
])
def test_invalid_schema_content(data, fragment):
    registry = SchemaRegistry()
    with pytest.raises(SchemaError) as err:
        registry.add_schema_xml(data, 'odd.xml')
    assert 'odd.xml' in str(err.value) and fragment in str(err.value)


@pytest.mark.parametrize('data', [
    b'<?xml version="1.0"?>\n<!DOCTYPE configSchema [<!ENTITY x "boom">]>\n'
    b'<configSchema><sectionSchema name="a/&x;"/></configSchema>',
    b'<!DOCTYPE configSchema SYSTEM "http://example.invalid/schema.dtd"><configSchema/>',
    b'<!doctype configSchema><configSchema/>',
])
def test_doctype_refused(data):
    registry = SchemaRegistry()
    with pytest.raises(SchemaError) as err:
        registry.add_schema_xml(data, 'evil.xml')
    assert 'evil.xml' in str(err.value) and 'DOCTYPE' in str(err.value)


def test_safe_parser_settings():
    parser = safe_xml_parser()
    assert isinstance(parser, etree.XMLParser)


def test_comments_and_text_schema_accepted():
    registry = SchemaRegistry()
    registry.add_schema_xml(u'<!-- c --><configSchema><!-- x --><sectionSchema name="s/t">'
                            u'<attribute name="a" type="string" defaultValue="\u00e9"/></sectionSchema></configSchema>',
                            'text.xml')
    assert registry.section('s/t').attribute('a').default_value() == u'\u00e9'


def test_attribute_schema_constructor():
    attr = AttributeSchema('x', 'flags', values=[('None', 0), ('A', 1), ('B', 2)], default='A, B')
    assert attr.default_value() == 'A,B'
    with pytest.raises(SchemaError):
        AttributeSchema('x', 'float')


# ---------------------------------------------------------------------------
# Real configuration files validate against the real schema
# ---------------------------------------------------------------------------

def _check_element(schema, node, problems, where):
    for name, value in node.attrib.items():
        if name.startswith('{') or name == 'xmlns':
            continue
        try:
            schema.normalize_attributes({name: value}, where)
        except SchemaError as exc:
            problems.append(str(exc))
    for child in node:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag
        if schema.collection is not None and tag in schema.collection.add_elements:
            _check_element(schema.collection.item_schema(), child, problems, where)
        elif schema.collection is not None and tag in (schema.collection.remove_element,
                                                       schema.collection.clear_element):
            continue
        elif schema.has_element(tag):
            _check_element(schema.element(tag), child, problems, where)
        else:
            problems.append('%s: unexpected <%s> under %r' % (where, tag, schema))


def _check_config(registry, node, prefix, problems, where):
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == 'location':
            _check_config(registry, child, prefix, problems, where)
            continue
        path = '/'.join(p for p in (prefix, child.tag) if p)
        if registry.has_section(path):
            _check_element(registry.section(path), child, problems, where + ' ' + path)
        elif child.tag not in ('configSections', 'configProtectedData'):
            _check_config(registry, child, path, problems, where)


@pytest.mark.parametrize('name', ['applicationHost.IIS10.default-role-minimal.config',
                                  'applicationHost.IIS10.servercore-full-features.config'])
def test_real_applicationhost_values_validate(real, name):
    path = _need_shared() / 'schema' / name
    root = etree.fromstring(path.read_bytes(), safe_xml_parser())
    problems = []
    _check_config(real, root, '', problems, name)
    assert problems == []


# Genuine mistakes in the corpus that the schema rightly reports (IIS itself rejects them when
# the section is read): a misspelt <dynamicCompression> (the schema has dynamicTypes) and a
# caching profile duration below its 1 second minimum.
KNOWN_CORPUS_PROBLEMS = [
    ('005.config', 'unexpected <dynamicCompression>'),
    ('016.config', 'unexpected <dynamicCompression>'),
    ('027.config', 'unexpected <dynamicCompression>'),
    ('080.config', "attribute 'duration': invalid value '00:00:00'; the value must be between 1 and 4294967 seconds"),
    ('082.config', "attribute 'duration': invalid value '00:00:00'; the value must be between 1 and 4294967 seconds"),
]


def test_real_corpus_values_validate(real):
    shared = _need_shared()
    problems = []
    checked = 0
    for path in sorted((shared / 'corpus' / 'apphost').glob('*.config')) + \
            sorted((shared / 'corpus' / 'webconfig').glob('*.config')):
        try:
            root = etree.fromstring(path.read_bytes(), safe_xml_parser())
        except etree.XMLSyntaxError:
            continue
        checked += 1
        _check_config(real, root, '', problems, path.name)
    assert checked > 100
    unexpected = [p for p in problems
                  if not any(p.startswith(name) and text in p for name, text in KNOWN_CORPUS_PROBLEMS)]
    assert unexpected == []
    assert len(problems) == len(KNOWN_CORPUS_PROBLEMS)
