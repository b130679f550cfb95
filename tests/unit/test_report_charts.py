"""Report chart geometry: bars to one scale, segments in scale order, axes ending on round numbers."""

from types import SimpleNamespace

from factcheck.web.desk.charts import LABEL_WIDTH, WIDEST_COLUMN, stacked_columns, stacked_rows

RATINGS = [SimpleNamespace(key="true", label="True", colour="#1a7f37"),
           SimpleNamespace(key="false", label="False", colour="#cf222e")]


def test_bars_share_one_scale_and_segments_follow_the_rating_scale():
    chart = stacked_rows([("A", {"false": 30, "true": 10}, 40), ("B", {"true": 20}, 20)], RATINGS)
    first, second = chart.bars
    assert [s.label for s in first.segments] == ["True", "False"]
    assert first.segments[0].x == LABEL_WIDTH
    assert abs(first.segments[1].width - 3 * first.segments[0].width) < 1e-9
    assert abs(second.segments[0].width - 2 * first.segments[0].width) < 1e-9
    assert [value for _, value in chart.ticks] == [0, 10, 20, 30, 40]


def test_columns_stack_upwards_from_the_baseline():
    chart = stacked_columns([("2024-01", {"true": 1, "false": 3}, 4)], RATINGS)
    (bar,) = chart.bars
    bottom, top = bar.segments
    assert abs(bottom.y + bottom.height - (top.y + top.height) - top.height) < 1e-9 or bottom.y > top.y
    assert bar.centre == bottom.x + bottom.width / 2


def test_no_groups_draw_no_bars():
    assert stacked_rows([], RATINGS).bars == [] and stacked_columns([], RATINGS).bars == []


def test_a_few_months_are_columns_of_a_readable_width_centred_in_their_slots():
    one = stacked_columns([("2024-01", {"true": 1}, 1)], RATINGS).bars[0]
    assert one.segments[0].width == WIDEST_COLUMN and abs(one.centre - (48 + (960 - 48 - 24) / 2)) < 1e-9
    many = stacked_columns([(f"m{i}", {"true": 1}, 1) for i in range(40)], RATINGS).bars
    assert all(bar.segments[0].width < WIDEST_COLUMN for bar in many)
