"""Fixtures shared by every test: the spec, mock settings, a mock on a real port, a receiver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import make_settings
from voice_contracts.mock import MockApp, create_app
from voice_contracts.serving import RunningServer
from voice_contracts.settings import MockSettings
from voice_contracts.spec import Spec, load_spec
from voice_contracts.suite.receiver import CallbackReceiver, start_receiver


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec()


@pytest.fixture
def settings() -> MockSettings:
    return make_settings()


@pytest.fixture
def mock_app(settings: MockSettings) -> MockApp:
    return create_app(settings)


@pytest.fixture
def live_mock(mock_app: MockApp) -> Iterator[RunningServer]:
    """The mock on an unused loopback port; it fails the test if it sent an invalid response."""
    with RunningServer(mock_app, max_seconds=300) as server:
        yield server
    assert mock_app.response_violations == []


@pytest.fixture
def receiver() -> Iterator[tuple[CallbackReceiver, str]]:
    receiver, server = start_receiver(max_seconds=300)
    try:
        yield receiver, server.url
    finally:
        server.stop()
