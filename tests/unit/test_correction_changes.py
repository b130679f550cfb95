"""What a correction lists: every change a reader can see between two publications, and nothing else."""

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


def test_each_visible_change_is_one_sentence_in_page_order():
    after = {
        **BEFORE, "text": "Order has been fully restored.", "claimant": "Kassym-Jomart Tokayev",
        "quote": "order had been fully restored in Kazakhstan",
        "verdict": {"rating": "mostly-false", "summary": "Fighting went on that morning.",
                    "explanation": "TASS reported shots."},
        "evidence": {"1": {"source": "Shots overnight", "stance": "context", "quote": "shots"},
                     "9": {"source": "Police statement", "stance": "supports", "quote": ""}},
        "links": {"8": {"relation": "Updated by", "other": 5}},
    }
    assert describe_changes(BEFORE, after, LABELS) == [
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


def test_an_explanation_rewritten_is_named_without_quoting_it():
    after = {**BEFORE, "verdict": {**BEFORE["verdict"], "explanation": "Rewritten."}}
    assert describe_changes(BEFORE, after, LABELS) == ["Explanation of the verdict revised."]
