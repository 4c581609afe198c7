# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the configuration-layer tests: offline hosts built in tmp_path.

Tests never touch examples/offline-host or ../shared in place: they copy what they need, so a
test that writes cannot damage the data the next test reads.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
EXAMPLE_HOST = REPO_ROOT / 'examples' / 'offline-host'
APPHOST_DIR = ('Windows', 'System32', 'inetsrv', 'config')
FULL_SHAPES = {
    'default-role-minimal': 'applicationHost.IIS10.default-role-minimal.config',
    'servercore-full-features': 'applicationHost.IIS10.servercore-full-features.config',
}

#: A small applicationHost.config of our own: enough for the core tests without ../shared.
#: modules is locked (overrideModeDefault="Deny"), directoryBrowse and defaultDocument are
#: delegated; one site with a root app and /app, each with its own directory.
MINI_APPHOST = b'''<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <configSections>
        <sectionGroup name="system.applicationHost">
            <section name="applicationPools" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
            <section name="sites" allowDefinition="AppHostOnly" overrideModeDefault="Deny" />
        </sectionGroup>
        <sectionGroup name="system.webServer">
            <section name="defaultDocument" overrideModeDefault="Allow" />
            <section name="directoryBrowse" overrideModeDefault="Allow" />
            <section name="modules" allowDefinition="MachineToApplication" overrideModeDefault="Deny" />
            <section name="httpErrors" overrideModeDefault="Allow" />
            <sectionGroup name="security">
                <section name="access" overrideModeDefault="Deny" />
                <section name="requestFiltering" overrideModeDefault="Allow" />
            </sectionGroup>
        </sectionGroup>
    </configSections>
    <system.applicationHost>
        <applicationPools>
            <add name="DefaultAppPool" />
        </applicationPools>
        <sites>
            <site name="Site" id="1">
                <application path="/">
                    <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\site" />
                </application>
                <application path="/app">
                    <virtualDirectory path="/" physicalPath="C:\\inetpub\\app" />
                </application>
            </site>
        </sites>
    </system.applicationHost>
    <system.webServer>
        <defaultDocument enabled="true">
            <files>
                <add value="a.htm" />
                <add value="b.htm" />
            </files>
        </defaultDocument>
        <directoryBrowse enabled="false" />
        <modules>
            <add name="StaticFileModule" lockItem="true" />
            <add name="ServerMod" />
        </modules>
    </system.webServer>
</configuration>
'''


def host_root(tmp_path, apphost_bytes, webconfigs=None, directories=(), name='host'):
    """Build an offline root under ``tmp_path``: applicationHost.config with ``apphost_bytes``,
    ``webconfigs`` ({'inetpub/site': bytes}) as web.config files, plus empty ``directories``."""
    root = tmp_path / name
    config_dir = root.joinpath(*APPHOST_DIR)
    config_dir.mkdir(parents=True)
    (config_dir / 'applicationHost.config').write_bytes(apphost_bytes)
    for directory in directories:
        (root / directory).mkdir(parents=True, exist_ok=True)
    for directory, data in (webconfigs or {}).items():
        (root / directory).mkdir(parents=True, exist_ok=True)
        (root / directory / 'web.config').write_bytes(data)
    return root


@pytest.fixture
def offline_host(tmp_path):
    """Factory: ``offline_host(apphost_bytes, webconfigs=None, directories=())`` -> root Path."""
    counter = []

    def make(apphost_bytes, webconfigs=None, directories=()):
        counter.append(1)
        return host_root(tmp_path, apphost_bytes, webconfigs, directories, name='host%d' % len(counter))
    return make


@pytest.fixture
def mini_apphost():
    """The bytes of MINI_APPHOST, for tests that build variants of it."""
    return MINI_APPHOST


@pytest.fixture
def mini_host(offline_host):
    """Our own small host (no ../shared needed): Site (root + /app), modules locked."""
    return offline_host(MINI_APPHOST, directories=('inetpub/site', 'inetpub/app'))


@pytest.fixture
def example_host(tmp_path):
    """A private, writable copy of examples/offline-host."""
    root = tmp_path / 'example'
    shutil.copytree(str(EXAMPLE_HOST), str(root), copy_function=shutil.copyfile)
    return root


@pytest.fixture
def full_shape(tmp_path, shared_iis):
    """Factory: an offline root holding one of the two full IIS 10 applicationHost.config files
    of ../shared/iis/schema, with the directories its sites point at. ``with_schema=True`` also
    copies the host's IIS schema files into inetsrv/config/schema (so the real schema is used)."""
    def make(shape, with_schema=False):
        data = (shared_iis / 'schema' / FULL_SHAPES[shape]).read_bytes()
        root = host_root(tmp_path, data, directories=('inetpub/wwwroot', 'web/001'), name=shape)
        if with_schema:
            schema_dir = root.joinpath(*APPHOST_DIR) / 'schema'
            schema_dir.mkdir()
            for name in ('IIS_schema.xml', 'ASPNET_schema.xml', 'FX_schema.xml'):
                shutil.copyfile(str(shared_iis / 'schema' / name), str(schema_dir / name))
        return root
    return make


def find_shared_iis(config):
    """The shared data directory as tests/unit/conftest.py finds it (None when absent), for
    parametrizing at collection time, when fixtures are not available yet."""
    for plugin in config.pluginmanager.get_plugins():
        finder = getattr(plugin, 'find_shared_iis', None)
        if callable(finder) and plugin is not None and getattr(plugin, '__file__', '') != __file__:
            return finder()
    return None


def read_tsv(path):
    lines = Path(path).read_text(encoding='utf-8').splitlines()
    header = lines[0].split('\t')
    return [dict(zip(header, line.split('\t'))) for line in lines[1:] if line.strip()]


def pytest_generate_tests(metafunc):
    """Parametrize ``corpus_file`` (well-formed files that must round-trip), ``broken_corpus_file``
    (files INDEX.tsv marks as not well-formed) and ``synthetic_case`` (README.tsv rows) from
    ../shared/iis; without it, one placeholder that the ``shared_iis`` fixture skips."""
    wanted = [name for name in ('corpus_file', 'broken_corpus_file', 'synthetic_case') if name in metafunc.fixturenames]
    if not wanted:
        return
    shared = find_shared_iis(metafunc.config)
    for name in wanted:
        params = []
        if shared is not None:
            params = _corpus_params(Path(shared), name)
        if not params:
            params = [pytest.param(None, id='no-shared-data')]
        metafunc.parametrize(name, params)


def _corpus_params(shared, kind):
    if kind == 'synthetic_case':
        rows = read_tsv(shared / 'corpus' / 'synthetic' / 'README.tsv')
        return [pytest.param(row, id=row['file']) for row in rows]
    broken = set(row['file'] for row in read_tsv(shared / 'corpus' / 'INDEX.tsv') if not row['xml_parse'].startswith('ok'))
    if kind == 'broken_corpus_file':
        return [pytest.param(name, id=name) for name in sorted(broken)]
    names = []
    for pattern in ('corpus/apphost/*.config', 'corpus/webconfig/*.config', 'schema/*.config', 'schema/iisexpress/*.config'):
        for path in sorted(shared.glob(pattern)):
            relative = path.relative_to(shared).as_posix()
            if relative.replace('corpus/', '', 1) not in broken:
                names.append(relative)
    return [pytest.param(name, id=name) for name in names]
