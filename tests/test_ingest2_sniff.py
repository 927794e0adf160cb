"""Text pages holding a few inline HTML tags stay text; HTML archives and attachments are still HTML.

Class: GitHub issue/PR text copied from the page or an API body, Bugzilla comments and mails that hold a literal
``<br>`` or ``<p>`` (the uspki/policies comment template: "NSA <br>**Section:** 4.9.10 <br>..."). Before: one
such tag made the file HTML; flattened, the page lost its repository line, so its bare section numbers went to
the BRs instead of the repository's own document. Now a file is HTML when it is an HTML document (doctype,
<html>, <head>, <body>), opens with a tag (Gmail/Outlook attachments: '<div dir="ltr">'), or most of its
non-blank lines hold a tag.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from threadkb.ingest.text import sniff
from threadkb.pipeline import extract_paths

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"

# real text: uspki/policies comment template (citereal rows; GitHub issue bodies of 2017)
USPKI = """uspki/policies · issue #1 · open
# Section {section}

alice · description · 2017-11-07
**Organization / Program:** NSA <br>**Section:** {section} <br>**PDF Page:** 43<br>**PDF Line(s):** 989-991<br>**Comment:** {comment}
"""
ROWS = [("4.9.10", "If the CRL has a nextUpdate of 7 days, why is the OCSP response good for 10 days?"),
        ("5.4.2", "Given the existence of tools, it seems odd that we don't require all logs to be reviewed."),
        ("5.2.3", "the only requirement is for a 'unique credential'?"),
        ("6.1.4", "why is it not listed as an acceptable method for Root CA certificate delivery?")]

TEXT_PAGES = {
    "github-br": USPKI.format(section="4.9.10", comment="why 10 days?"),
    "github-br-slash": "cabforum/servercert · issue #9 · open\n# CRL reasons\n\nbob · description · 2023-01-02\n"
                       "Step 1<br/>Step 2<br />Step 3\n\nSee 7.2.2 of the BRs.\n",
    "github-p-details": "mozilla/pkipolicy · pull request #3 · open\n# Audit letters\n\ncarol · comment · 2022-05-01\n"
                        "Proposed text:\n<p>The CA MUST provide the audit letter.</p>\n\nThanks,\ncarol\n\n"
                        "dave · comment · 2022-05-02\nLooks good to me.\n",
    "bugzilla": "Bug 1234567 - Example CA: delayed revocation\n\nAlvin Wang (Comment 1) 2025-10-09 08:13 PDT\n"
                "Timeline:<br>2025-10-01 found<br>2025-10-02 revoked\n\nWe will update the CPS.\n",
    "mail": "From: Ann Lee <ann@example.com>\nSubject: Re: tags in mail\n\nThe form turns newlines into <br> tags,\n"
            "which is why the report looked odd.\n\nAnn\n",
}

HTML_PAGES = {
    "gmail-fragment": '<div dir="ltr">To be clear, I think this is fine.<br><div><br></div>'
                      '<div class="gmail_quote">On Mon, Ann wrote:<br><blockquote>old</blockquote></div></div>\n',
    "doctype": "<!DOCTYPE html>\n<html>\n<head><title>x</title></head>\n<body><p>Hello</p></body></html>\n",
    "body-late": "Saved page\n<body>\n<p>Hello</p>\n</body>\n",
    "mostly-tagged": "Archive copy\n<p>First paragraph.</p>\n<p>Second paragraph.</p>\n<blockquote>quoted</blockquote>\n",
}


@pytest.mark.parametrize("name", sorted(TEXT_PAGES))
def test_pages_with_inline_tags_are_text(name):
    assert sniff("page.txt", TEXT_PAGES[name].encode()) == "text"


@pytest.mark.parametrize("name", sorted(HTML_PAGES))
def test_html_without_the_file_name_is_html(name):
    assert sniff("page.txt", HTML_PAGES[name].encode()) == "html"


@pytest.mark.parametrize("path", sorted(p.name for p in [*SHARED.glob("*.html"), *(ROOT / "tests" / "fixtures").rglob("*.html")]))
def test_real_html_archives_and_attachments_are_html_by_their_bytes(path):
    """Pipermail HTML, Gmail/Thunderbird/Outlook attachments, a saved Google Groups page: HTML without their name."""
    (full,) = [p for p in [*SHARED.glob("*.html"), *(ROOT / "tests" / "fixtures").rglob("*.html")] if p.name == path]
    assert sniff("saved-copy.txt", full.read_bytes()[:65536]) == "html"
    assert sniff(str(full), full.read_bytes()[:65536]) == "html"


@pytest.mark.parametrize(("section", "comment"), ROWS, ids=[r[0] for r in ROWS])
def test_github_page_with_br_keeps_its_repository_and_home_document(tmp_path, section, comment):
    path = tmp_path / "issue.txt"
    path.write_text(USPKI.format(section=section, comment=comment), encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert ex.thread.list_name == "GitHub uspki/policies"
    assert [m.author for m in ex.thread.messages] == ["alice"]
    assert [(c.document, c.section) for c in ex.citations] == [("CPS", section)]


def test_github_pr_with_a_tagged_line_keeps_its_two_comments(tmp_path):
    path = tmp_path / "pr.txt"
    path.write_text(TEXT_PAGES["github-p-details"], encoding="utf-8")
    (ex,) = extract_paths([str(path)])
    assert [m.author for m in ex.thread.messages] == ["carol", "dave"]
