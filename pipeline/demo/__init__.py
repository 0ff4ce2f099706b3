"""Synthetic Västerås citizen dialogue in every channel format, for the demo and tests.

``generate_demo(out_dir)`` writes a realistic, fully fictitious dialogue: survey
exports (UTF-8 with BOM, XLSX, Windows-1252, UTF-16), e-mail (.eml and mbox),
web form JSONL, map GeoJSON, meeting notes (.docx/.md/.txt), an SMS export and a
folder of broken files. Inputs go under ``out_dir/inkorg``; the theme scheme and
the population table sit beside it so that ingesting the inbox never picks them up.
The same seed gives byte-identical files.
"""

from __future__ import annotations

import math
import random
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.demo import broken, channels, mail, survey
from pipeline.demo.compose import DATA_DIR, load_vocab
from pipeline.demo.plan import Planner, Record, Window
from pipeline.dialogues import load_scheme
from pipeline.schema import CHANNELS, Dialogue

DEMO_DIALOGUE_ID = "vasteras-demo"
PERIOD = Window(date(2026, 3, 1), date(2026, 9, 30))
INBOX = "inkorg"
# Share of the n submissions per input (before rounding up).
SHARES = {
    "enkat-2026.csv": 0.28,
    "enkat-ungdom.xlsx": 0.07,
    "enkat-papper-cp1252.csv": 0.05,
    "enkat-utf16.csv": 0.04,
    "mail/*.eml": 0.08,
    "mail/arkiv.mbox": 0.03,
    "webbformular.jsonl": 0.20,
    "kartsynpunkter.geojson": 0.10,
    "motesanteckningar/*": 0.05,
    "sms-export.csv": 0.10,
}
_MINIMUM = {"mail/*.eml": len(mail.KINDS), "motesanteckningar/*": 3}

__all__ = ["DEMO_DIALOGUE_ID", "DemoManifest", "demo_dialogue", "generate_demo"]


@dataclass
class DemoManifest:
    """What ``generate_demo`` wrote, and what ingesting it should give.

    Attributes:
        dialogue: The demo dialogue (id ``vasteras-demo``) with its theme scheme.
        files: Every generated input file (under ``out_dir/inkorg``), broken ones included.
        scheme_path: The theme scheme YAML copied into ``out_dir``.
        population_csv: ``dimension,value,population`` for districts and age groups.
        expected: Submissions each input should yield, keyed by path relative to the inbox.
        planted: Personal details planted in the inputs, by kind (PERSON, ID_NUMBER, PHONE,
            EMAIL, ADDRESS, PLATE): canaries for anonymization tests.
        samples: One exact text per input file that must appear in an ingested submission.
        languages: How many submissions are in each language (sv, en, fi, ar, so).
    """

    dialogue: Dialogue
    files: list[Path]
    scheme_path: Path
    population_csv: Path
    expected: dict[str, int]
    planted: dict[str, list[str]] = field(default_factory=dict)
    samples: dict[str, str] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def inbox(self) -> Path:
        """The folder holding every input file."""
        return self.population_csv.parent / INBOX

    @property
    def total(self) -> int:
        """Submissions the whole inbox should yield."""
        return sum(self.expected.values())


def demo_dialogue(scheme_path: Path | None = None) -> Dialogue:
    """Return the demo dialogue, with the theme scheme read from ``scheme_path``."""
    scheme = load_scheme(scheme_path or DATA_DIR / "theme-scheme.yaml")
    return Dialogue(
        id=DEMO_DIALOGUE_ID,
        title="Hur vill du att Västerås utvecklas? – Trygg och hållbar stad 2026",
        question=(
            "Vad tycker du om din stadsdel, och vad ska Västerås prioritera för att bli "
            "en tryggare och mer hållbar stad?"
        ),
        purpose=(
            "Att samla invånarnas erfarenheter och förslag om trygghet, trafik, grönska, skola, "
            "omsorg och fritid som underlag för översiktsplanen och trygghetsprogrammet 2027–2030."
        ),
        use_of_results=(
            "Synpunkterna sammanställs per tema och redovisas för kommunstyrelsen och berörda nämnder "
            "hösten 2026. Sammanställningen och stadens svar publiceras på vasteras.se under "
            "”Det här sa ni – det här gör vi”."
        ),
        target_groups=(
            "Alla som bor, arbetar eller studerar i Västerås, särskilt unga, äldre och boende i "
            "stadsdelar där få brukar delta, som Bäckby, Råby och Skälby."
        ),
        period_start=PERIOD.start,
        period_end=PERIOD.end,
        channels=list(CHANNELS),
        owner="Stadsledningskontoret, Västerås stad",
        theme_scheme=scheme,
    )


def plan_counts(n: int) -> dict[str, int]:
    """Return how many submissions each input gets so that they add up to at least ``n``."""
    return {key: max(_MINIMUM.get(key, 2), math.ceil(n * share)) for key, share in SHARES.items()}


