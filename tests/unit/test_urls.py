"""URL normalisation: one source, one URL."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.services.text.urls import InvalidUrl, normalise_url


@pytest.mark.parametrize("given_url,expected", [
    ("HTTPS://Example.COM/Path", "https://example.com/Path"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("https://example.com/a/#section", "https://example.com/a"),
    ("https://example.com/a?utm_source=x&id=3&UTM_Medium=y", "https://example.com/a?id=3"),
    ("https://example.com/a?fbclid=1&gclid=2", "https://example.com/a"),
    ("https://example.com", "https://example.com/"),
    ("  https://example.com/a/  ", "https://example.com/a"),
])
def test_normalise_url(given_url, expected):
    assert normalise_url(given_url) == expected


@pytest.mark.parametrize("bad", ["", "example.com", "ftp://example.com/x", "javascript:alert(1)",
                                 "https://", "https://exa mple.com/", "http://example.com:99999/"])
def test_invalid_urls_are_refused(bad):
    with pytest.raises(InvalidUrl):
        normalise_url(bad)


@given(st.sampled_from(["http", "https", "HTTP"]), st.from_regex(r"[a-z]{1,10}\.[a-z]{2,5}", fullmatch=True),
       st.from_regex(r"(/[a-z0-9]{1,8}){0,3}/?", fullmatch=True), st.sampled_from(["", "#x", "?utm_campaign=a"]))
def test_normalising_twice_changes_nothing(scheme, host, path, tail):
    once = normalise_url(f"{scheme}://{host.upper()}{path}{tail}")
    assert normalise_url(once) == once
