"""Small pieces of the suite: crash-proof checks, near misses, the request budget, progress output."""

from __future__ import annotations

import io

import pytest
import requests

from voice_contracts.suite.budget import RequestBudget, RequestCapReached, counting_requests, take_if_counting
from voice_contracts.suite.checks import verify_audio_metadata
from voice_contracts.suite.findings import ContractViolation
from voice_contracts.suite.probes import near_misses
from voice_contracts.suite.progress import ProgressPrinter


def test_an_audio_url_httpx_cannot_even_parse_is_a_finding_not_a_crash() -> None:
    url = "http://" + "a" * 64 + ".example/sample.wav"
    with pytest.raises(ContractViolation, match="no audio at url") as caught:
        verify_audio_metadata(url, {"format": "wav", "duration": 1.0})
    assert "a" * 64 in str(caught.value)


def test_near_misses_are_just_outside_the_enum_and_the_bounds() -> None:
    values = near_misses({"type": "string", "enum": ["en-us", "PCM_16", "yue"]})
    assert {"EN-US", "en_us", "enus", " en-us", "PCM-16", "PCM16", "Yue"} <= set(values)
    assert not {"en-us", "PCM_16", "yue"} & set(values)
    assert {15999, 44101, 16001, 32000} <= set(near_misses({"enum": [16000, 22050, 44100]}))
    assert near_misses({"type": "integer", "minimum": 1, "maximum": 9}) == [0, 10]
    assert near_misses({"type": "string", "maxLength": 3, "minLength": 2}) == ["xxxx", "x"]


def test_the_budget_refuses_requests_beyond_the_cap_per_vendor() -> None:
    budget = RequestBudget(2, lambda url: "palabra" if "/saas" in url else None)
    with counting_requests(budget):
        take_if_counting("http://h/saas/a")
        take_if_counting("http://h/saas/b")
        take_if_counting("http://h/elsewhere")  # not a vendor's request: never capped
        with pytest.raises(RequestCapReached) as caught:
            take_if_counting("http://h/saas/c")
        # schemathesis sends through requests: its requests are refused before they leave.
        with pytest.raises(RequestCapReached):
            requests.get("http://127.0.0.1:9/saas/x", timeout=1)
    assert isinstance(caught.value, requests.RequestException)
    assert budget.sent() == {"palabra": 2} and budget.refused() == 2
    take_if_counting("http://h/saas/d")  # outside the block nothing is counted
    assert budget.sent() == {"palabra": 2}


def test_progress_is_plain_lines_in_logs_and_one_live_line_on_a_terminal() -> None:
    plain = io.StringIO()
    printer = ProgressPrinter(plain, live=False)
    printer("one")
    printer("two")
    printer.done()
    assert [line.split("] ", 1)[1] for line in plain.getvalue().splitlines()] == ["one", "two"]
    live = io.StringIO()
    printer = ProgressPrinter(live, live=True)
    printer("one")
    printer("two")
    printer.done()
    assert live.getvalue().count("\r\033[K") == 2 and live.getvalue().endswith("two\n")


def test_requests_are_charged_to_the_vendor_whose_server_they_go_to() -> None:
    from voice_contracts.suite.runner import Options, _vendor_of

    shared = _vendor_of(Options(palabra_url="http://127.0.0.1:4123", resemble_url="http://127.0.0.1:4123"))
    assert shared("http://127.0.0.1:4123/saas/voice/m/v/tts-sample") == "palabra"
    assert shared("http://127.0.0.1:4123/api/v2/projects/p/clips/c") == "resemble"
    assert shared("http://127.0.0.1:41234/callbacks/x") is None  # the receiver, on a longer port number
    assert shared("http://127.0.0.1:4123/") == "palabra"
