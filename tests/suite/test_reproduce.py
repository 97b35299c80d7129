"""Reproductions run as printed in sh and send the exact bytes; secrets never show in any form."""

from __future__ import annotations

import os
import shutil
import subprocess
from urllib.parse import quote

import pytest

from tests.suite.capture import capture_server
from voice_contracts.suite.reproduce import Secret, SentRequest, curl_line, redact, secret_forms

NASTY_SECRET = 's3cr\'et "$HOME" `id` \\n%41&x=1'
SECRETS = (Secret("PALABRA_CLIENT_SECRET", NASTY_SECRET),)

needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")


def run_in_sh(line: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PALABRA_CLIENT_SECRET": NASTY_SECRET}
    return subprocess.run(["sh", "-c", line], env=env, capture_output=True, text=True, timeout=30, check=False)


@needs_curl
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"data":{"lang_code":"en"}}', "application/json"),
        ('{"title":"caf\u00e9 \u58f0"}'.encode(), "application/json"),
        (b"\x00\x01\xff'%\\n", "application/json"),
        (b"", "application/json"),
        (b"hello", None),
    ],
)
def test_the_curl_line_resends_the_exact_bytes_with_the_secret_expanded(body: bytes, content_type: str | None) -> None:
    with capture_server(status=422) as server:
        headers = [("ClientID", "mock-client-id"), ("ClientSecret", NASTY_SECRET), ("Host", "ignored")]
        if content_type:
            headers.append(("Content-Type", content_type))
        url = server.url + "/saas/voice/m/" + quote("vö ice/x", safe="") + "/tts-sample"
        line = curl_line(SentRequest("POST", url, tuple(headers), body), SECRETS)
        assert NASTY_SECRET not in line and '"${PALABRA_CLIENT_SECRET}"' in line
        done = run_in_sh(line)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "HTTP 422"
    [got] = server.requests
    assert got.method == "POST"
    assert got.path == "/saas/voice/m/v%C3%B6%20ice%2Fx/tts-sample"
    assert got.body == body
    assert got.headers["ClientSecret"] == NASTY_SECRET
    assert got.headers.get("Content-Type", "") == (content_type or "")


def test_every_form_of_a_secret_is_redacted() -> None:
    forms = secret_forms(NASTY_SECRET)
    text = " | ".join(forms) + " | " + quote(NASTY_SECRET) + " | " + NASTY_SECRET.replace("'", "'\"'\"'")
    cleaned = redact(text, SECRETS)
    for form in forms:
        assert form not in cleaned
    assert "s3cr" not in cleaned
    assert cleaned.count("${PALABRA_CLIENT_SECRET}") >= 3
