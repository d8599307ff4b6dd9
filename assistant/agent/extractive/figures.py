"""What a sentence states: its figures (not dates, versions or list numbers), dates, names and places, and
whether it holds the kind of thing a question asks for (a figure in the unit asked, a date, a name).
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.agent.extractive.common import (
    _CJK,
    _IS_CJK,
    _LIST_MARK,
    _QUOTED,
    Language,
    _config,
    _glosses,
    _patterns,
    _stem,
)
from assistant.agent.extractive.sentences import _language_of
from assistant.retrieval.keywords import chinese_number, tokenize
from assistant.retrieval.naming import common_words

# not "0" of "0.93R6"; Chinese may be written right before or after it ("发生997笔")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d+(?:[.,:]\d+)*(?:%|st|nd|rd|th)?(?![A-Za-z0-9_]|[.,:]\d)")
# a Chinese numeral counting something ("两个字符", "三位"): not 一 alone ("一个" is mostly "a"), nor an ordinal (第三)
_CHINESE_FIGURE = re.compile(
    r"(?<![一二两三四五六七八九十百千万第])(?:[二两三四五六七八九]|[一二三四五六七八九]?十[一二三四五六七八九]?)"
    r"[个位名年月天项条种次倍章届人家座笔所台部款]"
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(
    rf"(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\s+\d{{4}}|"
    rf"(?:{_MONTHS})\s+\d{{4}}|\d{{4}}\s*年(?:\s*\d{{1,2}}\s*月)?(?:\s*\d{{1,2}}\s*日)?|"
    rf"\b(?:1[89]|20)\d\d-[01]\d(?:-[0-3]\d)?\b|\b(?:1[89]|20)\d\d(?:\s*[-–]\s*(?:1[89]|20)\d\d)?\b)"
)
_DAYS = re.compile(  # a day before a month ("23 to 31 August", "the 5th to the 9th of July")
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s*(?:(?:to|-|–|and)\s*(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s*)?(?:of\s+)?(?:{_MONTHS})\b"
)
_NAME = re.compile(
    r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:[- ](?:[A-Z][a-z]+(?:[A-Z][a-z]+)*|[A-Z]\.|von|van|de|der))*"
    r"(?: [A-Z][a-z]+(?:[A-Z][a-z]+)*)+\b"
)  # capitalised words (one in CamelCase, "FinTech", is one word)
_SPECIAL_TOKEN = re.compile(r"(?:/[\w.-]+)+|\b[\w]+(?:-[\w]+)+\b|\b\w*\d\w*\b")
_VERSION_BEFORE = re.compile(r"(?:\b[A-Z][\w+-]*|\bkernel|\bversion|\brelease|\bv)\s*$")  # "Debian 2.0", "GFCI 38"
# the name a version number belongs to ("Debian 4.0", "FHS 3.0"), past a word like "version"
_VERSION_OF = re.compile(r"\b(?!(?i:version|release)\b)([A-Z][\w+-]*)[ \t]*(?:(?i:version|release|v)[ \t]*)?$")
# where something is: a path ("/run", "pool/main/libp/"), a host ("security.debian.org"), a place's name
_PLACE = re.compile(
    r"(?<![\w/])(?:/[\w.<>-]+(?:/[\w.<>-]+)*/?|[\w-]+(?:/[\w.<>-]+){2,}/?|[\w-]+(?:\.[\w-]+)+\.(?:org|com|net|edu|gov)\b)"
)
_PLACE_NAME = re.compile(r"(?<=[a-z,;:] )(?!(?:The|This|That|In|On|At)\b)[A-Z][a-z]+(?: [A-Z][a-z]+)*")
# what a figure counts, written after it: "2 weeks", "$1.9 billion", "450 libraries" is not taken (too open)
_UNIT = re.compile(
    r" ?(?:million|billion|thousand|years?|months?|weeks?|days?|hours?|minutes?|seconds?|bytes?|characters?|percent)\b"
)
_VERSION_AFTER = re.compile(r"\s*(?:release|version|edition|kernel)\b", re.IGNORECASE)
_SECTION_REFERENCE = re.compile(r"§\s*[A-Z]?[\d.]+(?:\(\d+\))*")


@lru_cache(maxsize=1)
def _ordinal_words() -> re.Pattern[str]:
    words = _config()["numbers"]["ordinals"]
    return re.compile(r"\b(" + "|".join(words) + r")\b|第([一二两三四五六七八九十]+)", re.IGNORECASE)


def _ordinal_value(match: re.Match[str]) -> str:
    if match.group(1):
        return f" {_config()['numbers']['ordinals'].index(match.group(1).lower()) + 1} "
    value = chinese_number(match.group(2))
    return match.group(0) if value is None else f"第{value}"


def _numbers(text: str) -> list[str]:
    """The numbers of ``text`` as written without separators (ordinal endings dropped), list marks left out;
    ordinal words count as their number ("fourth", "第四": 4)."""
    text = _ordinal_words().sub(_ordinal_value, _LIST_MARK.sub("", text))
    return [re.sub(r"(st|nd|rd|th)$", "", m.group(0)).replace(",", "") for m in _NUMBER.finditer(text)]


def _figures(text: str) -> list[tuple[int, str]]:
    """(offset, figure) of the amounts in ``text``: no ordinals (dates), years, list marks or § references."""
    text = _SECTION_REFERENCE.sub(lambda m: " " * len(m.group(0)), text)
    text = _DAYS.sub(lambda m: " " * len(m.group(0)), text)  # "23 to 31 August 2014" is a date, not an amount
    text = _DATE.sub(lambda m: " " * len(m.group(0)), text)
    text = re.sub(r"(?m)^\s*\(?\d{1,2}[.)]\s", lambda m: " " * len(m.group(0)), text)  # each item's "2."
    written = [(m.start(), m.group(0)) for m in _CHINESE_FIGURE.finditer(text)]
    return sorted(
        written
        + [
            (m.start(), m.group(0))
            for m in _NUMBER.finditer(text)
            if not _named_version(text[: m.start()])  # "Debian 2.0", "GFCI 38": names, not amounts
            and not _VERSION_AFTER.match(text[m.end() :])  # "the 2.0 release"
            and not re.search(r"(st|nd|rd|th)$", m.group(0))
            and not _YEAR.fullmatch(m.group(0))
        ]
    )


def _version_names(text: str, asked: bool = False) -> dict[str, str]:
    """The versions in ``text`` and the names they belong to: {"4.0": "debian"} for "Debian 4.0 (etch)". A question
    (``asked``) may put "version" between ("FHS version 3.0"); a sentence's name is just before its version
    ("Standard Version 3.0" names none)."""
    found = {}
    for match in _NUMBER.finditer(text):
        owner = _VERSION_OF.search(text[max(0, match.start() - 40) : match.start()])
        if owner and (asked or owner.group(0).strip() == owner.group(1)):
            found[match.group(0)] = owner.group(1).casefold()
    return found


def _other_versions(asked: dict[str, str], sentence: str) -> set[str]:
    """Versions the question asks of one name that ``sentence`` gives of another ("FHS 4.0": "Debian 4.0")."""
    given = _version_names(sentence)
    return {number for number, name in asked.items() if given.get(number, name) != name}


def _named_version(before: str) -> bool:
    """Whether the figure after ``before`` is a version of a name ("Debian 2.0"), not an amount ("About 71%")."""
    owner = _VERSION_BEFORE.search(before)
    return owner is not None and owner.group(0).strip() not in _config()["numbers"]["approximations"]


def _names(question: str) -> list[str]:
    """Names, quoted strings, paths and identifiers the question mentions (not its first word)."""
    found = [m.group(1) for m in _QUOTED.finditer(question)]
    found += [m.group(0) for m in _NAME.finditer(question) if m.start() > 0 or " " in m.group(0)]
    found += [m.group(0) for m in re.finditer(r"(?<!^)\b[A-Z][\w/.-]*[A-Za-z0-9]\b", question)]
    found += [m.group(0) for m in _SPECIAL_TOKEN.finditer(question) if not m.group(0).isdigit()]
    if _IS_CJK.search(question):  # in a Chinese question, a word in Latin script names something ("sarge")
        found += re.findall(r"[A-Za-z][\w/.-]*[A-Za-z0-9]", question)
    common = common_words()
    return list(dict.fromkeys(n for n in found if n.lower() not in common and len(n) > 1))


_RANKED_ITEM = re.compile(r"(?im)^\s*(?:[-•*]\s*)?(?:rank\s*)?(\d{1,3})[.):]\s+(.+?)[\s;,.。；，]*$")


def _ranked_items(sentence: str) -> dict[int, str]:
    """The items of a numbered list in the unit, by their number ("1. Dubai", "- Rank 2: Abu Dhabi")."""
    return {int(number): item.strip() for number, item in _RANKED_ITEM.findall(sentence)}


def _position_asked(question: str) -> int | None:
    """The place a question asks who holds: "first", "2nd", "No. 3", "第三"; "who leads" or "who tops" is 1."""
    read = _ordinal_words().sub(_ordinal_value, question)
    found = re.search(r"\b(\d{1,3})(?:st|nd|rd|th)\b|\bno\.\s*(\d{1,3})\b|第\s*(\d{1,3})", read, re.IGNORECASE)
    if found:
        return int(next(group for group in found.groups() if group))
    spelled = re.search(r"\b(" + "|".join(_config()["numbers"]["ordinals"]) + r")\b", question, re.IGNORECASE)
    if spelled:
        return _config()["numbers"]["ordinals"].index(spelled.group(1).lower()) + 1
    return 1 if re.search(r"\b(?:leads?|led|tops?|topped)\b|榜首|排名最高|排第一", question, re.IGNORECASE) else None


def ranked_place(question: str, sentence: str) -> tuple[str, int] | None:
    """(name, place) of a numbered list's item that the question names ("where does Doha rank?": Doha, 4)."""
    asked = question.lower()
    named = [(item, number) for number, item in _ranked_items(sentence).items() if item.lower() in asked]
    return max(named, key=lambda pair: len(pair[0])) if named else None


