"""The ``voice-contracts`` command."""

from voice_contracts.cli.main import main

__all__ = ["main"]
