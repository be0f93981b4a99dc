"""Figures for commissioners and other readers of aggregates: small numbers hidden, the rest rounded.

A count from 1 to 7 could point to a person, so it shows as ``*``; larger counts are rounded to the nearest
5 so that differences between tables cannot give a small number away. Zero is shown as 0.
"""

SUPPRESSED = "*"
SMALLEST_SHOWN = 8


def disclose(count: int) -> str:
    """A count as it may be shown: ``0``, ``*`` for 1 to 7, otherwise rounded to the nearest 5."""
    if count < 0:
        raise ValueError("A count cannot be negative.")
    if count == 0:
        return "0"
    if count < SMALLEST_SHOWN:
        return SUPPRESSED
    return str((count + 2) // 5 * 5)


def disclose_share(part: int, whole: int) -> str:
    """A percentage as it may be shown: hidden when either count is small, otherwise rounded to 5%."""
    if whole == 0:
        return "–"
    if 0 < part < SMALLEST_SHOWN or whole < SMALLEST_SHOWN:
        return SUPPRESSED
    return f"{(round(100 * part / whole) + 2) // 5 * 5}%"