def _bounds_stated(question: str, sentence: str) -> list[int]:
    """Where the sentence states a limit of the side the question asks ("up to" for "at most", "不少于" for "至少"):
    the ends of those phrases; none when the question asks no limit."""
    return [
        match.end()
        for asked, stated in _config()["cues"]["bound"].values()
        if re.search(asked, question, re.IGNORECASE)
        for match in re.finditer(stated, sentence, re.IGNORECASE)
    ]


def _answer_span(kind: str, sentence: str, question: str, keywords: set[str]) -> str | None:
    """The figure, date or name a number, when or who question asks for, when the sentence holds one."""
    asked = set(_numbers(question))
    if kind == "number":
        candidates = [(at, n) for at, n in _figures(sentence) if n.replace(",", "") not in asked]
        if not candidates:
            return None
        bounded = [(at, n) for at, n in candidates for end in _bounds_stated(question, sentence) if 0 <= at - end <= 3]
        if bounded:  # "at most how many?" over "up to 8 …, at least 4": the figure of the limit asked
            return _with_unit(sentence, *bounded[0])
        words = [(m.start(), m.group(0).lower()) for m in re.finditer(r"\w+", sentence)]
        anchors = [at for at, word in words if _stem(word) in keywords]

        if not anchors:  # no word of the question here (it is in another language): the last figure
            return _with_unit(sentence, *candidates[-1])

        def distance(candidate: tuple[int, str]) -> float:
            return min(abs(candidate[0] - at) for at in anchors)

        return _with_unit(sentence, *min(candidates, key=distance))
    if kind == "when":  # the date after and nearest a name (else a word) of the question ("…, China in 2026-2028")
        dates = [(m.start(), m.group(0)) for m in _DATE.finditer(sentence) if m.group(0) not in question]
        if not dates:
            return None
        lowered = sentence.lower()
        anchors = [m.start() for name in _names(question) for m in re.finditer(re.escape(name.lower()), lowered)]
        anchors = anchors or [m.start() for m in re.finditer(r"\w+", sentence) if _stem(m.group(0).lower()) in keywords]

        def place(date: tuple[int, str]) -> tuple[int, int, int]:  # after an anchor first, then the nearest
            after, before = [date[0] - at for at in anchors if at <= date[0]], [at - date[0] for at in anchors]
            return (0, min(after), -len(date[1])) if after else (1, min(before, default=0), -len(date[1]))

        return min(dates, key=place)[1]
    if kind == "who":  # a name the question does not give (nor its Chinese words: "技术委员会", Technical Committee)
        position = _position_asked(question)
        if position is not None and position in (items := _ranked_items(sentence)):
            return items[position]  # "who ranks first?" over "1. Dubai 2. Abu Dhabi …"
        given = {_stem(t) for t in tokenize(question)} | {g for t in tokenize(question) for g in _glosses(t)}
        names = [n for n in _proper_names(sentence) if not any(_stem(w.lower()) in given for w in n.split())]
        # else, for who ranks or leads, a one-word name inside the sentence ("… ranking, Stockholm is first")
        ranking = re.search(r"\b(?:ranks?|ranked|leads?|led|tops?|topped|first|wins?|won)\b", question, re.I)
        single = [
            m.group(0)
            for m in re.finditer(r"(?<=[a-z,;] )[A-Z][a-z]{2,}\b", sentence if ranking else "")
            if _stem(m.group(0).lower()) not in given
            and m.group(0).lower() not in common_words()
            and m.group(0) not in _config()["sentences"]["not_names"]  # "On March 3rd"
        ]
        return (names or single or [None])[0]
    if kind == "where":  # a path, a host, else a place's name, that the question does not give
        asked = question.lower()
        paths = [m.group(0).rstrip(".") for m in _PLACE.finditer(sentence)]
        paths = [path for path in paths if path.lower().strip("/") not in asked]
        places = [m.group(0) for m in _PLACE_NAME.finditer(sentence) if m.group(0).lower() not in asked]
        return (paths or places or [None])[0]
    return None


