"""Claim labels: what the residents of a point raise or want, in 3–15 Swedish words.

Offline, the label is derived from the point's most typical Swedish statement,
generalised: its main clause, without hedges ("jag tycker att"), rewritten as a
claim ("Det behövs X" → "Behov av X", "Sätt upp kameror" → "Kommunen bör sätta
upp kameror"), with a place that differs between the point's statements
replaced by the places they name ("…, bl.a. vid Råby och Bäckby"). When what is
left would still be one resident's verbatim words, it is reported as a claim
("Invånare påtalar att deras barn …"). The rules are ``rules/labels.sv.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache

from pipeline.languages import language_name
from pipeline.summaries.features import PLACE_ENDING, classify_kind, cued_kind
from pipeline.summaries.ruleset import LabelRules, load_label_rules, load_places

MIN_WORDS, MAX_WORDS = 3, 15
FOREIGN_CANDIDATES = 5  # the most typical statements a label in another language may be made from
NEUTRAL_KIND = "problem"  # its frame, "påtalar att", is true of any statement
_QUESTION = re.compile(r"^(?:varför|hur|vem|vilka|vilken|vilket|kan|kommer|finns)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\b(?:jag|mig|min|mitt|mina|vi|oss|vår|vårt|våra)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DANGLING = frozenset(
    "och att i på vid för med som men utan eller till av om från bl.a varje en ett den det de".split()
)
# A cut label ends before a subordinate clause it cannot finish ("… varje dag eftersom bussarna").
_SUBORDINATE = frozenset("eftersom när där då medan innan tills trots fast hur vilket vilka vad så men som".split())
_SUBORDINATE_PAIRS = frozenset({"för att", "så att", "därför att", "utan att", "trots att"})
_TRAILING = _DANGLING | _SUBORDINATE  # words a cut label does not end on
_QUOTES = "”“«»\"'"
_PROPOSES = re.compile(
    r"^(?:(?:jag|vi) (?:föreslår|skulle (?:vilja )?föreslå|vill föreslå)|(?:mitt|vårt) (?:förslag|önskemål) är) att\s+",
    re.IGNORECASE,
)


def word_count(text: str) -> int:
    """Return the number of words in ``text``."""
    return len(_WORD.findall(text))


def is_quote(label: str, texts: Iterable[str]) -> bool:
    """Say whether ``label`` is, word for word, a run of words in one of ``texts`` (case and punctuation ignored)."""
    words = " ".join(w.casefold() for w in _WORD.findall(label))
    return bool(words) and any(words in " ".join(w.casefold() for w in _WORD.findall(t)) for t in texts)


def main_clause(statement: str, rules: LabelRules) -> str:
    """Return the statement up to its first clause break (keeping at least three words)."""
    text = " ".join(statement.split())
    for pattern in rules.clause_breaks:
        for match in pattern.finditer(text):
            if word_count(text[: match.start()]) >= MIN_WORDS:
                text = text[: match.start()]
                break
    return text.strip(" ,.;:!?–—" + _QUOTES)


def _strip_hedges(clause: str, rules: LabelRules) -> str:
    return _strip(clause, rules.hedges)


def _strip(clause: str, hedges: Iterable[re.Pattern[str]]) -> str:
    """Strip hedges from the start of ``clause`` as long as three words remain."""
    changed = True
    while changed:
        changed = False
        for pattern in hedges:
            match = pattern.match(clause)
            if match and word_count(clause[match.end() :]) >= MIN_WORDS - 1:
                clause, changed = clause[match.end() :], True
    return clause


def _lower_first(clause: str, texts: list[str]) -> str:
    """Lower-case the first letter unless the first word is a name.

    A name is a known place, a word with a place-name ending ("Rudbecksparken"), an
    acronym, or a word the texts spell with a capital
    more often than without one when it is not the first word of a sentence.
    """
    first = clause.split(maxsplit=1)[0].strip(",.") if clause.strip() else ""
    # A genitive ("Viksängs bibliotek") is the name it is made from.
    stem = first[:-1] if len(first) > 4 and first.endswith("s") else first
    if (
        not first
        or (first.isupper() and len(first) > 1)  # an acronym ("ABB"), not the preposition "I"
        or {first.casefold(), stem.casefold()} & load_places()
        or (PLACE_ENDING.fullmatch(first) and not _known_word(first))  # "Rudbecksparken", not "Förskolan"
    ):
        return clause
    inner = re.compile(rf"(?<=[\w,] )({re.escape(first)}|{re.escape(stem)})\b", re.IGNORECASE)
    spellings = Counter(m.group(1)[0].isupper() for t in texts for m in inner.finditer(t))
    if spellings[True] > spellings[False]:
        return clause
    if not spellings and not (_common_word(first) or _common_word(stem)):
        return clause  # never seen inside a sentence, and no Swedish word: a name ("Viksängs bibliotek")
    return clause[:1].lower() + clause[1:]


@cache
def _known_word(word: str) -> bool:
    """Say whether simplemma knows ``word`` whole as Swedish ("förskolan", "stadsparken")."""
    import simplemma

    return bool(simplemma.is_known(word.casefold(), lang="sv"))


@cache
def _common_word(word: str) -> bool:
    """Say whether ``word`` is a Swedish word simplemma knows, or a compound ending in one of 6+ letters."""
    w = word.casefold()
    return any(_known_word(w[i:]) for i in range(0, max(1, len(w) - 5)))


def rewrite(clause: str, rules: LabelRules) -> tuple[str, bool]:
    """Apply the imperative rule and the ordered rewrites to a lower-cased clause.

    Returns:
        The rewritten clause, and whether its head was rewritten into a claim
        ("kommunen bör …", "behov av …"), which then needs no reporting frame.
    """
    head, _, rest = clause.partition(" ")
    claimed = head in rules.imperatives
    if claimed:
        negated = rest.startswith("inte ")
        rest = rest[5:] if negated else rest
        clause = f"kommunen bör {'inte ' if negated else ''}{rules.imperatives[head]} {rest}".strip()
    for pattern, say in rules.rewrites:
        new = pattern.sub(say, clause, count=1)
        claimed = claimed or (new != clause and pattern.pattern.startswith("^"))
        clause = new
    return clause, claimed


@cache
def place_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Return the pattern of a place phrase: a preposition and one or two names ("mellan X och Y")."""
    tail = "|".join(map(re.escape, words))
    name = r"[A-ZÅÄÖ][\w\-:]*"
    full = rf"{name}(?:\s+(?:{name}|{tail})\b)*"
    return re.compile(
        rf"\b(?P<prep>vid|i|på|längs|mellan|till|från|utanför|genom)\s+(?P<name>{full})(?:\s+och\s+(?P<second>{full}))?"
    )


