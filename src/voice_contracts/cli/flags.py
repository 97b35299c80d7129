"""Command-line flags built from the settings models, so a flag and its variable never drift apart."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from voice_contracts.settings import variables


def default_text(default: Any) -> str:
    """A setting's default as people read it: ``unset``, ``a,b`` for a list, ``false`` for a flag."""
    if default is None or default == "":
        return "unset"
    if isinstance(default, tuple):
        return ",".join(str(part) for part in default)
    if isinstance(default, bool):
        return str(default).lower()
    return str(default)


def _metavar(annotation: Any) -> str:
    kinds = set(get_args(annotation)) or {annotation}
    for kind, name in ((int, "N"), (float, "NUMBER"), (Path, "PATH")):
        if kind in kinds:
            return name
    return "TEXT"


def add_setting_flags(parser: argparse.ArgumentParser, model: type[BaseModel], *, title: str) -> None:
    """One ``--flag`` per setting of ``model`` (secrets excepted: they stay in the environment)."""
    group = parser.add_argument_group(title)
    for var in variables(model):
        if var.secret:
            continue
        flag = "--" + var.field.replace("_", "-")
        help_text = f"{var.description} [env {var.env}; default {default_text(var.default)}]"
        if var.annotation is bool:
            group.add_argument(
                flag, dest=var.field, action=argparse.BooleanOptionalAction, default=None, help=help_text
            )
            continue
        choices = get_args(var.annotation) if get_origin(var.annotation) is Literal else None
        metavar = "{" + ",".join(str(c) for c in choices) + "}" if choices else _metavar(var.annotation)
        # Values stay strings here: the settings model parses them, so a bad flag gets the same
        # one-line message as a bad variable.
        group.add_argument(flag, dest=var.field, default=None, metavar=metavar, help=help_text)


def setting_overrides(args: argparse.Namespace, model: type[BaseModel]) -> dict[str, Any]:
    """The flags given for ``model``'s settings, by field name (absent flags are left out)."""
    return {
        var.field: getattr(args, var.field)
        for var in variables(model)
        if not var.secret and getattr(args, var.field, None) is not None
    }


def secret_variables(model: type[BaseModel]) -> list[str]:
    """The environment variables of ``model`` that hold secrets (never flags)."""
    return [var.env for var in variables(model) if var.secret]
