# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hostile locations and non-string secrets, through the real action plugin of every module.

A location must not leave the site (drive letters, UNC paths, '..', '%VARIABLE%', names Windows
shortens), and nothing is written when it is refused (the whole offline tree is hashed before and
after). A value given for a schema-encrypted attribute (a password) never appears in the result,
whatever its type (number, list, nested dict) and however deep it sits in the task's arguments.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json
import os
import stat

import pytest

from ansible.errors import AnsibleActionFail

from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action
from ansible_collections.webadmin.iis.plugins.module_utils import config_path as cpath
from ansible_collections.webadmin.iis.plugins.module_utils.config_system import ConfigError, ServerManager, confined_directory
from ansible_collections.webadmin.iis.plugins.module_utils.offline import OfflineHost
from ansible_collections.webadmin.iis.plugins.plugin_utils import iis_action

SITE = 'Default Web Site'
POOLS = 'system.applicationHost/applicationPools'

HOSTILE_LOCATIONS = [
    SITE + '/C:',
    SITE + '/C:/Windows/System32/inetsrv/config',
    SITE + '/D:',
    SITE + '/..',
    SITE + '/../legacy',
    SITE + '/x/../../legacy',
    SITE + '\\..\\legacy',
    SITE + '/\\\\server\\share',
    SITE + '//server/share',
    SITE + '/%windir%',
    SITE + '/app.',
    SITE + '/. ',
    SITE + '/.. ',
    SITE + '/a*b', SITE + '/a?b', SITE + '/a<b', SITE + '/a>b', SITE + '/a|b', SITE + '/a"b',
    SITE + '/a:b', SITE + '/a\x01b', SITE + '/a\x00b', SITE + '/a\x7fb',
]


def tree_state(root):
    """{relative path: mode and sha256 | 'dir'} of everything under ``root``."""
    state = {}
    for directory, dirs, files in os.walk(str(root)):
        for name in dirs + files:
            path = os.path.join(directory, name)
            info = os.lstat(path)
            if stat.S_ISDIR(info.st_mode):
                state[os.path.relpath(path, str(root))] = 'dir'
            else:
                with open(path, 'rb') as handle:
                    state[os.path.relpath(path, str(root))] = '%o:%s' % (stat.S_IMODE(info.st_mode),
                                                                         hashlib.sha256(handle.read()).hexdigest())
    return state


def _location_args(module, location):
    """Task arguments of ``module`` aimed at ``location``."""
    site, _sep, rest = location.partition('/')
    if module == 'iis_config':
        return dict(section='system.webServer/directoryBrowse', location=location, attributes={'enabled': True},
                    commit='webconfig')
    if module == 'iis_module':
        return dict(name='CustomModule', type='Contoso.Custom', location=location, commit='webconfig')
    if module == 'iis_ssl_client_cert':
        return dict(site=site, application=rest, mapping='none')
    if module == 'iis_pipeline_mode':
        return dict(name='DefaultAppPool', mode='integrated', applications=[location], legacy_config='ignore')
    return dict(location=location)


@pytest.mark.parametrize('module', ['iis_config', 'iis_module', 'iis_ssl_client_cert', 'iis_pipeline_mode', 'iis_info'])
@pytest.mark.parametrize('location', HOSTILE_LOCATIONS, ids=repr)
def test_a_location_that_leaves_the_site_is_refused_and_nothing_is_written(example_host, module, location):
    if module == 'iis_ssl_client_cert' and location == SITE + '//server/share':
        pytest.skip("application '/server/share' is an ordinary application path of the site")
    before = tree_state(example_host)
    result = run_action(module, example_host, **_location_args(module, location))
    assert result.get('failed') is True, result
    assert 'location' in result['msg'] or 'application' in result['msg'], result['msg']
    assert tree_state(example_host) == before


def test_the_issue_case_wrote_outside_the_site_before(example_host):
    """The reported case: ``Default Web Site/C:`` used to create C:\\web.config."""
    result = run_action('iis_config', example_host, section='system.webServer/directoryBrowse',
                        location=SITE + '/C:', attributes={'enabled': True}, commit='webconfig')
    assert result['failed'] is True and 'C:' in result['msg']
    assert not (example_host / 'web.config').exists()


@pytest.mark.parametrize('good', [SITE + '/a.b', SITE + '/.well-known', SITE + '/x y/z', SITE + '/app-1_2~$'])
def test_ordinary_names_are_still_accepted(example_host, good):
    result = run_action('iis_config', example_host, check=True, section='system.webServer/directoryBrowse',
                        location=good, attributes={'enabled': True}, commit='webconfig')
    assert result.get('failed') is not True, result


@pytest.mark.parametrize('bad', ['S/C:', 'S/a./b', 'S/a /b', 'S/%x%', 'S\\a', 'S/a*', 'S/\x1f/b'])
def test_segments_are_checked_by_iis_rules(bad):
    with pytest.raises(cpath.ConfigPathError, match='^location'):
        cpath.normalize_location(bad)
    assert not cpath._CANONICAL.fullmatch(bad)


