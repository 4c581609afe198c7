# Copyright: (c) 2026, webadmin.iis contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Publishing metadata: what the collection claims is what CI tests, and consumers get version
ranges, not the development pins."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def read_yaml(relative):
    return yaml.safe_load((ROOT / relative).read_text(encoding='utf-8'))


def requirement_lines(relative):
    lines = [line.split('#', 1)[0].strip() for line in (ROOT / relative).read_text(encoding='utf-8').splitlines()]
    return [line for line in lines if line and not line.startswith('-')]


def pinned(relative):
    out = {}
    for line in requirement_lines(relative):
        name, _sep, version = line.partition('==')
        out[name.strip().lower()] = version.strip()
    return out


def minor(version):
    return tuple(int(part) for part in version.split('.')[:2])


def test_galaxy_metadata_names_no_made_up_address():
    text = (ROOT / 'galaxy.yml').read_text(encoding='utf-8')
    assert 'example.invalid' not in text and 'example.com' not in text
    galaxy = read_yaml('galaxy.yml')
    for key in ('repository', 'documentation', 'homepage', 'issues'):
        assert not galaxy.get(key) or not re.search(r'example\.(invalid|com|org)', galaxy[key]), key


def test_build_ignore_keeps_bench_and_build_products_out_but_sanity_ignores_in():
    ignored = read_yaml('galaxy.yml')['build_ignore']
    for entry in ('bench', '.build', '.venv', '.venv-*', 'tests/output', 'roles/*/molecule'):
        assert entry in ignored, entry
    assert not [entry for entry in ignored if entry.startswith(('tests/sanity', 'docs'))
                or entry in ('tests', 'requirements.txt', 'bindep.txt', 'meta', 'CHANGELOG.rst', 'changelogs')]


def test_every_claimed_ansible_core_version_has_an_ignore_file_and_ci_tests_oldest_and_newest():
    claimed = read_yaml('meta/runtime.yml')['requires_ansible']
    match = re.fullmatch(r'>=\s*(\d+\.\d+)\.\d+', claimed.strip())
    assert match, 'requires_ansible should be a lower bound: %s' % claimed
    oldest = minor(match.group(1))
    oldest_pin = pinned('tests/requirements-oldest.txt')['ansible-core']
    newest_pin = pinned('tests/requirements-py312.txt')['ansible-core']
    assert minor(oldest_pin) == oldest, 'the oldest-version CI leg must test the oldest claimed ansible-core'
    ignore_files = sorted(minor(p.name[len('ignore-'):-len('.txt')]) for p in (ROOT / 'tests' / 'sanity').glob('ignore-*.txt'))
    expected = [(oldest[0], n) for n in range(oldest[1], minor(newest_pin)[1] + 1)]
    assert ignore_files == expected
    # the main leg is in between
    assert oldest <= minor(pinned('tests/requirements.txt')['ansible-core']) <= minor(newest_pin)


def test_collection_requirements_are_ranges_and_the_lock_file_pins_inside_them():
    ranges = requirement_lines('requirements.txt')
    names = set()
    for line in ranges:
        assert '==' not in line, 'requirements.txt is for consumers: a range, not a pin: %s' % line
        assert re.search(r'>=', line) and re.search(r'<', line), 'give a lower and an upper bound: %s' % line
        names.add(re.split(r'[<>=!~ ;\[]', line, maxsplit=1)[0].lower())
    assert names == {'lxml', 'pywinrm', 'pypsrp'}
    assert 'ansible-core' not in names
    lock = pinned('tests/requirements.txt')
    for name in names:
        assert lock.get(name), 'tests/requirements.txt pins %s exactly' % name


def test_execution_environment_metadata_names_the_requirement_files():
    ee = read_yaml('meta/execution-environment.yml')
    assert ee['version'] == 1
    assert ee['dependencies']['python'] == 'requirements.txt'
    assert ee['dependencies']['system'] == 'bindep.txt'
    bindep = (ROOT / 'bindep.txt').read_text(encoding='utf-8')
    assert re.search(r'^libxml2 \[platform:rpm\]$', bindep, re.M) and re.search(r'^libxml2 \[platform:dpkg\]$', bindep, re.M)
    assert 'libxslt' in bindep


@pytest.mark.parametrize('name', ['changelogs/changelog.yaml', 'CHANGELOG.rst', 'docs/docsite/extra-docs.yml', 'docs/docsite/links.yml'])
def test_published_files_exist(name):
    assert (ROOT / name).is_file()


def test_every_guide_in_docs_is_on_the_docs_site():
    index = read_yaml('docs/docsite/extra-docs.yml')
    listed = {entry['ref'] for section in index['sections'] for entry in section['toctree']}
    guides = {p.stem for p in (ROOT / 'docs').glob('*.md')}
    assert listed == guides, 'list every docs/*.md guide in docs/docsite/extra-docs.yml, then run `make docs`'
    assert {p.stem for p in (ROOT / 'docs' / 'docsite' / 'rst').glob('*.rst')} == guides