def _places(statement: str, pattern: re.Pattern[str]) -> list[str]:
    out: list[str] = []
    for match in pattern.finditer(statement):
        out.extend(n for n in (match.group("name"), match.group("second")) if n)
    return out


def generalise_places(clause: str, sources: list[str], rules: LabelRules) -> str:
    """Replace the clause's place when the point's statements name different places."""
    pattern = place_pattern(tuple(rules.place_words))
    match = pattern.search(clause)
    if match is None:
        return clause
    named = Counter(name.casefold() for s in sources for name in _places(s, pattern))
    if len(named) < 2:
        return clause
    spelled = {name.casefold(): name for s in sources for name in _places(s, pattern)}
    stripped = " ".join((clause[: match.start()] + clause[match.end() :]).split()).replace(" ,", ",").strip(" ,")
    if match.group("prep") == "mellan":
        return f"{stripped} mellan {rules.several_places}"
    top = [spelled[name] for name, _ in named.most_common(2)]
    return f"{stripped}, bl.a. {match.group('prep')} {top[0]} och {top[1]}"


_MODALS = "kan|kunde|ska|skall|skulle|vill|ville|måste|bör|borde|får|fick|hade|blev|gick|kom|fanns"


def _move_adverb(clause: str, rules: LabelRules) -> str:
    """Put the first sentence adverb before its verb, as an att-clause wants ("ställs ofta in" → "ofta ställs in")."""
    adverbs = "|".join(map(re.escape, rules.adverbs))
    # modal and past forms do not end in -r/-s/-t: "bussen kan inte svänga" → "bussen inte kan svänga"
    return re.sub(rf"\b(\w+(?:r|s|t)|{_MODALS})\s+({adverbs})\b", r"\2 \1", clause, count=1)


