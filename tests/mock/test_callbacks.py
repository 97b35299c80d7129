"""The callback sender: attempts, outcomes, caps, and the 503 when too many callbacks wait."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from tests.mock.loopback import RESEMBLE, RESEMBLE_HEADERS, serve_once, update_body
from tests.support import make_settings
from voice_contracts.mock import create_app
from voice_contracts.mock.allowlist import Target
from voice_contracts.mock.callbacks import CallbackSender
from voice_contracts.serving import RunningServer, free_port


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


def _send_one(port: int, build: Callable[[], bytes], *, attempts: int = 3) -> CallbackSender:
    async def go() -> CallbackSender:
        sender = CallbackSender(attempts=attempts, timeout=2, backoff=0.01)
        assert sender.schedule(f"http://127.0.0.1:{port}/cb", Target("http", "127.0.0.1", port), build, 0)
        await sender.aclose(grace=5)
        return sender

    return asyncio.run(go())


def test_a_redirect_is_final_and_not_followed() -> None:
    port, thread, _ = serve_once(b"HTTP/1.1 302 Found\r\nLocation: http://169.254.169.254/\r\n\r\n")
    sender = _send_one(port, lambda: b"{}")
    thread.join(5)
    assert (sender.stats.attempts, sender.stats.delivered, sender.stats.rejected) == (1, 0, 1)


def test_an_error_inside_the_mock_is_counted_and_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> bytes:
        raise KeyError("bug")

    port = free_port()
    sender = _send_one(port, broken)
    assert (sender.stats.failed, sender.stats.attempts, sender.pending) == (1, 0, 0)
    logged = [r.message for r in caplog.records if r.name == "voice_contracts.mock.callbacks"]
    assert logged == [f"callback to http://127.0.0.1:{port} failed inside the mock: KeyError"]


def test_connections_per_host_and_pending_callbacks_are_capped() -> None:
    async def go() -> tuple[int, int, bool]:
        held: list[asyncio.StreamWriter] = []

        async def hold(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            held.append(writer)

        server = await asyncio.start_server(hold, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        sender = CallbackSender(attempts=1, timeout=30, backoff=0, max_pending=10, per_host=3)
        target = Target("http", "127.0.0.1", port)
        accepted = [sender.schedule(f"http://127.0.0.1:{port}/cb", target, lambda: b"{}", 0) for _ in range(12)]
        for _ in range(100):
            await asyncio.sleep(0.01)
            if len(held) >= 3:
                break
        await asyncio.sleep(0.1)  # more connections would have arrived by now
        connections = len(held)
        await sender.aclose(grace=0.1)
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()
        return connections, sender.stats.dropped, accepted == [True] * 10 + [False] * 2

    connections, dropped, capped = asyncio.run(go())
    assert (connections, dropped, capped) == (3, 10, True)


def test_a_full_queue_answers_503_with_retry_after_and_port_0_is_refused() -> None:
    settings = make_settings(synth_seconds=30, callback_max_pending=2, shutdown_grace=0.1)
    app = create_app(settings)
    url = f"http://127.0.0.1:{free_port()}/cb"
    with RunningServer(app, max_seconds=60) as server, httpx.Client(base_url=server.url) as client:
        statuses = [client.put(RESEMBLE, content=update_body(url), headers=RESEMBLE_HEADERS) for _ in range(3)]
        port_0 = client.put(RESEMBLE, content=update_body("http://127.0.0.1:0/cb"), headers=RESEMBLE_HEADERS)
    assert [r.status_code for r in statuses] == [200, 200, 503]
    assert statuses[2].headers["retry-after"] == "35"
    assert statuses[2].json() == {
        "success": False,
        "message": "Too many callbacks are waiting for delivery; retry later.",
    }
    assert port_0.status_code == 403 and "port 0" in port_0.json()["message"]
    assert app.response_violations == []
    assert app.sender.stats.dropped == 2
