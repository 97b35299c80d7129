"""The ``voice-contracts`` command: one entry point, a subcommand per job, documented exit codes."""

from __future__ import annotations

import argparse
import sys
import traceback

from voice_contracts import __version__
from voice_contracts.cli import check, mock, reference
from voice_contracts.cli.exit_codes import EPILOG, ExitCode
from voice_contracts.errors import VoiceContractsError
from voice_contracts.mock import UnknownFault
from voice_contracts.settings import SettingsError
from voice_contracts.suite import OptionsError, ServerUnreachable

DESCRIPTION = """\
Contract tools for two text-to-speech operations: Palabra's TTS-sample regeneration and
Resemble's clip update. `check` tests a server against openapi.yaml, `mock` serves a
spec-faithful stateful mock, and `lint`, `faults` and `settings` print what the toolkit knows.
Run `voice-contracts <command> --help` for each command's flags."""


def build_parser() -> argparse.ArgumentParser:
    """The full parser, subcommands included (also used to test that every flag is documented)."""
    parser = argparse.ArgumentParser(
        prog="voice-contracts",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", metavar="<command>", required=True)
    check.add_parser(subparsers)
    mock.add_parser(subparsers)
    reference.add_parsers(subparsers)
    for sub in subparsers.choices.values():
        sub.epilog = EPILOG
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one subcommand and return its exit code (see ``ExitCode``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except (SettingsError, UnknownFault, OptionsError) as exc:
        print(f"voice-contracts: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except (ServerUnreachable, mock.PortUnavailable) as exc:
        print(f"voice-contracts: {exc}", file=sys.stderr)
        return ExitCode.UNREACHABLE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): nothing is wrong with the run, and nothing more to say.
        sys.stderr.close()
        return ExitCode.OK
    except VoiceContractsError as exc:
        traceback.print_exc()
        print(f"voice-contracts: internal error: {exc}", file=sys.stderr)
        return ExitCode.INTERNAL
    except Exception:
        traceback.print_exc()
        print("voice-contracts: internal error (a bug in this toolkit; please report it)", file=sys.stderr)
        return ExitCode.INTERNAL
    return int(code)
