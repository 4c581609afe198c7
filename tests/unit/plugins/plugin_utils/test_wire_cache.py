# -*- coding: utf-8 -*-
# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The read cache of a Windows host (windows_host.ReadCache): what the second and later tasks of
a play receive, and that no cache state can make a task use content the host does not have.

Through the recording connection: FakeIISHost models the read script's hash protocol (contents
left out when the controller sent their SHA-256, the file list left out when the controller sent
its digest). Each test has its own cache directory (tests/unit/conftest.py), shared by the tasks
of the test like the tasks of one play.
"""
from __future__ import absolute_import, division, print_function

import hashlib
import os
import stat
import sys
import types

import pytest
from hypothesis import given, settings, strategies as st

sys.path.insert(0, os.path.dirname(__file__))

from recording_connection import FakeIISHost, RecordingConnection, run_action  # noqa: E402
from test_windows_host import BOUND, BUDGET_CASES, EXAMPLE, WWWROOT_WEBCONFIG, _action, fake  # noqa: E402

from ansible_collections.webadmin.iis.plugins.module_utils.offline import APPHOST_CONFIG  # noqa: E402
from ansible_collections.webadmin.iis.plugins.plugin_utils import host_scripts, windows_host  # noqa: E402
from ansible_collections.webadmin.iis.plugins.plugin_utils.windows_host import (  # noqa: E402
    HostError, ReadCache, WindowsHost, listing_digest)

#: A no-op on the example host: directoryBrowse is already disabled at server level.
NOOP = ('iis_config', {'section': 'system.webServer/directoryBrowse', 'location': 'Default Web Site',
                       'attributes': {'enabled': False}})
APPHOST_BYTES = (EXAMPLE / 'Windows/System32/inetsrv/config/applicationHost.config').read_bytes()


class Measuring(RecordingConnection):
    """Counts the bytes of every answer, as bench/bench_round_trips.py does."""

    def __init__(self, host, **kwargs):
        super(Measuring, self).__init__(host, **kwargs)
        self.received = 0

    def exec_command(self, cmd, in_data=None, sudoable=True):
        rc, out, err = super(Measuring, self).exec_command(cmd, in_data, sudoable)
        self.received += len(out) + len(err)
        return rc, out, err


def task(host, module=NOOP[0], args=None, **kwargs):
    connection = Measuring(host)
    result = run_action(module, NOOP[1] if args is None else args, connection, **kwargs)
    assert not result.get('failed'), result.get('msg')
    return result, connection


def cache_directory():
    root = windows_host.read_cache_root()
    (name,) = os.listdir(root)
    return os.path.join(root, name)


def answer_of(connection, number=0):
    """What the fake host answered to round trip ``number`` (asked again: it is deterministic)."""
    call = connection.calls[number]
    return connection.host.read(call['data'])


# -- the goal -----------------------------------------------------------------------------------------
def test_second_noop_receives_at_most_2_kb_in_one_round_trip():
    host = fake()
    first, one = task(host)
    second, two = task(host)
    third, three = task(host)
    assert first['changed'] is second['changed'] is third['changed'] is False
    assert one.round_trips == two.round_trips == three.round_trips == 1
    assert one.received > 50000                       # the first task of a play reads everything
    assert two.received <= 2048 and three.received <= 2048, (two.received, three.received)
    sent = two.calls[0]['data']
    assert hashlib.sha256(APPHOST_BYTES).hexdigest() in sent['known'] and sent['listing']
    assert answer_of(two)['files'] is None            # the host found the list the controller holds


def test_a_change_after_cached_reads_is_two_round_trips_guarded_by_the_real_hash():
    host = fake()
    task(host)
    result, connection = task(host, 'iis_config', BUDGET_CASES['iis_config'])
    assert result['changed'] is True and connection.round_trips == 2
    assert answer_of(connection)['files'] is None     # read from the cache...
    guards = connection.calls[1]['data']['guards']
    # ...and the apply still compares with what the host has
    assert guards == [{'path': r'%SystemDrive%\inetpub\wwwroot\web.config', 'apphost': False,
                       'sha256': hashlib.sha256((EXAMPLE / 'inetpub/wwwroot/web.config').read_bytes()).hexdigest()}]
    assert len(host.appcmd_runs) == len(result['commands']) == 1


# -- a file changed on the host -----------------------------------------------------------------------
def test_a_file_changed_on_the_host_is_sent_again_and_used():
    host = fake()
    task(host)
    changed = host.get(WWWROOT_WEBCONFIG).replace(b'</configuration>', b'<!-- edited by hand --></configuration>')
    host.put(WWWROOT_WEBCONFIG, changed)
    connection = Measuring(host)
    win = WindowsHost(_action('iis_info', connection), {'inventory_hostname': 'web01'})
    assert win.read(WWWROOT_WEBCONFIG) == changed and win.read(APPHOST_CONFIG) == APPHOST_BYTES
    assert connection.round_trips == 1
    files = answer_of(connection)['files']
    sent = [f['path'] for f in files if f['data'] is not None]
    assert sent == [r'%SystemDrive%\inetpub\wwwroot\web.config']   # only the changed file travels
    assert win.file_sha256(WWWROOT_WEBCONFIG) == hashlib.sha256(changed).hexdigest()
    # the next task receives nothing again
    assert task(host)[1].received <= 2048


def test_a_file_that_appears_or_disappears_changes_the_list():
    host = fake()
    task(host)
    host.delete(WWWROOT_WEBCONFIG)
    connection = Measuring(host)
    win = WindowsHost(_action('iis_info', connection), {'inventory_hostname': 'web01'})
    assert win.read(WWWROOT_WEBCONFIG) is None and connection.round_trips == 1
    assert answer_of(connection)['files'] is not None


# -- a damaged cache ----------------------------------------------------------------------------------
def test_a_corrupted_content_falls_back_to_the_host_in_the_same_round_trip():
    host = fake()
    task(host)
    directory = cache_directory()
    apphost_entry = os.path.join(directory, hashlib.sha256(APPHOST_BYTES).hexdigest())
    damaged = APPHOST_BYTES.replace(b'Default Web Site', b'Evil Web Site')
    with open(apphost_entry, 'wb') as handle:
        handle.write(damaged)
    connection = Measuring(host)
    win = WindowsHost(_action('iis_info', connection), {'inventory_hostname': 'web01'})
    assert win.read(APPHOST_CONFIG) == APPHOST_BYTES and connection.round_trips == 1
    sent = connection.calls[0]['data']
    assert hashlib.sha256(APPHOST_BYTES).hexdigest() not in sent['known']
    assert sent['listing'] is None                     # its list names a content it no longer has
    # the cache is repaired for the next task
    with open(apphost_entry, 'rb') as handle:
        assert handle.read() == APPHOST_BYTES
    assert task(host)[1].received <= 2048


@pytest.mark.parametrize('damage', ['garbage', 'empty', 'listing', 'missing-content', 'other-user-mode'])
def test_a_damaged_cache_is_a_full_read_never_wrong_content_nor_an_extra_trip(damage):
    host = fake()
    task(host)
    directory = cache_directory()
    index = os.path.join(directory, ReadCache.INDEX)
    if damage == 'garbage':
        with open(index, 'wb') as handle:
            handle.write(b'{"listings": [1, 2')
    elif damage == 'empty':
        open(index, 'wb').close()
    elif damage == 'listing':
        with open(index, 'rb') as handle:
            text = handle.read()
        # a list that claims the web.config has another hash: its digest no longer matches
        sha = hashlib.sha256((EXAMPLE / 'inetpub/wwwroot/web.config').read_bytes()).hexdigest()
        at = text.rindex(sha.encode('ascii'))           # in the list (the contents come first)
        with open(index, 'wb') as handle:
            handle.write(text[:at] + b'0' * 64 + text[at + 64:])
    elif damage == 'missing-content':
        os.unlink(os.path.join(directory, hashlib.sha256(APPHOST_BYTES).hexdigest()))
    else:
        os.chmod(directory, 0o755)
    result, connection = task(host, 'iis_info', {})
    assert connection.round_trips == 1 and answer_of(connection)['files'] is not None
    if damage == 'listing':
        # the list is sent again; the contents the controller still holds (checked) are not
        assert not [f['path'] for f in answer_of(connection)['files'] if f['data']]
    else:
        assert connection.received > 50000
    assert [s['name'] for s in result['sites']] == [s['name'] for s in task(fake(), 'iis_info', {})[0]['sites']]


def test_a_host_that_leaves_out_what_the_controller_lacks_is_an_error():
    host = fake()
    original = host.read
    host.read = lambda data: dict(original(data), files=None)   # a broken script
    connection = RecordingConnection(host)
    win = WindowsHost(_action('iis_info', connection), {'inventory_hostname': 'web01'})
    with pytest.raises(HostError, match='holds no list'):
        win.read(APPHOST_CONFIG)


# -- secrets on disk, and whose cache it is ----------------------------------------------------------
def test_cache_is_readable_only_by_the_controller_user():
    host = fake()
    task(host)
    directory = cache_directory()
    for path in (os.path.dirname(directory), directory):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o700
    names = os.listdir(directory)
    assert ReadCache.INDEX in names and len(names) > 2
    for name in names:
        info = os.stat(os.path.join(directory, name))
        assert stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == os.geteuid()


def test_cache_belongs_to_one_play_host_and_connection(monkeypatch):
    def identity(play_uuid=None, user='admin', port=5986):
        connection = RecordingConnection(fake())
        connection.get_option = lambda name: {'remote_addr': 'web01.example.invalid', 'port': port,
                                              'remote_user': user}[name]
        action = _action('iis_info', connection)
        if play_uuid:
            action._task.get_play = lambda: types.SimpleNamespace(_uuid=play_uuid)
        return WindowsHost(action, {'inventory_hostname': 'web01'})._cache_directory()
    assert identity('play-1') == identity('play-1')
    assert len(set([identity('play-1'), identity('play-2'), identity('play-1', user='other'),
                    identity('play-1', port=5985), identity(None)])) == 5


def test_another_inventory_host_starts_empty():
    host = fake()
    task(host)
    connection = Measuring(host)
    run_action(NOOP[0], NOOP[1], connection, task_vars={'inventory_hostname': 'web02'})
    assert connection.calls[0]['data']['known'] == [] and connection.received > 50000


# -- what else the cache saves ------------------------------------------------------------------------
def test_file_backend_change_is_not_sent_back_by_the_next_read():
    host = fake()
    task(host)
    result, _connection = task(host, 'iis_config', dict(BUDGET_CASES['iis_config'], backend='file'))
    assert result['changed']
    connection = task(host)[1]
    files = answer_of(connection)['files']
    assert files is not None                           # the list changed (a new hash)...
    assert all(f['data'] is None for f in files)       # ...but the new bytes are the controller's own
    assert connection.received < 5000


def test_netsh_output_is_not_sent_again():
    host = fake(netsh_bindings=[BOUND])
    args = {'site': 'Default Web Site', 'binding': {'certificate_thumbprint': BOUND['certificate_hash']}}
    first = task(host, 'iis_ssl_client_cert', args, check_mode=True)[1]
    second = task(host, 'iis_ssl_client_cert', args, check_mode=True)[1]
    assert first.calls[0]['data']['http_sys'] and answer_of(first)['http_sys']['stdout']
    assert answer_of(second)['http_sys']['stdout'] is None and second.received <= 2048
    host.netsh_bindings[0]['client_cert_negotiation'] = False
    third = task(host, 'iis_ssl_client_cert', args, check_mode=True)[1]
    assert 'Disabled' in answer_of(third)['http_sys']['stdout']


# -- the protocol: both sides compute the same digest -------------------------------------------------
PATHS = st.text(alphabet=st.characters(blacklist_categories=('Cs',), blacklist_characters='\x00'), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(PATHS, PATHS, st.booleans(), st.sampled_from(['', 'ab' * 32, 'cd' * 32])), max_size=6))
def test_listing_digest_is_the_scripts(rows):
    entries = [{'path': p, 'expanded': e, 'exists': x, 'sha256': h or None, 'data': None} for p, e, x, h in rows]
    assert listing_digest(entries) == FakeIISHost.listing_digest(entries)
    if len(entries) > 1:
        assert listing_digest(entries[::-1]) != listing_digest(entries) or entries[::-1] == entries


def test_read_script_implements_the_protocol():
    """The PowerShell (not run here) holds each part of the protocol the model implements."""
    body = host_scripts.READ
    for part in ('$data.known', '$known.Contains($entry.sha256)', 'function Get-ListingDigest', '.Append([char]0)',
                 '$data.listing', '$data.schema_listing', '$result.files = $files.ToArray()',
                 "$netsh['sha256']", 'New-Object IO.MemoryStream (, $apphostBytes)'):
        assert part in body, part
    assert 'schema_fingerprint' not in body
