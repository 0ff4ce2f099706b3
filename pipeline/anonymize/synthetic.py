"""Invented resident comments with planted personal data and gold spans (benchmarks, self-checks).

Written from templates for Lyhörd; nothing is copied from an evaluation set. Every planted value
is invented: personnummer are random with valid check digits, phone numbers random.
"""

from __future__ import annotations

import random
import string
from typing import Any

from pipeline.anonymize.recognizers.id_number import luhn_ok

# Invented full names by origin (first names, surnames), for planting and for recall by origin.
NAMES = {
    "swedish": (
        ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Anna-Karin", "Per-Olof", "Signe", "Gunnar"],
        ["Svensson", "Lindqvist", "Öberg", "Berg", "Holm", "Sandberg", "Engström", "Nyberg"],
    ),
    "finnish": (
        ["Aino", "Pekka", "Jussi", "Marjatta", "Tuula", "Heikki"],
        ["Virtanen", "Korhonen", "Mäkelä", "Nieminen"],
    ),
    "arabic": (["Fatima", "Ahmad", "Khaled", "Noor", "Yasmin", "Omar"], ["Haddad", "Al-Khatib", "Nasser", "Khalil"]),
    "somali": (["Hodan", "Abdirahman", "Faadumo", "Mahad", "Sahra"], ["Warsame", "Farah", "Osman", "Hersi"]),
    "tigrinya": (["Semhar", "Yonas", "Feven", "Tesfay", "Rahel"], ["Ghebreyesus", "Tesfamariam", "Haile", "Kidane"]),
    "persian_kurdish": (["Shirin", "Dariush", "Rojda", "Baran", "Leyla"], ["Karimi", "Moradi", "Ahmadi", "Rostami"]),
    "bosnian_polish": (["Amra", "Edin", "Agnieszka", "Tomasz", "Selma"], ["Begović", "Hodžić", "Nowak", "Kowalski"]),
    "turkish_thai": (["Elif", "Mehmet", "Somchai", "Malee", "Emre"], ["Yılmaz", "Demir", "Srisuk", "Wongsawat"]),
}
FIRST = [n for first, _ in NAMES.values() for n in first]
LAST = [n for _, last in NAMES.values() for n in last]
STREETS = [
    "Storgatan",
    "Vasagatan",
    "Kopparbergsvägen",
    "Sigurdsgatan",
    "Malmabergsgatan",
    "Karl IX:s väg",
    "Carl Larssons väg",
    "Björkvägen",
    "Stora Gatan",
    "Slottsgatan",
    "Hammarbacksvägen",
    "Ängsgärdsgatan",
]
PLACES = [
    "Skälby",
    "Bäckby",
    "Råby",
    "Vallby",
    "Hammarby",
    "Skiljebo",
    "Kungsängen",
    "Centrum",
    "Erikslund",
    "Björnön",
    "Rocklunda",
    "Öster Mälarstrand",
    "Stadsparken",
    "Vasaparken",
    "Stadsbiblioteket",
]
KEEP = [
    "linje 11",
    "buss 2",
    "KS 2023/0123",
    "dnr 2024-0456",
    "kl. 08.00-17.00",
    "2025-03-14",
    "den 12 maj",
    "450 kr",
    "30 km/h",
    "Mälarenergi",
    "Region Västmanland",
    "Västerås stad",
    "Vafab",
]
TOPICS = [
    "Det behövs fler bänkar i {place}.",
    "Cykelbanan längs {street} är farlig på vintern.",
    "Snöröjningen i {place} fungerar dåligt.",
    "{keep} går för sällan på kvällen.",
    "Belysningen i {place} är trasig sedan {keep}.",
    "Bra att ni frågar oss! Parken i {place} är fin.",
]
PII_SENTENCES = [
    ("Jag heter {PERSON} och bor på {ADDRESS}.", ["PERSON", "ADDRESS"]),
    ("Ring mig gärna på {PHONE}.", ["PHONE"]),
    ("Mitt personnummer är {ID_NUMBER} om ni behöver det.", ["ID_NUMBER"]),
    ("Kontakta mig på {EMAIL} eller {PHONE}.", ["EMAIL", "PHONE"]),
    ("Bilen med regnr {PLATE} står parkerad på gång- och cykelbanan varje dag.", ["PLATE"]),
    ("Min granne {PERSON} håller med.", ["PERSON"]),
    ("Mvh {PERSON}", ["PERSON"]),
    ("Jag har pratat med {PERSON} på kommunen men inget har hänt.", ["PERSON"]),
    ("Adress: {ADDRESS}. Tel {PHONE}.", ["ADDRESS", "PHONE"]),
    ("En {PLATE} kör för fort på {street} varje morgon.", ["PLATE"]),
]


