"""Attribution hints found in text: pure functions, no database."""

from importlib.resources import files

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.services.text.attribution import attribution_hints

SEED = files("factcheck").joinpath("data/seed-article.txt").read_text()


def hints_by_claimant(text: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for hint in attribution_hints(text):
        found.setdefault(hint.claimant, []).append(hint)
    return found


def only(text: str):
    hints = attribution_hints(text)
    assert len(hints) == 1, hints
    return hints[0]


def test_the_seed_article_offers_each_attributed_statement_with_its_claimant():
    found = hints_by_claimant(SEED)
    tokayev = [hint.quote for hint in found["Kassym-Jomart Tokayev"]]
    assert len(tokayev) >= 3
    assert "order had been restored in Kazakhstan" in tokayev
    assert "Almaty is threatened by “twenty thousand bandits”" in tokayev
    tass = found["TASS"][0]
    assert tass.quote.startswith("shots were fired late into the night") and tass.source == "TASS"
    assert found["Official figures"][0].quote.startswith("26 protesters")
    assert found["Police spokesman"][0].quote.startswith("“dozens of attackers have been eliminated”")
    assert found["Kazakh state television"][0].source == "Kazakh state television"
    assert found["Journalists"][0].quote == "there is fighting in the city"


def test_according_to_leads_or_follows_the_statement():
    lead = only("According to the Interior Ministry, 300 people were detained overnight.")
    assert (lead.claimant, lead.quote) == ("Interior Ministry", "300 people were detained overnight")
    tail = only("Prices rose by 4% in March, according to the statistics office.")
    assert (tail.claimant, tail.quote) == ("Statistics office", "Prices rose by 4% in March")


def test_a_reporting_verb_with_that_skips_the_words_between():
    hint = only("A police spokesman said on Thursday that dozens of attackers had been eliminated.")
    assert (hint.claimant, hint.quote) == ("Police spokesman", "dozens of attackers had been eliminated")
    told = only("Opposition leader Katalin Szabo told Reuters on Monday that her observers saw ballot stuffing.")
    assert (told.claimant, told.source) == ("Katalin Szabo", "Reuters")


def test_a_quotation_followed_by_its_speaker_gives_the_quoted_words():
    hint = only("“We will not negotiate with bandits,” said Olena Kovalenko, the energy minister.")
    assert (hint.claimant, hint.quote) == ("Olena Kovalenko", "We will not negotiate with bandits")


def test_the_name_after_a_description_is_the_claimant():
    hint = only("Climate scientist Dr Laura Pinto said heatwaves had become five times more likely.")
    assert hint.claimant == "Laura Pinto"
    analyst = only("A military analyst at the Institute for Strategic Studies said the front had not moved.")
    assert analyst.claimant == "Military analyst at the Institute for Strategic Studies"


def test_he_a_surname_and_the_president_are_the_person_named_before():
    text = ("President Anna Berg said in a speech that taxes would fall. She said the budget was balanced. "
            "Berg said that inflation was over. The president said exports had doubled.")
    hints = attribution_hints(text)
    assert [hint.claimant for hint in hints] == ["Anna Berg"] * 4
    assert hints[0].source == "speech"


def test_sentences_without_an_attribution_offer_nothing():
    text = ("The bridge collapsed on Monday. Residents were told to stay indoors. It was said to be safe. "
            "The report, which was published in May, runs to 300 pages. What he said is unclear.")
    assert attribution_hints(text) == []


def test_a_hint_never_spans_two_sentences():
    text = "Officials said prices were stable. Shops were closed all week."
    assert only(text).quote == "prices were stable"


def test_offsets_count_code_points_after_emoji_and_cyrillic():
    sentence = "Tokayev said order had been restored in Kazakhstan."
    plain = only(sentence)
    prefix = "🇰🇿 Токаев 🙂\n"
    shifted = only(prefix + sentence)
    assert shifted.start == plain.start + len(prefix) and shifted.quote == plain.quote
    assert (prefix + sentence)[shifted.start:shifted.end] == shifted.quote


WORDS = st.sampled_from([
    "According", "to", "the", "agency,", "Tokayev", "said", "that", "order", "had", "been", "restored", "“",
    "”", "police", "spokesman", "journalists", "report", "he", "told", "Reuters", "Токаев", "🙂", ",", ".", "\n",
    "official", "figures", "President", "Anna", "Berg", "is", "was", "“Yes,”", "said.",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=60).map(" ".join))
def test_every_quote_is_the_text_at_its_span_in_order_and_apart(text):
    hints = attribution_hints(text)
    previous_end = 0
    for hint in hints:
        assert hint.quote == text[hint.start:hint.end]
        assert 0 <= hint.start < hint.end <= len(text) and hint.quote.strip() == hint.quote
        assert hint.start >= previous_end and hint.claimant.strip()
        previous_end = hint.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_text_at_all_gives_valid_spans(text):
    for hint in attribution_hints(text):
        assert hint.quote == text[hint.start:hint.end] and hint.quote
