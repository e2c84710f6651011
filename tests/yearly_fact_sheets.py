"""Three years of fact sheets on one partner country (Peru), for the series tests.

The sentences are our own, in the style of a yearly State Department fact sheet: each sheet
gives the latest year's goods trade and exports, some restate an earlier year, and the stock of
U.S. FDI appears in two of them. Two sheets disagree beyond rounding on 2021 goods exports
($11.8bn in the 2022 sheet, $12.4bn in the 2023 one); two agree on 2020 goods trade
("$15.2bn" and "$15.2 billion").
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from pipeline.extraction import extract

PARTNER = "PER"
SHEETS = {
    "peru-2021": "U.S. Relations With Peru\n"
                 "In 2020, U.S. goods trade with Peru totaled $15.2bn. U.S. goods exports to Peru were $8.6bn in 2020. "
                 "The stock of U.S. foreign direct investment in Peru was $7.8 billion in 2019.",
    "peru-2022": "U.S. Relations With Peru\n"
                 "U.S. goods trade with Peru totaled $20.5bn in 2021. U.S. goods exports to Peru were $11.8bn in 2021. "
                 "In 2020, U.S. goods trade with Peru totaled $15.2 billion.",
    "peru-2023": "U.S. Relations With Peru\n"
                 "U.S. goods trade with Peru totaled $22.1bn in 2022. In 2021, U.S. goods exports to Peru were "
                 "$12.4bn. The stock of U.S. foreign direct investment in Peru reached $8.5 billion in 2021.",
}
#: What the series of these sheets hold: (indicator, year) -> (value, documents, agreeing, conflict).
EXPECTED = {
    ("goods_trade", 2020): (15.2e9, ("peru-2021", "peru-2022"), 2, False),
    ("goods_trade", 2021): (20.5e9, ("peru-2022",), 1, False),
    ("goods_trade", 2022): (22.1e9, ("peru-2023",), 1, False),
    ("goods_exports", 2020): (8.6e9, ("peru-2021",), 1, False),
    ("goods_exports", 2021): (11.8e9, ("peru-2022", "peru-2023"), 1, True),
    ("us_fdi_in_partner", 2019): (7.8e9, ("peru-2021",), 1, False),
    ("us_fdi_in_partner", 2021): (8.5e9, ("peru-2023",), 1, False),
}


def write_sheets(raw: Path, sheets: dict[str, str] = SHEETS) -> Path:
    """The sheets as raw/<doc_id>.txt with a sources.csv naming their partner; returns `raw`."""
    raw.mkdir(parents=True, exist_ok=True)
    for doc_id, text in sheets.items():
        (raw / f"{doc_id}.txt").write_text(text + "\n", encoding="utf-8")
    with (raw / "sources.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["file", "url", "title", "publisher", "published", "partner"])
        for doc_id, text in sheets.items():
            writer.writerow([f"{doc_id}.txt", "", text.splitlines()[0], "U.S. Department of State",
                             f"{doc_id[-4:]}-01-20", PARTNER])
    return raw


def figures_of(sheets: dict[str, str] = SHEETS) -> pd.DataFrame:
    """The figures of the sheets as the figures table holds them (the columns series need)."""
    rows = []
    for doc_id, text in sheets.items():
        for f in extract(text).figures:
            rows.append({"figure_id": f"{doc_id}:{f.start}", "doc_id": doc_id, "start": f.start, "text": f.text,
                         "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "year": f.year,
                         "partner": f.partner or PARTNER, "indicator": f.indicator})
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    return frame
