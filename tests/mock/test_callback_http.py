"""One callback on the wire: the status comes back, and failures are errors, not hangs."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import socket

import pytest

from tests.mock.loopback import serve_once
from voice_contracts.mock.callback_http import MAX_STATUS_LINE, DeliveryError, post_json
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


def test_a_status_line_cut_short_by_the_end_of_the_stream_still_counts() -> None:
    # The receiver closes right after its status line, with no line ending: it did take the callback.
    port, thread, _ = serve_once(b"HTTP/1.1 204 No Content")
    assert asyncio.run(post_json(f"http://127.0.0.1:{port}/cb", {}, timeout=5)) == 204
    thread.join(5)


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (b"HTTP/1.1 2\xb20 OK\r\n\r\n", "not an HTTP response"),  # a superscript two: a digit, not an ASCII one
        (b"HTTP/1.1 200 " + b"O" * MAX_STATUS_LINE + b"\r\n\r\n", "longer than"),
    ],
    ids=["non-ascii digit", "overlong complete line"],
)
def test_a_malformed_status_line_is_a_delivery_error(reply: bytes, error: str) -> None:
    port, thread, _ = serve_once(reply)
    with pytest.raises(DeliveryError, match=error):
        asyncio.run(post_json(f"http://127.0.0.1:{port}/cb", {}, timeout=5))
    thread.join(5)


def test_cancelling_a_delivery_while_it_connects_leaves_no_unretrieved_exception() -> None:
    # Under stock asyncio a cancellation inside create_connection closes the new transport, whose
    # protocol must settle without an exception nobody will retrieve.
    reported: list[str] = []

    async def cancel_at_each_step() -> None:
        asyncio.get_running_loop().set_exception_handler(lambda _, context: reported.append(context["message"]))
        with socket.create_server(("127.0.0.1", 0), backlog=512) as listener:
            url = f"http://127.0.0.1:{listener.getsockname()[1]}/cb"
            for steps in range(8):
                for _ in range(20):
                    task = asyncio.ensure_future(post_json(url, {}, timeout=5))
                    for _ in range(steps):
                        await asyncio.sleep(0)
                    task.cancel()
                    with contextlib.suppress(BaseException):
                        await task
                gc.collect()
                await asyncio.sleep(0.01)

    asyncio.run(cancel_at_each_step())
    gc.collect()
    assert reported == []