def personnummer(rng: random.Random) -> str:
    """Return an invented personnummer with a valid check digit, in a random common format."""
    year, month, day = rng.randint(1930, 2008), rng.randint(1, 12), rng.randint(1, 28)
    day += 60 if rng.random() < 0.1 else 0
    date = f"{year % 100:02d}{month:02d}{day:02d}"
    serial = f"{rng.randint(0, 999):03d}"
    check = next(str(c) for c in range(10) if luhn_ok(date + serial + str(c)))
    century = str(year // 100)
    sep = "+" if year < 1926 else "-"
    return rng.choice(
        [
            f"{date}{sep}{serial}{check}",
            f"{century}{date}{serial}{check}",
            f"{century}{date}-{serial}{check}",
            f"{date} {serial}{check}",
            f"{century}{date} - {serial}{check}",
        ]
    )


def phone(rng: random.Random) -> str:
    """Return an invented phone number in a random Swedish or international format."""
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    mobile = rng.choice(["70", "72", "73", "76", "79"])
    return rng.choice(
        [
            f"0{mobile}-{d(3)} {d(2)} {d(2)}",
            f"0{mobile}{d(7)}",
            f"0{mobile} {d(3)} {d(2)} {d(2)}",
            f"08-{d(3)} {d(3)} {d(2)}",
            f"021-{d(2)} {d(2)} {d(2)}",
            f"+46 {mobile} {d(3)} {d(2)} {d(2)}",
            f"+46{mobile}{d(7)}",
            f"0046 {mobile} {d(3)} {d(2)} {d(2)}",
            f"(021) {d(2)} {d(2)} {d(2)}",
            f"+358 40 {d(3)} {d(4)}",
            f"0{mobile}-{d(7)}",
        ]
    )


def address(rng: random.Random) -> str:
    """Return an invented street address, sometimes with letter, flat, floor and postcode."""
    out = f"{rng.choice(STREETS)} {rng.randint(1, 160)}"
    if rng.random() < 0.3:
        out += rng.choice([" A", "B", " C"])
    if rng.random() < 0.2:
        out += f", lgh {rng.randint(1001, 1304)}"
    if rng.random() < 0.1:
        out += f", {rng.randint(1, 4)} tr"
    if rng.random() < 0.25:
        out += f", 72{rng.randint(1, 9)} {rng.randint(10, 99)} Västerås"
    return out


def plate(rng: random.Random) -> str:
    """Return an invented registration plate."""
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUWXYZ") for _ in range(3))
    last = rng.choice(string.digits + "ABCDEFGHJKLMNPRSTUWXYZ")
    return f"{letters}{rng.choice([' ', '', ' '])}{rng.randint(10, 99)}{last}"


def _value(label: str, rng: random.Random) -> str:
    if label == "PERSON":
        first, last = NAMES[rng.choice(sorted(NAMES))]
        return rng.choice(first) + ("" if rng.random() < 0.2 else " " + rng.choice(last))
    if label == "EMAIL":
        user = f"{rng.choice(FIRST)}.{rng.choice(LAST)}".lower().replace("ö", "o").replace("ı", "i")
        return f"{user}{rng.randint(1, 99)}@{rng.choice(['gmail.com', 'telia.com', 'hotmail.se', 'live.se'])}"
    return {"ID_NUMBER": personnummer, "PHONE": phone, "ADDRESS": address, "PLATE": plate}[label](rng)


def _origin(name: str) -> str:
    return next(o for o, (first, _) in NAMES.items() if name.split()[0] in first)


def comment(rng: random.Random, i: int) -> dict[str, Any]:
    """Return one invented comment ``{"id", "text", "entities"}`` with gold spans."""
    text, entities = "", []
    parts: list[str | tuple[str, list[str]]] = [rng.choice(TOPICS)]
    if rng.random() < 0.6:
        parts.append(rng.choice(PII_SENTENCES))
    if rng.random() < 0.3:
        parts.append(rng.choice(TOPICS))
    parts.sort(key=lambda p: isinstance(p, tuple) and p[0].startswith("Mvh"))  # a signature ends the text
    for part in parts:
        template = part[0] if isinstance(part, tuple) else part
        pieces = template.replace("{", "\x00{").replace("}", "}\x00").split("\x00")
        for piece in pieces:
            if piece.startswith("{") and piece.endswith("}"):
                key = piece[1:-1]
                if key in ("PERSON", "ID_NUMBER", "PHONE", "EMAIL", "ADDRESS", "PLATE"):
                    value = _value(key, rng)
                    entities.append({"start": len(text), "end": len(text) + len(value), "label": key})
                    if key == "PERSON":
                        entities[-1]["origin"] = _origin(value)
                else:
                    pool = {"place": PLACES, "street": STREETS, "keep": KEEP}[key]
                    value = rng.choice(pool)
                    entities.append({"start": len(text), "end": len(text) + len(value), "label": "KEEP"})
                text += value
            else:
                text += piece
        text += " "
    return {"id": f"syn-{i:06d}", "text": text.strip(), "entities": entities}


def comments(n: int, seed: int = 0) -> list[dict[str, Any]]:
    """Return ``n`` invented comments (deterministic for a seed)."""
    rng = random.Random(seed)
    return [comment(rng, i) for i in range(n)]
