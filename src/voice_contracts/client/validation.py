"""Check a response body against openapi.yaml before the generated models see it.

The generated API functions call ``voice_api_client.errors.checked_json``, which lands here. The
schemas are the spec's own (``voice_contracts.spec``, compiled once by jsonschema_rs), so the
client cannot drift from the contract. Besides raising ``MalformedResponse`` with the field, the
rule and the value, the check rewrites every ``date-time`` field to the one RFC 3339 spelling
Python's ``datetime.fromisoformat`` reads (upper-case ``T`` and ``Z``, a leap second as ``:59.999999``).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import httpx
import jsonschema_rs

from voice_api_client.errors import MalformedResponse, Violation
from voice_contracts.spec import load_spec

log = logging.getLogger("voice_api_client")

# Lenient mode lets only these rules through: a model can hold an unknown enum value, but not a
# string where a number belongs or a missing field.
LENIENT_RULES = frozenset({"enum"})

_DATE_TIME = re.compile(r"^(\d{4}-\d\d-\d\d)[Tt](\d\d:\d\d):(\d\d)(\.\d+)?([Zz]|[+-]\d\d:\d\d)$")


@dataclass(frozen=True)
class _Check:
    validator: Any
    # Paths to date-time fields; "*" stands for every item of an array.
    date_times: tuple[tuple[str, ...], ...]


def _date_time_paths(schema: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if not isinstance(schema, dict):
        return []
    if schema.get("format") == "date-time":
        return [prefix]
    found: list[tuple[str, ...]] = []
    for name, sub in (schema.get("properties") or {}).items():
        found += _date_time_paths(sub, (*prefix, name))
    if "items" in schema:
        found += _date_time_paths(schema["items"], (*prefix, "*"))
    return found


_CHECKS: dict[tuple[str, int], _Check] = {}


def compiled(schema: dict[str, Any]) -> Any:
    """A jsonschema_rs validator for a resolved spec schema, formats enforced."""
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def _check_for(operation_id: str, status: int) -> _Check:
    key = (operation_id, status)
    check = _CHECKS.get(key)
    if check is None:
        spec = load_spec()
        schema = spec.operations[operation_id].response_schema(status)
        validator = compiled(schema)
        check = _CHECKS[key] = _Check(validator, tuple(_date_time_paths(schema)))
    return check


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON, although Python's parser accepts them by default.
    raise ValueError(f"{name} is not valid JSON")


def parse_json(content: bytes) -> Any:
    """Parse a body as strict JSON (no NaN or Infinity); raises ValueError or RecursionError."""
    return json.loads(content, parse_constant=_reject_constant)


def violations_of(validator: Any, body: Any) -> tuple[Violation, ...]:
    """Every schema violation of ``body``, deepest field first."""
    found = []
    for error in validator.iter_errors(body):
        path = [str(part) for part in error.instance_path]
        rule = str(error.schema_path[-1]) if error.schema_path else "schema"
        value = error.instance
        if rule == "required":
            missing = re.match(r'^"(.+)" is a required property$', error.message)
            if missing:
                path.append(missing.group(1))
                value = None
        found.append(Violation(".".join(path) or "body", rule, value, error.message))
    found.sort(key=lambda v: -v.field.count("."))
    return tuple(found)


def normalize_date_time(value: str) -> str:
    """The RFC 3339 date-time ``value`` spelled the way ``datetime.fromisoformat`` reads it."""
    match = _DATE_TIME.match(value)
    if match is None:
        return value
    day, minutes, seconds, fraction, offset = match.groups()
    if seconds == "60":
        # A leap second: Python's datetime has no 60th second, so it becomes the last instant before.
        seconds, fraction = "59", ".999999"
    return f"{day}T{minutes}:{seconds}{fraction or ''}{offset.upper()}"


def _normalize(node: Any, path: tuple[str, ...]) -> Any:
    if not path:
        return normalize_date_time(node) if isinstance(node, str) else node
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(node, list):
            for index, item in enumerate(node):
                node[index] = _normalize(item, rest)
    elif isinstance(node, dict) and head in node:
        node[head] = _normalize(node[head], rest)
    return node


def check_response(operation_id: str, response: httpx.Response, strict: bool = True) -> Any:
    """The body of ``response`` as JSON that satisfies the spec's schema for its status.

    Raises ``MalformedResponse`` otherwise. With ``strict=False`` an enum value the spec does not
    list is logged (logger ``voice_api_client``) and kept; every other violation still raises.
    """
    content = response.content
    try:
        body = parse_json(content)
    except (ValueError, RecursionError) as exc:
        raise MalformedResponse(response.status_code, content, exc, response.headers) from exc
    check = _check_for(operation_id, response.status_code)
    try:
        valid = check.validator.is_valid(body)
    except (ValueError, RecursionError) as exc:
        raise MalformedResponse(response.status_code, content, exc, response.headers) from exc
    if not valid:
        found = violations_of(check.validator, body)
        if strict or any(v.rule not in LENIENT_RULES for v in found):
            raise MalformedResponse(response.status_code, content, "schema violation", response.headers, found)
        for violation in found:
            log.warning("%s %s: accepting %s", operation_id, response.status_code, violation)
    for path in check.date_times:
        body = _normalize(body, path)
    return body
