"""A smoke run of the whole benchmark at tiny sizes: it must run and report, never judge speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import BenchConfig, run_bench
from benchmarks.report import markdown


@pytest.mark.slow
@pytest.mark.bench
def test_quick_bench_runs_every_part_and_writes_its_files(tmp_path: Path) -> None:
    results, paths = run_bench(BenchConfig.quick(), tmp_path, progress=lambda _: None)

    assert [(row.operation, row.connections) for row in results.load] == [
        ("regenerate_tts_sample", 1),
        ("regenerate_tts_sample", 16),
        ("update_clip", 1),
        ("update_clip", 16),
    ]
    for row in results.load:
        for side in (row.ours, row.prism):
            # Both servers must accept the benchmark's requests, or the comparison means nothing.
            assert side.requests > 0 and side.non_2xx == 0 and side.socket_errors == 0
    assert results.suite is not None and results.suite.ours.cases > 0 and results.suite.plain.cases > 0
    assert results.contract is not None and results.contract_cases > 0
    assert {(row.operation, row.mode) for row in results.client} == {
        (op, mode) for op in ("regenerate_tts_sample", "update_clip") for mode in ("sync", "async")
    }
    assert results.generate is not None and len(results.generate.seconds) == 1

    assert paths["chart"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = paths["markdown"].read_text(encoding="utf-8")
    assert text.strip() == markdown(results).strip()
    for heading in ("**Mock vs Prism**", "**Contract run**", "**Client overhead**", "**Generation**"):
        assert heading in text
    assert '"load"' in paths["json"].read_text(encoding="utf-8")
