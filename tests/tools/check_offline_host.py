"""Check that the offline example host looks like files IIS wrote.

Every ``*.config`` file under the given directory (default: examples/offline-host) must:
  * start with a UTF-8 byte order mark,
  * use CRLF line endings only (no bare LF or CR),
  * be well-formed XML (checked with lxml when it is installed).
The host must contain Windows/System32/inetsrv/config/applicationHost.config and must NOT contain
Windows/System32/inetsrv/config/schema/ (offline hosts use the collection's built-in schema).
Exit status 1 with one line per problem.
"""

from __future__ import annotations

import os
import re
import sys

BOM = b'\xef\xbb\xbf'


def check_file(path: str) -> list[str]:
    problems = []
    with open(path, 'rb') as handle:
        data = handle.read()
    if not data.startswith(BOM):
        problems.append('%s: no UTF-8 BOM' % path)
    bare_lf = len(re.findall(rb'(?<!\r)\n', data))
    bare_cr = len(re.findall(rb'\r(?!\n)', data))
    if bare_lf or bare_cr:
        problems.append('%s: line endings must be CRLF (%d bare LF, %d bare CR)' % (path, bare_lf, bare_cr))
    if not data.endswith(b'\r\n'):
        problems.append('%s: no CRLF at end of file' % path)
    try:
        data.decode('utf-8')
    except UnicodeDecodeError as exc:
        problems.append('%s: not UTF-8: %s' % (path, exc))
    try:
        from lxml import etree
    except ImportError:
        return problems
    try:
        etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        problems.append('%s: not well-formed XML: %s' % (path, exc))
    return problems


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else 'examples/offline-host'
    config_dir = os.path.join(root, 'Windows', 'System32', 'inetsrv', 'config')
    problems = []
    if not os.path.isfile(os.path.join(config_dir, 'applicationHost.config')):
        problems.append('%s: applicationHost.config missing' % config_dir)
    if os.path.exists(os.path.join(config_dir, 'schema')):
        problems.append('%s: schema/ must not exist (offline hosts use the built-in schema)' % config_dir)
    checked = 0
    for dirpath, _dirnames, filenames in os.walk(root):
        for filename in sorted(filenames):
            if filename.lower().endswith('.config'):
                problems.extend(check_file(os.path.join(dirpath, filename)))
                checked += 1
    for problem in problems:
        print(problem)
    print('check_offline_host: %d config files checked under %s, %d problem(s)' % (checked, root, len(problems)))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
