"""Run the whole contract suite against given servers, or against the embedded mock."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import replace

import httpx

from voice_contracts.errors import VoiceContractsError
from voice_contracts.mock import create_app
from voice_contracts.serving import RunningServer
from voice_contracts.settings import MockSettings, Resources
from voice_contracts.spec import load_spec
from voice_contracts.suite.budget import RequestBudget, RequestCapReached, counting_requests, take_if_counting
from voice_contracts.suite.findings import Finding, OperationRun, Report
from voice_contracts.suite.flows import (
    CALLBACK_FLOW,
    CALLBACK_VARIANTS,
    FLOW_CHECKS,
    LOCK_FLOW,
    ResembleFlowTarget,
    callback_flow,
)
from voice_contracts.suite.fuzz import FULL_PHASES, SMOKE_PHASES, FuzzTarget, fuzz_operation
from voice_contracts.suite.lock_flow import PalabraFlowTarget, lock_flow
from voice_contracts.suite.options import (
    Options,
    OptionsError,
    cap_for,
    is_loopback,
    plan_lines,
    rate_for,
)
from voice_contracts.suite.probes import PROBE_CHECKS, ProbeTarget, run_probes, valid_body
from voice_contracts.suite.receiver import CallbackReceiver, start_receiver
from voice_contracts.suite.reproduce import Secret, redact

# Options and OptionsError live in options.py; they are re-exported here for older imports.
__all__ = [
    "Options",
    "OptionsError",
    "ServerUnreachable",
    "embedded_resources",
    "is_loopback",
    "palabra_fuzz_target",
    "plan_lines",
    "resemble_fuzz_target",
    "run_contract",
    "secrets_of",
]

EMBEDDED_SYNTH_SECONDS = 0.05
EMBEDDED_GRACE_SECONDS = 1.0
PALABRA = "regenerate_tts_sample"
RESEMBLE = "update_clip"


class ServerUnreachable(VoiceContractsError, ConnectionError):
    """Raised before any check runs when a server under test cannot be reached at all."""


Say = Callable[[str], None]


def secrets_of(resources: Resources) -> tuple[Secret, ...]:
    """The credentials a report must never show, with the variables that hold them."""
    return tuple(Secret(name, value) for name, value in resources.secrets().items())


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


def palabra_fuzz_target(url: str, resources: Resources) -> FuzzTarget:
    """The fuzzed Palabra operation: the seed voice, with the configured credentials."""
    return FuzzTarget(
        PALABRA, url, resources.palabra_headers(), {"voice_id": resources.palabra_voice_id}, {}, secrets_of(resources)
    )


def resemble_fuzz_target(url: str, resources: Resources, callback_base: str) -> FuzzTarget:
    """The fuzzed Resemble operation: the seed clip, a real voice and a callback URL we receive."""
    return FuzzTarget(
        RESEMBLE,
        url,
        resources.resemble_headers(),
        {"project_uuid": resources.resemble_project_uuid, "clip_uuid": resources.resemble_clip_uuid},
        {"voice_uuid": resources.resemble_voice_uuid, "callback_uri": f"{callback_base}/callbacks/fuzz"},
        secrets_of(resources),
    )


def _vendor_of(options: Options) -> Callable[[str], str | None]:
    spec = load_spec()
    prefixes = {
        vendor: "/" + spec.operations[operation_id].path.strip("/").split("/")[0]
        for vendor, operation_id in (("palabra", PALABRA), ("resemble", RESEMBLE))
    }
    bases = {"palabra": options.palabra_url, "resemble": options.resemble_url}

    def classify(url: str) -> str | None:
        # Same scheme, host and port as a vendor's base URL (a longer port number is another server).
        on = {
            vendor: url[len(base) :]
            for vendor, base in bases.items()
            if base and url.startswith(base) and url[len(base) :][:1] in {"", "/", "?"}
        }
        for vendor, rest in on.items():
            if rest.startswith(prefixes[vendor]):
                return vendor
        # Anything else on a vendor's host (its root, an unknown path) counts for that vendor too.
        return next(iter(on), None)

    return classify


def _reach(name: str, url: str) -> None:
    try:
        take_if_counting(url)
        httpx.get(url, timeout=10)
    except RequestCapReached:
        raise
    except httpx.TransportError as exc:
        raise ServerUnreachable(f"{name} at {url} cannot be reached: {type(exc).__name__}: {exc}") from exc


def run_contract(options: Options, *, mock_settings: MockSettings | None = None, say: Say | None = None) -> Report:
    """Run the suite. With neither URL set, an embedded mock (``mock_settings``) is started.

    ``say`` receives progress lines. Raises ``ServerUnreachable`` if a server cannot be reached.
    """
    options.validate()
    # Credentials are checked before anything is sent (a dry run too): a server that is set
    # gets exactly what was given. The embedded mock's run fills in its own below.
    if options.palabra_url:
        options.resources.palabra_headers()
    if options.resemble_url:
        options.resources.resemble_headers()
    say = say or (lambda line: None)
    started = time.monotonic()
    say(f"seed: {options.seed}")
    if options.dry_run:
        for line in plan_lines(options):
            say(f"plan: {line}")
        report = Report(seed=options.seed, notes=["dry run: the plan above was printed and no request was sent"])
        return report
    mock: RunningServer | None = None
    if options.palabra_url is None and options.resemble_url is None:
        options = replace(options, resources=embedded_resources(options.resources))
        settings = mock_settings or MockSettings.from_env(
            synth_seconds=None if os.environ.get("MOCK_SYNTH_SECONDS") else EMBEDDED_SYNTH_SECONDS
        )
        # The mock accepts what the run sends; its stop waits a short grace, since no one else
        # is waiting for the callbacks still pending when the run ends.
        settings = settings.model_copy(
            update={"resources": options.resources.with_mock_defaults(), "shutdown_grace": EMBEDDED_GRACE_SECONDS}
        )
        mock = RunningServer(create_app(settings), max_seconds=1800).start()
        options = replace(options, palabra_url=mock.url, resemble_url=mock.url)
    remote = [url for url in (options.palabra_url, options.resemble_url) if url and not is_loopback(url)]
    if remote or options.max_requests is not None:
        for line in plan_lines(options):
            say(f"plan: {line}")
    budget = RequestBudget(cap_for(options), _vendor_of(options))
    receiver, receiver_server = start_receiver(max_seconds=1800, port=options.callback_port)
    where = f" (CONTRACT_CALLBACK_URL {options.callback_url} must forward to it)" if options.callback_url else ""
    say(f"callback receiver: {receiver_server.url}/callbacks/…{where}")
    try:
        with counting_requests(budget):
            report = _run(options, receiver_server.url, receiver, budget, say)
    finally:
        receiver_server.stop()
        if mock is not None:
            mock.stop()
    secrets = secrets_of(options.resources)
    report.findings = [
        replace(
            f, title=redact(f.title, secrets), detail=redact(f.detail, secrets), reproduce=redact(f.reproduce, secrets)
        )
        for f in report.findings
    ]
    report.requests = budget.sent()
    if budget.refused():
        report.notes.append(f"the request cap of {budget.cap} cut the run short; the cases not sent were not checked")
    report.seed = options.seed
    report.elapsed = time.monotonic() - started
    return report


def _guard_flow(name: str, operation: str, url: str, flow: Callable[[], list[Finding]], report: Report) -> None:
    """Run one flow; the cap skips it with a note, any crash becomes a finding naming the URL."""
    try:
        findings = flow()
    except RequestCapReached:
        report.notes.append(f"flow {name} skipped: the request cap is spent")
        return
    except Exception as exc:
        # A crash is reported as what it is, with the URL, instead of ending the run.
        findings = [
            Finding(
                operation,
                "flow_error",
                f"The {name} flow crashed",
                f"{type(exc).__name__}: {exc} (server {url})",
                cause=type(exc).__name__,
            )
        ]
    report.flows.append(name)
    report.add(findings)
    failed = {finding.check for finding in findings}
    for check in FLOW_CHECKS.get(name, ()):
        report.tally(name, check, passed=0 if check in failed else 1)


def _record(report: Report, operation: str, passes: Mapping[str, int], findings: list[Finding]) -> None:
    for check, count in passes.items():
        report.tally(operation, check, passed=count)
    report.add(findings)


def _run(options: Options, receiver_url: str, receiver: CallbackReceiver, budget: RequestBudget, say: Say) -> Report:
    report = Report(seed=options.seed)
    resources = options.resources
    secrets = secrets_of(resources)
    callback_base = options.callback_url or receiver_url
    phases = SMOKE_PHASES if options.profile == "smoke" else FULL_PHASES
    for vendor, url in (("Palabra", options.palabra_url), ("Resemble", options.resemble_url)):
        if url:
            _reach(vendor, url)
    if options.palabra_url:
        url = options.palabra_url
        target = palabra_fuzz_target(url, resources)
        say(f"{PALABRA}: lock flow ({options.lock_requests} concurrent regenerations)")
        flow = PalabraFlowTarget(url, target.headers, resources.palabra_voice_id, options.lock_requests, secrets)
        _guard_flow(LOCK_FLOW, PALABRA, url, lambda: lock_flow(flow), report)
        _probe_and_fuzz(options, report, target, {}, phases, say)
    else:
        report.operations.append(OperationRun(PALABRA, None, skipped="PALABRA_URL is not set"))
    if options.resemble_url:
        url = options.resemble_url
        target = resemble_fuzz_target(url, resources, callback_base)
        say(
            f"{RESEMBLE}: callback flow ({len(CALLBACK_VARIANTS)} updates,"
            f" waiting up to {options.callback_timeout:.0f}s)"
        )
        callback_target = ResembleFlowTarget(
            url,
            target.headers,
            resources.resemble_project_uuid,
            resources.resemble_clip_uuid,
            resources.resemble_voice_uuid,
            callback_base,
            options.callback_timeout,
            secrets,
        )
        _guard_flow(CALLBACK_FLOW, RESEMBLE, url, lambda: callback_flow(callback_target, receiver), report)
        pinned = {**target.pinned_body, "callback_uri": f"{callback_base}/callbacks/probe"}
        _probe_and_fuzz(options, report, target, pinned, phases, say)
    else:
        report.operations.append(OperationRun(RESEMBLE, None, skipped="RESEMBLE_URL is not set"))
    return report


def _probe_and_fuzz(
    options: Options, report: Report, target: FuzzTarget, pinned: Mapping[str, str], phases: tuple[str, ...], say: Say
) -> None:
    operation = load_spec().operations[target.operation_id]
    cases = 0
    if options.profile == "full":
        probe_target = ProbeTarget(
            target.operation_id,
            target.base_url,
            target.headers,
            target.path_parameters,
            valid_body(operation, pinned),
            target.secrets,
        )
        probed = run_probes(probe_target, progress=say, timeout=options.request_timeout)
        _record(report, target.operation_id, probed.passes, probed.findings)
        for check in PROBE_CHECKS:
            report.tally(target.operation_id, check)
        cases += sum(probed.passes.values()) + len(probed.findings)
    say(f"{target.operation_id}: fuzzing with schemathesis ({', '.join(phases)})")
    outcome = fuzz_operation(
        target,
        max_examples=options.max_examples,
        seed=options.seed,
        rate_limit=rate_for(options, target.base_url),
        phases=phases,
        progress=say,
        request_timeout=options.request_timeout,
    )
    _record(report, target.operation_id, outcome.passes, outcome.findings)
    cases += outcome.cases
    report.operations.append(OperationRun(target.operation_id, target.base_url, cases))
    found = sum(1 for f in report.findings if f.operation == target.operation_id)
    say(f"{target.operation_id}: {cases} cases sent, {found} broken promise(s) so far")
