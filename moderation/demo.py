"""Demo loop (filled in below)."""

import random
from datetime import date

from qaf import demo


@demo.register("moderation")
def seed(*, today: date, rng: random.Random) -> str:
    return "nothing yet"
