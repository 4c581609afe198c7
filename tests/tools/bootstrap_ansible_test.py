"""Make `ansible-test --venv` work without access to ci-files.testing.ansible.com.

Every virtual environment ansible-test creates (``--venv`` and each sanity test venv) is
bootstrapped with a "get-pip" script that ansible-test downloads from
https://ci-files.testing.ansible.com/ansible-test/get-pip-<version>.py and caches as
``~/.ansible/test/cache/get_pip_<version with underscores>.py``. That host is not reachable
from our CI machines, so this script fills the cache instead:

* it reads the pip version(s) the installed ansible-test wants from
  ``ansible_test/_internal/python_requirements.py`` (24.2 for ansible-core 2.18/2.19,
  25.2 for 2.20/2.21, ...);
* it downloads that pip wheel from the package index (``pip download --no-deps pip==X``)
  next to the cache file;
* it writes a small stand-in for get-pip.py that installs pip from that wheel.

ansible-test runs the script as ``python quiet_pip.py --disable-pip-version-check pip==X
[--no-setuptools] [--no-wheel]`` with GET_PIP pointing at it (see
``ansible_test/_util/target/setup/{requirements,quiet_pip}.py``).

Run it with the Python of the environment that has ansible-test installed:
    .venv/bin/python tests/tools/bootstrap_ansible_test.py
It is idempotent and cheap once the cache exists. HOME decides the cache location, exactly
as for ansible-test (``os.path.expanduser('~/.ansible/test/cache')``).
"""

from __future__ import annotations

import glob
import os
import re
import subprocess
import sys

STAND_IN = '''\
"""Offline stand-in for get-pip.py, written by webadmin.iis tests/tools/bootstrap_ansible_test.py.

Installs pip {version} from the wheel stored next to this file; accepts the arguments
ansible-test passes to the real get-pip.py.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WHEEL = os.path.join(HERE, {wheel!r})


def main():
    args = []
    for arg in sys.argv[1:]:
        if arg in ('--no-setuptools', '--no-wheel'):
            continue  # get-pip.py options that pip itself does not know
        if arg == 'pip=={version}':
            arg = WHEEL  # install from the cached wheel, no index needed
        args.append(arg)
    sys.path.insert(0, WHEEL)  # run pip straight from its wheel
    from pip._internal.cli.main import main as pip_main
    sys.argv = ['pip', 'install', '--no-cache-dir'] + args
    sys.exit(pip_main())


if __name__ == '__main__':
    main()
'''


def wanted_pip_versions() -> list[str]:
    import ansible_test  # noqa: F401  (fails clearly when ansible-test is missing)

    path = os.path.join(os.path.dirname(ansible_test.__file__), '_internal', 'python_requirements.py')
    with open(path, encoding='utf-8') as handle:
        source = handle.read()
    versions = sorted(set(re.findall(r"""\bpip\s*=\s*['"]([0-9][0-9.]*)['"]""", source)))
    if not versions:
        raise SystemExit('bootstrap_ansible_test: no pip version found in %s' % path)
    return versions


def ensure(version: str, cache_dir: str) -> None:
    script = os.path.join(cache_dir, 'get_pip_%s.py' % version.replace('.', '_'))
    existing = None
    if os.path.exists(script):
        with open(script, encoding='utf-8') as handle:
            existing = handle.read()
        if 'webadmin.iis' not in existing:
            # A real get-pip.py (downloaded by ansible-test where the internet is reachable): keep it.
            print('bootstrap_ansible_test: pip %s bootstrap already present: %s' % (version, script))
            return
    wheels = glob.glob(os.path.join(cache_dir, 'pip-%s-*.whl' % version))
    if not wheels:
        subprocess.run(
            [sys.executable, '-m', 'pip', 'download', '--quiet', '--disable-pip-version-check',
             '--no-deps', '--only-binary', ':all:', '--dest', cache_dir, 'pip==%s' % version],
            check=True,
        )
        wheels = glob.glob(os.path.join(cache_dir, 'pip-%s-*.whl' % version))
        if not wheels:
            raise SystemExit('bootstrap_ansible_test: pip %s wheel was not downloaded' % version)
    content = STAND_IN.format(version=version, wheel=os.path.basename(wheels[0]))
    if existing != content:
        with open(script, 'w', encoding='utf-8') as handle:
            handle.write(content)
    print('bootstrap_ansible_test: pip %s bootstrap ready: %s' % (version, script))


def main() -> None:
    cache_dir = os.path.expanduser('~/.ansible/test/cache')
    os.makedirs(cache_dir, exist_ok=True)
    for version in wanted_pip_versions():
        ensure(version, cache_dir)


if __name__ == '__main__':
    main()
