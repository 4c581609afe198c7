"""`make ee`: the collection works the way AWX / Automation Controller run it.

1. Execution environment: build the collection tarball, run ``ansible-builder create`` on
   ``examples/execution-environment/execution-environment.yml`` (which installs webadmin.iis from
   that tarball), then run the two steps of the generated Containerfile that decide the image's
   requirements, exactly as the image build would, but on this machine (there is no container
   engine here, so the image itself is not built):
   * the galaxy stage: ``ansible-galaxy collection install -r requirements.yml`` from the
     context's ``_build/`` directory (the tarball is inside the context);
   * the builder stage: the context's own ``_build/scripts/introspect.py introspect``, which
     collects the installed collections' ``meta/execution-environment.yml`` requirements.
   The resulting pip requirements must name lxml, pywinrm and pypsrp, and the bindep list
   libxml2 (else an EE image would lack them and every task would fail).
2. AWX-style job: ``ansible-runner run`` on a private data directory (``project/`` with the
   demo playbook, ``inventory/``, ``env/``) with the collection from step 1, like AWX runs a job
   template; it must finish ``successful`` with rc 0 and leave its artifacts (rc, status, stdout,
   job events).

Usage: .venv/bin/python tests/tools/check_ee.py <repo root> <work dir>
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REQUIRED_PIP = ('lxml', 'pywinrm', 'pypsrp')
REQUIRED_BINDEP = ('libxml2',)


def run(cmd, **kwargs):
    print('+ ' + ' '.join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def fail(message: str) -> None:
    raise SystemExit('ee: FAILED: ' + message)


def tool(name: str) -> str:
    path = Path(sys.executable).with_name(name)
    if not path.exists():
        fail('%s is not installed next to %s (tests/requirements.txt pins it)' % (name, sys.executable))
    return str(path)


def build_context(repo: Path, work: Path) -> Path:
    dist = work / 'dist'
    run([tool('ansible-galaxy'), 'collection', 'build', '--force', '--output-path', dist, repo], stdout=subprocess.DEVNULL)
    tarballs = sorted(glob.glob(str(dist / 'webadmin-iis-*.tar.gz')))
    if len(tarballs) != 1:
        fail('expected one tarball in %s, found %s' % (dist, tarballs))
    definition = work / 'definition'
    shutil.copytree(repo / 'examples' / 'execution-environment', definition)
    shutil.copyfile(tarballs[0], definition / 'webadmin-iis.tar.gz')
    context = work / 'context'
    run([tool('ansible-builder'), 'create', '-f', definition / 'execution-environment.yml', '-c', context,
         '--output-filename', 'Containerfile'])
    for needed in ('Containerfile', '_build/requirements.yml', '_build/collections/webadmin-iis.tar.gz',
                   '_build/scripts/introspect.py'):
        if not (context / needed).is_file():
            fail('the build context lacks %s' % needed)
    containerfile = (context / 'Containerfile').read_text(encoding='utf-8')
    if 'ansible-galaxy collection install' not in containerfile or 'introspect.py introspect' not in containerfile:
        fail('the Containerfile no longer installs collections and introspects them as this check assumes')
    return context


def image_requirements(context: Path, work: Path) -> tuple[str, str, Path]:
    collections = work / 'usr-share-ansible-collections'
    # as in the image's galaxy stage: nothing installed yet, only the EE's collections path
    env = dict(os.environ, ANSIBLE_GALAXY_DISABLE_GPG_VERIFY='1', ANSIBLE_COLLECTIONS_PATH=str(collections))
    run([tool('ansible-galaxy'), 'collection', 'install', '--offline', '-r', 'requirements.yml',
         '--collections-path', collections], cwd=context / '_build', env=env)
    pip_out, bindep_out = work / 'image-requirements.txt', work / 'image-bindep.txt'
    run([sys.executable, context / '_build' / 'scripts' / 'introspect.py', 'introspect',
         '--write-pip', pip_out, '--write-bindep', bindep_out, collections])
    pip_text, bindep_text = pip_out.read_text(encoding='utf-8'), bindep_out.read_text(encoding='utf-8')
    missing = [p for p in REQUIRED_PIP if p not in pip_text.lower()] + [b for b in REQUIRED_BINDEP if b not in bindep_text]
    if missing:
        fail('the image requirements lack %s:\n%s\n%s' % (', '.join(missing), pip_text, bindep_text))
    print('ee: image Python requirements:\n' + pip_text.strip())
    print('ee: image system requirements:\n' + bindep_text.strip())
    return pip_text, bindep_text, collections


def runner_job(repo: Path, work: Path, collections: Path) -> None:
    pdd = work / 'runner'
    shutil.rmtree(pdd, ignore_errors=True)
    (pdd / 'project').mkdir(parents=True)
    (pdd / 'inventory').mkdir()
    (pdd / 'env').mkdir()
    shutil.copyfile(repo / 'playbooks' / 'demo.yml', pdd / 'project' / 'demo.yml')
    host = work / 'offline-host'
    shutil.rmtree(host, ignore_errors=True)
    shutil.copytree(repo / 'examples' / 'offline-host', host)
    inventory = {'iis_offline': {'hosts': {'example-host': {
        'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable, 'iis_offline_root': str(host)}}}}
    (pdd / 'inventory' / 'hosts.json').write_text(json.dumps(inventory, indent=2), encoding='utf-8')
    # What AWX sets up: the collections of the execution environment, no colours, no retry files.
    envvars = {'ANSIBLE_COLLECTIONS_PATH': str(collections), 'ANSIBLE_NOCOLOR': '1', 'ANSIBLE_RETRY_FILES_ENABLED': 'False'}
    (pdd / 'env' / 'envvars').write_text(json.dumps(envvars), encoding='utf-8')
    env = dict(os.environ)
    env.pop('ANSIBLE_COLLECTIONS_PATH', None)  # only the EE's collections, as in AWX
    env['PATH'] = os.pathsep.join([str(Path(sys.executable).parent), env.get('PATH', '')])
    done = subprocess.run([tool('ansible-runner'), 'run', str(pdd), '-p', 'demo.yml', '--ident', 'job1'], env=env,
                          capture_output=True, text=True, check=False)
    artifacts = pdd / 'artifacts' / 'job1'
    status = (artifacts / 'status').read_text().strip() if (artifacts / 'status').exists() else None
    rc = (artifacts / 'rc').read_text().strip() if (artifacts / 'rc').exists() else None
    stdout = (artifacts / 'stdout').read_text(errors='replace') if (artifacts / 'stdout').exists() else ''
    events = sorted((artifacts / 'job_events').glob('*.json')) if (artifacts / 'job_events').is_dir() else []
    if done.returncode != 0 or status != 'successful' or rc != '0':
        fail('ansible-runner: exit %s, status %s, rc %s\n%s\n%s' % (done.returncode, status, rc, stdout[-4000:], done.stderr[-2000:]))
    names = [json.loads(e.read_text()).get('event') for e in events]
    if 'playbook_on_stats' not in names or 'runner_on_ok' not in names:
        fail('ansible-runner left no task events in %s' % artifacts)
    recap = [line for line in stdout.splitlines() if 'example-host' in line and 'ok=' in line]
    if not recap or ' failed=0 ' not in recap[-1] + ' ':
        fail('unexpected play recap: %s' % recap)
    print('ee: ansible-runner job successful (rc 0, %d events); %s' % (len(events), recap[-1].strip()))
    print('ee: artifacts in %s' % artifacts)


def main() -> None:
    repo, work = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    context = build_context(repo, work)
    _pip, _bindep, collections = image_requirements(context, work)
    runner_job(repo, work, collections)


if __name__ == '__main__':
    main()
