"""The extractive answerer over passages of the real evaluation documents, with the real default embedder."""

from __future__ import annotations

import pytest

from assistant.agent.composer import EXPLAIN_THRESHOLD
from assistant.agent.extractive import answer_from_passages, question_kind, sentence_units
from assistant.agent.extractive.common import _stem
from assistant.agent.extractive.question import _defined_term, _missing_name, _named_documents, _topic
from assistant.agent.extractive.sentences import _readable
from assistant.config import Settings
from assistant.retrieval import get_embedder

HISTORY_P9 = (
    "A Brief History of Debian 3 / 21\n"
    "Chapter 3\n"
    "Debian Releases\n"
    "Debian 1.1 Buzz (June 17th, 1996): This was the first Debian release with a code name. It was taken, like all "
    "others so far, from\n"
    "a character in one of the Toy Story movies... in this case, Buzz Lightyear. By this time, Bruce Perens had "
    "taken over leadership\n"
    "of the Project from Ian Murdock. This release was\n"
    "fully ELF, used Linux kernel 2.0, and contained 474 packages.\n"
    "Debian 1.2 Rex (December 12th, 1996): Named for the plastic dinosaur in the Toy Story movies. This release "
    "consisted of 848\n"
    "packages maintained by 120 developers\n"
)
FHS_P9 = (
    "It is possible to define two independent distinctions among files: shareable vs. unshareable and variable vs. "
    "static.\n"
    '"Shareable" files are those that can be stored on one host and used on others. "Unshareable" files are those\n'
    "that are not shareable. For example, the files in user home directories are shareable whereas device lock "
    "files are not.\n"
)
FHS_PURPOSE = (
    "1.1. Purpose\n"
    "This standard enables:\n"
    "• Software to predict the location of installed files and directories, and\n"
    "• Users to predict the location of installed files and directories.\n"
    "We do this by:\n"
    "• Specifying guiding principles for each area of the filesystem,\n"
    "• Specifying the minimum files and directories required.\n"
)
FAQ_CODENAMES = (
    'They are just "codenames". When a Debian distribution is in the development stage, it has no version number '
    "but a codename. The purpose of these codenames is to make easier the mirroring of the Debian distributions.\n\n"
    "Currently, stable is a symbolic link to bullseye (i.e. Debian GNU/Linux 11) and testing is a symbolic link to "
    "bookworm."
)
CONSTITUTION = (
    "6.2. Composition\n\n"
    "    1. The Technical Committee consists of up to 8 Developers, and should\n"
    "       usually have at least 4 members.\n"
    "    2. When there are fewer than 8 members the Technical Committee may\n"
    "       recommend new member(s) to the Project Leader.\n"
)
CONSTITUTION_TITLE = "Constitution for the Debian Project"
FAQ_ZH = "Hurd 是运行 GNU Mach 微内核的一组服务器。它们一起构成了 GNU 操作系统的基石。"


def hit(chunk_id: str, document_id: str, title: str, text: str, page: int | None = None, **extra: object) -> dict:
    return {
        "chunk_id": chunk_id,
        "document_id": document_id,
        "title": title,
        "source": f"{document_id}.pdf",
        "section": extra.get("section"),
        "text": text,
        "language": extra.get("language", "en"),
        "page": page,
    }


HITS = [
    hit("aaaaaa01", "history", "A Brief History of Debian", HISTORY_P9, page=9),
    hit("bbbbbb02", "fhs", "Filesystem Hierarchy Standard", FHS_P9, page=9),
    hit("cccccc03", "faq", "The Debian archives", FAQ_CODENAMES, section="6.2. Codenames"),
    hit("dddddd04", "constitution", "Constitution for the Debian Project", CONSTITUTION, section="6.2"),
    hit("eeeeee05", "faq-zh", "定义和概览", FAQ_ZH, section="1.4", language="zh"),
]


@pytest.fixture(scope="module")
def embed():  # type: ignore[no-untyped-def]
    return get_embedder(Settings().embedding_model).embed_documents


def test_units_are_whole_sentences_and_lists_stay_whole() -> None:
    units = [unit.text for unit in sentence_units(HISTORY_P9) if unit.complete]
    assert "fully ELF, used Linux kernel 2.0, and contained 474 packages." in units[3]
    assert units[3].startswith("This release was fully ELF")  # wrapped lines joined, heading lines dropped
    assert not any(u.startswith(("A Brief History", "Chapter 3", "Debian Releases")) for u in units)
    last_text, _, last_complete, _ = sentence_units(HISTORY_P9)[-1]
    assert last_text.endswith("120 developers") and not last_complete  # runs on past the passage: never quoted
    fhs = [unit.text for unit in sentence_units(FHS_P9)]
    assert fhs[1] == '"Shareable" files are those that can be stored on one host and used on others.'
    assert fhs[0].endswith("variable vs. static.")  # "vs." does not end a sentence
    lists = [unit.text for unit in sentence_units(FHS_PURPOSE)]
    assert lists == [
        "This standard enables:\n• Software to predict the location of installed files and directories, and\n"
        "• Users to predict the location of installed files and directories.",
        "We do this by:\n• Specifying guiding principles for each area of the filesystem,\n"
        "• Specifying the minimum files and directories required.",
    ]
    first, _, complete, _ = sentence_units("that are not shareable. For example, the files are shareable.")[0]
    assert first == "that are not shareable." and not complete  # cut by the passage's start


def test_question_kinds() -> None:
    assert question_kind("How many packages did Debian 1.1 contain?", "en") == "number"
    assert question_kind("Why do Debian distributions have codenames?", "en") == "why"
    assert question_kind("What is the Hurd, exactly?", "en") == "define"
    assert question_kind("When was Debian founded?", "en") == "when"
    assert question_kind("What does the constitution say about the Technical Committee?", "en") == "what_says"
    assert question_kind("什么是 Hurd？", "zh") == "define"
    assert question_kind("为什么不稳定版叫做不稳定版？", "zh") == "why"
    assert question_kind("技术委员会最多由多少名开发者组成？", "zh") == "number"
    assert question_kind("According to the FAQ, why do people use a distribution?", "en") == "why"  # not first
    assert question_kind("If it is not for speed, why are the files apart?", "en") == "why"
    assert question_kind("According to the guide, when was it written?", "en") == "when"
    assert question_kind("规范里的 /srv 是放什么的？", "zh") == "define"
    assert question_kind("这个工具是用来做什么的？", "zh") == "define"
    assert question_kind("规范对临时文件有什么规定？", "zh") == "what_says"
    assert question_kind("如果没有负责人，由谁来做决定？", "zh") == "who"
    assert [question_kind(q, "zh") for q in ("/srv 有什么用？", "为啥叫不稳定版？", "它啥时候发布的？")] == [
        "define",
        "why",
        "when",
    ]
    assert question_kind("What's a foundation document in Debian?", "en") == "define"
    assert question_kind("What's the flywheel the report talks about?", "en") != "define"
    # a leading "when" clause sets a condition: what is asked comes after it
    assert question_kind("When a member resigns, how many seats stay empty?", "en") == "number"
    assert question_kind("When was the FHS released, and by whom?", "en") == "when"


