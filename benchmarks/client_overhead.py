"""What the generated client costs per call over raw httpx, against the same mock.

The generated client validates every response against openapi.yaml (strict mode) before it
builds a model, so the overhead measured here includes that validation.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from benchmarks.mock_vs_prism import CLIP_UPDATE, REGENERATION
from benchmarks.processes import mock_process
from voice_api_client.api.palabra import regenerate_tts_sample
from voice_api_client.api.resemble import update_clip
from voice_api_client.models import (
    RegenerateTTSSampleRequest,
    TTSSampleResponse,
    UpdateClipRequest,
    UpdateClipResponse,
)
from voice_contracts.client import palabra_client, resemble_client
from voice_contracts.serving import free_port
from voice_contracts.settings import Resources
from voice_contracts.spec import load_spec


class ClientBenchError(RuntimeError):
    """Raised when a call in the benchmark does not get the documented success response."""


@dataclass(frozen=True)
class OverheadRow:
    """Median microseconds per call for one operation and one mode (sync or async)."""

    operation: str
    mode: str
    raw_us: float
    generated_us: float
    # Median over rounds of (generated batch time / raw batch time), the two batches of a round
    # run back to back: drift on a shared machine hits both alike and cancels out.
    paired_ratio: float

    @property
    def overhead(self) -> float:
        """Extra time per call as a fraction of raw httpx' time (0.1 is 10 %)."""
        return self.paired_ratio - 1

    @classmethod
    def of(cls, operation: str, mode: str, raw: list[float], generated: list[float]) -> OverheadRow:
        """Summarize per-round batch times (microseconds per call) measured in pairs."""
        ratios = [g / r for r, g in zip(raw, generated, strict=True)]
        return cls(operation, mode, statistics.median(raw), statistics.median(generated), statistics.median(ratios))


@dataclass(frozen=True)
class _Calls:
    """The four ways to make one operation's call: raw or generated, sync or async."""

    operation: str
    headers: dict[str, str]
    generated_client: Callable[[str], Any]
    raw_sync: Callable[[httpx.Client], Any]
    generated_sync: Callable[[Any], Any]
    raw_async: Callable[[httpx.AsyncClient], Awaitable[Any]]
    generated_async: Callable[[Any], Awaitable[Any]]


def _expect(kind: type, value: Any) -> Any:
    if not isinstance(value, kind):
        raise ClientBenchError(f"expected {kind.__name__}, got {value!r:.300}")
    return value


def _raw_json(response: httpx.Response) -> Any:
    # What careful hand-written code does: check the status, then decode the body.
    if response.status_code != 200:
        raise ClientBenchError(f"expected 200, got {response.status_code}: {response.text[:300]}")
    return response.json()


def _operations(resources: Resources, callback_url: str) -> list[_Calls]:
    operations = load_spec().operations
    palabra_path = operations["regenerate_tts_sample"].url("", voice_id=resources.palabra_voice_id)
    palabra_body = REGENERATION
    palabra_model = RegenerateTTSSampleRequest.from_dict(REGENERATION)
    voice = resources.palabra_voice_id
    clip_path = operations["update_clip"].url(
        "", project_uuid=resources.resemble_project_uuid, clip_uuid=resources.resemble_clip_uuid
    )
    clip_body = {**CLIP_UPDATE, "voice_uuid": resources.resemble_voice_uuid, "callback_uri": callback_url}
    clip_model = UpdateClipRequest.from_dict(clip_body)
    project, clip = resources.resemble_project_uuid, resources.resemble_clip_uuid
    return [
        _Calls(
            "regenerate_tts_sample",
            {"ClientID": resources.palabra_client_id, "ClientSecret": resources.palabra_client_secret},
            lambda url: palabra_client(
                url, client_id=resources.palabra_client_id, client_secret=resources.palabra_client_secret
            ),
            lambda c: _raw_json(c.post(palabra_path, json=palabra_body)),
            lambda c: _expect(TTSSampleResponse, regenerate_tts_sample.sync(voice, client=c, body=palabra_model)),
            lambda c: _araw(c.post(palabra_path, json=palabra_body)),
            lambda c: _agenerated(
                TTSSampleResponse, regenerate_tts_sample.asyncio(voice, client=c, body=palabra_model)
            ),
        ),
        _Calls(
            "update_clip",
            {"Authorization": f"Bearer {resources.resemble_api_token}"},
            lambda url: resemble_client(url, token=resources.resemble_api_token),
            lambda c: _raw_json(c.put(clip_path, json=clip_body)),
            lambda c: _expect(UpdateClipResponse, update_clip.sync(project, clip, client=c, body=clip_model)),
            lambda c: _araw(c.put(clip_path, json=clip_body)),
            lambda c: _agenerated(UpdateClipResponse, update_clip.asyncio(project, clip, client=c, body=clip_model)),
        ),
    ]


