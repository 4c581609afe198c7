"""docs/*.md -> docs/docsite/rst/*.rst, so that the guides appear on the collection's docs site.

antsibull-docs takes extra docs only as reStructuredText under ``docs/docsite/rst/`` (listed in
``docs/docsite/extra-docs.yml``), while the guides are written, reviewed and read on their own
as Markdown in ``docs/``. This script renders each guide listed in extra-docs.yml to rst with
mistune's RST renderer (plus tables as ``list-table``, which that renderer lacks), with the label
antsibull-docs expects (``ansible_collections.webadmin.iis.docsite.<name>``) and links between
guides turned into references. The Markdown stays the source: edit docs/*.md, then `make docs`.

Usage: .venv/bin/python tests/tools/guides_to_rst.py <repo root> [<output dir>]
Prints the pages whose rst changed.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import mistune
import yaml
from mistune.renderers.rst import RSTRenderer

LABEL = 'ansible_collections.webadmin.iis.docsite.%s'


class GuideRenderer(RSTRenderer):
    """RSTRenderer with tables and with links to other guides as :ref: references."""

    def __init__(self, guides):
        super().__init__()
        self.guides = guides

    def link(self, token, state):
        url = token['attrs']['url']
        target = url.split('#', 1)[0]
        name = Path(target).stem if target.endswith('.md') and '/' not in target.strip('./') else None
        if name in self.guides:
            text = self.render_children(token, state).replace('`', '')
            return ':ref:`%s <%s>`' % (text, LABEL % name.replace('-', '_'))
        return super().link(token, state)

    def text(self, token, state):
        # characters that start inline markup in rst but are plain text in the Markdown
        return super().text(token, state).replace('*', '\\*').replace('|', '\\|')

    def block_code(self, token, state):
        info = (token.get('attrs') or {}).get('info') or ''
        if info.strip() in ('json', 'yaml', 'yml') and not _parses(info.strip(), token['raw']):
            token = dict(token, attrs=dict(token.get('attrs') or {}, info=''))  # an excerpt: no highlighting
        return super().block_code(token, state)

    def table(self, token, state):
        rows = []
        for part in token['children']:
            if part['type'] == 'table_head':
                rows.append([self._cell(cell, state) for cell in part['children']])
            else:
                for row in part['children']:
                    rows.append([self._cell(cell, state) for cell in row['children']])
        lines = ['.. list-table::', '   :header-rows: 1', '']
        for row in rows:
            for index, cell in enumerate(row):
                lines.append(('   * - ' if index == 0 else '     - ') + (cell or '\\ '))
        return '\n'.join(lines) + '\n\n'

    def _cell(self, cell, state):
        return ' '.join(self.render_children(cell, state).split())


def _parses(language: str, text: str) -> bool:
    try:
        if language == 'json':
            json.loads(text)
        else:
            yaml.safe_load(text)
    except ValueError:
        return False
    return True


def _escape_numbered_title(match) -> str:
    number, title, underline = match.groups()
    return '%s\\. %s\n%s' % (number, title, underline[0] * (len(underline) + 1))


def render(markdown_text: str, guides: set[str]) -> str:
    md = mistune.create_markdown(renderer=GuideRenderer(guides), plugins=['table', 'strikethrough'])
    text = md(markdown_text)
    # a title such as "4. Fleet" would start an enumerated list: escape the dot
    text = re.sub(r'(?m)^(\d+)\. (.*)\n([=~^"-]+)$', _escape_numbered_title, text)
    # ``code``s: an inline literal followed by a letter needs an escaped space in rst
    return re.sub(r'(``[^`\n]+?``)([A-Za-z0-9]?)', lambda m: m.group(1) + ('\\ ' + m.group(2) if m.group(2) else ''), text)


def main() -> None:
    repo = Path(sys.argv[1]).resolve()
    out_dir = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else repo / 'docs' / 'docsite' / 'rst'
    index = yaml.safe_load((repo / 'docs' / 'docsite' / 'extra-docs.yml').read_text(encoding='utf-8'))
    guides = {entry['ref'] for section in index['sections'] for entry in section['toctree']}
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = []
    for name in sorted(guides):
        source = repo / 'docs' / ('%s.md' % name)
        if not source.is_file():
            raise SystemExit('docs: extra-docs.yml lists %s, but docs/%s.md does not exist' % (name, name))
        body = render(source.read_text(encoding='utf-8'), guides)
        body = re.sub(r'\n{3,}', '\n\n', body)
        text = ('..\n   Generated from docs/%s.md by tests/tools/guides_to_rst.py (`make docs`): edit the Markdown.\n\n'
                '.. _%s:\n\n%s' % (name, LABEL % name.replace('-', '_'), body.lstrip()))
        target = out_dir / ('%s.rst' % name)
        if not target.exists() or target.read_text(encoding='utf-8') != text:
            target.write_text(text, encoding='utf-8')
            changed.append(target.name)
    stale = sorted(p.name for p in out_dir.glob('*.rst') if p.stem not in guides)
    for name in stale:
        (out_dir / name).unlink()
    print('docs: %d guides rendered to %s%s' % (len(guides), out_dir, (' (updated: %s)' % ', '.join(changed + stale)) if changed or stale else ''))


if __name__ == '__main__':
    main()
