"""``python -m voice_contracts.suite``: check servers against openapi.yaml; exit 0 only if all promises hold."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace

from voice_contracts.mock import SettingsError, UnknownFault
from voice_contracts.suite.findings import render_text, write_junit
from voice_contracts.suite.runner import Options, OptionsError, run_contract


def main(argv: list[str] | None = None) -> int:
    """Parse options (the environment first, flags over it), run the suite, print the report."""
    parser = argparse.ArgumentParser(prog="python -m voice_contracts.suite", description=__doc__)
    parser.add_argument("--palabra-url", help="base URL of the Palabra server (default: $PALABRA_URL)")
    parser.add_argument("--resemble-url", help="base URL of the Resemble server (default: $RESEMBLE_URL)")
    parser.add_argument("--max-examples", type=int, help="generated cases per phase (default: 25)")
    parser.add_argument("--seed", type=int, help="hypothesis seed (default: 20261121)")
    args = parser.parse_args(argv)
    try:
        options = Options.from_env()
        if args.palabra_url:
            options = replace(options, palabra_url=args.palabra_url.rstrip("/"))
        if args.resemble_url:
            options = replace(options, resemble_url=args.resemble_url.rstrip("/"))
        if args.max_examples:
            options = replace(options, max_examples=args.max_examples)
        if args.seed is not None:
            options = replace(options, seed=args.seed)
        embedded = options.palabra_url is None and options.resemble_url is None
        print("Checking " + ("the embedded mock" if embedded else "the given servers") + " against openapi.yaml…")
        sys.stdout.flush()
        report = run_contract(options)
    except (OptionsError, SettingsError, UnknownFault) as exc:
        print(f"voice_contracts.suite: {exc}", file=sys.stderr)
        return 2
    print(render_text(report))
    if options.junit_path is not None:
        write_junit(report, options.junit_path)
        print(f"JUnit XML: {options.junit_path}")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