FHS_OPT = (
    "3.13. /opt : Add-on application software packages\n"
    "3.13.1. Purpose\n"
    "/opt is reserved for the installation of add-on application software packages.\n"
    "A package to be installed in /opt must locate its static files in a separate /opt/<package> directory tree.\n"
    "The directories /opt/bin, /opt/doc and /opt/man are reserved for local system administrator use.\n"
)


def test_a_heading_before_a_path_is_not_part_of_the_sentence() -> None:
    units = [unit.text for unit in sentence_units("Purpose\n/opt is reserved for add-on packages.\nIt is big.\n")]
    assert units[0] == "/opt is reserved for add-on packages."
    wrapped = [unit.text for unit in sentence_units("Files are moved to the directory named\n/var/lib by it.\n")]
    assert wrapped == ["Files are moved to the directory named /var/lib by it."]  # a wrapped line, not a heading


def test_the_defined_term_is_read_without_its_verb(embed) -> None:  # type: ignore[no-untyped-def]
    fhs = hit("0f0f0f0f", "fhs", "Filesystem Hierarchy Standard", FHS_OPT, page=21)
    extract = answer_from_passages("In the FHS, what is /opt reserved for?", "en", [fhs], embed)
    assert extract.answered and extract.kind == "define"
    assert extract.quotes[0].text == "/opt is reserved for the installation of add-on application software packages."


def test_a_quoted_term_is_the_term_defined(embed) -> None:  # type: ignore[no-untyped-def]
    fhs = hit("0f0f0f0f", "fhs", "Filesystem Hierarchy Standard", FHS_OPT, page=21)
    question = "What is the '/opt' the standard keeps mentioning?"
    extract = answer_from_passages(question, "en", [fhs], embed, threshold=0.5)  # what is quoted, not if
    assert extract.answered and extract.kind == "define" and extract.quotes[0].text.startswith("/opt is reserved for")
    assert _defined_term("白皮书中所说的“双循环飞轮”是指什么？", "zh", set()) == "双循环飞轮"
    assert _defined_term("whats the flywheel exactly", "en", set()) == "flywheel"


def test_a_chinese_question_naming_the_document_as_its_topic(embed) -> None:  # type: ignore[no-untyped-def]
    # "FHS 里的 /opt": FHS names the document (its initials), /opt is the term
    fhs = hit("0f0f0f0f", "fhs", "Filesystem Hierarchy Standard", FHS_OPT, page=21)
    guide_text = "FHS 讲述每个文件和目录应该放在哪里，/opt 也在其中。\n"
    guide = hit("0e0e0e0e", "guide", "新维护者手册", guide_text, language="zh")
    extract = answer_from_passages("FHS 里的 /opt 是放什么的？", "zh", [guide, fhs], embed, threshold=0.5)
    assert extract.answered and extract.kind == "define"
    assert extract.quotes[0].document_id == "fhs" and extract.quotes[0].text.startswith("/opt is reserved for")


def test_a_chinese_question_names_an_english_document_by_its_kind() -> None:
    charter = hit("0d0d0d0d", "charter", "Constitution of the Example Society", "Members elect a chair.\n")
    other = hit("0c0c0c0c", "history", "A History of the Example Society", "The society was founded in 1990.\n")
    named, naming = _named_documents("宪法里，主席是怎么选出来的？", "zh", [other, charter])
    assert named == {"charter"} and "宪法" in naming


def test_a_number_is_answered_from_the_sentence_that_holds_it(embed) -> None:  # type: ignore[no-untyped-def]
    extract = answer_from_passages("How many packages did the Debian 1.1 Buzz release include?", "en", HITS, embed)
    assert extract.answered and extract.kind == "number"
    assert extract.lead == "According to A Brief History of Debian, the figure is 474:"  # the citation has the page
    naming, quote = extract.quotes  # the sentence naming the release, then the one stating the figure
    assert naming.text == "Debian 1.1 Buzz (June 17th, 1996): This was the first Debian release with a code name."
    assert quote.text == "This release was fully ELF, used Linux kernel 2.0, and contained 474 packages."
    assert quote.key == "aaaaaa" and quote.page == 9
    assert extract.text().endswith("contained 474 packages.” [aaaaaa]")


def test_define_uses_the_defining_sentence(embed) -> None:  # type: ignore[no-untyped-def]
    extract = answer_from_passages(
        "According to the Filesystem Hierarchy Standard, what are shareable files?", "en", HITS, embed
    )
    assert extract.answered and extract.kind == "define"
    assert extract.quotes[0].text == '"Shareable" files are those that can be stored on one host and used on others.'
    assert extract.lead == (  # the lead says what the quoted sentence says
        'According to Filesystem Hierarchy Standard, "Shareable" files are those that can be stored on one host and '
        "used on others."
    )


def test_why_uses_the_sentence_giving_the_cause(embed) -> None:  # type: ignore[no-untyped-def]
    extract = answer_from_passages(
        "Why does a Debian distribution under development get a codename?", "en", HITS, embed
    )
    assert extract.answered and extract.kind == "why"
    assert any("The purpose of these codenames is to make easier the mirroring" in q.text for q in extract.quotes)
    assert extract.lead == (
        "According to The Debian archives, the purpose of these codenames is to make easier the mirroring of the "
        "Debian distributions."
    )
    assert extract.quotes[-1].section == "6.2. Codenames"


def test_a_named_document_is_preferred(embed) -> None:  # type: ignore[no-untyped-def]
    same = "The Technical Committee consists of up to 5 Developers."
    other = hit("ffffff06", "draft", "Draft charter for a committee", same, page=2)
    question = "According to the Debian constitution, how many Developers can the Technical Committee have at most?"
    extract = answer_from_passages(question, "en", [other, *HITS], embed)
    assert extract.answered and extract.quotes[0].document_id == "constitution"
    assert "up to 8 Developers" in extract.quotes[0].text
    assert extract.quotes[0].text.startswith("1. The Technical Committee")  # the whole list item, wrapped line joined


