"""``python -m voice_contracts.suite``: check servers against openapi.yaml.

Exit status: 0 every promise held, 1 at least one is broken, 2 a usage or settings error,
3 a server could not be reached, 4 the suite itself crashed (the reports say where).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from dataclasses import replace
from pathlib import Path

from voice_contracts.mock import SettingsError, UnknownFault
from voice_contracts.suite.findings import Report, render_text
from voice_contracts.suite.html_report import write_html
from voice_contracts.suite.junit import write_junit
from voice_contracts.suite.options import Options, OptionsError
from voice_contracts.suite.progress import ProgressPrinter
from voice_contracts.suite.runner import ServerUnreachable, run_contract

EXIT_PASSED, EXIT_BROKEN, EXIT_USAGE, EXIT_UNREACHABLE, EXIT_CRASHED = 0, 1, 2, 3, 4


def parse_options(argv: list[str] | None) -> Options:
    """The environment first, flags over it; raises ``OptionsError`` or exits 2 on bad usage."""
    parser = argparse.ArgumentParser(prog="python -m voice_contracts.suite", description=__doc__)
    parser.add_argument("--palabra-url", help="base URL of the Palabra server (default: $PALABRA_URL)")
    parser.add_argument("--resemble-url", help="base URL of the Resemble server (default: $RESEMBLE_URL)")
    parser.add_argument("--max-examples", type=int, help="generated cases per phase (default: 25)")
    parser.add_argument("--seed", type=int, help="hypothesis seed (default: 20261121)")
    parser.add_argument("--max-requests", type=int, help="hard cap on requests to each vendor's server")
    parser.add_argument("--profile", choices=["full", "smoke"], help="smoke: examples and flows only")
    parser.add_argument("--dry-run", action="store_true", help="print the plan and send nothing")
    parser.add_argument("--html", type=Path, help="HTML report path (default: reports/contract-report.html)")
    parser.add_argument("--junit", type=Path, help="JUnit XML path (default: reports/contract-junit.xml)")
    args = parser.parse_args(argv)
    options = Options.from_env()
    changes = {
        "palabra_url": args.palabra_url.rstrip("/") if args.palabra_url else None,
        "resemble_url": args.resemble_url.rstrip("/") if args.resemble_url else None,
        "max_examples": args.max_examples,
        "seed": args.seed,
        "max_requests": args.max_requests,
        "profile": args.profile,
        "dry_run": args.dry_run or None,
        "html_path": args.html,
        "junit_path": args.junit,
    }
    options = replace(options, **{key: value for key, value in changes.items() if value is not None})
    options.validate()
    return options


def _write_reports(options: Options, report: Report, error: str | None) -> None:
    if options.junit_path is not None:
        write_junit(report, options.junit_path, error=error)
        print(f"JUnit XML: {options.junit_path}")
    if options.html_path is not None:
        write_html(report, options.html_path, error=error)
        print(f"HTML report: {options.html_path}")


def main(argv: list[str] | None = None) -> int:
    """Run the suite, print and write the reports, and return the exit status."""
    try:
        options = parse_options(argv)
    except (OptionsError, SettingsError, UnknownFault) as exc:
        print(f"voice_contracts.suite: {exc}", file=sys.stderr)
        return EXIT_USAGE
    embedded = options.palabra_url is None and options.resemble_url is None
    print("Checking " + ("the embedded mock" if embedded else "the given servers") + " against openapi.yaml…")
    sys.stdout.flush()
    progress = ProgressPrinter()
    try:
        report = run_contract(options, say=progress)
    except (OptionsError, SettingsError, UnknownFault) as exc:
        progress.done()
        print(f"voice_contracts.suite: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ServerUnreachable as exc:
        progress.done()
        print(f"voice_contracts.suite: {exc}", file=sys.stderr)
        _write_reports(options, Report(seed=options.seed), f"server unreachable: {exc}")
        return EXIT_UNREACHABLE
    except Exception:
        # A crash of the suite itself still leaves reports that say so, and its own exit status.
        progress.done()
        crash = traceback.format_exc()
        print(crash, file=sys.stderr)
        _write_reports(options, Report(seed=options.seed), crash)
        return EXIT_CRASHED
    progress.done()
    if options.dry_run:
        print("Dry run: the plan is printed above; no request was sent and no report written.")
        return EXIT_PASSED
    print(render_text(report))
    _write_reports(options, report, None)
    return EXIT_PASSED if report.passed else EXIT_BROKEN


if __name__ == "__main__":
    sys.exit(main())
