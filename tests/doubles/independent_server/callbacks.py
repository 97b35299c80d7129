"""The clip_synthesized callback: audio, optional timestamps, and bounded delivery."""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from dataclasses import dataclass

import httpx

from . import audio
from .state import State

log = logging.getLogger(__name__)

# Rates LAME can encode; the out-of-enum variant falls back to 22.05 kHz for anything else.
_LAME_RATES = frozenset({8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000})


@dataclass(frozen=True)
class Job:
    project: str
    clip: str
    body: str
    callback_uri: str
    output_format: str
    sample_rate: int
    precision: str
    timestamps: bool
    base_url: str


def _duration(text: str) -> float:
    return round(min(10.0, 0.4 + 0.06 * len(text)), 3)


def timestamps(text: str, duration: float) -> dict[str, object]:
    """Evenly spread spans: one per character, and one phoneme per letter sharing its span."""
    step = duration / max(1, len(text))
    graph_times = [[round(i * step, 4), round((i + 1) * step, 4)] for i in range(len(text))]
    phon_chars: list[str] = []
    phon_times: list[list[float]] = []
    for char, span in zip(text, graph_times, strict=True):
        if char.isalpha():
            phon_chars.append(char.lower())
            phon_times.append(span)
    return {"graph_chars": list(text), "graph_times": graph_times, "phon_chars": phon_chars, "phon_times": phon_times}


def _render(job: Job) -> tuple[bytes, str]:
    rate = job.sample_rate if job.sample_rate in _LAME_RATES else 22050
    frames = audio.frames_for(_duration(job.body), rate)
    if job.output_format == "mp3":
        return audio.mp3(frames, rate), "audio/mpeg"
    return audio.wav(frames, rate, 4 if job.precision == "PCM_32" else 2), "audio/wav"


def payload(state: State, job: Job, url: str) -> dict[str, object]:
    body: dict[str, object] = {
        "id": job.clip,
        "project_id": job.project,
        "url": url,
        "issues": [] if job.body.strip() else ["The clip body is blank; a placeholder tone was synthesised."],
        # extra, informative properties: the payload object is open
        "output_format": job.output_format,
        "sample_rate": job.sample_rate,
    }
    if job.timestamps or state.variant == "resemble_timestamps_always_sent":
        body["audio_timestamps"] = timestamps(job.body, _duration(job.body))
    return body


async def run(state: State, job: Job) -> None:
    cfg = state.config
    await asyncio.sleep(cfg.callback_delay_seconds)
    data, mime = await asyncio.to_thread(_render, job)
    name = f"{secrets.token_hex(12)}.{job.output_format}"
    state.store.put(name, data, mime, ttl_seconds=cfg.clip_audio_ttl_seconds)
    url = f"{job.base_url}/api/files/clips/{name}?sig={state.sign(name)}"
    content = json.dumps(payload(state, job, url), ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": "independent-double-callbacks/1"}
    # trust_env=False: a proxy from the environment must not intercept a loopback callback.
    async with httpx.AsyncClient(timeout=cfg.callback_timeout_seconds, trust_env=False) as client:
        for attempt in range(max(1, cfg.callback_attempts)):
            try:
                response = await client.post(job.callback_uri, content=content, headers=headers)
            except httpx.HTTPError as exc:
                log.info("callback attempt %d to %s failed: %s", attempt + 1, job.callback_uri, exc)
            else:
                # 2xx: delivered. 4xx: the receiver refused it and will refuse a copy too. 5xx: retry.
                if response.status_code < 500:
                    return
            await asyncio.sleep(cfg.callback_backoff_seconds * 2**attempt)
    log.warning("callback to %s abandoned after %d attempts", job.callback_uri, cfg.callback_attempts)
