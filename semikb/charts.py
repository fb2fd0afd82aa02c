"""Time-series line charts, drawn at build time as inline SVG: no JavaScript.

Contract
--------
``line_chart(series, title=…, description=…, format_value=…, id_prefix=…)`` returns one
``<svg>`` element as text, or "" when no series has a point. The chart is:

* accessible: ``role="img"`` (``role="figure"`` when its points are links) and
  ``aria-labelledby`` naming its ``<title>`` and ``<desc>``,
  whose ids are ``{id_prefix}-title`` and ``{id_prefix}-desc`` (unique on a page when the
  prefixes are; a prefix is a letter then letters, digits, "-" or "_");
* responsive: ``width="100%"`` with a viewBox 600 units wide and text 18 units high, so at
  390 px wide the text is 11.7 px;
* in time along x: each date sits at the first day of its year, month or day; ticks fall on
  1 January of every 1, 2, 5, 10, 20, 50… years, the smallest step that shows at most seven.
  A range with fewer than two such days is widened to whole years;
* in value along y: 0 is always on the axis (shares and amounts start at 0), and the ticks,
  every 1, 2, 2.5 or 5 × 10ⁿ, cover every value. Each tick has a gridline and a label from
  ``format_value`` left of the plot, in a gutter as wide as the widest label (at most 40 %
  of the width);
* drawn per series: one polyline through its undisputed points in date order, and a circle per
  point; disputed points are hollow (stroke only) and left out of the line, so a series of one
  point still shows it. Each circle has a ``<title>`` tooltip, "2025-06: 70.2 % — TrendForce"
  (the date, ``format_value(value)``, the point's title; with two or more series the series
  label first, and " (disputed)" last when it is), and is wrapped in ``<a xlink:href>`` when
  the point has an href;
* themed: series take colours from a fixed palette (Okabe–Ito colours with at least 3:1
  contrast on white and on Material's dark slate) and dash patterns, so colour is never the
  only cue; text, axes and gridlines use ``currentColor``, so the chart reads in light and dark
  themes. A legend follows when there are two or more series.

Every text (title, description, labels, tooltips, hrefs) is HTML-escaped, with the control
characters XML forbids removed, and an href whose scheme is not http, https or mailto
(``javascript:`` and the like) is dropped: contributor text is untrusted. The output is
deterministic, and no number in it has more than one decimal. Values must be finite numbers
within ±1e300 (``ValueError`` otherwise).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date as calendar_date
from decimal import Decimal
from fractions import Fraction
from html import escape as html_escape

from .model import Date

WIDTH = 600
FONT_SIZE = 18
EDGE = 4  # around the drawing
PLOT_RIGHT = WIDTH - EDGE
PLOT_TOP, PLOT_BOTTOM = 20, 270
MAX_GUTTER = WIDTH * 0.4  # for the value labels, left of the plot
INSET = 24  # between the plot's edges and the first and last dates, for markers and labels
X_LABEL_BASELINE = PLOT_BOTTOM + 26
HEIGHT = X_LABEL_BASELINE + 14
LEGEND_ROW = 28
# A legend entry's sample line: long enough that a dash pattern shows a whole period on each
# side of the marker (with more than four series two share a colour and differ by dashes).
LEGEND_SAMPLE = 44
MARKER_RADIUS = 5
MAX_YEAR_TICKS = 7
TARGET_VALUE_INTERVALS = 5
NICE_MANTISSAS = tuple(Decimal(m) for m in ("1", "2", "2.5", "5", "10"))
LEGEND_LABEL_LIMIT = 40
MAX_MAGNITUDE = 1e300  # so that the ticks around every value stay finite floats
MIN_SPAN = 1e-300  # a smaller range of values is drawn as if it were 0 to 1

# Okabe–Ito blue, vermillion, bluish green and reddish purple: each has 3:1 contrast or more
# on white and on Material's slate background (#1e2129).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7")
DASHES = ("", "9 5", "2 4")
SAFE_SCHEMES = ("http", "https", "mailto")
_ID_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")  # what browsers strip or skip in a URL
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Point:
    date: Date
    value: float
    href: str | None = None  # link target, such as "#fn:3"
    title: str = ""  # tooltip text after the date and value, such as the source
    disputed: bool = False


@dataclass(frozen=True)
class Series:
    label: str
    unit: str
    points: Sequence[Point]


@dataclass(frozen=True)
class _Style:
    color: str
    dash: str


@dataclass(frozen=True)
class _Frame:
    """The ranges of the data and where they land in the plot."""

    first_day: int  # proleptic Gregorian ordinals
    last_day: int
    low: float
    high: float
    left: float  # the plot's left edge, right of the value labels

    def x(self, when: Date) -> float:
        share = (_ordinal(when) - self.first_day) / (self.last_day - self.first_day)
        return self.left + INSET + share * (PLOT_RIGHT - self.left - 2 * INSET)

    def x_of_year(self, year: int) -> float:
        return self.x(Date(year))

    def y(self, value: float) -> float:
        share = (value - self.low) / (self.high - self.low)
        return PLOT_BOTTOM - share * (PLOT_BOTTOM - PLOT_TOP)


def line_chart(
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    format_value: Callable[[float], str],
    id_prefix: str,
    disputed_label: str = "disputed",
) -> str:
    """The chart as one ``<svg>`` element; "" when there is no point to draw."""
    _check_id_prefix(id_prefix)
    drawn = [one for one in series if one.points]
    if not drawn:
        return ""
    points = [point for one in drawn for point in one.points]
    _check_values(points)
    ticks = value_ticks([point.value for point in points])
    labels = [format_value(tick) for tick in ticks]
    first_day, last_day = time_range([point.date for point in points])
    frame = _Frame(first_day, last_day, ticks[0], ticks[-1], _gutter(labels))
    legend, legend_height = _legend(drawn) if len(drawn) > 1 else ("", 0)
    body = [
        _value_grid(frame, ticks, labels),
        _time_axis(frame),
        *(
            _series(one, _style(index), frame, format_value, len(drawn) > 1, disputed_label)
            for index, one in enumerate(drawn)
        ),
        legend,
    ]
    return _svg(id_prefix, title, description, HEIGHT + legend_height, "".join(body))


# --- scales ------------------------------------------------------------------------------


def value_ticks(values: Sequence[float]) -> list[float]:
    """Nice ticks (1, 2, 2.5 or 5 × 10ⁿ apart) from at most 0 to at least every value."""
    low, high = min(0.0, *values), max(0.0, *values)
    if high - low < MIN_SPAN:  # all zero, or too close to it for floats to step through
        high = low + 1.0
    step = _nice_step((Fraction(high) - Fraction(low)) / TARGET_VALUE_INTERVALS)
    first = math.floor(Fraction(low) / Fraction(step))
    last = math.ceil(Fraction(high) / Fraction(step))
    return [float(step * index) for index in range(first, last + 1)]


def _nice_step(rough: Fraction) -> Decimal:
    """The smallest step of 1, 2, 2.5 or 5 × 10ⁿ that is at least ``rough`` (exact)."""
    exponent = (Decimal(rough.numerator) / Decimal(rough.denominator)).adjusted()
    for mantissa in NICE_MANTISSAS:
        step = mantissa.scaleb(exponent)
        if Fraction(step) >= rough:
            return step
    return Decimal(10).scaleb(exponent)  # unreachable: 10 × 10^exponent exceeds rough


def time_range(dates: Sequence[Date]) -> tuple[int, int]:
    """First and last day shown (ordinals): the dates' span, widened to whole years when it
    holds fewer than two 1 Januaries."""
    first, last = min(map(_ordinal, dates)), max(map(_ordinal, dates))
    first_year, last_year = _years_within(first, last)
    if last_year - first_year >= 1:
        return first, last
    return _ordinal(Date(_calendar(first).year)), _ordinal(Date(_calendar(last).year + 1))


def year_ticks(first_day: int, last_day: int) -> list[int]:
    """The years whose 1 January falls in the range, every 1, 2, 5, 10… years: the smallest
    step that gives at most MAX_YEAR_TICKS."""
    first_year, last_year = _years_within(first_day, last_day)
    for step in _year_steps():
        years = list(range(-(-first_year // step) * step, last_year + 1, step))
        if len(years) <= MAX_YEAR_TICKS:
            return years
    return []  # unreachable: a step of 10 000 years leaves at most one


def _year_steps() -> Iterator[int]:
    for power in range(5):
        yield from (step * 10**power for step in (1, 2, 5))


def _years_within(first_day: int, last_day: int) -> tuple[int, int]:
    start = _calendar(first_day)
    first_year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    return first_year, _calendar(last_day).year


def _ordinal(when: Date) -> int:
    day = when.first_day()
    return calendar_date(day.year, day.month, day.day).toordinal()


def _calendar(ordinal: int) -> calendar_date:
    return calendar_date.fromordinal(ordinal)


# --- drawing -----------------------------------------------------------------------------


def _svg(id_prefix: str, title: str, description: str, height: int, body: str) -> str:
    # A chart whose points are links is a figure (an image may not hold links); links
    # use xlink:href, which Material's instant navigation leaves alone (it cannot set an
    # SVG link's href and stops with an error).
    role = "figure" if "<a " in body else "img"
    return (
        f'<svg class="semikb-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="{role}" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" font-size="{FONT_SIZE}" '
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        f'<title id="{id_prefix}-title">{_escape(title)}</title>'
        f'<desc id="{id_prefix}-desc">{_escape(description)}</desc>'
        f"{body}</svg>"
    )


def _gutter(labels: Sequence[str]) -> float:
    """The plot's left edge: room for the widest value label, within MAX_GUTTER."""
    return EDGE + min(max(map(_text_width, labels)) + 8, MAX_GUTTER)


