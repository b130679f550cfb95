"""Attributed statements in a Russian text, offered as claim candidates (a pure function; see attribution).

Rules over our own sentence splitter, as for English: "По данным X, …" (also "По словам", "По информации",
"Как сообщает X, …", "Согласно X, …"), "По официальным данным, …" (the figures are the claimant),
"X заявил(а, и), что …" or "X сообщил: …" with a reporting verb, "«…», — заявил X" and "…, сообщило X".
X must look like someone who can make a claim: a name, a body ("Министерство внутренних дел"), a role
("Представитель полиции") or a medium. "Он"/"она" and a surname in any case ("Токаева") are resolved to the
person named earlier. A claimant named after "по данным" stays in the case the text has it in
("казахстанского телевидения"): no morphology beyond Snowball stems.
"""

import re

from factcheck.services.text.attribution import Hint, statement_span
from factcheck.services.text.languages import stem
from factcheck.services.text.sentences import Sentence, split_sentences

VERB_STEMS = ("заяв", "сообщ", "сказа", "отмет", "подчеркн", "поясн", "добав", "призна", "объяв", "написа",
              "рассказа", "утвержда", "счита", "уточн", "предупред", "настаива", "говор", "передаёт", "передает",
              "пишет", "сообща", "указа", "констатирова", "опроверг", "подтверд")
_VERB = r"(?:" + "|".join(VERB_STEMS) + r")[а-яё]*"
# Words saying who someone is (their Snowball stems): a lower-case subject holding one can make a claim.
ROLE_STEMS = frozenset(stem(word, "ru") for word in """
    представитель пресс-секретарь министр министерство ведомство глава президент премьер-министр аким акимат
    полиция власти правительство эксперт аналитик экономист наблюдатель журналист корреспондент жители житель
    жительница свидетель очевидец врач спасатель источник агентство телевидение телеканал газета издание
    комиссия комитет суд прокуратура прокурор адвокат депутат лидер партия директор председатель руководитель
    служба управление департамент штаб мэр губернатор посол посольство пресс-служба организаторы участники
    """.split())
TITLE_STEMS = frozenset(stem(word, "ru") for word in """
    президент министр глава премьер-министр аким представитель пресс-секретарь лидер председатель директор
    руководитель мэр губернатор посол депутат аналитик эксперт экономист прокурор адвокат
    """.split())
MEDIUM_STEMS = frozenset(stem(word, "ru") for word in """
    агентство телевидение телеканал газета издание тасс риа интерфакс радио сайт портал данные
    """.split())
PRONOUNS = frozenset("он она они".split())
MAX_SUBJECT_WORDS = 8
MIN_STATEMENT_WORDS = 3
_WORD = re.compile(r"[\w.’'-]+")
_CONNECTIVE = r"^(?:(?:Кроме того|При этом|Между тем|Тем временем|Однако),\s*)?"
_LEAD = re.compile(_CONNECTIVE + r"(?:По\s+(?:данным|словам|информации|сведениям|оценкам|мнению)|Как\s+(?:сообщает|сообщил[аои]?|"
                   r"пишет|передаёт|передает|заявил[аои]?)|Согласно(?:\s+данным)?)\s+(?P<who>[^,]{2,80}?),\s*", re.I)
_THEIR_WORDS = re.compile(_CONNECTIVE + r"По\s+(?:его|её|ее|их)\s+словам,\s*", re.I)
# Words before a subject that are not part of it ("Ранее в пятницу К.-Ж. Токаев"), and after it ("Он также").
_SUBJECT_LEAD = re.compile(r"^(?:(?:ранее|позднее|позже|также|вчера|сегодня|затем|тогда|однако|при этом|кроме того)\s+)?"
                           r"(?:(?:в|во)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\s+)?", re.I)
SUBJECT_TAIL = frozenset("также тоже уже ранее вновь снова позже затем ещё еще".split())
PERSON_ROLE_STEMS = frozenset(stem(word, "ru") for word in """
    житель жительница представитель очевидец свидетель эксперт аналитик экономист врач корреспондент
    """.split())
PREPOSITIONS = frozenset("в во на у по из от для при".split())
_FIGURES = re.compile(_CONNECTIVE + r"(?:По|Согласно)\s+(?P<adjective>[а-яё]+(?:ым|им))\s+данным,\s*", re.I)
_SAYS = re.compile(r"(?P<verb>" + _VERB + r")(?P<adjunct>(?:\s+[а-яё]+){0,6}?)(?:,\s*что\s+|:\s*)", re.I)
_QUOTED = re.compile(r"^«(?P<statement>.+?)[,.!?]?»,?\s*[—–-]\s*(?P<verb>" + _VERB + r")\s+(?P<who>[^,.]{2,80}?)"
                     r"(?:\s+(?:в|на|во|журналистам|корреспонденту|агентству)\b[^,]*)?[.!?]?$", re.I)
_TRAILING = re.compile(r"^(?P<statement>.+?),\s*(?:[—–-]\s*)?(?P<verb>" + _VERB + r")\s+(?P<who>[^,.«»]{2,80}?)"
                       r"(?:\s+(?:в|во)\s+[а-яё]+)?[.!?]?$", re.I)


def _words(phrase: str) -> list[str]:
    return _WORD.findall(phrase)


def _stems(phrase: str) -> list[str]:
    return [stem(word.lower().strip(".«»"), "ru") or word.lower() for word in _words(phrase)]


