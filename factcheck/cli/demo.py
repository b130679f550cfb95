"""The demo data: the seed article with its claims, sources, verdicts and links."""

from importlib.resources import files

from sqlalchemy import select

from factcheck.extensions import db
from factcheck.models import Article, Claimant, User
from factcheck.services.accounts import users
from factcheck.services.articles import articles
from factcheck.services.claims import claims, evidence as sources, links, verdicts, workflow
from factcheck.services.site import transparency
from factcheck.services.articles.articles import text_sha256
from factcheck.services.claims.ratings import ensure_default_ratings

DEMO_PASSWORD = "demo-password"
DEMO_USERS = [
    ("factchecker@example.org", "factchecker", "Farida Fact-checker"),
    ("editor@example.org", "editor", "Erik Editor"),
    ("admin@example.org", "admin", "Ada Admin"),
]
ORGANISATIONS = {"TASS", "Kazakh authorities", "Almaty police", "CSTO", "Journalists in Almaty"}

ARTICLE = {
    "title": "Tokayev orders troops to fire without warning as violence continues in Almaty",
    "url": "https://news.example/world/kazakhstan-tokayev-fire-without-warning",
    "outlet": "News Example",
    "author": "Foreign desk",
    "published_at": "2022-01-07T12:00:00+00:00",
    "language": "en",
}

SOURCES = {
    "address": dict(url="https://akorda.example/addresses/2022-01-07", kind="official_statement",
                    title="Televised address of the President, 7 January 2022",
                    publisher="Office of the President of Kazakhstan", published_at="2022-01-07"),
    "tass": dict(url="https://tass.example/world/almaty-shots-fired-overnight", kind="news_report",
                 title="Shots fired overnight in central Almaty, TV building set on fire",
                 publisher="TASS", published_at="2022-01-07"),
    "wire": dict(url="https://wire.example/kazakhstan/almaty-fighting-friday-morning", kind="news_report",
                 title="Fighting continues in Almaty on Friday morning, journalists report",
                 publisher="Wire Example", published_at="2022-01-07"),
    "figures": dict(url="https://gov.example/kz/2022-01-07-casualty-figures", kind="official_statement",
                    title="Official figures: 26 armed criminals killed", publisher="Government of Kazakhstan",
                    published_at="2022-01-07"),
    "police": dict(url="https://police.example/almaty/2022-01-06-statement", kind="official_statement",
                   title="Police spokesman: dozens of attackers eliminated", publisher="Almaty police",
                   published_at="2022-01-06"),
    "statetv": dict(url="https://statetv.example/2022-01-07-security-forces-casualties", kind="news_report",
                    title="18 police and national guard members killed, 748 injured",
                    publisher="Kazakh state television", published_at="2022-01-07"),
    "csto": dict(url="https://csto.example/news/2022-01-07-peacekeeping-contingent", kind="official_statement",
                 title="CSTO collective peacekeeping forces deployed to Kazakhstan", publisher="CSTO",
                 published_at="2022-01-07"),
    "arrests": dict(url="https://interior.example/kz/2022-01-07-detentions", kind="official_statement",
                    title="More than 3,000 people detained", publisher="Ministry of Internal Affairs of Kazakhstan",
                    published_at="2022-01-07"),
}


def archived(url: str) -> str:
    """Where the desk archived a source on the day (the demo's sites are fictional, and so is the archive)."""
    return "https://archive.example/20220107/" + url.removeprefix("https://")


