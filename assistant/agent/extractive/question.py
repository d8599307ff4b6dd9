"""What a question asks: its kind (why, when, who, how many, where, define, what a document says), the term
it asks to define, the names it asks about and the documents it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.agent.extractive.common import _IS_CJK, _QUOTED, _SQUEEZE, Language, _config, _patterns, _stem
from assistant.agent.extractive.figures import _names
from assistant.retrieval.keywords import respelled, tokenize
from assistant.retrieval.naming import DocumentNames, common_words, named_documents

KINDS = ("why", "when", "who", "number", "what_says", "where", "define")  # the first kind whose pattern matches
SPANNED = ("number", "when", "who", "where")  # kinds asking for a figure, a date, a name or a place


def _asked(question: str) -> str:
    """The question without a closing remark in brackets ("what's an ESP? (the EFI thing)")."""
    return re.sub(r"\s*[(（][^()（）]*[)）][\s.。]*$", "", question) or question


def question_kind(question: str, language: Language) -> str:
    """One of :data:`KINDS`, or 'fact'."""
    question = _asked(question)
    for kind in KINDS:
        if any(p.search(question) for p in _patterns("kinds", kind, language)):
            return kind
    return "fact"


def _subject_names(question: str, naming: set[str]) -> list[str]:
    """The names the question asks about, as the passages would write them: not a name of the document, a short
    acronym (often written out), a name in Chinese (the passages may be English), a long quoted phrase, a figure
    or a description ("non-wheel"); without the words opening the question ("Which Toy Story")."""
    sentences = _config()["sentences"]
    skipped = set(sentences["question_openers"]) | {w.capitalize() for w in common_words()}
    found = []
    for name in _names(question):
        parts = name.split()
        while parts and parts[0] in skipped:  # "Which Toy Story", "Debian Technical Committee"
            parts = parts[1:]
        name = " ".join(parts)
        if not name or _IS_CJK.search(name) or len(parts) > 3 or re.search(r"[,']|^s ", name):
            continue
        if not re.search(r"[A-Za-z]{2}", name) or re.fullmatch(r"\d+(?:st|nd|rd|th|s)", name):
            continue  # a figure ("2022-24", "4th", "1990s") is weighed by the scores: "fourth" may write it
        pieces = name.lower().split("-")
        if len(pieces) > 1 and (
            pieces[0] in sentences["describing_prefixes"] or pieces[-1] in sentences["describing_suffixes"]
        ):
            continue
        if re.fullmatch(r"[A-Z]{2,4}s?", name) or set(tokenize(name)) <= naming | common_words():
            continue
        found.append(name)
    return found


def _passage_text(hit: dict[str, Any]) -> str:
    """A passage with its title and section, lower case, without the spaces, hyphens and dots a name may have."""
    return _SQUEEZE.sub("", f"{hit.get('title', '')} {hit.get('section') or ''} {hit.get('text', '')}".lower())


def _missing_name(question: str, naming: set[str], top: Sequence[dict[str, Any]]) -> str | None:
    """A name the question asks about ("DebConf22", "systemd-boot", "/snap") that none of the passages, their
    titles or sections mention, even misspelt: they cannot be about it."""
    squeezed = "".join(_passage_text(hit) for hit in top)
    words = sorted({w for hit in top for w in re.findall(r"[a-z][a-z0-9]+", str(hit.get("text", "")).lower())})
    for name in _subject_names(question, naming):
        if _SQUEEZE.sub("", name.lower()) in squeezed:
            continue
        spelled = [word.lower() for word in name.split()]
        if all(w.isalpha() and (w in words or respelled(w, words) != w) for w in spelled):
            continue  # "Debain", "San Fransisco": misspellings of words they hold
        return name
    return None


def _named_documents(question: str, language: Language, hits: Sequence[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """The ids of the hits' documents that the question names, and the words of the question that name them."""
    return named_documents(question, language, DocumentNames.of(hits))


