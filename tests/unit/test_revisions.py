"""Word-level diffs between an article's texts, cut into hunks with the claims each change touched."""

from hypothesis import given
from hypothesis import strategies as st

from factcheck.services.articles.revisions import GAP, diff_words, hunks, new_text, old_text, touches

OLD = "Tokayev said order had been restored in Kazakhstan. TASS reported shots in Almaty."
NEW = "Tokayev said order had been partly restored in Kazakhstan. TASS reported shots in Almaty."

WORDS = st.sampled_from(["order", "restored", "Almaty", "TASS", "😀", "naïve", "26", ",", ".", " ", "\n", "  "])
TEXTS = st.lists(WORDS, max_size=40).map("".join)


def test_an_inserted_word_is_one_insert_between_equal_runs():
    segments = diff_words(OLD, NEW)
    assert [op for op, _ in segments] == ["equal", "insert", "equal"]
    assert segments[1][1].strip() == "partly"


def test_a_replaced_word_is_a_delete_then_an_insert():
    segments = diff_words("26 attackers were killed.", "dozens of attackers were killed.")
    assert segments[:2] == [("delete", "26"), ("insert", "dozens of")]
    assert segments[-1] == ("equal", " attackers were killed.")


def test_the_diff_is_by_word_not_by_character():
    segments = diff_words("The troops withdrew.", "The troupes withdrew.")
    assert ("delete", "troops") in segments and ("insert", "troupes") in segments


def test_identical_texts_are_one_equal_segment():
    assert diff_words(OLD, OLD) == [("equal", OLD)]
    assert diff_words("", "") == []


def test_astral_characters_are_kept_whole():
    segments = diff_words("Order 😀 restored.", "Order 🙂 restored.")
    assert ("delete", "😀") in segments and ("insert", "🙂") in segments


@given(TEXTS, TEXTS)
def test_equal_and_insert_give_the_new_text_equal_and_delete_the_old(old, new):
    segments = diff_words(old, new)
    assert new_text(segments) == new
    assert old_text(segments) == old
    assert all(op in {"equal", "insert", "delete"} and text for op, text in segments)
    assert all(a[0] != b[0] for a, b in zip(segments, segments[1:]) if "equal" in (a[0], b[0]))


@given(TEXTS, TEXTS)
def test_hunk_regions_point_at_the_removed_text_in_the_old_text(old, new):
    for hunk in hunks(diff_words(old, new)):
        removed = [text for op, text in hunk.segments if op == "delete"]
        regions = [old[start:end] for start, end in hunk.old_regions if end > start]
        assert "".join(regions) == "".join(removed)


def test_long_unchanged_runs_are_collapsed_to_context():
    filler = " ".join(f"word{n}" for n in range(200))
    old = f"Start. {filler} Tokayev said order was restored. {filler} End."
    new = old.replace("order was restored", "order was partly restored")
    found = hunks(diff_words(old, new), context=40)
    assert len(found) == 1
    (hunk,) = found
    before, after = hunk.segments[0][1], hunk.segments[-1][1]
    assert before.startswith(GAP) and after.endswith(GAP)
    assert len(before) < 60 and len(after) < 60
    assert [text.strip() for op, text in hunk.segments if op == "insert"] == ["partly"]


def test_changes_far_apart_are_separate_hunks_and_close_ones_share_one():
    filler = " ".join(f"word{n}" for n in range(100))
    old = f"One two three. {filler} Four five six."
    new = f"One 2 three. {filler} Four 5 six."
    assert len(hunks(diff_words(old, new), context=40)) == 2
    assert len(hunks(diff_words("one two three four", "one 2 three 4"), context=40)) == 1


def test_a_deletion_touches_the_spans_it_overlaps():
    assert touches((10, 20), 15, 30)
    assert touches((10, 20), 0, 11)
    assert not touches((10, 20), 20, 30)
    assert not touches((10, 20), 0, 10)


def test_an_insertion_touches_the_span_it_falls_in_or_at_the_edge_of():
    assert touches((15, 15), 10, 20)
    assert touches((20, 20), 10, 20)  # words appended to a quote change what it says
    assert not touches((21, 21), 10, 20)
