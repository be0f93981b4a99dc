"""Cells for spreadsheets people download: text a spreadsheet program would run as a formula stays text.

Lives in the lowest app so every export (training report, team heatmap, framework files) uses the one rule.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text starting with = + - @ (or a tab or carriage return) gets a leading apostrophe, so it is shown as
    text and never run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unsafe_cell(value):
    """Undo ``safe_cell`` on the way back in, so an exported file imports to the same text."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
