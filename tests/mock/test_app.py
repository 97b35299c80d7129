"""The mock's behaviour, in process (ASGI transport) and on a real port."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import httpx
import pytest

from tests.support import RESOURCES, make_settings
from voice_contracts.mock import FAULTS, MockApp, SettingsError, UnknownFault, create_app
from voice_contracts.mock.allowlist import AllowList
from voice_contracts.serving import RunningServer
from voice_contracts.spec import Spec, load_spec
from voice_contracts.suite.audio_probe import probe
from voice_contracts.suite.receiver import CallbackReceiver

OPERATIONS = load_spec().operations
PALABRA = OPERATIONS["regenerate_tts_sample"].url("", voice_id=RESOURCES.palabra_voice_id)
RESEMBLE = OPERATIONS["update_clip"].url(
    "", project_uuid=RESOURCES.resemble_project_uuid, clip_uuid=RESOURCES.resemble_clip_uuid
)
PALABRA_AUTH = {"ClientID": RESOURCES.palabra_client_id, "ClientSecret": RESOURCES.palabra_client_secret}
RESEMBLE_AUTH = {"Authorization": f"Bearer {RESOURCES.resemble_api_token}"}


def clip_body(callback: str = "http://127.0.0.1:9/cb", **extra: Any) -> dict[str, Any]:
    return {
        "body": "Hello there",
        "voice_uuid": RESOURCES.resemble_voice_uuid,
        "is_public": False,
        "is_archived": False,
        "callback_uri": callback,
        **extra,
    }


def call(
    app: MockApp, method: str, path: str, headers: Mapping[str, str] | None = None, **kwargs: Any
) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8080") as client:
            return await client.request(method, path, headers=dict(headers or {}), **kwargs)

    return asyncio.run(go())


def palabra_error(response: httpx.Response, status: int, spec: Spec) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body: dict[str, Any] = response.json()
    assert spec.validator(spec.schema("PalabraErrorResponse")).violations(body) == []
    assert body["ok"] is False and body["errors"][0]["status"] == status
    return body


def resemble_error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"success", "message"} and body["success"] is False
    return str(body["message"])


def test_palabra_success_replaces_samples_and_serves_matching_audio(mock_app: MockApp, spec: Spec) -> None:
    for lang in ("en", "fr"):
        response = call(mock_app, "POST", PALABRA, PALABRA_AUTH, json={"data": {"lang_code": lang}})
        assert response.status_code == 200
    data = response.json()["data"]
    voice = mock_app.store.voices[RESOURCES.palabra_voice_id]
    assert [s.blob_id for s in voice.samples] == [data["blob_id"]]
    assert len(mock_app.store.blobs) == 1
    audio = call(mock_app, "GET", httpx.URL(data["url"]).path)
    assert audio.headers["content-type"] == data["audio_metadata"]["mime_type"] == "audio/wav"
    info = probe(audio.content)
    meta = data["audio_metadata"]
    assert (info.container, info.codec) == (meta["format"], meta["codec"])
    assert info.duration == pytest.approx(meta["duration"], abs=0.01)
    assert mock_app.response_violations == []


def test_palabra_accepts_a_bearer_key_and_refuses_missing_or_wrong_credentials(mock_app: MockApp, spec: Spec) -> None:
    body = {"data": {"lang_code": "en"}}
    bearer = {"Authorization": f"Bearer {RESOURCES.palabra_api_key}"}
    assert call(mock_app, "POST", PALABRA, bearer, json=body).status_code == 200
    palabra_error(call(mock_app, "POST", PALABRA, json=body), 401, spec)
    palabra_error(call(mock_app, "POST", PALABRA, {"ClientID": RESOURCES.palabra_client_id}, json=body), 401, spec)
    palabra_error(call(mock_app, "POST", PALABRA, {**PALABRA_AUTH, "ClientSecret": "x"}, json=body), 401, spec)


def test_palabra_unknown_voice_and_invalid_bodies(mock_app: MockApp, spec: Spec) -> None:
    unknown = call(
        mock_app,
        "POST",
        OPERATIONS["regenerate_tts_sample"].url("", voice_id="nobody"),
        PALABRA_AUTH,
        json={"data": {"lang_code": "en"}},
    )
    palabra_error(unknown, 404, spec)
    bad_lang = palabra_error(
        call(mock_app, "POST", PALABRA, PALABRA_AUTH, json={"data": {"lang_code": "xx"}}), 422, spec
    )
    assert "data.lang_code" in bad_lang["errors"][0]["detail"]
    missing = palabra_error(call(mock_app, "POST", PALABRA, PALABRA_AUTH, json={"data": {}}), 422, spec)
    assert "data.lang_code" in missing["errors"][0]["detail"]


@pytest.mark.parametrize(
    ("headers", "content", "status"),
    [
        ({"content-type": "application/json"}, b"{not json", 400),
        ({"content-type": "text/plain"}, b"{}", 415),
        ({"content-type": "application/json"}, b"[" * 70000, 413),
    ],
)
def test_transport_errors_use_each_vendors_envelope(
    mock_app: MockApp, spec: Spec, headers: dict[str, str], content: bytes, status: int
) -> None:
    palabra_error(call(mock_app, "POST", PALABRA, {**PALABRA_AUTH, **headers}, content=content), status, spec)
    resemble_error(call(mock_app, "PUT", RESEMBLE, {**RESEMBLE_AUTH, **headers}, content=content), status)


def test_unknown_paths_and_wrong_methods(mock_app: MockApp, spec: Spec) -> None:
    palabra_error(call(mock_app, "GET", "/saas/nothing"), 404, spec)
    resemble_error(call(mock_app, "GET", "/api/v2/nothing"), 404)
    wrong = call(mock_app, "DELETE", PALABRA)
    palabra_error(wrong, 405, spec)
    assert wrong.headers["allow"] == "POST"
    assert (
        resemble_error(call(mock_app, "POST", RESEMBLE), 405)
        and call(mock_app, "GET", RESEMBLE).headers["allow"] == "PUT"
    )


def test_the_palabra_405_fault_leaves_resemble_alone(spec: Spec) -> None:
    faulty = create_app(make_settings(fault="palabra_no_405"))
    palabra_error(call(faulty, "DELETE", PALABRA), 404, spec)
    assert resemble_error(call(faulty, "POST", RESEMBLE), 405)


def test_resemble_update_is_stored_and_errors_are_enveloped(mock_app: MockApp) -> None:
    response = call(mock_app, "PUT", RESEMBLE, RESEMBLE_AUTH, json=clip_body(title="New"))
    assert response.status_code == 200
    item = response.json()["item"]
    assert (item["title"], item["body"]) == ("New", "Hello there")
    stored = mock_app.store.clips[(RESOURCES.resemble_project_uuid, RESOURCES.resemble_clip_uuid)]
    assert (stored.title, stored.body) == ("New", "Hello there")
    token = {"Authorization": f"Token token={RESOURCES.resemble_api_token}"}
    assert call(mock_app, "PUT", RESEMBLE, token, json=clip_body()).status_code == 200
    resemble_error(call(mock_app, "PUT", RESEMBLE, json=clip_body()), 401)
    resemble_error(
        call(mock_app, "PUT", RESEMBLE.replace(RESOURCES.resemble_clip_uuid, "x"), RESEMBLE_AUTH, json=clip_body()), 404
    )
    resemble_error(
        call(mock_app, "PUT", RESEMBLE.replace(RESOURCES.resemble_project_uuid, "x"), RESEMBLE_AUTH, json=clip_body()),
        404,
    )
    no_callback = clip_body()
    del no_callback["callback_uri"]
    assert "callback_uri" in resemble_error(call(mock_app, "PUT", RESEMBLE, RESEMBLE_AUTH, json=no_callback), 422)
    assert "sample_rate" in resemble_error(
        call(mock_app, "PUT", RESEMBLE, RESEMBLE_AUTH, json=clip_body(sample_rate=8000)), 422
    )
    ssrf = call(mock_app, "PUT", RESEMBLE, RESEMBLE_AUTH, json=clip_body("http://169.254.169.254/latest"))
    assert "MOCK_CALLBACK_ALLOW" in resemble_error(ssrf, 403)


def test_allow_list_never_resolves_names() -> None:
    allow = AllowList(["127.0.0.0/8", "::1", "localhost"])
    assert (
        allow.permits("http://127.0.0.1:8000/x")
        and allow.permits("http://[::1]/x")
        and allow.permits("https://localhost/")
    )
    for url in ("http://10.0.0.1/", "http://example.com/", "ftp://127.0.0.1/", "http://127.0.0.1:99999/", "not a url"):
        assert not allow.permits(url)


@pytest.mark.parametrize(
    ("update_settings", "audio"),
    [
        ({"output_format": "mp3", "sample_rate": 16000, "include_timestamps": True}, ("mp3", 16000, None)),
        ({"output_format": "wav", "sample_rate": 44100, "precision": "PCM_32"}, ("wav", 44100, 32)),
        ({"include_timestamps": False}, ("wav", 22050, 16)),
    ],
)
def test_callback_carries_audio_as_requested(
    live_mock: RunningServer,
    receiver: tuple[CallbackReceiver, str],
    spec: Spec,
    update_settings: dict[str, Any],
    audio: tuple[Any, ...],
) -> None:
    collector, url = receiver
    body = clip_body(f"{url}/callbacks/one", **update_settings)
    assert httpx.put(live_mock.url + RESEMBLE, json=body, headers=RESEMBLE_AUTH).status_code == 200
    (delivery,) = collector.wait("one", 10)
    payload = delivery.payload
    assert spec.validator(spec.schema("ClipCallbackPayload")).violations(payload) == []
    assert (payload["id"], payload["project_id"], payload["issues"]) == (
        RESOURCES.resemble_clip_uuid,
        RESOURCES.resemble_project_uuid,
        [],
    )
    info = probe(httpx.get(payload["url"]).content)
    assert (info.container, info.sample_rate, info.bits_per_sample) == audio
    assert ("audio_timestamps" in payload) is (update_settings.get("include_timestamps") is True)
    if "audio_timestamps" in payload:
        stamps = payload["audio_timestamps"]
        assert len(stamps["graph_chars"]) == len(stamps["graph_times"]) == len("Hello there")
        assert stamps["graph_times"][-1][1] <= info.duration
        assert stamps["phon_chars"] == list("hellothere")


def test_100_concurrent_regenerations_leave_exactly_one_sample(live_mock: RunningServer, mock_app: MockApp) -> None:
    async def burst() -> list[int]:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=100), timeout=30) as client:
            responses = await asyncio.gather(
                *(
                    client.post(live_mock.url + PALABRA, json={"data": {"lang_code": "en"}}, headers=PALABRA_AUTH)
                    for _ in range(100)
                )
            )
        return [r.status_code for r in responses]

    statuses = asyncio.run(burst())
    assert set(statuses) <= {200, 403} and 200 in statuses and 403 in statuses
    assert len(mock_app.store.voices[RESOURCES.palabra_voice_id].samples) == 1


def test_200_updates_deliver_200_callbacks_through_failing_first_attempts(live_mock: RunningServer) -> None:
    from voice_contracts.suite.receiver import start_receiver

    collector, server = start_receiver(fail_first=True, max_seconds=120)
    try:

        async def updates() -> list[int]:
            async with httpx.AsyncClient(timeout=30) as client:
                responses = await asyncio.gather(
                    *(
                        client.put(
                            live_mock.url + RESEMBLE,
                            json=clip_body(f"{server.url}/callbacks/c{n}"),
                            headers=RESEMBLE_AUTH,
                        )
                        for n in range(200)
                    )
                )
            return [r.status_code for r in responses]

        assert asyncio.run(updates()) == [200] * 200
        for n in range(200):
            assert len(collector.wait(f"c{n}", 20)) == 1, f"callback c{n} lost"
            assert collector.attempts(f"c{n}") == 2
    finally:
        server.stop()


def test_settings_and_faults_fail_clearly() -> None:
    assert len(FAULTS) >= 20
    with pytest.raises(UnknownFault, match="palabra_no_lock"):
        create_app(make_settings(fault="no_such_fault"))
    with pytest.raises(SettingsError, match="MOCK_SYNTH_SECONDS"):
        from voice_contracts.mock import MockSettings

        MockSettings.from_env({"MOCK_SYNTH_SECONDS": "soon"})


def test_json_beyond_64_bit_integers_still_reaches_validation(mock_app: MockApp) -> None:
    # orjson reads such integers as floats; the body is valid JSON and objects are open, so it succeeds.
    body = '{"data": {"lang_code": "en", "extra": 123456789012345678901234567890}}'
    headers = {**PALABRA_AUTH, "Content-Type": "application/json"}
    assert call(mock_app, "POST", PALABRA, headers, content=body).status_code == 200
    bad = '{"data": {"lang_code": 123456789012345678901234567890}}'
    assert call(mock_app, "POST", PALABRA, headers, content=bad).status_code == 422
    assert call(mock_app, "POST", PALABRA, headers, content='{"data": ').status_code == 400