_WONDERS = re.compile(r"^(?:jag|vi) undrar (?=(?:varför|hur|om|när|vad|vem|vilk|var)\b)", re.IGNORECASE)


def _report(clause: str, n: int, rules: LabelRules, kind: str | None = None) -> str:
    """Report the clause as what residents say: "Invånare påtalar att deras cykel …".

    The verb says the clause's own kind only when it is the point's ``kind`` too, so
    a point of suggestions is never "Invånare uppskattar att …"; otherwise the
    neutral "påtalar att", which is true of every statement.
    """
    subject = rules.subjects["one" if n == 1 else "many"]
    proposes = _PROPOSES.match(clause)  # "jag föreslår att X" reports X as a proposal, not "föreslår att de föreslår"
    clause = clause[proposes.end() :] if proposes else clause
    own = "förslag" if proposes else classify_kind(clause)
    wonders = _WONDERS.match(clause)  # "vi undrar varför X" reports the question: "undrar varför X"
    if wonders:
        return f"{subject} undrar {swap_pronouns(clause[wonders.end() :], rules)}"
    if own == "fråga" or _QUESTION.match(clause):
        return f"{subject} frågar: {clause[:1].upper()}{clause[1:]}"
    frame = rules.frames[own if kind is None or own == kind else NEUTRAL_KIND]
    swapped = swap_pronouns(straight_order(clause), rules)
    if not has_finite_verb(swapped):
        # "påtalar att cykelbanor med egen belysning" is no sentence; "påtalar cykelbanor …" is.
        frame = frame.removesuffix(" att")
    return f"{subject} {frame} {_move_adverb(plural_predicative(swapped), rules)}"


# Finite forms simplemma's lemmas do not show the pattern of (irregular and short verbs).
_FINITE = frozenset(
    "är var har hade kan kunde ska skall skulle vill ville måste bör borde får fick går gick gör gjorde "
    "kör körde bor bodde hör hörde tror trodde "
    "blir blev finns fanns kom kommer såg ser tog tar gav ger låg ligger stod står vet visste heter "
    "sa sade säger lät låter dog dör drog drar satt sitter sov sover bar bär slog slår gäller gällde "
    "vore hette kändes syntes".split()
)


@cache
def _is_finite(word: str) -> bool:
    import simplemma

    if word in _FINITE:
        return True
    lemma = simplemma.lemmatize(word, lang="sv").lower()
    if lemma.endswith("as") and word in {lemma[:-2] + "s", lemma[:-2] + "es", lemma[:-3] + "des", lemma[:-3] + "tes"}:
        return True  # deponents: "kännas" -> "känns"
    if lemma == word or not lemma or lemma[-1] not in "aeiouyåäö":
        return False
    stem = lemma[:-1]
    return word in {lemma + "r", stem + "er", lemma + "s", stem + "s", lemma + "de", stem + "de", stem + "te"}


def has_finite_verb(clause: str) -> bool:
    """Say whether a Swedish clause has a finite verb ("går", "saknas", "stängde"), by lemma patterns.

    Used only to choose "påtalar att X" (a clause) or "påtalar X" (a phrase without a verb,
    "gratis buss för ungdomar på sommarlovet"). Plural nouns rarely fit the patterns
    ("lampor", "ungdomar"); when one does ("bussar"), the label keeps its "att", as before.
    """
    words = re.findall(r"[a-zåäöéü]+", clause.casefold())
    return bool(words) and (_imperative(words[0]) or any(_is_finite(w) for w in words))


@cache
def _imperative(word: str) -> bool:
    """Say whether a clause's first word may be an imperative ("Ta bort …", "Låt …", "Glöm inte …")."""
    import simplemma

    lemma = simplemma.lemmatize(word, lang="sv").lower()
    return lemma[-1:] in tuple("aeiouyåäö") and (word == lemma or lemma in {word + "a", word + "ma", word + "na"})


