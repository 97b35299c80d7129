"""The README's generated blocks: ``render`` rewrites them from the code; ``make readme`` writes the file.

Blocks sit between ``<!-- name -->`` and ``<!-- /name -->`` markers: one per settings table,
the fault table and the exit codes.
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

from voice_contracts.cli.exit_codes import MEANINGS
from voice_contracts.cli.reference import SETTING_TABLES, faults_markdown, settings_markdown

README = Path(__file__).resolve().parents[1] / "README.md"


def blocks() -> dict[str, str]:
    """Each generated block's name and its content."""
    found = {f"settings:{title}": settings_markdown(model) for title, model in SETTING_TABLES}
    found["faults"] = faults_markdown()
    rows = [f"| {code.value} | {meaning} |" for code, meaning in MEANINGS.items()]
    found["exit-codes"] = "\n".join(["| exit code | meaning |", "|---|---|", *rows])
    return found


def _fill(content: str, match: re.Match[str]) -> str:
    return match.group(1) + content + match.group(2)


def render(text: str) -> str:
    """``text`` with every generated block replaced by what the code says now."""
    for name, content in blocks().items():
        pattern = re.compile(rf"(<!-- {re.escape(name)} -->\n).*?(\n<!-- /{re.escape(name)} -->)", re.S)
        if not pattern.search(text):
            raise LookupError(f"README has no <!-- {name} --> block")
        # A function replacement, so backslashes in the tables are never read as escapes.
        text = pattern.sub(functools.partial(_fill, content), text)
    return text


if __name__ == "__main__":
    README.write_text(render(README.read_text(encoding="utf-8")), encoding="utf-8")
    sys.exit(0)