def _value_grid(frame: _Frame, ticks: Sequence[float], labels: Sequence[str]) -> str:
    parts = []
    for tick, label in zip(ticks, labels, strict=True):
        y = frame.y(tick)
        opacity = "0.6" if tick == 0 else "0.2"
        parts.append(
            f'<line x1="{_num(frame.left)}" y1="{_num(y)}" x2="{PLOT_RIGHT}" y2="{_num(y)}" '
            f'stroke="currentColor" stroke-opacity="{opacity}"/>'
            f'<text x="{_num(frame.left - 8)}" y="{_num(y + 6)}" text-anchor="end">'
            f"{_escape(label)}</text>"
        )
    return f'<g class="semikb-chart-y" fill="currentColor">{"".join(parts)}</g>'


def _time_axis(frame: _Frame) -> str:
    parts = []
    for year in year_ticks(frame.first_day, frame.last_day):
        x = _num(frame.x_of_year(year))
        parts.append(
            f'<line x1="{x}" y1="{PLOT_BOTTOM}" x2="{x}" y2="{PLOT_BOTTOM + 6}" '
            'stroke="currentColor"/>'
            f'<text x="{x}" y="{X_LABEL_BASELINE}" text-anchor="middle">{year}</text>'
        )
    return f'<g class="semikb-chart-x" fill="currentColor">{"".join(parts)}</g>'


