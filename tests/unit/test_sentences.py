"""Sentence splitting with offsets."""

from hypothesis import given
from hypothesis import strategies as st

from factcheck.services.text.sentences import split_sentences

SEED = open(__file__.replace("tests/unit/test_sentences.py", "factcheck/data/seed-article.txt"), encoding="utf-8").read()


def texts(text):
    return [s.text for s in split_sentences(text)]


def test_offsets_point_into_the_text():
    for sentence in split_sentences(SEED):
        assert SEED[sentence.start:sentence.end] == sentence.text


def test_seed_article_sentences():
    sentences = texts(SEED)
    assert "Earlier on Friday, Tokayev said order had been restored in Kazakhstan." in sentences
    assert "More than 3,000 protesters have been arrested." in sentences
    assert "Violence in Almaty continues" in sentences  # a heading is its own sentence
    assert sentences[1].endswith("would be “destroyed”.")


def test_abbreviations_and_initials_do_not_end_sentences():
    assert texts("Mr. Smith met Dr. Jones in the U.S. on Friday. J. K. Rowling was there.") == [
        "Mr. Smith met Dr. Jones in the U.S. on Friday.", "J. K. Rowling was there."]


def test_numbers_and_lower_case_continue_the_sentence():
    assert texts("It rose 2.5 percent. then fell. Really? Yes!") == [
        "It rose 2.5 percent. then fell.", "Really?", "Yes!"]


def test_indices_are_consecutive():
    assert [s.index for s in split_sentences(SEED)] == list(range(len(split_sentences(SEED))))


@given(st.text(max_size=400))
def test_sentences_are_ordered_non_overlapping_stripped_spans(text):
    previous_end = 0
    for sentence in split_sentences(text):
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start:sentence.end] == sentence.text == sentence.text.strip()
        previous_end = sentence.end
