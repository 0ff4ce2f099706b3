"""Build ``dev_origins.jsonl``: issue-15 DEVELOPMENT material, at least 50 names per origin group.

Written for Lyhörd by hand on 2026-12-07, independently of ``heldout.jsonl`` and ``report.jsonl``
(neither file nor its builder was read; only their aggregate figures). The names are common given
names and surnames of each group chosen from general knowledge, many of them missing from the name
lists when the set was written, so the set measures how the lists and rules generalise. Frames are
Swedish resident comments (SMS, e-mail with greeting and sign-off, web form, meeting notes) and
sentences in the residents' own languages; topic spans (districts, facilities, streets named after
people) are marked ``KEEP``. Name-free texts open with a capitalised Swedish word ("Bilen",
"Bussen") or a function word of another language and must stay untouched.

Develop on this file; never report it as a held-out figure. ``test_fairness_sets`` checks that it
shares no name and no text with ``heldout.jsonl`` or ``report.jsonl``.

Run ``python tests/data/pii/build_dev_origins.py`` to rewrite the file (deterministic).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "dev_origins.jsonl"
# origin -> (first names, surnames)
NAMES: dict[str, tuple[str, str]] = {
    "kurdish": (
        "Rojhilat Sipan Bêrîtan Hejîn Jînda Rûbar Arjîn Diljen Roşna Hêmin Sherzad Dlovan Karzan "
        "Hardi Bestun Rebwar Shno Bafrin Tavga Daban Zhilwan Shadan Dashne "
        "Trifa Zryan Hunar Ranj Dastan Lavin Binar Helan Avaşîn Zindî Serhildan Nyaz",
        "Barwari Mukri Qadir Kakayi Sharafkandi Xelîl Ebdulla Sorchi",
    ),
    "tigrinya": (
        "Ghidey Zeray Kibrom Luwam Biniam Yafet Senay Weldu "
        "Negassi Hadas Yodit Lemlem Nardos Betiel Haben Eyasu Medhanie "
        "Segen Nebiat Kisanet Kokob Tsion Asmeret Letekidan Zerisenay "
        "Abrham Embaye",
        "Habtemariam Berihu Sahle Mengisteab Tesfagiorgis Weldegiorgis Haileslassie",
    ),
    "somali": (
        "Abdikarim Hodan Fowsiya Ilwad Waris Guuleed Mursal Xaawo Sahro Shamso "
        "Nasteexo Ugbaad Ayaanle Daahir Jamaal Ismahan Muqtaar Abdisalaam Suldaan Qaalib "
        "Sharmarke Nuurto Hibo Anisa Fadumo Idiris Abdinasir Yasmiin "
        "Saynab Cawil Mowliid",
        "Abokor Egal Abdille Jama Shirdon Gelle Bulhan Sugulle Dirie Roble Carte",
    ),
    "finnish": (
        "Aapo Lauri Onni Arvo Ilmari Reino Erkki Helka Inkeri Sointu Hilkka "
        "Maija Sisko Kyllikki Oili Anja Raija Vuokko Marketta Pentti Ahti Jorma Urpo Kauko Pertti "
        "Risto Tauno Keijo Leevi Nelli Iida Siiri Veera Aada Eetu Joona Niilo",
        "Hämäläinen Kemppainen Lehtinen Pitkänen Rautio Tikkanen Vainio Karvonen "
        "Huotari Kauppinen Laitinen Mustonen Partanen Seppälä Toivonen Vartiainen",
    ),
    "arabic": (
        "Ahlam Asmaa Bashar Duaa Eyad Ghassan Haitham Hind Kinda Lamis Marwan Muhannad "
        "Nisreen Qusay Ruba Safaa Usama Yasmin Zaid Shatha Moataz Raghad Alaa Suhaib "
        "Nawal Issam Manar Louay Ibtisam Firas Maysaa Anwar Hayat Mahdi Sawsan Nidal",
        "Qassem Mansour Obeid Sawaf Attar Al-Ahmad Nassar Shami Halabi Bitar",
    ),
    "persian": (
        "Anahita Bardia Behrang Dorsa Elaheh Farnaz Nasrin Pouya Ramin Sahar "
        "Shahin Soheil Vahid Yalda Ziba Kiana Arya Hooman Fereshteh Ghazal Jaleh Keyvan "
        "Mehrdad Nima Pardis Reza Shahrzad Behnam Hengameh Korosh Roozbeh Mahtab Shabnam "
        "Afshin Parastoo",
        "Jafari Moradi Khosravi Heidari Ghasemi Abbasi Soltani Mirzaei Nikpour Ansari",
    ),
    "bosnian": (
        "Adis Amar Emrah Faruk Irma Kenan Mehmed Mersiha Naida Refik "
        "Sanela Tarik Vedad Zehra Edis Harun Selma Ismet Dženita Nermina Hajrudin "
        "Fikret Aldin Mirela Esad Amina Muhamed Arnela Hamdija Jasna Sead Melisa",
        "Hodžić Kapetanović Mahmutović Osmanović Sarajlić Terzić Hamzić Pašić Hasić Kadrić Avdić",
    ),
    "polish": (
        "Adrian Agnieszka Andrzej Bogdan Danuta Elżbieta Filip Grażyna Hubert Janusz Jolanta "
        "Karolina Leszek Maciej Natalia Oliwia Przemysław Sebastian Teresa Wiesław Witold "
        "Żaneta Szymon Dominika Jarosław Kinga Stanisław Wanda Ryszard Sylwia Cezary Lucyna Mateusz "
        "Weronika Tadeusz Alicja Henryk Izabela",
        "Wieczorek Szczepańska Zając Król Pietrzak Kubiak Baran Kalinowski Adamczyk Sobczak Dudek",
    ),
    "turkish": (
        "Alper Aylin Barış Berk Canan Ebru Ferhat Gülay Hande İlker Kübra Nihat "
        "Pınar Seda Tuncay Ufuk Yeliz Zafer Büşra Caner Eda Erkan Filiz Gül Harun Irmak "
        "Kadir Leyla Metin Necla Oya Recep Sibel Tülay Umut Yeşim",
        "Yücel Özer Acar Bozkurt Güler Tunç Keskin Ünal Eren",
    ),
    "swedish": (
        "Birgitta Dag Elsy Ingvar Jonna Majvor Nils Ove Pia Roger Ulf Inger Ebbe Arvid Hjördis Tage Ragnhild Evert",
        "Bergström Holmqvist Nyberg Sjögren Åberg Lundqvist Hedlund Blom",
    ),
}
# {F} first name, {S} surname, {f} lower-case first name; [[text|LABEL]] a gold span of another label.
SWEDISH_FRAMES = [
    "Hej! Jag heter {F} {S} och bor i [[Bäckby|KEEP]]. Gatlamporna vid cykelbanan är trasiga.",
    "Min granne {F} säger att bussen till [[Hälla|KEEP]] ofta är sen på morgonen.",
    "Pratade med {F} på fritidsgården igår, de behöver fler vuxna på kvällarna.",
    "{F} och jag vill ha en säkrare övergång vid skolan.",
    "Hej,\n\nvi saknar bänkar i [[Vasaparken|KEEP]].\n\nMed vänliga hälsningar\n{F} {S}",
    "ring {f} om ni undrar nåt, hon bor vid [[Råby|KEEP]] centrum",
    "{F}s pappa har klagat på snöröjningen i [[Skiljebo|KEEP]] i flera år.",
    "Enligt {F} {S} är det för få platser på förskolan i [[Vallby|KEEP]].",
    "Mötesanteckning: {F} {S} tog upp belysningen vid [[Karlsgatan|KEEP]].",
    "Tack {F} för att du lyfte frågan om lekplatsen!",
    "Skickat från min telefon. /{F}",
    "Vi är många i [[Bäckby|KEEP]] som håller med {F} {S} om parkeringen.",
]
OWN_FRAMES = {
    "kurdish": [
        "Navê min {F} e. Ez li [[Råby|KEEP]] dijîm û otobus dereng tê.",
        "Silav, ez {F} {S} im. Park pir tarî ye.",
    ],
    "tigrinya": [
        "Selam, ane {F} {S} eye. Ab [[Bäckby|KEEP]] ina nnebir.",
        "Hawey {F} bzaeba shqri nay parkin tezarebe.",
    ],
    "somali": [
        "Magacaygu waa {F} {S}. Waxaan deggenahay [[Råby|KEEP]].",
        "Walaalkay {F} ayaa sheegay in baska uu soo daaho.",
    ],
    "finnish": [
        "Nimeni on {F} {S} ja asun [[Hälla|KEEP]]ssa.",
        "Naapurini {F} sanoi, että puisto on liian pimeä.",
    ],
    "arabic": ["Marhaba, ana {F} {S}, أسكن في [[Bäckby|KEEP]]."],
    "persian": ["Salam, man {F} {S} hastam va dar [[Råby|KEEP]] zendegi mikonam."],
    "bosnian": ["Zovem se {F} {S} i živim u [[Vallby|KEEP]]."],
    "polish": ["Nazywam się {F} {S}, mieszkam w [[Bäckby|KEEP]]."],
    "turkish": ["Merhaba, ben {F} {S}. [[Råby|KEEP]]'de oturuyorum."],
    "swedish": ["Hörde av {F} {S} att simhallen stänger i sommar."],
}
NO_NAME = [
    "Bilen står parkerad på trottoaren varje kväll vid [[Karlsgatan|KEEP]].",
    "Bussen till [[Hälla|KEEP]] går för sällan på helgerna.",
    "Parken behöver mer ljus, särskilt på vintern.",
    "Skolan har för små klassrum.",
    "Cykeln blev stulen utanför stationen.",
    "Vägen är full av hål efter vintern.",
    "Hunden skäller hela natten i huset bredvid.",
    "Snön ligger kvar på gångvägen vid [[Skiljebo|KEEP]].",
    "Biblioteket borde ha öppet längre.",
    "Trafiken vid [[Erikslund|KEEP]] är kaos på lördagar.",
    "Newroz pîroz be! Em dixwazin park paqij be.",
    "Waxaan jeclahay in beerta la nadiifiyo.",
    "Hyvää päivää, puisto on likainen.",
    "Toivon, että puisto korjataan pian.",
    "Rauha ja hiljaisuus ovat tärkeitä meille.",
    "[[Astrid Lindgrens förskola|KEEP]] behöver en ny gård.",
    "Det är mörkt vid [[Carl Larssons väg|KEEP]] på kvällarna.",
]


def _fill(frame: str, slots: dict[str, tuple[str, str | None]]) -> tuple[str, list[dict]]:
    """Replace ``{X}`` slots and ``[[text|LABEL]]`` marks, returning text and gold spans."""
    text, spans, pos = "", [], 0
    for m in re.finditer(r"\{(\w)\}|\[\[([^|\]]+)\|(\w+)\]\]", frame):
        text += frame[pos : m.start()]
        if m.group(1):
            value, origin = slots[m.group(1)]
            span = {"start": len(text), "end": len(text) + len(value), "label": "PERSON", "text": value}
            span["origin"] = origin
        else:
            value = m.group(2)
            span = {"start": len(text), "end": len(text) + len(value), "label": m.group(3), "text": value}
        text += value
        spans.append(span)
        pos = m.end()
    return text + frame[pos:], _merge_adjacent(text + frame[pos:], spans)


def _merge_adjacent(text: str, spans: list[dict]) -> list[dict]:
    """ "{F} {S}" is one PERSON span (as the other gold sets mark full names)."""
    out: list[dict] = []
    for s in spans:
        prev = out[-1] if out else None
        if prev and prev["label"] == s["label"] == "PERSON" and text[prev["end"] : s["start"]] == " ":
            prev["end"], prev["text"] = s["end"], text[prev["start"] : s["end"]]
        else:
            out.append(dict(s))
    return out


def build() -> list[dict]:
    """Return the records: every first name at least twice, surnames in turn, frames in turn."""
    records: list[dict] = []
    for origin, (firsts, lasts) in NAMES.items():
        first, last = firsts.split(), lasts.split()
        frames = OWN_FRAMES[origin] * 3 + SWEDISH_FRAMES
        for i in range(max(2 * len(first), 56)):  # every first name twice or more, in different frames
            name, frame = first[i % len(first)], frames[(i + i // len(first)) % len(frames)]
            slots = {"F": (name, origin), "f": (name.lower(), origin), "S": (last[i % len(last)], origin)}
            text, spans = _fill(frame, slots)
            records.append({"id": f"devo-{len(records) + 1:04d}", "text": text, "entities": spans, "group": origin})
    for frame in NO_NAME:
        text, spans = _fill(frame, {})
        records.append({"id": f"devo-{len(records) + 1:04d}", "text": text, "entities": spans, "group": "none"})
    return records


def main() -> None:
    """Write the file."""
    with OUT.open("w", encoding="utf-8") as fh:
        for r in build():
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
