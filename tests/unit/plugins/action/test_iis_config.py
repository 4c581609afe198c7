# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""webadmin.iis.iis_config, run through its action plugin on copies of the offline example host.

The action plugin is what users run: it validates the options, builds the plan, honours check
and diff mode and writes once. Every test reads the files back instead of trusting the result.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import json

import pytest
from lxml import etree


from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action
from ansible_collections.webadmin.iis.plugins.module_utils.features import iis_config

APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
SITE_WEBCONFIG = 'inetpub/wwwroot/web.config'
LEGACY_WEBCONFIG = 'inetpub/legacy/web.config'
SITE = 'Default Web Site'


def run(root, check=False, diff=False, **args):
    """Run the iis_config action plugin in-process with these task arguments."""
    return run_action('iis_config', root, check=check, diff=diff, **args)


def digest(root):
    """sha256 of every file under the host, to prove nothing was written."""
    return dict((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(root.rglob('*')) if p.is_file())


def xml(root, relative):
    return etree.fromstring((root / relative).read_bytes())


def site_location(root, path=SITE):
    return xml(root, APPHOST).xpath('/configuration/location[@path=$p]', p=path)


# -- attributes --------------------------------------------------------------------------------

def test_section_and_attribute_names_are_case_insensitive_and_values_normalised(example_host):
    result = run(example_host, section='SYSTEM.WEBSERVER/DirectoryBrowse', location='default web site',
                 attributes={'ENABLED': 'True', 'showflags': ['Date', 'Time']})
    assert result.get('failed') is not True, result
    assert result['changed'] is True
    node = xml(example_host, SITE_WEBCONFIG).find('system.webServer/directoryBrowse')
    assert dict(node.attrib) == {'enabled': 'true', 'showFlags': 'Date,Time'}
    assert result['section']['section'] == 'system.webServer/directoryBrowse'
    assert result['section']['attributes']['enabled']['value'] == 'true'
    assert 'web.config' in result['section']['attributes']['enabled']['source']
    again = run(example_host, section='system.webServer/directoryBrowse', location=SITE,
                attributes={'enabled': True, 'showFlags': 'Time, Date'})
    assert again['changed'] is False and again['plan'] == [] and again['files'] == []


def test_element_path_reaches_child_elements_and_their_collections(example_host):
    result = run(example_host, section='system.webServer/security/requestFiltering', location=SITE,
                 element='requestLimits', attributes={'maxUrl': 2048, 'maxQueryString': 1024})
    assert result['changed'] is True, result
    limits = xml(example_host, SITE_WEBCONFIG).find('system.webServer/security/requestFiltering/requestLimits')
    assert limits.get('maxUrl') == '2048' and limits.get('maxQueryString') == '1024'
    result = run(example_host, section='system.webServer/security/requestFiltering', location=SITE,
                 element='requestLimits/headerLimits', collection={'items': [{'header': 'Content-Type', 'sizeLimit': 100}]})
    assert result['changed'] is True, result
    header = xml(example_host, SITE_WEBCONFIG).xpath('//requestLimits/headerLimits/add')
    assert [dict(h.attrib) for h in header] == [{'header': 'Content-Type', 'sizeLimit': '100'}]
    assert result['section']['element'] == 'requestLimits/headerLimits'
    assert [i['attributes'] for i in result['section']['collection']['items']] == [{'header': 'Content-Type', 'sizeLimit': '100'}]


@pytest.mark.parametrize('args, expected', [
    (dict(section='system.webServer/security/access', attributes={'sslFlags': 'Ssl,Bogus'}),
     ["system.webServer/security/access", "sslFlags", "'Bogus'", 'SslNegotiateCert', 'SslRequireCert']),
    (dict(section='system.webServer/directoryBrowse', attributes={'enabled': 'maybe'}),
     ['system.webServer/directoryBrowse', "'enabled'", 'true', 'false']),
    (dict(section='system.webServer/directoryBrowse', attributes={'enabeld': True}),
     ['system.webServer/directoryBrowse', "unknown attribute 'enabeld'", 'showFlags', "Did you mean 'enabled'"]),
    (dict(section='system.webServer/security/requestFiltering', element='requestLimitz', attributes={'maxUrl': 1}),
     ["unknown element 'requestLimitz'", 'requestLimits']),
    (dict(section='system.webServer/security/requestFiltering', element='requestLimits', attributes={'maxUrl': -5}),
     ['maxUrl', '-5']),
    (dict(section='system.webServer/httpProtocol', element='customHeaders',
          collection={'items': [{'name': 'X-A', 'value': 'a'}, {'name': 'X-B', 'valeu': 'b'}]}),
     ["unknown attribute 'valeu'", 'customHeaders']),
])
def test_invalid_values_fail_naming_section_attribute_and_allowed_values_before_any_write(example_host, args, expected):
    before = digest(example_host)
    # a valid change in the same task must not be written either
    if 'attributes' not in args:
        args = dict(args, attributes={})
    result = run(example_host, location=SITE, **args)
    assert result['failed'] is True
    for text in expected:
        assert text in result['msg'], (text, result['msg'])
    assert digest(example_host) == before


def test_a_bad_entry_after_good_attributes_writes_nothing(example_host):
    before = digest(example_host)
    result = run(example_host, section='system.webServer/security/requestFiltering', location=SITE, element='verbs',
                 attributes={'allowUnlisted': False}, collection={'items': [{'verb': 'TRACE', 'allowed': 'nope'}]})
    assert result['failed'] is True and "'allowed'" in result['msg']
    assert digest(example_host) == before


def test_unknown_section_fails_with_a_clear_message(example_host):
    result = run(example_host, section='system.webServer/rewrite/rules', attributes={'a': 1})
    assert result['failed'] is True
    assert "Unknown configuration section 'system.webServer/rewrite/rules'" in result['msg']
    assert 'schema is not installed' in result['msg']


def test_unknown_site_fails_and_lists_the_sites(example_host):
    result = run(example_host, section='system.webServer/directoryBrowse', location='Nope', attributes={'enabled': True})
    assert result['failed'] is True and "'Nope'" in result['msg'] and SITE in result['msg']


# -- where it is written (commit) ------------------------------------------------------------------

def test_locked_section_goes_to_an_applicationhost_location_tag(example_host):
    result = run(example_host, section='system.webServer/security/access', location=SITE + '/legacy',
                 attributes={'sslFlags': 'Ssl, SslRequireCert'})
    assert result['changed'] is True, result
    assert result['files'] == ['%windir%\\System32\\inetsrv\\config\\applicationHost.config']
    access = site_location(example_host, SITE + '/legacy')[0].find('system.webServer/security/access')
    assert access.get('sslFlags') == 'Ssl,SslRequireCert'
    assert xml(example_host, LEGACY_WEBCONFIG).find('system.webServer') is None
    assert result['commands'] == [
        '%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/legacy" '
        '-section:system.webServer/security/access /sslFlags:Ssl,SslRequireCert /commit:apphost']


def test_commit_webconfig_refuses_a_locked_section(example_host):
    before = digest(example_host)
    result = run(example_host, section='system.webServer/security/access', location=SITE, commit='webconfig',
                 attributes={'sslFlags': 'Ssl'})
    assert result['failed'] is True and 'locked' in result['msg'] and 'commit=apphost' in result['msg']
    assert digest(example_host) == before


def test_commit_apphost_puts_a_delegated_section_in_applicationhost(example_host):
    before_site = (example_host / SITE_WEBCONFIG).read_bytes()
    result = run(example_host, section='system.webServer/directoryBrowse', location=SITE, commit='apphost',
                 attributes={'enabled': True})
    assert result['changed'] is True, result
    assert site_location(example_host)[0].find('system.webServer/directoryBrowse').get('enabled') == 'true'
    assert (example_host / SITE_WEBCONFIG).read_bytes() == before_site
    # auto now follows where the section already is for that path
    result = run(example_host, section='system.webServer/directoryBrowse', location=SITE, attributes={'enabled': False})
    assert result['files'] == ['%windir%\\System32\\inetsrv\\config\\applicationHost.config']
    assert (example_host / SITE_WEBCONFIG).read_bytes() == before_site


def test_server_level_goes_to_the_top_of_applicationhost(example_host):
    result = run(example_host, section='system.webServer/directoryBrowse', attributes={'enabled': True})
    assert result['changed'] is True
    assert xml(example_host, APPHOST).find('system.webServer/directoryBrowse').get('enabled') == 'true'


# -- collections -------------------------------------------------------------------------------

def test_collection_items_are_added_once(example_host):
    args = dict(section='system.webServer/security/requestFiltering', location=SITE, element='verbs',
                collection={'items': [{'verb': 'TRACE', 'allowed': False}, {'verb': 'TRACK', 'allowed': False}]})
    first = run(example_host, **args)
    assert first['changed'] is True, first
    verbs = xml(example_host, SITE_WEBCONFIG).xpath('//requestFiltering/verbs/add')
    assert [(v.get('verb'), v.get('allowed')) for v in verbs] == [('TRACE', 'false'), ('TRACK', 'false')]
    second = run(example_host, **args)
    assert second['changed'] is False and second['plan'] == []


def test_collection_item_with_other_values_is_updated_in_place(example_host):
    run(example_host, section='system.webServer/httpProtocol', location=SITE, element='customHeaders',
        collection={'items': [{'name': 'X-Content-Type-Options', 'value': 'other'}]})
    headers = xml(example_host, SITE_WEBCONFIG).xpath('//customHeaders/add')
    assert [(h.get('name'), h.get('value')) for h in headers] == [('X-Content-Type-Options', 'other')]


def test_collection_remove_blocks_an_inherited_entry_and_deletes_a_local_one(example_host):
    result = run(example_host, section='system.webServer/httpProtocol', location=SITE, element='customHeaders',
                 collection={'remove': [{'name': 'x-powered-by'}, {'name': 'X-Content-Type-Options'}]})
    assert result['changed'] is True, result
    node = xml(example_host, SITE_WEBCONFIG).find('system.webServer/httpProtocol/customHeaders')
    assert [(c.tag, c.get('name')) for c in node if isinstance(c.tag, str)] == [('remove', 'X-Powered-By')]
    assert result['section']['collection']['items'] == []
    assert run(example_host, section='system.webServer/httpProtocol', location=SITE, element='customHeaders',
               collection={'remove': [{'name': 'X-Powered-By'}]})['changed'] is False


def test_collection_exclusive_leaves_exactly_the_listed_entries(example_host):
    args = dict(section='system.webServer/defaultDocument', location=SITE, element='files',
                collection={'items': [{'value': 'index.html'}, {'value': 'home.htm'}], 'exclusive': True})
    result = run(example_host, **args)
    assert result['changed'] is True, result
    values = [i['attributes']['value'] for i in result['section']['collection']['items']]
    assert values == ['index.html', 'home.htm']
    files = xml(example_host, SITE_WEBCONFIG).xpath('//defaultDocument/files/*')
    assert [(f.tag, f.get('value')) for f in files] == [('clear', None), ('add', 'index.html'), ('add', 'home.htm')]
    assert run(example_host, **args)['changed'] is False


def test_collection_exclusive_blocks_inherited_entries(example_host):
    result = run(example_host, section='system.webServer/defaultDocument', location=SITE + '/legacy', element='files',
                 collection={'items': [{'value': 'default.aspx'}], 'exclusive': True})
    assert result['changed'] is True, result
    files = xml(example_host, LEGACY_WEBCONFIG).xpath('//defaultDocument/files/*')
    assert [(f.tag, f.get('value')) for f in files] == [('remove', 'index.html')]
    assert [i['attributes']['value'] for i in result['section']['collection']['items']] == ['default.aspx']


def test_collection_clear_stops_inheritance(example_host):
    args = dict(section='system.webServer/httpProtocol', location=SITE + '/legacy', element='customHeaders',
                collection={'clear': True, 'items': [{'name': 'X-Frame-Options', 'value': 'DENY'}]})
    result = run(example_host, **args)
    assert result['changed'] is True, result
    node = xml(example_host, LEGACY_WEBCONFIG).find('system.webServer/httpProtocol/customHeaders')
    assert [c.tag for c in node] == ['clear', 'add']
    assert [i['attributes']['name'] for i in result['section']['collection']['items']] == ['X-Frame-Options']
    assert run(example_host, **args)['changed'] is False


def test_collection_on_an_element_without_one_fails(example_host):
    result = run(example_host, section='system.webServer/directoryBrowse', location=SITE,
                 collection={'items': [{'a': 'b'}]})
    assert result['failed'] is True and 'has no collection' in result['msg']


def test_an_entry_in_items_and_remove_is_refused(example_host):
    result = run(example_host, section='system.webServer/httpProtocol', element='customHeaders',
                 collection={'items': [{'name': 'X-A', 'value': '1'}], 'remove': [{'name': 'x-a'}]})
    assert result['failed'] is True and 'both in items and in remove' in result['msg']


def test_locked_entry_cannot_be_removed_below(example_host):
    before = digest(example_host)
    result = run(example_host, section='system.webServer/modules', location=SITE,
                 collection={'remove': [{'name': 'StaticFileModule'}]})
    assert result['failed'] is True and 'lockItem' in result['msg']
    assert digest(example_host) == before


# -- override_mode -----------------------------------------------------------------------------

def test_override_mode_deny_allow_inherit(example_host):
    deny = run(example_host, section='system.webServer/directoryBrowse', location=SITE, override_mode='Deny')
    assert deny['changed'] is True, deny
    tags = site_location(example_host)
    assert [t.get('overrideMode') for t in tags] == ['Deny'] and tags[0].find('system.webServer/directoryBrowse') is not None
    assert deny['section']['override_mode'] == 'Deny'
    assert run(example_host, section='system.webServer/directoryBrowse', location=SITE, override_mode='Deny')['changed'] is False
    # locked now: web.config writes are refused, auto writes into the location tag
    refused = run(example_host, section='system.webServer/directoryBrowse', location=SITE + '/legacy', commit='webconfig',
                  attributes={'enabled': True})
    assert refused['failed'] is True and 'locked' in refused['msg']
    allow = run(example_host, section='system.webServer/directoryBrowse', location=SITE, override_mode='Allow')
    assert allow['changed'] is True
    assert [t.get('overrideMode') for t in site_location(example_host)] == ['Allow']
    inherit = run(example_host, section='system.webServer/directoryBrowse', location=SITE, override_mode='Inherit')
    assert inherit['changed'] is True, inherit
    # the tag held nothing but the (empty) section: without a mode it says nothing, so it goes
    assert site_location(example_host) == [] and inherit['section']['override_mode'] == 'Allow'
    assert run(example_host, section='system.webServer/directoryBrowse', location=SITE, override_mode='Inherit')['changed'] is False


def test_override_mode_allow_unlocks_a_locked_section_for_web_config(example_host):
    result = run(example_host, section='system.webServer/security/access', location=SITE, override_mode='Allow')
    assert result['changed'] is True and result['section']['override_mode'] == 'Allow'
    written = run(example_host, section='system.webServer/security/access', location=SITE + '/legacy', commit='webconfig',
                  attributes={'sslFlags': 'Ssl'})
    assert written['changed'] is True, written
    assert xml(example_host, LEGACY_WEBCONFIG).find('system.webServer/security/access').get('sslFlags') == 'Ssl'


def test_override_mode_at_server_level_is_appcmd_lock_config(example_host):
    # was refused ("a location is required"); IIS documents it as appcmd lock/unlock config -section:X
    result = run(example_host, section='system.webServer/directoryBrowse', override_mode='Deny')
    assert result['changed'] is True, result
    assert result['commands'] == ['%windir%\\system32\\inetsrv\\appcmd.exe lock config '
                                  '-section:system.webServer/directoryBrowse /commit:apphost']
    # the server's <location path="" overrideMode="Allow"> (modules, handlers) stays as it is
    tags = site_location(example_host, '')
    assert [t.get('overrideMode') for t in tags] == ['Allow', 'Deny']
    assert tags[1].find('system.webServer/directoryBrowse') is not None and tags[0].find('system.webServer/directoryBrowse') is None
    assert run(example_host, section='system.webServer/directoryBrowse', override_mode='Deny')['changed'] is False


# -- secrets -----------------------------------------------------------------------------------

MAPPING = dict(section='system.webServer/security/authentication/iisClientCertificateMappingAuthentication',
               location=SITE, element='oneToOneMappings',
               collection={'items': [{'certificate': 'MIIBcert', 'userName': 'svc', 'password': 'S3cret-Pa55'}]})


def test_secret_attributes_are_refused_for_the_file_backend_without_consent(example_host):
    before = digest(example_host)
    result = run(example_host, **MAPPING)
    assert result['failed'] is True
    assert 'password' in result['msg'] and 'allow_plaintext_secrets' in result['msg']
    assert 'S3cret-Pa55' not in json.dumps(result)
    assert digest(example_host) == before


def test_secret_attributes_with_consent_are_written_and_masked_everywhere_else(example_host):
    result = run(example_host, diff=True, allow_plaintext_secrets=True, **MAPPING)
    assert result['changed'] is True, result
    assert 'S3cret-Pa55' not in json.dumps(result)
    assert any('clear text' in w for w in result['warnings'])
    entry = site_location(example_host)[0].xpath('.//oneToOneMappings/add')[0]
    assert entry.get('password') == 'S3cret-Pa55'
    assert result['section']['collection']['items'][0]['attributes']['password'] != 'S3cret-Pa55'


# -- check mode, diff --------------------------------------------------------------------------

def test_check_mode_writes_nothing_and_reports_the_planned_state(example_host):
    before = digest(example_host)
    result = run(example_host, check=True, section='system.webServer/directoryBrowse', location=SITE,
                 attributes={'enabled': True})
    assert result['changed'] is True and result['files']
    assert result['section']['attributes']['enabled']['value'] == 'true'
    assert digest(example_host) == before


def test_diff_shows_only_the_touched_lines(example_host):
    result = run(example_host, diff=True, section='system.webServer/directoryBrowse', location=SITE,
                 attributes={'enabled': True})
    (diff,) = result['diff']
    before, after = diff['before'].splitlines(), diff['after'].splitlines()
    added = [line for line in after if line not in before]
    assert [line.strip() for line in added] == ['<directoryBrowse enabled="true" />']
    assert [line for line in before if line not in after] == []


# -- helpers -----------------------------------------------------------------------------------

def test_stringify_turns_yaml_scalars_into_iis_text():
    assert iis_config.stringify({'a': True, 'b': 3, 'c': ['x', 'y'], 'd': 's', 'e': None}, 'attributes') == \
        {'a': 'true', 'b': '3', 'c': 'x,y', 'd': 's', 'e': None}


def test_element_path_accepts_slashes_and_dots():
    assert iis_config.element_path({'element': 'requestLimits/headerLimits'}) == ('requestLimits', 'headerLimits')
    assert iis_config.element_path({'element': 'requestLimits.headerLimits'}) == ('requestLimits', 'headerLimits')
    assert iis_config.element_path({'element': ''}) == ()


# -- sections IIS would reject --------------------------------------------------------------------

def _break_site_headers(root):
    """Give the site's web.config a duplicate custom header (IIS: "Cannot add duplicate
    collection entry", HTTP 500.19 for the site)."""
    path = root / SITE_WEBCONFIG
    path.write_bytes(path.read_bytes().replace(
        b'<add name="X-Content-Type-Options" value="nosniff" />',
        b'<add name="X-Content-Type-Options" value="nosniff" />\r\n<add name="x-content-type-options" value="again" />'))


def test_an_edit_of_a_section_iis_rejects_is_refused_and_nothing_is_written(example_host):
    _break_site_headers(example_host)
    before = digest(example_host)
    result = run(example_host, section='system.webServer/httpProtocol', location=SITE, attributes={'allowKeepAlive': False})
    assert result.get('failed') is True, result
    assert 'IIS would reject' in result['msg'] and 'web.config:' in result['msg'] and 'duplicate collection entry' in result['msg']
    assert digest(example_host) == before


def test_a_problem_in_a_section_the_task_does_not_edit_does_not_stop_it(example_host):
    """IIS reads sections one by one: the broken headers fail the requests that read them, not
    the default document. The task changes what it was asked to and leaves the rest as it was."""
    _break_site_headers(example_host)
    headers_before = (example_host / SITE_WEBCONFIG).read_bytes().split(b'<httpProtocol>')[1]
    result = run(example_host, section='system.webServer/defaultDocument', location=SITE, attributes={'enabled': False})
    assert result['changed'] is True and not result.get('failed'), result
    saved = (example_host / SITE_WEBCONFIG).read_bytes()
    assert saved.split(b'<httpProtocol>')[1] == headers_before
    assert b'<defaultDocument enabled="false">' in saved


def test_a_section_defined_twice_for_the_edited_path_is_refused(example_host):
    path = example_host / APPHOST
    twice = (b'<location path="Default Web Site/legacy"><system.webServer><directoryBrowse enabled="false" />'
             b'</system.webServer></location>\r\n')
    path.write_bytes(path.read_bytes().replace(b'</configuration>', twice + twice + b'</configuration>'))
    before = digest(example_host)
    result = run(example_host, section='system.webServer/directoryBrowse', location=SITE + '/legacy',
                 attributes={'showFlags': 'Date'}, commit='apphost')
    assert result.get('failed') is True, result
    assert 'defined twice' in result['msg'] and 'applicationHost.config:' in result['msg']
    assert digest(example_host) == before


@pytest.mark.parametrize('fails', [False, True])
def test_the_cyclic_collector_is_paused_during_the_task_and_restored_after(example_host, monkeypatch, fails):
    import gc
    seen = []
    original = iis_config.desired_state

    def spy(plan, params):
        seen.append(gc.isenabled())
        if fails:
            raise iis_config.ConfigError('boom')
        return original(plan, params)
    monkeypatch.setattr(iis_config, 'desired_state', spy)
    assert gc.isenabled()
    result = run(example_host, section='system.webServer/directoryBrowse', location=SITE, attributes={'enabled': True})
    assert seen == [False] and gc.isenabled()
    assert bool(result.get('failed')) is fails
