"""The callback allow-list: every documented entry form, refusals at start, and the SSRF forms."""

from __future__ import annotations

import pytest

from voice_contracts.mock import MockSettings, SettingsError
from voice_contracts.mock.allowlist import AllowList, AllowListError, Target, parse_entry

DEFAULT = AllowList(MockSettings().callback_allow)


@pytest.mark.parametrize(
    ("entry", "allowed", "refused"),
    [
        ("localhost:9000", "http://localhost:9000/cb", "http://localhost:9001/cb"),
        ("[::1]", "http://[::1]:8000/cb", "http://[::2]/cb"),
        ("[::1]:9000", "http://[::1]:9000/cb", "http://[::1]:9001/cb"),
        ("127.0.0.1:9000", "http://127.0.0.1:9000/", "http://127.0.0.1:80/"),
        ("https://hooks.example.com", "https://hooks.example.com:8443/x", "http://hooks.example.com/x"),
        ("http://localhost:9000/", "http://localhost:9000/cb?x=1", "http://localhost:9002/cb"),
        ("*.example.com", "https://a.b.example.com/cb", "https://example.com/cb"),
        ("*.ngrok.app:443", "https://abc.ngrok.app/cb", "http://abc.ngrok.app/cb"),
        ("10.0.0.0/8", "http://10.2.3.4/cb", "http://11.0.0.1/cb"),
        ("HOOKS.Internal", "http://hooks.internal/cb", "http://hooks.internal.evil/cb"),
    ],
)
def test_each_entry_form_matches_what_it_names_and_nothing_else(entry: str, allowed: str, refused: str) -> None:
    allow = AllowList([entry])
    assert allow.permits(allowed)
    assert not allow.permits(refused)


@pytest.mark.parametrize(
    "entry",
    [
        "localhost:abc",
        "localhost:0",
        "localhost:70000",
        "https://host/path",
        "https://user:pw@host",
        "ftp://host",
        "*.com",
        "*.",
        "127.1",
        "0x7f000001",
        "exa mple",
        "[::1",
        "[::1]x",
        "host_-",
    ],
)
def test_an_entry_the_mock_does_not_understand_is_refused(entry: str) -> None:
    with pytest.raises(AllowListError):
        parse_entry(entry)


def test_a_bad_entry_stops_the_mock_at_start_naming_the_variable() -> None:
    with pytest.raises(SettingsError, match=r"MOCK_CALLBACK_ALLOW.*localhost:abc"):
        MockSettings.from_env({"MOCK_CALLBACK_ALLOW": "127.0.0.1,localhost:abc"})


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/cb",  # 127.0.0.1 as one number
        "http://0x7f000001/cb",
        "http://0x7f.0.0.1/cb",
        "http://0177.0.0.1/cb",
        "http://127.1/cb",
        "http://[::ffff:127.0.0.1]/cb",  # IPv4-mapped IPv6
        "http://[::ffff:7f00:1]/cb",
        "http://127.0.0.1@evil.example/cb",  # userinfo tricks
        "http://localhost:80@evil.example/cb",
        "http://evil.example#@127.0.0.1/cb",
        "http://evil.example\\@127.0.0.1/cb",
        "http://localhost./cb",
        "http://169.254.169.254/latest",
        "http://127.0.0.1:0/cb",  # port 0 cannot be dialled
        "http://127.0.0.1:99999/cb",
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
        "http:///cb",
        "not a url",
    ],
)
def test_the_default_list_refuses_every_ssrf_form(url: str) -> None:
    assert not DEFAULT.permits(url)


def test_a_refusal_says_why_and_a_target_names_no_secrets() -> None:
    assert DEFAULT.check("http://127.0.0.1:0/cb") == (None, "port 0 cannot be dialled")
    target, _ = DEFAULT.check("http://user:pw@127.0.0.1:9000/cb?sig=s3cret")
    assert target == Target("http", "127.0.0.1", 9000)
    assert target.label == "http://127.0.0.1:9000"
    assert DEFAULT.check("https://[::1]/cb")[0] == Target("https", "::1", 443)
    assert Target("https", "::1", 443).label == "https://[::1]:443"
