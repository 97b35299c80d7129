"""The facade: typed errors by status, credentials from the environment, the lock wait, the callback."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import httpx
import pytest

from tests.client.bodies import example
from tests.support import RESOURCES, make_settings
from voice_api_client import AuthenticatedClient
from voice_api_client.errors import (
    APIStatusError,
    AuthenticationError,
    InvalidRequest,
    NotFound,
    RateLimited,
    ResourceLocked,
    ServerError,
)
from voice_api_client.models import AudioTimestamps, PalabraErrorResponse, ResembleError
from voice_contracts.client import (
    NO_RETRIES,
    CallbackApp,
    CallbackConfigError,
    CallbackTimeout,
    ClientOptions,
    PalabraClient,
    ResembleClient,
)
from voice_contracts.mock import create_app
from voice_contracts.serving import RunningServer

PALABRA_ERROR = example("regenerate_tts_sample", "default")
RESEMBLE_ERROR = example("update_clip", "default")


def answering(status: int, body: object) -> ClientOptions:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, headers={"x-request-id": "r-1"})

    return ClientOptions(
        retries=NO_RETRIES, transport=httpx.MockTransport(handler), async_transport=httpx.MockTransport(handler)
    )


@pytest.mark.parametrize(
    ("status", "palabra_error", "resemble_error"),
    [
        (401, AuthenticationError, AuthenticationError),
        (403, ResourceLocked, AuthenticationError),
        (404, NotFound, NotFound),
        (400, InvalidRequest, InvalidRequest),
        (422, InvalidRequest, InvalidRequest),
        (429, RateLimited, RateLimited),
        (500, ServerError, ServerError),
        (599, ServerError, ServerError),
        (302, APIStatusError, APIStatusError),
    ],
)
def test_failures_raise_the_typed_error_of_their_status_class(
    status: int, palabra_error: type[APIStatusError], resemble_error: type[APIStatusError]
) -> None:
    palabra = PalabraClient("http://p.test", api_key="k", options=answering(status, PALABRA_ERROR))
    with palabra, pytest.raises(palabra_error) as caught:
        palabra.regenerate_tts_sample("v", "de")
    assert type(caught.value) is palabra_error
    assert caught.value.status_code == status and caught.value.headers["x-request-id"] == "r-1"
    assert isinstance(caught.value.envelope, PalabraErrorResponse)
    assert json.loads(caught.value.content) == PALABRA_ERROR

    resemble = ResembleClient("http://r.test", token="t", options=answering(status, RESEMBLE_ERROR))
    with resemble, pytest.raises(resemble_error) as other:
        resemble.update_clip("p", "c", body="Hi", voice_uuid="v", callback_uri="https://h.test/cb")
    assert type(other.value) is resemble_error
    assert isinstance(other.value.envelope, ResembleError) and "Clip not found" in str(other.value)


def test_async_methods_raise_the_same_errors() -> None:
    async def run() -> None:
        async with PalabraClient("http://p.test", api_key="k", options=answering(404, PALABRA_ERROR)) as palabra:
            with pytest.raises(NotFound):
                await palabra.regenerate_tts_sample_async("v", "de")
        async with ResembleClient("http://r.test", token="t", options=answering(401, RESEMBLE_ERROR)) as resemble:
            with pytest.raises(AuthenticationError):
                await resemble.update_clip_async("p", "c", body="Hi", voice_uuid="v", callback_uri="https://h.test/c")

    asyncio.run(run())


def test_credentials_and_url_come_from_the_environment() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=example("regenerate_tts_sample", "200"))

    options = ClientOptions(transport=httpx.MockTransport(handler))
    env = {"PALABRA_URL": "http://env.test", "PALABRA_CLIENT_ID": "id", "PALABRA_CLIENT_SECRET": "secret"}
    with PalabraClient(options=options, env=env) as client:
        client.regenerate_tts_sample("v", "de")
    assert seen[0].url.host == "env.test"
    assert (seen[0].headers["ClientID"], seen[0].headers["ClientSecret"]) == ("id", "secret")
    with PalabraClient(options=options, env={"PALABRA_API_KEY": "key"}) as client:
        client.regenerate_tts_sample("v", "de")
    assert seen[1].headers["authorization"] == "Bearer key" and seen[1].url.host == "api.palabra.ai"


def test_update_sends_only_the_options_given() -> None:
    sent: list[dict[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json=example("update_clip", "200"))

    with ResembleClient("http://r.test", token="t", options=ClientOptions(transport=httpx.MockTransport(handler))) as c:
        c.update_clip("p", "c", body="Hi", voice_uuid="v", callback_uri="https://h.test/cb", sample_rate=22050)
    assert sent == [{"body": "Hi", "voice_uuid": "v", "callback_uri": "https://h.test/cb", "sample_rate": 22050}]


# --- against the mock: the lock wait and the callback wait ----------------------------------------


@pytest.fixture
def slow_mock() -> Any:
    app = create_app(make_settings(synth_seconds=0.4))
    with RunningServer(app, max_seconds=120) as server:
        yield app, server.url


def _hold_the_lock(url: str) -> threading.Thread:
    def regenerate() -> None:
        with PalabraClient(url, api_key=RESOURCES.palabra_api_key) as holder:
            holder.regenerate_tts_sample(RESOURCES.palabra_voice_id, "en")

    thread = threading.Thread(target=regenerate)
    thread.start()
    return thread


def _until_locked(app: Any) -> None:
    for _ in range(200):
        if RESOURCES.palabra_voice_id in app.store.locked_voices:
            return
        time.sleep(0.01)
    raise AssertionError("the first regeneration never took the lock")


def test_the_lock_is_waited_out_until_it_is_released(slow_mock: Any) -> None:
    app, url = slow_mock
    holder = _hold_the_lock(url)
    _until_locked(app)
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        pauses.append(seconds)
        time.sleep(seconds)

    with PalabraClient(url, api_key=RESOURCES.palabra_api_key, sleep=pause) as client:
        result = client.regenerate_tts_sample(RESOURCES.palabra_voice_id, "de", wait_for_lock=30)
    holder.join(10)
    assert result.data.text.lang == "de"
    assert pauses, "the call should have met the lock at least once"


def test_without_a_wait_or_past_the_deadline_the_lock_raises(slow_mock: Any) -> None:
    app, url = slow_mock
    holder = _hold_the_lock(url)
    _until_locked(app)
    clock = iter([0.0, 0.0, 0.1, 0.2, 5.0, 5.0, 5.0])
    with PalabraClient(url, api_key=RESOURCES.palabra_api_key, sleep=lambda s: None, clock=lambda: next(clock)) as c:
        with pytest.raises(ResourceLocked) as caught:
            c.regenerate_tts_sample(RESOURCES.palabra_voice_id, "de")
        assert caught.value.status_code == 403
        with pytest.raises(ResourceLocked):
            c.regenerate_tts_sample(RESOURCES.palabra_voice_id, "de", wait_for_lock=1.0)
    holder.join(10)


def _receiver() -> tuple[CallbackApp, RunningServer]:
    receiver = CallbackApp()
    server = RunningServer(receiver, max_seconds=120).start()
    receiver.public_url = server.url
    return receiver, server


def test_update_clip_and_wait_returns_the_matching_validated_callback(live_mock: RunningServer) -> None:
    receiver, server = _receiver()
    try:
        with ResembleClient(live_mock.url, token=RESOURCES.resemble_api_token) as client:
            payload = client.update_clip_and_wait(
                RESOURCES.resemble_project_uuid,
                RESOURCES.resemble_clip_uuid,
                receiver=receiver,
                timeout=20,
                body="Hello there",
                voice_uuid=RESOURCES.resemble_voice_uuid,
                is_public=False,
                is_archived=False,
                include_timestamps=True,
            )

        async def run_async() -> str:
            async with ResembleClient(live_mock.url, token=RESOURCES.resemble_api_token) as client:
                result = await client.update_clip_and_wait_async(
                    RESOURCES.resemble_project_uuid,
                    RESOURCES.resemble_clip_uuid,
                    receiver=receiver,
                    timeout=20,
                    body="Again",
                    voice_uuid=RESOURCES.resemble_voice_uuid,
                    is_public=False,
                    is_archived=False,
                )
            return result.id

        assert asyncio.run(run_async()) == RESOURCES.resemble_clip_uuid
    finally:
        server.stop()
    assert payload.id == RESOURCES.resemble_clip_uuid
    assert isinstance(payload.audio_timestamps, AudioTimestamps) and payload.audio_timestamps.graph_chars


def test_a_callback_that_never_comes_raises_callback_timeout() -> None:
    app = create_app(make_settings(fault="resemble_no_callback"))
    receiver, server = _receiver()
    try:
        with (
            RunningServer(app, max_seconds=60) as mock,
            ResembleClient(mock.url, token=RESOURCES.resemble_api_token) as c,
            pytest.raises(CallbackTimeout),
        ):
            c.update_clip_and_wait(
                RESOURCES.resemble_project_uuid,
                RESOURCES.resemble_clip_uuid,
                receiver=receiver,
                timeout=0.5,
                body="Hi",
                voice_uuid=RESOURCES.resemble_voice_uuid,
                is_public=False,
                is_archived=False,
            )
    finally:
        server.stop()


VALID_CALLBACK = {"id": "c1", "project_id": "p", "url": "https://cdn.test/c1.wav", "issues": []}


def post(receiver: CallbackApp, token: str, body: object, method: str = "POST") -> int:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return receiver.handle(method, f"{receiver.prefix}/{token}", raw)[0]


def test_the_receiver_answers_2xx_only_to_a_valid_matching_callback_and_deduplicates() -> None:
    receiver = CallbackApp("https://tunnel.test")
    token = receiver.expect("c1")
    assert receiver.callback_url(token) == f"https://tunnel.test/resemble/callbacks/{token}"
    assert post(receiver, "unknown", VALID_CALLBACK) == 404
    assert post(receiver, token, VALID_CALLBACK, method="GET") == 405
    assert post(receiver, token, b"not json") == 422
    assert post(receiver, token, {**VALID_CALLBACK, "issues": "x"}) == 422
    assert post(receiver, token, {**VALID_CALLBACK, "id": "other"}) == 422
    assert post(receiver, token, VALID_CALLBACK) == 200
    assert post(receiver, token, VALID_CALLBACK) == 200
    assert receiver.redeliveries == 1
    assert receiver.wait(token, 0).url == VALID_CALLBACK["url"]
    # Answered once and taken: a late redelivery still gets its 200, and is not recorded again.
    assert post(receiver, token, VALID_CALLBACK) == 200
    with pytest.raises(CallbackTimeout):
        receiver.wait(token, 0)


def test_the_receiver_works_mounted_under_a_prefix() -> None:
    receiver = CallbackApp("https://app.test/hooks")
    token = receiver.expect()
    status, _ = receiver.handle("POST", f"/hooks/resemble/callbacks/{token}", json.dumps(VALID_CALLBACK).encode())
    assert status == 200
    assert receiver.handle("POST", f"/hooks/resemble/callbacks/{token}/extra", b"{}")[0] == 404


def test_clients_have_a_finite_default_timeout_and_are_strict() -> None:
    raw = PalabraClient("http://p.test", api_key="k").raw
    timeout = raw.get_httpx_client().timeout
    assert timeout.connect == 5.0 and timeout.read == 30.0
    assert raw.strict is True
    assert AuthenticatedClient(base_url="http://x.test", token="t").get_httpx_client().timeout.read == 30.0


def test_a_timeout_names_the_rejected_deliveries() -> None:
    receiver = CallbackApp("https://tunnel.test")
    token = receiver.expect("c1")
    post(receiver, token, {**VALID_CALLBACK, "url": 5})
    with pytest.raises(CallbackTimeout) as caught:
        receiver.wait(token, 0.01)
    assert "url" in str(caught.value) and len(caught.value.rejected) == 1


def test_callback_urls_need_a_public_url() -> None:
    receiver = CallbackApp()
    with pytest.raises(CallbackConfigError):
        receiver.callback_url(receiver.expect())
