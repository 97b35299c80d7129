"""The mock under abuse, in its own process: silent receivers, memory, huge headers, SIGTERM, logs.

Each test reproduces a measured defect on loopback with bounded loops; the mock runs as
``python -m voice_contracts.mock`` so that its open-files limit and its memory are its own.
"""

from __future__ import annotations

import collections
import http.client
import signal
import socket
import threading
import time

import orjson
import pytest

from tests.mock.loopback import (
    PALABRA,
    PALABRA_HEADERS,
    RESEMBLE,
    RESEMBLE_HEADERS,
    MockProcess,
    SilentReceiver,
    request,
    update_body,
)
from voice_contracts.mock.state import memory_ceiling_bytes
from voice_contracts.serving import free_port
from voice_contracts.settings import MockSettings
from voice_contracts.suite.receiver import start_receiver

pytestmark = pytest.mark.reliability

PALABRA_BODY = orjson.dumps({"data": {"lang_code": "en"}})
# The bound for the mock's other clients while a receiver hangs.
ANSWER_SECONDS = 1.0
# uvicorn re-raises SIGTERM once it has shut down gracefully, so the exit status says "killed by it".
EXITED_ON_SIGTERM = {0, -signal.SIGTERM}


def test_a_silent_receiver_does_not_stop_the_mock_answering_others() -> None:
    env = {
        "MOCK_SYNTH_SECONDS": "0",
        "MOCK_CALLBACK_TIMEOUT": "120",
        "MOCK_CALLBACK_ATTEMPTS": "1",
        "MOCK_SHUTDOWN_GRACE": "0.5",
    }
    with SilentReceiver() as silent, MockProcess(env, nofile=1024, log_level="warning") as mock:
        statuses: collections.Counter[int] = collections.Counter()
        connection = http.client.HTTPConnection("127.0.0.1", mock.port, timeout=30)
        for _ in range(2000):
            connection.request("PUT", RESEMBLE, body=update_body(silent.url), headers=RESEMBLE_HEADERS)
            response = connection.getresponse()
            body = orjson.loads(response.read())
            statuses[response.status] += 1
            if response.status == 503:
                assert response.getheader("retry-after", "").isdigit()
                assert body["success"] is False and "retry" in body["message"]
        connection.close()
        assert statuses == {200: MockSettings().callback_max_pending, 503: 2000 - MockSettings().callback_max_pending}

        # A thousand callbacks wait on a receiver that never answers; everyone else is still served.
        for _ in range(20):
            started = time.monotonic()
            status, _, _ = request(mock.port, "POST", PALABRA, PALABRA_BODY, PALABRA_HEADERS, timeout=10)
            assert status == 200
            assert time.monotonic() - started < ANSWER_SECONDS
        assert silent.accepted <= MockSettings().callback_per_host

        assert mock.terminate() in EXITED_ON_SIGTERM
        output = mock.output()
    where = f"http://127.0.0.1:{silent.port}"
    assert f"{MockSettings().callback_max_pending} callback(s) not delivered" in output
    assert f"{where} ({MockSettings().callback_max_pending})" in output
    assert "Task exception was never retrieved" not in output


def test_memory_stays_under_the_documented_ceiling_with_large_updates() -> None:
    stored = 16 * 1024 * 1024
    pending = 100
    env = {
        "MOCK_SYNTH_SECONDS": "0",
        "MOCK_MAX_STORED_BYTES": str(stored),
        "MOCK_CALLBACK_MAX_PENDING": str(pending),
    }
    ceiling = memory_ceiling_bytes(MockSettings.from_env(env))
    text = ("Memory is bounded by bytes, not by count. " * 1500)[:60000]
    with MockProcess(env, log_level="error") as mock:
        # Callbacks go back to the mock itself, to a path it answers with 404: cheap, and final.
        plain = update_body(f"{mock.url}/nowhere", text)
        stamped = update_body(f"{mock.url}/nowhere", text, include_timestamps=True)
        connection = http.client.HTTPConnection("127.0.0.1", mock.port, timeout=60)
        statuses: collections.Counter[int] = collections.Counter()
        peak = 0
        for n in range(25000):
            connection.request("PUT", RESEMBLE, body=stamped if n % 2500 == 0 else plain, headers=RESEMBLE_HEADERS)
            response = connection.getresponse()
            response.read()
            statuses[response.status] += 1
            if n % 1000 == 999:
                peak = max(peak, mock.rss_bytes())
        connection.close()
        peak = max(peak, mock.rss_bytes())
    assert statuses[200] > 20000 and set(statuses) <= {200, 503}
    assert peak < ceiling, f"RSS peaked at {peak / 2**20:.0f} MiB, ceiling {ceiling / 2**20:.0f} MiB"


