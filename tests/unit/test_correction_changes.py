"""What a correction lists: every change a reader can see between two publications, and nothing else."""

from factcheck.i18n import kept_words
from factcheck.services.claims.corrections import describe_changes

LABELS = {"false": "False", "mostly-false": "Mostly false"}
BEFORE = {
    "text": "Order has been restored.", "claimant": "Tokayev", "claimed_at": "2022-01-07",
    "quote": "order had been restored in Kazakhstan",
    "verdict": {"rating": "false", "summary": "Fighting went on.", "explanation": "TASS reported shots."},
    "evidence": {"1": {"source": "Shots overnight", "stance": "contradicts", "quote": "shots"},
                 "2": {"source": "Fighting on Friday", "stance": "contradicts", "quote": "fighting"}},
    "links": {"7": {"relation": "Contradicts", "other": 3}},
}


def test_nothing_changed_lists_nothing():
    assert describe_changes(BEFORE, BEFORE, LABELS) == []


AFTER = {
        **BEFORE, "text": "Order has been fully restored.", "claimant": "Kassym-Jomart Tokayev",
        "quote": "order had been fully restored in Kazakhstan",
        "verdict": {"rating": "mostly-false", "summary": "Fighting went on that morning.",
                    "explanation": "TASS reported shots."},
        "evidence": {"1": {"source": "Shots overnight", "stance": "context", "quote": "shots"},
                     "9": {"source": "Police statement", "stance": "supports", "quote": ""}},
        "links": {"8": {"relation": "Updated by", "other": 5}},
    }


def said(changes: list[str], app, language: str = "en") -> list[str]:
    """The kept lines as a reader of `language` reads them."""
    with app.test_request_context(headers={"Accept-Language": language}):
        return [kept_words(change) for change in changes]


def test_each_visible_change_is_one_sentence_in_page_order(app):
    assert said(describe_changes(BEFORE, AFTER, LABELS), app) == [
        "The claim now reads “Order has been fully restored.” (was “Order has been restored.”).",
        "Claimant changed from Tokayev to Kassym-Jomart Tokayev.",
        "The statement is now quoted as “order had been fully restored in Kazakhstan”.",
        "Verdict changed from False to Mostly false.",
        "Summary of the verdict revised: “Fighting went on that morning.”.",
        "Source added: “Police statement” (supports).",
        "Source removed: “Fighting on Friday” (contradicts).",
        "Source revised: “Shots overnight” (context).",
        "Related claim added: updated by claim 5.",
        "Related claim removed: contradicts claim 3.",
    ]


def test_a_russian_reader_reads_each_change_in_russian(app):
    assert said(describe_changes(BEFORE, AFTER, LABELS), app, "ru") == [
        "Утверждение теперь звучит так: «Order has been fully restored.» (было: «Order has been restored.»).",
        "Автор высказывания изменён: был Tokayev, теперь Kassym-Jomart Tokayev.",
        "Высказывание теперь цитируется так: «order had been fully restored in Kazakhstan».",
        "Вердикт изменён: был «Неправда», теперь «В основном неправда».",
        "Краткий вывод вердикта изменён: «Fighting went on that morning.».",
        "Добавлен источник: «Police statement» (подтверждает).",
        "Удалён источник: «Fighting on Friday» (опровергает).",
        "Изменён источник: «Shots overnight» (контекст).",
        "Добавлена связь с утверждением 5: обновлено.",
        "Удалена связь с утверждением 3: опровергает.",
    ]


def test_lines_kept_as_english_text_before_are_shown_as_they_are(app):
    assert said(["Verdict revised."], app, "ru") == ["Verdict revised."]


def test_an_explanation_rewritten_is_named_without_quoting_it(app):
    after = {**BEFORE, "verdict": {**BEFORE["verdict"], "explanation": "Rewritten."}}
    assert said(describe_changes(BEFORE, after, LABELS), app) == ["Explanation of the verdict revised."]
