"""Build ``tune_shapes.jsonl``: issue-15 TUNING material for sentence shapes (tune on it; never report it).

Written by hand on 2026-12-07 (third session) for kinds of failure, not for names: Kurdish, Somali
and Tigrinya residents introducing themselves or someone close in their own language written in
Latin letters ("nawm …", "salaan, waa …", "shimey … yibhal", "haftey … ab …" where Tigrinya "ab"
means "in"), Swedish SMS "de e …", comments written in capitals, names that are also function
words of another language ("Ila", "Bari") inside Swedish sentences, names in Ge'ez and Sorani
script with one part no list has, farm addresses that start with a village, and traps: Finnish
sentences that open with a verb ("Toivon, että …"), Finnish words that are names ("Rauha"),
Somali "Aniga" (I), bakeries and pizzerias written as one word or in the definite form.

The names are disjoint from ``heldout.jsonl`` and ``report.jsonl`` (``test_fairness_sets``).
Markup: ``<<text|origin>>`` is a PERSON span with its origin group, ``[[text|LABEL]]`` any other
gold span (``KEEP`` for topic words that must stay).

Run ``python tests/data/pii/build_tune_shapes.py`` to rewrite the file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
_MARK = re.compile(r"<<(?P<pt>[^|>]+)\|(?P<origin>[a-z]+)>>|\[\[(?P<gt>[^|\]]+)\|(?P<label>[A-Z_]+)\]\]")

TEXTS: list[str] = [
    # Tigrinya in Latin letters: kinship word, name, "ab" (in) and a place
    "haftey <<lemlem|tigrinya>> ab [[Hammarby|KEEP]] tineber, mangedi ayterektebn",
    "Hawey <<Zeresenay|tigrinya>> ab [[Vallby|KEEP]] yinebir, bus kulu gize yedengiy.",
    "gorebetey <<kisanet|tigrinya>> ab [[Råby|KEEP]] tinebir, lampa yeleyn",
    "Aboy <<Mussie Kidane|tigrinya>> ab [[Bäckby|KEEP]] yinebir. Hissi kulu gize tsegem alewo.",
    "ab [[Skiljebo|KEEP]] bus yeleyn, ab lewti kulu gize dengiy.",
    # Tigrinya "shimey X (Y) yibhal": my name is X
    "Shimey <<Nebiat Araia|tigrinya>> yibhal. Ab [[Skiljebo|KEEP]] ezi park tsbuq aykonen.",
    "shimey <<luwam|tigrinya>> yibahal, ab [[Hacksta|KEEP]] enebir",
    "Selam! Shimey <<Yohannes Berhe|tigrinya>> yibhal, ab [[Gryta|KEEP]] timhirti bet alewu.",
    # Sorani in Latin letters: "nawm X(e)" my name is X, often with the copula attached
    "slaw, nawm <<hawkar|kurdish>>e, la [[Bjurhovda|KEEP]] dajim. rega zor tarika",
    "Slaw nawim <<Dilshad|kurdish>>a, la [[Råby|KEEP]] dazhim.",
    "nawm <<rebin|kurdish>> la [[Hammarby|KEEP]] dajim, parkakan pisn",
    "Slaw, nawm <<Bawar|kurdish>>. Pasakan la [[Vallby|KEEP]] dwa dakawn.",
    "ez <<zinar|kurdish>> im, li [[Bäckby|KEEP]] dijîm",
    # Somali: a greeting, "waa" and the writer's name
    "salaan, waa <<sahra warsame|somali>>. nalalka jidka [[Råby|KEEP]] waa jaban",
    "Nabad, waa <<Ifrah|somali>>. Baska [[Bäckby|KEEP]] wuu soo daahaa.",
    "asc waa <<sabirin jibril|somali>>, beerta carruurta ee [[Hammarby|KEEP]] waa wasakh",
    "Salaan, waa xaalad xun. Jidka [[Skiljebo|KEEP]] waa mugdi habeenkii.",
    "<<Ugbaad|somali>> iyo <<Nasra|somali>> waxay rabaan garoon ciyaareed.",
    "Aniga iyo <<Mahad|somali>> waxaan dooneynaa nal badan oo [[Råby|KEEP]] ah.",
    "Aniga iyo walaalkay waxaan rabnaa in baska la hagaajiyo.",
    # Swedish SMS "de e X" (det är X)
    "tja de e <<ferhat|kurdish>> från [[Gryta|KEEP]], när ska gungan lagas",
    "hallå det e <<nardos|tigrinya>> här igen, lampan vid skolan är trasig",
    "hej hej de e <<ilhan|somali>>. snön ligger kvar på cykelbanan",
    "hej igen de e <<kewser|somali>>, ingen har svarat om bussen",
    "hej de e mörkt i tunneln vid [[Råby|KEEP]], fixa lampan",
    "tja de e kallt på bussen, värmen funkar inte",
    "hallå det e tyst här nu, bra jobbat med bygget",
    "Salaan, waa run. Baska [[Hammarby|KEEP]] wuu daahaa.",
    # English self-introduction
    "I'm <<Dilan|kurdish>>. The crossing at [[Vasagatan|KEEP]] needs a light.",
    "I'm worried about the crossing at [[Vasagatan|KEEP]].",
    # comments written in capitals
    "<<MESERET HAILU|tigrinya>> HÄR. BUSSEN TILL [[SKILJEBO|KEEP]] KOMMER ALDRIG I TID!!",
    "HEJ DET ÄR <<DIYAR|kurdish>>. GATLAMPAN VID [[GRYTA|KEEP]] ÄR TRASIG",
    "SNÖN PÅ CYKELBANAN VID [[BÄCKBY|KEEP]] ÄR INTE BORTTAGEN. MVH <<FADUMO DIRIYE|somali>>",
    "VARFÖR TAR DET SÅ LÅNG TID ATT LAGA HISSEN? DEN HAR VARIT TRASIG I TRE VECKOR!",
    # names that are function words of another residents' language, in Swedish sentences
    "Fråga <<Beni Dosky|kurdish>> på fritidsgården, han vet vilka som saknar plats.",
    "Tack till <<Zerya Bari|kurdish>> som städade hela parken i [[Råby|KEEP]].",
    "Till <<Mustaf Kale|somali>>, handläggare: jag har inte fått något beslut.",
    "Enligt <<Ila Yusuf|somali>> på öppna förskolan behövs fler platser.",
    "Min granne <<Jona Tesfay|tigrinya>> har klagat på bullret i flera månader.",
    # Ge'ez and Sorani script, one part of the name on no list
    "ምስ <<ኤልያስ ገብረሚካኤል|tigrinya>> ተዛሪበ፡ ብዛዕባ ባስ ክሕግዝ እዩ።",
    "ምስ <<ተስፋ ኪሮስ|tigrinya>> ተራኺብና ኣብ ቤት ትምህርቲ።",
    "ምስ ኣሕዋተይ ናብ ፓርክ ከይደ፡ ጽቡቕ እዩ።",
    "قسەم لەگەڵ <<ڕێبین کەریمی|kurdish>> کرد دەربارەی پاسەکان.",
    "لەگەڵ <<هێمن ئەحمەدزادە|kurdish>> چووینە پارکەکە.",
    "لەگەڵ هاوڕێکانم چووینە پارکەکە.",
    # farm and village addresses without a postcode
    "Vi bor på [[Sörby Västergården 4|ADDRESS]] och vägen dit plogas aldrig.",
    "Adress: [[Kärrbo Prästgården 2|ADDRESS]]. Grusvägen har djupa hål.",
    "Bussen till [[Kärrbo|KEEP]] går bara två gånger om dagen.",
    # Finnish: sentence-initial verbs and words that are also names
    "Toivon, että [[Bäckby|KEEP]]n uimahalli avataan pian.",
    "Toivomme lisää penkkejä puistoon.",
    "Haluaisin, että bussit kulkisivat useammin.",
    "Asun [[Råby|KEEP]]ssa ja kävelen joka päivä puiston läpi.",
    "Rauha ja hiljaisuus ovat meille tärkeitä illalla.",
    "Onni on, että kirjasto on lähellä.",
    "Naapurini <<Toivo Lehtinen|finnish>> on asunut täällä kolmekymmentä vuotta.",
    "Soitin <<Toivolle|finnish>> eilen, hän sanoi samaa.",
    # a plate after a definite noun; "I'm X" with a Swedish name that is also a word; a Somali
    # surname that is a function word of another language
    "Bilen RTY 552 har stått på gräsmattan i [[Hammarby|KEEP]] i tre veckor.",
    "I'm <<Ingvar|swedish>>, I live near [[Vallby|KEEP]] and the bus is always late.",
    "I'm Swedish but my English is fine: the crossing is dangerous.",
    "asc waa <<ruun ila|somali>>. baska [[Råby|KEEP]] wuu daahaa",
    # businesses written as one word or in the definite form
    "Kan [[Lisas Hemstäd|KEEP]] få en lastplats? Bilarna står på trottoaren.",
    "Pizzerian [[Giovannis|KEEP]] i [[Råby|KEEP]] ställer soporna på gården.",
    "[[Mehmets Stenugnsbageri|KEEP]] har alltid kö ut på gatan.",
]


def parse(marked: str) -> dict:
    """Turn one marked text into ``{"text", "entities"}`` with character offsets."""
    text, entities, pos = "", [], 0
    for m in _MARK.finditer(marked):
        text += marked[pos : m.start()]
        start = len(text)
        if m.group("pt"):
            text += m.group("pt")
            entities.append(
                {
                    "start": start,
                    "end": len(text),
                    "label": "PERSON",
                    "origin": m.group("origin"),
                    "text": m.group("pt"),
                }
            )
        else:
            text += m.group("gt")
            entities.append({"start": start, "end": len(text), "label": m.group("label"), "text": m.group("gt")})
        pos = m.end()
    text += marked[pos:]
    return {"text": text, "entities": entities}


def build(texts: list[str] = TEXTS, prefix: str = "shapes") -> list[dict]:
    """Return the records of marked ``texts`` in order, with ids ``<prefix>-0001`` …."""
    out = []
    for i, marked in enumerate(texts, 1):
        record = parse(marked)
        origins = {e["origin"] for e in record["entities"] if e["label"] == "PERSON"}
        out.append({"id": f"{prefix}-{i:04d}", **record, "group": origins.pop() if len(origins) == 1 else "none"})
    return out


def write(records: list[dict], name: str) -> None:
    """Write ``records`` as JSON Lines to ``name`` beside this script."""
    with open(HERE / name, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(len(records), "records")


def main() -> None:
    """Write tune_shapes.jsonl."""
    write(build(), "tune_shapes.jsonl")


if __name__ == "__main__":
    main()
