"""Text into Markdown: the small helpers the renderer and templates use."""

from __future__ import annotations

import pytest

from semikb.markdown import url_title


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("https://ko.wikipedia.org/wiki/%EB%9D%BC%ED%94%BC%EB%8D%94%EC%8A%A4", "라피더스"),
        ("https://en.wikipedia.org/wiki/Rapidus_(company)", "Rapidus (company)"),
        ("https://en.wikipedia.org/wiki/Plaza_Accord/", "Plaza Accord"),
        ("https://example.org/", "https://example.org/"),  # no title to show: the address
    ],
)
def test_a_wiki_address_reads_as_its_page_title(url, title):
    assert url_title(url) == title