def test_a_chinese_question_over_an_english_passage(embed) -> None:  # type: ignore[no-untyped-def]
    # a Chinese question shares few words with an English passage: it scores below the calibrated threshold here
    extract = answer_from_passages("Debian 1.1 Buzz 里有多少个软件包？", "zh", HITS, embed, threshold=1.0)
    assert extract.answered and extract.language == "zh"
    assert extract.lead == "根据《A Brief History of Debian》，答案是 474（原文为英文）："
    assert "474 packages" in extract.quotes[-1].text


def test_a_chinese_definition(embed) -> None:  # type: ignore[no-untyped-def]
    extract = answer_from_passages("什么是 Hurd？", "zh", HITS, embed)
    assert extract.answered and extract.quotes[0].text == "Hurd 是运行 GNU Mach 微内核的一组服务器。"
    assert "（原文为英文）" not in extract.lead


def test_unrelated_questions_are_refused_without_quotes(embed) -> None:  # type: ignore[no-untyped-def]
    for question, language in (
        ("How much does the Debian Project Leader earn per year?", "en"),
        ("Debian 计划的年度预算有多少？", "zh"),
    ):
        extract = answer_from_passages(question, language, HITS, embed)  # type: ignore[arg-type]
        assert not extract.answered and extract.quotes == []
        assert extract.text() in (
            "The documents don't say this, so I won't guess.",
            "文档中没有这方面的内容，我不作猜测。",
        )
    assert not answer_from_passages("How many packages?", "en", [], embed).answered


# Passages of the bundled reports (corpus/reports), as the search returns them.
GFCDI_2025_FLYWHEEL = (
    'The 2025 reporting argues that the timing of a "dual-circulation flywheel" will decide future\n'
    "competition between fintech centres. In the flywheel, investment turns into output, and that output in\n"
    "turn feeds further investment.\n\n"
    "According to the seed article, the United States is expected to start its flywheel in 2024-2025, while\n"
    "China is expected to start in 2026-2028.\n"
)
GFCDI_2025_TOP = (
    "The report's reading of the top of the table is that a strong coupling of finance and technology is the\n"
    "core competitive advantage of the leading centres: the cities at the top combine deep financial markets\n"
    "with strong technology industries. Shanghai in second place is the highest-ranked Chinese city, with\n"
    "Beijing third.\n"
)
GFCDI_2024_SHANGHAI = (
    "China Daily gives detail on why Shanghai kept third place. Shanghai ranked first of all cities on the\n"
    "fintech-application indicator, the strongest showing of any city on that measure. On growth potential it\n"
    "rose one place to fourth, helped by venture capital activity.\n"
)
WHITE_PAPER_ZH = (
    "围绕2025年发布的报道指出，上海在三个领域处于全球领先：人工智能财富管理、面向小微企业的数字信贷，以及数字货币跨境支付。\n"
    "报道认为，上海是传统金融中心向科技驱动型中心转型的标杆。\n\n"
    "这与指数对上海的定位相呼应：上海属于“场景应用深化型”发展路径，也是中国金融科技的应用主战场。关于优势领域的表述来自种子报道，可信度高。\n"
)
WHITE_PAPER_EN = (
    "An action plan issued on 4 September 2024, Shanghai government office notice 沪府办发〔2024〕14号, set goals for\n"
    "the fintech centre.\n"
)
HISTORY_WOODY = (
    'Debian 3.0 Woody (19 July 2002): Named for the main character the Toy Story movies: "Woody" the cowboy.\n'
    "With Wichert still serving as Project Leader, this release consisted of more than 8500 binary packages.\n"
)
INDEX = "Global Financial Technology Center Development Index"
REPORTS = [
    hit("f1f1f1f1", "gfcdi-2025-en", f"{INDEX} (2025)", GFCDI_2025_FLYWHEEL),
    hit("f2f2f2f2", "gfcdi-2025-en", f"{INDEX} (2025)", GFCDI_2025_TOP),
    hit("f3f3f3f3", "gfcdi-2024-en", f"{INDEX} (2024)", GFCDI_2024_SHANGHAI),
    hit("f4f4f4f4", "wp-2025-zh", "上海金融科技发展白皮书（2025）", WHITE_PAPER_ZH, language="zh"),
    hit("f5f5f5f5", "wp-2025-en", "Shanghai Financial Technology Development White Paper (2025)", WHITE_PAPER_EN),
]


def test_a_definition_continues_in_the_next_sentence(embed) -> None:  # type: ignore[no-untyped-def]
    extract = answer_from_passages("What does the 'dual-circulation flywheel' mean?", "en", REPORTS, embed)
    assert extract.answered and extract.kind == "define"
    assert [q.text for q in extract.quotes] == [
        'The 2025 reporting argues that the timing of a "dual-circulation flywheel" will decide future competition '
        "between fintech centres.",
        "In the flywheel, investment turns into output, and that output in turn feeds further investment.",
    ]


def test_the_title_holds_what_the_question_says_of_the_document(embed) -> None:  # type: ignore[no-untyped-def]
    # "2025" and "index" are in the report's title: its sentences need not repeat them
    question = "According to the 2025 index, what is the core advantage of the leading fintech centres?"
    extract = answer_from_passages(question, "en", REPORTS, embed, threshold=EXPLAIN_THRESHOLD)  # as the composer
    assert extract.answered and "strong coupling of finance and technology" in extract.quotes[0].text


def test_ordinal_words_meet_the_numbers_of_the_question(embed) -> None:  # type: ignore[no-untyped-def]
    question = "Why did Shanghai climb to 4th on growth potential in the 2024 index?"
    extract = answer_from_passages(question, "en", REPORTS, embed)
    assert extract.answered and any("rose one place to fourth" in q.text for q in extract.quotes)


def test_a_cause_just_before_the_best_sentence_is_quoted(embed) -> None:  # type: ignore[no-untyped-def]
    extract = answer_from_passages("上海为何被视为传统金融中心向科技驱动转型的标杆？", "zh", REPORTS, embed)
    assert extract.answered and extract.kind == "why"
    cause, best = extract.quotes
    assert cause.text.startswith("围绕2025年发布的报道指出") and best.text.startswith("报道认为，上海是")
    assert extract.lead == "根据《上海金融科技发展白皮书（2025）》，上海在三个领域处于全球领先。"  # the cause, stated


