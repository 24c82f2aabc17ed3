"""Run benchmarks: ``python -m bench`` runs them all, ``python -m bench annex_a`` one of them."""

import argparse
import importlib
import json
import sys

from . import BENCHMARKS, MODULES


def main(argv: list[str] | None = None) -> int:
    for module in MODULES:
        importlib.import_module(module)
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(BENCHMARKS)}")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    options = parser.parse_args(argv)
    if options.list:
        for benchmark in BENCHMARKS.values():
            print(f"{benchmark.name}: {benchmark.title}")
        return 0
    unknown = [name for name in options.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no such benchmark: {', '.join(unknown)}")
    results = {}
    for name in options.names or list(BENCHMARKS):
        benchmark = BENCHMARKS[name]
        if not options.json:
            print(f"== {benchmark.name}: {benchmark.title}", flush=True)
        results[name] = figures = benchmark.run()
        if not options.json:
            for key, value in figures.items():
                print(f"  {key}: {value}")
    if options.json:
        print(json.dumps(results, indent=2))
    return 1 if any(figures.get("passed") is False for figures in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
