"""Fictitious personal details to plant in the demo dialogue.

Phone numbers come from the series that the Swedish regulator (PTS) reserves for
fiction, so no real subscriber is ever named. Personnummer are random dates with
a valid Luhn check digit, written in the several ways residents write them.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

# PTS number series reserved for use in films, books and examples.
_MOBILE_SERIES = [("070", "17406", 5, 99)]
_LANDLINE_SERIES = [("08", "465004", 0, 99), ("031", "39006", 0, 99), ("040", "62804", 0, 99)]
# Swedish plates never use I, Q, V, Å, Ä or Ö.
_PLATE_LETTERS = "ABCDEFGHJKLMNOPRSTUWXYZ"


def luhn_check_digit(nine_digits: str) -> int:
    """Return the Luhn check digit for the nine digits YYMMDDNNN of a personnummer."""
    total = 0
    for i, ch in enumerate(nine_digits):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def luhn_valid(pnr: str) -> bool:
    """Return whether the last ten digits of ``pnr`` pass the Luhn check."""
    digits = "".join(ch for ch in pnr if ch.isdigit())[-10:]
    return len(digits) == 10 and luhn_check_digit(digits[:9]) == int(digits[9])


def personnummer(rng: random.Random) -> str:
    """Return a personnummer with a valid check digit in one of several spellings."""
    born = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 80 * 365))
    serial = f"{rng.randrange(0, 1000):03d}"
    day = born.day + (60 if rng.random() < 0.05 else 0)  # samordningsnummer
    short = f"{born:%y%m}{day:02d}"
    check = luhn_check_digit(short + serial)
    century = f"{born:%Y}"[:2]
    tail = f"{serial}{check}"
    return rng.choice(
        [
            f"{century}{short}-{tail}",
            f"{short}-{tail}",
            f"{short}{tail}",
            f"{century}{short}{tail}",
            f"{short} {tail}",
            f"{century}{short} {tail}",
        ]
    )


def phone(rng: random.Random, *, mobile_share: float = 0.75) -> str:
    """Return a fictional Swedish phone number in a resident-style spelling."""
    if rng.random() < mobile_share:
        area, stem, lo, hi = _MOBILE_SERIES[0]
    else:
        area, stem, lo, hi = rng.choice(_LANDLINE_SERIES)
    digits = stem + f"{rng.randint(lo, hi):02d}"
    if area == "070":
        a, b, c = digits[:3], digits[3:5], digits[5:]
        return rng.choice(
            [
                f"070-{a} {b} {c}",
                f"070{digits}",
                f"+46 70 {a} {b} {c}",
                f"+4670{digits}",
                f"070 {a} {b} {c}",
                f"070-{digits}",
            ]
        )
    return rng.choice([f"{area}-{digits}", f"{area}-{digits[:3]} {digits[3:]}", f"+46 {area[1:]} {digits}"])


def sms_sender(rng: random.Random) -> str:
    """Return a fictional mobile number as an SMS gateway writes it (+4670…)."""
    return f"+467017406{rng.randint(5, 99):02d}"


def plate(rng: random.Random) -> str:
    """Return a Swedish-format registration plate (ABC 123 or ABC 12D)."""
    letters = "".join(rng.choice(_PLATE_LETTERS) for _ in range(3))
    last = rng.choice("0123456789" * 3 + _PLATE_LETTERS)
    body = f"{rng.randrange(0, 100):02d}{last}"
    return rng.choice([f"{letters} {body}", f"{letters}{body}"])


def full_name(rng: random.Random, names: dict, origin: str | None = None) -> tuple[str, str]:
    """Return ``(first, "First Last")`` for a name of the given origin (or a random one)."""
    firsts, lasts = names["first_names"], names["surnames"]
    origin = origin or rng.choices(["sv", "fi", "ar", "so", "other"], [55, 8, 12, 10, 15])[0]
    first = rng.choice(firsts[origin])
    last = rng.choice(lasts[origin])
    return first, f"{first} {last}"


def email(rng: random.Random, name: str, domains: list[str]) -> str:
    """Return an e-mail address built from ``name`` on a reserved example domain."""
    ascii_name = name.lower().translate(str.maketrans("åäöéüıžćčšŽ", "aaoeuizccsz"))
    parts = [p for p in "".join(c if c.isalnum() or c == " " else " " for c in ascii_name).split()]
    style = rng.randrange(4)
    if style == 0:
        local = ".".join(parts)
    elif style == 1:
        local = parts[0] + str(rng.randint(50, 99))
    elif style == 2:
        local = parts[0][0] + parts[-1]
    else:
        local = "_".join(parts) + str(rng.randint(1, 9))
    return f"{local}@{rng.choice(domains)}"


def address(rng: random.Random, streets: list[str], postcodes: list[str]) -> str:
    """Return a home address with a house number, sometimes with flat and postcode."""
    street = rng.choice(streets)
    number = f"{rng.randint(1, 140)}{rng.choice(['', '', '', 'A', 'B'])}"
    text = f"{street} {number}"
    roll = rng.random()
    if roll < 0.15:
        text += f", lgh {rng.randint(1001, 1404)}"
    elif roll < 0.3:
        text += f", {rng.choice(postcodes)} Västerås"
    return text