def test_a_date_is_not_an_amount_and_a_name_in_chinese_is_not_a_chinese_source(embed) -> None:  # type: ignore[no-untyped-def]
    woody = hit("a0a0a0a0", "history", "A Brief History of Debian", HISTORY_WOODY, page=11)
    question = "How many binary packages were in Debian 3.0 Woody?"
    extract = answer_from_passages(question, "en", [woody, *HITS], embed, threshold=1.0)  # what is quoted, not if
    assert extract.lead == "According to A Brief History of Debian, the figure is 8500:"
    extract = answer_from_passages("When was the action plan issued?", "en", REPORTS[4:], embed)
    assert extract.answered and "the source is in Chinese" not in extract.lead


def test_days_of_a_month_are_not_amounts_and_a_month_is_not_a_name(embed) -> None:  # type: ignore[no-untyped-def]
    text = "The meeting was held in Oslo from 12 to 18 June 2015.\nOn March 3rd 2016 the board met again.\n"
    meeting = hit("c0c0c0c0", "history", "A History", text, page=3)
    for question in ("How many people came to the Oslo meeting?", "Who chaired the board that met again?"):
        assert not answer_from_passages(question, "en", [meeting], embed, threshold=0.0).answered  # however close


def test_irregular_verb_forms_meet() -> None:
    assert {_stem(word) for word in ("wrote", "written", "writes")} == {"write"}
    assert _stem("began") == _stem("begun") == "begin"


def test_labels_and_iso_dates_are_not_amounts(embed) -> None:  # type: ignore[no-untyped-def]
    text = "The GFCI 38 release of 2025-09-25 ranks 116 centres.\n"
    gfci = hit("b0b0b0b0", "gfci", "GFCI 38", text, section="Release")
    extract = answer_from_passages("How many centres does the GFCI 38 rank?", "en", [gfci], embed)
    assert extract.answered and extract.lead == "According to GFCI 38, the figure is 116:"
    none = hit("b1b1b1b1", "gfci", "GFCI 38", "The GFCI 38 release ranks financial centres.\n", section="Release")
    assert not answer_from_passages("How many centres does the GFCI 38 rank?", "en", [none], embed).answered


def test_a_definition_must_name_the_term(embed) -> None:  # type: ignore[no-untyped-def]
    capital = hit("c0c0c0c0", "vc", "Fintech venture capital", "These are venture capital figures only.\n")
    assert not answer_from_passages("What is the capital city of Australia?", "en", [capital], embed).answered


OVERVIEW = (
    "The indices compared in this corpus:\n\n"
    "- GFCI FinTech ranking, Z/Yen and CDI: a separate ranking inside the Global Financial Centres Index since GFCI 26"
    " (September 2019).\n"
    "- Global FinTech Hub Report, Zhejiang University AIF: 80+ cities (Top 50 published) on industry, consumer "
    "experience and ecosystem.\n"
)
GFCI_INTRO = (
    "The Global Financial Centres Index (GFCI) is published by Z/Yen together with the China Development Institute.\n"
    "The big change of 2025 is at the top: Hong Kong took first place from New York in GFCI 38.\n"
)
FHI_ZH = "《全球金融科技中心城市报告》（Global FinTech Hub Report）评估80多座城市，公布前50名。\n"


def test_glossary_items_and_abbreviations_define_terms(embed) -> None:  # type: ignore[no-untyped-def]
    hits = [
        hit("d0d0d0d0", "fhi-2025-zh", "全球金融科技中心城市报告（2025）", FHI_ZH, language="zh"),
        hit("d1d1d1d1", "overview", "Guide to fintech centre rankings", OVERVIEW),
        hit("d2d2d2d2", "gfci", "GFCI FinTech ranking (2025)", GFCI_INTRO),
    ]
    extract = answer_from_passages("What is the Global FinTech Hub Report, exactly?", "en", hits, embed)
    assert extract.answered and "Zhejiang University AIF" in extract.quotes[0].text  # English, and it defines
    extract = answer_from_passages("What's the GFCI FinTech ranking?", "en", hits, embed)
    assert extract.answered and "\n- GFCI FinTech ranking, Z/Yen and CDI" in extract.quotes[0].text  # the whole list
    assert extract.lead == "According to Guide to fintech centre rankings, GFCI FinTech ranking, Z/Yen and CDI."
    extract = answer_from_passages("GFCI是什么？", "zh", hits, embed)
    assert extract.answered and "Z/Yen" in extract.quotes[0].text and "原文为英文" in extract.lead


def test_a_term_of_an_abbreviation_and_a_noun_is_defined_where_the_abbreviation_is(embed) -> None:  # type: ignore[no-untyped-def]
    boot = (
        "The boot loader first reads the XBP partition to find its menu.\n"
        "An extended boot partition (XBP) is a disk partition that holds the boot loader's files.\n"
    )
    manual = hit("f0f0f0f0", "boot", "Booting the example system", boot)
    question = "whats an XBP partition? (I saw it in the installer)"
    assert question_kind(question, "en") == "define"  # the remark in brackets at the end asks nothing
    extract = answer_from_passages(question, "en", [manual], embed, threshold=0.0)
    assert extract.answered and "an extended boot partition (XBP) is a disk partition" in extract.lead


def test_what_is_it_for_and_what_is_called_ask_for_a_definition_in_chinese() -> None:
    assert question_kind("XBP 是干什么用的？", "zh") == "define"
    assert _defined_term("XBP 是干什么用的？", "zh", set()) == "xbp"
    assert question_kind("什么叫 XBP？", "zh") == "define"
    assert _defined_term("啥叫做 XBP？", "zh", set()) == "xbp"


def test_a_name_no_passage_mentions_is_refused(embed) -> None:  # type: ignore[no-untyped-def]
    text = "ExampleConf19 took place in Lyon in 2019.\nExampleConf20 was held online.\nThe non-member fee is low.\n"
    history = hit("a9a9a9a9", "history", "A Brief History of Example", text)
    for question in ("When did ExampleConf22 take place?", "ExampleConf22 是哪一年举办的？"):
        assert not answer_from_passages(question, "en", [history], embed, threshold=0.0).answered
    for question in (
        "When did ExampleConf19 take place?",
        "When did Exampleconf 19 take place?",
        "Is the non-member fee low?",
    ):
        assert answer_from_passages(question, "en", [history], embed, threshold=0.0).answered


def test_a_span_of_years_a_description_or_a_misspelt_name_is_not_missing() -> None:
    text = "Financing in San Francisco shrank from 2022 to 2024 as the centre became more tech driven.\n"
    passage = [hit("a8a8a8a8", "report", "A report", text)]
    for question in (
        "Why did financing shrink over 2022-24?",
        "Why is it called tech-driven?",
        "Why did San Fransisco financing shrink?",
    ):
        assert _missing_name(question, set(), passage) is None
    assert _missing_name("Why did Arkholm financing shrink?", set(), passage) == "Arkholm"


