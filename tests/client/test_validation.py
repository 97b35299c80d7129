"""Each response body is checked against openapi.yaml: one broken field, one named violation."""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

import httpx
import pytest

from tests.client.bodies import REGENERATE, UPDATE, example, raw_client
from voice_api_client.api.palabra import regenerate_tts_sample
from voice_api_client.api.resemble import update_clip
from voice_api_client.errors import MalformedResponse
from voice_api_client.models import (
    LangCodeExperimental,
    PalabraErrorResponse,
    ResembleError,
    TTSSampleResponse,
    UpdateClipResponse,
)
from voice_contracts.client import InvalidCallback, parse_callback
from voice_contracts.spec import load_spec

DROP = object()


def mutated(body: dict[str, Any], path: str, value: object) -> dict[str, Any]:
    target: Any = body
    parts = path.split(".")
    for part in parts[:-1]:
        target = target[int(part)] if isinstance(target, list) else target[part]
    if value is DROP:
        del target[parts[-1]]
    else:
        target[parts[-1]] = value
    return body


def call(operation: str, status: int, body: object, *, strict: bool = True) -> Any:
    content = json.dumps(body).encode()
    client = raw_client(
        lambda request: httpx.Response(status, content=content, headers={"x-trace": "abc"}), strict=strict
    )
    with client:
        if operation == "regenerate_tts_sample":
            return regenerate_tts_sample.sync_detailed("v", client=client, body=REGENERATE)
        return update_clip.sync_detailed("p", "c", client=client, body=UPDATE)


# (operation, status, spec example to start from, field, broken value, rule that must be named)
VIOLATIONS = [
    ("regenerate_tts_sample", 200, "200", "data.audio_metadata.duration", "1.5", "type"),
    ("regenerate_tts_sample", 200, "200", "data.url", 42, "type"),
    ("regenerate_tts_sample", 200, "200", "ok", "yes", "type"),
    ("regenerate_tts_sample", 200, "200", "data.text", [["content", "x"], ["lang", "de"]], "type"),
    ("regenerate_tts_sample", 200, "200", "data.url", "https://x.test/" + "a" * 2070, "maxLength"),
    ("regenerate_tts_sample", 200, "200", "data.url", "", "minLength"),
    ("regenerate_tts_sample", 200, "200", "data.text.content", "x" * 10_001, "maxLength"),
    ("regenerate_tts_sample", 200, "200", "data.utc_created_at", "2026-11-21", "format"),
    ("regenerate_tts_sample", 200, "200", "data.blob_id", "not-a-uuid", "format"),
    ("regenerate_tts_sample", 200, "200", "data.url", "no scheme here", "format"),
    ("regenerate_tts_sample", 200, "200", "data.text.lang", "klingon", "enum"),
    ("regenerate_tts_sample", 200, "200", "data.mime_type", "audio/ogg", "enum"),
    ("regenerate_tts_sample", 200, "200", "data.audio_metadata.mime_type", "audio/aac", "enum"),
    ("regenerate_tts_sample", 200, "200", "data.model", DROP, "required"),
    ("regenerate_tts_sample", 403, "403", "errors.0.status", 399, "exclusiveMinimum"),
    ("regenerate_tts_sample", 403, "403", "errors.0.status", 600, "exclusiveMaximum"),
    ("regenerate_tts_sample", 403, "403", "errors.0.title", "abc", "minLength"),
    ("regenerate_tts_sample", 403, "403", "errors.0.error_code", 1.5, "type"),
    ("regenerate_tts_sample", 404, "default", "errors.0.type", "relative/path", "format"),
    ("regenerate_tts_sample", 404, "default", "errors", {"status": 404}, "type"),
    ("update_clip", 200, "200", "item.is_public", "yes", "type"),
    ("update_clip", 200, "200", "item.created_at", "yesterday", "format"),
    ("update_clip", 200, "200", "item.uuid", DROP, "required"),
    ("update_clip", 200, "200", "success", "true", "type"),
    ("update_clip", 404, "default", "message", 5, "type"),
]


