"""An attribution line with markup in the name is an attribution, not a claim.

Class of input: an attribution rendered from HTML or Markdown (Google Groups, GitHub, a pasted mail) keeps emphasis,
tags, links, entities or a masked address around the name ("*Name* wrote:", "**Name** <addr> wrote:", "On …,
<b>Name</b> wrote:", "[Name](mailto:addr) wrote:", "<strong>Name</strong> &lt;addr&gt; wrote:", "Name ***@***.***>
wrote:", "@alice wrote:"). Before, such a line was left in own text (or taken into the signature), the quoted
message lost its author, and the line could become a claim ("On Mon, Oct 6, 2025, Alice <script>alert(1)</script>
wrote:" was an assertion that answered Alice's question, usertest14). Parse: the rows match the line as a reader sees
it (attributions.json ``markup``); claim stage: a sentence that is an attribution row is a hard skip ("skip:
attribution line"). Every input line still lands in exactly one place (tests/line_accounting.py). Real corpus
attribution lines (028, the reference thread) with markup added, and constructed ones.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from line_accounting import parsed_accounted
from threadkb.extract import claims
from threadkb.ingest import ingest
from threadkb.parse import parse
from threadkb.parse.attribution import is_attribution_line

REPLY = "Hi Alice,\n\nI disagree: the audit covers the subCA and it was delivered on time.\n\nBob\n\n"
QUOTED = "\n\n> Can you confirm the scope of the audit?\n> The audit was late by three months.\n"


@pytest.mark.parametrize("line, author, email", [
    ("On Mon, Oct 6, 2025 at 10:00 AM Alice Smith <alice@example.org> wrote:", "Alice Smith", "alice@example.org"),
    ("*Alice Smith* wrote:", "Alice Smith", None),
    ("_Alice Smith_ wrote:", "Alice Smith", None),
    ("**Alice Smith** <alice@example.org> wrote:", "Alice Smith", "alice@example.org"),
    ("**Alice Smith wrote:**", "Alice Smith", None),
    ("On Mon, Oct 6, 2025 at 10:00 AM *Alice Smith* <alice@example.org> wrote:", "Alice Smith", "alice@example.org"),
    ("On Mon, Oct 6, 2025, Alice <script>alert(1)</script> wrote:", "Alice", None),
    ("On Monday, October 6, 2025 at 10:00:00 AM UTC+8 <b>Alice Smith</b> wrote:", "Alice Smith", None),
    ("On Monday, October 6, 2025 at 10:00:00 AM UTC+8 [Alice Smith](mailto:alice@example.org) wrote:", "Alice Smith",
     "alice@example.org"),
    ("On Mon, Oct 6, 2025 at 10:00 AM Alice Smith <[alice@example.org](mailto:alice@example.org)> wrote:",
     "Alice Smith", "alice@example.org"),
    ("On Mon, Oct 6, 2025 at 10:00 AM <a href=\"mailto:alice@example.org\">Alice Smith</a> wrote:", "Alice Smith",
     "alice@example.org"),
    ("<strong>Alice Smith</strong> &lt;alice@example.org&gt; wrote:", "Alice Smith", "alice@example.org"),
    ("On Mon, Oct 6, 2025 at 10:00 AM Alice Smith ***@***.***> wrote:", "Alice Smith", None),
    ("[Alice Smith](https://github.com/alice) wrote:", "Alice Smith", None),
    ("@alice wrote:", "alice", None),
    ("**alice** wrote:", "alice", None),
])
def test_markup_attribution_names_the_quoted_author(tmp_path, line, author, email):
    thread = parsed_accounted(tmp_path, REPLY + line + QUOTED)  # every line in exactly one place
    assert [(m.author, m.email) for m in thread.messages] == [("Bob", None), (author, email)]
    assert line not in "\n".join(t.text for m in thread.messages for t in m.lines)
    assert is_attribution_line(line)
    assert claims.classify(line).cue == "skip: attribution line"


@pytest.mark.parametrize("line", [  # prose that ends like an attribution: claims as before
    "This is what the CA wrote:",
    "On the whole, the CA wrote:",
    "The audit is late and the scope is what I said:",
    "*Note* the audit was late:",
    "**Important:**",
])
def test_prose_is_no_attribution(line):
    assert not is_attribution_line(line)
    assert claims.classify(line).cue != "skip: attribution line"


def _authors(path: Path) -> list[tuple[str | None, str | None]]:
    (src,) = ingest(str(path))
    return [(m.author, m.email) for m in parse(src).messages]


@pytest.mark.parametrize("corpus, name, marked", [
    ("corpora/028_mdsp-mailarchive-sheca-api-users-inspection-alvin.txt", "Alvin Wang", "**Alvin Wang**"),
    ("corpora/028_mdsp-mailarchive-sheca-api-users-inspection-alvin.txt", "Alvin Wang", "<b>Alvin Wang</b>"),
    ("corpora/mdsp-2025-10-sheca-api-keys.txt", "Arabella Barks", "*Arabella Barks*"),
    ("corpora/mdsp-2025-10-sheca-api-keys.txt", "Matt Palmer", "[Matt Palmer](mailto:matt@example.org)"),
    ("corpora/mdsp-2025-10-sheca-api-keys.txt", "Linh Bach Quang", "<strong>Linh Bach Quang</strong>"),
])
def test_corpus_attributions_with_markup_parse_as_without(tmp_path, corpus, name, marked):
    text = Path(corpus).read_text(encoding="utf-8")
    assert f"{name} wrote:" in text
    marked_text = text.replace(f"{name} wrote:", f"{marked} wrote:")
    thread = parsed_accounted(tmp_path, marked_text, Path(corpus).name)
    expected = _authors(Path(corpus))
    got = [(m.author, m.email) for m in thread.messages]
    if "mailto:" in marked:  # the link gives the address the plain line did not
        expected = [(a, "matt@example.org" if a == name else e) for a, e in expected]
    assert got == expected


def test_hostile_attribution_is_no_claim(tmp_path):
    """usertest14's thread: the line was an assertion of the replier that answered Alice's question."""
    from threadkb.pipeline import extract_paths
    path = tmp_path / "t.txt"
    path.write_text(REPLY + "On Mon, Oct 6, 2025, Alice <script>alert(1)</script> wrote:" + QUOTED, encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert [c.text for c in ex.claims if "wrote" in c.text] == []
    assert {c.speaker for c in ex.claims} <= {"Bob", "Alice"}
