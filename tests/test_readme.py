"""The README's tables are the code's: settings, faults and exit codes, and every make target it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from voice_contracts.cli.exit_codes import MEANINGS
from voice_contracts.cli.reference import SETTING_TABLES, faults_markdown, settings_markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(name: str) -> str:
    found = re.search(rf"<!-- {name} -->\n(.*?)\n<!-- /{name} -->", README, re.S)
    assert found, f"README has no <!-- {name} --> block"
    return found.group(1).strip()


@pytest.mark.parametrize(("title", "model"), SETTING_TABLES, ids=[t for t, _ in SETTING_TABLES])
def test_each_settings_table_is_what_the_settings_say(title: str, model: type) -> None:
    assert block(f"settings:{title}") == settings_markdown(model), (
        "regenerate with `voice-contracts settings --markdown`"
    )


def test_the_fault_table_is_the_registry() -> None:
    assert block("faults") == faults_markdown(), "regenerate with `voice-contracts faults --markdown`"


def test_the_exit_code_table_is_the_commands() -> None:
    rows = [f"| {code.value} | {meaning} |" for code, meaning in MEANINGS.items()]
    assert block("exit-codes") == "\n".join(["| exit code | meaning |", "|---|---|", *rows])


def test_every_make_target_the_readme_names_exists() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-zA-Z_-]+):.*## ", makefile, re.M))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", README))
    assert named - targets == set()
