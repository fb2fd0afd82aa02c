"""Inline SVG time-series charts, read back with ElementTree."""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from semikb.charts import (
    PALETTE,
    Point,
    Series,
    line_chart,
    time_range,
    value_ticks,
    year_ticks,
)
from semikb.model import Date, Quantity
from semikb.numbers import format_quantity

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
HOSTILE = "<script>alert('x')</script> & \"quoted\""


def percent(value):
    return format_quantity(Quantity(value, "%"), "en")


def share_series():
    return Series(
        "TSMC",
        "%",
        [
            Point(Date(2025, 6), 70.2, "#fn:3", "TrendForce"),
            Point(Date(2023, 6), 61.2, "#fn:1", "TrendForce"),
            Point(Date(2024), 62.0, None, "Counterpoint", disputed=True),
            Point(Date(2024, 6), 64.9, "#fn:2", "TrendForce"),
        ],
    )


def chart(series, **options):
    arguments = {
        "title": "Foundry market share",
        "description": "TSMC's share of foundry revenue, 2023–2025",
        "format_value": percent,
        "id_prefix": "share",
    }
    return line_chart(series, **(arguments | options))


def parse(svg):
    return ET.fromstring(svg)


def markers(root):
    return [
        element
        for element in root.iter(f"{SVG}circle")
        if "semikb-chart-point" in element.get("class", "")
    ]


def tooltip(marker):
    return marker.find(f"{SVG}title").text


def links(root):
    return list(root.iter(f"{SVG}a"))


def tick_labels(root, axis):
    group = root.find(f"{SVG}g[@class='semikb-chart-{axis}']")
    return [(text.text, text) for text in group.iter(f"{SVG}text")]


# --- the element ---------------------------------------------------------------------------


def test_title_description_and_aria_labels():
    root = parse(chart([share_series()]))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "figure"  # its points are links: an image may hold none
    assert root.get("aria-labelledby") == "share-title share-desc"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert (title.get("id"), title.text) == ("share-title", "Foundry market share")
    assert (desc.get("id"), desc.text) == (
        "share-desc",
        "TSMC's share of foundry revenue, 2023–2025",
    )
    assert list(root)[:2] == [title, desc]


def test_scales_to_its_container_and_stays_legible_on_a_phone():
    root = parse(chart([share_series()]))
    _, _, width, _ = map(float, root.get("viewBox").split())
    assert root.get("width") == "100%" and root.get("height") is None
    assert float(root.get("font-size")) * 390 / width >= 11


def test_ids_follow_the_prefix_so_two_charts_on_a_page_differ():
    first, second = parse(chart([share_series()])), parse(chart([share_series()], id_prefix="c2"))
    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")
    assert second.get("aria-labelledby") == "c2-title c2-desc"


@pytest.mark.parametrize("prefix", ["", "1chart", "a b", 'x" onload="alert(1)', "a<b"])
def test_an_id_prefix_that_is_not_a_plain_token_is_refused(prefix):
    with pytest.raises(ValueError, match="id prefix"):
        chart([share_series()], id_prefix=prefix)


def test_nothing_to_draw_gives_no_chart():
    assert chart([]) == ""
    assert chart([Series("Empty", "%", [])]) == ""


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 1.7e308])
def test_values_must_be_finite(value):
    with pytest.raises(ValueError, match="not a finite number"):
        chart([Series("A", "%", [Point(Date(2024), value)])])


def test_output_is_deterministic():
    assert chart([share_series()]) == chart([share_series()])


def test_no_number_is_printed_with_more_than_one_decimal():
    series = [
        share_series(),
        Series("Other", "%", [Point(Date(2023, 7, 13), 1 / 3), Point(Date(2025, 2), 2 / 3)]),
    ]
    root = parse(chart(series))
    for element in root.iter():
        for name, value in element.attrib.items():
            if name != XLINK_HREF:
                assert not re.search(r"\d\.\d\d", value), (element.tag, name, value)


# --- points, lines and links ---------------------------------------------------------------


def test_a_marker_per_point_and_a_link_per_href():
    root = parse(chart([share_series()]))
    assert len(markers(root)) == 4
    assert sorted(a.get(XLINK_HREF) for a in links(root)) == ["#fn:1", "#fn:2", "#fn:3"]
    for a in links(root):
        assert len(markers(a)) == 1


def test_tooltips_give_date_value_and_source():
    root = parse(chart([share_series()]))
    assert sorted(tooltip(marker) for marker in markers(root)) == [
        "2023-06: 61.2 % — TrendForce",
        "2024-06: 64.9 % — TrendForce",
        "2024: 62 % — Counterpoint (disputed)",
        "2025-06: 70.2 % — TrendForce",
    ]


