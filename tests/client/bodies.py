"""Response bodies for the client tests: the spec's own examples, and bodies drawn from its schemas."""

from __future__ import annotations

import copy
import string
from collections.abc import Callable
from typing import Any

import httpx
from hypothesis import strategies as st

from voice_api_client import AuthenticatedClient
from voice_api_client.models import (
    LangCodeExperimental,
    RegenerateTTSSampleData,
    RegenerateTTSSampleRequest,
    UpdateClipRequest,
)
from voice_contracts.spec import load_spec

Handler = Callable[[httpx.Request], httpx.Response]


def example(operation_id: str, status: str) -> dict[str, Any]:
    """A deep copy of the first example the spec gives for a response."""
    response = load_spec().operations[operation_id].raw["responses"][status]
    examples = response["content"]["application/json"]["examples"]
    value: dict[str, Any] = copy.deepcopy(next(iter(examples.values()))["value"])
    return value


def schema_of(operation_id: str, status: int) -> dict[str, Any]:
    """The resolved response schema the spec documents for ``status``."""
    return load_spec().operations[operation_id].response_schema(status)


def raw_client(handler: Handler | None = None, *, strict: bool = True) -> AuthenticatedClient:
    """The generated client with ``handler`` as both its sync and async transport."""
    handler = handler or (lambda request: httpx.Response(204))
    return AuthenticatedClient(
        base_url="http://server.test",
        token="t",
        strict=strict,
        transport=httpx.MockTransport(handler),
        async_transport=httpx.MockTransport(handler),
    )


_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " -_é", max_size=12)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid against ``schema``, for the keywords this spec uses (no general JSON Schema)."""
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        known = st.fixed_dictionaries(
            {name: from_schema(sub) for name, sub in properties.items() if name in required},
            optional={name: from_schema(sub) for name, sub in properties.items() if name not in required},
        )
        # Objects are open (the spec's general assumption): a server may add properties.
        extra = st.dictionaries(
            st.text(string.ascii_lowercase, min_size=1, max_size=6).map("x_".__add__), _TEXT, max_size=2
        )
        return st.builds(lambda fields, more: {**more, **fields}, known, extra)
    if kind == "array":
        return st.lists(
            from_schema(schema.get("items", {})),
            min_size=schema.get("minItems", 0),
            max_size=schema.get("maxItems", 4),
        )
    if kind == "integer":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -(10**6) - 1) + 1)
        high = schema.get("maximum", schema.get("exclusiveMaximum", 10**6 + 1) - 1)
        return st.integers(low, high)
    if kind == "number":
        return st.floats(-1e6, 1e6, allow_nan=False) | st.integers(-1000, 1000)
    if kind == "boolean":
        return st.booleans()
    if kind == "string":
        return _string(schema)
    raise AssertionError(f"schema keyword not covered by the test strategy: {schema}")


def _string(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    fmt = schema.get("format")
    if fmt == "uuid":
        return st.uuids().map(str)
    if fmt == "uri":
        return st.from_regex(r"\Ahttps://[a-z]{1,10}\.test/[a-z0-9]{0,20}\Z")
    if fmt == "date-time":
        spellings = st.builds(
            lambda d, t, z: f"{d.isoformat()}{t}{z}",
            st.dates(),
            st.sampled_from(["T10:00:00", "t00:00:00", "T01:02:03.123456789"]),
            st.sampled_from(["Z", "z", "+05:30", "-00:00"]),
        )
        # A leap second exists only at 23:59:60 UTC, so only with a zero offset.
        leap = st.builds(lambda d, z: f"{d.isoformat()}T23:59:60{z}", st.dates(), st.sampled_from(["Z", "z", "+00:00"]))
        return spellings | leap
    low = schema.get("minLength", 0)
    return st.text(alphabet=string.ascii_letters + " é.", min_size=low, max_size=max(low, 12))


# One request of each operation, for tests that only care about the answer.
REGENERATE = RegenerateTTSSampleRequest(data=RegenerateTTSSampleData(lang_code=LangCodeExperimental.DE))
UPDATE = UpdateClipRequest(body="Hi", voice_uuid="v", callback_uri="https://hooks.test/cb")
