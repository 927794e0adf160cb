"""A citation inside a document quote (policy text a message quotes) belongs to no claim of the message's own text.

Class: a message quotes a document ("Has been replaced with:" and a ``>`` block of the policy; a reply quoting an
earlier message's quote of the BRs) that cites a section, and writes claims after it. The citation's offsets count
in the quoted document's text, the claims' in the message's own text: the store linked a claim to the citation when
the two ranges happened to overlap, so ``query claims --section`` listed a sentence that cites nothing
(011: Wayne Thayer's "You can view a comparison of all the changes at <URL>" as citing BR 4.9.1.1; the reference
thread: Matt Palmer's "... again, doesn't appear to be a BR violation" as citing RFC 5280), while ``extract`` said
it cites nothing. The knowledge base now links a claim to exactly the citations ``extract`` gives it.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from threadkb import cli, pipeline
from threadkb.kb import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"

MAIL = """From alice@example.com Mon Oct  6 10:00:00 2025
From: Alice <alice@example.com>
Subject: Revocation guidance changed
Date: Mon, 6 Oct 2025 10:00:00 +0000
Message-ID: <a1@example.com>

I just made some changes to the revocation section of our guidance.

The paragraph now reads:

> It is our position that your CA is ultimately responsible for deciding if
> the harm caused by following the requirements of {cite} outweighs the
> risks created by choosing not to meet this requirement.

{after}

- Alice
"""

# (file or constructed text, the start of a claim, the sections the knowledge base gives it)
ROWS = [
    ("011_mdsp-mailarchive-thayer-revocation-guidance-br-4911.txt", "You can view a comparison", []),
    ("011_mdsp-mailarchive-thayer-revocation-guidance-br-4911.txt", "Additions have also been made", []),
    ("mdsp-2025-10-sheca-api-keys.txt", "... again, doesn't appear to be a BR violation", []),
    ("mdsp-2025-10-sheca-api-keys.txt", "SHECA believes that 4.9.1.1 point 4", ["BR 4.9.1.1 item 4"]),
    (MAIL.format(cite="BR section 4.9.1.1",
                 after="Additions have also been made to our expectations when a CA does not revoke on time."),
     "Additions have also been made", []),
    (MAIL.format(cite="section 4.9.1.1 of the BRs",
                 after="You can view a comparison of all the changes on the wiki page of the guidance."),
     "You can view a comparison", []),
    (MAIL.format(cite="RFC 5280",
                 after="We will publish the final text of this paragraph within 30 days of this message."),
     "We will publish the final text", []),
    (MAIL.format(cite="BR section 4.9.1.1",
                 after="This follows BR 4.9.1.3 and we will update the wiki page accordingly."),
     "This follows BR 4.9.1.3", ["BR 4.9.1.3"]),
]


def _path(tmp_path: Path, source: str, n: int) -> Path:
    if "\n" not in source:
        return CORPORA / source
    path = tmp_path / f"constructed{n}.mbox"
    path.write_text(source, encoding="utf-8")
    return path


@pytest.mark.parametrize("n", range(len(ROWS)))
def test_claim_cites_no_section_of_a_document_quote(tmp_path, n):
    source, start, sections = ROWS[n]
    path = _path(tmp_path, source, n)
    db = tmp_path / "kb.sqlite"
    assert cli.main(["ingest", "--quiet", "--db", str(db), str(path)]) == 0
    with KnowledgeBase(db) as kb:
        rows = kb.db.execute("SELECT id, text FROM claims").fetchall()
        ids = [cid for cid, text in rows if text.startswith(start)]
        assert len(ids) == 1, [text[:40] for _, text in rows]
        assert kb._claim_sections(ids).get(ids[0], []) == sections


@pytest.mark.parametrize("n", [0, 2, 4, 5, 6, 7])
def test_kb_links_the_citations_extract_gives(tmp_path, n):
    """Every claim's sections in the knowledge base are those of ``extract`` (one reading, two outputs)."""
    path = _path(tmp_path, ROWS[n][0], n)
    [ex] = pipeline.extract_paths([str(path)])
    by_text = {}
    cits = {c.id: c for c in ex.citations}
    for c in ex.claims:
        by_text[c.text] = sorted({f"{cits[i].document} {cits[i].section}" + (f" item {cits[i].item}" if cits[i].item
                                  else "") for i in c.citations if i in cits})
    db = tmp_path / "kb.sqlite"
    assert cli.main(["ingest", "--quiet", "--db", str(db), str(path)]) == 0
    with KnowledgeBase(db) as kb:
        rows = kb.db.execute("SELECT id, text FROM claims").fetchall()
        stored = kb._claim_sections([cid for cid, _ in rows])
        got = {text: sorted(stored.get(cid, [])) for cid, text in rows if text in by_text}
    assert got and got == {t: by_text[t] for t in got}
