"""Delivering one callback: the status comes back, and failures are errors, not hangs."""

from __future__ import annotations

import asyncio
import socket
import threading

import pytest

from voice_contracts.mock.allowlist import Target
from voice_contracts.mock.callbacks import CallbackSender, DeliveryError, post_json
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


def _serve_once(reply: bytes) -> tuple[int, threading.Thread]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(10)

    def answer() -> None:
        with listener:
            connection, _ = listener.accept()
            with connection:
                connection.recv(65536)
                if reply:
                    connection.sendall(reply)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


def test_post_json_rejects_an_answer_that_is_not_http() -> None:
    port, thread = _serve_once(b"SSH-2.0-OpenSSH\r\n")
    with pytest.raises(DeliveryError, match="not an HTTP response"):
        asyncio.run(post_json(f"http://127.0.0.1:{port}/cb", {}, timeout=5))
    thread.join(5)


def test_post_json_times_out_on_a_silent_server() -> None:
    port, thread = _serve_once(b"")
    with pytest.raises((TimeoutError, DeliveryError)):
        asyncio.run(post_json(f"http://127.0.0.1:{port}/cb", {}, timeout=0.3))
    thread.join(5)


def test_sender_abandons_after_the_configured_attempts() -> None:
    port = free_port()

    async def go() -> CallbackSender:
        sender = CallbackSender(attempts=3, timeout=1, backoff=0.01)
        url = f"http://127.0.0.1:{port}/cb"
        sender.schedule(url, Target("http", "127.0.0.1", port), lambda: b'{"id": "x"}', 0)
        await sender.aclose(grace=5)
        return sender

    sender = asyncio.run(go())
    assert (sender.stats.attempts, sender.stats.delivered, sender.stats.abandoned) == (3, 0, 1)