# A main clause that starts with an adverbial puts its verb before a pronoun subject ("som anhörig
# får man …"); an att-clause wants the subject first ("att man som anhörig får …").
_INVERTED = re.compile(
    r"^(?P<adv>(?:som|i|på|efter|under|förra|varje|nu|ibland|där|här|sedan|numera)\b(?:\s+[\wåäö-]+){0,3}?"
    r"(?:,?\s+(?:när|då|om)\s+[\wåäö-]+(?:\s+[\wåäö-]+){0,4}?,?)?)\s+"  # "på vintern när det är mörkt ser jag …"
    r"(?P<verb>[\wåäö]+)\s+(?P<subj>man|jag|vi|de|hon|han|ni|det)\b(?P<rest>.*)$",
    re.IGNORECASE,
)


def straight_order(clause: str) -> str:
    """Put a pronoun subject before a fronted adverbial and its verb, as a subordinate clause wants."""
    match = _INVERTED.match(clause)
    if match is None or match.group("verb").casefold() in _DANGLING:
        return clause
    if match["subj"].casefold() == "det":  # "det här vid ån" would read "this by the river": the place goes last
        rest = match["rest"].rstrip(" .!")
        return f"det {match['verb']}{rest} {match['adv'][:1].lower()}{match['adv'][1:]}" if rest else clause
    return f"{match['subj']} {match['adv']} {match['verb']}{match['rest']}"


_REFLEXIVE_SUBJECT = frozenset({"jag", "vi"})


def swap_pronouns(clause: str, rules: LabelRules) -> str:
    """Turn the first person into the third: "jag känner mig trygg" becomes "de känner sig trygg".

    An object pronoun right after the verb of its own subject ("jag känner mig", "vi ger oss")
    is reflexive and becomes "sig"; every other pronoun follows ``rules.pronouns``.
    """
    words = clause.split(" ")
    out = []
    for i, word in enumerate(words):
        low = word.casefold()
        if low in {"mig", "oss"} and i >= 2 and words[i - 2].casefold() in _REFLEXIVE_SUBJECT:
            out.append("sig")
        elif low == "min" and i and words[i - 1].rstrip(",").replace(",", "").isdigit():
            out.append(word)  # "6 min för tidigt": minutes, not "my"
        elif low == "mitt" and i + 1 < len(words) and words[i + 1].casefold() in _AMID:
            out.append(word)  # "parken mitt i Bäckby": amid, not "my"
        elif low in {"vi", "oss"} and i + 1 < len(words) and _group_noun(words[i + 1]):
            continue  # "vi föräldrar måste" says "föräldrar måste", "för oss äldre" "för äldre"
        else:
            out.append(rules.pronouns.get(low, word))
    return " ".join(out)


_AMID = frozenset("i på emot för under över".split())
_GROUPS = frozenset(
    "föräldrar småbarnsföräldrar pensionärer seniorer äldre unga ungdomar elever studenter barnfamiljer grannar "
    "boende invånare cyklister bilister fotgängare företagare hundägare villaägare hyresgäster medlemmar "
    "kvinnor män tjejer killar barn".split()
)


def _group_noun(word: str) -> bool:
    """Say whether ``word`` names a group "vi" stands beside ("vi föräldrar", "vi cyklister")."""
    low = word.casefold().strip(",.")
    return low in _GROUPS or low.endswith(("ister", "ärer"))


_PREDICATIVE = re.compile(r"\b(de (?:är|var|blir|känner sig) (?:så |väldigt |mycket |jätte|lite |ganska )?)(\w+)\b")
_PLURAL = {"ensam": "ensamma", "ledsen": "ledsna", "besviken": "besvikna", "trött": "trötta"}
_PLURAL_D = frozenset("nöjd missnöjd rädd glad arg oroad frustrerad förvånad trygg otrygg säker osäker".split())


def plural_predicative(clause: str) -> str:
    """Make an adjective after "de är" plural: "jag är orolig" became "de är orolig", which should say "oroliga"."""

    def plural(match: re.Match[str]) -> str:
        word = match.group(2)
        low = word.casefold()
        if low in _PLURAL:
            return match.group(1) + _PLURAL[low]
        if low.endswith("ig") or low in _PLURAL_D:
            return match.group(1) + word + "a"
        return match.group(0)

    return _PREDICATIVE.sub(plural, clause)


