"""Hours are shown one way everywhere in youth-led training: as a decimal with no trailing zeros.

"2 hours", "1.5 hours", "1 hour", "0.25 hours": the way the time is entered ("For example 1.5"), the way
the spreadsheet holds it (a number in an "Hours" column), and the way every page reads it.
"""

from decimal import Decimal


def hours_number(hours) -> Decimal:
    """The hours as a decimal without trailing zeros: 1.50 becomes 1.5 and 2.00 becomes 2."""
    value = Decimal(str(hours or 0)).quantize(Decimal("0.01"))
    normal = value.normalize()
    # normalize() writes whole tens in exponent form (2E+1); quantizing to a whole number puts them back.
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def hours_text(hours) -> str:
    """The hours in words: "1 hour", "1.5 hours", "0 hours"."""
    number = hours_number(hours)
    return f"{number} hour" if number == 1 else f"{number} hours"
