"""The README's tables are the code's (settings, faults, exit codes), and every make target it names exists."""

from __future__ import annotations

import re
from pathlib import Path

from tests.readme_tables import README, render

ROOT = Path(__file__).resolve().parents[1]


def test_the_generated_blocks_match_the_code() -> None:
    text = README.read_text(encoding="utf-8")
    assert render(text) == text, "the README's tables are stale: run `make readme`"


def test_every_make_target_the_readme_names_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-zA-Z_-]+):.*## ", makefile, re.M))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", README.read_text(encoding="utf-8")))
    assert named - targets == set()
