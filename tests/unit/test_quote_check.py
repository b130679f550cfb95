"""Finding evidence quotes in captured text: normalised matching, anchors into the original, closest passages."""

from hypothesis import given
from hypothesis import strategies as st

from factcheck.services.text.quote_check import check_quote, normalise, quote_core

TEXT = ("According to TASS, shots were fired late into the night\n\n  in the center of Almaty, "
        "on the square in front of the city administration. The president said order “had been restored”.")


def test_an_exact_quote_is_found_with_both_selectors_into_the_original_text():
    check = check_quote(TEXT, "shots were fired late into the night")
    assert check.found
    assert TEXT[check.anchor.start:check.anchor.end] == "shots were fired late into the night"
    assert check.anchor.prefix.endswith("According to TASS, ")
    assert check.anchor.suffix.startswith("\n\n  in the center")


def test_white_space_typographic_quotes_and_case_do_not_hide_a_quote():
    check = check_quote(TEXT, '"Late into the night in the center of Almaty"')
    assert check.found
    assert TEXT[check.anchor.start:check.anchor.end] == "late into the night\n\n  in the center of Almaty"
    check = check_quote(TEXT, 'order "had been restored"')
    assert check.found and TEXT[check.anchor.start:check.anchor.end] == "order “had been restored”"


def test_a_changed_quote_is_not_found_and_the_closest_passage_is_offered_in_whole_words():
    check = check_quote(TEXT, "shots were fired early in the morning in the center of Almaty")
    assert not check.found and check.anchor is None
    assert check.closest and "center of Almaty" in check.closest
    assert check.closest in TEXT
    assert 50 <= check.similarity < 100


def test_a_quote_from_elsewhere_has_no_closest_passage():
    check = check_quote(TEXT, "Zebras graze quietly by the lake")
    assert not check.found
    assert check.closest is None


def test_an_empty_quote_or_text_is_never_found():
    assert not check_quote(TEXT, "  “…”  ").found
    assert not check_quote("", "shots").found


@given(st.text(max_size=200), st.data())
def test_every_span_of_a_text_is_found_where_it_is(text, data):
    start = data.draw(st.integers(0, max(0, len(text) - 1)))
    end = data.draw(st.integers(start, len(text)))
    quote = text[start:end]
    check = check_quote(text, quote)
    wanted, _ = normalise(quote_core(quote))
    if not wanted.strip():
        assert not check.found
        return
    assert check.found
    found, _ = normalise(text[check.anchor.start:check.anchor.end])
    assert found.strip() == wanted.strip()
