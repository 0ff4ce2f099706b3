"""Issue 15: names of every origin in the name model's training text, with a held-out share."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.anonymize.names.augment import NamePools, Replacer, held_out, name_key, split_names
from pipeline.anonymize.names.lexicon import FOLD, load_lexicon

REPO = Path(__file__).resolve().parents[3]
NAMES = {
    "somali": (["Xasan", "Hasan", "Cabdi", "Abdi", "Faadumo", "Fadumo", "Maryan", "Nimco"], ["Warsame", "Cali", "Ali"]),
    "kurdish": (["Şêrko", "Sherko", "Serko", "Rojda", "Dilan", "Bêrîvan"], ["Barzanî", "Barzani", "Hawrami"]),
    "swedish": (["Anna", "Karin", "Sven"], ["Karlsson", "Öberg"]),
}
SENTENCE = (
    ["Hej", "!", "Anna", "Karlssons", "hund", "skäller", "vid", "Råby", "bibliotek", ",", "sa", "Sven", "."],
    ["O", "O", "B-PER", "I-PER", "O", "O", "O", "B-LOC", "I-LOC", "O", "O", "B-PER", "O"],
)


def _pools() -> NamePools:
    return NamePools(
        first={"somali": ["Xasan", "Faadumo"], "kurdish": ["Şêrko"], "swedish": ["Anna"]},
        last={"somali": ["Warsame"], "kurdish": ["Barzanî"], "swedish": ["Öberg"]},
    )


def test_spellings_of_one_name_fall_on_one_side() -> None:
    """'Xasan'/'Hasan' and 'Şêrko'/'Sherko'/'Serko' are held out or trained on together, never split."""
    for seed in range(12):
        train, held = split_names(NAMES, share=0.5, seed=seed)
        for a, b in (("Xasan", "Hasan"), ("Faadumo", "Fadumo"), ("Şêrko", "Sherko"), ("Şêrko", "Serko")):
            origin = "somali" if a in NAMES["somali"][0] else "kurdish"
            assert (a in held.first[origin]) == (b in held.first[origin]), (seed, a, b)
            assert (a in train.first[origin]) != (a in held.first[origin])


def test_held_out_share_and_exclusions() -> None:
    """About the asked share of each origin is held out; excluded keys are in neither pool."""
    lex = load_lexicon()
    names = {o: (lists["first"], lists["last"]) for o, lists in lex.origins.items()}
    train, held = split_names(names, share=0.3, seed=0, exclude={name_key("Xasan"), name_key("Hasan")})
    for origin in ("finnish", "somali", "kurdish", "tigrinya"):
        n_held, n_train = len(held.first[origin]), len(train.first[origin])
        assert 0.15 < n_held / (n_held + n_train) < 0.45, origin
        assert not set(held.first[origin]) & set(train.first[origin])
    everywhere = [n for pools in (train, held) for lst in pools.first.values() for n in lst]
    assert "Xasan" not in everywhere and "Hasan" not in everywhere
    assert split_names(names, share=0.3, seed=0)[1] == split_names(names, share=0.3, seed=0)[1]
    assert held_out("dilan", 0.3, 0) == held_out("dilan", 0.3, 0)


def test_replaced_sentence_keeps_everything_but_the_names() -> None:
    """Places, their tags and the other words stay; each PER span gets a pool name of about its length."""
    rep = Replacer(_pools(), seed=3)
    pool_words = {w.lower() for lst in (*_pools().first.values(), *_pools().last.values()) for w in lst}
    pool_words |= {w.translate(FOLD) for w in pool_words}
    seen_lower = False
    for _ in range(60):
        words, tags = rep.replace(*SENTENCE) or ([], [])
        assert [t for t in tags if t.endswith("LOC")] == ["B-LOC", "I-LOC"]
        assert tags.count("B-PER") == 2
        assert words[words.index("Råby" if "Råby" in words else "råby") + 1].lower() == "bibliotek"
        per = [w for w, t in zip(words, tags, strict=True) if t.endswith("PER")]
        assert 2 <= len(per) <= 4
        assert all(w.lower().removesuffix("s") in pool_words or w.lower() in pool_words for w in per)
        seen_lower |= words[0] == "hej"
    assert seen_lower  # some copies are SMS-style lower case
    assert rep.replace(["Bussen", "är", "sen", "."], ["O", "O", "O", "O"]) is None


@pytest.mark.slow
def test_training_text_has_no_held_out_or_development_name(shared_dir: Path) -> None:
    """No held-out name and no name word of the tuning/dev sets is in the generator's or the replacer's pools."""
    from pipeline.anonymize.evaluate import read_gold
    from pipeline.anonymize.names.leave_out import gold_name_words
    from pipeline.anonymize.names.synth import load_pools
    from pipeline.anonymize.names.train import HOLDOUT_SHARE, eval_name_keys, training_pools

    exclude = eval_name_keys(shared_dir)
    dev_words = gold_name_words(read_gold(REPO / "tests/data/pii/dev_origins.jsonl"))
    assert {name_key(w) for w in dev_words} <= exclude
    pools = load_pools(shared_dir)
    generator_pools, names = training_pools(pools, seed=0, exclude=exclude)
    _, held = split_names(pools.names, share=HOLDOUT_SHARE, seed=0, exclude=exclude)
    held_keys = {name_key(n) for lst in (*held.first.values(), *held.last.values()) for n in lst}
    used = [n for f, la in generator_pools.names.values() for n in f + la] + generator_pools.scb_first
    used += [n for lst in (*names.first.values(), *names.last.values()) for n in lst]
    keys = {name_key(n) for n in used}
    assert held_keys and not keys & held_keys and not keys & exclude
