# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Delegation and lock violations through the real action plugins (iis_config, iis_module, iis_info)
on small hosts of our own: server-level unlock with check, diff and a second run; locks that a
lower level already overrides are refused with nothing written; iis_info reports violations."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib

from lxml import etree

from ansible_collections.webadmin.iis.tests.unit.plugins.action.action_runner import run_action

APPHOST = 'Windows/System32/inetsrv/config/applicationHost.config'
MODULES = 'system.webServer/modules'
BROWSE = 'system.webServer/directoryBrowse'
APPCMD = '%windir%\\system32\\inetsrv\\appcmd.exe '


def digest(root):
    return dict((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in sorted(root.rglob('*')) if p.is_file())


def web_config(body):
    return ('<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n%s\r\n</configuration>\r\n' % body).encode()


def test_server_level_unlock_check_diff_apply_and_second_run(mini_host):
    before = digest(mini_host)
    checked = run_action('iis_config', mini_host, check=True, diff=True, section=MODULES, override_mode='Allow')
    assert checked.get('failed') is not True, checked
    assert checked['changed'] is True and digest(mini_host) == before
    assert checked['commands'] == [APPCMD + 'unlock config -section:system.webServer/modules /commit:apphost']
    [diff] = checked['diff']
    assert '<location path="" overrideMode="Allow">' in diff['after'] and '<location path=""' not in diff['before']
    assert checked['section']['override_mode'] == 'Allow'  # what the plan leads to, for web.config files
    assert 'location path=""' in checked['section']['override_mode_reason']
    done = run_action('iis_config', mini_host, section=MODULES, override_mode='Allow')
    assert done['changed'] is True and done['files'] == ['%windir%\\System32\\inetsrv\\config\\applicationHost.config']
    apphost = etree.fromstring((mini_host / APPHOST).read_bytes())
    assert apphost.find('system.webServer/modules') is None
    assert len(apphost.xpath('/configuration/location[@path="" and @overrideMode="Allow"]/system.webServer/modules/add')) == 2
    again = run_action('iis_config', mini_host, section=MODULES, override_mode='Allow')
    assert again['changed'] is False and again['commands'] == []
    # now a site web.config may hold the modules list
    site = run_action('iis_config', mini_host, section=MODULES, location='Site', collection={'items': [{'name': 'M', 'type': 'T'}]})
    assert site['changed'] is True and site['files'] == ['%SystemDrive%\\inetpub\\site\\web.config'], site
    # and locking the server again would break it: refused, nothing written
    snapshot = digest(mini_host)
    refused = run_action('iis_config', mini_host, section=MODULES, override_mode='Deny')
    assert refused['failed'] is True and '500.19' in refused['msg'] and 'inetpub\\site\\web.config' in refused['msg']
    assert digest(mini_host) == snapshot
    inherit = run_action('iis_config', mini_host, section=MODULES, override_mode='Inherit')
    assert inherit['failed'] is True and '500.19' in inherit['msg']


def test_inherit_is_reported_as_not_expressible_with_appcmd(mini_host):
    run_action('iis_config', mini_host, section=BROWSE, override_mode='Deny')
    result = run_action('iis_config', mini_host, check=True, section=BROWSE, override_mode='Inherit')
    assert result['changed'] is True
    assert result['commands'][0].startswith('# not expressible with appcmd') and 'Inherit' in result['commands'][0]


def test_module_lock_refused_when_a_web_config_removes_it(offline_host, mini_apphost):
    apphost = mini_apphost.replace(b'name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Deny"',
                                   b'name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Allow"')
    root = offline_host(apphost, {'inetpub/app': web_config(
        '<system.webServer><modules><remove name="ServerMod" />'
        '</modules></system.webServer>')}, directories=('inetpub/site',))
    before = digest(root)
    result = run_action('iis_module', root, name='ServerMod', type='T', lock=True)
    assert result['failed'] is True, result
    assert 'Site/app' in result['msg'] and 'C:\\inetpub\\app\\web.config' in result['msg'] and '<remove>' in result['msg']
    assert digest(root) == before


def test_lock_attributes_through_iis_config_refused_then_idempotent(offline_host, mini_apphost):
    root = offline_host(mini_apphost, {'inetpub/site': web_config(
        '<system.webServer><directoryBrowse enabled="true" />'
        '</system.webServer>')}, directories=('inetpub/app',))
    refused = run_action('iis_config', root, section=BROWSE, attributes={'lockAttributes': 'enabled'})
    assert refused['failed'] is True and 'sets enabled' in refused['msg'] and 'lockAttributes="enabled"' in refused['msg']
    ok = run_action('iis_config', root, section=BROWSE, attributes={'lockAttributes': 'showFlags'})
    assert ok['changed'] is True, ok
    assert b'<directoryBrowse enabled="false" lockAttributes="showFlags" />' in (root / APPHOST).read_bytes()
    assert run_action('iis_config', root, section=BROWSE, attributes={'lockAttributes': 'showFlags'})['changed'] is False


def test_iis_info_reports_violations_per_path(offline_host, mini_apphost):
    root = offline_host(mini_apphost, {'inetpub/app': web_config(
        '<system.webServer><modules><remove name="StaticFileModule" />'
        '</modules></system.webServer>')}, directories=('inetpub/site',))
    info = run_action('iis_info', root)
    assert info.get('failed') is not True, info
    assert info['server']['lock_violations'] == [] and info['locations']['Site']['lock_violations'] == []
    found = info['locations']['Site/app']['lock_violations']
    assert sorted((v['section'], v['override']) for v in found) == [
        (MODULES, 'defines the section'), (MODULES, "has <remove> of [name='StaticFileModule']")]
    assert all(v['file'] == 'C:\\inetpub\\app\\web.config' and v['path'] == 'Site/app' for v in found)
