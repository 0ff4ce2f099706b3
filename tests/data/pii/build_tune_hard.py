"""Build ``tune_hard.jsonl``: issue-15 tuning material for the cases the first sets lacked.

Written for Lyhörd by hand, independently of ``report.jsonl`` (only that set's aggregate figures
were read): nicknames and short forms, Finnish case endings (Virtasen, Pekalle), Turkish suffixes
after an apostrophe (Ahmet'e), "X från Y" with Y a district, names inside Somali, Kurdish,
Finnish, Turkish, Polish and Bosnian sentences, all-caps sign-offs, streets whose names start
with a district ("Bäckbyvägen"), and name-free texts in those languages whose sentence-initial
function words must stay. Tune on this file; never report it. ``test_fairness_sets`` checks that
it shares no name and no text with ``report.jsonl``.

Run ``python tests/data/pii/build_tune_hard.py`` to rewrite the file (fixed seed).
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_sets import _fill, _phone  # noqa: E402

SEED = "15-hard"
# origin -> (first names, surnames, nicknames / short forms)
NAMES: dict[str, tuple[str, str, str]] = {
    "swedish": (
        "Gunilla Sven Britt Lars Eva Göran Kerstin Bengt Marie Rolf Björn Rut Sten Viola",
        "Ek Berg Holm Falk Ström Hedberg Nyström Åkesson Blom Sandberg",
        "Kalle Lasse Pelle Janne Micke Bosse Svenne Kicki Lotta Jocke Olle Nettan Gittan Totte Nisse",
    ),
    "arabic": (
        "Bilal Rami Dina Wael Jamila Nabil Soha Mazen Lubna Fares Ghalia Bassam",
        "Sabbagh Khatib Najjar Hijazi Tamimi Hammoud Zoabi",
        "Mo Hamoudi Abed Lulu Sousou Rimo",
    ),
    "somali": (
        "Abdiwali Hodo Xaliimo Maxamed Cawo Ikraan Siciid Fardowsa Jibriil Muxyadiin Hinda Sacdiyo",
        "Cali Xasan Warfaa Geedi Yuusuf Cumar Ciise Qorane",
        "Maxa Faadu Xali Mako Ayo Sacdi",
    ),
    "persian": (
        "Arash Niloufar Kaveh Shadi Payam Bahar Saeed Mina Navid Yasaman Omid Ladan",
        "Najafi Rostami Ebrahimi Nazari Farahani Yazdani Afshar",
        "Mamad Nilo Kami Ari Yasi",
    ),
    "tigrinya": (
        "Mussie Tirhas Goitom Almaz Kiflom Lidia Samuel Hanna Weini Yemane Rigat Tekie",
        "Tekeste Andemariam Ghebremariam Fsehaye Negash Woldu Kahsay",
        "Tsige Abi Luli Mussi Kifle",
    ),
    "finnish": (
        "Antti Anneli Jari Eija Heikki Marja Tommi Satu Kimmo Pekka Riikka Jouni",
        "Rantanen Lahtinen Heinonen Aaltonen Leinonen Mattila Hakala Ahonen",
        "Pena Kake Make Jussi Pirre",
    ),
    "bosnian": (
        "Dino Amra Eldin Ajla Mirsad Lamija Damir Belma Armin Jasmina Edina Almir",
        "Mujić Husić Ahmetović Bešić Zukić Mešić Čaušević",
        "Mujo Haso Suljo Dado Meho",
    ),
    "polish": (
        "Kazimierz Ewelina Zbigniew Monika Jacek Aleksandra Rafał Paulina Sławomir Edyta Dariusz Halina",
        "Kaczmarek Pawlak Wróbel Górski Sikora Majewski Ostrowska",
        "Kasia Tomek Gosia Bartek Wojtek Kuba Zosia",
    ),
    "turkish": (
        "Ahmet Sevim Hakan Melek Orhan Sinan Tuba Ercan Dilek Erdem Gizem Levent",
        "Koç Özdemir Polat Erdoğan Güneş Aksoy Tekin",
        "Memo Hüso Ayşo Cemo",
    ),
    "kurdish": (
        "Hejar Avesta Rêber Delal Şêrko Nêrgiz Diyar Evîn Zana Ciwan Sozdar Berxwedan",
        "Amedî Dêrsimî Bazîdî Xoşnaw Cizîrî Botî",
        "Azo Hejo Shero Dilo Jiyo",
    ),
}
DISTRICTS = ["Bäckby", "Råby", "Skiljebo", "Vallby", "Hammarby", "Erikslund", "Bjurhovda", "Hälla"]
STREET_HEADS = ["vägen", "leden", "gatan", "torget", "stråket"]
COMMON = [
    "{N} från [[{D}]] tycker att parkeringen vid torget är ett problem.",
    "{f} från [[{d}]] här. kan ni fixa lampan vid busshållplatsen",
    "Hej! {K} och jag cyklar på [[{St}]] varje dag och det saknas belysning.",
    "Vi bor på {A}. Trappan är hal och {F} har redan ramlat två gånger.",
    "{F} tycker att [[{St}]] behöver ett övergångsställe vid skolan.",
    "Tack för snabbt svar!\n{K}",
    "hej kommunen, {f} här igen. ingen har tömt containern",
    "Min morbror {N} bor vid [[{St}]] och kan inte ta sig till vårdcentralen.",
    "Jag pratade med {K} på fritidsgården i [[{D}]], de behöver fler vuxna på kvällarna.",
    "Snöröjningen på [[{St}]] är dålig.\nMVH {NU}",
    "Skickat från min iPhone\n\n{F} {S}\n{P}",
    "Hej {F}! Tack för att du kom till mötet om [[{St}]].",
    "Det var {N} som ringde om soptunnorna på {A}.",
    "{F}s dotter går på förskolan i [[{D}]] och gården är full av glas.",
    "ring mig {P} / {f}",
    "{K} sa att [[{St}]] borde få en cykelbana.",
]
LOCAL = {
    "somali": [
        "Magacaygu waa {N}, waxaan ku noolahay [[{D}]]. Ma jiro nal wadada.",
        "Waan la hadlay {F} iyo {K} shalay, waxay sheegeen in bas-ka uu soo daaho.",
        "Haddii aad rabto, wac {F} {P}. Waa muhiim in carruurta la ilaaliyo.",
        "Iyo sidoo kale, maktabadda [[{D}]] waa xiran tahay. Mahadsanid, {K}",
        "Laakiin hooyadii {F} ma heli karto daryeel guri.",
    ],
    "kurdish": [
        "Silav, navê min {N} e. Ez li [[{D}]] dijîm û rê pir tarî ye.",
        "{F} û {K} li [[{D}]] dijîn. Em dixwazin park were çêkirin.",
        "Min bi {F} re axivî, ew jî dibêje ku otobûs dereng tê.",
        "{F} och hennes mamma går till biblioteket i [[{D}]] varje dag.",
        "Newroz pîroz be! Spas ji bo alîkariyê. {K}",
    ],
    "finnish": [
        "Soitin {F:all} eilen, mutta kukaan ei vastannut. Katuvalot ovat rikki.",
        "{F:gen} mielestä puisto on liian pimeä illalla.",
        "Puhuin {S:gen} kanssa bussista, hänkin on tyytymätön.",
        "Pratade med {S}s fru om skolan i [[{D}]].",
        "Lähetin kirjeen {S:all}, mutta vastausta ei tullut. Terveisin {K}",
    ],
    "turkish": [
        "{F:gen} kızı parkta oynuyor ama kaydırak kırık.",
        "Dün {F:dat} söyledim ama belediyeden kimse gelmedi.",
        "Merhaba, ben {N}. Otobüs çok geç geliyor.",
        "Komşum {S:gen} arabası hep kaldırımda duruyor.",
        "{K} ile konuştum, o da yolun karanlık olduğunu söylüyor.",
    ],
    "arabic": [
        "Salam, jag heter {N} och bor i [[{D}]]. Vägen till skolan är mörk.",
        "Abu {F} i trappuppgången säger att hissen är trasig.",
        "{K} från [[{D}]] frågar om det finns simskola för tjejer.",
    ],
    "polish": [
        "Dzień dobry, nazywam się {N} i mieszkam w [[{D}]]. Autobus się spóźnia.",
        "Rozmawiałem z {K} o parkingu przy szkole.",
        "Min kollega {K} från Polen säger att bussen aldrig kommer.",
    ],
    "bosnian": [
        "Zdravo, ja sam {N}. Ulica je mračna i opasna.",
        "Razgovarao sam sa {K} o autobusu, i on se slaže.",
        "Pozdrav od {F} iz [[{D}]]",
    ],
    "persian": [
        "Salam, esme man {N} ast. Park kheili tarik ast.",
        "Jag och {K} går till biblioteket i [[{D}]] varje lördag.",
        "Khanoom {S} säger att hissen är trasig igen.",
    ],
    "tigrinya": [
        "Selam, ane {N} eye. Ab [[{D}]] enabr.",
        "Jag och {K} väntar på bussen i [[{D}]] varje morgon.",
        "Min syster {F} {S} har inte fått svar om bostad.",
    ],
}
# Name-free texts: sentence-initial function words, districts and district streets must stay.
PLAIN = [
    "Ma jiro nal wadada [[{D}]]. Waa in la hagaajiyo.",
    "Iyo sidoo kale, ma jiro meel lagu ciyaaro. Haddii roob da'o, biyo ayaa buuxa.",
    "Laakiin dadka waaweyn ma helaan gaadiid. Hadda waa xilli qabow.",
    "Ez li [[{D}]] dijîm. Em dixwazin rê were çêkirin. Ew jî wisa dibêje.",
    "Li [[{St}]] gelek erebe hene. Lê kes tiştek nake.",
    "Newroz pîroz be! Em ji bo alîkariyê spas dikin.",
    "Katuvalot [[{St}]] ovat rikki. Meidän mielestä se on vaarallista.",
    "Otobüs [[{D}]]'de çok geç geliyor. Çocuklar okula geç kalıyor.",
    "Şimdi yol çok karanlık. Lütfen lamba koyun.",
    "[[{St}]] är farlig för cyklister på morgonen.",
    "Bilen står alltid på [[{St}]] och blockerar cykelbanan.",
    "Trafiken på [[{St}]] och [[{St2}]] har ökat sedan bygget började.",
    "Vi bor på {A} och det är mörkt.",
    "Ulica u [[{D}]] je mračna. Autobus kasni svaki dan.",
    "Autobus do [[{D}]] się spóźnia. Proszę o pomoc.",
]
FINNISH_CASES = {"gen": "n", "all": "lle", "ade": "lla"}
TURKISH_CASES = {"gen": ("nin", "in"), "dat": ("ye", "e"), "abl": ("den", "den")}


def finnish(name: str, case: str) -> str:
    """Inflect a Finnish name: -nen → -se-, kk/tt/pp → k/t/p before the ending."""
    if name.endswith("nen"):
        stem = name[:-3] + "se"
    elif len(name) > 3 and name[-3:-1] in ("kk", "tt", "pp"):
        stem = name[:-2] + name[-1]
    else:
        stem = name
    suffix = FINNISH_CASES[case]
    if case == "ade" and not re.search(r"[aou]", name):
        suffix = "llä"
    return stem + suffix


def turkish(name: str, case: str) -> str:
    """Add a Turkish case suffix after an apostrophe, with vowel harmony."""
    vowels = [c for c in name.lower() if c in "aeıioöuü"]
    last = vowels[-1] if vowels else "e"
    after_vowel = name[-1].lower() in "aeıioöuü"
    suffix = TURKISH_CASES[case][0 if after_vowel else 1]
    harmony = {"i": "i", "e": "i", "ı": "ı", "a": "ı", "o": "u", "u": "u", "ö": "ü", "ü": "ü"}[last]
    back = last in "aıou"
    suffix = suffix.replace("i", harmony)
    if back:
        suffix = suffix.replace("e", "a")
    return f"{name}'{suffix}"


def _street(rng: random.Random) -> str:
    return rng.choice(DISTRICTS) + rng.choice(STREET_HEADS)


def _address(rng: random.Random) -> str:
    street = f"{rng.choice(DISTRICTS)}{rng.choice(['vägen', 'gatan'])} {rng.randint(1, 90)}"
    return rng.choice([street, f"{street}, lgh {rng.randint(1001, 1304)}"])


def _slots(rng: random.Random, origin: str) -> dict[str, tuple[str, str | None]]:
    first, last, nick = (x.split() for x in NAMES[origin])
    f, s, k, d = rng.choice(first), rng.choice(last), rng.choice(nick), rng.choice(DISTRICTS)
    tag = f"PERSON:{origin}"
    slots: dict[str, tuple[str, str | None]] = {
        "F": (f, tag),
        "S": (s, tag),
        "N": (f"{f} {s}", tag),
        "NU": (f"{f} {s}".upper(), tag),
        "f": (f.lower(), tag),
        "K": (k, tag),
        "D": (d, None),
        "d": (d.lower(), None),
        "St": (_street(rng), None),
        "St2": (_street(rng), None),
        "P": (_phone(rng), "PHONE"),
        "A": (_address(rng), "ADDRESS"),
    }
    cases = {"finnish": (finnish, ("gen", "all")), "turkish": (turkish, ("gen", "dat"))}.get(origin)
    if cases:
        inflect, names = cases
        for key, value in (("F", f), ("S", s)):
            for case in names:
                slots[f"{key}:{case}"] = (inflect(value, case), tag)
    return slots


def _expand(template: str) -> str:
    # _fill knows {Key} slots only; map "{F:gen}" to a slot name it accepts.
    return template.replace(":", "")


def build(rng: random.Random) -> list[dict]:
    """Return the records: 16 common and the local templates per origin, plus name-free texts."""
    records = []
    for origin in sorted(NAMES):
        for template in COMMON + LOCAL.get(origin, []):
            slots = {k.replace(":", ""): v for k, v in _slots(rng, origin).items()}
            records.append(_fill(_expand(template), slots))
    for template in PLAIN:
        records.append(_fill(template, _slots(rng, "swedish")))
    rng.shuffle(records)
    for n, r in enumerate(records, 1):
        r["id"] = f"hard-{n:04d}"
    return [{"id": r["id"], "text": r["text"], "entities": r["entities"]} for r in records]


def main() -> None:
    """Write ``tune_hard.jsonl`` next to this file."""
    with (HERE / "tune_hard.jsonl").open("w", encoding="utf-8") as out:
        for record in build(random.Random(SEED)):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
