"""Series across documents: fact sheets on one country over several years, two of which disagree."""

from __future__ import annotations

import pandas as pd

from pipeline.extraction import extract
from pipeline.series import agrees, rounding_of, series_problems, series_rows

# Our own sentences, in the style of a yearly fact sheet on one partner country.
SHEETS = {
    "peru-2021": "U.S. Relations With Peru\n"
                 "In 2020, U.S. goods trade with Peru totaled $15.2bn. U.S. goods exports to Peru were $8.6bn in 2020.",
    "peru-2022": "U.S. Relations With Peru\n"
                 "U.S. goods trade with Peru totaled $20.5bn in 2021. U.S. goods exports to Peru were $11.8bn in 2021. "
                 "In 2020, U.S. goods trade with Peru totaled $15.2 billion.",
    "peru-2023": "U.S. Relations With Peru\n"
                 "U.S. goods trade with Peru totaled $22.1bn in 2022. In 2021, U.S. goods exports to Peru were "
                 "$12.4bn.",
}


def figures_of(sheets: dict[str, str]) -> pd.DataFrame:
    rows = []
    for doc_id, text in sheets.items():
        for f in extract(text).figures:
            rows.append({"figure_id": f"{doc_id}:{f.start}", "doc_id": doc_id, "start": f.start, "text": f.text,
                         "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "year": f.year,
                         "partner": f.partner or "PER", "indicator": f.indicator})
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    return frame


def test_series_from_several_years_of_fact_sheets() -> None:
    figures = figures_of(SHEETS)
    series = {(r["indicator"], r["year"]): r for r in series_rows(figures)}
    assert set(series) == {("goods_trade", 2020), ("goods_trade", 2021), ("goods_trade", 2022),
                           ("goods_exports", 2020), ("goods_exports", 2021)}
    trade_2020 = series[("goods_trade", 2020)]
    # "$15.2bn" and "$15.2 billion" in two sheets agree
    assert trade_2020["value"] == 15.2e9 and trade_2020["n_sources"] == 2 and trade_2020["n_agreeing"] == 2
    assert not trade_2020["conflict"]
    assert trade_2020["doc_ids"] == "peru-2021/peru-2022"
    # $11.8bn (2022 sheet) and $12.4bn (2023 sheet) for 2021 exports disagree beyond rounding
    exports_2021 = series[("goods_exports", 2021)]
    assert exports_2021["conflict"] and exports_2021["n_sources"] == 2
    assert (exports_2021["value_low"], exports_2021["value_high"]) == (11.8e9, 12.4e9)
    assert exports_2021["partner"] == "PER" and exports_2021["unit"] == "USD"
    assert series_problems(pd.DataFrame(series_rows(figures)), figures).empty


def test_a_series_that_no_longer_matches_its_figures_is_reported() -> None:
    figures = figures_of(SHEETS)
    series = pd.DataFrame(series_rows(figures))
    tampered = series.copy()
    tampered.loc[0, "value"] = 1.0
    assert not series_problems(tampered, figures).empty
    missing = series_problems(series, figures[figures["doc_id"] != "peru-2021"])
    assert missing["problem"].str.contains("not in this release").any()


def test_rounding_and_agreement() -> None:
    assert rounding_of("$807bn", 807e9) == 0.5e9
    assert rounding_of("$807.2 billion", 807.2e9) == 0.05e9 * 1.0000000000000002 or \
        abs(rounding_of("$807.2 billion", 807.2e9) - 0.05e9) < 1
    assert rounding_of("twenty-one", 21) == 0.0
    assert agrees(807e9, "exact", 0.5e9, 807.2e9, 0.05e9)
    assert not agrees(807e9, "exact", 0.5e9, 812e9, 0.5e9)
    assert agrees(800e9, "approx", 0.5e9, 812e9, 0.5e9)  # "about $800bn" within 5 percent
    assert agrees(800e9, "at_least", 0.5e9, 812e9, 0.5e9) and not agrees(900e9, "at_least", 0.5e9, 812e9, 0.5e9)