def test_a_figure_in_the_unit_asked_for_counts(embed) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Uploads wait in the queue before they move on, and the delay depends on the urgency of the upload.\n"
        "The delays are currently 2, 5 or 10 days, depending on the urgency.\n"
        "About 300 uploads arrive on a busy day.\n"
    )
    queue = hit("b9b9b9b9", "queue", "The upload queue", text)
    extract = answer_from_passages("How many days is the delay for each urgency?", "en", [queue], embed, threshold=0.0)
    assert extract.answered and any("2, 5 or 10 days" in quote.text for quote in extract.quotes)


def test_the_numbers_of_list_items_are_not_figures(embed) -> None:  # type: ignore[no-untyped-def]
    delegates = "The Project Leader's Delegates:\n1. have powers delegated to them;\n2. may make certain decisions.\n"
    constitution = hit("e0e0e0e0", "constitution", "Constitution for the Debian Project", delegates, section="8")
    question = "How much does the Debian Project Leader get paid?"
    extract = answer_from_passages(question, "en", [constitution], embed, threshold=0.0)  # whatever the score
    assert not extract.answered  # "2." numbers an item: no figure answers "how much"


def test_a_chinese_question_is_matched_by_its_latin_words_in_an_english_passage(embed) -> None:  # type: ignore[no-untyped-def]
    # "Rex" is the only word an English passage can hold: it is not diluted by the question's Chinese words
    wording = "25%是起点数据，但资料没有说明这一基准对应哪一年；2029年的45%是2025年版白皮书发布的预测值。\n"
    paper = hit("ab12ab12", "wp", "白皮书", wording, language="zh")
    extract = answer_from_passages("Rex 是哪一年发布的？", "zh", [paper, *HITS], embed)
    assert extract.answered and extract.kind == "when"
    assert extract.lead == "根据《A Brief History of Debian》，时间是 December 12th, 1996（原文为英文）："
    # "Debian" alone (in nearly every passage) does not make an English passage answer a Chinese question
    assert not answer_from_passages("Debian 计划的年度预算有多少？", "zh", [paper, *HITS], embed).answered


def test_cut_lists_and_fragments_are_not_quoted() -> None:
    units = sentence_units("，你需要阅读相关的文档。\n以下关键特性使得 Debian 与其他发行版不一样：\n")
    assert [unit.complete for unit in units] == [False, False]  # opens after a comma; its list is cut off


def test_a_refusal_over_passages_about_the_question_is_marked_related(embed) -> None:  # type: ignore[no-untyped-def]
    # the chat says "the documents don't say" for the one, "outside what I can answer" for the other
    about = answer_from_passages("When did the Technical Committee last meet?", "en", HITS, embed)
    assert not about.answered and about.related
    off = answer_from_passages("Could you share a banana bread recipe?", "en", HITS, embed)
    assert not off.answered and not off.related


def test_a_sentence_is_read_under_its_section_heading(embed) -> None:  # type: ignore[no-untyped-def]
    # "There is a quorum of two." says nothing of the committee: its section does
    text = "The Chair has a casting vote. There is a quorum of two.\n"
    procedure = hit("c1c1c1c1", "constitution", CONSTITUTION_TITLE, text, section="6.3. Technical Committee procedure")
    ballot = "Any member may call for a vote on the ballot as it currently stands, and the vote begins at once.\n"
    other = hit("c2c2c2c2", "constitution", CONSTITUTION_TITLE, ballot, section="4.2. Procedure")
    question = "What is the quorum for a Technical Committee vote?"
    extract = answer_from_passages(question, "en", [other, procedure], embed)
    assert extract.answered and extract.lead == f"According to {CONSTITUTION_TITLE}, there is a quorum of two."


def test_of_a_list_the_figure_comes_from_the_item_of_the_year_asked(embed) -> None:  # type: ignore[no-untyped-def]
    totals = "Recorded full-year totals:\n- 2018: 111.8 billion USD of global venture investment;\n"
    totals += "- 2021: 210.4 billion USD.\n"
    venture = hit("a1a1a1a1", "vc", "Venture investment totals", totals, section="Totals")
    extract = answer_from_passages("How much was global venture investment in 2021?", "en", [venture], embed)
    assert extract.answered and extract.lead == "According to Venture investment totals, the figure is 210.4 billion:"


def test_a_chinese_question_naming_a_bundled_metric_prefers_the_chinese_report(embed) -> None:  # type: ignore[no-untyped-def]
    # the bundled reports come in both languages: "KPMG" does not make the English one the answer
    because = "KPMG reports that global fintech investment fell because investors turned cautious after rate rises.\n"
    english = hit("a2a2a2a2", "kpmg-en", "KPMG Pulse of Fintech", because)
    zh_text = "毕马威报告认为，全球金融科技投资下降是因为加息后投资者转向谨慎。\n"
    chinese = hit("a3a3a3a3", "kpmg-zh", "毕马威金融科技脉搏", zh_text, language="zh")
    extract = answer_from_passages("为什么 KPMG 统计的全球金融科技投资下降了？", "zh", [english, chinese], embed)
    assert extract.answered and extract.quotes[0].document_id == "kpmg-zh"


def test_the_words_naming_the_source_are_not_what_is_asked(embed) -> None:  # type: ignore[no-untyped-def]
    # "the New Maintainers' Guide" says where to look even when no passage's title matches it (it is in Chinese)
    rewrite = "The New Maintainers' Guide is being rewritten as the Guide for Debian Maintainers, with new examples.\n"
    english = hit("b2b2b2b2", "news", "Debian Project News", rewrite)
    tool = "• fakeroot - 这个工具使你可以在编译过程中以普通用户来模拟 root 用户环境。\n"
    chinese = hit("b3b3b3b3", "guide-zh", "Debian 新维护者手册", tool, language="zh")
    question = "According to the New Maintainers' Guide, what is fakeroot for?"
    extract = answer_from_passages(question, "en", [english, chinese], embed, threshold=0.5)
    assert extract.answered and extract.quotes[0].document_id == "guide-zh"


def test_a_misspelt_document_name_still_names_it(embed) -> None:  # type: ignore[no-untyped-def]
    gifts = "Any donations for the Debian Project must be made to organisations designated by the Project Leader.\n"
    constitution = hit("c3c3c3c3", "constitution", CONSTITUTION_TITLE, gifts, section="9.2")
    spi = "Software in the Public Interest was created to give Debian a legal entity that can accept donations.\n"
    history = hit("c4c4c4c4", "history", "A Brief History of Debian", spi, page=4)
    question = "what does the debian constitutian say about donations"
    extract = answer_from_passages(question, "en", [history, constitution], embed, threshold=0.5)
    assert extract.answered and extract.quotes[0].document_id == "constitution"


