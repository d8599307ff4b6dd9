"""Which documents a question names: by title words, initials, misspellings and Chinese words of a kind."""

from __future__ import annotations

from assistant.retrieval.naming import DocumentNames, named_documents

LABELS = DocumentNames.of(
    [
        {"document_id": "manual-zh", "title": "示例系统用户手册", "source": "manual.pdf"},
        {"document_id": "charter", "title": "Charter of the Example Association"},
        {"document_id": "fhs", "title": "Filesystem Hierarchy Standard"},
    ]
)


def test_an_english_name_finds_a_document_with_a_chinese_title() -> None:
    named, words = named_documents("What does the user manual say about backups?", "en", LABELS)
    assert named == {"manual-zh"} and "manual" in words


def test_initials_and_misspelt_titles_name_a_document() -> None:
    assert named_documents("In the FHS, where do logs go?", "en", LABELS)[0] == {"fhs"}
    assert named_documents("According to the Charterr of the association, who votes?", "en", LABELS)[0] == {"charter"}


def test_words_that_name_no_document_name_nothing() -> None:
    assert named_documents("What is the minimum discussion period in the voting process?", "en", LABELS)[0] == set()
    assert named_documents("Who wrote this?", "en", LABELS)[0] == set()


def test_a_leading_label_of_two_words_or_more_names_a_document() -> None:
    assert named_documents("Association charter: who votes?", "en", LABELS)[0] == {"charter"}
    assert named_documents("用户手册：备份放在哪里？", "zh", LABELS)[0] == {"manual-zh"}
    assert named_documents("fhs: where do the logs go?", "en", LABELS)[0] == set()  # one word: a subject, maybe


def test_a_name_matching_many_documents_names_none() -> None:
    reports = DocumentNames.of([{"document_id": f"r{i}", "title": f"Payments Review {i}"} for i in range(30)])
    named, words = named_documents("According to the payments review, what grew?", "en", reports)
    assert named == set() and "payments" in words  # "the payments review" tells none of the 30 apart


def test_a_year_alone_names_no_document() -> None:
    numbered = DocumentNames.of([{"document_id": f"synthetic-{i}", "title": f"Report {i}"} for i in (2021, 2022)])
    assert named_documents("How large was fintech funding in Beijing in 2022?", "en", numbered)[0] == set()
    fhs = DocumentNames.of([{"document_id": "fhs-3", "title": "Filesystem Hierarchy Standard 3"}])
    assert named_documents("In FHS 3, where do logs go?", "en", fhs)[0] == {"fhs-3"}


def test_a_word_in_many_documents_labels_names_none_of_them() -> None:
    titles = {
        "index-2023": "全球金融科技中心发展指数（2023）",
        "index-2024": "全球金融科技中心发展指数（2024）",
        "index-2025": "全球金融科技中心发展指数（2025）",
        "paper": "上海金融科技发展白皮书（2025）",
        "guide": "金融科技排名指南",
    }
    library = DocumentNames.of(
        [
            {"document_id": i, "title": t, "source": "中国日报.html" if i == "index-2024" else f"{i}.md"}
            for i, t in titles.items()
        ]
    )
    # a topic of the field ("the competitive landscape of Chinese fintech") shares only the field's words with them
    assert named_documents("中国金融科技竞争格局里，深圳扮演什么角色？", "zh", library)[0] == set()
    assert named_documents("白皮书里，上海的优势是什么？", "zh", library)[0] == {"paper"}
    # the field's words beside one that tells the documents apart still name the document
    assert named_documents("按照金融科技排名指南，谁第一？", "zh", library)[0] == {"guide"}


def test_a_chinese_name_leading_the_question_before_li_names_a_document() -> None:
    # a kind of document ("手册") opening the question before 里 or 中 with no comma after it names that document
    assert named_documents("用户手册里备份放在哪个目录？", "zh", LABELS)[0] == {"manual-zh"}
    assert named_documents("示例系统用户手册中推荐多久备份一次？", "zh", LABELS)[0] == {"manual-zh"}
    # the same shape naming what no document's label holds, or what is no kind of document, names nothing
    assert named_documents("备份目录里放着什么？", "zh", LABELS)[0] == set()
    assert named_documents("示例系统里备份放在哪个目录？", "zh", LABELS)[0] == set()
    # nor does a name with a number or an edition in it, which may be another edition's file
    assert named_documents("第二版用户手册里备份放在哪个目录？", "zh", LABELS)[0] == set()
