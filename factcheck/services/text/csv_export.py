"""CSV that is safe to open in a spreadsheet: every CSV the app writes goes through `csv_text`.

A cell that begins with =, +, -, @, a tab or a carriage return is read by spreadsheets as a formula (CSV
injection, OWASP): such a text cell is prefixed with a single quote, so that it shows as the text it is.
"""

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
UNSAFE_FIRST = frozenset(FORMULA_STARTS)


def safe_cell(value) -> object:
    """`value` as a CSV cell: None as empty, numbers as they are, text that could start a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        value = str(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def _safe_row(row: Iterable) -> list:
    # Most cells are whole numbers, None or text that starts harmlessly, which the csv module writes as
    # safe_cell would: only the others go through it (a report can have 300,000 cells).
    return [cell if cell is None or type(cell) is int or (type(cell) is str and cell[:1] not in UNSAFE_FIRST)
            else safe_cell(cell) for cell in row]


def csv_text(rows: Iterable[Iterable]) -> str:
    """The rows (the first one the header) as CSV text, CRLF-terminated, every cell made safe."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(map(_safe_row, rows))
    return buffer.getvalue()
