"""``voice-contracts check``: run the contract suite against the given servers or the embedded mock."""

from __future__ import annotations

import argparse
import sys
import traceback

from voice_contracts.cli.exit_codes import ExitCode
from voice_contracts.cli.flags import add_setting_flags, secret_variables, setting_overrides
from voice_contracts.errors import VoiceContractsError
from voice_contracts.settings import ContractSettings, Resources
from voice_contracts.suite import (
    Options,
    Report,
    ServerUnreachable,
    render_text,
    run_contract,
    write_html,
    write_junit,
)
from voice_contracts.suite.progress import ProgressPrinter

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


def _write_reports(options: Options, report: Report, error: str | None) -> None:
    """JUnit and HTML, on every run that got this far: a crashed or unreachable one included."""
    if options.junit_path is not None:
        write_junit(report, options.junit_path, error=error)
        print(f"JUnit XML: {options.junit_path}")
    if options.html_path is not None:
        write_html(report, options.html_path, error=error)
        print(f"HTML report: {options.html_path}")


def run(args: argparse.Namespace) -> ExitCode:
    """Read the settings (flags over environment), run the suite, print and write the reports."""
    settings = ContractSettings.from_env(**setting_overrides(args, ContractSettings))
    resources = Resources.from_env(**setting_overrides(args, Resources))
    options = Options.from_settings(settings, resources)
    target = "the embedded mock" if settings.embedded else "the given servers"
    print(f"Checking {target} against openapi.yaml…", flush=True)
    progress = ProgressPrinter()
    try:
        report = run_contract(options, say=progress)
    except ServerUnreachable as exc:
        progress.done()
        _write_reports(options, Report(seed=options.seed), f"server unreachable: {exc}")
        raise
    except VoiceContractsError:
        progress.done()
        raise
    except Exception:
        # A crash of the suite itself still leaves reports that say so; main prints the traceback.
        progress.done()
        _write_reports(options, Report(seed=options.seed), traceback.format_exc())
        raise
    progress.done()
    if options.dry_run:
        print("Dry run: the plan is printed above; no request was sent and no report written.")
        return ExitCode.OK
    print(render_text(report))
    _write_reports(options, report, None)
    sys.stdout.flush()
    return ExitCode.OK if report.passed else ExitCode.BROKEN
