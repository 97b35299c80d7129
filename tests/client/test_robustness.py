"""Whatever a server sends, a call returns a model or raises a documented ``ClientError``."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.client.bodies import REGENERATE, UPDATE, example, from_schema, raw_client, schema_of
from tests.client.raw_server import http_reply, raw_server
from voice_api_client import AuthenticatedClient
from voice_api_client.api.palabra import regenerate_tts_sample
from voice_api_client.api.resemble import update_clip
from voice_api_client.errors import ClientError, MalformedResponse, TransportError
from voice_api_client.models import (
    PalabraErrorResponse,
    ResembleError,
    TTSSampleResponse,
    UpdateClipResponse,
)

MODELS = (TTSSampleResponse, PalabraErrorResponse, UpdateClipResponse, ResembleError)

HEADER_NAMES = st.sampled_from(
    ["content-type", "content-encoding", "location", "set-cookie", "retry-after", "transfer-encoding", "x-any"]
)
HEADER_VALUES = st.binary(max_size=40).map(lambda raw: raw.replace(b"\r", b"").replace(b"\n", b""))
HEADERS = st.lists(st.tuples(HEADER_NAMES.map(str.encode), HEADER_VALUES), max_size=4)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def _mutations() -> st.SearchStrategy[Any]:
    """Spec examples with one value replaced anywhere in the tree."""

    def mutate(body: Any, path_seed: int, value: Any) -> Any:
        node, key = body, None
        for _ in range(path_seed % 5 + 1):
            children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            if not children:
                break
            key, child = children[path_seed % len(children)]
            if not isinstance(child, dict | list):
                break
            node = child
        if key is not None and isinstance(node, dict | list) and (isinstance(node, dict) or isinstance(key, int)):
            with contextlib.suppress(IndexError, KeyError):
                node[key] = value
        return body

    sources = [example("regenerate_tts_sample", s) for s in ("200", "403", "default")]
    sources += [example("update_clip", s) for s in ("200", "default")]
    return st.builds(
        mutate, st.sampled_from(sources).map(lambda b: json.loads(json.dumps(b))), st.integers(0, 99), JSON_VALUES
    )


BODIES = st.one_of(
    st.binary(max_size=200),
    JSON_VALUES.map(lambda value: json.dumps(value).encode()),
    _mutations().map(lambda value: json.dumps(value).encode()),
    st.integers(1, 3000).map(lambda depth: b"[" * depth),
    st.sampled_from([b"NaN", b"1e400", b"9" * 5000, b'{"ok": Infinity}', "\ufeff{}".encode(), b"\xff\xfe"]),
)


def _handler(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, stream=httpx.ByteStream(body))

    return handler


def _call_sync(operation: str, handler: Any) -> Any:
    with raw_client(handler) as client:
        if operation == "palabra":
            return regenerate_tts_sample.sync_detailed("v", client=client, body=REGENERATE).parsed
        return update_clip.sync_detailed("p", "c", client=client, body=UPDATE).parsed


async def _call_async(operation: str, handler: Any) -> Any:
    async with raw_client(handler) as client:
        if operation == "palabra":
            return (await regenerate_tts_sample.asyncio_detailed("v", client=client, body=REGENERATE)).parsed
        return (await update_clip.asyncio_detailed("p", "c", client=client, body=UPDATE)).parsed


def _outcome(run: Any) -> object:
    try:
        parsed = run()
    except ClientError as error:
        return error
    assert isinstance(parsed, MODELS)
    return parsed


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    operation=st.sampled_from(["palabra", "resemble"]),
    status=st.integers(100, 999),
    headers=HEADERS,
    body=BODIES,
)
def test_anything_a_server_sends_yields_a_model_or_a_documented_error(
    operation: str, status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    handler = _handler(status, headers, body)
    sync_result = _outcome(lambda: _call_sync(operation, handler))
    async_result = _outcome(lambda: asyncio.run(_call_async(operation, handler)))
    assert type(sync_result) is type(async_result)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), which=st.sampled_from([("regenerate_tts_sample", 200), ("regenerate_tts_sample", 403),
                                              ("regenerate_tts_sample", 500), ("update_clip", 200),
                                              ("update_clip", 422)]))  # fmt: skip
def test_bodies_drawn_from_the_spec_schemas_always_parse(data: st.DataObject, which: tuple[str, int]) -> None:
    operation, status = which
    body = data.draw(from_schema(schema_of(operation, status)))
    handler = _handler(status, [(b"content-type", b"application/json")], json.dumps(body).encode())
    parsed = _call_sync("palabra" if operation == "regenerate_tts_sample" else "resemble", handler)
    assert isinstance(parsed, MODELS)


# --- the cases that first broke the client, over a real socket -----------------------------------

VALID = json.dumps(example("regenerate_tts_sample", "200")).encode()


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (http_reply(200, b"[" * 1000), MalformedResponse),
        (http_reply(200, b"not gzip", [(b"content-encoding", b"gzip")]), MalformedResponse),
        (http_reply(301, b"", [(b"location", b"http://a\tb/")]), TransportError),
        (b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nab", TransportError),  # body cut short
        (b"garbage\r\n\r\n", TransportError),
    ],
)
def test_socket_replies_that_broke_the_client_raise_documented_errors(reply: bytes, error: type[Exception]) -> None:
    async def call_async(url: str) -> None:
        async with AuthenticatedClient(base_url=url, token="t") as client:
            await regenerate_tts_sample.asyncio_detailed("v", client=client, body=REGENERATE)

    with raw_server([reply]) as server:
        client = AuthenticatedClient(base_url=server.url, token="t")
        with client, pytest.raises(error):
            regenerate_tts_sample.sync_detailed("v", client=client, body=REGENERATE)
        with pytest.raises(error):
            asyncio.run(call_async(server.url))


@pytest.mark.parametrize("cookie", ["session=caf\u00e9; Path=/", "session=abc; Path=/"])
def test_cookies_a_server_sets_are_never_stored_or_sent_back(cookie: str) -> None:
    replies = [http_reply(200, VALID, [(b"set-cookie", cookie.encode("latin-1"))]), http_reply(200, VALID)]
    with raw_server(replies) as server:
        client = AuthenticatedClient(base_url=server.url, token="t")
        with client:
            first = regenerate_tts_sample.sync("v", client=client, body=REGENERATE)
            second = regenerate_tts_sample.sync("v", client=client, body=REGENERATE)
    assert isinstance(first, TTSSampleResponse) and isinstance(second, TTSSampleResponse)
    assert len(server.requests) == 2
    assert b"cookie:" not in server.requests[1].lower()


@settings(max_examples=25, deadline=None)
@given(status=st.integers(200, 999), headers=HEADERS, body=BODIES)
def test_raw_bytes_over_a_real_socket_yield_a_model_or_a_documented_error(
    status: int, headers: list[tuple[bytes, bytes]], body: bytes
) -> None:
    with raw_server([http_reply(status, body, headers)]) as server:
        client = AuthenticatedClient(base_url=server.url, token="t", timeout=httpx.Timeout(2.0))
        with client:
            outcome = _outcome(lambda: regenerate_tts_sample.sync_detailed("v", client=client, body=REGENERATE).parsed)
    assert isinstance(outcome, ClientError | TTSSampleResponse | PalabraErrorResponse)
