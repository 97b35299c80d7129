"""``python -m benchmarks``: measure the mock, the suite, the client and generation (``make bench``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from benchmarks.client_overhead import ClientBenchError
from benchmarks.commands import CommandError
from benchmarks.load import LoadError
from benchmarks.processes import ServerError
from benchmarks.report import markdown
from benchmarks.run import RESULTS_FOLDER, BenchConfig, run_bench
from benchmarks.suite_speed import SuiteBenchError


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the Markdown table and say where the files went."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--out", type=Path, default=RESULTS_FOLDER, help="folder for bench.md, bench.png, bench.json")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks that the bench runs, not speed")
    args = parser.parse_args(argv)
    config = BenchConfig.quick() if args.quick else BenchConfig()
    try:
        results, paths = run_bench(config, args.out)
    except (LoadError, ServerError, SuiteBenchError, CommandError, ClientBenchError) as exc:
        print(f"benchmarks: {exc}", file=sys.stderr)
        return 1
    print()
    print(markdown(results))
    print("Written: " + ", ".join(str(path) for path in paths.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