def test_the_disputed_label_can_be_translated():
    root = parse(chart([share_series()], disputed_label="논란"))
    assert "2024: 62 % — Counterpoint (논란)" in [tooltip(marker) for marker in markers(root)]


def test_x_increases_with_the_date_whatever_the_input_order():
    root = parse(chart([share_series()]))
    by_date = sorted(markers(root), key=lambda marker: tooltip(marker).split(":")[0])
    xs = [float(marker.get("cx")) for marker in by_date]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)


def test_y_follows_the_values():
    root = parse(chart([share_series()]))
    by_value = sorted(markers(root), key=lambda marker: float(tooltip(marker).split()[1]))
    ys = [float(marker.get("cy")) for marker in by_value]
    assert ys == sorted(ys, reverse=True)  # SVG's y grows downwards


def test_disputed_points_are_hollow_and_left_out_of_the_line():
    root = parse(chart([share_series()]))
    disputed = [m for m in markers(root) if "semikb-chart-disputed" in m.get("class")]
    assert len(disputed) == 1
    assert disputed[0].get("fill") == "none" and disputed[0].get("stroke") == PALETTE[0]
    solid = [m for m in markers(root) if m not in disputed]
    assert all(m.get("fill") == PALETTE[0] for m in solid)
    (line,) = root.iter(f"{SVG}polyline")
    drawn = [tuple(map(float, pair.split(","))) for pair in line.get("points").split()]
    assert drawn == [(float(m.get("cx")), float(m.get("cy"))) for m in solid]  # in date order


def test_a_single_point_series_still_shows_its_point():
    root = parse(chart([Series("One", "JPY", [Point(Date(2024), 7.3e9, "#fn:1", "Nikkei")])]))
    assert len(markers(root)) == 1
    assert not list(root.iter(f"{SVG}polyline"))
    assert [a.get(XLINK_HREF) for a in links(root)] == ["#fn:1"]
    assert [label for label, _ in tick_labels(root, "x")] == ["2024", "2025"]


def test_a_series_whose_only_undisputed_point_is_alone_has_no_line():
    series = Series("A", "%", [Point(Date(2023), 5), Point(Date(2024), 9, disputed=True)])
    root = parse(chart([series]))
    assert len(markers(root)) == 2 and not list(root.iter(f"{SVG}polyline"))


def test_year_month_and_day_precision_sit_on_their_first_day():
    series = Series(
        "A",
        "%",
        [
            Point(Date(2020), 1),
            Point(Date(2020, 1), 2),
            Point(Date(2020, 1, 1), 3),
            Point(Date(2021, 7), 4),
            Point(Date(2022), 5),
        ],
    )
    root = parse(chart([series]))
    x = {tooltip(m).split(":")[0]: float(m.get("cx")) for m in markers(root)}
    assert x["2020"] == x["2020-01"] == x["2020-01-01"]
    ticks = {label: float(text.get("x")) for label, text in tick_labels(root, "x")}
    assert ticks["2020"] == x["2020"] and ticks["2022"] == x["2022"]
    assert ticks["2021"] < x["2021-07"] < ticks["2022"]
    middle = (ticks["2021"] + ticks["2022"]) / 2
    assert abs(x["2021-07"] - middle) < 3  # 1 July is about half-way through the year


def test_the_y_axis_starts_at_zero_and_its_ticks_cover_the_data():
    root = parse(chart([share_series()]))
    labels = [label for label, _ in tick_labels(root, "y")]
    assert labels == ["0 %", "20 %", "40 %", "60 %", "80 %"]
    zero_y = float(tick_labels(root, "y")[0][1].get("y")) - 6
    assert all(float(m.get("cy")) < zero_y for m in markers(root))


def test_amounts_label_the_axis_with_the_formatter():
    series = Series(
        "Nvidia",
        "USD",
        [Point(Date(2023, 5, 30), 1e12), Point(Date(2024, 6), 3.3e12), Point(Date(2025, 7), 4e12)],
    )
    root = parse(chart([series], format_value=lambda v: format_quantity(Quantity(v, "USD"), "en")))
    labels = [label for label, _ in tick_labels(root, "y")]
    assert labels == [
        "US$0",
        "US$1 trillion",
        "US$2 trillion",
        "US$3 trillion",
        "US$4 trillion",
    ]


# --- legend and colours --------------------------------------------------------------------


def legend(root):
    return root.find(f"{SVG}g[@class='semikb-chart-legend']")


