"""The fault registry: one typed name per fault, used as such everywhere (tests/test_readme.py checks its table)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from voice_contracts.mock import FAULTS, Fault, UnknownFault, parse_fault

ROOT = Path(__file__).resolve().parents[2]
MOCK_SOURCES = ROOT / "src" / "voice_contracts" / "mock"


def test_every_fault_has_one_registry_entry_of_its_vendor() -> None:
    assert list(FAULTS) == list(Fault)
    for fault, info in FAULTS.items():
        assert fault.value.startswith(f"{info.vendor}_"), fault
        assert info.description and info.caught_by


@pytest.mark.parametrize("fault", list(Fault))
def test_mock_fault_names_parse_to_their_member(fault: Fault) -> None:
    assert parse_fault(fault.value) is fault


def test_no_fault_and_unknown_faults() -> None:
    assert parse_fault("") is None
    with pytest.raises(UnknownFault, match="palabra_no_lock") as raised:
        parse_fault("palabra_no_such_thing")
    assert isinstance(raised.value, ValueError)


def test_the_mock_names_faults_only_through_the_enum() -> None:
    """No fault name appears as a string (whole or as a prefix to complete at run time) outside faults.py."""
    names = {fault.value for fault in Fault}
    offenders = []
    for path in sorted(MOCK_SOURCES.glob("*.py")):
        if path.name == "faults.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                parts = [p.value for p in node.values if isinstance(p, ast.Constant) and isinstance(p.value, str)]
                if any(part.startswith("_") and any(n.endswith(part) for n in names) for part in parts):
                    offenders.append(f"{path.name}:{node.lineno} builds a fault name")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
                offenders.append(f"{path.name}:{node.lineno} compares with the string {node.value!r}")
    assert offenders == []
