"""Demo data: each app registers a seeder that adds its part of a lived-in authority.

Seeders run in registration order (apps in INSTALLED_APPS order), each inside the seed_demo
transaction, and must be idempotent: running seed_demo twice changes nothing.
"""

from collections.abc import Callable

DemoSeeder = Callable[..., str]
_seeders: list[tuple[str, DemoSeeder]] = []


def register(name: str) -> Callable[[DemoSeeder], DemoSeeder]:
    def decorator(seeder: DemoSeeder) -> DemoSeeder:
        if all(existing != name for existing, _ in _seeders):
            _seeders.append((name, seeder))
        return seeder

    return decorator


def seeders() -> list[tuple[str, DemoSeeder]]:
    return list(_seeders)
