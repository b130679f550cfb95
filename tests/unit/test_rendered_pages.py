"""The pages kept rendered stay within their byte budget, dropping the least recently used first."""

from factcheck.web.caching import RenderedPages


def page(size: int):
    return (b"x" * size, "text/html")


def test_the_least_recently_used_pages_go_first_once_the_budget_is_spent():
    pages = RenderedPages(budget=300)
    pages.put("a", page(100))
    pages.put("b", page(100))
    pages.put("c", page(100))
    assert pages.get("a") is not None  # now the most recently used

    pages.put("d", page(100))

    assert pages.get("b") is None
    assert [key for key in "acd" if pages.get(key) is not None] == ["a", "c", "d"]


def test_a_page_put_again_replaces_itself_and_a_page_over_the_budget_is_not_kept():
    pages = RenderedPages(budget=300)
    pages.put("a", page(200))
    pages.put("a", page(250))
    assert pages.get("a") == page(250)

    pages.put("huge", page(301))

    assert pages.get("huge") is None and pages.get("a") is None
