"""Labels an official can read for discovered themes, built offline from their keywords.

A discovered theme has no name from the scheme, so it is named after its two
or three strongest keywords: ``Elsparkcykel, olycka och parkering``. Keywords
are lemmas in the language of the texts they come from (see
:mod:`pipeline.themes.text`); a keyword that is not Swedish is marked with its
language, in Swedish, so an official knows why it reads foreign:
``Sidewalk, bike och trail (engelska ord)``. A keyword that residents mostly
capitalise (a place such as *Scottsville*, an acronym such as *WKU*) keeps
that spelling. Placeholders of the anonymizer never reach a label.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache

from pipeline.languages import language_name
from pipeline.themes.text import (
    PLACEHOLDER,
    PLACEHOLDER_WORDS,
    lemmatizer,
    lower_words,
    make_analyzer,
    stop_words,
    text_language,
)

LABEL_KEYWORDS = 3
MAX_LABEL_WORDS = 5
# A word after a space that does not follow a sentence end: capitals here mark a name.
_MID_SENTENCE_WORD = re.compile(r"(?<=\s)(?<![.!?:]\s)([^\W\d_]+(?:-[^\W\d_]+)*)", re.UNICODE)


def keyword_languages(
    keywords: Sequence[str],
    texts: Sequence[str],
    models_dir: str | None,
    languages: Mapping[str, str | None] | None = None,
) -> dict[str, str]:
    """Return the language of each keyword: the most common language of the texts it comes from.

    Args:
        keywords: The theme's keywords (lemmas or lemma bigrams).
        texts: The theme's member texts (anonymized).
        models_dir: Where the stop-word lists are.
        languages: Stored language per text, when the caller has it.
    """
    analyze = make_analyzer(stop_words(models_dir), languages)
    wanted: dict[str, Counter[str]] = {k: Counter() for k in keywords}
    for text in texts:
        lemmas = analyze(text)
        present = set(lemmas) | {f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False)}
        lang = (languages or {}).get(text) or text_language(text)
        for k in present & wanted.keys():
            wanted[k][lang] += 1
    found = {k: c.most_common(1)[0][0] for k, c in wanted.items() if c}
    # a keyword the analyzer does not give back ("activities" from a joined document) is in the
    # theme's own language, not Swedish by default
    majority = Counter(found.values()).most_common(1)[0][0] if found else None
    return {**({k: majority for k in keywords} if majority else {}), **found}


def surface_forms(
    keywords: Sequence[str], texts: Sequence[str], languages: Mapping[str, str | None] | None = None
) -> dict[str, str]:
    """Return the spelling residents mostly use for keywords whose words they capitalise mid-sentence.

    A keyword is a lemma (``bowl green``); a word residents write capitalised
    in the middle of a sentence is a name (*Bowling Green*, *WKU*) and is shown
    as they write it. Other words keep their lemma.
    """
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        lemma = lemmatizer((languages or {}).get(text) or text_language(text))
        for m in _MID_SENTENCE_WORD.finditer(PLACEHOLDER.sub(" ", text)):
            forms.setdefault(lemma(m.group(1).lower()), Counter())[m.group(1)] += 1
    out = {}
    for k in keywords:
        shown = []
        for word in k.split():
            form, n = (forms.get(word) or Counter({word: 0})).most_common(1)[0]
            named = form[:1].isupper() and n * 2 > sum(forms.get(word, Counter()).values())
            shown.append(form if named else word)
        if shown != k.split():
            out[k] = " ".join(shown)
    return out


SHARED_FROM = 10  # a theme this large names itself by words at least two of its residents use


def shared_keywords(
    keywords: Sequence[str],
    texts: Sequence[str],
    models_dir: str | None,
    languages: Mapping[str, str | None] | None = None,
    analyze: Callable[[str], list[str]] | None = None,
) -> list[str]:
    """Return ``keywords`` without those only one of ``texts`` uses (in a theme of ``SHARED_FROM`` or more).

    c-TF-IDF favours a word no other theme has, even when a single resident wrote it: Västerås
    Kollektivtrafik (86 submissions) listed "charge" from one English comment. A keyword the
    per-text analysis does not find at all (a lemma of the joined document) is kept. ``analyze``
    is the fit's own analyzer when the caller has it (it remembers each text's lemmas).
    """
    if len(texts) < SHARED_FROM:
        return list(keywords)
    analyze = analyze or make_analyzer(stop_words(models_dir), languages)
    wanted = set(keywords)
    counts: Counter[str] = Counter()
    for text in texts:
        lemmas = analyze(text)
        counts.update((set(lemmas) | {f"{a} {b}" for a, b in zip(lemmas, lemmas[1:], strict=False)}) & wanted)
    return [k for k in keywords if counts[k] != 1]


@lru_cache(maxsize=4096)
def german_noun(word: str) -> str:
    """Return ``word`` with a capital when simplemma's German dictionary has it as a noun ("wärmepumpe")."""
    import simplemma

    lemma = simplemma.lemmatize(word, lang="de")
    return lemma if lemma[:1].isupper() and lemma.lower() == word else word


