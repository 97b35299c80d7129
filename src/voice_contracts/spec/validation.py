"""JSON Schema validation with formats, shared by the mock, the suite and the lint."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jsonschema_rs

_REQUIRED = re.compile(r'^"(.+)" is a required property$')


@dataclass(frozen=True)
class Violation:
    """One way an instance breaks a schema: where (a JSON pointer) and what."""

    pointer: str
    message: str

    @property
    def field(self) -> str:
        """The offending field in dotted form, such as ``data.lang_code`` (``body`` for the root).

        For a missing required property this is the property itself, not its parent.
        """
        parts = [part for part in self.pointer.strip("/").split("/") if part]
        missing = _REQUIRED.match(self.message)
        if missing:
            parts.append(missing.group(1))
        return ".".join(parts) or "body"

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class SchemaValidator:
    """A compiled JSON Schema 2020-12 validator that enforces ``format`` (uuid, uri, date-time…)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self._validator = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)

    def is_valid(self, instance: Any) -> bool:
        """Whether ``instance`` satisfies the schema."""
        return bool(self._validator.is_valid(instance))

    def violations(self, instance: Any) -> list[Violation]:
        """Every violation, deepest locations first so the most specific one leads."""
        # Most instances are valid, and the yes/no check costs a fraction of collecting errors.
        if self._validator.is_valid(instance):
            return []
        found = [
            Violation("/" + "/".join(str(part) for part in error.instance_path), error.message)
            for error in self._validator.iter_errors(instance)
        ]
        found.sort(key=lambda v: (-v.pointer.count("/"), v.pointer))
        return found
