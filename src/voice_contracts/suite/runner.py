"""Run the whole contract suite against given servers, or against the embedded mock."""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from voice_contracts.mock import MockSettings, Resources, create_app
from voice_contracts.serving import RunningServer
from voice_contracts.suite.findings import OperationRun, Report, redact
from voice_contracts.suite.flows import PalabraFlowTarget, ResembleFlowTarget, callback_flow, lock_flow
from voice_contracts.suite.fuzz import FuzzTarget, run_fuzz
from voice_contracts.suite.receiver import CallbackReceiver, start_receiver

# Resemble documents 10 requests per second; the same default protects any remote server.
REMOTE_RATE_LIMIT = "10/s"
EMBEDDED_SYNTH_SECONDS = 0.05


class OptionsError(ValueError):
    """Raised when a CONTRACT_* variable or option cannot be used; the message names it."""


@dataclass
class Options:
    """Everything a contract run needs; ``from_env`` reads the documented variables."""

    palabra_url: str | None = None
    resemble_url: str | None = None
    resources: Resources = field(default_factory=Resources.from_env)
    max_examples: int = 25
    seed: int = 20261121
    rate_limit: str | None = None
    callback_url: str | None = None
    callback_timeout: float = 15.0
    lock_requests: int = 6
    junit_path: Path | None = Path("reports/contract-junit.xml")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Options:
        """Read PALABRA_URL, RESEMBLE_URL, the resources and the CONTRACT_* variables."""
        env = os.environ if env is None else env

        def number(name: str, default: float) -> float:
            raw = env.get(name) or str(default)
            try:
                value = float(raw)
            except ValueError:
                raise OptionsError(f"{name}={raw!r} is not a number") from None
            if value <= 0:
                raise OptionsError(f"{name}={raw!r} must be positive")
            return value

        return cls(
            palabra_url=(env.get("PALABRA_URL") or "").rstrip("/") or None,
            resemble_url=(env.get("RESEMBLE_URL") or "").rstrip("/") or None,
            resources=Resources.from_env(env),
            max_examples=int(number("CONTRACT_MAX_EXAMPLES", 25)),
            seed=int(number("CONTRACT_SEED", 20261121)),
            rate_limit=env.get("CONTRACT_RATE_LIMIT") or None,
            callback_url=(env.get("CONTRACT_CALLBACK_URL") or "").rstrip("/") or None,
            callback_timeout=number("CONTRACT_CALLBACK_TIMEOUT", 15.0),
            lock_requests=int(number("CONTRACT_LOCK_REQUESTS", 6)),
            junit_path=Path(env.get("CONTRACT_JUNIT") or "reports/contract-junit.xml"),
        )


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine (where no rate limit is needed)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _palabra_headers(resources: Resources) -> dict[str, str]:
    if resources.palabra_client_id and resources.palabra_client_secret:
        return {"ClientID": resources.palabra_client_id, "ClientSecret": resources.palabra_client_secret}
    return {"Authorization": f"Bearer {resources.palabra_api_key}"}


def _secrets(resources: Resources) -> dict[str, str]:
    return {
        "PALABRA_CLIENT_SECRET": resources.palabra_client_secret,
        "PALABRA_API_KEY": resources.palabra_api_key,
        "RESEMBLE_API_TOKEN": resources.resemble_api_token,
    }


def run_contract(options: Options, *, mock_settings: MockSettings | None = None) -> Report:
    """Run the suite. With neither URL set, an embedded mock (``mock_settings``) is started."""
    started = time.monotonic()
    mock: RunningServer | None = None
    if options.palabra_url is None and options.resemble_url is None:
        settings = mock_settings or MockSettings.from_env(
            synth_seconds=float(os.environ.get("MOCK_SYNTH_SECONDS") or EMBEDDED_SYNTH_SECONDS)
        )
        settings = replace(settings, resources=options.resources)
        mock = RunningServer(create_app(settings), max_seconds=1800).start()
        options = replace(options, palabra_url=mock.url, resemble_url=mock.url)
    receiver, receiver_server = start_receiver(max_seconds=1800)
    try:
        report = _run(options, receiver_server.url, receiver)
    finally:
        receiver_server.stop()
        if mock is not None:
            mock.stop()
    secrets = _secrets(options.resources)
    report.findings = [
        replace(f, detail=redact(f.detail, secrets), reproduce=redact(f.reproduce, secrets)) for f in report.findings
    ]
    report.elapsed = time.monotonic() - started
    return report


def _rate(options: Options, url: str) -> str | None:
    if options.rate_limit:
        return None if options.rate_limit == "off" else options.rate_limit
    return None if is_loopback(url) else REMOTE_RATE_LIMIT


def palabra_fuzz_target(url: str, resources: Resources) -> FuzzTarget:
    """The fuzzed Palabra operation: the seed voice, with the configured credentials."""
    return FuzzTarget(
        "regenerate_tts_sample", url, _palabra_headers(resources), {"voice_id": resources.palabra_voice_id}, {}
    )


def resemble_fuzz_target(url: str, resources: Resources, callback_base: str) -> FuzzTarget:
    """The fuzzed Resemble operation: the seed clip, a real voice and a callback URL we receive."""
    return FuzzTarget(
        "update_clip",
        url,
        {"Authorization": f"Bearer {resources.resemble_api_token}"},
        {"project_uuid": resources.resemble_project_uuid, "clip_uuid": resources.resemble_clip_uuid},
        {"voice_uuid": resources.resemble_voice_uuid, "callback_uri": f"{callback_base}/callbacks/fuzz"},
    )


def _run(options: Options, receiver_url: str, receiver: CallbackReceiver) -> Report:
    report = Report()
    resources = options.resources
    callback_base = options.callback_url or receiver_url
    if options.palabra_url:
        headers = _palabra_headers(resources)
        target = palabra_fuzz_target(options.palabra_url, resources)
        findings, cases = run_fuzz(
            target, max_examples=options.max_examples, seed=options.seed, rate_limit=_rate(options, options.palabra_url)
        )
        report.operations.append(OperationRun("regenerate_tts_sample", options.palabra_url, cases))
        report.add(findings)
        report.add(
            lock_flow(
                PalabraFlowTarget(options.palabra_url, headers, resources.palabra_voice_id, options.lock_requests)
            )
        )
        report.flows.append("regenerate_tts_sample lock")
    else:
        report.operations.append(OperationRun("regenerate_tts_sample", None, skipped="PALABRA_URL is not set"))
    if options.resemble_url:
        target = resemble_fuzz_target(options.resemble_url, resources, callback_base)
        headers = dict(target.headers)
        findings, cases = run_fuzz(
            target,
            max_examples=options.max_examples,
            seed=options.seed,
            rate_limit=_rate(options, options.resemble_url),
        )
        report.operations.append(OperationRun("update_clip", options.resemble_url, cases))
        report.add(findings)
        flow_target = ResembleFlowTarget(
            options.resemble_url,
            headers,
            resources.resemble_project_uuid,
            resources.resemble_clip_uuid,
            resources.resemble_voice_uuid,
            callback_base,
            options.callback_timeout,
        )
        report.add(callback_flow(flow_target, receiver))
        report.flows.append("update_clip callback")
    else:
        report.operations.append(OperationRun("update_clip", None, skipped="RESEMBLE_URL is not set"))
    return report
