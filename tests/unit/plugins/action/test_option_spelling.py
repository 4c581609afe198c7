# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""IIS's own spelling of IIS enums is accepted by every module, and an option typo names the
module as users write it (webadmin.iis.<module>)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
from ansible.errors import AnsibleActionFail
from lxml import etree

from ansible_collections.webadmin.iis.plugins.module_utils.features import iis_config, iis_pipeline_mode, iis_ssl_client_cert
from ansible_collections.webadmin.iis.plugins.plugin_utils.option_spelling import iis_enum_spelling
from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action

APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
SITE = 'Default Web Site'


def pool_mode(root, name):
    tree = etree.fromstring((root / APPHOST).read_bytes())
    return tree.xpath('//applicationPools/add[@name=$n]/@managedPipelineMode', n=name)[0]


def test_pipeline_mode_accepts_iis_spelling(example_host):
    same = run_action('iis_pipeline_mode', example_host, name='DefaultAppPool', mode='Integrated')
    assert same.get('failed') is not True, same
    assert same['changed'] is False
    switched = run_action('iis_pipeline_mode', example_host, name='DefaultAppPool', mode='CLASSIC')
    assert switched.get('failed') is not True, switched
    assert switched['changed'] is True
    assert pool_mode(example_host, 'DefaultAppPool') == 'Classic'
    assert switched['invocation']['module_args']['mode'] == 'classic'  # the documented choice
    assert run_action('iis_pipeline_mode', example_host, name='DefaultAppPool', mode='classic')['changed'] is False


def test_certificate_field_and_permission_accept_iis_spelling(example_host):
    args = dict(site=SITE, mapping='iis', allow_plaintext_secrets=True)
    ok = run_action('iis_ssl_client_cert', example_host, many_to_one=[
        {'name': 'm', 'user_name': 'u', 'permission': 'Deny',
         'rules': [{'certificate_field': 'Subject', 'certificate_sub_field': 'O', 'match_criteria': 'Contoso'}]}], **args)
    assert ok.get('failed') is not True, ok
    assert ok["changed"] is True
    again = run_action('iis_ssl_client_cert', example_host, many_to_one=[
        {'name': 'm', 'user_name': 'u', 'permission': 'deny',
         'rules': [{'certificate_field': 'subject', 'certificate_sub_field': 'O', 'match_criteria': 'Contoso'}]}], **args)
    assert again.get('failed') is not True, again
    assert again['changed'] is False


def test_override_mode_accepts_any_case(example_host):
    result = run_action('iis_config', example_host, section='system.webServer/directoryBrowse', location=SITE, override_mode='deny')
    assert result.get('failed') is not True, result
    assert result['section']['override_mode'] == 'Deny'


def test_ansible_style_choices_keep_their_exact_spelling(example_host):
    with pytest.raises(AnsibleActionFail) as failure:
        run_action('iis_pipeline_mode', example_host, name='DefaultAppPool', mode='integrated', legacy_config='MIGRATE')
    assert 'legacy_config' in str(failure.value)


def test_a_value_that_matches_no_choice_is_still_refused(example_host):
    with pytest.raises(AnsibleActionFail) as failure:
        run_action('iis_pipeline_mode', example_host, name='DefaultAppPool', mode='Integratd')
    assert 'mode' in str(failure.value) and 'Integratd' in str(failure.value)


@pytest.mark.parametrize('module, args', [
    ('iis_config', dict(section='system.webServer/directoryBrowse', atributes={'enabled': True})),
    ('iis_pipeline_mode', dict(name='DefaultAppPool', mode='integrated', modee='classic')),
    ('iis_info', dict(sitez=['x'])),
])
def test_an_option_typo_names_the_module_as_users_write_it(example_host, module, args):
    with pytest.raises(AnsibleActionFail) as failure:
        run_action(module, example_host, **args)
    message = str(failure.value)
    assert 'Unsupported parameters for (webadmin.iis.%s) module' % module in message
    assert 'ansible_collections' not in message


def test_mapping_is_limited_to_listed_options_and_leaves_odd_values_alone():
    spec = iis_ssl_client_cert.ARGUMENT_SPEC
    paths = iis_ssl_client_cert.IIS_ENUM_OPTIONS
    args = {'client_certificate': 'Require', 'many_to_one': [
        {'permission': 'ALLOW', 'rules': [{'certificate_field': 'ISSUER'}, {'certificate_field': 'Serial'}]},
        'not-a-dict', {'permission': 7}]}
    out = iis_enum_spelling(args, spec, paths)
    assert out['client_certificate'] == 'Require'  # not an IIS enum: validation decides
    assert out['many_to_one'][0] == {'permission': 'allow', 'rules': [{'certificate_field': 'issuer'}, {'certificate_field': 'Serial'}]}
    assert out['many_to_one'][1:] == ['not-a-dict', {'permission': 7}]
    assert args['many_to_one'][0]['permission'] == 'ALLOW'  # the task's own args are not changed


@pytest.mark.parametrize('feature', [iis_config, iis_pipeline_mode, iis_ssl_client_cert])
def test_every_listed_option_exists_and_has_choices(feature):
    for path in feature.IIS_ENUM_OPTIONS:
        spec = feature.ARGUMENT_SPEC
        parts = path.split('.')
        for part in parts[:-1]:
            spec = spec[part]['options']
        assert spec[parts[-1]].get('choices'), path
