"""How a setting is declared and read: one environment variable per field, one clear line per bad value.

Every setting of the toolkit is a field of a pydantic model declared with ``setting()``. The
model is then the single place that knows the variable's name, default, bounds and meaning:
the loader reads it, the command builds its flags from it, the README's tables are printed
from it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, Field, ValidationError
from pydantic.fields import FieldInfo

from voice_contracts.errors import VoiceContractsError

Model = TypeVar("Model", bound=BaseModel)


class SettingsError(VoiceContractsError, ValueError):
    """A setting (environment variable or flag) holds a value that cannot be used; the message names it."""


def setting(env: str, default: Any, description: str, *, secret: bool = False, **bounds: Any) -> Any:
    """Declare a field read from the environment variable ``env`` (bounds as in ``pydantic.Field``)."""
    return Field(default, description=description, json_schema_extra={"env": env, "secret": secret}, **bounds)


@dataclass(frozen=True)
class Variable:
    """One documented setting, as the README and ``--help`` show it."""

    field: str
    env: str
    default: Any
    description: str
    secret: bool
    annotation: Any
    bounds: str


def _bounds(info: FieldInfo) -> str:
    """The field's numeric bounds as text (``0 … 600``, ``> 0``), empty when it has none."""
    found: dict[str, Any] = {}
    for meta in info.metadata:
        for key in ("ge", "gt", "le", "lt", "min_length"):
            if getattr(meta, key, None) is not None:
                found[key] = getattr(meta, key)
    low = f"{found['ge']}" if "ge" in found else (f"> {found['gt']}" if "gt" in found else "")
    high = f"{found['le']}" if "le" in found else (f"< {found['lt']}" if "lt" in found else "")
    if "ge" in found and high:
        return f"{low} … {high}"
    if low and high:
        return f"{low}, ≤ {high}" if "le" in found else f"{low}, {high}"
    if "ge" in found:
        return f"≥ {low}"
    if "min_length" in found:
        return "not empty"
    return low or (f"≤ {high}" if high else "")


def variables(model: type[BaseModel]) -> Iterator[Variable]:
    """The settings of ``model`` that are read from the environment, in declaration order."""
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and isinstance(extra.get("env"), str):
            yield Variable(
                name,
                str(extra["env"]),
                info.default,
                info.description or "",
                bool(extra["secret"]),
                info.annotation,
                _bounds(info),
            )


def load(model: type[Model], env: Mapping[str, str] | None = None, /, **overrides: Any) -> Model:
    """Build ``model`` from ``env`` (default ``os.environ``), with ``overrides`` (flags) winning.

    An empty variable counts as unset, as `make VAR=` and CI templates often leave them.
    Overrides whose value is ``None`` are ignored, so absent flags do not mask the environment.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for var in variables(model):
        raw = env.get(var.env)
        if raw is not None and raw.strip() != "":
            values[var.field] = raw.strip()
            sources[var.field] = var.env
    for name, value in overrides.items():
        if value is not None:
            values[name] = value
            sources[name] = "--" + name.replace("_", "-")
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise SettingsError(_one_line(model, exc, values, sources)) from None


def _one_line(
    model: type[BaseModel], exc: ValidationError, values: Mapping[str, Any], sources: Mapping[str, str]
) -> str:
    """The first problem of ``exc`` as one line that names the variable or flag and the rule."""
    error = exc.errors(include_url=False)[0]
    name = str(error["loc"][0]) if error["loc"] else ""
    source = sources.get(name, name)
    shown = _shown(model.model_fields.get(name), values.get(name, error.get("input")))
    return f"{source}={shown}: {_rule(error)}"


def _shown(info: FieldInfo | None, value: Any) -> str:
    extra = info.json_schema_extra if info is not None else None
    if isinstance(extra, dict) and extra.get("secret"):
        return "<secret>"
    return repr(value) if isinstance(value, str) else repr(str(value))


_RULES = {
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "int_type": "must be a whole number",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "finite_number": "must be a finite number",
    "bool_parsing": "must be true or false",
}


def _rule(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind in _RULES:
        return _RULES[kind]
    if kind == "greater_than_equal":
        return f"must be at least {ctx['ge']}"
    if kind == "greater_than":
        return f"must be greater than {ctx['gt']}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}"
    if kind == "literal_error":
        return f"must be one of {ctx['expected']}"
    # Our own validators raise ValueError with a complete sentence.
    message = str(error.get("msg", "is not valid"))
    return message.removeprefix("Value error, ")