# -- confinement: every resolved web.config inside its virtual directory ---------------------------

VDIR_APPHOST = b'''<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.applicationHost>
        <sites>
            <site name="Site" id="1">
                <application path="/" applicationPool="DefaultAppPool">
                    <virtualDirectory path="/" physicalPath="C:\\inetpub\\site" />
                    <virtualDirectory path="/media" physicalPath="C:\\content\\media" />
                </application>
            </site>
            <site name="Site2" id="2">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="C:\\inetpub\\site2" />
                </application>
            </site>
        </sites>
    </system.applicationHost>
</configuration>
'''


def test_a_virtual_directory_elsewhere_holds_the_web_config_of_its_paths(offline_host):
    root = offline_host(VDIR_APPHOST, directories=('inetpub/site', 'content/media/photos', 'inetpub/site2'))
    manager = ServerManager(OfflineHost(root))
    assert manager.web_config_path('Site/media/photos') == 'C:\\content\\media\\photos\\web.config'
    assert manager.web_config_path('Site/other') == 'C:\\inetpub\\site\\other\\web.config'


def test_the_confinement_guard_catches_what_segment_validation_would_miss(offline_host, monkeypatch):
    """Without the segment rules, the one guard still refuses a path that restarts at a drive."""
    root = offline_host(VDIR_APPHOST, directories=('inetpub/site',))
    monkeypatch.setattr(cpath, 'check_segment', lambda *args, **kwargs: None)
    monkeypatch.setattr(cpath, '_CANONICAL', __import__('re').compile('(?!)'))
    manager = ServerManager(OfflineHost(root))
    for escape in ('Site/C:', 'Site/D:', 'Site/C:/Windows', 'Site/x/../../site2', 'Site/.. /site2', 'Site/x/.../../../site2'):
        with pytest.raises(ConfigError, match='outside the physical path'):
            manager.web_config_path(escape)


@pytest.mark.parametrize('path, root, inside', [
    ('C:\\inetpub\\site', 'C:\\inetpub\\site', True),
    ('C:\\inetpub\\site\\a\\b', 'C:\\inetpub\\site', True),
    ('c:/INETPUB/Site/a', 'C:\\inetpub\\site\\', True),
    ('C:\\inetpub\\site2', 'C:\\inetpub\\site', False),
    ('C:\\inetpub\\site\\..\\site2', 'C:\\inetpub\\site', False),
    ('C:', 'C:\\inetpub\\site', False),
    ('D:\\inetpub\\site', 'C:\\inetpub\\site', False),
    ('C:\\inetpub\\site\\C:', 'C:\\inetpub\\site', False),
    ('C:\\inetpub\\site\\a:stream', 'C:\\inetpub\\site', False),
    ('C:\\inetpub\\site\\.. \\site2', 'C:\\inetpub\\site', False),
])
def test_confinement_is_on_a_separator_boundary(path, root, inside):
    if inside:
        assert confined_directory(path, root, 'L') == path
    else:
        with pytest.raises(ConfigError):
            confined_directory(path, root, 'L')


def test_a_hostile_location_tag_in_the_file_does_not_break_reading(offline_host):
    apphost = VDIR_APPHOST.replace(b'</configuration>', b'<location path="Site/C:"><system.webServer/></location></configuration>')
    root = offline_host(apphost, directories=('inetpub/site',))
    result = run_action('iis_info', root)
    assert result.get('failed') is not True, result


# -- secrets of every type, at every nesting ------------------------------------------------------

CANARY_NUMBER = 77317731
CANARY_TEXT = 'Canary-4c2e-Pa55'


def _forms(value):
    return [str(value), json.dumps(value)] if not isinstance(value, str) else [value]


def assert_no_canary(result, *values):
    text = json.dumps(result, default=str)
    for value in values:
        for form in _forms(value):
            assert form not in text, (form, text)


SECRET_CASES = {
    'number attribute': dict(section=POOLS, element='applicationPoolDefaults/processModel',
                             attributes={'password': CANARY_NUMBER, 'userName': 'svc'}),
    'float attribute': dict(section=POOLS, element='applicationPoolDefaults/processModel',
                            attributes={'password': float(CANARY_NUMBER)}),
    'list attribute': dict(section=POOLS, element='applicationPoolDefaults/processModel',
                           attributes={'password': [CANARY_NUMBER, CANARY_TEXT]}),
    'pool item child element': dict(section=POOLS, collection={'items': [
        {'name': 'CanaryPool', 'processModel': {'userName': 'svc', 'password': CANARY_NUMBER}}]}),
    'deep nesting': dict(section=POOLS, collection={'items': [
        {'name': 'CanaryPool', 'processModel': {'password': {'x': [{'y': CANARY_NUMBER}]}}}]}),
    'virtual directory defaults': dict(section='system.applicationHost/sites', element='virtualDirectoryDefaults',
                                       attributes={'userName': 'u', 'password': CANARY_NUMBER}),
}