async def _araw(request: Awaitable[httpx.Response]) -> Any:
    return _raw_json(await request)


async def _agenerated(kind: type, call: Awaitable[Any]) -> Any:
    return _expect(kind, await call)


def _per_call_us(call: Callable[[], Any], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - started) / calls * 1e6


async def _aper_call_us(call: Callable[[], Awaitable[Any]], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        await call()
    return (time.perf_counter() - started) / calls * 1e6


def _sync_batches(spec: _Calls, url: str, calls: int, rounds: int) -> tuple[list[float], list[float]]:
    raw_times: list[float] = []
    generated_times: list[float] = []
    with httpx.Client(base_url=url, headers=spec.headers) as raw, spec.generated_client(url) as generated:
        spec.raw_sync(raw)  # open both connections before anything counts
        spec.generated_sync(generated)
        for number in range(rounds):
            pair = [
                (raw_times, lambda: spec.raw_sync(raw)),
                (generated_times, lambda: spec.generated_sync(generated)),
            ]
            for sink, call in pair if number % 2 == 0 else pair[::-1]:
                sink.append(_per_call_us(call, calls))
    return raw_times, generated_times


def compare(*, calls: int, rounds: int, progress: Callable[[str], None] = print) -> list[OverheadRow]:
    """Alternate batches of ``calls`` raw and generated calls; medians over ``rounds`` batches each."""
    resources = Resources.from_env({}).with_mock_defaults()
    rows: list[OverheadRow] = []
    # Callbacks go to a closed port and are tried once: the mock's work stays per request.
    with mock_process(free_port(), MOCK_SYNTH_SECONDS="0", MOCK_CALLBACK_ATTEMPTS="1") as mock:
        callback_url = f"http://127.0.0.1:{free_port()}/callbacks/bench"
        for spec in _operations(resources, callback_url):
            raw_sync, generated_sync = _sync_batches(spec, mock.url, calls, rounds)
            raw_async, generated_async = asyncio.run(_async_batches(spec, mock.url, calls, rounds))
            for mode, raw, generated in (
                ("sync", raw_sync, generated_sync),
                ("async", raw_async, generated_async),
            ):
                row = OverheadRow.of(spec.operation, mode, raw, generated)
                rows.append(row)
                progress(
                    f"  {row.operation:21} {row.mode:5} raw {row.raw_us:7.0f} µs  "
                    f"generated {row.generated_us:7.0f} µs  overhead {row.overhead:+.1%}"
                )
    return rows


async def _async_batches(spec: _Calls, url: str, calls: int, rounds: int) -> tuple[list[float], list[float]]:
    raw_times: list[float] = []
    generated_times: list[float] = []
    async with httpx.AsyncClient(base_url=url, headers=spec.headers) as raw, spec.generated_client(url) as generated:
        await spec.raw_async(raw)
        await spec.generated_async(generated)
        for number in range(rounds):
            pair = [
                (raw_times, lambda: spec.raw_async(raw)),
                (generated_times, lambda: spec.generated_async(generated)),
            ]
            for sink, call in pair if number % 2 == 0 else pair[::-1]:
                sink.append(await _aper_call_us(call, calls))
    return raw_times, generated_times
