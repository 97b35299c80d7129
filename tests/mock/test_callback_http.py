"""One callback on the wire: the status comes back, and failures are errors, not hangs."""

from __future__ import annotations

import asyncio

import pytest

from tests.mock.loopback import serve_once
from voice_contracts.mock.callback_http import DeliveryError, post_json
from voice_contracts.serving import free_port
from voice_contracts.suite.receiver import CallbackReceiver


def test_post_json_delivers_the_payload_and_returns_the_status(receiver: tuple[CallbackReceiver, str]) -> None:
    recorder, url = receiver
    status = asyncio.run(post_json(f"{url}/callbacks/t1?x=1", {"id": "c1", "issues": []}, timeout=5))
    assert status == 200
    (delivery,) = recorder.wait("t1", timeout=5)
    assert delivery.payload == {"id": "c1", "issues": []}


def test_post_json_to_a_closed_port_raises_oserror() -> None:
    with pytest.raises(OSError):
        asyncio.run(post_json(f"http://127.0.0.1:{free_port()}/cb", {}, timeout=5))


def test_post_json_rejects_an_answer_that_is_not_http() -> None:
    port, thread, _ = serve_once(b"SSH-2.0-OpenSSH\r\n")
    with pytest.raises(DeliveryError, match="not an HTTP response"):
        asyncio.run(post_json(f"http://127.0.0.1:{port}/cb", {}, timeout=5))
    thread.join(5)


def test_post_json_times_out_on_a_silent_server() -> None:
    port, thread, _ = serve_once(b"")
    with pytest.raises((TimeoutError, DeliveryError)):
        asyncio.run(post_json(f"http://127.0.0.1:{port}/cb", {}, timeout=0.3))
    thread.join(5)


def test_an_interim_100_continue_is_skipped_for_the_final_status() -> None:
    port, thread, _ = serve_once(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")
    assert asyncio.run(post_json(f"http://127.0.0.1:{port}/cb", {}, timeout=5)) == 204
    thread.join(5)


def test_a_100_continue_alone_is_not_a_delivery() -> None:
    port, thread, _ = serve_once(b"HTTP/1.1 100 Continue\r\n\r\n")
    with pytest.raises((TimeoutError, DeliveryError)):
        asyncio.run(post_json(f"http://127.0.0.1:{port}/cb", {}, timeout=0.5))
    thread.join(5)


def test_the_request_names_the_path_query_and_authority_as_the_url_does() -> None:
    port, thread, received = serve_once(b"HTTP/1.1 204 No Content\r\n\r\n")
    url = f"http://127.0.0.1:{port}/hooks/a b/\u00e9?sig=x%2Fy&n=1"
    assert asyncio.run(post_json(url, {"id": "c1"}, timeout=5)) == 204
    thread.join(5)
    head, _, body = b"".join(received).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "POST /hooks/a%20b/%C3%A9?sig=x%2Fy&n=1 HTTP/1.1"
    assert f"Host: 127.0.0.1:{port}" in lines and f"Content-Length: {len(body)}" in lines
    assert body == b'{"id":"c1"}'
