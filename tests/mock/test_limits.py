"""HTTP limits on a real port: header size, header and body timeouts, connections, chunked bodies."""

from __future__ import annotations

import logging
import re
import resource
import select
import socket
import time
from collections.abc import Iterator

import orjson
import pytest

from tests.mock.loopback import PALABRA, PALABRA_HEADERS, RESEMBLE, RESEMBLE_HEADERS, read_until_closed, request
from tests.support import make_settings
from voice_contracts.mock import create_app
from voice_contracts.mock.limits import HttpLimits
from voice_contracts.serving import RunningServer

pytestmark = pytest.mark.reliability

# Short timeouts so that the tests wait a second, not half a minute.
TIMEOUT = 0.5


@pytest.fixture
def server() -> Iterator[RunningServer]:
    settings = make_settings(header_timeout=TIMEOUT, body_timeout=TIMEOUT, max_connections=20, max_header_bytes=4096)
    with RunningServer(create_app(settings), max_seconds=120) as running:
        yield running


def connect(server: RunningServer) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    return sock


def head_and_body(response: bytes) -> tuple[str, dict[str, object]]:
    head, _, body = response.partition(b"\r\n\r\n")
    return head.decode("latin-1"), orjson.loads(body)


def test_an_idle_connection_is_answered_408_and_closed(server: RunningServer) -> None:
    with connect(server) as sock:
        head, body = head_and_body(read_until_closed(sock))
    assert head.startswith("HTTP/1.1 408") and "connection: close" in head
    assert body["ok"] is False


def test_a_slow_header_is_cut_off(server: RunningServer) -> None:
    line = f"PUT {RESEMBLE} HTTP/1.1\r\nHost: x\r\nX-Slow: ".encode()
    with connect(server) as sock:
        sock.sendall(line)
        for _ in range(100):
            if select.select([sock], [], [], 0.05)[0]:
                break
            sock.sendall(b"a")
        head, body = head_and_body(read_until_closed(sock))
    assert head.startswith("HTTP/1.1 408")
    assert body["success"] is False and "headers" in str(body["message"])


def test_a_slow_body_is_cut_off_and_not_processed(server: RunningServer) -> None:
    headers = "".join(f"{k}: {v}\r\n" for k, v in RESEMBLE_HEADERS.items())
    start = f"PUT {RESEMBLE} HTTP/1.1\r\nHost: x\r\n{headers}Content-Length: 500\r\n\r\n".encode()
    with connect(server) as sock:
        sock.sendall(start + b'{"body": "half')
        head, body = head_and_body(read_until_closed(sock))
    assert head.startswith("HTTP/1.1 408")
    assert body["success"] is False and "body" in str(body["message"])


def test_an_oversized_header_gets_431_in_the_vendors_envelope(server: RunningServer) -> None:
    for path, key in ((PALABRA, "ok"), (RESEMBLE, "success")):
        with connect(server) as sock:
            sock.sendall(f"PUT {path} HTTP/1.1\r\nHost: x\r\nX-Big: {'a' * 8000}\r\n\r\n".encode())
            head, body = head_and_body(read_until_closed(sock))
        assert head.startswith("HTTP/1.1 431")
        assert body[key] is False


def test_an_oversized_chunked_body_gets_413_and_the_connection_ends(server: RunningServer) -> None:
    headers = "".join(f"{k}: {v}\r\n" for k, v in RESEMBLE_HEADERS.items())
    start = f"PUT {RESEMBLE} HTTP/1.1\r\nHost: x\r\n{headers}Transfer-Encoding: chunked\r\n\r\n".encode()
    chunk = b"4000\r\n" + b"a" * 0x4000 + b"\r\n"
    received = b""
    sent = 0
    with connect(server) as sock:
        sock.sendall(start)
        try:
            for _ in range(4096):  # up to 64 MB
                sock.sendall(chunk)
                sent += len(chunk)
                if select.select([sock], [], [], 0)[0]:
                    received = sock.recv(65536)
                    break
            received += read_until_closed(sock)
        except (BrokenPipeError, ConnectionResetError):
            pass
    # The 413 may be lost to the reset a close with unread data causes; the connection ends either way.
    assert received == b"" or (received.startswith(b"HTTP/1.1 413") and b"connection: close" in received)
    assert sent < 16 * (1 << 20)


def test_connections_beyond_the_cap_get_503() -> None:
    settings = make_settings(max_connections=20)
    with RunningServer(create_app(settings), max_seconds=120) as server:
        held = [connect(server) for _ in range(20)]
        try:
            status, headers, body = request(server.port, "GET", PALABRA, timeout=10)
        finally:
            for sock in held:
                sock.close()
    assert status == 503 and headers["retry-after"] == "1"
    assert orjson.loads(body)["ok"] is False


def test_the_connection_cap_stays_under_the_open_files_limit() -> None:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        pytest.skip("no open-files limit to stay under")
    assert HttpLimits(max_connections=10**6, outgoing_connections=10).effective_max_connections() == max(1, soft - 74)
    assert HttpLimits(max_connections=5).effective_max_connections() == min(5, max(1, soft - 64))


def test_a_request_that_is_not_http_gets_400_in_the_envelope(server: RunningServer) -> None:
    with connect(server) as sock:
        sock.sendall(b"PUT /api/v2/x HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n")
        head, body = head_and_body(read_until_closed(sock))
    assert head.startswith("HTTP/1.1 400")
    assert body["success"] is False


