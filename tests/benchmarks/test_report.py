"""The Markdown table marks each figure against its target."""

from __future__ import annotations

from pathlib import Path

from benchmarks.client_overhead import OverheadRow
from benchmarks.mock_vs_prism import LoadRow, LoadSummary
from benchmarks.report import Results, chart, markdown
from benchmarks.suite_speed import EngineRun, SuiteSpeed

SETTINGS = {
    "date": "2026-11-21 10:00 UTC",
    "machine": "2 cores",
    "python": "3.11.7",
    "wrk": "wrk 4.1.0",
    "prism": "5.16.0",
    "load_rounds": 3,
    "load_seconds": 5,
    "max_examples": 25,
    "seed": 1,
    "suite_rounds": 3,
    "client_rounds": 7,
    "client_calls": 300,
}


def summary(rps: float, p99: float) -> LoadSummary:
    return LoadSummary(rps=rps, p50_ms=p99 / 2, p99_ms=p99, requests=100, non_2xx=0, socket_errors=0)


def sample() -> Results:
    results = Results(dict(SETTINGS))
    results.load = [
        LoadRow("regenerate_tts_sample", 1, summary(4000, 1.0), summary(1000, 5.0)),
        LoadRow("regenerate_tts_sample", 16, summary(8000, 12.0), summary(2000, 40.0)),
    ]
    results.suite = SuiteSpeed(EngineRun(100, 1.5), EngineRun(100, 1.0))
    results.client = [OverheadRow("update_clip", "sync", 1000, 1100, 1.1)]
    return results


def test_each_figure_is_marked_against_its_target() -> None:
    text = markdown(sample())
    assert "| regenerate_tts_sample | 1 | 4,000 | 1,000 | 4.0× | ≥3× ✅ |" in text
    # 4× misses the 5× target at 16 connections, and a 12 ms p99 misses the 10 ms one.
    assert "| 4.0× | ≥5× ❌ | 6.00 / 12.00 ❌ |" in text
    assert "**1.50×** (target ≤1.3× ❌)" in text
    assert "| update_clip | sync | 1,000 | 1,100 | +10.0% | ✅ |" in text


def test_chart_is_a_png(tmp_path: Path) -> None:
    path = tmp_path / "chart.png"
    chart(sample(), path)
    assert path.read_bytes()[:4] == b"\x89PNG"
