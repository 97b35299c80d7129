"""Turn benchmark results into the Markdown table, a PNG chart and raw JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.client_overhead import OverheadRow
from benchmarks.commands import CommandTiming
from benchmarks.mock_vs_prism import LoadRow
from benchmarks.suite_speed import SuiteSpeed

# The targets, shown next to each figure so a regression is visible at a glance.
TARGET_RATIO = {1: 3.0, 16: 5.0}
TARGET_P99_MS = 10.0
TARGET_SUITE_RATIO = 1.3
TARGET_CLIENT_OVERHEAD = 0.15


@dataclass
class Results:
    """Everything one ``make bench`` measured, with the settings it used."""

    settings: dict[str, Any]
    load: list[LoadRow] = field(default_factory=list)
    suite: SuiteSpeed | None = None
    contract: CommandTiming | None = None
    contract_cases: int = 0
    client: list[OverheadRow] = field(default_factory=list)
    generate: CommandTiming | None = None


def _mark(ok: bool) -> str:
    return "✅" if ok else "❌"


def markdown(results: Results) -> str:
    """The results as Markdown: one table per question, each figure beside its target."""
    s = results.settings
    lines = [
        f"Measured {s['date']} on {s['machine']}; Python {s['python']}, {s['wrk']}, Prism {s['prism']}.",
        "",
    ]
    if results.load:
        lines += [
            f"**Mock vs Prism** — wrk, 1 thread; median of {s['load_rounds']} runs of {s['load_seconds']} s each, "
            "servers alternating; both validate every request; synthesis latency 0.",
            "",
            "| operation | conns | ours req/s | Prism req/s | ours/Prism | target | ours p50 / p99 ms | "
            "Prism p50 / p99 ms | non-2xx ours / Prism |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for row in results.load:
            target = TARGET_RATIO.get(row.connections, 0.0)
            p99_ok = row.connections < 16 or row.ours.p99_ms < TARGET_P99_MS
            lines.append(
                f"| {row.operation} | {row.connections} | {row.ours.rps:,.0f} | {row.prism.rps:,.0f} | "
                f"{row.ratio:.1f}× | ≥{target:.0f}× {_mark(row.ratio >= target)} | "
                f"{row.ours.p50_ms:.2f} / {row.ours.p99_ms:.2f}{'' if p99_ok else ' ❌'} | "
                f"{row.prism.p50_ms:.2f} / {row.prism.p99_ms:.2f} | {row.ours.non_2xx} / {row.prism.non_2xx} |"
            )
        lines.append("")
    if results.suite is not None:
        suite = results.suite
        lines += [
            f"**Contract run** — max-examples {s['max_examples']}, seed {s['seed']}, one mock for both; "
            f"median of {s['suite_rounds']} runs.",
            "",
            "| run | test cases | seconds | ms per case |",
            "|---|--:|--:|--:|",
            f"| our suite, fuzzing (built-in + 6 custom checks) | {suite.ours.cases} | {suite.ours.seconds:.2f} | "
            f"{suite.ours.ms_per_case:.2f} |",
            f"| plain `st run openapi.yaml` | {suite.plain.cases} | {suite.plain.seconds:.2f} | "
            f"{suite.plain.ms_per_case:.2f} |",
            "",
            f"Cost per case, ours / plain: **{suite.cost_ratio:.2f}×** (target ≤{TARGET_SUITE_RATIO}× "
            f"{_mark(suite.cost_ratio <= TARGET_SUITE_RATIO)}).",
        ]
        if results.contract is not None:
            wall = results.contract.median
            lines.append(
                f"Whole default `make contract` (embedded mock, fuzzing and both flows): **{wall:.1f} s** wall, "
                f"median of {len(results.contract.seconds)}; {results.contract_cases} cases, "
                f"{results.contract_cases / wall:.0f} cases/s overall (target < 60 s {_mark(wall < 60)})."
            )
        lines.append("")
    if results.client:
        lines += [
            f"**Client overhead** — sequential calls on one keep-alive connection; {s['client_rounds']} rounds, "
            f"each a batch of {s['client_calls']} raw calls and one of {s['client_calls']} generated-client calls "
            "back to back (order alternating); times are medians, overhead is the median of the per-round ratios.",
            "",
            "| operation | mode | raw httpx µs/call | generated client µs/call | overhead | target ≤15% |",
            "|---|---|--:|--:|--:|--:|",
        ]
        for c in results.client:
            lines.append(
                f"| {c.operation} | {c.mode} | {c.raw_us:,.0f} | {c.generated_us:,.0f} | {c.overhead:+.1%} | "
                f"{_mark(c.overhead <= TARGET_CLIENT_OVERHEAD)} |"
            )
        lines.append("")
    if results.generate is not None:
        lines.append(
            f"**Generation** — `{results.generate.command}`: **{results.generate.median:.2f} s** wall, "
            f"median of {len(results.generate.seconds)}."
        )
        lines.append("")
    return "\n".join(lines)


def chart(results: Results, path: Path) -> None:
    """Bar charts of throughput, p99 latency and cost per test case, written as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, 3, figsize=(15, 4.5))
    labels = [f"{row.operation.split('_')[0]}\n{row.connections} conn" for row in results.load]
    positions = range(len(results.load))
    width = 0.38
    for axis, metric, title in (
        (axes[0], "rps", "requests per second (higher is better)"),
        (axes[1], "p99_ms", "p99 latency, ms (lower is better)"),
    ):
        ours = [getattr(row.ours, metric) for row in results.load]
        prism = [getattr(row.prism, metric) for row in results.load]
        axis.bar([p - width / 2 for p in positions], ours, width, label="our mock", color="#2b7bba")
        axis.bar([p + width / 2 for p in positions], prism, width, label="Prism", color="#b0b0b0")
        axis.set_xticks(list(positions), labels)
        axis.set_title(title)
        if metric == "p99_ms":
            axis.axhline(TARGET_P99_MS, color="#c0392b", linestyle="--", linewidth=1, label="our p99 target, 16 conns")
        axis.legend()
    if results.suite is not None:
        names = ["our suite", "plain st run"]
        values = [results.suite.ours.ms_per_case, results.suite.plain.ms_per_case]
        axes[2].bar(names, values, color=["#2b7bba", "#b0b0b0"])
        axes[2].set_title("contract run: ms per test case")
    else:
        axes[2].axis("off")
    figure.suptitle(f"make bench — {results.settings['date']}, {results.settings['machine']}")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def write(results: Results, folder: Path) -> dict[str, Path]:
    """Write ``bench.md``, ``bench.png`` and ``bench.json`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {"markdown": folder / "bench.md", "chart": folder / "bench.png", "json": folder / "bench.json"}
    paths["markdown"].write_text(markdown(results) + "\n", encoding="utf-8")
    chart(results, paths["chart"])
    raw = asdict(results)
    paths["json"].write_text(json.dumps(raw, indent=2, default=str) + "\n", encoding="utf-8")
    return paths
