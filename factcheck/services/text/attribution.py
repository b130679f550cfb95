"""Attributed statements in an article's text, offered as claim candidates (a pure function).

Rules over our own sentence splitter, no statistical model: a statement is attributed when its sentence
says "according to X, …" (or "…, according to X"), "X said (that) …" with a reporting verb, or
"“…,” X said". X must look like someone who can make a claim (a name, a role such as "a police
spokesman", a body or a medium); "he"/"she", a bare surname and "the president" are resolved to the
person named earlier in the article. Each hint carries the statement's span in code points
(quote == text[start:end]), the suggested claimant and, where one is named, a suggested source.
"""

import re
from dataclasses import dataclass, field

from factcheck.services.text.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Hint:
    start: int
    end: int
    quote: str
    claimant: str
    source: str | None = None


REPORTING_VERBS = frozenset("""
    say says said tell tells told state states stated claim claims claimed announce announces announced
    report reports reported warn warns warned insist insists insisted add adds added argue argues argued
    confirm confirms confirmed write writes wrote tweet tweets tweeted estimate estimates estimated
    note notes noted explain explains explained acknowledge acknowledges acknowledged admit admits admitted
    allege alleges alleged declare declares declared maintain maintains maintained predict predicts predicted
    promise promises promised stress stresses stressed assure assures assured reveal reveals revealed
    emphasise emphasises emphasised emphasize emphasizes emphasized assert asserts asserted contend contends
    contended concede concedes conceded pledge pledges pledged vow vows vowed suggest suggests suggested
    believe believes believed
    """.split())
# Verbs whose statement may follow without "that" ("Tokayev said order had been restored").
BARE_VERBS = frozenset("say says said believe believes believed".split())
# Words that say who someone is: a subject holding one can make a claim without a capitalised name.
ROLE_WORDS = frozenset("""
    spokesman spokeswoman spokesperson spokespeople official officials minister ministry ministers president
    government authorities authority police journalists journalist reporters reporter correspondent
    correspondents witnesses witness eyewitnesses residents resident experts expert analysts analyst agency
    television tv radio newspaper broadcaster channel figures statistics data report reports survey study
    poll sources source army military commander commanders officer officers doctors doctor hospital
    organisation organization group company lawyer lawyers prosecutor prosecutors court judge committee
    council party campaign union observers activists diplomats diplomat scientists researchers economists
    medics rescuers leader leaders chief head mayor governor director chairman chairwoman ceo secretary
    ambassador envoy adviser advisers aide aides critics opponents supporters protesters organisers
    organizers people staff workers teachers nurses farmers officials' board bank regulator regulators
    inspectors investigators department office agencies watchdog observatory institute spokesmen sources'
    commission unit service mission staff coach author councillor analyst union
    """.split())
# Words in a name that make it a body rather than a person ("Athletics Integrity Unit", "Social Party").
ORGANISATION_WORDS = frozenset("""
    unit agency office ministry department institute party union alliance commission council court bank group
    company association organisation organization service committee foundation network mission police army
    forces chemicals inc ltd corp news times post television radio tv press staff government authorities
    """.split())
HONORIFICS = frozenset("dr prof professor mr mrs ms miss sir dame".split())
TITLES = frozenset("""
    president minister secretary chancellor governor mayor senator general chief director chairman chairwoman
    ceo leader king queen prince princess pope judge ambassador commissioner spokesman spokeswoman
    spokesperson premier prime foreign defence defense interior deputy vice commander prosecutor
    councillor author coach champion
    """.split())
# Subjects that are mediums of record: the claimant is also the suggested source.
MEDIUM_WORDS = frozenset("""
    agency television tv radio newspaper broadcaster channel figures statistics data report survey study
    poll website magazine daily wire
    """.split())
DETERMINERS = frozenset("a an the".split())
# Words between a subject and its verb that belong to neither ("he also said", "officials have said").
SUBJECT_TAIL = frozenset("also has have had later earlier previously repeatedly again then further "
                         "separately meanwhile too initially first".split())
NOT_SUBJECTS = frozenset("it this that these those there what which who whom whose where when why how "
                         "i we you they one some many most all it's as if while because".split())
PRONOUNS = frozenset({"he", "she"})
MAX_SUBJECT_WORDS = 10
MIN_STATEMENT_WORDS = 3
MAX_ADJUNCT_WORDS = 10  # "said in a televised address Friday morning that …"
SOURCE_PHRASE = re.compile(
    r"\b(?:in|on|during)\s+(?:a|an|the|his|her|its|their)\s+"
    r"((?:[\w-]+\s+){0,2}?(?:address|statement|speech|interview|broadcast|briefing|press conference|"
    r"news conference|letter|video|message|post|tweet|report))\b"
    r"(?:\s+(?:with|to|on)\s+((?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*))?")