def written_keywords(
    keywords: Sequence[str], texts: Sequence[str], languages: Mapping[str, str | None] | None = None
) -> list[str]:
    """Return ``keywords`` with each word that residents never write spelled as they write it.

    A lemma can be a word nobody used: Swedish simplemma turns the English *bus* into
    *busa* (to romp) and *vägarna* into *vägare*. A lemma residents never write, and
    that none of their forms starts with, is shown in the form the theme's texts use
    most (*bus*, *vägarna*); *buss* from *bussarna* stays.
    """
    wanted = {w for k in keywords for w in k.split()}
    written: set[str] = set()
    forms: dict[str, Counter[str]] = {}
    lemmatizers: dict[str, Callable[[str], str]] = {}  # one per language: each keeps its own cache
    for text in texts:
        lang = (languages or {}).get(text) or text_language(text)
        lemma = lemmatizers.get(lang) or lemmatizers.setdefault(lang, lemmatizer(lang))
        for word in lower_words(text):
            written.add(word)
            base = lemma(word)
            if base in wanted and base != word:
                forms.setdefault(base, Counter())[word] += 1

    def shown(word: str) -> str:
        unwritten = word not in written and _unlike(word, forms.get(word))
        return forms[word].most_common(1)[0][0] if unwritten else word

    return [" ".join(shown(w) for w in k.split()) for k in keywords]


def _unlike(lemma: str, forms: Counter[str] | None) -> bool:
    """Return whether no written form begins with ``lemma`` (so it may not be their word at all)."""
    return forms is not None and bool(forms) and not any(form.startswith(lemma) for form in forms)


def title_words(title: str | None) -> frozenset[str]:
    """Return the lower-case words of a dialogue's title ("Bowling Green 2050": bowling, green)."""
    return frozenset(w for w in lower_words(title or "") if len(w) >= 3 and not w.isdigit())


def label_keywords(keywords: Sequence[str], skip: frozenset[str] = frozenset()) -> list[str]:
    """Pick the keywords a label is made of: the strongest, then single words, at most five words.

    Words of ``skip`` (the dialogue's own name: every theme of "Bowling Green 2050" is about
    Bowling Green) name no theme.
    """
    picked: list[str] = []
    for k in keywords:
        words = k.split()
        if not k or PLACEHOLDER.search(k) or any(w in PLACEHOLDER_WORDS for w in words):
            continue
        if any(w in skip for w in words):
            continue
        if picked and len(words) > 1:
            continue  # lemma bigrams below the top ("ung åka") read as broken Swedish
        if any(w in p.split() for p in picked for w in words):
            continue
        if sum(len(p.split()) for p in picked) + len(words) > MAX_LABEL_WORDS:
            break
        picked.append(k)
        if len(picked) == LABEL_KEYWORDS:
            break
    return picked


# A discovered theme of short replies with nothing in common: its keywords are in few of its members
# and half of them are a few words ("Nicht immer möglich!", "Wieso Insekten?", "no specific comments").
# Klimarat's largest theme (60 members, keywords in 15 %, median 6 words) was labelled
# "Verzichten (tyska), statement (engelska) och ASFINAG (tyska)"; Bowling Green's "Work specific" (0 %, 2 words).
FRAGMENTS_LABEL = "Korta svar utan gemensamt ämne"
FRAGMENTS_MIN_MEMBERS = 8
FRAGMENTS_MAX_COVERAGE = 0.2
FRAGMENTS_MAX_MEDIAN_WORDS = 6


def keyword_coverage(keywords: Sequence[str], texts: Sequence[str], top: int = 3) -> float:
    """Return the share of ``texts`` that contain one of the ``top`` keywords (by stem, any case)."""
    stems = [k.lower()[: max(4, len(k) - 3)] for k in keywords[:top] if k]
    if not texts or not stems:
        return 0.0
    return sum(any(stem in t.lower() for stem in stems) for t in texts) / len(texts)


def is_fragments(keywords: Sequence[str], texts: Sequence[str]) -> bool:
    """Tell whether a discovered theme is short replies that share no subject (see FRAGMENTS_LABEL)."""
    if len(texts) < FRAGMENTS_MIN_MEMBERS:
        return False
    lengths = sorted(len(lower_words(t)) for t in texts)
    median = lengths[len(lengths) // 2]
    return median <= FRAGMENTS_MAX_MEDIAN_WORDS and keyword_coverage(keywords, texts) < FRAGMENTS_MAX_COVERAGE


def theme_label(
    keywords: Sequence[str],
    texts: Sequence[str],
    models_dir: str | None,
    languages: Mapping[str, str | None] | None = None,
    skip: frozenset[str] = frozenset(),
) -> str:
    """Return a Swedish label for a discovered theme (empty when it has no usable keyword).

    Args:
        keywords: The theme's keywords, strongest first.
        texts: The theme's member texts (anonymized), to tell each keyword's language and spelling.
        models_dir: Where the stop-word lists are.
        languages: Stored language per text, when the caller has it.
        skip: Words that name no theme (:func:`title_words` of the dialogue's title).

    A theme of short replies that share no subject is called so (:data:`FRAGMENTS_LABEL`).
    """
    if is_fragments(keywords, texts):
        return FRAGMENTS_LABEL
    if skip:  # keywords are lemmas: "Bowling Green" is "bowl green" in English
        skip = skip | {lemmatizer(lang)(w) for w in skip for lang in {"sv", "en", *(languages or {}).values()} if lang}
    words = label_keywords(keywords, skip)
    if not words:
        return ""
    langs = keyword_languages(words, texts, models_dir, languages)
    spelled = surface_forms(words, texts, languages)
    for w in words:  # German nouns are written with a capital even where no resident wrote them mid-sentence
        if langs.get(w) == "de" and w not in spelled:
            spelled[w] = " ".join(german_noun(part) for part in w.split())
    foreign = {langs.get(w, "sv") for w in words} - {"sv"}
    one_language = len(foreign) == 1 and all(langs.get(w, "sv") != "sv" for w in words)
    shown = []
    for w in words:
        lang = langs.get(w, "sv")
        mark = f" ({language_name(lang)})" if lang != "sv" and not one_language else ""
        shown.append(spelled.get(w, w) + mark)
    label = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " och " + shown[-1]
    label = label[:1].upper() + label[1:]
    if one_language:
        lang = next(iter(foreign))
        label += f" ({language_name(lang)} ord)"
    return label