def _surname_key(word: str) -> str:
    """A surname without its case ending: "Токаева", "Токаеву", "Токаевым" → "токаев" (Snowball cuts "-ев")."""
    word = word.lower()
    for ending in ("ым", "ом", "ой", "а", "у", "е"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[:-len(ending)]
    return word


class _People:
    """Who the text has named so far: "он", "Токаева" and "министр" resolve to the person."""

    def __init__(self) -> None:
        self.last_person: str | None = None
        self.by_surname: dict[str, str] = {}
        self.by_title: dict[str, str] = {}

    def remember(self, name: str, titles: list[str]) -> None:
        self.last_person = name
        self.by_surname.setdefault(_surname_key(_words(name)[-1]), name)
        for title in titles:
            self.by_title[title] = name

    def resolve(self, subject: str) -> str | None:
        words = _words(subject)
        if len(words) == 1 and words[0].lower() in PRONOUNS:
            return self.last_person
        stems = _stems(subject)
        if len(stems) == 1:  # "Токаева"; "министр" is the last person named with a title
            known = self.by_surname.get(_surname_key(words[0])) or self.by_title.get(stems[0])
            return known or (self.last_person if stems[0] in TITLE_STEMS and self.by_title else None)
        return None


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _claimant(subject: str, people: _People) -> tuple[str, str | None] | None:
    """(claimant, suggested source) for a subject phrase, or None when it cannot be a claimant."""
    subject = subject.strip(" ,;:—–-«»")
    subject = subject[_SUBJECT_LEAD.match(subject).end():]
    words = _words(subject)
    while len(words) > 1 and words[-1].lower() in SUBJECT_TAIL:
        words = words[:-1]
    subject = " ".join(words)
    if not words or len(words) > MAX_SUBJECT_WORDS or words[0].lower() in PREPOSITIONS:
        return None
    resolved = people.resolve(subject)
    if resolved:
        return resolved, None
    if words[0].lower() in PRONOUNS:
        return None
    stems = _stems(subject)
    has_role = any(s in ROLE_STEMS for s in stems)
    if not has_role and not any(_capitalised(w) for w in words):
        return None
    is_medium = any(s in MEDIUM_STEMS for s in stems)
    titles = [s for s in stems if s in TITLE_STEMS]
    if titles:  # "Глава МВД Ерлан Тургумбаев": the name is the capitalised words at the end
        tail = []
        for word in reversed(words[1:]):
            if not _capitalised(word) or word.isupper():
                break
            tail.insert(0, word)
        if tail:
            name = " ".join(tail[-2:])
            people.remember(name, titles)
            return name, None
    if len(words) <= 3 and all(_capitalised(w) and (not w.isupper() or "." in w) for w in words) and not has_role:
        known = people.by_surname.get(_surname_key(words[-1]))
        if known and len(words) == 1:
            people.last_person = known
            return known, None
        if len(words) >= 2:  # "Айдар Жакупов"; "К.-Ж. Токаев" when Касым-Жомарт Токаев was named
            if known:
                return known, None
            if known:
                return known, None
            people.remember(" ".join(words), [])
            return " ".join(words), None
    claimant = subject[0].upper() + subject[1:] if subject[:1].islower() and has_role else subject
    if stems[0] in PERSON_ROLE_STEMS:  # "Жительница села Покровка … — рассказала она"
        people.last_person = claimant
    return claimant, claimant if is_medium else None


def _figures(sentence: Sentence) -> tuple[int, int, str, str | None] | None:
    found = _FIGURES.match(sentence.text)
    if not found:
        return None
    adjective = found.group("adjective")
    claimant = adjective[:-2].capitalize() + ("ые" if adjective.endswith("ым") else "ие") + " данные"
    span = statement_span(sentence, found.end(), len(sentence.text))
    return (*span, claimant, None) if span else None


def _lead(sentence: Sentence, people: _People) -> tuple[int, int, str, str | None] | None:
    theirs = _THEIR_WORDS.match(sentence.text)
    if theirs and people.last_person:
        span = statement_span(sentence, theirs.end(), len(sentence.text))
        return (*span, people.last_person, None) if span else None
    found = _LEAD.match(sentence.text)
    if not found:
        return None
    who = _claimant(found.group("who"), people)
    span = statement_span(sentence, found.end(), len(sentence.text))
    return (*span, *who) if who and span else None


def _quoted(sentence: Sentence, people: _People) -> tuple[int, int, str, str | None] | None:
    found = _QUOTED.match(sentence.text) or _TRAILING.match(sentence.text)
    if not found:
        return None
    who = _claimant(found.group("who"), people)
    start, end = found.span("statement")
    span = statement_span(sentence, start, end)
    return (*span, *who) if who and span else None


def _says(sentence: Sentence, people: _People) -> tuple[int, int, str, str | None] | None:
    text = sentence.text
    for verb in _SAYS.finditer(text):
        before = text[:verb.start()]
        subject = before[before.rfind(",") + 1:] if "," in before else before
        if not subject.strip():
            continue
        who = _claimant(subject, people)
        span = statement_span(sentence, verb.end(), len(text))
        if who and span:
            return (*span, *who)
    return None


def _notice(sentence: str, people: _People) -> None:
    """A sentence that starts with a person already named makes them the one "он" or "она" means."""
    for word in _words(sentence)[:3]:
        if _surname_key(word) in people.by_surname:
            people.last_person = people.by_surname[_surname_key(word)]
            return


def attribution_hints_ru(text: str) -> list[Hint]:
    """Each attributed statement of a Russian `text`, in text order, with its claimant and any source named."""
    people = _People()
    hints: list[Hint] = []
    for sentence in split_sentences(text):
        _notice(sentence.text, people)
        found = (_figures(sentence) or _lead(sentence, people) or _quoted(sentence, people)
                 or _says(sentence, people))
        if found:
            start, end, claimant, source = found
            hints.append(Hint(start, end, text[start:end], claimant, source))
    return hints