def shorten(label: str, limit: int = MAX_WORDS) -> str:
    """Return ``label`` cut to ``limit`` words: first its place list, then at a comma, then at a word."""
    if word_count(label) <= limit:
        return label
    if ", bl.a. " in label and word_count(label.split(", bl.a. ")[0]) >= MIN_WORDS:
        return shorten(label.split(", bl.a. ")[0], limit)
    words = label.split()
    cut = words[:limit]
    joints = [
        i
        for i, w in enumerate(cut[:-1])
        if i + 1 >= MIN_WORDS
        and (
            w.endswith(",")
            or cut[i + 1] == "och"
            # before a subordinate clause only late in the label: "frågar: När det …" keeps its clause
            or (cut[i + 1].casefold() in _SUBORDINATE and i + 1 >= len(cut) // 2)
            # "… vid hållplatsen för att vändplanen inte är" would end inside the clause it opens
            or (_opens_clause(words, i + 1) and i + 1 >= len(cut) // 2)
        )
    ]
    cut = cut[: joints[-1] + 1] if joints else cut
    while len(cut) > MIN_WORDS and cut[-1].strip(",:").casefold() in _TRAILING:
        cut.pop()
    return " ".join(cut).rstrip(",")


_CONDITION_SUBJECTS = frozenset("man jag vi de ni du han hon det kommunen".split())


def _opens_clause(words: list[str], i: int) -> bool:
    """Return whether ``words[i:]`` opens a two-word subordinate clause.

    "för att", "så att", "därför att", and "om" before a subject ("… att åka buss om man är en familj";
    "information om bussen" is no clause).
    """
    pair = [w.casefold() for w in words[i : i + 2]]
    if len(pair) == 2 and pair[0] == "om" and pair[1] in _CONDITION_SUBJECTS:
        return True
    return " ".join(pair) in _SUBORDINATE_PAIRS


def tidy(label: str) -> str:
    """Return ``label`` without quote marks or end punctuation, single-spaced, with a capital first letter."""
    label = " ".join(label.translate({ord(c): None for c in _QUOTES}).split()).strip(" ,.;:!?–—")
    return label[:1].upper() + label[1:]


# A clause that opens with a subordinator waits for its main clause ("Damit die Menschheit noch eine
# Überlebenschance hat", Klimarat): it is a label only when no other typical statement fits.
_FOREIGN_LEANING = {
    "de": re.compile(
        r"^(?:damit|dass|daß|weil|wenn|ob|obwohl|falls|sodass|indem|bevor|nachdem|während|wo|womit|wodurch|und|oder|aber)\b",
        re.IGNORECASE,
    ),
    "en": re.compile(r"^(?:because|if|when|so that|although|since|while|which|that|and|or|but)\b", re.IGNORECASE),
}


def leans_foreign(clause: str, language: str) -> bool:
    """Say whether a clause in ``language`` opens with a subordinator (it waits for its main clause)."""
    pattern = _FOREIGN_LEANING.get(language)
    return pattern is not None and pattern.match(clause.strip()) is not None


_GERMAN_DETERMINERS = frozenset(
    "ein eine einen einem einer eines der die das den dem des kein keine keinen keinem".split()
)


def incomplete(clause: str, language: str) -> bool:
    """Tell whether a cut clause stops inside a phrase and cannot be a label.

    An unclosed bracket ("… in der Landschaft (PV") stops anywhere; in German, where nouns have a
    capital, a clause ending in a lower-case adjective stops before its noun ("Erdgas ist eine absolut
    saubere", "Private brauchen gut überlegte"; Klimarat, cut at the comma between two adjectives).
    """
    if clause.count("(") > clause.count(")"):
        return True
    words = clause.rstrip(" .,;:!?…").split()
    if language != "de" or len(words) < 2 or not words[-1].islower():
        return False
    return words[-1].endswith("e") or any(w.lower() in _GERMAN_DETERMINERS for w in words[-3:-1])


def _whole_clause(source: str, rules: LabelRules, language: str) -> str:
    """Return the main clause, run on past a break that would leave it :func:`incomplete`."""
    clause = main_clause(source, rules)
    if not incomplete(clause, language):
        return clause
    text = " ".join(source.split())
    ends = sorted({m.start() for pattern in rules.clause_breaks for m in pattern.finditer(text)} | {len(text)})
    for end in ends:
        longer = text[:end].strip(" ,.;:!?–—" + _QUOTES)
        if len(longer) > len(clause) and not incomplete(longer, language):
            return longer
    return clause


def foreign_label(sources: list[str], language: str, kind: str, n: int, rules: LabelRules | None = None) -> str:
    """Return a claim label for a point no resident made in Swedish.

    Offline there is no translation, so the label reports the most typical
    statement's main clause in its own language, framed in Swedish and saying
    which language it is: "Invånare föreslår (på engelska): improve traffic flow
    on Scottsville Road". An LLM, when configured, phrases it in Swedish instead.
    """
    rules = rules or load_label_rules()
    subject = rules.subjects["one" if n == 1 else "many"]
    verb = "frågar" if kind == "fråga" else rules.frames[kind].removesuffix(" att")
    frame = f"{subject} {verb} (på {language_name(language)}):"
    budget = MAX_WORDS - word_count(frame)
    hedges = rules.foreign_hedges.get(language, [])
    # hedges first: "Klimarat: Ich bin dafür, mehr Windräder aufzustellen" is cut at its comma only after them
    clauses = [
        _strip(_whole_clause(_strip(source, hedges), rules, language), hedges)
        for source in sources[:FOREIGN_CANDIDATES]
    ]
    fits = [c for c in clauses if MIN_WORDS + 1 <= word_count(c) <= budget]  # "Ab 22 h" says too little
    fits = [c for c in fits if not leans_foreign(c, language) and not incomplete(c, language)] or fits
    # A typical statement whose main clause fits is better than the most typical one cut short.
    clause = tidy(fits[0]) if fits else tidy(shorten(clauses[0], budget)) + "…"
    return f"{frame} {clause}"


# "Grannsamverkan har fungerat bra hos oss. Kommunen borde stötta det mer …": the sentence before names
# what "det" is. Its subject is one word with a capital (not a pronoun, adverb or name of a place) and
# a verb follows; "det" is then an object (after a verb, not the subject of a clause).
_ANTECEDENT = re.compile(
    r"(?:^|[.!?]\s+)(?P<np>[A-ZÅÄÖ][a-zåäö]{3,})\s+(?:har|hade|är|var|blir|blev|fungerar|funkar|funkade|fungerade)\b"
    r"[^.!?]*[.!?]\s*$"
)
_NOT_ANTECEDENT = frozenset(
    "jag vi ni de den det detta denna dessa han hon man här där nu då idag igår sedan också men och "
    "alla många några ingen inget allt bussen".split()
)
_OBJECT_IT = re.compile(
    r"\b(?P<verb>[a-zåäö]{3,}(?:a|as))\s+det\b(?!\s+(?:är|var|blir|blev|finns|fanns|går|gick|kommer|har|ska|skulle|kan)\b)"
)


def resolve_it(statement: str, text: str) -> str:
    """Return ``statement`` with an object "det" replaced by what the sentence before it names.

    Args:
        statement: The chosen statement (a sentence of ``text``).
        text: The whole anonymized submission.
    """
    start = text.find(statement)
    match = _ANTECEDENT.search(text[:start]) if start > 0 else None
    if match is None or match["np"].casefold() in _NOT_ANTECEDENT or match["np"].casefold() in load_places():
        return statement
    noun = match["np"].casefold()
    return _OBJECT_IT.sub(lambda m: f"{m['verb']} {noun}", statement, count=1)


def derive_label(
    sources: list[str],
    kind: str,
    n: int,
    texts: Iterable[str],
    rules: LabelRules | None = None,
    spelling: Iterable[str] = (),
) -> str:
    """Return a claim label for a point.

    Args:
        sources: The point's Swedish statements, most typical first.
        kind: The point's kind (förslag, problem, beröm, kritik, fråga).
        n: How many submissions hold the point.
        texts: The texts the label must not copy (the point's submissions).
        rules: Label rules (default: ``rules/labels.sv.yaml``).
        spelling: More texts that show how residents write a word (the theme's): "till Resecentrum"
            inside a sentence keeps the name's capital in "… att Resecentrum känns otryggt".
    """
    rules = rules or load_label_rules()
    texts = list(texts)
    # What follows ", men" is the point, unless what precedes it already is one of this kind.
    sources = [point_part(s) for s in sources]
    sources = [s if cued_kind(main_clause(s, rules)) == kind else claim_part(s) for s in sources]
    source = next((s for s in sources[:LABEL_CANDIDATES] if stands_alone(main_clause(s, rules))), sources[0])
    clause = _lower_first(_strip_hedges(main_clause(source, rules), rules), [*sources, *texts, *spelling])
    rewritten, claimed = rewrite(clause, rules)
    label = generalise_places(rewritten, sources, rules)
    if claimed:
        label = swap_pronouns(label, rules)
    elif is_quote(label, texts) or _FIRST_PERSON.search(label) or word_count(label) < MIN_WORDS:
        label = _report(label, n, rules, kind)
    label = _no_verbless_att(tidy(shorten(label)))
    return label if not is_quote(label, texts) else _no_verbless_att(tidy(shorten(_report(clause, n, rules, kind))))


_FRAME_ATT = re.compile(r"^(?P<frame>(?:En invånare|Invånare) \w+) att (?P<rest>.+)$")


def _no_verbless_att(label: str) -> str:
    """Drop "att" when a cut left its clause without a verb: "föreslår att ett fritidskort för barn"."""
    match = _FRAME_ATT.match(label)
    if match and not has_finite_verb(match["rest"]):
        return f"{match['frame']} {match['rest']}"
    return label


# A clause that starts like this points back to something said before it ("Den är liten men full
# av liv"), greets, or is a fragment: a label made from it says nothing on its own.
_LEANING = re.compile(
    r"^(?:(?:den|de|dom|han|hon|dessa|detta)\s+(?:är|var|har|hade|blir|blev|kan|ska|måste|gör|går|kommer|ligger)"
    r"|där|då|dit|sen|hej|hejsan|antingen|men|och|eller"
    r"|för att|när|eftersom|medan|innan|trots att)\b",  # "För att området ska bli …" waits for its main clause
    re.IGNORECASE,
)
LABEL_CANDIDATES = 5  # the most typical statements a label may be made from
_CONTRAST = re.compile(r",\s+men\s+", re.IGNORECASE)  # "…, men" joins two clauses; "liten men full" two words
_BARE_CONTRAST = re.compile(r"\s+men\s+", re.IGNORECASE)
_CONCEDES = re.compile(
    r"^(?:(?:jag|vi) (?:förstår|vet|inser|begriper) (?:ju |nog |väl )?att|visst|visserligen"
    r"|(?:det är )?(?:bra|fint|jättebra|positivt) att|att .{3,60} är (?:bra|fint|jättebra|positivt))\b",
    re.IGNORECASE,
)
_OPINION = re.compile(r"\s+och (?:vi|jag) (?:tycker|anser|menar|tror|vill) att\s+", re.IGNORECASE)
# "Resecentrum: behövs …", a map or survey answer that names its place before the point.
_TOPIC_FIRST = re.compile(r"^(?P<topic>[A-ZÅÄÖ][\w-]+(?: [A-ZÅÄÖ][\w-]+)?):\s+(?P<rest>\S+(?:\s+\S+){2,})$")
# "Vi är ett gäng grannar som är över 70 och som gärna skulle vilja bygga …": who they are, then what they want.
_INTRODUCES = re.compile(
    r"^(?P<who>jag|vi) är\b(?:(?!\bmen\b)[^.!?]){2,80}?\s+(?:och (?:som )?|som )(?P<eager>(?:gärna|verkligen) )?"
    r"(?=(?:vill|skulle (?:gärna )?vilja|önskar|behöver|saknar|undrar)\b)",
    re.IGNORECASE,
)
# "Att det är 40 km/h på huvudgatan är bra men …": what is good comes first.
_GOOD_THAT = re.compile(r"^Att (?P<x>.{3,80}?) är (?P<good>bra|jättebra|fint|positivt|toppen)\b", re.IGNORECASE)
# "Om ni vill få en bredare bild behöver ni gå till folk": the condition only frames the proposal.
_CONDITION_FIRST = re.compile(
    r"^Om (?:ni|man|kommunen|vi|politikerna|[A-ZÅÄÖ]\w+) (?:verkligen )?(?:vill|ska|menar|tänker)\b[^,.!?]{3,80}?,?\s+"
    r"(?P<verb>behöver|måste|bör|borde|får|ska) (?P<subj>ni|man|kommunen|vi|politikerna)\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
# "Å ena sidan behöver Västerås ett modernt hus för kultur, å andra sidan …": the first side, straight.
_ONE_SIDE = re.compile(
    r"^(?:å|på) ena sidan,?\s+(?P<verb>[a-zåäö]+)\s+"
    r"(?P<subj>[A-ZÅÄÖ][\w-]+|kommunen|staden|vi|man|jag)\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(r"^(?:de|dom|den|han|hon|dessa|detta|där|då|så|det (?:är|var|blir))\b", re.IGNORECASE)


def point_part(statement: str) -> str:
    """Return the part of ``statement`` a label is made from, whatever the point's kind.

    "Resecentrum: behövs bättre väntsal" names its place before the point; "Vi är ett gäng grannar
    som är över 70 och som gärna skulle vilja bygga …" says who they are before it. In "Vi i klassen har
    pratat om klimatet och vi tycker att kommunen borde göra mer" the point is what they think.
    After a concession, "men" turns to the point even without a comma ("Jag förstår att man inte
    kan ploga överallt men det vore bra om …"). The turned-to part must stand alone.
    """
    topic = _TOPIC_FIRST.match(statement)
    if topic:
        return f"{topic['rest'][:1].upper()}{topic['rest'][1:].rstrip(' .!')} ({topic['topic']})"
    intro = _INTRODUCES.match(statement)
    if intro:
        return f"{intro['who'].capitalize()} {statement[intro.end() :]}"
    good = _GOOD_THAT.match(statement)
    if good:
        return f"Det är {good['good'].lower()} att {good['x']}"
    condition = _CONDITION_FIRST.match(statement)
    if condition:
        subject = "Kommunen" if condition["subj"].lower() == "ni" else condition["subj"].capitalize()
        return f"{subject} {condition['verb'].lower()} {condition['rest']}"
    side = _ONE_SIDE.match(statement)
    if side:
        subject = side["subj"] if side["subj"][:1].isupper() else side["subj"].capitalize()
        return f"{subject} {side['verb'].lower()} {side['rest']}"
    match = _OPINION.search(statement) or (_CONCEDES.match(statement) and _BARE_CONTRAST.search(statement))
    return _turn_to(statement, match)


def claim_part(statement: str) -> str:
    """Return the part of ``statement`` that carries the resident's point.

    In "Jag känner mig trygg på dagtid, men vägen från hållplatsen känns osäker" the point is
    what follows ", men"; what comes before concedes. The part after "men" is used only when it
    stands alone ("…, men de borde gå oftare" leans on what came before).
    """
    match = _CONTRAST.search(statement)
    return _turn_to(statement, match)


def _turn_to(statement: str, match: re.Match[str] | None) -> str:
    """Return what follows ``match`` as the statement's point, when it stands alone; else ``statement``."""
    if match is None:
        return statement
    rest = statement[match.end() :].strip()
    if _POINTS_BACK.match(rest) or not stands_alone(rest.split(".")[0]):
        return statement  # "…, men de borde gå oftare": "de" are the buses named before
    return rest[:1].upper() + rest[1:]


@lru_cache(maxsize=65536)
def clause_kind(statement: str) -> str | None:
    """Return the kind the clause a label is made from gives a Swedish statement, or None.

    "Appen för biljetter är svår att använda, det borde gå att betala med kort ombord" has a
    problem in its label clause and a proposal after it: a point whose kind counted the
    proposal was labelled "Förslag: … appen är svår att använda". Counting the label clause
    keeps the kind and the label saying the same.
    """
    return cued_kind(main_clause(claim_part(statement), load_label_rules()))


@lru_cache(maxsize=65536)
def foreign_clause_kind(statement: str) -> str | None:
    """Return the kind the main clause of a statement in another language gives it, or None."""
    return cued_kind(main_clause(statement, load_label_rules()))


def stands_alone(clause: str) -> bool:
    """Say whether a main clause can be a label on its own: four words or more, not leaning on another."""
    return word_count(clause) >= MIN_WORDS + 1 and not _LEANING.match(clause.strip())
