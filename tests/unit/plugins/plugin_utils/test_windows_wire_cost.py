# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Wire cost of the read round trip: configuration files travel once per play and host.

The controller keeps what it last received from a host (windows_host: the file cache in
Ansible's per-run local temp directory) and sends the hashes; the host resends
applicationHost.config only when its SHA-256 differs, the web.config files only when the hash
over all their paths and hashes differs, and the schema list only when the schema changed.
Round trips stay 1 for a no-op and 2 for a change. Bytes from the cache are checked against the
host's hash: a mismatch costs one more read, never a stale file.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from recording_connection import RecordingConnection, run_action  # noqa: E402
from test_windows_host import (  # noqa: E402,F401  pylint: disable=unused-import
    APPHOST, BUDGET_CASES, WWWROOT_WEBCONFIG, fake, isolated_schema_cache)  # isolated_schema_cache: autouse fixture

from ansible_collections.webadmin.iis.plugins.plugin_utils import windows_host  # noqa: E402
from ansible_collections.webadmin.iis.plugins.plugin_utils.windows_host import WindowsHost  # noqa: E402

SCHEMA = r'C:\Windows\System32\inetsrv\config\schema'
NOOP_BUDGET = 2048


class Measuring(RecordingConnection):
    """Counts what the host sends back (stdout + stderr), per round trip."""

    def __init__(self, host):
        super(Measuring, self).__init__(host)
        self.received = []

    def exec_command(self, cmd, in_data=None, sudoable=True):
        rc, out, err = super(Measuring, self).exec_command(cmd, in_data, sudoable)
        self.received.append(len(out) + len(err))
        return rc, out, err


def task(host, module='iis_info', args=None, **kwargs):
    connection = Measuring(host)
    result = run_action(module, {} if args is None else args, connection, **kwargs)
    assert not result.get('failed'), result.get('msg')
    return result, connection


def report(result):
    return dict((k, v) for k, v in result.items() if k not in ('invocation',))


def test_second_and_later_noop_tasks_receive_no_files():
    host = fake()
    first, c1 = task(host)
    second, c2 = task(host)
    third, c3 = task(host)
    assert c1.round_trips == c2.round_trips == c3.round_trips == 1
    assert c1.received[0] > 50000                       # applicationHost.config + web.config files
    assert c2.received[0] <= NOOP_BUDGET and c3.received[0] <= NOOP_BUDGET, (c2.received, c3.received)
    assert c2.calls[0]['data']['known_apphost'] == windows_host.hashlib.sha256(host.get(APPHOST)).hexdigest()
    assert report(second) == report(first) == report(third)


def test_without_the_cache_every_task_receives_every_file(monkeypatch):
    """The control: the same two tasks with the cache switched off."""
    monkeypatch.setattr(WindowsHost, '_files_cache_file', lambda self: None)
    host = fake()
    task(host)
    _second, c2 = task(host)
    assert c2.received[0] > 50000 and c2.calls[0]['data']['known_apphost'] is None


def test_a_changed_apphost_travels_again_and_is_used():
    host = fake()
    task(host)
    host.put(APPHOST, host.get(APPHOST).replace(b'name="LegacyPool"', b'name="RenamedPool"'))
    second, c2 = task(host)
    (entry,) = [e for e in json.loads(_answer(c2)).get('files') if e['path'].endswith('applicationHost.config')]
    assert entry['data'] is not None and not entry.get('cached')
    assert 'RenamedPool' in [p['name'] for p in second['application_pools']]
    _third, c3 = task(host)
    assert c3.received[0] <= NOOP_BUDGET


def test_a_changed_web_config_travels_again_and_is_used():
    host = fake()
    first, _c1 = task(host, args={'sections': ['system.webServer/directoryBrowse'], 'location': 'Default Web Site'})
    assert first['sections']['system.webServer/directoryBrowse']['attributes']['enabled']['value'] != 'true'
    host.put(WWWROOT_WEBCONFIG, host.get(WWWROOT_WEBCONFIG).replace(
        b'<system.webServer>', b'<system.webServer>\r\n        <directoryBrowse enabled="true" />', 1))
    second, c2 = task(host, args={'sections': ['system.webServer/directoryBrowse'], 'location': 'Default Web Site'})
    answer = json.loads(_answer(c2))
    assert not answer.get('files_unchanged') and len(answer['files']) > 1
    assert second['sections']['system.webServer/directoryBrowse']['attributes']['enabled']['value'] == 'true'


def test_a_change_is_two_round_trips_and_the_next_noop_one():
    host = fake()
    args = dict(BUDGET_CASES['iis_config'], backend='file')
    changed, c1 = task(host, 'iis_config', args)
    assert changed['changed'] and c1.round_trips == 2
    again, c2 = task(host, 'iis_config', args)          # receives the web.config the change wrote, once
    assert not again['changed'] and c2.round_trips == 1
    third, c3 = task(host, 'iis_config', args)
    assert not third['changed'] and c3.round_trips == 1 and c3.received[0] <= NOOP_BUDGET


def test_cached_bytes_that_do_not_match_the_hosts_hash_are_never_used(tmp_path):
    host = fake()
    task(host)
    connection = Measuring(host)
    win = WindowsHost(_action(connection), {'inventory_hostname': 'web01'})
    path = win._files_cache_file()
    known = json.load(open(path))
    known['apphost']['data'] = windows_host.base64.b64encode(b'<configuration>stale</configuration>').decode('ascii')
    with open(path, 'w') as handle:
        json.dump(known, handle)
    assert win.read(APPHOST_CONFIG_RAW) == host.get(APPHOST)
    assert connection.round_trips == 2 and win.extra_reads == [APPHOST_CONFIG_RAW]


def _host_read(host):
    """One WindowsHost (one task) that lists and reads the schema directory; (host object, connection)."""
    connection = Measuring(host)
    win = WindowsHost(_action(connection), {'inventory_hostname': 'web01'})
    names = sorted(p.rsplit('\\', 1)[1] for p in win.list_dir(windows_host.SCHEMA_DIR, '.xml'))
    contents = [win.read(windows_host.SCHEMA_DIR + '\\' + n) for n in names]
    return win, connection, names, contents


def test_schema_list_travels_only_when_the_schema_changed():
    host = fake()
    for name, text in (('IIS_schema.xml', b'<configSchema><sectionSchema name="a" /></configSchema>'),
                       ('rewrite_schema.xml', b'<configSchema><sectionSchema name="b" /></configSchema>')):
        host.put(SCHEMA + '\\' + name, text)
    _win, c1, names, contents = _host_read(host)
    assert names == ['IIS_schema.xml', 'rewrite_schema.xml'] and json.loads(_answer(c1))['schema']['files']
    win, c2, names2, contents2 = _host_read(host)
    schema = json.loads(_answer(c2))['schema']
    assert schema['compact'] and schema['files'] == [] and c2.received[0] <= NOOP_BUDGET
    assert (names2, contents2) == (names, contents) and win.round_trips == 1
    host.put(SCHEMA + '\\rewrite_schema.xml', b'<configSchema><sectionSchema name="c" /></configSchema>')
    _win, c3, _names, contents3 = _host_read(host)
    assert json.loads(_answer(c3))['schema']['files'] and contents3[1].endswith(b'name="c" /></configSchema>')


APPHOST_CONFIG_RAW = windows_host.APPHOST_CONFIG


def _answer(connection):
    """The JSON the host answered in the first round trip of ``connection``."""
    rc, result = None, None
    call = connection.calls[0]
    rc, result = connection.host.run(call['script'], call['data'])
    return json.dumps(result)


def _action(connection):
    from test_windows_host import _action as make
    return make('iis_info', connection)