def test_pending_callbacks_with_timestamps_stay_small() -> None:
    # Built eagerly, the timestamps of a 32 KB clip took about 12 MB per waiting callback.
    env = {"MOCK_SYNTH_SECONDS": "60", "MOCK_SHUTDOWN_GRACE": "0.5"}
    text = ("Timestamps are built when sent. " * 1100)[:32000]
    with MockProcess(env, log_level="warning") as mock:
        body = update_body(f"http://127.0.0.1:{free_port()}/cb", text, include_timestamps=True)
        connection = http.client.HTTPConnection("127.0.0.1", mock.port, timeout=30)
        connection.request("PUT", RESEMBLE, body=body, headers=RESEMBLE_HEADERS)
        connection.getresponse().read()
        before = mock.rss_bytes()
        for _ in range(200):
            connection.request("PUT", RESEMBLE, body=body, headers=RESEMBLE_HEADERS)
            response = connection.getresponse()
            response.read()
            assert response.status == 200
        growth = mock.rss_bytes() - before
        connection.close()
        assert mock.terminate() in EXITED_ON_SIGTERM
        output = mock.output()
    # 200 texts of 32 KB are 6.4 MB; eager timestamps would have been 2.4 GB.
    assert growth < 64 * (1 << 20), f"RSS grew {growth / 2**20:.0f} MiB for 200 waiting callbacks"
    assert "201 callback(s) not delivered" in output


def test_a_64_mb_header_does_not_stall_other_clients() -> None:
    with MockProcess({}, log_level="warning") as mock:
        sent = 0
        error: list[BaseException] = []

        def flood() -> None:
            nonlocal sent
            with socket.create_connection(("127.0.0.1", mock.port), timeout=30) as sock:
                try:
                    sock.sendall(b"GET " + PALABRA.encode() + b" HTTP/1.1\r\nHost: x\r\nX-Big: ")
                    chunk = b"a" * (1 << 20)
                    for _ in range(64):
                        sock.sendall(chunk)
                        sent += len(chunk)
                except OSError as exc:
                    error.append(exc)

        flooder = threading.Thread(target=flood)
        flooder.start()
        for _ in range(10):
            status, _, _ = request(mock.port, "POST", PALABRA, PALABRA_BODY, PALABRA_HEADERS, timeout=5)
            assert status == 200
        flooder.join(60)
        assert error, "the mock read a 64 MB header to the end"
        assert sent < 16 * (1 << 20)


def test_sigterm_delivers_pending_callbacks_then_exits() -> None:
    receiver, server = start_receiver(max_seconds=120)
    try:
        with MockProcess({"MOCK_SYNTH_SECONDS": "1"}, log_level="info") as mock:
            for n in range(20):
                body = update_body(f"{server.url}/callbacks/t{n}")
                assert request(mock.port, "PUT", RESEMBLE, body, RESEMBLE_HEADERS)[0] == 200
            assert receiver.total() == 0
            assert mock.terminate() in EXITED_ON_SIGTERM
            output = mock.output()
        assert receiver.total() == 20
        assert "no callback left undelivered" in output
    finally:
        server.stop()


def test_sigterm_names_the_callbacks_it_could_not_deliver() -> None:
    env = {"MOCK_SYNTH_SECONDS": "0.2", "MOCK_CALLBACK_TIMEOUT": "60", "MOCK_SHUTDOWN_GRACE": "0.5"}
    with SilentReceiver() as silent, MockProcess(env, log_level="info") as mock:
        for _ in range(3):
            assert request(mock.port, "PUT", RESEMBLE, update_body(silent.url), RESEMBLE_HEADERS)[0] == 200
        started = time.monotonic()
        assert mock.terminate() in EXITED_ON_SIGTERM
        assert time.monotonic() - started < 20
        output = mock.output()
    assert f"3 callback(s) not delivered within 0.5 s: http://127.0.0.1:{silent.port} (3)" in output


def test_logs_and_banner_hold_no_secrets_and_no_forged_lines() -> None:
    secrets = {
        "PALABRA_CLIENT_SECRET": "pcs-0123456789",
        "PALABRA_API_KEY": "pak-0123456789",
        "RESEMBLE_API_TOKEN": "rat-0123456789",
    }
    env = {**secrets, "MOCK_CALLBACK_ATTEMPTS": "1", "MOCK_SYNTH_SECONDS": "0"}
    closed = free_port()
    with MockProcess(env, log_level="info") as mock:
        headers = {**RESEMBLE_HEADERS, "Authorization": f"Bearer {secrets['RESEMBLE_API_TOKEN']}"}
        callback = f"http://someone:hunter2pw@127.0.0.1:{closed}/cb?X-Amz-Signature=deadbeefsig"
        assert request(mock.port, "PUT", RESEMBLE, update_body(callback), headers)[0] == 200
        for path in ("/x%0aGET%20/forged%20200%200.1ms", "/x%1b[31mred", "/x%C3%A9%0d%0aforged"):
            assert request(mock.port, "GET", path)[0] == 404
        deadline = time.monotonic() + 20
        while "abandoned" not in mock.output() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert mock.terminate() in EXITED_ON_SIGTERM
        output = mock.output()
    assert f"callback to http://127.0.0.1:{closed} abandoned" in output
    for secret in (*secrets.values(), "hunter2pw", "someone", "deadbeefsig", "X-Amz"):
        assert secret not in output
    assert "\x1b" not in output
    for line in output.splitlines():
        assert not line.startswith(("GET", "forged")), line
