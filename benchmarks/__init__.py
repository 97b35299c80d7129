"""``make bench``: our mock against Prism, our suite against plain schemathesis, the generated
client against raw httpx, and the time ``make generate`` takes; all measured side by side."""

from benchmarks.run import BenchConfig, run_bench

__all__ = ["BenchConfig", "run_bench"]