def test_requests_pipelined_past_the_header_limit_are_not_taken_for_one_large_header(server: RunningServer) -> None:
    # 200 small requests in one read are more bytes than max_header_bytes (4096); none is large.
    requests = b"".join(b"GET /n/%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(200))
    with connect(server) as sock:
        sock.sendall(requests + b"GET /last HTTP/1.1\r\nHost: x\r\n")
        received = b""
        for _ in range(1000):
            if received.count(b"HTTP/1.1 ") >= 200:
                break
            received += sock.recv(65536)
        sock.sendall(b"\r\n")  # the last head, completed in a second read
        while received.count(b"HTTP/1.1 ") < 201:
            received += sock.recv(65536)
    assert re.findall(rb"HTTP/1\.1 (\d+) ", received) == [b"404"] * 201


def test_a_large_header_behind_pipelined_requests_in_the_same_read_gets_431(server: RunningServer) -> None:
    # The large header repeats its own URL, so that no search for the URL can find where it starts.
    requests = b"".join(b"GET /n/%d HTTP/1.1\r\nHost: x\r\n\r\n" % i for i in range(200))
    large = b"GET /n/x HTTP/1.1\r\nX-Big: " + b"/n/x " * 1000
    with connect(server) as sock:
        sock.sendall(requests + large)
        received = read_until_closed(sock)
    assert re.findall(rb"HTTP/1\.1 (\d+) ", received) == [b"404"] * 200 + [b"431"]


@pytest.mark.parametrize(
    "request_line",
    [b"GET http://x:99999/ HTTP/1.1", b"CONNECT example.com:443 HTTP/1.1"],
    ids=["port out of range", "connect"],
)
def test_a_target_uvicorn_cannot_parse_gets_400_in_the_envelope(server: RunningServer, request_line: bytes) -> None:
    with connect(server) as sock:
        sock.sendall(request_line + b"\r\nHost: x\r\n\r\n")
        head, body = head_and_body(read_until_closed(sock))
    assert head.startswith("HTTP/1.1 400")
    assert body["ok"] is False


def test_a_connection_answered_before_its_chunked_body_still_closes_when_idle() -> None:
    # Chunked bodies go through ASGI, which answers 401 at once; the body that follows cancels
    # uvicorn's keep-alive timer, so the guard must set the idle limit itself.
    settings = make_settings(keep_alive=0.5, header_timeout=TIMEOUT, body_timeout=TIMEOUT)
    start = f"PUT {RESEMBLE} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{{}}".encode()
    with RunningServer(create_app(settings), max_seconds=60) as server, connect(server) as sock:
        sock.sendall(start)
        refused = sock.recv(65536)
        sock.sendall(b"\r\n0\r\n\r\n")
        sock.settimeout(5)
        rest = read_until_closed(sock)
    assert refused.startswith(b"HTTP/1.1 401") and rest == b""


def test_a_client_leaving_with_requests_pipelined_causes_no_error_in_the_server() -> None:
    handler = Collected()
    logger = logging.getLogger("uvicorn.error")
    body = b'{"data": {"lang_code": "en"}}'
    head = f"POST {PALABRA} HTTP/1.1\r\nHost: x\r\n" + "".join(f"{k}: {v}\r\n" for k, v in PALABRA_HEADERS.items())
    one = f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body
    # With synthesis time each request awaits, so the second and third wait behind the first.
    with RunningServer(create_app(make_settings(synth_seconds=0.3)), max_seconds=60) as server:
        logger.addHandler(handler)
        try:
            with connect(server) as sock:
                sock.sendall(one * 3)
                time.sleep(0.05)
            time.sleep(0.6)  # the first request's answer is due now, to a closed connection
        finally:
            logger.removeHandler(handler)
    assert [record.getMessage() for record in handler.records] == []


class Collected(logging.Handler):
    """Keeps the error records a logger emits."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_a_chunked_body_in_one_read_with_the_next_head_is_not_taken_for_a_large_header(server: RunningServer) -> None:
    # 1000 one-byte chunks take 6 bytes each on the wire: the count must include their framing.
    chunks = b"1\r\nx\r\n" * 1000 + b"0\r\n\r\n"
    first = b"POST /nowhere HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks
    with connect(server) as sock:
        sock.sendall(first + b"GET /nowhere HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.2)
        sock.sendall(b"Connection: close\r\n\r\n")
        received = read_until_closed(sock)
    assert re.findall(rb"HTTP/1\.1 (\d+) ", received) == [b"404", b"404"]


def test_an_upgrade_pipelined_after_an_answer_that_closes_is_dropped_quietly(server: RunningServer) -> None:
    handler = Collected()
    logger = logging.getLogger("asyncio")
    closing = b"GET /nowhere HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
    upgrade = b"GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
    upgrade += b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    logger.addHandler(handler)
    try:
        with connect(server) as sock:
            sock.sendall(closing + upgrade)
            received = read_until_closed(sock)
        time.sleep(0.1)
    finally:
        logger.removeHandler(handler)
    assert re.findall(rb"HTTP/1\.1 (\d+) ", received) == [b"404"]
    assert [record.getMessage() for record in handler.records] == []