def test_a_sentence_in_the_other_language_has_a_lower_bar_when_it_holds_the_names(embed) -> None:  # type: ignore[no-untyped-def]
    # a Chinese question shares none of its Chinese words with an English sentence: it scores lower
    extract = answer_from_passages("开发中的 Debian 发行版为什么使用代号？", "zh", HITS, embed)
    assert extract.answered and extract.score < 1.2 and "原文为英文" in extract.lead
    # not when the passage lacks a name the question mentions ("Ubuntu")
    extract = answer_from_passages("开发中的 Debian Ubuntu 发行版为什么使用代号？", "zh", HITS, embed)
    assert not extract.answered and extract.score > 0.75


def test_footnote_marks_are_not_quoted_and_a_version_is_no_figure() -> None:
    from assistant.agent.extractive.figures import _figures

    units = sentence_units("[4] Historically, packages were kept in the subdirectory[4] of dists.")
    assert [unit.text for unit in units] == ["Historically, packages were kept in the subdirectory of dists."]
    assert [figure for _, figure in _figures("about sixty developers in 0.93R6 and 1,012 volunteers")] == ["1,012"]


def test_a_later_sentence_on_another_subject_does_not_give_the_date(embed) -> None:  # type: ignore[no-untyped-def]
    society = hit(
        "0b0b0b0b",
        "society",
        "A Short History of the Example Society",
        "The Example Society set up the Northwind Trust, a charity based in Leeds.\n"
        "A grant of the city council paid for its offices from March 1994 to May 1995.\n",
    )
    question = "In what year was the Northwind Trust set up?"
    extract = answer_from_passages(question, "en", [society], embed, threshold=0.5)
    assert "1994" not in extract.lead  # the grant's dates are not the trust's


def test_a_chinese_numeral_is_the_figure_asked_for(embed) -> None:  # type: ignore[no-untyped-def]
    guide = hit(
        "0a0a0a0a",
        "guide",
        "示例打包指南",
        "用户名最短长度三个字符，而且必须以字母开头。另外，把用户名控制在 20 字符以内是明智之举。\n",
        language="zh",
    )
    extract = answer_from_passages("按打包指南，用户名最短可以是几个字符？", "zh", [guide], embed, threshold=0.5)
    assert extract.answered and "答案是 三个" in extract.lead and "20" not in extract.lead


def test_a_chinese_numeral_inside_a_word_is_no_figure(embed) -> None:  # type: ignore[no-untyped-def]
    text = "维护者不可能在一夜之间学会打包，需要的远不只是技术。\n"
    guide = hit("0a0a0a0b", "guide", "示例打包指南", text, language="zh")
    extract = answer_from_passages("要多长时间才能学会打包？", "zh", [guide], embed, threshold=0.0)
    assert not extract.answered  # 一夜之间 ("overnight") states no length of time


def test_a_day_written_before_of_and_the_month_is_the_whole_date(embed) -> None:  # type: ignore[no-untyped-def]
    club = hit(
        "09090909",
        "club",
        "A Short History of the Example Club",
        "The first club meeting took place in Utrecht on the 4th of March 2001, with forty members.\n",
    )
    extract = answer_from_passages("When did the first club meeting take place?", "en", [club], embed, threshold=0.5)
    assert extract.answered and "4th of March 2001" in extract.lead


TITLE_PAGE = "Example Packaging Handbook\nMaria Lopez, Chen Wei and Ola Nordmann\nVersion 2.4\nPublished May 3, 2019\n"


def test_a_title_page_is_quoted_as_one_block_of_lines() -> None:
    assert sentence_units(TITLE_PAGE) == []  # elsewhere, lines that are not sentences are headings
    (block,) = sentence_units(TITLE_PAGE, front_matter=True)
    assert block.text == TITLE_PAGE.strip()


def test_who_wrote_a_document_is_answered_from_its_title_page(embed) -> None:  # type: ignore[no-untyped-def]
    title = hit("08080808", "handbook", "Example Packaging Handbook", TITLE_PAGE, page=1)
    extract = answer_from_passages("Who wrote the Example Packaging Handbook?", "en", [title], embed, threshold=0.5)
    assert extract.answered and extract.lead.endswith("it is Maria Lopez:")
    assert extract.quotes[0].text == TITLE_PAGE.strip() and extract.quotes[0].page == 1


def test_who_is_answered_by_whoever_does_it_not_only_by_a_name(embed) -> None:  # type: ignore[no-untyped-def]
    scope = hit(
        "07070707",
        "shelving",
        "Example Shelving Standard",
        "1.2. Scope\nThis standard is meant to be used by archivists and librarians when they plan new stacks.\n",
    )
    question = "Who is the Example Shelving Standard meant for?"
    extract = answer_from_passages(question, "en", [scope], embed, threshold=0.5)
    assert extract.answered and "archivists and librarians" in extract.quotes[0].text


def test_a_date_given_for_something_else_named_is_no_answer(embed) -> None:  # type: ignore[no-untyped-def]
    trust = hit("06060606", "trust", "Notes on Leeds charities", "The Northwind Trust is a charity based in Leeds.\n")
    club = hit("05050505", "club", "Notes on Leeds clubs", "The Leeds Rowing Club was set up in March 1994.\n")
    question = "In what year was the Northwind Trust in Leeds set up?"
    extract = answer_from_passages(question, "en", [trust, club], embed, threshold=0.5)
    assert "1994" not in extract.lead  # the club's year is not the trust's


def test_a_refusal_about_a_named_document_says_the_documents_dont_say(embed) -> None:  # type: ignore[no-untyped-def]
    society = hit("04040404", "charter", "Charter of the Example Society", "Members elect a chair every year.\n")
    extract = answer_from_passages("What does the charter say about parking?", "en", [society], embed)
    assert not extract.answered and extract.related  # not "outside what I cover": the charter is in the library


def test_commands_and_running_headers_are_not_quoted() -> None:
    assert not _readable('$ cat >>~/.bashrc <<EOF DEBEMAIL="you@example.org" EOF')
    assert not _readable("The Example Tools FAQ Chapter 2.")
    assert not _readable("Getting and installing the example tools")  # a heading or a link, no end mark
    assert _readable("The Hurd is a set of servers running on a microkernel.")
    assert _readable("2024年9月印发的行动方案提出用三到五年建成领先的中心。")  # opens with a year


