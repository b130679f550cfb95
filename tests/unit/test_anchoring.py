"""Anchors: quote and position selectors over a text."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from factcheck.services.text.anchoring import CONTEXT_LENGTH, AnchorError, anchor_at, anchor_quote

SEED = "Earlier on Friday, Tokayev said order had been restored in Kazakhstan. Order had been restored, he said."


def test_anchor_at_keeps_both_selectors():
    start = SEED.index("order had been")
    anchor = anchor_at(SEED, start, start + 14)
    assert anchor.exact == "order had been"
    assert (anchor.start, anchor.end) == (start, start + 14)
    assert anchor.prefix == SEED[max(0, start - CONTEXT_LENGTH):start]
    assert anchor.suffix == SEED[start + 14:start + 14 + CONTEXT_LENGTH]


@pytest.mark.parametrize("start,end", [(-1, 3), (5, 5), (8, 3), (0, len(SEED) + 1)])
def test_position_out_of_range_is_refused(start, end):
    with pytest.raises(AnchorError) as error:
        anchor_at(SEED, start, end)
    assert error.value.code == "position_out_of_range"


def test_whitespace_only_selection_is_refused():
    with pytest.raises(AnchorError, match="no text"):
        anchor_at("a   b", 1, 4)


def test_quote_not_in_text_is_refused():
    with pytest.raises(AnchorError) as error:
        anchor_quote(SEED, "order was restored")
    assert error.value.code == "quote_not_found"


def test_ambiguous_quote_needs_context():
    with pytest.raises(AnchorError) as error:
        anchor_quote(SEED, "ad been restored")
    assert error.value.code == "quote_ambiguous"
    assert "2 times" in error.value.message


def test_context_picks_among_occurrences():
    anchor = anchor_quote(SEED, "had been restored", suffix=", he said")
    assert anchor.start == SEED.rindex("had been restored")


def test_context_that_fits_neither_occurrence_stays_ambiguous():
    with pytest.raises(AnchorError) as error:
        anchor_quote(SEED, "had been restored", prefix="zzz", suffix="qqq")
    assert error.value.code == "quote_ambiguous"


@given(st.text(min_size=1, max_size=300), st.data())
def test_a_quote_anchor_resolves_to_the_same_span(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assume(text[start:end].strip())
    anchor = anchor_at(text, start, end)
    again = anchor_quote(text, anchor.exact, anchor.prefix, anchor.suffix)
    # The quote may occur twice with identical context (e.g. "aaaa"); then any match is the same text.
    assert text[again.start:again.end] == text[start:end]
    if text.count(anchor.exact) == 1:
        assert (again.start, again.end) == (start, end)


@given(st.text(alphabet="abc .", min_size=20, max_size=200), st.data())
def test_unique_quotes_are_found_after_edits_elsewhere(text, data):
    start = data.draw(st.integers(0, len(text) - 8))
    end = start + 8
    anchor = anchor_at(text, start, end)
    assume(anchor.exact.strip() and text.count(anchor.exact) == 1)
    inserted = "zz" + text  # an insertion before the span moves it
    moved = anchor_quote(inserted, anchor.exact, anchor.prefix, anchor.suffix)
    assert (moved.start, moved.end) == (start + 2, end + 2)
