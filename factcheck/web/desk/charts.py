"""Geometry of the report charts, drawn as SVG by the templates (pure functions, no chart library)."""

from dataclasses import dataclass

from factcheck.web.context import rating_label

BAR_WIDTH = 480  # viewBox units of the bar charts, about their width on screen so text keeps its size
LABEL_WIDTH = 150
COLUMN_WIDTH = 960  # the month chart spans the card
ROW_HEIGHT = 26
BAR_HEIGHT = 18
COLUMN_AREA = 200
WIDEST_COLUMN = 64  # a few months stay columns, not slabs across the card


@dataclass(frozen=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str
    count: int


@dataclass(frozen=True)
class Bar:
    label: str
    total: int
    y: float
    x: float
    segments: list[Segment]
    centre: float = 0.0  # where a column's label goes


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (position, value)


def _nice_maximum(value: int) -> int:
    """A round number at or above `value` that splits into four whole ticks (4, 8, 12, 16, 20, 24, 40 … 120, 160 …)."""
    if value <= 4:
        return 4
    step = 1
    while True:
        for factor in (4, 8, 12, 16, 20, 24, 28, 32, 40, 48, 60, 80):
            if step * factor >= value:
                return step * factor
        step *= 10


def _ticks(maximum: int) -> list[int]:
    return [maximum * n // 4 for n in range(5)]


def stacked_rows(groups, ratings) -> Chart:
    """Horizontal bars, one per group, cut into a segment per rating (scale order), lengths to one scale."""
    largest = _nice_maximum(max((total for _, _, total in groups), default=1) or 1)
    span = BAR_WIDTH - LABEL_WIDTH - 40
    bars = []
    for row, (label, counts, total) in enumerate(groups):
        y = 10 + row * ROW_HEIGHT
        x, segments = float(LABEL_WIDTH), []
        for rating in ratings:
            count = counts.get(rating.key, 0)
            if count:
                width = span * count / largest
                segments.append(Segment(x, y, width, BAR_HEIGHT, rating.colour, rating_label(rating), count))
                x += width
        bars.append(Bar(str(label), total, y, x, segments))
    height = 10 + len(groups) * ROW_HEIGHT + 24
    ticks = [(LABEL_WIDTH + span * value / largest, value) for value in _ticks(largest)]
    return Chart(BAR_WIDTH, height, bars, ticks)


def stacked_columns(groups, ratings) -> Chart:
    """Vertical columns, one per group (months, oldest first), stacked by rating from the bottom."""
    largest = _nice_maximum(max((total for _, _, total in groups), default=1) or 1)
    left, top = 48, 12
    slot = (COLUMN_WIDTH - left - 24) / max(len(groups), 1)
    width = max(min(slot * 0.72, WIDEST_COLUMN), 1.0)
    bars = []
    for index, (label, counts, total) in enumerate(groups):
        x = left + index * slot + (slot - width) / 2
        y, segments = float(top + COLUMN_AREA), []
        for rating in ratings:
            count = counts.get(rating.key, 0)
            if count:
                height = COLUMN_AREA * count / largest
                y -= height
                segments.append(Segment(x, y, width, height, rating.colour, rating_label(rating), count))
        bars.append(Bar(str(label), total, y, x, segments, x + width / 2))
    ticks = [(top + COLUMN_AREA - COLUMN_AREA * value / largest, value) for value in _ticks(largest)]
    return Chart(COLUMN_WIDTH, top + COLUMN_AREA + 40, bars, ticks)