# key: (exact quote, claim text, claimant, status, rating, summary, explanation, evidence)
CLAIMS = {
    "restored": (
        "order had been restored in Kazakhstan", "Order has been restored in Kazakhstan.",
        "Kassym-Jomart Tokayev", "published", "false",
        "Shots and fighting were reported in Almaty the night before and the same morning.",
        "Tokayev said on Friday that order **had been restored**. The same article reports, citing TASS, "
        "that shots were fired late into Thursday night in the centre of Almaty and that a television "
        "building was set on fire, and journalists reported fighting in the city on Friday morning.\n\n"
        "Nothing in the available reports shows that order had been restored when he spoke.",
        [("address", "context", "order had been restored in Kazakhstan", "The claim as made."),
         ("tass", "contradicts", "shots were fired late into the night in the center of Almaty on Thursday", ""),
         ("wire", "contradicts", "there is fighting in the city", "Reported on Friday morning.")],
    ),
    "shots": (
        "shots were fired late into the night in the center of Almaty on Thursday",
        "Shots were fired late into the night in the centre of Almaty on Thursday.",
        "TASS", "published", "mostly-true",
        "Consistent with other reporting, though TASS is the only named source.",
        "TASS reported shots in central Almaty through Thursday night. Journalists in the city reported "
        "fighting the next morning, which fits; no independent count of the shooting exists.",
        [("tass", "supports", "shots were fired late into the night in the center of Almaty on Thursday", ""),
         ("wire", "supports", "there is fighting in the city", "Fighting continued the next morning.")],
    ),
    "fighting": (
        "journalists report that there is fighting in the city", "There was fighting in Almaty on Friday morning.",
        "Journalists in Almaty", "in_review", "true",
        "Several journalists on the ground reported fighting on Friday morning.",
        "Reports from journalists in Almaty on Friday morning describe ongoing fighting in the city.",
        [("wire", "supports", "there is fighting in the city", "")],
    ),
    "killed": (
        "26 protesters, who are called “armed criminals” by the authorities, have been killed",
        "26 protesters have been killed.", "Kazakh authorities", "published", "mixed",
        "The official figure; the police's own statement suggests the toll may be higher.",
        "Official figures give 26 dead among the protesters. A police spokesman had said the day before "
        "that *dozens* of attackers were eliminated, and state television reported 18 deaths among the "
        "security forces. The figure cannot be checked independently.",
        [("figures", "supports", "26 armed criminals killed", ""),
         ("police", "contradicts", "dozens of attackers have been eliminated", "Implies a higher toll.")],
    ),
    "dozens": (
        "dozens of attackers have been eliminated", "Dozens of attackers have been eliminated.",
        "Almaty police", "in_review", "unproven",
        "No figure or evidence was given; the official count the next day was 26.",
        "The spokesman gave no number. Official figures released on Friday counted 26 protesters killed.",
        [("police", "supports", "dozens of attackers have been eliminated", ""),
         ("figures", "contradicts", "26 armed criminals killed", "")],
    ),
    "troops": (
        "Putin is sending a total of 2,500 troops to Kazakhstan", "Russia is sending 2,500 troops to Kazakhstan.",
        "CSTO", "published", "true", "The CSTO confirmed a contingent of about 2,500 troops.",
        "The troops are part of the CSTO's collective peacekeeping force led by Russia.",
        [("csto", "supports", "collective peacekeeping forces", "")],
    ),
    "arrests": (
        "More than 3,000 protesters have been arrested", "More than 3,000 protesters have been arrested.",
        "Kazakh authorities", "in_review", "mostly-true",
        "The interior ministry reported over 3,000 detentions; not all were protesters.",
        "The ministry counted detentions, which include people who were not protesting.",
        [("arrests", "supports", "More than 3,000 people detained", "")],
    ),
    "bandits": (
        "Almaty is threatened by “twenty thousand bandits”",
        "Almaty is threatened by twenty thousand bandits.", "Kassym-Jomart Tokayev", "draft", "unproven",
        "No evidence was offered for the figure.", "",
        [("address", "context", "twenty thousand bandits", "")],
    ),
}

LINKS = [("shots", "restored", "contradicts", "TASS reports shots in the night before the claim."),
         ("fighting", "restored", "contradicts", "Fighting reported the same morning."),
         ("dozens", "killed", "contradicts", "\u201cDozens\u201d against an official 26."),
         ("fighting", "shots", "supports", "Fighting the next morning fits the overnight shots.")]


def ensure_demo_users() -> dict[str, User]:
    made = {}
    for email, role, name in DEMO_USERS:
        made[role] = users.find_user(email) or users.create_user(email, role, DEMO_PASSWORD, name)
    return made


def _correct(editor: User, claim, source) -> None:
    """A correction as a desk makes one: reopen, add what was missing, republish with a public note."""
    workflow.transition(editor, claim, "in_review")
    sources.attach_evidence(editor, claim, source=source, stance="context",
                            quote="18 police and national guard members killed, 748 injured",
                            note="Deaths among the security forces, not counted in the 26.")
    workflow.transition(editor, claim, "published", note="We added state television's count of deaths among "
                        "the security forces, which the official figure of 26 does not include.")


def load_demo() -> bool:
    """Load the seed article and its fact-checks; False when they are already there."""
    ensure_default_ratings()
    staff = ensure_demo_users()
    transparency.write_default_pages(staff["admin"])  # methodology, corrections policy, ownership, contact
    text = files("factcheck.data").joinpath("seed-article.txt").read_text(encoding="utf-8")
    if db.session.scalar(select(Article.id).where(Article.text_sha256 == text_sha256(text.strip()))):
        return False
    checker, editor = staff["factchecker"], staff["editor"]
    article = articles.create_article(checker, text=text, **ARTICLE)
    cited = {key: sources.find_or_create_source(checker, archive_url=archived(data["url"]), **data)[0]
             for key, data in SOURCES.items()}
    made = {}
    for key, (exact, text_, claimant, _status, rating, summary, explanation, evidence) in CLAIMS.items():
        claim = claims.create_claim(checker, article=article, text=text_, claimant=claimant,
                                    selector={"type": "TextQuoteSelector", "exact": exact})
        for source_key, stance, quote, note in evidence:
            sources.attach_evidence(checker, claim, source=cited[source_key], stance=stance, quote=quote, note=note)
        verdicts.set_verdict(checker, claim, rating=rating, summary=summary, explanation=explanation)
        made[key] = claim
    for a, b, relation, note in LINKS:  # linked before publishing: a published claim's links are locked
        links.link_claims(checker, made[a], made[b], relation, note)
    for key, claim in made.items():
        status = CLAIMS[key][3]
        if status in ("in_review", "published"):
            workflow.transition(checker, claim, "in_review")
        if status == "published":
            workflow.transition(editor, claim, "published")
    _correct(editor, made["killed"], cited["statetv"])
    for claimant in db.session.scalars(select(Claimant).where(Claimant.name.in_(ORGANISATIONS))):
        claimant.kind = "Organization"
    db.session.commit()
    return True
