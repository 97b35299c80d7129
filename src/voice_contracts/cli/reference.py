"""``voice-contracts lint``, ``faults`` and ``settings``: what the toolkit knows, printed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Literal, get_args, get_origin

from pydantic import BaseModel

from voice_contracts.cli.exit_codes import ExitCode
from voice_contracts.cli.flags import default_text
from voice_contracts.mock import FAULTS
from voice_contracts.settings import ContractSettings, MockSettings, Resources, Variable, variables
from voice_contracts.spec.lint import main as lint_main

# The README shows these tables under these titles, in this order.
SETTING_TABLES: list[tuple[str, type[BaseModel]]] = [
    ("resources", Resources),
    ("contract", ContractSettings),
    ("mock", MockSettings),
]


def add_parsers(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``lint``, ``faults`` and ``settings``."""
    lint = subparsers.add_parser(
        "lint",
        help="validate openapi.yaml and check the house rules (every example valid)",
        description="Validate an OpenAPI document (default: the bundled openapi.yaml) and lint it.",
    )
    lint.add_argument("spec", nargs="?", type=Path, help="path of the spec to lint (default: the bundled one)")
    lint.set_defaults(run=run_lint)
    faults = subparsers.add_parser(
        "faults",
        help="list the promises the mock can break on purpose (MOCK_FAULT)",
        description="List every fault the mock can inject with MOCK_FAULT, and the check that catches it.",
    )
    faults.add_argument("--markdown", action="store_true", help="print the README's Markdown table")
    faults.set_defaults(run=run_faults)
    settings = subparsers.add_parser(
        "settings",
        help="list every environment variable, its default, bounds and meaning",
        description="List every setting: its environment variable, default, allowed values and meaning.",
    )
    settings.add_argument("--markdown", action="store_true", help="print the README's Markdown tables")
    settings.set_defaults(run=run_settings)


def run_lint(args: argparse.Namespace) -> ExitCode:
    """Lint the given or bundled spec."""
    return ExitCode(lint_main([str(args.spec)] if args.spec else []))


def faults_markdown() -> str:
    """The README's fault table."""
    rows = ["| `MOCK_FAULT` | vendor | what the mock does wrong | caught by |", "|---|---|---|---|"]
    rows += [
        f"| `{name}` | {fault.vendor} | {fault.description} | `{fault.caught_by}` |" for name, fault in FAULTS.items()
    ]
    return "\n".join(rows)


def run_faults(args: argparse.Namespace) -> ExitCode:
    """Print the fault registry."""
    if args.markdown:
        print(faults_markdown())
    else:
        for name, fault in FAULTS.items():
            print(f"{name:36} {fault.description}")
    return ExitCode.OK


def _default(value: object) -> str:
    text = default_text(value)
    return text if text == "unset" else f"`{text}`"


def _allowed(var: Variable) -> str:
    choices = get_args(var.annotation) if get_origin(var.annotation) is Literal else ()
    if choices:
        return ", ".join(f"`{choice}`" for choice in choices)
    if var.annotation is bool:
        return "`true`, `false`"
    return var.bounds


def settings_markdown(model: type[BaseModel]) -> str:
    """The README's table of ``model``'s variables."""
    rows = ["| variable | flag | default | allowed | meaning |", "|---|---|---|---|---|"]
    for var in variables(model):
        flag = "(env only)" if var.secret else f"`--{var.field.replace('_', '-')}`"
        rows.append(f"| `{var.env}` | {flag} | {_default(var.default)} | {_allowed(var)} | {var.description} |")
    return "\n".join(rows)


def run_settings(args: argparse.Namespace) -> ExitCode:
    """Print every setting, as text or as the README's tables."""
    for title, model in SETTING_TABLES:
        if args.markdown:
            print(f"<!-- settings:{title} -->\n{settings_markdown(model)}\n<!-- /settings:{title} -->\n")
            continue
        print(f"{title}:")
        for var in variables(model):
            allowed = _allowed(var).replace("`", "")
            print(f"  {var.env:26} default {_default(var.default).strip('`')}; {allowed or 'any text'}")
            print(f"  {'':26} {var.description}")
    return ExitCode.OK