def generate_demo(out_dir: Path, *, n: int = 3000, seed: int = 7) -> DemoManifest:
    """Write the demo dialogue's inputs under ``out_dir`` and return what was written.

    ``out_dir/inkorg`` is recreated from scratch; nothing else in ``out_dir`` is touched
    except ``temaschema.yaml`` and ``befolkning.csv``.

    Args:
        out_dir: Folder to write into (created if missing).
        n: Minimum number of submissions across all channels.
        seed: Random seed; the same seed gives byte-identical files.
    """
    out_dir = Path(out_dir)
    inbox = out_dir / INBOX
    if inbox.exists():
        shutil.rmtree(inbox)
    inbox.mkdir(parents=True)
    scheme_path = out_dir / "temaschema.yaml"
    shutil.copyfile(DATA_DIR / "theme-scheme.yaml", scheme_path)
    population_csv = out_dir / "befolkning.csv"
    broken.write_population(population_csv, load_vocab())
    planner = Planner(random.Random(seed))
    expected = _write_inputs(inbox, planner, plan_counts(n))
    files = sorted(inbox.rglob("*"))
    files = [p for p in files if p.is_file()]
    return DemoManifest(
        dialogue=demo_dialogue(scheme_path),
        files=files,
        scheme_path=scheme_path,
        population_csv=population_csv,
        expected=dict(sorted(expected.items())),
        planted={k: list(v) for k, v in sorted(planner.planted.items())},
        samples=dict(sorted(planner.samples.items())),
        languages=dict(sorted(planner.languages.items())),
    )


def _write_inputs(inbox: Path, planner: Planner, counts: dict[str, int]) -> dict[str, int]:
    """Write every channel's files; return the expected submissions per input."""
    rng, w = planner.rng, Window
    recs: dict[str, list[Record]] = {
        "enkat-2026.csv": planner.records(counts["enkat-2026.csv"], "survey", PERIOD),
        "enkat-ungdom.xlsx": planner.records(
            counts["enkat-ungdom.xlsx"],
            "youth",
            w(date(2026, 4, 1), date(2026, 6, 12)),
            lang_factor=0.8,
            ages=("0-17", "18-29"),
        ),
        "enkat-papper-cp1252.csv": planner.records(
            counts["enkat-papper-cp1252.csv"],
            "paper",
            w(date(2026, 3, 10), date(2026, 5, 31)),
            lang_factor=0.6,
            langs=("en", "fi", "so"),
            encoding="cp1252",
        ),
        "enkat-utf16.csv": planner.records(
            counts["enkat-utf16.csv"], "survey", w(date(2026, 6, 1), PERIOD.end), lang_factor=1.3
        ),
        "webbformular.jsonl": planner.records(counts["webbformular.jsonl"], "web", PERIOD),
        "kartsynpunkter.geojson": planner.records(
            counts["kartsynpunkter.geojson"],
            "map",
            w(date(2026, 4, 15), date(2026, 8, 31)),
            lang_factor=0.7,
            urban_only=True,
        ),
        "sms-export.csv": planner.records(
            counts["sms-export.csv"], "sms", w(date(2026, 5, 1), PERIOD.end), lang_factor=1.2
        ),
    }
    expected = {
        "enkat-2026.csv": survey.write_main_csv(inbox / "enkat-2026.csv", recs["enkat-2026.csv"], rng),
        "enkat-ungdom.xlsx": survey.write_youth_xlsx(
            inbox / "enkat-ungdom.xlsx", recs["enkat-ungdom.xlsx"], rng, planner.vocab["schools"]
        ),
        "enkat-papper-cp1252.csv": survey.write_paper_cp1252(
            inbox / "enkat-papper-cp1252.csv", recs["enkat-papper-cp1252.csv"], rng
        ),
        "enkat-utf16.csv": survey.write_utf16(inbox / "enkat-utf16.csv", recs["enkat-utf16.csv"]),
        "webbformular.jsonl": channels.write_webform(inbox / "webbformular.jsonl", recs["webbformular.jsonl"], planner),
        "kartsynpunkter.geojson": channels.write_map(inbox / "kartsynpunkter.geojson", recs["kartsynpunkter.geojson"]),
        "sms-export.csv": channels.write_sms(inbox / "sms-export.csv", recs["sms-export.csv"], planner),
    }
    mail_expected = mail.write_mail(inbox / "mail", planner, counts["mail/*.eml"], counts["mail/arkiv.mbox"], PERIOD)
    expected.update({f"mail/{k}": v for k, v in mail_expected.items()})
    notes = channels.write_meetings(inbox / "motesanteckningar", planner, counts["motesanteckningar/*"], PERIOD)
    expected.update({f"motesanteckningar/{k}": v for k, v in notes.items()})
    jsonl = planner.records(5, "web", PERIOD)
    bad = broken.write_broken(inbox / "trasiga", planner, inbox / "enkat-ungdom.xlsx", jsonl)
    expected.update({f"trasiga/{k}": v for k, v in bad.items()})
    for name, file_records in recs.items():
        planner.sample(name, file_records)
    planner.sample("trasiga/webbformular-delvis.jsonl", jsonl)
    return expected