def _series(
    series: Series,
    style: _Style,
    frame: _Frame,
    format_value: Callable[[float], str],
    named: bool,
    disputed_label: str,
) -> str:
    points = sorted(series.points, key=lambda point: point.date.first_day())
    prefix = f"{series.label}, " if named else ""
    markers = "".join(
        _marker(point, style, frame, prefix + _tooltip(point, format_value, disputed_label))
        for point in points
    )
    line = _polyline([point for point in points if not point.disputed], style, frame)
    return f'<g class="semikb-chart-series" data-unit="{_escape(series.unit)}">{line}{markers}</g>'


def _polyline(points: Sequence[Point], style: _Style, frame: _Frame) -> str:
    if len(points) < 2:
        return ""
    coordinates = " ".join(f"{_num(frame.x(p.date))},{_num(frame.y(p.value))}" for p in points)
    return (
        f'<polyline class="semikb-chart-line" points="{coordinates}" fill="none" '
        f'stroke="{style.color}" stroke-width="2.5"{_dash(style)} '
        'stroke-linejoin="round" stroke-linecap="round"/>'
    )


def _marker(point: Point, style: _Style, frame: _Frame, tooltip: str) -> str:
    if point.disputed:
        look = 'class="semikb-chart-point semikb-chart-disputed" fill="none" pointer-events="all"'
    else:
        look = f'class="semikb-chart-point" fill="{style.color}"'
    circle = (
        f'<circle {look} cx="{_num(frame.x(point.date))}" cy="{_num(frame.y(point.value))}" '
        f'r="{MARKER_RADIUS}" stroke="{style.color}" stroke-width="2">'
        f"<title>{_escape(tooltip)}</title></circle>"
    )
    href = _safe_href(point.href)
    return f'<a xlink:href="{_escape(href)}">{circle}</a>' if href is not None else circle


