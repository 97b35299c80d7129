"""Smoke test of the independent double: real HTTP through uvicorn, responses checked against openapi.yaml."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import io
import json
import os
import queue
import threading
import time
import wave
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn
import yaml

from tests.doubles.independent_server import VARIANTS, Config, create_app
from tests.doubles.independent_server.asgi import ASGIApp

PALABRA = "/saas/voice/m/{voice_id}/tts-sample"
RESEMBLE = "/api/v2/projects/{project_uuid}/clips/{clip_uuid}"
PALABRA_AUTH = {"ClientID": "mock-client-id", "ClientSecret": "mock-client-secret"}
RESEMBLE_AUTH = {"Authorization": "Token token=mock-resemble-token"}
FAST = Config(lock_seconds=0.3, callback_delay_seconds=0.01)


def _find_spec() -> Path:
    # The package moves into the repo's tests later; walk up until the contract is found.
    for folder in Path(__file__).resolve().parents:
        if (folder / "openapi.yaml").is_file():
            return folder / "openapi.yaml"
    return Path(os.environ.get("VOICE_CONTRACTS_SPEC", "/work/main/openapi.yaml"))


SPEC: dict[str, Any] = yaml.safe_load(_find_spec().read_text(encoding="utf-8"))


def _validator(schema: dict[str, Any]) -> Any:
    jsonschema = importlib.import_module("jsonschema")  # untyped in some environments
    cls = jsonschema.Draft202012Validator
    # Local $refs ("#/components/...") resolve against this root, so the components ride along.
    return cls({**schema, "components": SPEC["components"]}, format_checker=cls.FORMAT_CHECKER)


def response_validator(path: str, method: str, status: int) -> Any:
    responses = SPEC["paths"][path][method]["responses"]
    response = responses.get(str(status), responses.get("default"))
    if "$ref" in response:
        response = SPEC["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return _validator(response["content"]["application/json"]["schema"])


def callback_validator() -> Any:
    post = SPEC["paths"][RESEMBLE]["put"]["callbacks"]["clip_synthesized"]["{$request.body#/callback_uri}"]["post"]
    return _validator(post["requestBody"]["content"]["application/json"]["schema"])


def assert_conforms(response: httpx.Response, path: str, method: str) -> Any:
    assert response.headers["content-type"].split(";")[0].strip() == "application/json"
    body = response.json()
    response_validator(path, method, response.status_code).validate(body)
    return body


@contextlib.contextmanager
def serve(app: ASGIApp) -> Iterator[str]:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on", ws="none")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError("uvicorn did not start within 10 s")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def receiver() -> Iterator[tuple[str, queue.Queue[dict[str, Any]]]]:
    """A loopback HTTP server that records every POSTed JSON body."""
    received: queue.Queue[dict[str, Any]] = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            received.put({"path": self.path, "content_type": self.headers.get("Content-Type"), "body": data})
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/hooks/clip", received
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def wait_callback(received: queue.Queue[dict[str, Any]]) -> dict[str, Any]:
    record = received.get(timeout=8)
    assert str(record["content_type"]).split(";")[0] == "application/json"
    payload: dict[str, Any] = json.loads(record["body"])
    callback_validator().validate(payload)
    return payload


def clip_body(callback_uri: str, **extra: Any) -> dict[str, Any]:
    return {"body": "Hello there", "voice_uuid": "any-voice", "is_public": False, "is_archived": True} | {
        "callback_uri": callback_uri,
        **extra,
    }


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve(create_app(config=FAST)) as url:
        yield url


def test_palabra_regeneration_serves_real_audio(base_url: str) -> None:
    with httpx.Client(base_url=base_url, trust_env=False, timeout=10) as client:
        first = client.post(
            "/saas/voice/m/any%2Fvoice/tts-sample", json={"data": {"lang_code": "de"}}, headers=PALABRA_AUTH
        )
        assert first.status_code == 200
        sample = assert_conforms(first, PALABRA, "post")["data"]
        audio = client.get(sample["url"])
        assert audio.status_code == 200
        assert audio.headers["content-type"] == sample["audio_metadata"]["mime_type"]
        with wave.open(io.BytesIO(audio.content)) as wav:
            assert abs(wav.getnframes() / wav.getframerate() - sample["audio_metadata"]["duration"]) < 0.002
        bearer = {"Authorization": "bearer mock-palabra-key"}
        second = client.post(
            "/saas/voice/m/any%2Fvoice/tts-sample", json={"data": {"lang_code": "auto"}}, headers=bearer
        )
        assert second.status_code == 200
        assert_conforms(second, PALABRA, "post")
        assert client.get(sample["url"]).status_code == 404  # regeneration discarded the old sample


def test_palabra_lock_refuses_concurrent_regeneration(base_url: str) -> None:
    async def race() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=base_url, trust_env=False, timeout=10) as client:
            body = {"data": {"lang_code": "en-us"}}
            first = asyncio.create_task(
                client.post("/saas/voice/m/voice_demo/tts-sample", json=body, headers=PALABRA_AUTH)
            )
            await asyncio.sleep(0.1)  # well inside the 0.3 s lock
            second = await client.post("/saas/voice/m/voice_demo/tts-sample", json=body, headers=PALABRA_AUTH)
            return [await first, second]

    first, second = asyncio.run(race())
    assert (first.status_code, second.status_code) == (200, 403)
    locked = assert_conforms(second, PALABRA, "post")
    assert [item["status"] for item in locked["errors"]] == [403]


@pytest.mark.parametrize(
    ("method", "path", "headers", "content", "status"),
    [
        ("POST", "/saas/voice/m/v/tts-sample", {}, b'{"data":{"lang_code":"en"}}', 401),
        ("POST", "/saas/voice/m/v/tts-sample", {"Authorization": "Bearer nope"}, b'{"data":{"lang_code":"en"}}', 401),
        ("POST", "/saas/voice/m/v/tts-sample", PALABRA_AUTH, b'{"data":{"lang_code":"xx"}}', 422),
        ("POST", "/saas/voice/m/v/tts-sample", PALABRA_AUTH, b"[1]", 422),
        ("POST", "/saas/voice/m/v/tts-sample", PALABRA_AUTH, b"{", 400),
        ("POST", "/saas/voice/m/v/tts-sample", PALABRA_AUTH, b"", 400),
        ("PUT", RESEMBLE.format(project_uuid="p", clip_uuid="c"), {}, b"{}", 401),
        ("PUT", RESEMBLE.format(project_uuid="p", clip_uuid="c"), RESEMBLE_AUTH, b'{"body":"x"}', 400),
        ("PUT", RESEMBLE.format(project_uuid="p", clip_uuid="c"), RESEMBLE_AUTH, b"null", 400),
    ],
)
def test_errors_use_the_documented_envelopes(
    base_url: str, method: str, path: str, headers: dict[str, str], content: bytes, status: int
) -> None:
    sent = {"Content-Type": "application/json", **headers}
    response = httpx.request(method, base_url + path, headers=sent, content=content, trust_env=False)
    assert response.status_code == status
    body = assert_conforms(response, PALABRA if path.startswith("/saas") else RESEMBLE, method.lower())
    if path.startswith("/saas"):
        assert all(item["status"] == status for item in body["errors"])


def test_wrong_method_and_unknown_paths(base_url: str) -> None:
    with httpx.Client(base_url=base_url, trust_env=False) as client:
        wrong = client.get("/saas/voice/m/v/tts-sample")
        assert wrong.status_code == 405 and wrong.headers["allow"] == "POST"
        assert_conforms(wrong, PALABRA, "post")
        missing = client.post("/api/v2/projects/p/clips", json={})
        assert missing.status_code == 404
        assert_conforms(missing, RESEMBLE, "put")


def test_resemble_update_and_callbacks(base_url: str) -> None:
    with receiver() as (hook, received), httpx.Client(base_url=base_url, trust_env=False, timeout=10) as client:
        path = "/api/v2/projects/6d7e8f90/clips/3f2b9c1d"
        asked = clip_body(hook, title="Hi", output_format="mp3", sample_rate=44100, include_timestamps=True)
        updated = client.put(path, json=asked, headers={"Authorization": "Bearer mock-resemble-token"})
        assert updated.status_code == 200
        item = assert_conforms(updated, RESEMBLE, "put")["item"]
        assert (item["uuid"], item["title"], item["is_archived"]) == ("3f2b9c1d", "Hi", True)
        payload = wait_callback(received)
        assert (payload["id"], payload["project_id"]) == ("3f2b9c1d", "6d7e8f90")
        assert len(payload["audio_timestamps"]["graph_chars"]) == len(payload["audio_timestamps"]["graph_times"])
        mp3 = client.get(payload["url"])
        assert mp3.headers["content-type"] == "audio/mpeg"
        # An MPEG audio frame starts with 11 set sync bits (or an ID3 tag precedes it).
        assert mp3.content[:3] == b"ID3" or (mp3.content[0] == 0xFF and mp3.content[1] & 0xE0 == 0xE0)

        plain = clip_body(hook, output_format="wav", precision="PCM_32", sample_rate=16000.0)
        assert client.put("/api/v2/projects/new/clips/fresh", json=plain, headers=RESEMBLE_AUTH).status_code == 200
        payload = wait_callback(received)
        assert "audio_timestamps" not in payload and urlsplit(payload["url"]).scheme == "http"
        with wave.open(io.BytesIO(client.get(payload["url"]).content)) as wav:
            assert (wav.getframerate(), wav.getsampwidth()) == (16000, 4)

        far = client.put(path, json=clip_body("https://hooks.example.com/x"), headers=RESEMBLE_AUTH)
        assert far.status_code == 403  # no callbacks off this machine
        assert_conforms(far, RESEMBLE, "put")


def _variant_breaks(variant: str, base: str, client: httpx.Client) -> bool:
    """Whether the one broken promise of `variant` is observable."""
    body = {"data": {"lang_code": "fr"}}
    if variant == "palabra_error_item_without_code":
        response = client.post(base + "/saas/voice/m/v/tts-sample", json=body)
        return "error_code" not in response.json()["errors"][0]
    if variant == "palabra_lock_never_held":

        async def race() -> list[int]:
            async with httpx.AsyncClient(trust_env=False, timeout=10) as aclient:
                url = base + "/saas/voice/m/v/tts-sample"
                sent = [aclient.post(url, json=body, headers=PALABRA_AUTH) for _ in range(2)]
                return [r.status_code for r in await asyncio.gather(*sent)]

        return asyncio.run(race()) == [200, 200]
    if variant == "palabra_sample_duration_mismatch":
        data = client.post(base + "/saas/voice/m/v/tts-sample", json=body, headers=PALABRA_AUTH).json()["data"]
        with wave.open(io.BytesIO(client.get(data["url"]).content)) as wav:
            return bool(abs(wav.getnframes() / wav.getframerate() - data["audio_metadata"]["duration"]) > 0.1)
    with receiver() as (hook, received):
        rate = 48000 if variant == "resemble_accepts_any_sample_rate" else 22050
        response = client.put(
            base + RESEMBLE.format(project_uuid="p", clip_uuid="c"),
            json=clip_body(hook, sample_rate=rate),
            headers=RESEMBLE_AUTH,
        )
        if variant == "resemble_accepts_any_sample_rate":
            return response.status_code == 200
        return "audio_timestamps" in dict(json.loads(received.get(timeout=8)["body"]))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_variant_breaks_its_promise(variant: str) -> None:
    with serve(create_app(variant=variant, config=FAST)) as base, httpx.Client(trust_env=False, timeout=10) as client:
        assert _variant_breaks(variant, base, client)


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown variant"):
        create_app(variant="no_such_variant")