_WORD = re.compile(r"[\w’'-]+")
_ACCORDING_LEAD = re.compile(r"(?i)\baccording to\s+")
_ACCORDING_TAIL = re.compile(r"(?i),?\s+according to\s+([^,;:]{2,80}?)\s*[.!?]?$")
_VERB = re.compile(r"\b(" + "|".join(sorted(REPORTING_VERBS, key=len, reverse=True)) + r")\b")
_THAT = re.compile(r"\bthat\s+")
# "“…,” Tokayev said." / "…, the ministry said on Friday." / "“…,” said the minister."
_SAY = "|".join(sorted(REPORTING_VERBS, key=len, reverse=True))
# "“…,” Tokayev said." / "…, the ministry said on Friday." / "“…,” said Olena Kovalenko, the minister."
_TRAILING = re.compile(
    r"^(?P<statement>.+?)(?:,\s*[”\"’]|[.!?]?[”\"’]\s*|,)\s+"
    r"(?:(?P<subject>[^,“”\"]{1,80}?)\s+(?P<verb>" + _SAY + r")"
    r"|(?P<verb2>said|says|added|wrote|told)\s+(?P<subject2>[^,“”\"]{1,80}?)(?:,[^“”\"]{1,100})?)"
    r"(?P<adjunct>\s+[^“”\",]{1,60})?\s*[.!?]?$")
_ADJUNCT = re.compile(r"\s*(?:on|in|at|during|late|early|earlier|last|this|yesterday|today|to|a|an|friday|monday|"
                      r"tuesday|wednesday|thursday|saturday|sunday)\b", re.I)
_NOT_A_STATEMENT = re.compile(
    r"\s+(?:on|in|at|during|by|with|to|for|of|about|so|nothing|it|no|this|yes|goodbye|that)\b", re.I)
_STARTS_WORD = re.compile(r"\s+[\w“\"‘]")
_TOLD_WHOM = re.compile(r"\s*((?:the\s+)?[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*)*)\b")
_TITLED_NAME = re.compile(r"\b(?:President|Minister|Secretary|Chancellor|Governor|Mayor|Senator|General|Judge|Premier|"
                          r"Ambassador|Commissioner)\s+((?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)")
_OPENING_QUOTES = "“\"‘"
_CLOSING_PUNCT = ".!?;:,"
_PASSIVE = frozenset("was were is are be been being".split())


@dataclass
class _People:
    """Who the article has named so far, to resolve "he", "Tokayev", "the president" and "the agency"."""

    last_person: str | None = None
    last_group: str | None = None  # a plural claimant of the sentence before, for "they"
    by_surname: dict[str, str] = field(default_factory=dict)
    by_title: dict[str, str] = field(default_factory=dict)
    by_kind: dict[str, str] = field(default_factory=dict)  # "agency" → "National emergency agency"

    def remember_person(self, name: str, titles=()) -> None:
        self.last_person = name
        self.by_surname.setdefault(name.split()[-1].lower(), name)
        for title in titles:
            self.by_title[title] = name

    def remember_body(self, name: str) -> None:
        for word in _words(name.lower()):
            if word in ROLE_WORDS or word in ORGANISATION_WORDS:
                self.by_kind[word] = name

    def resolve(self, words: list[str]) -> str | None:
        lowered = [w.lower() for w in words]
        if len(words) == 1:
            if lowered[0] in PRONOUNS:
                return self.last_person
            if lowered[0] == "they":
                return self.last_group
            return self.by_surname.get(lowered[0])
        if len(words) == 2 and lowered[0] == "the":
            return self.by_title.get(lowered[1]) or self.by_kind.get(lowered[1])
        return None

    def notice(self, sentence: str) -> None:
        """Remember people named with a title; a sentence that starts with a person already named makes them the
        one "he" or "she" means."""
        for titled in _TITLED_NAME.finditer(sentence):
            name = titled.group(1)
            if " " in name:
                self.by_surname.setdefault(name.split()[-1].lower(), name)
        first = _words(sentence[:60])
        for word in first[:4]:
            if word.lower() in self.by_surname:
                self.last_person = self.by_surname[word.lower()]
                return