def _capture(patterns: list[str], question: str) -> str | None:
    for pattern in patterns:
        match = re.search(pattern, question, re.IGNORECASE)
        if match and match.group(1).strip(" ?？"):
            return match.group(1).strip(" ?？")
    return None


def _term(question: str, language: Language) -> str | None:
    question = _asked(question)
    if language == "zh":
        return _capture(
            [
                r"(?:什么是|(?:啥|什么)叫做?)(.+?)[？?（(]",
                r"(?:什么是|(?:啥|什么)叫做?)(.+)$",
                r"^(.+?)(?:是啥|有什么用|的(?:作用|用途)是什么)",  # "/srv 有什么用"
                r"^(.+?)(?:指的是|是指|指)(?:什么|啥)",  # "DFSG 指的是什么"
                r"^(.+?)是什么",
                r"^(.+?)是(?:放|存放|装|做|干|用来\S{0,2})什么的",  # "/var/spool 是放什么的"
                r"^(.+?)是?(?:干|做)(?:什么|啥)用的",  # "cron 是干什么用的"
            ],
            question,
        )
    return _capture(
        [
            r"\bwhat(?: is| are|'s|’s|s) (.+?)[?]*$",  # (and "whats")
            r"\bdefine (.+?)[?]*$",
            r"\bwhat does (.+?) mean",
            r"meaning of (.+?)[?]*$",
        ],
        question,
    )


def term_asked(question: str, language: Language) -> str | None:
    """The term a definition question asks about, as the lead names it ("the Hurd", "双循环飞轮"), if it names one."""
    return _shown_term(question, language)


def _shown_term(question: str, language: Language) -> str | None:
    """The term as the lead names it: without stressing words ("到底", "exactly") or the document it is in
    ("FHS 里说的 …")."""
    term = _term(question, language)
    if not term:
        return None
    for filler in _config()["sentences"]["fillers"]:
        term = term.replace(filler, " ")
    term = re.sub(r"^.{1,20}?(?:里|中)(?:说|提到)?的\s*(?=\S)", "", term.strip()) if language == "zh" else term
    return re.sub(r"\s+", " ", term).strip() or None


def _topic(question: str, language: Language) -> str | None:
    if language == "zh":
        patterns = [r"关于(.+?)[，,？?]", r"对(.+?)是?(?:怎么|如何|有什么|有何)", r"(?:说|提到了?)(?!的)(.{2,}?)[？?]"]
        return _capture([*patterns, r"^(.+?)(?:说了什么|怎么说)"], question)
    return _capture([r"\babout (.+?)[?]*$", r"\bon (.+?)[?]*$", r"\bsay (.+?)[?]*$"], question)


def _defined_term(question: str, language: Language, naming: set[str]) -> str:
    """The term a "define" question asks about, lower case, without articles, fillers or the document named (a
    quoted term as quoted: "the 'flywheel' the report keeps mentioning")."""
    quoted = _QUOTED.search(question)
    if quoted:
        return quoted.group(1).lower().strip()
    term = (_term(question, language) or "").lower()
    for filler in _config()["sentences"]["fillers"]:
        term = term.replace(filler, " ")
    term = re.sub(  # "FHS 里的 /var/spool": the document named is not part of the term
        r"^(.+?)\s*(?:里|中)(?:说|提到)?的\s*",
        lambda m: "" if naming & set(tokenize(m.group(1))) else m.group(0),
        term.strip(),
    )
    term = re.sub(
        r"\s+(?:in|according to|from|of)\s+(?:the\s+)?(.+)$",
        lambda m: "" if naming & set(tokenize(m.group(1))) else m.group(0),
        term.strip(),
    )
    # "what is /srv for", "what is /opt reserved for": the term without the verb asking what it is for
    term = re.sub(r"\s+(?:\w+ed |used )?for$", "", re.sub(r"\s+", " ", term).strip())
    return re.sub(r"^(?:the|a|an) ", "", term).strip("“”\"'「」 ")


def _terms(text: str) -> set[str]:
    return {_stem(t) for t in tokenize(text)}
