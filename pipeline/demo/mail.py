"""E-mail to the city's dialogue inbox: .eml files of every common shape and one mbox."""

from __future__ import annotations

import html
import random
import time
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from pipeline.demo.plan import Planner, Record, Window

# mbox needs body lines starting "From " escaped as ">From ".
_MBOX_POLICY = policy.default.clone(mangle_from_=True)
CITY = "Västerås stad <invanardialog@vasteras.se>"
KINDS = ("plain", "qp", "base64", "html", "alternative", "latin1", "attachment", "reply")
_KIND_WEIGHTS = (25, 12, 8, 15, 15, 7, 8, 10)
_SUBJECTS = {
    "snow_clearing": "Snöröjningen",
    "cycling": "Cykelvägar",
    "public_transport": "Bussarna",
    "schools_preschools": "Skolan",
    "parks_green": "Parken",
    "safety_lighting": "Trygghet",
    "housing_construction": "Bostäder",
    "traffic_cars_parking": "Trafiken",
    "elderly_care": "Äldreomsorgen",
    "culture_leisure": "Fritid",
    "environment_climate": "Miljön",
    "democracy_dialogue": "Dialogen",
    "other": "Synpunkt",
    "e_scooters": "Elsparkcyklar",
    "dog_parks": "Hundrastgård",
}
_SIGN = {
    "sv": "Med vänliga hälsningar",
    "en": "Best regards",
    "fi": "Ystävällisin terveisin",
    "ar": "مع التحية",
    "so": "Mahadsanid",
}
_CITY_REPLY = (
    "Tack för din synpunkt! Vi har tagit emot den och den kommer att ingå i "
    "sammanställningen av dialogen.\n\nMed vänlig hälsning\nKontaktcenter, Västerås stad"
)
_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def stockholm(dt: datetime) -> datetime:
    """Attach the Stockholm offset (summer time from 29 March to 25 October 2026)."""
    summer = datetime(2026, 3, 29, 2) <= dt < datetime(2026, 10, 25, 3)
    return dt.replace(tzinfo=timezone(timedelta(hours=2 if summer else 1)))


def body_text(rec: Record, rng: random.Random, planner: Planner) -> str:
    """Return the resident's message: the comment plus a signature with contact details."""
    sign = f"{_SIGN[rec.lang]}\n{rec.name}"
    planner.note_planted("PERSON", rec.name)
    if rng.random() < 0.5:
        sign += f"\n{rec.phone}"
        planner.note_planted("PHONE", rec.phone)
    return f"{rec.text}\n\n{sign}\n"


def to_html(text: str, rng: random.Random) -> str:
    """Return ``text`` as the kind of HTML a webmail client sends (styles, a script, entities)."""
    paras = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>\n" for p in text.split("\n\n") if p)
    script = "<script>window.trk && trk('open');</script>" if rng.random() < 0.5 else ""
    return (
        '<html><head><meta charset="utf-8"><style>p { font-family: Arial; margin: 0 0 8px; }</style>'
        f'{script}</head>\n<body><div dir="auto">\n{paras}</div></body></html>\n'
    )


def quoted_chain(rec: Record, rng: random.Random, earlier: str) -> str:
    """Return a quoted reply chain (the city's reply quoting the resident's first message)."""
    sent = stockholm(rec.when - timedelta(days=rng.randint(1, 9), hours=rng.randint(0, 5)))
    style = rng.randrange(3)
    city = _CITY_REPLY + "\n\n" + "\n".join(f"> {line}" if line else ">" for line in earlier.splitlines())
    if style == 0:
        head = f"Den {sent:%Y-%m-%d %H:%M} skrev {CITY}:"
        return head + "\n" + "\n".join(f"> {line}" if line else ">" for line in city.splitlines())
    if style == 1:
        head = (
            f"-----Ursprungligt meddelande-----\nFrån: {CITY}\nSkickat: {sent:%Y-%m-%d %H:%M}\n"
            f"Till: {rec.name}\nÄmne: Tack för din synpunkt\n"
        )
        return head + "\n" + city
    head = f"On {format_datetime(sent)}, {CITY} wrote:"
    return head + "\n" + "\n".join(f"> {line}" if line else ">" for line in city.splitlines())