@pytest.mark.parametrize(("operation", "status", "source", "field", "value", "rule"), VIOLATIONS)
def test_one_broken_field_raises_malformed_response_naming_it(
    operation: str, status: int, source: str, field: str, value: object, rule: str
) -> None:
    body = mutated(example(operation, source), field, value)
    with pytest.raises(MalformedResponse) as caught:
        call(operation, status, body)
    error = caught.value
    assert error.field == field
    assert error.violations[0].rule == rule
    if value is not DROP:
        assert error.violations[0].value == value
    assert field in str(error)
    assert error.status_code == status
    assert error.headers["x-trace"] == "abc"
    assert json.loads(error.content) == body


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("2026-11-21T10:00:00Z", datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC)),
        ("2026-11-21t10:00:00z", datetime.datetime(2026, 11, 21, 10, tzinfo=datetime.UTC)),
        ("2026-11-21T10:00:00.5+01:00", datetime.datetime(2026, 11, 21, 9, 0, 0, 500000, tzinfo=datetime.UTC)),
        ("2026-11-21T10:00:00.123456789-00:00", datetime.datetime(2026, 11, 21, 10, 0, 0, 123456, tzinfo=datetime.UTC)),
        ("2026-12-31T23:59:60Z", datetime.datetime(2026, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC)),
    ],
)
def test_every_rfc3339_spelling_parses(spelling: str, expected: datetime.datetime) -> None:
    body = mutated(example("regenerate_tts_sample", "200"), "data.utc_created_at", spelling)
    parsed = call("regenerate_tts_sample", 200, body).parsed
    assert isinstance(parsed, TTSSampleResponse)
    assert parsed.data.utc_created_at == expected
    clip = mutated(example("update_clip", "200"), "item.updated_at", spelling)
    assert call("update_clip", 200, clip).parsed.item.updated_at == expected


@pytest.mark.parametrize("status", [201, 302, 418, 599, 999])
def test_any_status_the_default_covers_parses_as_the_envelope(status: int) -> None:
    palabra = call("regenerate_tts_sample", status, example("regenerate_tts_sample", "default"))
    assert palabra.status_code == status and isinstance(palabra.parsed, PalabraErrorResponse)
    resemble = call("update_clip", status, example("update_clip", "default"))
    assert resemble.status_code == status and isinstance(resemble.parsed, ResembleError)


def test_lenient_mode_keeps_and_logs_an_unknown_enum_value(caplog: pytest.LogCaptureFixture) -> None:
    body = mutated(example("regenerate_tts_sample", "200"), "data.text.lang", "tlh")
    with caplog.at_level(logging.WARNING, logger="voice_api_client"):
        parsed = call("regenerate_tts_sample", 200, body, strict=False).parsed
    assert parsed.data.text.lang == "tlh"
    assert "data.text.lang" in caplog.text
    # Outside a lenient parse the enum is as strict as ever.
    with pytest.raises(ValueError):
        LangCodeExperimental("tlh")


@pytest.mark.parametrize(("field", "value"), [("data.url", 42), ("data.model", DROP), ("data.blob_id", "x")])
def test_lenient_mode_still_refuses_everything_but_enums(field: str, value: object) -> None:
    body = mutated(example("regenerate_tts_sample", "200"), field, value)
    with pytest.raises(MalformedResponse) as caught:
        call("regenerate_tts_sample", 200, body, strict=False)
    assert caught.value.field == field


def test_a_valid_update_answer_parses() -> None:
    assert isinstance(call("update_clip", 200, example("update_clip", "200")).parsed, UpdateClipResponse)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"id": 1, "project_id": "p", "url": "https://x.test/a", "issues": []}, "id"),
        ({"id": "c", "project_id": "p", "url": "https://x.test/a", "issues": "x"}, "issues"),
        ({"id": "c", "project_id": "p", "issues": []}, "url"),
        ({"id": "c", "project_id": "p", "url": "https://x.test/a", "issues": [], "audio_timestamps": {}}, None),
    ],
)
def test_parse_callback_names_the_broken_field(body: dict[str, Any], field: str | None) -> None:
    with pytest.raises(InvalidCallback) as caught:
        parse_callback(json.dumps(body).encode())
    if field is not None:
        assert caught.value.violations[0].field == field
    assert caught.value.violations


def test_parse_callback_accepts_the_spec_example_and_refuses_non_json() -> None:
    operation = load_spec().operations["update_clip"].callback_operation()
    assert operation is not None
    value = operation["requestBody"]["content"]["application/json"]["examples"]["with_timestamps"]["value"]
    assert parse_callback(value).id == value["id"]
    with pytest.raises(InvalidCallback):
        parse_callback(b"[" * 5000)
