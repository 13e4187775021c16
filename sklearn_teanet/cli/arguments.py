"""The types of the command line's options: each refuses a bad value with a message that names it."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

__all__ = [
    "derivative_orders",
    "existing_file",
    "finite_float",
    "hqi_value",
    "int_at_least",
    "open_fraction",
    "positive_float",
    "positive_int",
    "smoothing_window",
]


def _parsed(text: str, kind: type, expected: str):
    """``kind(text)``, or an argparse error saying what was expected."""
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}") from None


def int_at_least(minimum: int):
    """argparse type: an integer of at least ``minimum``."""

    def parse(text: str) -> int:
        value = _parsed(text, int, f"an integer of at least {minimum}")
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


# 0 repeats or 0 jobs would run nothing, silently.
positive_int = int_at_least(1)


def positive_float(text: str) -> float:
    """argparse type: a finite number above 0 (a budget of -5 s would stop every fit after its first epoch)."""
    value = _parsed(text, float, "a positive number")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def open_fraction(text: str) -> float:
    """argparse type: a number strictly between 0 and 1."""
    value = _parsed(text, float, "a number between 0 and 1")
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must lie strictly between 0 and 1, got {text}")
    return value


def smoothing_window(text: str) -> int:
    """argparse type: 0 (the default window) or an odd number of points, at least 3."""
    value = _parsed(text, int, "a whole number of points")
    if value != 0 and (value < 3 or value % 2 == 0):
        raise argparse.ArgumentTypeError(f"must be 0 or an odd number of points of at least 3, got {text}")
    return value


def derivative_orders(text: str) -> int | tuple[int, ...] | str:
    """argparse type: "auto", 0, 1, 2, or orders joined by "+" ("1+2": both, side by side)."""
    if text == "auto":
        return text
    orders = text.split("+")
    if not all(order in ("0", "1", "2") for order in orders) or len(set(orders)) < len(orders):
        raise argparse.ArgumentTypeError(f"must be auto, 0, 1, 2 or distinct ones joined by '+' (e.g. 1+2), got {text}")
    return int(orders[0]) if len(orders) == 1 else tuple(int(order) for order in orders)


def existing_file(text: str) -> str:
    """argparse type: a file that exists (checked before a download or a long read, not after)."""
    if not Path(text).is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text!r}")
    return text


def finite_float(text: str) -> float:
    """argparse type: any finite number (an offset may be negative)."""
    value = _parsed(text, float, "a number")
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text}")
    return value


def hqi_value(text: str) -> float | str:
    """An HQI from 0 to 100, or "auto"."""
    if text == "auto":
        return text
    value = _parsed(text, float, "an HQI (a number from 0 to 100, or 'auto')")
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not an HQI: it must lie from 0 to 100")
    return value
