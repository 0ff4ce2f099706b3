"""The district heat map keeps every name readable, with 40 Västerås districts or with three."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pipeline.web.charts import heatmap

DISTRICTS = [
    "Barkarö", "Bjurhovda", "Blåsbo", "Bäckby", "Centrum", "Dingtuna", "Emaus", "Erikslund", "Gideonsberg",
    "Hacksta", "Haga", "Hammarby", "Hälla", "Hökåsen", "Irsta", "Johannisberg", "Kopparlunden", "Kristiansborg",
    "Kungsängen", "Lillhamre", "Malmaberg", "Pettersberg", "Råby", "Rönnby", "Skiljebo", "Skultuna", "Skälby",
    "Stallhagen", "Tillberga", "Tunby", "Vallby", "Vetterstorp", "Viksäng", "Önsta-Gryta", "Öster Mälarstrand",
    "Hälla industriområde", "Finnslätten", "Dalaborg", "Hamre", "okänt",
]  # fmt: skip
THEMES = ["Kollektivtrafik", "Snöröjning och halkbekämpning", "Trygghet och belysning", "Parker och grönområden"]


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [el.text or "" for el in root.iter("{http://www.w3.org/2000/svg}text")]


def test_forty_districts_become_rows_with_whole_names() -> None:
    matrix = [[(i * 7 + j * 3) % 11 for j in range(len(DISTRICTS))] for i in range(len(THEMES))]
    svg = str(heatmap("c-district", "Teman per stadsdel", "Antal per stadsdel", THEMES, DISTRICTS, matrix))
    texts = _texts(svg)
    for name in DISTRICTS:
        assert name in texts, f"{name} is cut"
    width = int(re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).group(1))
    assert width <= 900, "the grid fits a page instead of shrinking its text to nothing"
    # The turned grid keeps each count in its cell: Barkarö's row holds the first column of the input.
    root = ET.fromstring(svg)
    cells = [el for el in root.iter("{http://www.w3.org/2000/svg}text") if (el.text or "").isdigit()]
    assert [int(c.text) for c in cells[: len(THEMES)]] == [matrix[i][0] for i in range(len(THEMES))]


def test_long_theme_names_are_slanted_not_cut() -> None:
    matrix = [[1, 2, 3, 4], [5, 6, 7, 8], [0, 0, 1, 0]]
    svg = str(heatmap("c-district", "Teman per stadsdel", "d", ["Centrum", "Råby", "okänt"], THEMES, matrix))
    assert "Snöröjning och halkbekämpning" in _texts(svg)
    assert "rotate(-50" in svg
    few = str(heatmap("c-channel", "Teman per kanal", "d", ["Centrum", "Råby"], ["sms", "e-post"], [[1, 2], [3, 4]]))
    assert "rotate(" not in few
