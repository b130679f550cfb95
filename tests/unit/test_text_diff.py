"""The history panel's word diff: removed words in <del>, added words in <ins>, escaped."""

from factcheck.web.desk.text_diff import word_diff


def test_a_changed_word_is_struck_out_and_its_replacement_inserted():
    assert word_diff("a b c d e f", "a b X d e f") == "a b <del>c</del> <ins>X</ins> d e f"


def test_changes_one_word_apart_read_as_one_change():
    assert word_diff("the toll may be higher today", "the toll is higher today") == \
        "the toll <del>may be</del> <ins>is</ins> higher today"


def test_a_rewrite_shows_the_old_text_then_the_new():
    assert word_diff("Almaty is threatened by bandits.", "Their wording of the claim.") == \
        "<del>Almaty is threatened by bandits.</del> <ins>Their wording of the claim.</ins>"


def test_text_is_escaped_and_empty_sides_are_left_out():
    assert word_diff("", "<b>new</b>") == "<ins>&lt;b&gt;new&lt;/b&gt;</ins>"
    assert word_diff("gone", None) == "<del>gone</del>"