def _with_unit(sentence: str, at: int, figure: str) -> str:
    """A figure with its currency sign and its scale or unit word, as the sentence writes them ("$1.9 billion")."""
    sign = sentence[at - 1] if at and sentence[at - 1] in "$€£¥" else ""
    unit = _UNIT.match(sentence, at + len(figure))
    return sign + figure + (unit.group(0) if unit else "")


def _shape(kind: str, sentence: str, question: str) -> bool:
    """The sentence holds the kind of thing the question asks for."""
    asked = set(_numbers(question))
    if kind == "number" and not _unit_held(question, sentence):
        return False  # "how much money", "what share": no figure without a currency or a percentage answers it
    if kind == "number":
        language = _language_of(question)
        counting = _asks("count", question, language) and not _asks("share", question, language)
        figures = [n for _, n in _figures(sentence) if not (counting and n.endswith("%"))]  # a count is no share
        unit = _counted_unit(question) if counting else None
        if unit is not None and _IS_CJK.search(unit.pattern) and _language_of(sentence) == "zh":
            # "多少家": a Chinese sentence writes the count with its measure word ("60家", "六十家")
            return bool(unit.search(sentence)) or any(
                m.group(0)[-1] == unit.pattern[-1] for m in _CHINESE_FIGURE.finditer(sentence)
            )
        return any(n.replace(",", "") not in asked for n in figures) or bool(
            re.search(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twice|half)\b", sentence)
        )
    if kind == "when":
        return bool(_DATE.search(sentence))
    if kind == "who":  # a name, or whoever does it ("used by system integrators", "由安全团队负责")
        return bool(_answer_span(kind, sentence, question, set()) or re.search(r"\bby\b|由", sentence))
    if kind == "where":  # a path, a host or a place's name, or in Chinese where it is ("位于", "放在")
        spanned = _answer_span(kind, sentence, question, set()) is not None
        placed = _IS_CJK.search(sentence) and re.search(r"位于|放在|存放|在\S{1,12}(?:中|里|下|上)", sentence)
        return spanned or bool(placed)
    return False


