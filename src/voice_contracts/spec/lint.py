"""``python -m voice_contracts.spec.lint openapi.yaml``: validate the spec and enforce the house rules.

Redocly lints the spec too; this adds what it does not know: example validity with formats
enforced, and the house style (section order, one tag, summary, description, operationId).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from voice_contracts.spec.loader import Spec, SpecError, load_spec, resolve_refs

TOP_LEVEL_ORDER = ["openapi", "info", "servers", "paths", "components", "tags"]


def iter_examples(spec: Spec) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """Every (location, resolved schema, example value) pair in the spec."""
    document = spec.document
    for name, schema in document["components"]["schemas"].items():
        if "example" in schema:
            yield f"components.schemas.{name}", resolve_refs(schema, document), schema["example"]
    for operation in spec.operations.values():
        media_types = [("request", operation.raw["requestBody"]["content"])]
        media_types += [(f"response {code}", r["content"]) for code, r in operation.raw["responses"].items()]
        callback = operation.callback_operation()
        if callback:
            media_types.append(("callback", callback["requestBody"]["content"]))
        for where, content in media_types:
            for media in content.values():
                for example_name, example in media.get("examples", {}).items():
                    yield f"{operation.operation_id} {where} {example_name}", media["schema"], example["value"]


def problems(spec: Spec) -> list[str]:
    """Everything wrong with the spec under the house rules; empty when it is clean."""
    found: list[str] = []
    try:
        validate(spec.document)
    except OpenAPIValidationError as exc:
        found.append(f"not a valid OpenAPI document: {exc.message}")
    keys = [key for key in spec.document if key in TOP_LEVEL_ORDER]
    if keys != [key for key in TOP_LEVEL_ORDER if key in spec.document]:
        found.append(f"top-level sections are out of order: {keys}")
    for operation in spec.operations.values():
        raw = operation.raw
        for key in ("summary", "description", "operationId"):
            if not raw.get(key):
                found.append(f"{operation.method} {operation.path}: no {key}")
        if len(raw.get("tags", [])) != 1:
            found.append(f"{operation.operation_id}: needs exactly one tag")
        if not operation.operation_id.isidentifier() or operation.operation_id.lower() != operation.operation_id:
            found.append(f"{operation.operation_id}: operationId is not a snake_case module name")
        for code, response in raw["responses"].items():
            for media in response.get("content", {}).values():
                if not media.get("examples") and "example" not in media:
                    found.append(f"{operation.operation_id} {code}: response has no example")
        if not raw["requestBody"]["content"]["application/json"].get("examples"):
            found.append(f"{operation.operation_id}: request has no example")
    for where, schema, value in iter_examples(spec):
        for violation in spec.validator(schema).violations(value):
            found.append(f"{where}: example is invalid: {violation}")
    return found


def main(argv: list[str] | None = None) -> int:
    """Lint the spec named on the command line (default: the project's openapi.yaml)."""
    args = sys.argv[1:] if argv is None else argv
    try:
        spec = load_spec(Path(args[0]).resolve()) if args else load_spec()
    except SpecError as exc:
        print(f"voice_contracts.spec.lint: {exc}", file=sys.stderr)
        return 2
    found = problems(spec)
    for problem in found:
        print(f"voice_contracts.spec.lint: {problem}", file=sys.stderr)
    if not found:
        print(f"{spec.path}: valid, house rules hold, {sum(1 for _ in iter_examples(spec))} examples valid")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
