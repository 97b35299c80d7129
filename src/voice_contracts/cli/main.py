"""Temporary dispatcher; replaced by the full command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "check":
        from voice_contracts.suite.__main__ import main as check

        return check(args[1:])
    if args and args[0] == "mock":
        from voice_contracts.mock.__main__ import main as mock

        return mock(args[1:])
    if args and args[0] == "lint":
        from voice_contracts.spec.lint import main as lint

        return lint(args[1:])
    print("usage: voice-contracts {check,mock,lint} ...", file=sys.stderr)
    return 2
