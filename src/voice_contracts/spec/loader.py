"""Load openapi.yaml once, resolve its local references and index its operations."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from voice_contracts.errors import VoiceContractsError
from voice_contracts.spec.validation import SchemaValidator

# The spec ships inside this package (a symlink to the checkout's openapi.yaml, copied into wheels).
SPEC_PATH = Path(__file__).resolve().parent / "openapi.yaml"

JSON = dict[str, Any]


class SpecError(VoiceContractsError, ValueError):
    """Raised when openapi.yaml cannot be read or uses a construct this toolkit does not support."""


class PathParametersError(VoiceContractsError, ValueError):
    """Raised when an operation's URL is asked for with missing or unknown path parameters."""


def resolve_refs(node: Any, root: JSON, _seen: tuple[str, ...] = ()) -> Any:
    """Return ``node`` with every local ``$ref`` replaced by a copy of its target.

    Siblings of a ``$ref`` (allowed in OpenAPI 3.1) are kept and override the target's keys.
    """
    if isinstance(node, list):
        return [resolve_refs(item, root, _seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        if not ref.startswith("#/"):
            raise SpecError(f"only local references are supported, got {ref!r}")
        if ref in _seen:
            raise SpecError(f"recursive reference {ref!r} is not supported")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return resolve_refs(merged, root, (*_seen, ref))
    return {key: resolve_refs(value, root, _seen) for key, value in node.items()}


@dataclass(frozen=True)
class Operation:
    """One operation of the spec, with its references resolved."""

    operation_id: str
    method: str
    path: str
    tag: str
    raw: JSON = field(repr=False)
    path_regex: re.Pattern[str] = field(repr=False)

    @property
    def path_parameters(self) -> list[str]:
        """Names of the path parameters, in template order."""
        return list(self.path_regex.groupindex)

    @property
    def body_schema(self) -> JSON:
        """The JSON schema of the request body."""
        schema: JSON = self.raw["requestBody"]["content"]["application/json"]["schema"]
        return schema

    def response_schema(self, status: int) -> JSON:
        """The JSON schema documented for ``status`` (falling back to ``default``)."""
        responses: JSON = self.raw["responses"]
        entry = responses.get(str(status)) or responses.get(f"{str(status)[0]}XX") or responses.get("default")
        if entry is None:
            raise SpecError(f"{self.operation_id} documents no response for {status}")
        schema: JSON = entry["content"]["application/json"]["schema"]
        return schema

    def url(self, base: str, **path_params: str) -> str:
        """The address of this operation on the server at ``base``, path parameters filled in.

        Each value is percent-encoded as one path segment; every template parameter must be given
        and nothing else.
        """
        names = self.path_parameters
        if set(path_params) != set(names):
            raise PathParametersError(
                f"{self.operation_id} needs the path parameters {names}, got {sorted(path_params)}"
            )
        path = self.path
        for name in names:
            path = path.replace("{" + name + "}", quote(path_params[name], safe=""))
        return base.rstrip("/") + path

    def documents_status(self, status: int) -> bool:
        """Whether the spec names ``status`` explicitly (not only through ``default``)."""
        return str(status) in self.raw["responses"]

    def callback_operation(self) -> JSON | None:
        """The resolved operation of this operation's single callback, if it has one."""
        callbacks: JSON = self.raw.get("callbacks") or {}
        for expressions in callbacks.values():
            for path_item in expressions.values():
                post: JSON = path_item["post"]
                return post
        return None


def _path_regex(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\\{([a-z_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(f"^{pattern}$")


class Spec:
    """The parsed spec: raw document, resolved operations and cached schema validators."""

    def __init__(self, document: JSON, path: Path | None = None) -> None:
        self.document = document
        self.path = path
        self.operations: dict[str, Operation] = {}
        for template, item in document.get("paths", {}).items():
            for method, raw in item.items():
                if method not in {"get", "put", "post", "delete", "patch", "head", "options", "trace"}:
                    continue
                resolved = resolve_refs(raw, document)
                self.operations[resolved["operationId"]] = Operation(
                    operation_id=resolved["operationId"],
                    method=method.upper(),
                    path=template,
                    tag=resolved["tags"][0],
                    raw=resolved,
                    path_regex=_path_regex(template),
                )
        self._validators: dict[int, SchemaValidator] = {}
        self._schemas: dict[str, JSON] = {}

    def schema(self, name: str) -> JSON:
        """The resolved component schema called ``name`` (one spec-owned dict per name)."""
        # Resolved once: callers pass the result to ``validator``, which caches by identity.
        resolved = self._schemas.get(name)
        if resolved is None:
            try:
                raw = self.document["components"]["schemas"][name]
            except KeyError:
                raise SpecError(f"no component schema named {name!r}") from None
            resolved = self._schemas[name] = resolve_refs(raw, self.document)
        return resolved

    def enum(self, name: str) -> list[Any]:
        """The value list of the enum component schema ``name``."""
        values: list[Any] = self.schema(name)["enum"]
        return values

    def validator(self, schema: JSON) -> SchemaValidator:
        """A cached validator for a resolved schema (keyed by identity: pass spec-owned dicts)."""
        key = id(schema)
        cached = self._validators.get(key)
        if cached is None:
            cached = self._validators[key] = SchemaValidator(schema)
        return cached

    def operation_for(self, method: str, path: str) -> tuple[Operation | None, list[str], dict[str, str]]:
        """Match a request path: the operation (if the method fits), the allowed methods, path params."""
        allowed: list[str] = []
        found: Operation | None = None
        params: dict[str, str] = {}
        for operation in self.operations.values():
            match = operation.path_regex.match(path)
            if match is None:
                continue
            allowed.append(operation.method)
            if operation.method == method:
                found, params = operation, match.groupdict()
        return found, allowed, params


@functools.cache
def load_spec(path: Path = SPEC_PATH) -> Spec:
    """Parse the spec at ``path`` once per process."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise SpecError(f"cannot read {path}: {exc}") from exc
    if not isinstance(document, dict):
        raise SpecError(f"{path} is not an OpenAPI document")
    return Spec(document, path)
