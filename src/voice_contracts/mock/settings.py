"""The mock's settings live in ``voice_contracts.settings``; this name stays for the mock's modules."""

from voice_contracts.settings import MockSettings, Resources, SettingsError

__all__ = ["MockSettings", "Resources", "SettingsError"]
