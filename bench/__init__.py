"""The benchmark harness: ``python -m bench [name ...]``. Each benchmark is a module here that
registers a function returning its figures; ``python -m bench --list`` shows them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str
    title: str
    run: Callable[..., dict]


BENCHMARKS: dict[str, Benchmark] = {}
# Modules holding benchmarks; add a new one here.
MODULES = (
    "bench.annex_a",
    "bench.pages",
    "bench.sampling",
    "bench.load",
    "bench.kpis",
    "bench.returns",
)


def register(name: str, title: str) -> Callable:
    def decorator(function: Callable[..., dict]) -> Callable[..., dict]:
        BENCHMARKS[name] = Benchmark(name=name, title=title, run=function)
        return function

    return decorator
