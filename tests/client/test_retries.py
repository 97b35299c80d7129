"""Timeouts and retries against a local server that stalls, drops connections and rate-limits."""

from __future__ import annotations

import asyncio
import email.utils
import json

import httpx
import pytest

from tests.client.bodies import example
from tests.client.raw_server import DROP, STALL, http_reply, raw_server
from voice_api_client.errors import RateLimited, RequestTimeout, ResourceLocked, ServerError, TransportError
from voice_contracts.client import NO_RETRIES, AsyncRetryTransport, ClientOptions, PalabraClient, RetryPolicy
from voice_contracts.client.retries import RetryTransport, retry_after

VALID = json.dumps(example("regenerate_tts_sample", "200")).encode()
LOCKED = json.dumps(example("regenerate_tts_sample", "403")).encode()
TOO_MANY = json.dumps(
    {"errors": [{**example("regenerate_tts_sample", "403")["errors"][0], "status": 429, "title": "Too many requests"}]}
).encode()
FAST = httpx.Timeout(2.0, connect=2.0)


class Sleeps(list[float]):
    """Records the waits instead of sleeping them."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def palabra(url: str, policy: RetryPolicy, sleeps: Sleeps, timeout: httpx.Timeout = FAST) -> PalabraClient:
    client = PalabraClient(url, api_key="k", options=ClientOptions(timeout=timeout, retries=policy))
    # Retries wait through the transport's sleep: record the waits rather than spend them.
    transport = client.raw._transport
    assert isinstance(transport, RetryTransport)
    transport._sleep = sleeps
    return client


def test_a_stalled_server_raises_request_timeout_and_is_not_retried() -> None:
    sleeps = Sleeps()
    with raw_server([STALL]) as server:
        client = palabra(server.url, RetryPolicy(attempts=3), sleeps, httpx.Timeout(0.3, connect=2.0))
        with client, pytest.raises(RequestTimeout) as caught:
            client.regenerate_tts_sample("voice_demo", "de")
    assert isinstance(caught.value, TransportError) and isinstance(caught.value, TimeoutError)
    assert server.connections == 1 and sleeps == []


def test_dropped_connections_are_retried_with_growing_jittered_waits() -> None:
    sleeps = Sleeps()
    with raw_server([DROP, DROP, http_reply(200, VALID)]) as server:
        client = palabra(server.url, RetryPolicy(attempts=3, backoff=0.5), sleeps)
        with client:
            result = client.regenerate_tts_sample("voice_demo", "de")
    assert result.data.model == "tts-v1"
    assert server.connections == 3
    assert 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0


def test_connection_errors_exhaust_the_attempts_then_raise_transport_error() -> None:
    sleeps = Sleeps()
    with raw_server([DROP]) as server:
        client = palabra(server.url, RetryPolicy(attempts=4, backoff=0.01), sleeps)
        with client, pytest.raises(TransportError):
            client.regenerate_tts_sample("voice_demo", "de")
    assert server.connections == 4 and len(sleeps) == 3


def test_429_honours_retry_after_then_succeeds() -> None:
    limited = http_reply(429, TOO_MANY, [(b"retry-after", b"7"), (b"content-type", b"application/json")])
    sleeps = Sleeps()
    with raw_server([limited, http_reply(200, VALID)]) as server:
        client = palabra(server.url, RetryPolicy(attempts=3), sleeps)
        with client:
            client.regenerate_tts_sample("voice_demo", "de")
    assert sleeps == [7.0]


def test_a_retry_after_beyond_the_total_budget_returns_the_typed_error_at_once() -> None:
    limited = http_reply(429, TOO_MANY, [(b"retry-after", b"120")])
    sleeps = Sleeps()
    with raw_server([limited]) as server:
        client = palabra(server.url, RetryPolicy(attempts=5, total_seconds=60), sleeps)
        with client, pytest.raises(RateLimited) as caught:
            client.regenerate_tts_sample("voice_demo", "de")
    assert caught.value.retry_after == 120 and caught.value.status_code == 429
    assert server.connections == 1 and sleeps == []


def test_5xx_is_retried_up_to_the_attempts_and_then_raises_server_error() -> None:
    failing = http_reply(503, json.dumps({"errors": []}).encode())
    sleeps = Sleeps()
    with raw_server([failing]) as server:
        client = palabra(server.url, RetryPolicy(attempts=3, backoff=0.01), sleeps)
        with client, pytest.raises(ServerError):
            client.regenerate_tts_sample("voice_demo", "de")
    assert server.connections == 3


@pytest.mark.parametrize("policy", [RetryPolicy(attempts=5), NO_RETRIES])
def test_other_statuses_are_never_retried(policy: RetryPolicy) -> None:
    sleeps = Sleeps()
    with raw_server([http_reply(403, LOCKED)]) as server:
        client = palabra(server.url, policy, sleeps)
        with client, pytest.raises(ResourceLocked):
            client.regenerate_tts_sample("voice_demo", "de")
    assert server.connections == 1 and sleeps == []


def test_no_retries_switches_retries_off() -> None:
    with raw_server([DROP, http_reply(200, VALID)]) as server:
        client = palabra(server.url, NO_RETRIES, Sleeps())
        with client, pytest.raises(TransportError):
            client.regenerate_tts_sample("voice_demo", "de")
    assert server.connections == 1


def test_the_async_transport_retries_too() -> None:
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    async def run(url: str) -> str:
        client = PalabraClient(url, api_key="k", options=ClientOptions(timeout=FAST, retries=RetryPolicy(attempts=3)))
        transport = client.raw._async_transport
        assert isinstance(transport, AsyncRetryTransport)
        transport._sleep = record
        async with client:
            return (await client.regenerate_tts_sample_async("voice_demo", "de")).data.model

    limited = http_reply(429, TOO_MANY, [(b"retry-after-ms", b"1500")])
    with raw_server([DROP, limited, http_reply(200, VALID)]) as server:
        assert asyncio.run(run(server.url)) == "tts-v1"
    assert len(waits) == 2 and waits[1] == 1.5


def test_retry_after_reads_seconds_dates_and_milliseconds() -> None:
    now = 1_800_000_000.0
    assert retry_after({"Retry-After": "3"}) == 3
    assert retry_after({"retry-after": email.utils.formatdate(now + 30, usegmt=True)}, now=now) == 30
    assert retry_after({"retry-after": email.utils.formatdate(now - 30, usegmt=True)}, now=now) == 0
    assert retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert retry_after({"retry-after": "soon"}) is None
    assert retry_after({}) is None
