"""Slugs for public URLs."""

from factcheck.services.text.slugs import slugify


def test_slugify_words():
    assert slugify("Order has been restored in Kazakhstan!") == "order-has-been-restored-in-kazakhstan"


def test_slugify_transliterates_and_never_returns_empty():
    assert slugify("Café “déjà vu”") == "cafe-deja-vu"
    assert slugify("!!!") == "claim"


def test_slugify_cuts_at_a_word_boundary():
    slug = slugify("word " * 40, max_length=22)
    assert slug == "word-word-word-word"
