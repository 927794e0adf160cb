"""HTML ingest: exact text renderings of the corpus HTML attachments and of small client fixtures."""
from __future__ import annotations

import glob
import os

import pytest

from threadkb.ingest import ingest
from threadkb.ingest.html import render_html

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures", "html")


def corpus(num: str) -> str:
    found = glob.glob(os.path.join(ROOT, "corpora", f"{num}_*.html"))
    if not found:
        pytest.skip(f"corpus file {num} not present")
    return found[0]


CLINT_1 = ("> I may have missed something, but has there been a proposal to fully remove weak key checking "
           "requirements, or is this more in response to the question Ryan posed as to whether Forum participants "
           "feel such checks should be removed? I had understood the discussion to primarily have been centered "
           "on/specific to Debian weak keys, using the time since that vulnerability was disclosed as the main "
           "justification for considering such a removal.")

# (corpus number, expected lines (None: not checked), {line index: expected line}, hints, warnings)
CASES = [
    ("017", None, {
        0: "To be clear, I think this ballot does provide much-needed clarity, and in a vacuum am generally "
           "supportive of it (hence my earlier engagement and contributions to refine the phrasing in certain aspects).",
        1: "",
        3: "",
        4: "Thanks,",
        5: "Aaron",
        6: "",
        7: "On Thu, Jul 6, 2023 at 3:37 PM Clint Wilson <clintw@apple.com> wrote:",
        8: CLINT_1,
        9: ">",
        10: "> Since we currently have weak key checking requirements, can you help me understand in what ways "
            "this ballot doesn't provide the clarity you’re seeking?",
    }, {7: "attribution"}, []),
    ("018", None, {
        0: "On 10/10/2024 5:42 μ.μ., Ryan Dickson via Servercert-wg wrote:",
        1: "> Hi Yoshihiko,",
        2: ">",
        3: "> Thanks for clarifying your question.",
        5: "> In my opinion, as currently written, the phrase “direct contact\" is not well-defined by the TLS BRs.",
        11: "> Phone or Email:",
        12: "> - CA representative calls/emails the Registrar.",
        15: "> - The Registrar representative looks up the Domain Contact information by relying on its "
            "authoritative database / source of truth, and shares this with the CA representative.",
    }, {0: "attribution"}, []),
    ("019", None, {
        0: "Dear Members,",
        1: "",
        3: "* Issuing CRLs from all intermediate CAs becomes mandatory for all cases, regardless if these CAs "
           "issue \"short-lived\" Subscriber Certificates or not. This is not required today in the BRs but it "
           "is a requirement by at least two Root Store programs.",
        4: "* The current BRs state that if a CA that issues Subscriber Certificates, produces CRLs, they need "
           "to re-issue those CRLs at least once every 7 days. The ballot changes that frequency to 24 hours.",
        5: "",
        7: "",
        8: "The goal of issuing a CRL is to signal Relying Parties that a Subscriber Certificate should no longer "
           "be trusted. Issuance of that CRL should happen as soon as a certificate is marked \"revoked\" by the "
           "CA. With that said, even 24h seems to be a long time, considering that Apple implies (via their Root "
           "Store Policy) that they check for new CRLs every 4 hours.",
    }, {}, ["input ends inside an HTML tag (cut excerpt); the partial tag '<' was dropped"]),
    ("021", None, {
        0: "All,",
        1: "In 7.2.2, I might be able to edit the description of \"superseded\" to say,",
        2: "",
        4: "Thoughts? Would that suffice? Or would something more need to be done?",
        5: "Thanks,",
        6: "Ben",
        7: "",
        8: "On Wed, Feb 1, 2023 at 2:56 PM Corey Bonnell via Servercert-wg <servercert-wg@cabforum.org> wrote:",
    }, {8: "attribution"},
        ["input ends inside an HTML tag (cut excerpt); the partial tag "
         "'<blockquote class=\"gmail_quote\" style=\"m…' was dropped"]),
    ("057", ["Chunghwa Telecom votes YES on Ballot SC-067 V3"], {}, {}, []),
]


@pytest.mark.parametrize("num,lines,some,hints,warnings", CASES, ids=[c[0] for c in CASES])
def test_corpus_html(num, lines, some, hints, warnings):
    [src] = ingest(corpus(num))
    assert src.kind == "html"
    if lines is not None:
        assert src.lines == lines
    for i, expected in some.items():
        assert src.lines[i] == expected, i
    assert src.html_hints == hints
    assert src.warnings == warnings


def test_017_line_count_and_quote_levels():
    [src] = ingest(corpus("017"))
    assert len(src.lines) == 11
    assert [ln.startswith(">") for ln in src.lines] == [False] * 8 + [True] * 3


def test_021_word_paste_keeps_edit_marks_as_text():
    [src] = ingest(corpus("021"))
    assert len(src.lines) == 9  # the 20 source newlines inside one <div> collapse, as in a browser
    assert src.lines[3].startswith("Indicates that the Certificate Subscriber has requested a new Certificate "
                                   "to replace an existing Certificate, that the Certificate is being replaced "
                                   "because or the CA has reasonable evidence")
    assert "font-family" not in "\n".join(src.lines)


