"""The toolkit's one root exception, so each command can catch every failure of ours with one type."""

from __future__ import annotations


class VoiceContractsError(Exception):
    """Base of every exception this toolkit raises on purpose.

    Subclasses also inherit the builtin that fits them (``ValueError`` for bad input,
    ``RuntimeError`` for a failed start), so callers that catch builtins keep working.
    """