def _words(phrase: str) -> list[str]:
    return _WORD.findall(phrase)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _claimant(subject: str, people: _People, sentence_initial: bool) -> tuple[str, str | None] | None:
    """(claimant, suggested source) for a subject phrase, or None when it cannot be a claimant."""
    subject = subject.strip(" ,;:–—-")
    words = _words(subject)
    if not words or len(words) > MAX_SUBJECT_WORDS or any(q in subject for q in "“”\"()"):
        return None
    while len(words) > 1 and words[-1].lower() in SUBJECT_TAIL:
        words = words[:-1]
    lowered = [w.lower() for w in words]
    resolved = people.resolve(words)
    if resolved:
        return resolved, None
    if lowered[0] in NOT_SUBJECTS or lowered[0] in PRONOUNS or any(w in _PASSIVE for w in lowered):
        return None
    body = words[1:] if lowered[0] in DETERMINERS else words
    if not body:
        return None
    names = [w for i, w in enumerate(body) if _is_capitalised(w) and not (i == 0 and sentence_initial
                                                                         and w.lower() in ROLE_WORDS)]
    has_role = any(w.lower() in ROLE_WORDS for w in body)
    if not names and not has_role:
        return None
    if not has_role and sentence_initial and len(body) == 1 and body[0] == words[0] and not _looks_like_name(body[0]):
        return None
    return _name_and_source(body, people)


def _looks_like_name(word: str) -> bool:
    """A sentence-initial capitalised word that is a name rather than an ordinary word."""
    return word.isupper() or word.lower() not in _COMMON_STARTERS


_COMMON_STARTERS = frozenset("but and so yet still however meanwhile instead also then now today yesterday "
                             "earlier later many some most few others several both each critics".split())


def _is_body(words: list[str]) -> bool:
    return any(w.lower() in ORGANISATION_WORDS for w in words) or (len(words) == 1 and words[0].isupper())


def _name_and_source(body: list[str], people: _People) -> tuple[str, str | None]:
    """The claimant's name from a subject's words, remembering people; a medium is also the source."""
    lowered = [w.lower() for w in body]
    # The name follows the last word saying who they are: "Kazakh President Kassym-Jomart Tokayev", "the agency TASS".
    title_at = max((i for i, w in enumerate(lowered) if w in TITLES or w in ROLE_WORDS), default=-1)
    tail = [w for w in body[title_at + 1:] if w.lower() not in HONORIFICS]
    name_words = tail if tail and all(_is_capitalised(w) for w in tail) else []
    is_medium = any(w in MEDIUM_WORDS for w in lowered)
    if not name_words and not is_medium and all(_is_capitalised(w) for w in body) and len(body) <= 4:
        name_words = [w for w in body if w.lower() not in HONORIFICS] or body  # "Vladimir Putin", "Social Party"
    if not name_words and not is_medium:
        name_words = _trailing_name(body)  # "Climate scientist Dr Laura Pinto"
    if name_words:
        name = " ".join(name_words)
        known = people.by_surname.get(name.lower()) if len(name_words) == 1 else None
        if known:
            people.last_person = known
            return known, None
        if _is_body(name_words) or is_medium:
            people.remember_body(name)
        else:
            people.remember_person(name, [lowered[i] for i in range(title_at + 1) if lowered[i] in TITLES])
        return name, name if is_medium else None
    phrase = " ".join(body)
    claimant = phrase[0].upper() + phrase[1:]
    people.remember_body(claimant)
    return claimant, claimant if is_medium else None


_LINKING_WORDS = frozenset("at the of for in from with and on by to".split())


def _trailing_name(body: list[str]) -> list[str]:
    """Two or more capitalised words ending the phrase after a word that describes them, else nothing."""
    words = [w for w in body if w.lower() not in HONORIFICS]
    run = 0
    while run < len(words) and _is_capitalised(words[-1 - run]):
        run += 1
    if run < 2 or run == len(words) or words[-1 - run].lower() in _LINKING_WORDS:
        return []
    return words[-run:]


def statement_span(sentence: Sentence, start: int, end: int) -> tuple[int, int] | None:
    """The span of sentence.text[start:end] without surrounding space and final punctuation, absolute."""
    text = sentence.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _CLOSING_PUNCT):
        end -= 1
    if len(_words(text[start:end])) < MIN_STATEMENT_WORDS:
        return None
    return sentence.start + start, sentence.start + end


def _according_to(sentence: Sentence, people: _People) -> tuple[int, int, str, str | None] | None:
    text = sentence.text
    lead = _ACCORDING_LEAD.search(text)
    if lead:
        comma = text.find(",", lead.end())
        if comma != -1:
            who = _claimant(text[lead.end():comma], people, sentence_initial=False)
            span = statement_span(sentence, comma + 1, len(text))
            if who and span:
                return (*span, *who)
    tail = _ACCORDING_TAIL.search(text)
    if tail and tail.start() > 0:
        who = _claimant(tail.group(1), people, sentence_initial=False)
        span = statement_span(sentence, 0, tail.start())
        if who and span:
            return (*span, *who)
    return None


