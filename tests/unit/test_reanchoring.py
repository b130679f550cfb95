"""Re-anchoring claims on a changed article text."""

from hypothesis import assume, given
from hypothesis import strategies as st

from factcheck.services.anchoring import anchor_at, anchor_quote
from factcheck.services.reanchoring import reanchor

TEXT = ("Earlier on Friday, Tokayev said order had been restored in Kazakhstan. "
        "According to TASS, shots were fired late into the night in the center of Almaty. "
        "More than 3,000 protesters have been arrested.")


def anchor_of(quote, text=TEXT):
    return anchor_quote(text, quote)


def test_unchanged_text_is_exact():
    result = reanchor(anchor_of("shots were fired"), TEXT)
    assert result.status == "exact" and result.anchor.exact == "shots were fired"


def test_text_inserted_before_moves_the_anchor():
    old = anchor_of("shots were fired")
    new_text = "UPDATE: the article was expanded. " + TEXT
    result = reanchor(old, new_text)
    assert result.status == "moved"
    assert new_text[result.anchor.start:result.anchor.end] == "shots were fired"
    assert "moved from" in result.reason


def test_context_decides_among_repeated_quotes():
    text = "The army said order had been restored. Later, Tokayev said order had been restored in Kazakhstan."
    old = anchor_quote(text, "said order had been restored", suffix=" in Kazakhstan")
    new_text = "Breaking. " + text
    result = reanchor(old, new_text)
    assert result.status == "moved" and result.anchor.start == old.start + len("Breaking. ")


def test_a_stealth_edit_of_the_quote_is_fuzzy_with_its_similarity():
    old = anchor_of("order had been restored in Kazakhstan")
    new_text = TEXT.replace("order had been restored in Kazakhstan", "order had been largely restored in Kazakhstan")
    result = reanchor(old, new_text)
    assert result.status == "fuzzy"
    assert result.anchor.exact == "order had been largely restored in Kazakhstan"
    assert 0.8 < result.similarity < 1


def test_a_removed_quote_is_orphaned_not_moved():
    old = anchor_of("More than 3,000 protesters have been arrested.")
    new_text = TEXT.replace("More than 3,000 protesters have been arrested.", "Internet access was cut off.")
    result = reanchor(old, new_text)
    assert result.status == "orphaned" and result.anchor is None


@given(st.text(alphabet="abcdefgh ", min_size=30, max_size=200), st.data())
def test_insertions_and_deletions_away_from_the_span_find_it(text, data):
    start = data.draw(st.integers(10, len(text) - 15))
    end = start + 10
    old = anchor_at(text, start, end)
    assume(old.exact.strip())
    cut = data.draw(st.integers(0, start))
    insert = data.draw(st.text(alphabet="xyz", max_size=12))
    new_text = text[:cut] + insert + text[cut:]
    result = reanchor(old, new_text)
    assert result.status in ("exact", "moved")
    assert new_text[result.anchor.start:result.anchor.end] == old.exact
    if new_text.count(old.exact) == 1:
        assert result.anchor.start == start + len(insert)
