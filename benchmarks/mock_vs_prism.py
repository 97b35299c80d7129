"""Our mock against Stoplight Prism: the same spec, the same valid requests, the same wrk."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.load import LoadResult, Scenario, run_wrk
from benchmarks.processes import ServerProcess, mock_process, prism_server
from voice_contracts.serving import free_port
from voice_contracts.settings import Resources
from voice_contracts.spec import load_spec

CONNECTIONS = (1, 16)

# The valid request bodies every comparison sends; the update's voice and callback are filled in.
REGENERATION: dict[str, Any] = {"data": {"lang_code": "en-us"}}
CLIP_UPDATE: dict[str, Any] = {
    "title": "Welcome message",
    "body": "Welcome to the show.",
    "is_public": False,
    "is_archived": False,
    "output_format": "wav",
}


@dataclass(frozen=True)
class LoadSummary:
    """Medians over the rounds of one server under one scenario at one connection count."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    socket_errors: int

    @classmethod
    def of(cls, runs: Sequence[LoadResult]) -> LoadSummary:
        """Medians of rate and latencies; totals of requests and errors."""
        return cls(
            rps=statistics.median(run.rps for run in runs),
            p50_ms=statistics.median(run.p50_ms for run in runs),
            p99_ms=statistics.median(run.p99_ms for run in runs),
            requests=sum(run.requests for run in runs),
            non_2xx=sum(run.non_2xx for run in runs),
            socket_errors=sum(run.socket_errors for run in runs),
        )


@dataclass(frozen=True)
class LoadRow:
    """One line of the comparison: an operation at a connection count, both servers."""

    operation: str
    connections: int
    ours: LoadSummary
    prism: LoadSummary

    @property
    def ratio(self) -> float:
        """Our requests per second over Prism's."""
        return self.ours.rps / self.prism.rps if self.prism.rps else float("inf")


def scenarios(resources: Resources, voices: int, callback_port: int) -> list[Scenario]:
    """One valid request per operation. Palabra rotates over ``voices`` distinct voices.

    The callback URL names a loopback port where nothing listens: each server makes one
    connection attempt per update, and no receiver competes with them for the CPU.
    """
    operations = load_spec().operations
    palabra_paths = [
        operations["regenerate_tts_sample"].url("", voice_id=f"{resources.palabra_voice_id}-{n}")
        for n in range(1, max(voices, 1) + 1)
    ]
    palabra = Scenario(
        "regenerate_tts_sample",
        "POST",
        palabra_paths,
        {
            "Content-Type": "application/json",
            "ClientID": resources.palabra_client_id,
            "ClientSecret": resources.palabra_client_secret,
        },
        json.dumps(REGENERATION),
    )
    resemble = Scenario(
        "update_clip",
        "PUT",
        [
            operations["update_clip"].url(
                "", project_uuid=resources.resemble_project_uuid, clip_uuid=resources.resemble_clip_uuid
            )
        ],
        {"Content-Type": "application/json", "Authorization": f"Bearer {resources.resemble_api_token}"},
        json.dumps(
            {
                **CLIP_UPDATE,
                "voice_uuid": resources.resemble_voice_uuid,
                "callback_uri": f"http://127.0.0.1:{callback_port}/callbacks/bench",
            }
        ),
    )
    return [palabra, resemble]


def compare(
    *,
    seconds: float,
    rounds: int,
    warmup_seconds: float,
    voices: int = 64,
    progress: Callable[[str], None] = print,
) -> list[LoadRow]:
    """Run every scenario at each connection count on both servers, alternating their order."""
    resources = Resources.from_env({}).with_mock_defaults()
    mock = mock_process(
        free_port(),
        MOCK_SYNTH_SECONDS="0",
        MOCK_EXTRA_VOICES=str(voices),
        # One attempt per callback, as Prism makes: retrying a closed port would only add work.
        MOCK_CALLBACK_ATTEMPTS="1",
    )
    prism = prism_server(free_port())
    plan = scenarios(resources, voices, free_port())
    runs: dict[tuple[str, str, int], list[LoadResult]] = {}
    with mock, prism:
        servers: list[ServerProcess] = [mock, prism]
        if warmup_seconds > 0:
            for server in servers:
                for scenario in plan:
                    # Warm caches and Prism's JIT before anything counts.
                    run_wrk(server.url, scenario, connections=max(CONNECTIONS), seconds=warmup_seconds)
        for number in range(rounds):
            for scenario in plan:
                for connections in CONNECTIONS:
                    order = servers if (number + connections) % 2 == 0 else servers[::-1]
                    for server in order:
                        result = run_wrk(server.url, scenario, connections=connections, seconds=seconds)
                        runs.setdefault((server.name, scenario.name, connections), []).append(result)
                        progress(
                            f"  {server.name:5} {scenario.name:21} c={connections:<2} "
                            f"{result.rps:8.0f} req/s  p99 {result.p99_ms:6.2f} ms"
                        )
    return [
        LoadRow(
            scenario.name,
            connections,
            LoadSummary.of(runs[("mock", scenario.name, connections)]),
            LoadSummary.of(runs[("prism", scenario.name, connections)]),
        )
        for scenario in plan
        for connections in CONNECTIONS
    ]