def _source_in(adjunct: str) -> str | None:
    """A medium named around a reporting verb: "in a televised address", "told Reuters"."""
    found = SOURCE_PHRASE.search(adjunct)
    if found:
        return found.group(2) or found.group(1)
    told = _TOLD_WHOM.match(adjunct)
    return told.group(1) if told and told.group(1).split()[-1].lower() not in ROLE_WORDS else None


def _subject_before(text: str, verb_start: int) -> tuple[str, bool]:
    """The subject phrase before a verb: after the clause's last comma, or a name in apposition."""
    before = text[:verb_start]
    comma = before.rfind(",")
    if comma == -1:
        return before, True
    after_comma = before[comma + 1:]
    if after_comma.strip():
        return after_comma, False
    first = before.find(",")  # "His lawyer, Eva Novak, argued …", "Dmitry Peskov, the Kremlin's spokesman, said …"
    if first == comma:
        return "", False
    middle = _words(before[first + 1:comma])
    if middle and len(middle) <= 4 and all(_is_capitalised(w) for w in middle):
        return before[first + 1:comma], False
    return before[:first], True


def _complement(sentence: Sentence, verb_end: int, verb: str) -> tuple[tuple[int, int], str | None] | None:
    """Where the reported statement after a verb is, and a source named between them."""
    text = sentence.text
    rest = text[verb_end:]
    that = _THAT.search(rest, 0, 120)
    if that and len(_words(rest[:that.start()])) <= MAX_ADJUNCT_WORDS and "," not in rest[:that.start()]:
        adjunct = rest[:that.start()]
        if verb in {"tell", "tells", "told"} or not adjunct.strip() or _ADJUNCT.match(adjunct):
            span = statement_span(sentence, verb_end + that.end(), len(text))
            return (span, _source_in(adjunct)) if span else None
    if verb not in BARE_VERBS or not _STARTS_WORD.match(rest) or _NOT_A_STATEMENT.match(rest):
        return None
    span = statement_span(sentence, verb_end, len(text))
    return (span, None) if span else None


def _reporting_verb(sentence: Sentence, people: _People) -> tuple[int, int, str, str | None] | None:
    text = sentence.text
    for verb in _VERB.finditer(text):
        if verb.start() == 0 or text.startswith(" to ", verb.end()):  # "residents told to stay inside"
            continue
        subject, initial = _subject_before(text, verb.start())
        if not subject.strip() or any(q in subject for q in "“”\""):
            continue
        placed = _complement(sentence, verb.end(), verb.group(1))
        if placed is None:
            continue
        who = _claimant(subject, people, sentence_initial=initial)
        if who is None:
            continue
        (start, end), source = placed
        return start, end, who[0], source or who[1]
    return None


def _trailing(sentence: Sentence, people: _People) -> tuple[int, int, str, str | None] | None:
    found = _TRAILING.match(sentence.text)
    if not found:
        return None
    verb = found.group("verb") or found.group("verb2")
    adjunct = found.group("adjunct") or ""
    if adjunct and verb not in {"told", "tell", "tells"} and not _ADJUNCT.match(adjunct):
        return None
    if verb in {"told", "tell", "tells"} and adjunct.startswith(" to "):
        return None
    who = _claimant(found.group("subject") or found.group("subject2"), people, sentence_initial=False)
    if who is None:
        return None
    start, end = found.span("statement")
    opening = max(sentence.text.rfind(q, start, end) for q in "“\"")
    if opening != -1 and sentence.text[end:end + 3].lstrip(",.!?")[:1] in "”\"":
        start = opening + 1  # only the quoted words: "… 3 a.m. “The whole sky was orange,” said …"
    span = statement_span(sentence, start, end)
    if span is None:
        return None
    return (*span, who[0], _source_in(adjunct) if adjunct else who[1])


def _is_group(claimant: str) -> bool:
    last = claimant.split()[-1]
    return last.endswith("s") and (last.islower() or last.lower() in ROLE_WORDS)


def attribution_hints(text: str, language: str | None = None) -> list[Hint]:
    """Each attributed statement of `text`, in text order, with its claimant and any source named; by the rules
    of its language (Russian: services.attribution_ru; any other: the English rules)."""
    if language == "ru":
        from factcheck.services.text.attribution_ru import attribution_hints_ru

        return attribution_hints_ru(text)
    people = _People()
    hints: list[Hint] = []
    for sentence in split_sentences(text):
        people.notice(sentence.text)
        found = _according_to(sentence, people) or _trailing(sentence, people) or _reporting_verb(sentence, people)
        people.last_group = None
        if found:
            start, end, claimant, source = found
            hints.append(Hint(start, end, text[start:end], claimant, source))
            if _is_group(claimant):
                people.last_group = claimant
    return hints
