"""The command's exit codes, one meaning each, so CI can tell a broken contract from a broken setup."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What ``voice-contracts`` exits with; ``MEANINGS`` says when."""

    OK = 0
    BROKEN = 1
    USAGE = 2
    UNREACHABLE = 3
    INTERNAL = 4


MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "every promise held (check), the spec is clean (lint), or the mock stopped normally",
    ExitCode.BROKEN: "at least one promise is broken (check), or the spec breaks a house rule (lint)",
    ExitCode.USAGE: "a bad flag or setting, missing credentials or an unknown fault name; nothing was sent",
    ExitCode.UNREACHABLE: "a server to check could not be reached, or the mock could not listen on its port",
    ExitCode.INTERNAL: "a bug in this toolkit; the traceback is printed, please report it",
}

EPILOG = "exit codes:\n" + "\n".join(f"  {code.value}  {MEANINGS[code]}" for code in ExitCode)
