"""JSON Schema validation with formats, shared by the mock, the suite and the lint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jsonschema_rs

_Kinds = jsonschema_rs.ValidationErrorKind


@dataclass(frozen=True)
class Violation:
    """One way an instance breaks a schema: where (a JSON pointer), what, and which keyword.

    ``keyword`` is the JSON Schema keyword that failed (``required``, ``format``, ``enum``…), and
    ``missing`` / ``format`` carry the keyword's subject, both taken from the validator's
    structured error rather than from its message text.
    """

    pointer: str
    message: str
    keyword: str = ""
    missing: str | None = None
    format: str | None = None

    @property
    def field(self) -> str:
        """The offending field in dotted form, such as ``data.lang_code`` (``body`` for the root).

        For a missing required property this is the property itself, not its parent.
        """
        parts = [part for part in self.pointer.strip("/").split("/") if part]
        if self.missing is not None:
            parts.append(self.missing)
        return ".".join(parts) or "body"

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


def _violation(error: Any) -> Violation:
    kind = error.kind
    pointer = "/" + "/".join(str(part) for part in error.instance_path)
    # The keyword is the last step of the schema path (``properties/b/format`` -> ``format``).
    keyword = str(error.schema_path[-1]) if len(error.schema_path) else ""
    missing = str(kind.property) if isinstance(kind, _Kinds.Required) else None
    fmt = str(kind.format) if isinstance(kind, _Kinds.Format) else None
    return Violation(pointer, error.message, keyword, missing, fmt)


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
        found = [_violation(error) for error in self._validator.iter_errors(instance)]
        found.sort(key=lambda v: (-v.pointer.count("/"), v.pointer))
        return found
