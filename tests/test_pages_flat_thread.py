"""The flat-thread addressing pattern of page_formats.json: which opening lines address a person."""
import pytest

from threadkb.parse.pages import _formats


@pytest.mark.parametrize("line, login", [
    ("@alice: how about keeping the old method?", "alice"),
    ("Hi @bob-smith, could you rebase?", "bob-smith"),
    ("Thanks @carol, that helps.", "carol"),
    ("Dear @dave_1 I disagree.", "dave_1"),
    ("I agree with @erin on this.", None),  # a mention later in the line refers to them, not to whom it speaks
    ("email me at x@example.org", None),
])
def test_addressed_opener(line, login):
    m = _formats()["flat_thread"]["addressed_opener"].match(line)
    assert (m.group(1) if m else None) == login
