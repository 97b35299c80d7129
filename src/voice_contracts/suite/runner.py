"""Run the whole contract suite against given servers, or against the embedded mock."""

from __future__ import annotations

import ipaddress
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from voice_contracts.mock import create_app
from voice_contracts.serving import RunningServer
from voice_contracts.settings import ContractSettings, MockSettings, Resources
from voice_contracts.suite.findings import OperationRun, Report, redact
from voice_contracts.suite.flows import PalabraFlowTarget, ResembleFlowTarget, callback_flow, lock_flow
from voice_contracts.suite.fuzz import FuzzTarget, run_fuzz
from voice_contracts.suite.receiver import CallbackReceiver, start_receiver

# Resemble documents 10 requests per second; the same default protects any remote server.
REMOTE_RATE_LIMIT = "10/s"
EMBEDDED_SYNTH_SECONDS = 0.05


@dataclass
class Options:
    """Everything a contract run needs; ``from_settings`` builds it from the documented settings."""

    palabra_url: str | None = None
    resemble_url: str | None = None
    resources: Resources = field(default_factory=lambda: Resources().with_mock_defaults())
    max_examples: int = 25
    seed: int = 20261121
    rate_limit: str | None = None
    callback_url: str | None = None
    callback_timeout: float = 15.0
    lock_requests: int = 6
    junit_path: Path | None = Path("reports/contract-junit.xml")

    @classmethod
    def from_settings(cls, settings: ContractSettings, resources: Resources) -> Options:
        """The options for ``settings`` and exactly the credentials in ``resources``."""
        return cls(
            palabra_url=settings.palabra_url,
            resemble_url=settings.resemble_url,
            resources=resources,
            max_examples=settings.max_examples,
            seed=settings.seed,
            rate_limit=settings.rate_limit,
            callback_url=settings.callback_url,
            callback_timeout=settings.callback_timeout,
            lock_requests=settings.lock_requests,
            junit_path=settings.junit,
        )


def embedded_resources(resources: Resources) -> Resources:
    """The credentials for a run against the embedded mock.

    Whatever the user gave is kept, so the scheme they chose is the one exercised; only when
    no credential of a vendor is given does the run use the mock's made-up ones.
    """
    palabra_given = resources.palabra_client_id or resources.palabra_client_secret or resources.palabra_api_key
    filled = resources.with_mock_defaults()
    if palabra_given:
        filled = filled.model_copy(
            update={
                "palabra_client_id": resources.palabra_client_id,
                "palabra_client_secret": resources.palabra_client_secret,
                "palabra_api_key": resources.palabra_api_key,
            }
        )
    return filled


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine (where no rate limit is needed)."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run_contract(options: Options, *, mock_settings: MockSettings | None = None) -> Report:
    """Run the suite. With neither URL set, an embedded mock (``mock_settings``) is started."""
    started = time.monotonic()
    mock: RunningServer | None = None
    if options.palabra_url is None and options.resemble_url is None:
        options = replace(options, resources=embedded_resources(options.resources))
        settings = mock_settings or MockSettings.from_env(
            synth_seconds=None if os.environ.get("MOCK_SYNTH_SECONDS") else EMBEDDED_SYNTH_SECONDS
        )
        settings = settings.model_copy(update={"resources": options.resources.with_mock_defaults()})
        mock = RunningServer(create_app(settings), max_seconds=1800).start()
        options = replace(options, palabra_url=mock.url, resemble_url=mock.url)
    # Credentials are checked before any request: a server that is set gets exactly what was given.
    if options.palabra_url:
        options.resources.palabra_headers()
    if options.resemble_url:
        options.resources.resemble_headers()
    receiver, receiver_server = start_receiver(max_seconds=1800)
    try:
        report = _run(options, receiver_server.url, receiver)
    finally:
        receiver_server.stop()
        if mock is not None:
            mock.stop()
    secrets = options.resources.secrets()
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
        "regenerate_tts_sample", url, resources.palabra_headers(), {"voice_id": resources.palabra_voice_id}, {}
    )


def resemble_fuzz_target(url: str, resources: Resources, callback_base: str) -> FuzzTarget:
    """The fuzzed Resemble operation: the seed clip, a real voice and a callback URL we receive."""
    return FuzzTarget(
        "update_clip",
        url,
        resources.resemble_headers(),
        {"project_uuid": resources.resemble_project_uuid, "clip_uuid": resources.resemble_clip_uuid},
        {"voice_uuid": resources.resemble_voice_uuid, "callback_uri": f"{callback_base}/callbacks/fuzz"},
    )


def _run(options: Options, receiver_url: str, receiver: CallbackReceiver) -> Report:
    report = Report()
    resources = options.resources
    callback_base = options.callback_url or receiver_url
    if options.palabra_url:
        headers = resources.palabra_headers()
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
