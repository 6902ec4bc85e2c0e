"""Synthetic people for the route matrix: valid, unique ID numbers and phones per side and kind (made-up county
329901, like the demo district)."""

from itertools import count

from fengqiao.identity import check_digit

_serial = count(1)


def id_number(side, *, born: str = "19800101", female: bool = False) -> str:
    """A valid 18-digit number of the made-up county, unique within the test run."""
    n = next(_serial)
    seq = (n % 90 + 10) * 10 + (2 if female else 1) + 2 * (n // 90 % 4)
    body = f"3299{n // 360 % 100:02d}{born}{seq:03d}"
    return body + check_digit(body)


def phone(side) -> str:
    n = next(_serial)
    return f"139{side.beat.pk % 10000:04d}{n % 10000:04d}"