@pytest.mark.parametrize('allow', [False, True])
@pytest.mark.parametrize('case', sorted(SECRET_CASES))
def test_non_string_secrets_never_reach_the_result(example_host, case, allow):
    args = dict(SECRET_CASES[case], allow_plaintext_secrets=allow)
    result = run_action('iis_config', example_host, diff=True, **args)
    assert_no_canary(result, CANARY_NUMBER, CANARY_TEXT)
    shown = json.dumps(result['invocation']['module_args'])
    assert 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' in shown


def test_a_number_password_is_written_and_masked_everywhere(example_host):
    result = run_action('iis_config', example_host, diff=True, section=POOLS, element='applicationPoolDefaults/processModel',
                        attributes={'password': CANARY_NUMBER}, allow_plaintext_secrets=True)
    assert result.get('failed') is not True and result['changed'] is True, result
    assert_no_canary(result, CANARY_NUMBER)
    for key in ('diff', 'commands', 'plan', 'warnings', 'changes'):
        assert key in result and str(CANARY_NUMBER) not in json.dumps(result[key], default=str)
    assert str(CANARY_NUMBER) in (example_host / 'Windows/System32/inetsrv/config/applicationHost.config').read_text()


def test_a_number_password_in_a_failing_task_is_masked_in_the_message(example_host):
    before = tree_state(example_host)
    result = run_action('iis_config', example_host, section=POOLS, element='applicationPoolDefaults/processModel',
                        attributes={'password': CANARY_NUMBER, 'noSuchAttribute': 'x'})
    assert result['failed'] is True
    assert_no_canary(result, CANARY_NUMBER)
    assert tree_state(example_host) == before


def test_ssl_client_cert_number_password_is_masked(example_host):
    result = run_action('iis_ssl_client_cert', example_host, diff=True, site=SITE, mapping='iis', allow_plaintext_secrets=True,
                        many_to_one=[{'name': 'm', 'user_name': 'u', 'password': CANARY_NUMBER}])
    assert result.get('failed') is not True, result
    assert_no_canary(result, CANARY_NUMBER)


@pytest.mark.parametrize('module, args', [
    ('iis_module', dict(name='M', type='T')),
    ('iis_pipeline_mode', dict(name='DefaultAppPool', mode='integrated')),
    ('iis_info', dict()),
])
def test_modules_without_a_secret_option_never_echo_one(example_host, module, args):
    with pytest.raises(AnsibleActionFail) as info:
        run_action(module, example_host, password=CANARY_NUMBER, **args)
    for form in _forms(CANARY_NUMBER):
        assert form not in str(info.value) and form not in json.dumps(getattr(info.value, 'result', {}), default=str)


def test_secret_values_walks_every_type_and_depth():
    names = {'password'}
    params = {'a': 1, 'password': 5, 'items': [{'processModel': {'Password': [1.0, {'x': 'deep'}]}}], 'b': {'password': True}}
    assert iis_action.secret_values(params, names) == {'5', '1.0', '1', 'deep'}
    masked = iis_action.mask_secret_keys(params, names)
    assert masked['password'] == masked['b']['password'] == iis_action.NO_LOG_MASK
    assert masked['items'][0]['processModel']['Password'] == iis_action.NO_LOG_MASK and masked['a'] == 1


# -- iis_info and a broken web.config --------------------------------------------------------------

BROKEN = b'<?xml version="1.0"?>\r\n<configuration>\r\n  <system.webServer>\r\n    <defaultDocument enabled="true">\r\n</configuration>\r\n'


def test_iis_info_reports_a_broken_web_config_as_a_warning_with_its_position(example_host):
    (example_host / 'inetpub/legacy/web.config').write_bytes(BROKEN)
    before = tree_state(example_host)
    result = run_action('iis_info', example_host)
    assert result.get('failed') is not True, result.get('msg')
    warnings = [w for w in result['warnings'] if 'legacy' in w]
    assert len(warnings) == 1 and 'web.config:5:' in warnings[0], result['warnings']
    assert SITE in result['locations'] and SITE + '/legacy' in result['locations']
    assert [s['name'] for s in result['sites']] == [SITE]
    assert tree_state(example_host) == before


def test_a_changing_module_still_refuses_to_write_through_a_broken_web_config(example_host):
    (example_host / 'inetpub/legacy/web.config').write_bytes(BROKEN)
    before = tree_state(example_host)
    result = run_action('iis_config', example_host, section='system.webServer/directoryBrowse', location=SITE + '/legacy',
                        attributes={'enabled': True}, commit='webconfig')
    assert result['failed'] is True and 'web.config:5:' in result['msg']
    assert tree_state(example_host) == before
