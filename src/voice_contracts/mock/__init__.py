"""A stateful mock of the Palabra and Resemble operations in openapi.yaml.

It validates requests against the spec, keeps state in memory, holds the Palabra per-voice
lock, serves real audio and delivers Resemble callbacks. ``MOCK_FAULT`` makes it break one
promise on purpose, so the contract suite can prove it notices.
"""

from voice_contracts.mock.app import MockApp, ResponseViolation, create_app
from voice_contracts.mock.faults import FAULTS, Fault, FaultInfo, UnknownFault, parse_fault
from voice_contracts.serving import RunningServer, serve_in_thread
from voice_contracts.settings import MockSettings, Resources, SettingsError

__all__ = [
    "FAULTS",
    "Fault",
    "FaultInfo",
    "MockApp",
    "MockSettings",
    "Resources",
    "ResponseViolation",
    "RunningServer",
    "SettingsError",
    "UnknownFault",
    "create_app",
    "parse_fault",
    "serve_in_thread",
]
