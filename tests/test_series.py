"""Series across documents: fact sheets on one country over several years, two of which disagree."""

from __future__ import annotations

import pandas as pd

from pipeline.series import agrees, rounding_of, series_problems, series_rows
from tests.yearly_fact_sheets import EXPECTED, SHEETS, figures_of


def test_series_from_several_years_of_fact_sheets() -> None:
    figures = figures_of(SHEETS)
    series = {(r["indicator"], r["year"]): r for r in series_rows(figures)}
    assert set(series) == set(EXPECTED)
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


def _figure(figure_id: str, value: float, unit: str = "USD", qualifier: str = "exact", year: int | None = 2022,
            text: str = "$5bn") -> dict[str, object]:
    doc_id = figure_id.split(":")[0]
    return {"figure_id": figure_id, "doc_id": doc_id, "start": int(figure_id.split(":")[1]), "text": text,
            "value": value, "unit": unit, "qualifier": qualifier, "partner": "CHL", "indicator": "goods_exports",
            "year": year}


def test_a_series_in_two_units_takes_the_more_common_one_the_first_seen_on_a_tie_and_is_flagged() -> None:
    figures = pd.DataFrame([_figure("b-2023:40", 5e9), _figure("a-2022:10", 6.6e9, unit="CAD", text="C$6.6bn")])
    (row,) = series_rows(figures)
    assert row["unit"] == "USD" and row["value"] == 5e9 and row["conflict"]
    assert row["figure_ids"] == "a-2022:10/b-2023:40" and row["doc_ids"] == "a-2022/b-2023"  # ordered by document
    assert (row["value_low"], row["value_high"]) == (5e9, 6.6e9)


def test_the_series_value_is_the_most_precise_exact_figure_and_each_year_is_its_own_series() -> None:
    figures = pd.DataFrame([
        _figure("a:1", 5e9, qualifier="approx", text="about $5bn"), _figure("b:2", 5.04e9, text="$5.04bn"),
        _figure("c:3", 5e9, text="$5bn"), _figure("c:9", 7e9, year=None, text="$7bn"),
    ])
    rows = {r["year"]: r for r in series_rows(figures)}
    assert set(rows) == {2022, None}
    assert rows[2022]["value"] == 5.04e9 and rows[2022]["figure_id"] == "b:2"
    assert rows[2022]["n_agreeing"] == 3 and not rows[2022]["conflict"]  # "$5bn" rounds to it; "about" is 5%
    assert rows[None]["series_id"] == "CHL:goods_exports:" and rows[None]["n_figures"] == 1