def test_one_series_has_no_legend():
    assert legend(parse(chart([share_series()]))) is None


def test_two_series_have_a_legend_with_their_labels_and_colours():
    other = Series("Samsung", "%", [Point(Date(2023, 6), 11.3), Point(Date(2025, 6), 7.3)])
    root = parse(chart([share_series(), other]))
    entries = legend(root)
    assert [text.text for text in entries.iter(f"{SVG}text")] == ["TSMC", "Samsung"]
    assert [line.get("stroke") for line in entries.iter(f"{SVG}line")] == list(PALETTE[:2])
    lines = list(root.iter(f"{SVG}polyline"))
    assert [line.get("stroke") for line in lines] == list(PALETTE[:2])
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")  # not colour alone
    assert "Samsung, 2025-06: 7.3 %" in [tooltip(m) for m in markers(root)]


def test_series_that_share_a_colour_differ_in_the_legend_by_a_visible_dash_pattern():
    five = [Series(name, "%", [Point(Date(2020), 1)]) for name in "ABCDE"]
    entries = list(legend(parse(chart(five))).iter(f"{SVG}line"))
    styles = [(line.get("stroke"), line.get("stroke-dasharray")) for line in entries]
    assert styles[0][0] == styles[4][0] and len(set(styles)) == 5  # A and E: one colour
    for line in entries:
        length = float(line.get("x2")) - float(line.get("x1"))
        dashes = [float(d) for d in (line.get("stroke-dasharray") or "").split()]
        # a whole dash and gap shows on each side of the marker (radius 5) at the middle
        assert (length - 2 * 5) / 2 >= sum(dashes)


def test_a_long_legend_wraps_into_rows_and_the_chart_grows():
    many = [
        Series(f"Company number {index}", "%", [Point(Date(2020 + index), index)])
        for index in range(6)
    ]
    two = parse(chart(many[:2]))
    six = parse(chart(many))
    rows = {text.get("y") for text in legend(six).iter(f"{SVG}text")}
    assert len(rows) > 1
    assert float(six.get("viewBox").split()[3]) > float(two.get("viewBox").split()[3])
    for text in legend(six).iter(f"{SVG}text"):
        assert float(text.get("x")) < float(six.get("viewBox").split()[2])


def test_text_and_axes_follow_the_theme():
    root = parse(chart([share_series(), Series("B", "%", [Point(Date(2024), 3)])]))
    for group in ("y", "x", "legend"):
        assert root.find(f"{SVG}g[@class='semikb-chart-{group}']").get("fill") == "currentColor"
    gridlines = root.find(f"{SVG}g[@class='semikb-chart-y']").iter(f"{SVG}line")
    assert all(line.get("stroke") == "currentColor" for line in gridlines)


def _luminance(colour):
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("background", ["#ffffff", "#1e2129"])
@pytest.mark.parametrize("colour", PALETTE)
def test_palette_has_three_to_one_contrast_in_light_and_dark_themes(colour, background):
    lighter, darker = sorted([_luminance(colour), _luminance(background)], reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 3


# --- untrusted text ------------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere():
    series = [
        Series(HOSTILE, HOSTILE, [Point(Date(2024), 5, '#fn:1"><script>', HOSTILE)]),
        Series("B", "%", [Point(Date(2025), 7)]),
    ]
    svg = chart(
        series,
        title=HOSTILE,
        description=HOSTILE,
        format_value=lambda v: f"<b>{v}</b>",
    )
    assert "<script" not in svg and "<b>" not in svg
    root = parse(svg)  # still well-formed XML
    assert root.find(f"{SVG}title").text == HOSTILE
    assert root.find(f"{SVG}desc").text == HOSTILE
    assert next(t.text for t in legend(root).iter(f"{SVG}text")) == HOSTILE
    assert f"{HOSTILE}, 2024: <b>5</b> — {HOSTILE}" in [tooltip(m) for m in markers(root)]
    assert [a.get(XLINK_HREF) for a in links(root)] == ['#fn:1"><script>']
    assert [label for label, _ in tick_labels(root, "y")] == [
        "<b>0.0</b>",
        "<b>2.0</b>",
        "<b>4.0</b>",
        "<b>6.0</b>",
        "<b>8.0</b>",
    ]


def test_characters_xml_forbids_are_removed():
    root = parse(chart([Series("A\x08B", "%", [Point(Date(2024), 5, None, "x\x00y\x1f")])]))
    assert tooltip(markers(root)[0]) == "2024: 5 % — xy"


@pytest.mark.parametrize(
    "href",
    ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "data:text/html,x"],
)
def test_links_that_could_run_code_are_dropped(href):
    root = parse(chart([Series("A", "%", [Point(Date(2024), 5, href)])]))
    assert links(root) == [] and len(markers(root)) == 1


