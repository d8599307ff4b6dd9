"""BM25 over a sparse matrix, checked against a direct implementation of the formula."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from assistant.retrieval.keywords import BM25Index, keyword_terms, path_terms, respelled, tokenize

DOCS = [
    "Singapore ranked third in the 2024 index.",
    "Fintech investment reached 51.9 billion USD in 2024-H1.",
    "上海金融科技产业规模达到4405亿元。",
    "北京金融科技人才储备全国第一，上海第二。",
    "Singapore and Hong Kong compete for fintech talent; Singapore leads.",
]


def reference_scores(query: str, docs: list[str], k1: float = 1.5, b: float = 0.75) -> list[float]:
    tokenized = [tokenize(doc) for doc in docs]
    avg = sum(map(len, tokenized)) / len(tokenized)
    scores = []
    for tokens in tokenized:
        counts = Counter(tokens)
        score = 0.0
        for term in tokenize(query):
            df = sum(term in other for other in tokenized)
            if not counts[term]:
                continue
            idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
            tf = counts[term]
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(tokens) / avg))
        scores.append(score)
    return scores


def test_tokenize_english_and_chinese() -> None:
    assert tokenize("Singapore ranked THIRD in the 2024-H1 index, 51.9 billion") == [
        "singapore",
        "ranked",
        "third",
        "2024",
        "h1",
        "index",
        "51.9",
        "billion",
    ]
    tokens = tokenize("上海金融科技产业规模是多少")
    assert {"上海", "金融", "科技", "产业", "规模"} <= set(tokens)
    assert "是" not in tokens and "多少" not in tokens


def test_scores_match_the_bm25_formula() -> None:
    index = BM25Index([tokenize(doc) for doc in DOCS])
    for query in ("Singapore fintech talent", "上海金融科技", "2024 investment", "unknown words only"):
        np.testing.assert_allclose(index.scores(query), reference_scores(query, DOCS), rtol=1e-5)


def test_top_orders_masks_and_weights_extra_terms() -> None:
    index = BM25Index([tokenize(doc) for doc in DOCS])
    assert [i for i, _ in index.top("Singapore", 5)] == [4, 0]
    assert index.top("Singapore", 5, mask=np.array([True, True, True, True, False])) == index.top("Singapore", 5)[1:]
    assert index.top("nothing matches", 3) == []
    plain = index.scores("上海")
    boosted = index.scores("上海", extra="Singapore", extra_weight=0.5)
    np.testing.assert_allclose(boosted - plain, 0.5 * index.scores("Singapore"), rtol=1e-5)
    assert len(index.top("fintech", 1)) == 1


def test_a_misspelt_query_word_reads_as_the_indexed_word() -> None:
    assert respelled("constitition", ["constitution", "institution"]) == "constitution"
    assert respelled("manifst", ["manifesto"]) == "manifst"  # two letters off, under 8 letters: no
    assert respelled("debain", ["debian"]) == "debian"  # two letters swapped count as one
    assert respelled("tier", ["tiers"]) == "tier"  # short words are never read as misspelt
    index = BM25Index([tokenize("the treasurer keeps the ledger"), tokenize("members elect a chair")])
    assert index.scores("who keeps the ledgr")[0] > 0 and index.scores("who keeps the ledgr")[1] == 0


def test_path_terms_keep_a_path_whole() -> None:
    assert path_terms("Put the pages under /opt/share/doc.") == ["/opt/share/doc"]
    assert path_terms("Edit debian/changelog and debian/copyright") == ["debian/changelog", "debian/copyright"]
    assert path_terms("the /.cache/app folder, and /srv alone") == ["/.cache/app", "/srv"]
    assert path_terms("目录 /etc/cron.d 里") == ["/etc/cron.d"]
    # URLs, host names, dates, fractions and names with a slash are no paths
    assert path_terms("see https://example.org/a/b or example.org/a/b") == []
    assert path_terms("revised 03/04/95, about 1/3 of it") == []
    assert path_terms("the Z/Yen index of C/C++ code") == []


def test_keyword_terms_add_paths_to_the_words() -> None:
    assert keyword_terms("files in /srv/www") == ["files", "srv", "www", "/srv/www"]
    assert keyword_terms("no path here") == tokenize("no path here")


def test_a_path_asked_ranks_the_passage_naming_it_above_passages_repeating_its_words() -> None:
    docs = [
        "Under var, local man pages: the local man directory of var holds local man pages.",
        "Manual pages of programs that the administrator installs for this host alone go in /var/local/man, "
        "as the standard says.",
        "The var tree holds variable data; local programs write there.",
        "A man page documents a command; man reads it.",
        "Local files stay local.",
    ]
    assert int(np.argmax(BM25Index([tokenize(doc) for doc in docs]).scores("What is /var/local/man for?"))) == 0
    index = BM25Index([keyword_terms(doc) for doc in docs])
    assert int(np.argmax(index.scores("What is /var/local/man for?"))) == 1