def _counted_unit(question: str) -> re.Pattern[str] | None:
    """For "how many days …" / "多少天", a pattern of a figure in that unit ("10 days", "2, 5 or 10 days", "3 天")."""
    found = re.search(r"\bhow many ([a-z]{3,})", question, re.IGNORECASE) or re.search(
        rf"(?:多少|几)\s*([{_CJK}])", question
    )
    if not found or found.group(1) in _config()["numbers"]["uncounted"]:
        return None
    unit = found.group(1).lower()
    unit = _stem(unit) if unit.isascii() else unit
    return re.compile(rf"\d(?:[\d.,]*)\s*{re.escape(unit)}", re.IGNORECASE)


def _asks(kind: str, question: str, language: Language) -> bool:
    """Whether the question matches a pattern of the data file's [kinds] ``kind`` ("count", "share", "money")."""
    return any(p.search(question) for p in _patterns("kinds", kind, language))


def _unit_held(question: str, sentence: str) -> bool:
    """Whether the sentence writes a figure the way the question asks for one: with a currency when it asks an
    amount of money, as a percentage or ratio when it asks a share."""
    for unit in ("money", "share"):
        if _asks(unit, question, _language_of(question)):
            return any(re.search(p, sentence, re.IGNORECASE) for p in _config()["cues"][unit])
    return True


def _proper_names(sentence: str) -> list[str]:
    """The names in the sentence: capitalised words, not a sentence's opening word or a month ("On March")."""
    not_names = set(_config()["sentences"]["not_names"])
    return [m.group(0) for m in _NAME.finditer(sentence) if not set(m.group(0).split()) & not_names]