@pytest.mark.parametrize(
    "href", ["#fn:3", "../tsmc/", "https://example.org/a?b=1&c=2", "mailto:a@example.org"]
)
def test_ordinary_links_are_kept(href):
    root = parse(chart([Series("A", "%", [Point(Date(2024), 5, href)])]))
    assert [a.get(XLINK_HREF) for a in links(root)] == [href]


# --- scales --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        ([70.2], [0, 20, 40, 60, 80]),
        ([50, 100], [0, 20, 40, 60, 80, 100]),
        ([3.64e12], [0, 1e12, 2e12, 3e12, 4e12]),
        ([0.9], [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        ([12], [0, 2.5, 5, 7.5, 10, 12.5]),
        ([0, 0], [0, 0.2, 0.4, 0.6, 0.8, 1.0]),
        ([-3, 7], [-4, -2, 0, 2, 4, 6, 8]),
        ([-5], [-5, -4, -3, -2, -1, 0]),
        ([5e-324], [0, 0.2, 0.4, 0.6, 0.8, 1.0]),  # too small a range to step through
    ],
)
def test_value_ticks_are_nice(values, ticks):
    assert value_ticks(values) == ticks


@given(
    st.lists(
        st.floats(min_value=-1e300, max_value=1e300, allow_nan=False),
        min_size=1,
        max_size=20,
    )
)
def test_value_ticks_include_zero_cover_the_data_and_step_nicely(values):
    ticks = value_ticks(values)
    assert ticks[0] <= min(0, *values) and ticks[-1] >= max(0, *values)
    assert 0.0 in ticks and 3 <= len(ticks) <= 8
    steps = {Decimal(repr(b)) - Decimal(repr(a)) for a, b in pairwise(ticks)}
    assert len(steps) == 1
    (step,) = steps
    mantissa = step.scaleb(-step.adjusted()).normalize()
    assert mantissa in {1, 2, Decimal("2.5"), 5}


def _range(first, last):
    return time_range([Date.parse(first), Date.parse(last)])


@pytest.mark.parametrize(
    ("first", "last", "years"),
    [
        ("2019-06", "2025-06", [2020, 2021, 2022, 2023, 2024, 2025]),
        ("2010", "2025", [2010, 2015, 2020, 2025]),  # every 2 years would make 8 ticks
        ("1990", "2025", [1990, 2000, 2010, 2020]),
        ("1950", "2025", [1960, 1980, 2000, 2020]),
        ("2024-02", "2024-11", [2024, 2025]),  # widened to whole years
        ("2024", "2024", [2024, 2025]),
        ("2023-06", "2024-06", [2023, 2024, 2025]),
    ],
)
def test_year_ticks_step_by_1_2_5_10_or_20(first, last, years):
    assert year_ticks(*_range(first, last)) == years


@given(st.integers(1, 9998), st.integers(0, 9997))
def test_year_ticks_are_few_and_evenly_spaced(start, span):
    end = min(start + span, 9998)
    ticks = year_ticks(*time_range([Date(start), Date(end)]))
    assert 2 <= len(ticks) <= 7
    assert len({b - a for a, b in pairwise(ticks)}) == 1
    assert all(tick % (ticks[1] - ticks[0]) == 0 for tick in ticks)


dates = st.one_of(
    st.builds(Date, st.integers(1, 9998)),
    st.builds(Date, st.integers(1, 9998), st.integers(1, 12)),
    st.builds(Date, st.integers(1, 9998), st.integers(1, 12), st.integers(1, 28)),
)
points = st.builds(
    Point,
    dates,
    st.floats(min_value=-1e300, max_value=1e300, allow_nan=False),
    st.one_of(st.none(), st.text()),
    st.text(),
    st.booleans(),
)


@given(st.lists(st.builds(Series, st.text(), st.text(), st.lists(points, max_size=6)), max_size=5))
def test_any_series_make_a_well_formed_chart_or_none(series):
    svg = chart(series, format_value=repr)
    if not any(one.points for one in series):
        assert svg == ""
        return
    root = parse(svg)
    assert len(markers(root)) == sum(len(one.points) for one in series)
    assert svg == chart(series, format_value=repr)
    for element in root.iter():
        for name, value in element.attrib.items():
            if name not in (XLINK_HREF, "data-unit"):
                assert not re.search(r"\d\.\d\d|nan|inf", value), (element.tag, name, value)
