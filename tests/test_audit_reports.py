"""The Markdown report shows thread text as written (session-9 audit): a reader of the rendered .md sees the
characters of the thread, never markup or an entity the thread spelled out. `&amp;`, `&lt;script&gt;`,
`&copy;` written in a message were rendered as "&", "<script>", "©"."""
from __future__ import annotations

import html
import re

import pytest

from threadkb.report.markdown import md

markdown_it = pytest.importorskip("markdown_it")
RENDER = markdown_it.MarkdownIt("commonmark").enable("table").enable("strikethrough")

TEXTS = [
    "AT&amp;T said &lt;b&gt; and &#x3C;script&#x3E; &copy; &#169;",
    "Hello <script>alert(1)</script> [click](javascript:alert(2)) <img src=x onerror=alert(4)>",
    "a | b ~~strike~~ *em* _em_ **strong** `code` ![img](http://evil.example/x.png)",
    "# not a heading", "1. not a list", "- not an item", "<https://x.example>", "back\\slash \\* \\&",
    "&", "&&", "&;", "a&b", "&#0;", "&#xZZ;", "R&D &nbsp; spaces",
]


@pytest.mark.parametrize("text", TEXTS)
def test_inline_markdown_renders_to_the_text_as_written(text):
    rendered = RENDER.renderInline(md(text))
    assert not re.search(r"<[a-z/!]", rendered), rendered  # no element, comment or link made of thread text
    assert html.unescape(rendered) == text
