"""A stateful mock of the Palabra and Resemble operations in openapi.yaml.

It validates requests against the spec, keeps state in memory, holds the Palabra per-voice
lock, serves real audio and delivers Resemble callbacks. ``MOCK_FAULT`` makes it break one
promise on purpose, so the contract suite can prove it notices.
"""

from mock_server.app import MockApp, ResponseViolation, create_app
from mock_server.faults import FAULTS, Fault, UnknownFault
from mock_server.server import RunningServer, serve_in_thread
from mock_server.settings import MOCK_VARIABLES, RESOURCE_VARIABLES, MockSettings, Resources, SettingsError

__all__ = [
    "FAULTS",
    "MOCK_VARIABLES",
    "RESOURCE_VARIABLES",
    "Fault",
    "MockApp",
    "MockSettings",
    "Resources",
    "ResponseViolation",
    "RunningServer",
    "SettingsError",
    "UnknownFault",
    "create_app",
    "serve_in_thread",
]
