"""Helpers many tests share: the documented seed resources and quick mock settings.

They live here, not in conftest.py, so tests import them from a plain module (conftest is for
fixtures, which pytest injects).
"""

from __future__ import annotations

from voice_contracts.settings import MockSettings, Resources

# The documented defaults with the mock's made-up credentials, never the caller's environment.
RESOURCES = Resources.from_env({}).with_mock_defaults()


def make_settings(**overrides: object) -> MockSettings:
    """Settings with the documented defaults (never the caller's environment) and fast retries."""
    values: dict[str, object] = {
        "synth_seconds": 0.05,
        "callback_backoff": 0.01,
        "validate_responses": True,
        # Stopping a test's mock need not wait for callbacks nobody will receive.
        "shutdown_grace": 1.0,
    }
    values.update(overrides)
    return MockSettings.from_env({}, **values)