def test_which_words_is_not_a_number_question() -> None:
    assert question_kind("这个名字解释成哪几个英文单词？", "zh") != "number"
    assert question_kind("软件包名最短可以是几个字符？", "zh") == "number"


def test_a_term_glossed_in_brackets_is_defined_by_an_english_passage(embed) -> None:  # type: ignore[no-untyped-def]
    text = '"Portable" archives are those that open on any system. "Local" archives are those that do not.\n'
    archive = hit("03030303", "archives", "Example Archive Standard", text, page=4)
    question = "标准里说的便携（portable）归档到底是啥意思？"
    extract = answer_from_passages(question, "zh", [archive], embed, threshold=0.5)
    assert extract.answered and extract.quotes[0].text.startswith('"Portable" archives')
    assert extract.lead.startswith("《Example Archive Standard》对便携（portable）归档的定义如下")


def test_what_counts_as_asks_for_a_definition() -> None:
    assert question_kind('What counts as a "local file" in the standard?', "en") == "define"


def test_a_pdfs_note_numbers_are_not_quoted() -> None:
    units = sentence_units("6Then, anyone may read the lock file.\nThe manual¹² says so.\n2024 was a good year.\n")
    expected = ["Then, anyone may read the lock file.", "The manual says so.", "2024 was a good year."]
    assert [unit.text for unit in units] == expected


def test_when_takes_the_date_next_to_what_is_asked(embed) -> None:  # type: ignore[no-untyped-def]
    text = "The report expects Norway to open its new port in 2027-2028, while Denmark should open one in 2031.\n"
    ports = hit("02020202", "ports", "Example Ports Outlook", text)
    extract = answer_from_passages("When is Denmark expected to open a new port?", "en", [ports], embed, threshold=0.5)
    assert extract.answered and extract.lead.endswith("it was 2031:")
    extract = answer_from_passages("When will Norway open its new port?", "en", [ports], embed, threshold=0.5)
    assert extract.answered and extract.lead.endswith("it was 2027-2028:")


def test_a_version_of_another_name_is_not_the_version_asked_about(embed) -> None:  # type: ignore[no-untyped-def]
    text = "Example OS 4.0 (oak) was released in May 2007 with 900 packages.\n"
    notes = hit("01010101", "notes", "Example notes", text)
    extract = answer_from_passages("When was Example OS 4.0 released?", "en", [notes], embed, threshold=1.0)
    assert extract.answered and "May 2007" in extract.lead
    other_versions = (("When was Shelving Standard 4.0 released?", "en"), ("EXS 4.0 是什么时候发布的？", "zh"))
    for question, language in other_versions:
        extract = answer_from_passages(question, language, [notes], embed, threshold=1.0)
        assert not extract.answered  # Example OS 4.0 is not the standard's version 4.0


def test_a_path_wrapped_after_its_slash_is_joined_whole() -> None:
    units = sentence_units("For example, the cron lock file is named /run/\ncron.lock and nothing else.\n")
    assert units[0].text == "For example, the cron lock file is named /run/cron.lock and nothing else."


def test_a_compound_wrapped_at_its_own_hyphen_keeps_it() -> None:
    units = sentence_units("The copy must be byte-for-\nbyte identical, and the hyphen-\nation of a word is undone.\n")
    assert units[0].text == "The copy must be byte-for-byte identical, and the hyphenation of a word is undone."


def test_which_day_asks_when() -> None:
    assert question_kind("这个标准是哪天发布的？", "zh") == "when"


def test_who_is_answered_by_a_one_word_name_from_the_passage_about_what_is_asked(embed) -> None:  # type: ignore[no-untyped-def]
    hubs = hit("c9c9c9c9", "hubs", "Global hub survey", "In the global hub ranking, Metropolis is first.\n")
    note = hit("c8c8c8c8", "note", "Vestmark note", "In our own hub ranking, Arkholm is first and Lindvik second.\n")
    extract = answer_from_passages("Who ranks first in the Vestmark hub ranking?", "en", [hubs, note], embed, 0.0)
    assert extract.answered and extract.lead.startswith("According to Vestmark note, it is Arkholm")


def test_where_a_city_ranks_asks_no_place() -> None:
    assert question_kind("According to the note, where does Singapore rank?", "en") != "where"
    assert question_kind("Where did the first meeting take place?", "en") == "where"


def test_where_is_answered_by_a_place_a_path_or_a_host(embed) -> None:  # type: ignore[no-untyped-def]
    assert (
        question_kind("第一届年会是在哪里开的？", "zh")
        == question_kind("Where are the lock files kept?", "en")
        == "where"
    )
    text = (
        "The first meeting took place in Lyon, France in 2001.\n"
        "Lock files are kept in /var/lock/example.\n"
        "Updates are served from updates.example.org.\n"
    )
    notes = hit("09090909", "notes", "Example notes", text)
    for question, place in (
        ("Where did the first meeting take place?", "Lyon"),
        ("Where are the lock files kept?", "/var/lock/example"),
        ("Where are the updates served from?", "updates.example.org"),
    ):
        extract = answer_from_passages(question, "en", [notes], embed, threshold=0.5)
        assert extract.lead == f"According to Example notes, it is {place}:"


def test_a_chinese_word_meets_its_english_gloss_in_an_english_sentence(embed) -> None:  # type: ignore[no-untyped-def]
    text = "The Audit Committee has at most 7 members.\nThe museum opens at nine.\n"
    rules = hit("08080808", "rules", "Example Society rules", text)
    extract = answer_from_passages("审计委员会最多有几名成员？", "zh", [rules], embed, threshold=1.0)
    assert extract.answered and extract.quotes[0].text.startswith("The Audit Committee")  # 委员会, 成员 are glossed


def test_who_is_answered_by_a_name_the_question_gives_in_chinese(embed) -> None:  # type: ignore[no-untyped-def]
    text = "If the Audit Committee and Jane Roe agree, they may replace a member.\n"
    rules = hit("07070707", "rules", "Example Society rules", text)
    extract = answer_from_passages("审计委员会的成员可以由谁替换？", "zh", [rules], embed, threshold=0.5)
    assert extract.answered and "Jane Roe" in extract.lead and "Audit Committee" not in extract.lead


