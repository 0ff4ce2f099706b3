"""Build the issue-15 fairness material: a tuning set and a separate reporting set.

Written for Lyhörd by hand, independently of the name lists in ``pipeline/anonymize/rules``: the
names below were typed from memory of each language's naming customs (no list was copied), and the
comment templates are invented resident texts. Each gold PERSON span carries ``origin`` so that
``lyhord eval pii`` reports recall per origin group.

The two sets share no name and no template: tune on ``tune.jsonl`` only, report ``report.jsonl``.
Run ``python tests/data/pii/build_sets.py`` to rewrite both files (fixed seed).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 15

# origin -> (first names, surnames); one line for the tuning set, one for the reporting set.
NAMES: dict[str, dict[str, tuple[str, str]]] = {
    "swedish": {
        "tune": (
            "Maja Olof Ingrid Per Karin Nils Birgitta Henrik Ulla Mats",
            "Sundqvist Lind Hedlund Björk Wikström Axelsson",
        ),
        "report": (
            "Solveig Torbjörn Gunnel Ragnar Lena Kjell Margareta Stig Annika Göte Siv Leif",
            "Ekström Nordin Lundgren Sjöberg Hägglund Forsberg Östlund Bergkvist",
        ),
    },
    "arabic": {
        "tune": (
            "Ahmad Rania Khaled Huda Yasin Nour Sami Layla Tariq Samira",
            "Haddad Khalil Mansour Saleh Nasser Aziz",
        ),
        "report": (
            "Mohammed Muhammad Yousef Fatma Abdullah Amal Hassan Rasha Mustafa Zainab Ibrahim Hiba",
            "Al-Sayed Hamdan Darwish Ibrahim Qasim Abdelrahman Al-Jaberi Suleiman",
        ),
    },
    "somali": {
        "tune": ("Abdi Hodan Bashir Sahra Mahad Ifrah Guled Nimco Yusuf Hibo", "Warsame Jama Osman Dahir Nur Elmi"),
        "report": (
            "Abdirahman Faadumo Cabdi Ayaan Mohamud Ubah Liban Khadra Said Muna Abdiaziz Deeqa",
            "Hirsi Mohamed Aden Ismail Omar Guleed Abdullahi Farah",
        ),
    },
    "persian": {
        "tune": (
            "Reza Maryam Ali Shirin Hossein Parisa Mehdi Nasrin Amir Leila",
            "Rahimi Ahmadi Karimi Hosseini Jafari Moradi",
        ),
        "report": (
            "Behrouz Azadeh Farhad Golnar Kourosh Mahsa Dariush Setareh Babak Roya Hamid Forough",
            "Tehrani Rezaei Shirazi Sadeghi Mohammadi Kazemi Esfahani Bagheri",
        ),
    },
    "tigrinya": {
        "tune": (
            "Yonas Saba Tesfay Helen Dawit Ruta Kibrom Selam Biniam Luwam",
            "Tesfamariam Gebremedhin Berhe Kidane Asmerom Haile",
        ),
        "report": (
            "Filmon Senait Mehari Yordanos Tekle Feven Ermias Hiwet Michael Semhar Natnael Abrehet",
            "Ghebreyesus Woldemichael Tewolde Mengsteab Habte Okbazghi Teklehaimanot Berhane",
        ),
    },
    "finnish": {
        "tune": (
            "Matti Aino Jukka Liisa Pekka Sari Timo Tuula Kari Riitta",
            "Korhonen Virtanen Mäkinen Nieminen Hämäläinen Laine",
        ),
        "report": (
            "Veikko Päivi Juhani Marjatta Esa Hannele Seppo Kaija Tapio Sirpa Raimo Pirjo",
            "Heikkinen Koskinen Järvinen Lehtonen Salminen Kinnunen Turunen Savolainen",
        ),
    },
    "bosnian": {
        "tune": (
            "Amir Emina Edin Lejla Senad Amela Adnan Merima Kenan Selma",
            "Hodžić Begić Mehmedović Halilović Delić Kovačević",
        ),
        "report": (
            "Mirza Azra Haris Alma Nermin Sabina Jasmin Aida Elvir Dženana Samir Enisa",
            "Hadžić Omerović Softić Karić Imamović Mujkić Salihović Hasanović",
        ),
    },
    "polish": {
        "tune": (
            "Piotr Agnieszka Tomasz Katarzyna Paweł Magdalena Krzysztof Anna Marcin Ewa",
            "Nowak Kowalski Wiśniewska Wójcik Kamiński Lewandowska",
        ),
        "report": (
            "Grzegorz Małgorzata Wojciech Joanna Łukasz Dorota Jakub Beata Michał Justyna Bartosz Iwona",
            "Zieliński Szymańska Woźniak Dąbrowski Kozłowska Mazur Krawczyk Jabłoński",
        ),
    },
    "turkish": {
        "tune": ("Mehmet Ayşe Kadir Elif Emre Zeynep Burak Sibel Serkan Gül", "Yılmaz Kaya Demir Şahin Çelik Yıldız"),
        "report": (
            "Hüseyin Esra Murat Hatice Oğuz Derya Kemal Sevgi Cem Özlem Volkan Hülya",
            "Öztürk Aydın Arslan Doğan Kılıç Aslan Çetin Kurt",
        ),
    },
    "kurdish": {
        "tune": (
            "Rojda Azad Berfin Dilan Serhat Jiyan Baran Nazê Welat Rojin",
            "Amedi Barzani Zaxoyi Hawrami Botani Kurdi",
        ),
        "report": (
            "Shilan Karwan Hêvî Dara Bêrîvan Rêbaz Zozan Hawre Nishtiman Kawa Ronahî Soran",
            "Qaradaghi Silêmanî Hewlêrî Mukriyani Jaf Goran Rawanduzi Berwari",
        ),
    },
}
# Names in their own script (a few per set) for the groups that write one.
SCRIPT_NAMES: dict[str, dict[str, list[str]]] = {
    "arabic": {"tune": ["أحمد", "رانيا", "خالد"], "report": ["محمد", "يوسف", "فاطمة", "عبدالله", "زينب"]},
    "persian": {"tune": ["رضا", "مریم"], "report": ["بهروز", "آزاده", "فرهاد", "مهسا"]},
    "kurdish": {"tune": ["ڕۆژدا"], "report": ["شیلان", "کاروان", "دارا"]},
    "tigrinya": {"tune": ["ዮናስ", "ሳባ"], "report": ["ፍሊሞን", "ሰናይት", "መሓሪ", "ዮርዳኖስ"]},
}
DISTRICTS = {
    "tune": ["Bäckby", "Råby", "Skiljebo", "Vallby", "Viksäng", "Pettersberg"],
    "report": ["Hammarby", "Skallberget", "Önsta", "Gryta", "Malmaberg", "Kristiansborg", "Bjurhovda"],
}
# Templates: {F} first name, {S} surname, {N} full name, {f} lower-case first name, {D} district,
# {P} phone, {A} address, {I} personnummer, {R} plate; [[...]] marks a KEEP span.
TEMPLATES = {
    "tune": [
        "Hej! Jag heter {N} och bor i [[{D}]]. Gatlyktorna på gångvägen har varit släckta i tre veckor.",
        "Min granne {F} säger att bussen mot [[{D}]] aldrig kommer i tid på morgonen.",
        "Vi behöver fler bänkar vid lekplatsen i [[{D}]]. Mvh {N}",
        "{N} från [[{D}]] undrar varför återvinningsstationen töms så sällan.",
        "hej det är {f} här, kan ni ringa mig om snöröjningen? {P}",
        "Jag pratade med {F} {S} på mötet om cykelbanan i [[{D}]], hon höll med.",
        "Skriver för min mammas räkning, {N}, {I}. Hon har inte fått hemtjänst på en vecka.",
        "My name is {N}, I live in [[{D}]]. The street lights are broken again.",
        "Hälsningar från {F} och barnen i [[{D}]]",
        "Fru {S} på [[Wijkmanska gymnasiet]] sa att de saknar en kurator.",
        "Till kommunen: {N} har parkerat på gräsmattan i månader, bil {R}.",
        "{F}s pappa jobbar på [[ICA Maxi]] och cyklar dit, men vägen saknar belysning.",
        "Vi bor på {A} och hissen har stått still sedan midsommar. {N}",
        # the hard cases: SMS lower case, slash and short sign-offs, names in other languages
        "{f} {s} här. lampan utanför porten är trasig igen",
        "Bra jobbat med nya cykelbanan!\n//{F}",
        "Kan ni komma och titta på dagvattnet i [[{D}]]? Tack, {F}",
        "jag har pratat med {f} om saken men inget händer",
        "Sorry for my Swedish. My son {F} plays football in [[{D}]] and the field is in bad shape.",
        "Vi som bor i [[{D}]] ({N} och grannarna) vill ha farthinder.",
        "Hilsen {N}",
        "{F} och jag promenerar varje kväll i [[{D}]] och det är för mörkt.",
        "We talked to {N} at the library in [[{D}]] and she agreed the ramp is too steep.",
        "Ring {F} på {P} om ni har frågor om dagvattnet.",
        "Vår tränare {F} {S} i [[{D}]] IF säger att konstgräset är slitet.",
        "{F} {S}, [[{D}]]: varför stängs simhallen på söndagar?",
    ],
    "report": [
        "Jag heter {N}. Bor på {A} i [[{D}]] och det luktar mögel i källaren sedan i våras.",
        "Min kollega {F} {S} har klagat på trafiken vid [[{D}]] skola flera gånger utan svar.",
        "Snälla laga gungan i [[{D}]]! /{F}",
        "{N} från [[{D}]] vill ha fler parkeringsplatser vid vårdcentralen.",
        "hej detta är {f}. ingen har hämtat soporna på tre veckor, ring {P}",
        "Vi var på mötet i [[{D}]] med {N} och {F2} {S2}. Alla ville ha en fritidsgård.",
        "Jag ringer för min pappa {N}, personnummer {I}, om färdtjänsten.",
        "Hello, this is {N} from [[{D}]]. The playground needs a fence, kids run into the road.",
        "Med vänliga hälsningar\n{N}\n{P}",
        "Doktor {S} på [[{D}]] vårdcentral säger att många äldre inte kan ta sig dit.",
        "Bilen {R} står parkerad utanför {A} varje natt och ägaren {N} svarar inte.",
        "{F}s mamma går till [[Stadsbiblioteket]] varje dag men ramperna är trasiga.",
        "Tack för svaret! Hälsar {F}",
        "jag och {f} vill ha en utegym i [[{D}]] snälla",
        "Till {N}: bra förslag om [[Astrid Lindgrens förskola]], vi håller med.",
        "Skriver för min granne {F} som inte talar svenska. Hon bor i [[{D}]] och behöver tolk.",
    ],
}
# Texts in the residents' own languages and scripts ({X}: a name in its own script).
SCRIPT_TEMPLATES = {
    "tune": {
        "arabic": ["اسمي {X} وأسكن في [[{D}]]. الطريق إلى المدرسة مظلم جداً."],
        "persian": ["سلام، اسم من {X} است. در [[{D}]] زندگی می‌کنم."],
        "kurdish": ["ناوم {X}ە و لە [[{D}]] دەژیم."],
        "tigrinya": ["ሰላም፣ ኣነ {X} እየ። ኣብ [[{D}]] እነብር።"],
        "mixed": ["Min granne {X} säger att lampan vid [[{D}]] är trasig."],
    },
    "report": {
        "arabic": ["أنا {X} من [[{D}]]، الحافلة لا تأتي في الوقت المحدد."],
        "persian": ["سلام، من {X} هستم و در [[{D}]] زندگی می‌کنم. پارک تاریک است."],
        "kurdish": ["سڵاو، من {X}م، لە [[{D}]] دەژیم. ڕێگاکە تاریکە."],
        "tigrinya": ["ሰላም፣ ስመይ {X} እዩ። ኣብ [[{D}]] ዘሎ መናፈሻ ጽሩይ ኣይኮነን።"],
        "mixed": ["Hej, jag heter {X} ({F}). Vi bor i [[{D}]] och vill ha tolk på vårdcentralen."],
    },
}


def _phone(rng: random.Random) -> str:
    return rng.choice(["07{}-{} {} {}", "07{}.{}.{}.{}", "+46 7{} {} {} {}"]).format(
        rng.randint(0, 9), rng.randint(100, 999), rng.randint(10, 99), rng.randint(10, 99)
    )


def _pnr(rng: random.Random) -> str:
    """A personnummer with a valid check digit (Luhn over the nine digits before it)."""
    digits = f"{rng.randint(40, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    total = sum(sum(divmod(int(d) * (2 - k % 2), 10)) for k, d in enumerate(digits))
    return f"{digits[:6]}-{digits[6:]}{(10 - total % 10) % 10}"


def _plate(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUWXYZ") for _ in range(3))
    tail = rng.choice([f"{rng.randint(100, 999)}", f"{rng.randint(10, 99)}{rng.choice('ABCDEFGHJKLMNPRSTUWXYZ')}"])
    return rng.choice([f"{letters} {tail}", f"{letters}{tail}"])


def _address(rng: random.Random) -> str:
    street = f"{rng.choice(['Björkvägen', 'Ängsgatan', 'Slånbärsstigen', 'Kopparbergsvägen'])} {rng.randint(1, 80)}"
    farm = rng.choice(["Lillgården", "Norrby gård", "Västergården"])
    farm = f"{farm} {rng.randint(1, 9)}, 725 9{rng.randint(1, 7)} Västerås"
    flat = f"{rng.choice(['Ängsgatan', 'Björkvägen'])} {rng.randint(1, 80)}, lgh {rng.randint(1001, 1404)}"
    return rng.choice([street, farm, flat])


def _fill(template: str, slots: dict[str, tuple[str, str | None]]) -> dict:
    """Fill ``template``; ``slots`` maps a key to (value, label or None). Returns a gold record."""
    text, entities, pos = "", [], 0
    for part in re.split(r"(\{[A-Za-z0-9]+\}|\[\[|\]\])", template):
        if part == "[[":
            keep_start = len(text)
            continue
        if part == "]]":
            entities.append({"start": keep_start, "end": len(text), "label": "KEEP"})
            continue
        if part.startswith("{") and part.endswith("}"):
            value, label = slots[part[1:-1]]
            start = len(text)
            text += value
            if label:
                entity = {"start": start, "end": len(text), "label": label.split(":")[0]}
                if ":" in label:
                    entity["origin"] = label.split(":")[1]
                entities.append(entity)
            continue
        text += part
        pos += 1
    # A name placed next to its surname slot ("{F} {S}") is one span.
    merged: list[dict] = []
    for e in sorted(entities, key=lambda e: e["start"]):
        last = merged[-1] if merged else None
        if last and e["label"] == last["label"] == "PERSON" and e["start"] == last["end"] + 1:
            last["end"] = e["end"]
            continue
        merged.append(e)
    for e in merged:
        e["text"] = text[e["start"] : e["end"]]
    return {"text": text, "entities": merged}


def build(part: str, rng: random.Random) -> list[dict]:
    """Return the records of one set (``tune`` or ``report``)."""
    records = []
    per_group = 60 if part == "report" else 30
    origins = sorted(NAMES)
    for origin in origins:
        first, last = (x.split() for x in NAMES[origin][part])
        for k in range(per_group):
            template = TEMPLATES[part][k % len(TEMPLATES[part])]
            other = rng.choice(origins)
            of, ol = (x.split() for x in NAMES[other][part])
            f, s = rng.choice(first), rng.choice(last)
            tag = f"PERSON:{origin}"
            slots = {
                "F": (f, tag),
                "S": (s, tag),
                "N": (f"{f} {s}", tag),
                "f": (f.lower(), tag),
                "s": (s.lower(), tag),
                "F2": (rng.choice(of), f"PERSON:{other}"),
                "S2": (rng.choice(ol), f"PERSON:{other}"),
                "D": (rng.choice(DISTRICTS[part]), None),
                "P": (_phone(rng), "PHONE"),
                "I": (_pnr(rng), "ID_NUMBER"),
                "R": (_plate(rng), "PLATE"),
                "A": (_address(rng), "ADDRESS"),
            }
            records.append(_fill(template, slots))
        for x in SCRIPT_NAMES.get(origin, {}).get(part, []):
            templates = SCRIPT_TEMPLATES[part]
            for template in (templates[origin][0], templates["mixed"][0]):
                slots = {
                    "X": (x, f"PERSON:{origin}"),
                    "F": (rng.choice(first), f"PERSON:{origin}"),
                    "D": (rng.choice(DISTRICTS[part]), None),
                }
                records.append(_fill(template, slots))
    rng.shuffle(records)
    for n, r in enumerate(records, 1):
        r["id"] = f"{part}-{n:04d}"
    return [{"id": r["id"], "text": r["text"], "entities": r["entities"]} for r in records]


def main() -> None:
    """Write ``tune.jsonl`` and ``report.jsonl`` next to this file."""
    for part in ("tune", "report"):
        rng = random.Random(f"{SEED}-{part}")
        with (HERE / f"{part}.jsonl").open("w", encoding="utf-8") as out:
            for record in build(part, rng):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
