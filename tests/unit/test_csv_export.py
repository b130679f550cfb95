"""CSV cells that a spreadsheet would run as formulas are written as text (OWASP CSV injection)."""

import csv
import io

import pytest

from factcheck.services.text.csv_export import csv_text, safe_cell

HOSTILE = ['=HYPERLINK("http://evil","x")', "+SUM(1,1)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1",
           '=cmd|" /C calc"!A0']


@pytest.mark.parametrize("cell", HOSTILE)
def test_a_cell_that_could_start_a_formula_is_prefixed_with_a_quote(cell):
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell, written", [("Tokayev", "Tokayev"), ("a=b", "a=b"), ("", ""), (None, ""),
                                           (3, 3), (-3, -3), (2.5, 2.5), ("It's", "It's")])
def test_ordinary_cells_and_numbers_are_left_alone(cell, written):
    assert safe_cell(cell) == written


def test_csv_text_neutralises_every_hostile_cell_and_reads_back_as_text():
    text = csv_text([["claimant", "count"], *([cell, 1] for cell in HOSTILE)])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["claimant", "count"]
    assert [row[0] for row in rows[1:]] == ["'" + cell for cell in HOSTILE]
    assert all(not row[0].startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows[1:])
    assert text.endswith("\r\n")