def test_an_amount_of_money_is_answered_only_by_a_figure_in_a_currency(embed) -> None:  # type: ignore[no-untyped-def]
    text = "The members may remove the treasurer with a 3:1 majority.\nThe treasurer may spend up to $500 alone.\n"
    rules = hit("06060606", "rules", "Example Society rules", text)
    extract = answer_from_passages("How much money may the treasurer spend alone?", "en", [rules], embed, threshold=0.5)
    assert extract.answered and "$500" in extract.lead
    only_ratio = hit("06060607", "rules", "Example Society rules", text.split("\n")[0] + "\n")
    extract = answer_from_passages("How much money may the treasurer spend?", "en", [only_ratio], embed, threshold=0.5)
    assert not extract.answered


def test_a_share_is_answered_only_by_a_percentage_or_a_ratio(embed) -> None:  # type: ignore[no-untyped-def]
    text = "The archive holds 55,000,000 lines of code.\nAbout 71% of the code is written in C.\n"
    archive = hit("05050506", "archive", "Example archive survey", text)
    extract = answer_from_passages("What share of the code is written in C?", "en", [archive], embed, threshold=0.5)
    assert extract.answered and "71%" in extract.lead and "55" not in extract.lead
    counts = hit("05050507", "archive", "Example archive survey", text.split("\n")[0] + "\n")
    assert not answer_from_passages("What percentage of the code is C?", "en", [counts], embed, threshold=0.5).answered


def test_the_topic_of_a_chinese_what_says_question() -> None:
    assert _topic("示例手册里对 contrib 目录是怎么说的？", "zh") == "contrib 目录"
    assert _topic("示例手册提到了哪些日志文件？", "zh") == "哪些日志文件"


def test_a_misspelt_word_of_the_question_still_meets_the_sentence(embed) -> None:  # type: ignore[no-untyped-def]
    text = "The treasurer keeps the ledger of the society.\nMembers elect a chair every spring.\n"
    rules = hit("04040405", "rules", "Example Society rules", text)
    extract = answer_from_passages("Which officer keeps the ledgger?", "en", [rules], embed, threshold=0.5)
    assert extract.answered and extract.quotes[0].text.startswith("The treasurer")
    unknown = answer_from_passages("Which officer keeps the zqxwvb?", "en", [rules], embed, threshold=0.5)
    assert extract.score > unknown.score + 0.2  # "ledgger" counts as the sentence's "ledger"


def test_what_a_document_says_quotes_the_sentences_around_the_best_one(embed) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Writing prompts\n"
        "Prompts should be short and end with a question. Avoid the first person in prompts (I will ask you...). "
        "Prefer a neutral voice. Translators thank you for plain words.\n"
    )
    guide = hit("0b0b0b0b", "guide", "Example style guide", text, section="Writing prompts")
    extract = answer_from_passages("What does the style guide say about the first person?", "en", [guide], embed)
    quoted = " ".join(quote.text for quote in extract.quotes)
    assert extract.answered and "first person" in quoted and "neutral voice" in quoted


def test_a_count_is_answered_by_no_percentage_and_a_chinese_count_by_its_measure_word() -> None:
    from assistant.agent.extractive.figures import _figures, _shape

    assert [figure for _, figure in _figures("2024年共发生997笔融资。")] == ["997"]
    assert not _shape("number", "Payments firms took 45% of the funding.", "How many payments firms were funded?")
    assert _shape("number", "Payments firms took 45% of the funding.", "What share went to payments firms?")
    assert not _shape("number", "全市金融科技企业约占全国的15.4%。", "有多少家金融科技企业？")
    assert not _shape("number", "融资金额为966.38亿元。", "调研覆盖了多少家机构？")
    assert _shape("number", "调研覆盖约60家机构。", "调研覆盖了多少家机构？")
    assert _shape("number", "调研覆盖约六十家机构。", "调研覆盖了多少家机构？")


def test_a_passage_about_other_cities_does_not_answer_for_the_city_asked(embed) -> None:  # type: ignore[no-untyped-def]
    text = "上海金融科技企业超过1200家。\n"
    shanghai = hit("0d0d0d0d", "paper-zh", "示例白皮书", text, language="zh")
    assert not answer_from_passages("迪拜的金融科技企业有多少家？", "zh", [shanghai], embed, 0.0).answered
    assert answer_from_passages("上海的金融科技企业有多少家？", "zh", [shanghai], embed, 0.0).answered


def test_a_numbered_list_answers_who_holds_a_place_and_where_a_name_ranks(embed) -> None:  # type: ignore[no-untyped-def]
    text = "The note ranks the ports on cost, speed and reach:\n1. Rotterdam\n2. Antwerp\n3. Hamburg\n4. Le Havre\n"
    ports = hit("0e0e0e0e", "ports", "Example port ranking", text, section="Ranking of ports")
    first = answer_from_passages("Who ranks first among the ports?", "en", [ports], embed, 0.0)
    assert first.answered and "Rotterdam" in first.lead and "Antwerp" not in first.lead
    third = answer_from_passages("Which port is third in the note's ranking?", "en", [ports], embed, 0.0)
    assert third.answered and "Hamburg" in third.lead
    placed = answer_from_passages("Where does Le Havre rank among the ports?", "en", [ports], embed, 0.0)
    assert placed.answered and "Le Havre is 4th" in placed.lead


def test_a_change_over_a_sentence_with_both_figures_states_them_both(embed) -> None:  # type: ignore[no-untyped-def]
    text = "Freight volumes through the port reached 14.2 million tonnes in 2024, against 11.8 million in 2023.\n"
    port = hit("0f0f0f0f", "port", "Example port report", text)
    extract = answer_from_passages("How much did freight volumes grow from 2023 to 2024?", "en", [port], embed, 0.0)
    assert extract.answered and "14.2 million" in extract.lead and "11.8 million" in extract.lead
    assert "the figure is" not in extract.lead


def test_a_limit_asked_is_answered_by_the_sentence_stating_that_limit(embed) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The board has at least 3 members and up to 9 members. "
        "When there are fewer than 5 members the board may co-opt new ones until it reaches 7."
    )
    board = hit("0f0f0f0f", "charter", "Example charter", text)
    most = answer_from_passages("How many members can the board have at most?", "en", [board], embed, 0.0)
    assert most.answered and "9" in most.lead and "7" not in most.lead
    least = answer_from_passages("董事会至少要有几名成员？", "zh", [board], embed, 0.0)
    assert least.answered and "3" in least.lead


def test_a_term_asked_with_zhi_de_shi_and_the_document_it_is_in() -> None:
    assert (
        _defined_term("手册里提到的 orphan package（孤儿包）指的是什么？", "zh", {"手册"}) == "orphan package（孤儿包）"
    )
    assert _defined_term("DFSG 是指什么", "zh", set()) == "dfsg"
