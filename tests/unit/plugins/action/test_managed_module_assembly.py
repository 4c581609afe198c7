# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""iis_module: a managed module is enabled only where ASP.NET can load its type.

ASP.NET loads every module of an application when the application starts; a type whose
assembly is in neither the application's bin folder nor the GAC (nor, for a type without
assembly, in App_Code) makes every request fail. Copies of the example host ("Default Web
Site" at inetpub/wwwroot with the sub-application /legacy at inetpub/legacy), with bin,
App_Code and GAC folders of our own.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

import pytest

from ansible_collections.webadmin.iis.plugins.module_utils import module_requirements as req
from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action

SITE = 'Default Web Site'
LEGACY = 'Default Web Site/legacy'
TELEMETRY = 'Contoso.Web.Telemetry, Contoso.Web'
GAC_MSIL = ('Windows', 'Microsoft.NET', 'assembly', 'GAC_MSIL')
MVC = 'System.Web.Mvc.MvcHttpHandler, System.Web.Mvc, Version=5.2.9.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35'


def digest(root):
    return dict((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(root.rglob('*')) if p.is_file())


def put(root, *parts, data=b'MZ'):
    path = root.joinpath(*parts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def enable(root, location=SITE, type_text=TELEMETRY, name='Telemetry', **extra):
    return run_action('iis_module', root, name=name, type=type_text, location=location, **extra)


def test_missing_assembly_is_refused_naming_it_and_the_folders(example_host):
    before = digest(example_host)
    result = enable(example_host, location=LEGACY)
    assert result.get('failed') is True, result
    assert 'assembly Contoso.Web is missing' in result['msg']
    assert r'%SystemDrive%\inetpub\legacy\bin' in result['msg']
    assert 'check_assembly=false' in result['msg']
    assert [c['application'] for c in result['assembly_check']] == [LEGACY]
    assert digest(example_host) == before


def test_assembly_in_bin_is_accepted_case_insensitively_and_idempotent(example_host):
    put(example_host, 'inetpub', 'legacy', 'BIN', 'contoso.web.DLL')
    result = enable(example_host, location=LEGACY)
    assert not result.get('failed'), result.get('msg')
    assert result['changed'] is True
    assert result['assembly_check'][0]['source'] == 'bin'
    assert enable(example_host, location=LEGACY)['changed'] is False


def test_site_level_needs_it_in_every_application_that_runs_the_module(example_host):
    put(example_host, 'inetpub', 'wwwroot', 'bin', 'Contoso.Web.dll')
    result = enable(example_host)
    assert result.get('failed') is True
    assert LEGACY in result['msg'] and 'wwwroot' not in result['msg'].split('missing for', 1)[1]
    put(example_host, 'inetpub', 'legacy', 'bin', 'Contoso.Web.dll')
    assert not enable(example_host).get('failed')


def test_a_sub_application_that_removes_the_module_does_not_need_it(example_host):
    put(example_host, 'inetpub', 'wwwroot', 'bin', 'Contoso.Web.dll')
    web = example_host / 'inetpub' / 'legacy' / 'web.config'
    web.write_bytes(web.read_bytes().replace(b'</configuration>', b'<system.webServer><modules><remove name="Telemetry" />'
                                             b'</modules></system.webServer>\n</configuration>'))
    result = enable(example_host)
    assert not result.get('failed'), result.get('msg')
    assert [c['application'] for c in result['assembly_check']] == [SITE]


def test_check_assembly_false_skips_the_check(example_host):
    result = enable(example_host, location=LEGACY, check_assembly=False)
    assert not result.get('failed') and result['changed'] is True
    assert 'assembly_check' not in result


@pytest.mark.parametrize('type_text', [
    'System.Web.Handlers.ScriptModule, System.Web.Extensions, Version=4.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35',
    'System.Web.Security.FormsAuthenticationModule',
    'System.ServiceModel.Activation.ServiceHttpModule, System.ServiceModel.Activation, Version=4.0.0.0, Culture=neutral, '
    'PublicKeyToken=31bf3856ad364e35',
])
def test_framework_types_need_no_bin(example_host, type_text):
    result = enable(example_host, location=LEGACY, type_text=type_text)
    assert not result.get('failed'), result.get('msg')
    assert result['assembly_check'][0]['source'] in ('framework', 'system.web')


def test_out_of_band_microsoft_assembly_offline_without_gac_folder_is_a_warning(example_host):
    result = enable(example_host, location=LEGACY, type_text=MVC, name='Mvc')
    assert not result.get('failed'), result.get('msg')
    assert result['assembly_check'][0]['verified'] is False
    assert any('System.Web.Mvc' in w and 'not verified' in w for w in result['warnings'])


def test_gac_folder_of_the_host_is_looked_in(example_host):
    (example_host.joinpath(*GAC_MSIL)).mkdir(parents=True)
    result = enable(example_host, location=LEGACY, type_text=MVC, name='Mvc')
    assert result.get('failed') is True
    assert r'%windir%\Microsoft.NET\assembly\GAC_MSIL' in result['msg']
    put(example_host, *GAC_MSIL, 'System.Web.Mvc', 'v4.0_5.2.9.0__31bf3856ad364e35', 'System.Web.Mvc.dll')
    result = enable(example_host, location=LEGACY, type_text=MVC, name='Mvc')
    assert not result.get('failed'), result.get('msg')
    assert result['assembly_check'][0]['source'] == 'gac' and result['assembly_check'][0]['verified'] is True


def test_gac_version_must_match(example_host):
    put(example_host, *GAC_MSIL, 'System.Web.Mvc', 'v4.0_4.0.0.0__31bf3856ad364e35', 'System.Web.Mvc.dll')
    result = enable(example_host, location=LEGACY, type_text=MVC, name='Mvc')
    assert result.get('failed') is True


def test_third_party_strong_name_offline_without_gac_is_refused(example_host):
    elmah = 'Elmah.ErrorLogModule, Elmah, Version=1.2.14706.0, Culture=neutral, PublicKeyToken=57eac04b2e0f138e'
    result = enable(example_host, location=LEGACY, type_text=elmah, name='ErrorLog')
    assert result.get('failed') is True
    assert 'no GAC folder' in result['msg']


def test_type_without_assembly_comes_from_app_code(example_host):
    result = enable(example_host, location=LEGACY, type_text='Contoso.AuditModule', name='Audit')
    assert result.get('failed') is True and 'App_Code' in result['msg'] and 'class AuditModule' in result['msg']
    put(example_host, 'inetpub', 'legacy', 'App_Code', 'Audit', 'AuditModule.cs',
        data=b'namespace Contoso {\n  public class AuditModule : System.Web.IHttpModule { }\n}\n')
    result = enable(example_host, location=LEGACY, type_text='Contoso.AuditModule', name='Audit')
    assert not result.get('failed'), result.get('msg')
    assert result['assembly_check'][0]['source'] == 'app_code'


def test_hostile_assembly_names_are_refused_before_any_lookup():
    with pytest.raises(req.ConfigError):
        req.assembly_request(['X.Y, ..\\..\\Windows\\evil'])


def test_an_application_folder_the_host_cannot_show_is_a_warning_not_a_refusal(example_host):
    apphost = example_host / 'Windows' / 'System32' / 'inetsrv' / 'config' / 'applicationHost.config'
    apphost.write_bytes(apphost.read_bytes().replace(b'physicalPath="%SystemDrive%\\inetpub\\legacy"', b'physicalPath="D:\\legacy"'))
    result = enable(example_host, location=SITE, check=True)
    checks = dict((c['application'], c) for c in result['assembly_check']) if 'assembly_check' in result else {}
    assert result.get('failed') is True  # the site root's bin is visible and lacks the assembly
    assert checks[LEGACY]['resolved'] is True and checks[LEGACY]['verified'] is False
    assert 'could not be looked at' in checks[LEGACY]['detail']
