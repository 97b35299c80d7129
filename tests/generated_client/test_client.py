"""The generated client against the mock on a real port, and against servers that break the spec."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tests.support import RESOURCES
from voice_api_client import AuthenticatedClient
from voice_api_client.api.palabra import regenerate_tts_sample
from voice_api_client.api.resemble import update_clip
from voice_api_client.errors import MalformedResponse
from voice_api_client.models import (
    LangCodeExperimental,
    OutputFormat,
    PalabraErrorResponse,
    RegenerateTTSSampleData,
    RegenerateTTSSampleRequest,
    ResembleError,
    SampleRate,
    TTSSampleResponse,
    UpdateClipRequest,
    UpdateClipResponse,
)
from voice_contracts.client import palabra_client, resemble_client
from voice_contracts.serving import RunningServer

REGENERATE = RegenerateTTSSampleRequest(data=RegenerateTTSSampleData(lang_code=LangCodeExperimental.DE))


def update(callback: str = "http://127.0.0.1:9/none") -> UpdateClipRequest:
    return UpdateClipRequest(
        body="Hello there",
        voice_uuid=RESOURCES.resemble_voice_uuid,
        is_public=True,
        is_archived=False,
        callback_uri=callback,
        output_format=OutputFormat.MP3,
        sample_rate=SampleRate.VALUE_16000,
    )


def test_palabra_sync_with_the_header_pair(live_mock: RunningServer) -> None:
    client = palabra_client(
        live_mock.url, client_id=RESOURCES.palabra_client_id, client_secret=RESOURCES.palabra_client_secret
    )
    with client:
        result = regenerate_tts_sample.sync(RESOURCES.palabra_voice_id, client=client, body=REGENERATE)
    assert isinstance(result, TTSSampleResponse)
    assert result.data.text.lang is LangCodeExperimental.DE
    assert result.data.audio_metadata.duration > 0


def test_palabra_async_with_an_api_key_and_error_envelopes(live_mock: RunningServer) -> None:
    async def run() -> tuple[object, object]:
        async with (
            palabra_client(live_mock.url, api_key=RESOURCES.palabra_api_key) as good,
            palabra_client(live_mock.url, api_key="wrong") as bad,
        ):
            ok = await regenerate_tts_sample.asyncio(RESOURCES.palabra_voice_id, client=good, body=REGENERATE)
            denied = await regenerate_tts_sample.asyncio_detailed(
                RESOURCES.palabra_voice_id, client=bad, body=REGENERATE
            )
        return ok, denied

    ok, denied = asyncio.run(run())
    assert isinstance(ok, TTSSampleResponse)
    assert denied.status_code == 401  # type: ignore[attr-defined]
    assert isinstance(denied.parsed, PalabraErrorResponse)  # type: ignore[attr-defined]
    assert denied.parsed.errors[0].status == 401  # type: ignore[attr-defined]


def test_resemble_sync_and_async_with_both_token_forms(live_mock: RunningServer) -> None:
    project, clip = RESOURCES.resemble_project_uuid, RESOURCES.resemble_clip_uuid
    with resemble_client(live_mock.url, token=RESOURCES.resemble_api_token) as bearer:
        result = update_clip.sync(project, clip, client=bearer, body=update())
        assert isinstance(result, UpdateClipResponse) and result.item.body == "Hello there"
        missing = update_clip.sync(project, "nope", client=bearer, body=update())
        assert isinstance(missing, ResembleError) and missing.success is False

    async def with_token_form() -> object:
        async with resemble_client(live_mock.url, token=RESOURCES.resemble_api_token, scheme="Token") as token:
            return await update_clip.asyncio(project, clip, client=token, body=update())

    assert isinstance(asyncio.run(with_token_form()), UpdateClipResponse)


def test_resemble_update_without_the_visibility_flags_keeps_them(live_mock: RunningServer) -> None:
    project, clip = RESOURCES.resemble_project_uuid, RESOURCES.resemble_clip_uuid
    with resemble_client(live_mock.url, token=RESOURCES.resemble_api_token) as client:
        assert isinstance(update_clip.sync(project, clip, client=client, body=update()), UpdateClipResponse)
        bare = UpdateClipRequest(
            body="Flags left out", voice_uuid=RESOURCES.resemble_voice_uuid, callback_uri="http://127.0.0.1:9/none"
        )
        assert "is_public" not in bare.to_dict() and "is_archived" not in bare.to_dict()
        result = update_clip.sync(project, clip, client=client, body=bare)
    assert isinstance(result, UpdateClipResponse)
    assert (result.item.body, result.item.is_public, result.item.is_archived) == ("Flags left out", True, False)


def _client_answering(status: int, body: bytes, content_type: str = "application/json") -> AuthenticatedClient:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body, headers={"content-type": content_type})

    client = AuthenticatedClient(base_url="http://broken.invalid", token="t")
    client.set_httpx_client(httpx.Client(base_url="http://broken.invalid", transport=httpx.MockTransport(handler)))
    return client


GOOD_SAMPLE = {
    "data": {
        "user_id": "u", "blob_id": "0b8e6a3e-5c1d-4f7a-9e2b-3c4d5e6f7a8b", "url": "https://x.test/a.wav",
        "audio_metadata": {"format": "wav", "codec": "pcm_s16le", "duration": 1.0, "mime_type": "audio/wav"},
        "text": {"content": "hi", "lang": "en"}, "model": "m", "filename": "f.wav", "mime_type": "audio/wav",
        "display_name": "d", "utc_created_at": "2026-11-21T10:00:00Z",
    }
}  # fmt: skip


def _with(path: list[str], value: object) -> bytes:
    body = json.loads(json.dumps(GOOD_SAMPLE))
    target = body
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return json.dumps(body).encode()


@pytest.mark.parametrize(
    ("status", "body", "content_type"),
    [
        (200, _with(["data", "text", "lang"], "klingon"), "application/json"),  # unknown enum value
        (200, _with(["data", "display_name"], KeyError), "application/json"),  # missing field
        (200, _with(["data", "utc_created_at"], "yesterday"), "application/json"),  # bad date-time
        (200, _with(["data", "blob_id"], "not-a-uuid"), "application/json"),  # bad uuid
        (500, b"<html>Internal Server Error</html>", "text/html"),  # not JSON at all
        (404, b'{"detail": "Not Found"}', "application/json"),  # not the envelope
        (403, b"[]", "application/json"),  # wrong JSON type
        (599, b"{}", "application/json"),  # a status HTTPStatus does not know
    ],
)
def test_a_contract_breaking_response_raises_malformed_response(status: int, body: bytes, content_type: str) -> None:
    client = _client_answering(status, body, content_type)
    with client, pytest.raises(MalformedResponse) as caught:
        regenerate_tts_sample.sync_detailed("v", client=client, body=REGENERATE)
    assert caught.value.status_code == status
    assert caught.value.content == body


def test_a_valid_response_still_parses_through_the_same_path() -> None:
    with _client_answering(200, json.dumps(GOOD_SAMPLE).encode()) as client:
        result = regenerate_tts_sample.sync("v", client=client, body=REGENERATE)
    assert isinstance(result, TTSSampleResponse)
