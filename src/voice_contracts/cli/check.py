"""``voice-contracts check``: run the contract suite against the given servers or the embedded mock."""

from __future__ import annotations

import argparse
import socket
import sys
from urllib.parse import urlsplit

from voice_contracts.cli.exit_codes import ExitCode
from voice_contracts.cli.flags import add_setting_flags, secret_variables, setting_overrides
from voice_contracts.errors import VoiceContractsError
from voice_contracts.settings import ContractSettings, Resources
from voice_contracts.suite import Options, render_text, run_contract, write_junit

DESCRIPTION = """\
Check Palabra and Resemble servers against openapi.yaml and report every broken promise,
each with a curl line that reproduces it. With neither PALABRA_URL nor RESEMBLE_URL set, an
embedded mock is started on 127.0.0.1 and checked, so the command works offline.

Against a real server every generated regeneration and clip update changes data and may
cost money: see the README's section on real servers before pointing it at production.
Flags override the environment. Credentials are read from the environment only, so they
never appear in a process list: {secrets}.
Against a server you set, exactly the credentials you give are used (PALABRA_API_KEY
alone: Bearer; the PALABRA_CLIENT_ID/SECRET pair: those headers; RESEMBLE_AUTH_SCHEME
picks `Bearer` or `Token token=`)."""

PROBE_TIMEOUT = 10.0


class ServerUnreachable(VoiceContractsError, ConnectionError):
    """A server the run should check refused the connection, did not answer, or has no address."""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``check`` and its flags."""
    secrets = ", ".join(secret_variables(Resources))
    parser = subparsers.add_parser(
        "check",
        help="check servers against openapi.yaml (the embedded mock by default)",
        description=DESCRIPTION.format(secrets=secrets),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_setting_flags(parser, ContractSettings, title="what to check and how much")
    add_setting_flags(parser, Resources, title="the resources the run may change")
    parser.set_defaults(run=run)


def probe(url: str, timeout: float = PROBE_TIMEOUT) -> None:
    """Open (and close) one TCP connection to ``url``'s host and port, or raise ``ServerUnreachable``."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            pass
    except OSError as exc:
        raise ServerUnreachable(f"cannot reach {parts.scheme}://{parts.hostname}:{port}: {exc}") from None


def run(args: argparse.Namespace) -> ExitCode:
    """Read the settings (flags over environment), run the suite, print and write the reports."""
    settings = ContractSettings.from_env(**setting_overrides(args, ContractSettings))
    resources = Resources.from_env(**setting_overrides(args, Resources))
    options = Options.from_settings(settings, resources)
    # Credentials first, then reachability: both fail before a single request is sent.
    if settings.palabra_url:
        resources.palabra_headers()
    if settings.resemble_url:
        resources.resemble_headers()
    for url in (settings.palabra_url, settings.resemble_url):
        if url:
            probe(url)
    target = "the embedded mock" if settings.embedded else "the given servers"
    print(f"Checking {target} against openapi.yaml (seed {settings.seed})…", flush=True)
    report = run_contract(options)
    print(render_text(report))
    if options.junit_path is not None:
        write_junit(report, options.junit_path)
        print(f"JUnit XML: {options.junit_path}")
    sys.stdout.flush()
    return ExitCode.OK if report.passed else ExitCode.BROKEN
