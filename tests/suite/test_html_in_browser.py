"""The HTML report as a person sees it: rendered by headless Chromium, read back from a screenshot."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.suite.png import pixel_counts
from tests.suite.test_reports import sample_report
from voice_contracts.suite import Report, write_html

CHROMIUM = next(
    (shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)), None
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no headless browser: install Debian's chromium (apt-get install -y chromium)"
)
FAIL_BANNER = (0xFD, 0xE4, 0xE1)
PASS_BANNER = (0xE3, 0xF5, 0xE1)


def chromium(*args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def screenshot(page: Path, out: Path) -> tuple[int, int, dict[tuple[int, int, int], int]]:
    done = chromium(f"--screenshot={out}", "--window-size=1200,900", page.as_uri())
    assert out.exists(), done.stderr[-2000:]
    width, height, counts = pixel_counts(out.read_bytes())
    return width, height, dict(counts)


def test_a_failed_run_renders_its_verdict_checks_and_reproductions(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    write_html(sample_report(), page)
    dom = chromium("--dump-dom", page.as_uri()).stdout
    assert "FAILED: 3 broken promise(s)" in dom
    assert dom.count('class="finding"') == 3
    assert "not_a_server_error" in dom and "curl -X PUT" in dom
    width, height, counts = screenshot(page, tmp_path / "failed.png")
    assert (width, height) == (1200, 900)
    # The red verdict banner is there and takes a visible band of the page; no green one.
    assert counts.get(FAIL_BANNER, 0) > 20_000
    assert counts.get(PASS_BANNER, 0) == 0


def test_a_passed_run_shows_a_green_verdict(tmp_path: Path) -> None:
    report = Report(seed=1)
    report.tally("update_clip", "not_a_server_error", passed=3)
    page = tmp_path / "report.html"
    write_html(report, page)
    _, _, counts = screenshot(page, tmp_path / "passed.png")
    assert counts.get(PASS_BANNER, 0) > 20_000
    assert counts.get(FAIL_BANNER, 0) == 0