def _tooltip(point: Point, format_value: Callable[[float], str], disputed_label: str) -> str:
    text = f"{point.date.iso()}: {format_value(point.value)}"
    if point.title:
        text += f" — {point.title}"
    if point.disputed:
        text += f" ({disputed_label})"
    return text


def _legend(series: Sequence[Series]) -> tuple[str, int]:
    """The legend below the time axis, in rows that fit the width, and its height."""
    entries: list[str] = []
    x: float = EDGE
    row = 0
    for index, one in enumerate(series):
        label = _shorten(one.label)
        width = LEGEND_SAMPLE + 8 + _text_width(label)
        if x > EDGE and x + width > PLOT_RIGHT:
            x, row = EDGE, row + 1
        entries.append(_legend_entry(label, _style(index), x, HEIGHT + LEGEND_ROW * row + 14))
        x += width + 24
    legend = f'<g class="semikb-chart-legend" fill="currentColor">{"".join(entries)}</g>'
    return legend, LEGEND_ROW * (row + 1)


def _legend_entry(label: str, style: _Style, x: float, y: float) -> str:
    return (
        f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + LEGEND_SAMPLE)}" y2="{_num(y)}" '
        f'stroke="{style.color}" stroke-width="2.5"{_dash(style)}/>'
        f'<circle cx="{_num(x + LEGEND_SAMPLE / 2)}" cy="{_num(y)}" r="{MARKER_RADIUS}" '
        f'fill="{style.color}"/>'
        f'<text x="{_num(x + LEGEND_SAMPLE + 8)}" y="{_num(y + 6)}">{_escape(label)}</text>'
    )


# --- small pieces ------------------------------------------------------------------------


def _style(index: int) -> _Style:
    return _Style(PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)])


def _dash(style: _Style) -> str:
    return f' stroke-dasharray="{style.dash}"' if style.dash else ""


def _num(value: float) -> str:
    """A coordinate with at most one decimal, and none when it is whole."""
    text = f"{value:.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _escape(text: str) -> str:
    """Text safe in an element or attribute: escaped, without characters XML forbids."""
    return html_escape(_NOT_XML.sub("", text), quote=True)


def _shorten(text: str) -> str:
    return text if len(text) <= LEGEND_LABEL_LIMIT else text[: LEGEND_LABEL_LIMIT - 1] + "…"


def _text_width(text: str) -> float:
    """An estimate: wide (CJK) characters take a whole em, others 0.6 em."""
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    return FONT_SIZE * (wide + 0.6 * (len(text) - wide))


def _safe_href(href: str | None) -> str | None:
    """The href, unless it names a scheme that could run code (``javascript:``, ``data:``)."""
    if not href:
        return None
    scheme = _SCHEME.match(_URL_IGNORED.sub("", href))
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    return href


def _check_id_prefix(id_prefix: str) -> None:
    if not _ID_PREFIX.fullmatch(id_prefix):
        raise ValueError(
            f"id prefix {id_prefix!r} must be a letter then letters, digits, '-' or '_'"
        )


def _check_values(points: Sequence[Point]) -> None:
    for point in points:
        if not abs(point.value) <= MAX_MAGNITUDE:  # also refuses NaN
            raise ValueError(
                f"cannot chart {point.value!r} at {point.date}: "
                f"not a finite number within ±{MAX_MAGNITUDE:g}"
            )