def build_message(
    rec: Record, kind: str, index: int, rng: random.Random, planner: Planner, earlier: str
) -> EmailMessage:
    """Build one resident e-mail of the given ``kind``."""
    msg = EmailMessage()
    msg["From"] = f"{rec.name} <{rec.email}>"
    planner.note_planted("EMAIL", rec.email)
    msg["To"] = CITY
    subject = _SUBJECTS[rec.themes[0]] + rng.choice(["", " i " + rec.district, " – synpunkt", ""])
    msg["Subject"] = ("Sv: " if kind == "reply" else "") + subject
    msg["Date"] = format_datetime(stockholm(rec.when))
    msg["Message-ID"] = f"<demo.{index:05d}.{rng.randrange(10**8):08d}@invanare.example>"
    text = body_text(rec, rng, planner)
    if kind == "reply":
        msg["In-Reply-To"] = f"<svar.{index:05d}@vasteras.se>"
        msg.set_content(text + "\n" + quoted_chain(rec, rng, earlier) + "\n", cte="8bit")
    elif kind in ("plain", "attachment"):
        msg.set_content(text, cte="8bit")
    elif kind == "qp":
        msg.set_content(text, cte="quoted-printable")
    elif kind == "base64":
        msg.set_content(text, cte="base64")
    elif kind == "latin1":
        msg.set_content(text, charset="iso-8859-1", cte="quoted-printable")
    elif kind == "html":
        msg.set_content(to_html(text, rng), subtype="html", cte="quoted-printable")
    else:  # alternative
        msg.set_content(text, cte="quoted-printable")
        msg.add_alternative(to_html(text, rng), subtype="html", cte="quoted-printable")
    if kind == "attachment":
        for j in range(rng.randint(1, 2)):
            if rng.random() < 0.5:
                msg.add_attachment(_PDF, maintype="application", subtype="pdf", filename=f"bilaga-{j + 1}.pdf")
            else:
                jpeg = b"\xff\xd8\xff\xe0" + bytes(rng.randrange(256) for _ in range(64)) + b"\xff\xd9"
                msg.add_attachment(jpeg, maintype="image", subtype="jpeg", filename=f"foto-{j + 1}.jpg")
    for j, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_lyhord_{index:05d}_{j}")
    return msg


def plan_kinds(count: int, rng: random.Random) -> list[str]:
    """Return a kind per message: every kind at least once, the rest drawn by weight."""
    kinds = list(KINDS[:count]) + rng.choices(KINDS, _KIND_WEIGHTS, k=max(0, count - len(KINDS)))
    rng.shuffle(kinds)
    return kinds


def write_mail(folder: Path, planner: Planner, count: int, mbox_count: int, window: Window) -> dict[str, int]:
    """Write ``count`` .eml files and an mbox of ``mbox_count`` messages into ``folder``.

    Returns:
        Expected submissions per file name (one per message).
    """
    rng = planner.rng
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, int] = {}
    for i, kind in enumerate(plan_kinds(count, rng), 1):
        latin1 = kind == "latin1"
        rec = planner.records(
            1,
            "mail",
            window,
            langs=("en", "fi", "so") if latin1 else ("en", "fi", "ar", "so"),
            encoding="latin-1" if latin1 else None,
        )[0]
        earlier = planner.composer.statement(rec.themes[0], "sv", rec.district)
        msg = build_message(rec, kind, i, rng, planner, earlier)
        name = f"{i:04d}-{kind}.eml"
        (folder / name).write_bytes(msg.as_bytes())
        planner.sample(f"{folder.name}/{name}", [rec])
        expected[name] = 1
    mbox_records = planner.records(mbox_count, "mail", window)
    planner.sample(f"{folder.name}/arkiv.mbox", mbox_records)
    chunks = []
    for i, rec in enumerate(mbox_records, count + 1):
        kind = rng.choice(("plain", "qp", "alternative", "html"))
        msg = build_message(rec, kind, i, rng, planner, "")
        stamp = time.asctime(stockholm(rec.when).timetuple())
        chunks.append(f"From {rec.email} {stamp}\n".encode() + msg.as_bytes(policy=_MBOX_POLICY) + b"\n")
    (folder / "arkiv.mbox").write_bytes(b"".join(chunks))
    expected["arkiv.mbox"] = mbox_count
    return expected