def test_057_big5_declared_utf8_stored_no_css():
    [src] = ingest(corpus("057"))
    assert src.encoding == "utf-8"
    text = "\n".join(src.lines)
    for absent in ("Font Definitions", "panose-1", "Microsoft Word 15", "新細明體", "mso-"):
        assert absent not in text


def test_real_big5_file_decoded_with_declared_charset(tmp_path):
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head>' \
           "<body><p>中華電信 votes YES</p></body></html>"
    path = tmp_path / "vote.html"
    path.write_bytes(html.encode("big5"))
    [src] = ingest(str(path))
    assert src.lines == ["中華電信 votes YES"]
    assert src.encoding == "big5"
    assert src.warnings == ["not valid UTF-8; decoded with the declared charset 'big5'"]


def test_pipermail_page():
    [src] = ingest(os.path.join(FIX, "pipermail-message.html"))
    assert src.lines == [
        "[Servercert-wg] Ballot SC-99: CRL reason codes",
        "",
        "Ben Wilson bwilson at mozilla.com",
        "Thu Nov 17 15:46:07 UTC 2022",
        "",
        "* Previous message (by thread): [Servercert-wg] Ballot SC-98",
        "* Next message (by thread): [Servercert-wg] Ballot SC-99: CRL reason codes",
        "* Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]",
        "",
        "Sounds good.  See https://github.com/cabforum/servercert/pull/405",
        "Ben",
        "",
        "On Wed, Nov 16, 2022 at 11:23 PM Dimitris Zacharopoulos (HARICA) <",
        "dzacharo at harica.gr> wrote:",
        "",
        "> I don't see it as \"superseding\" but differently \"presented\".",
        ">",
        ">     indented & kept",
        "",
        "* Previous message (by thread): [Servercert-wg] Ballot SC-98",
        "* Next message (by thread): [Servercert-wg] Ballot SC-99: CRL reason codes",
        "* Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]",
        "More information about the Servercert-wg mailing list",
    ]
    assert src.html_hints == {0: "header", 2: "header", 3: "header",
                              5: "boilerplate", 6: "boilerplate", 7: "boilerplate",
                              19: "boilerplate", 20: "boilerplate", 21: "boilerplate", 22: "boilerplate"}


def test_outlook_header_block_and_lists():
    [src] = ingest(os.path.join(FIX, "outlook-reply.html"))
    assert src.lines == [
        "Yes, your summary of the status is correct.",
        "",
        "-Tim",
        "",
        "From: Ryan Sleevi <sleevi@google.com>",
        "Sent: Thursday, August 30, 2018 9:32 PM",
        "To: Tim Hollebeek <tim.hollebeek@digicert.com>",
        "Subject: Re: [Servercert-wg] Ballot SC4 - email and CAA CONTACT",
        "",
        "I'm understanding that the diff is:",
        "3. Section 3.2.2.4.13",
        "4. Section 3.2.2.4.14",
        "  * sub point",
    ]
    assert src.html_hints == {4: "header", 5: "header", 6: "header", 7: "header"}


@pytest.mark.parametrize("html,lines,hints", [
    # Gmail: nested gmail_quote, attribution at each level
    ('<div dir="ltr">Agreed.</div><div class="gmail_quote"><div class="gmail_attr">On Mon, Jan 1, 2024 at 1:00 PM'
     ' B &lt;b@x.org&gt; wrote:<br></div><blockquote class="gmail_quote"><div>Second.</div>'
     '<div class="gmail_quote"><div class="gmail_attr">On Sun, Dec 31, 2023 at 9:00 AM A wrote:</div>'
     '<blockquote class="gmail_quote">First<br>line two</blockquote></div></blockquote></div>',
     ["Agreed.", "On Mon, Jan 1, 2024 at 1:00 PM B <b@x.org> wrote:", "> Second.",
      "> On Sun, Dec 31, 2023 at 9:00 AM A wrote:", "> > First", "> > line two"],
     {1: "attribution", 3: "attribution"}),
    # <br> semantics: a trailing <br> ends the line, <div><br></div> is one blank line
    ("<div>a<br></div><div><br></div><div>b</div>", ["a", "", "b"], {}),
    # comments, scripts, styles are markup; link text is kept, nothing appended
    ('<!-- hidden --><style>p{}</style><script>x()</script><p>See <a href="https://x.org/y">the bug</a>.</p>',
     ["See the bug."], {}),
    # blank quoted lines keep their markers without trailing space
    ("<blockquote>a<br><br>b</blockquote>", ["> a", ">", "> b"], {}),
])
def test_render_rules(html, lines, hints):
    r = render_html(html)
    assert r.lines == lines
    assert r.hints == hints


def test_deep_blockquote_nesting_is_capped_not_a_crash():
    r = render_html("<blockquote>" * 5000 + "deep" + "</blockquote>" * 5000 + "<p>after</p>")
    assert r.lines == ["> " * 200 + "deep", "after"]
    assert r.warnings == ["blockquotes nested deeper than 200 levels: deeper levels rendered at level 200"]
