"""Citation tagger: every citation form seen in the corpora is a row with its exact (document, section, item)."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path

import pytest

from threadkb.extract.citations import find_citations, message_quote_ranges
from threadkb.models import Extraction, Message, TextLine, Thread

ROOT = Path(__file__).resolve().parent.parent

# (text as found in corpora/, expected [(document, section, item)]; document None = the thread decides)
FORMS = [
    ("SHECA acknowledges that the aforementioned two interfaces do violate the following rules in BR 6.1.1.3:",
     [("BR", "6.1.1.3", None)]),
    ("following the requirements of BR section 4.9.1.1 outweighs", [("BR", "4.9.1.1", None)]),
    ("any event listed in the appropriate subsection of section 4.9.1 of the Baseline Requirements, according",
     [("BR", "4.9.1", None)]),
    ("we agree with the perspective that TLS BR 4.9.1.1 Item 5 is an appropriate reference",
     [("BR", "4.9.1.1", 5)]),
    ("the requirement of TLS BR, especially Item 5 of TLS BR 4.9.1.1, and can be addressed",
     [("BR", "4.9.1.1", 5)]),
    ("TLS BR 4.9.1.1 (5) states:", [("BR", "4.9.1.1", 5)]),
    ("According to TLS BR Section 4.9.1.1 #12, the affected certificates", [("BR", "4.9.1.1", 12)]),
    ("that would appear to be a BR violation.\nThis violation requires revocation within 24 hours, per 4.9.1.1, point 4.",
     [("BR", "4.9.1.1", 4)]),
    ("to be a BR violation. This violation requires revocation within 24 hours, per 4.9.1.1, point \n4.",
     [("BR", "4.9.1.1", 4)]),
    ("Therefore, SHECA believes that the reason for revocation in this incident does not apply to the third point of 4.9.1.1.",
     [(None, "4.9.1.1", 3)]),
    ("cannot calculate the subscriber's private key (including those mentioned in 6.1.1.3(5)).",
     [(None, "6.1.1.3", 5)]),
    ("containing either the values id-kp-serverAuth [RFC5280] or anyExtendedKeyUsage [RFC5280], the CA",
     [("RFC", "5280", None), ("RFC", "5280", None)]),
    ("the EKU rules of RFC 5280 section 4.2.1.12 apply", [("RFC", "5280", "4.2.1.12")]),
    ("as required by section 4.2.1.12 of RFC 5280.", [("RFC", "5280", "4.2.1.12")]),
    ("If Google is the DNS Operator (as defined in RFC 7719) of the domain's DNS.", [("RFC", "7719", None)]),
    ("See section 2.4 of Mozilla's policy.", [("MRSP", "2.4", None)]),
    ("that are already mentioned in MRSP section 6.1.1 (attached)", [("MRSP", "6.1.1", None)]),
    ("MRSP 6.1.1 lists the reason codes", [("MRSP", "6.1.1", None)]),
    ("the certificates were validated using BR method 10 only", [("BR", "3.2.2.4.10", None)]),
    ("Under the BRs, method 3.2.2.4.10 is not allowed", [("BR", "3.2.2.4.10", None)]),
    ("The BRs say in 4.9.1.1 and 4.9.1.2 that", [("BR", "4.9.1.1", None), ("BR", "4.9.1.2", None)]),
    ("Baseline Requirements Sections 4.9.3 and 4.9.12 apply", [("BR", "4.9.3", None), ("BR", "4.9.12", None)]),
    ('Section 6 ("Revocation") of Mozilla\'s Root Store Policy states:', [("MRSP", "6", None)]),
    ("Here is the comparison link for a proposed new section 6.1.3 in the MRSP: https://github.com/mozilla/pkipolicy/compare/51b2",
     [("MRSP", "6.1.3", None)]),
    ("Revocation must occur promptly in compliance with the timelines set in section 4.9.1 of the TLS Baseline Requirements (TLS BRs).",
     [("BR", "4.9.1", None)]),
    ("In accordance with the current provisions of BR 4.2.1, the verification materials", [("BR", "4.2.1", None)]),
    ("ISRG CPS Section 4.2.1: \"The CA checks for relevant CAA records prior to issuing certificates.",
     [("CPS", "4.2.1", None)]),
    ("in violation of the Baseline Requirements, Section 4.9.10.) ISRG currently has", [("BR", "4.9.10", None)]),
    ("Also, where in the MRSP should we put this new material --  as a new\nSection 3.1.5 under Section 3.1 \"Audits\"; "
     "as new section 7.4 under 7; as a\nnew subsection that is part of Section 7.3 (Removals); or as new section\n2.5 after 2.4 (Incidents)?",
     [("MRSP", "3.1.5", None), ("MRSP", "3.1", None), ("MRSP", "7.4", None), ("MRSP", "7", None),
      ("MRSP", "7.3", None), ("MRSP", "2.5", None), ("MRSP", "2.4", None)]),
    ("The closest we have is currently a couple of sentence in section 7.3:\n\"A certificate that includes domain names "
     "that have not been verified according to section 3.2.2.4 of the Baseline Requirements is considered to be mis-issued.\" "
     "This is a proposed update to Mozilla's root store policy for version 2.5. One would also want BR violations.",
     [("MRSP", "7.3", None), ("BR", "3.2.2.4", None)]),
    ("Add revocation reasons based on [MRSP section 6.1.1](https://github.com/mozilla/pkipolicy/blob/master/rootstore/policy.md#611-end-entity-tls-certificate-crlrevocation-reasons)",
     [("MRSP", "6.1.1", None), ("MRSP", "6.1.1", None)]),
    ("<https://github.com/mozilla/pkipolicy/blob/master/rootstore/policy.md#611-end-entity-tls-certificate-crlrevocation-reasons>only",
     [("MRSP", "6.1.1", None)]),
    ("+1. The Certificate no longer complies with the requirements of [Section 6.1.5](#615-key-sizes) and "
     "[Section 6.1.6](#616-public-key-parameters-generation-and-quality-checking) (CRLReason #4, superseded);",
     [("BR", "6.1.5", None), ("BR", "6.1.5", None), ("BR", "6.1.6", None), ("BR", "6.1.6", None)]),
    ("In 7.2.2, I might be able to edit the description of", [(None, "7.2.2", None)]),
    ("I have a draft of subsection 2 that I'm working on", [(None, None, 2)]),
    ("compliance with S/MIME BR 4.9.1 is required", [("SMIME-BR", "4.9.1", None)]),
    ("EVG 11.2 covers the legal existence check", [("EVG", "11.2", None)]),
    ("as the Chrome Root Program Policy section 3.1 requires", [("CRP", "3.1", None)]),
    ("items 4 and 5 of BR 4.9.1.1 apply", [("BR", "4.9.1.1", 4), ("BR", "4.9.1.1", 5)]),
    ("BR 4.9.1.1 items 4 and 5 apply", [("BR", "4.9.1.1", 4), ("BR", "4.9.1.1", 5)]),
    ("Section 4.9.1.1(4) of the BRs", [("BR", "4.9.1.1", 4)]),
    ("section 4.9.1.1 of the BRs, point 4, applies", [("BR", "4.9.1.1", 4)]),
    ("Section 4.9.1.1 of the Baseline Requirements (5) is met", [("BR", "4.9.1.1", 5)]),
    ("EVGL 11.2.1 requires verification", [("EVG", "11.2.1", None)]),
    ("BR 4.9.1.1 subsection 4 applies", [("BR", "4.9.1.1", 4)]),
    ("subsection 4 of BR 4.9.1.1 applies", [("BR", "4.9.1.1", 4)]),
    ("RFC 5280, Section 4.2.1.9 says", [("RFC", "5280", "4.2.1.9")]),
    ("our CP/CPS section 4.9.1 says", [("CPS", "4.9.1", None)]),
    ("see BR 11.1.3 for wildcards", [("BR", "11.1.3", None)]),
    ("the BRs' section 4.9.1.1 is clear", [("BR", "4.9.1.1", None)]),
    ("as rfc5280 requires", [("RFC", "5280", None)]),
    ("the BRs, sections 3.2.2.4.7-3.2.2.4.9, allow", [("BR", "3.2.2.4.7", None), ("BR", "3.2.2.4.9", None)]),
    ("our CPS v1.2, section 3.2.2 describes", [("CPS", "3.2.2", None)]),
    ("per Mozilla Root Store Policy version 2.8 section 6.1.1", [("MRSP", "6.1.1", None)]),
]

NOT_CITATIONS = [
    "1.1 There was also an instruction txt file that contained a tool",
    "2.3 Summary",
    "2.1 Regarding Bastian's Description",
    "*>*2.1.1\nThe highlights section only discusses",
    "Today I closed bug #1729567 and Bug 1993357",
    "Chrome 139 will distrust these roots",
    "Policy 2.7 Proposal: Clarify Revocation Requirements for S/MIME Certificates",
    "MRSP 3.0: Issue #276: Delayed Revocation",
    "Policy 2.4.1 (current version): https://github.com/mozilla/pkipolicy/blob/2.4.1/rootstore/policy.md",
    "incidents must be reported per version 2.1 of the CCADB's Incident Reporting Guidelines",
    "Received: from localhost (localhost [127.0.0.1]) by ietfa.amsl.com (Postfix) (8.17.1.22/8.17.1.22)",
    "Google Trust Services' CPS (version 3.4, https://pki.goog/repo/cps/3.4/GTS-CPS.pdf) contained",
    "2020.02.29 CAA Rechecking Bug",
    "(CRLReason #4, superseded) and the 5-day timeline; the BRs 24 hours rule",
    "[Application Process, Steps 5-8]",
    "CA Owner CCADB unique ID: A010946",
    "Version 1.8.5 of the BRs and BR v2.0.0 and BR 1.8.7 and Mozilla policy 2.8",
    "a 398-day reusability period before 24:00 on October 9, 2025",
]


def _triples(text: str) -> list[tuple]:
    return [(c.document, c.section, c.item) for c in find_citations(text)]


@pytest.mark.parametrize("text,expected", FORMS, ids=[f[0][:40] for f in FORMS])
def test_citation_forms(text, expected):
    assert _triples(text) == expected


@pytest.mark.parametrize("text", NOT_CITATIONS, ids=[t[:40] for t in NOT_CITATIONS])
def test_not_citations(text):
    assert _triples(text) == []


def test_surface_text_and_offsets():
    text = "This violation requires revocation within 24 hours, per 4.9.1.1, point \n4."
    (c,) = find_citations(text)
    assert text[c.start:c.end] == "4.9.1.1, point \n4"
    assert c.rule == "bare_section"


def test_quoted_words_of_another_participant_are_not_citations():
    text = ("2.1 Regarding Bastian's Description\n\"According to the definition of 'Key Compromise' in the BR, is the CA\n"
            "considered an unauthorized person? If so, this would trigger revocation\nwithin 24 hours in accordance "
            "with 4.9.1.1.\"\nThese API were authorized by partners.\n2.3 Summary\nthe following rules in BR 6.1.1.3:\n"
            "\"If the Subscriber Certificate will contain an extKeyUsage extension containing either the values "
            "id-kp-serverAuth [RFC5280], the CA SHALL NOT generate a Key Pair\"")
    assert len(message_quote_ranges(text)) == 1
    assert _triples(text) == [("BR", "6.1.1.3", None), ("RFC", "5280", None)]


def test_patterns_file_is_data():
    raw = resources.files("threadkb").joinpath("data", "citation_patterns.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert {"documents", "macros", "patterns", "chain"} <= set(data)
    assert set(data["documents"]) <= {"BR", "EVG", "MRSP", "CCADB", "CRP", "SMIME-BR", "CSBR", "NSR", "RFC", "CPS", "OTHER"}


# --------------------------------------------------------------------------- pipeline on hand-built messages


def _message(key: str, text: str, date=None, first_index: int = 0) -> Message:
    lines = [TextLine(t, first_index + i, 0) for i, t in enumerate(text.split("\n"))]
    return Message(key=key, source="f.txt", lines=lines, date=date)


def _extract(messages: list[Message], subject: str | None = None, list_name: str | None = None) -> Extraction:
    from threadkb.extract import citations
    from threadkb.extract.nlp import get_nlp

    thread = Thread(source="f.txt", messages=messages, assignments=[], subject=subject, list_name=list_name)
    ex = Extraction(thread=thread)
    nlp = get_nlp()
    docs = []
    for m in messages:
        doc = nlp.make_doc(m.text)
        doc.user_data.update({"message": m, "thread": thread, "document_quote": None})
        docs.append(doc)
    for doc in nlp.pipe(docs):
        ex.citations.extend(citations.collect(doc))
    citations.resolve_context(ex)
    return ex


UTC8 = timezone(timedelta(hours=8))


def test_component_sets_spans_labels_and_ids():
    from threadkb.extract.nlp import get_nlp

    nlp = get_nlp()
    assert nlp.pipe_names[:4] == ["sentencizer", "threadkb_citations", "threadkb_apis", "threadkb_entities"]
    doc = nlp("That would appear to be a BR violation, per 4.9.1.1, point 4. See also [RFC5280].")
    spans = doc.spans["citations"]
    assert [(s.label_, s.id_) for s in spans] == [("BR", "BR:4.9.1.1:4"), ("RFC", "RFC:5280")]
    assert spans[0]._.citation.rule == "bare_section"


def test_collect_resolve_and_deduplicate():
    m = _message("matt", "That would appear to be a BR\nviolation, per the last paragraph of 6.1.1.3:\n\n"
                 "This violation requires revocation within 24 hours, per 4.9.1.1,\npoint 4. Again: 4.9.1.1 point 4.",
                 datetime(2025, 10, 8, 7, 19, 54, tzinfo=UTC8), first_index=300)
    ex = _extract([m])
    got = [(c.document, c.section, c.item, c.version, c.title, c.flags) for c in ex.citations]
    assert got == [
        ("BR", "6.1.1.3", None, "2.1.7", "Subscriber Key Pair Generation", []),
        ("BR", "4.9.1.1", 4, "2.1.7", "Reasons for Revoking a Subscriber Certificate", []),
    ]
    c = ex.citations[1]
    assert c.text == "4.9.1.1,\npoint 4"
    assert (c.span.line, c.span.line_end) == (304, 305)
    assert c.item_text.startswith("a demonstrated or proven method")


def test_thread_context_subsection_and_unknown_section():
    ryan = _message("ryan", "TLS Baseline Requirements [Section 4.9.1.1](https://cabforum.org/working-groups/server/"
                    "baseline-requirements/requirements/#4911-reasons-for-revoking-a-subscriber-certificate) should "
                    "be updated.", datetime(2025, 4, 7))
    ben = _message("ben", "I have a draft of subsection 2 that I'm working on that would say, \"The CA is made aware "
                   "... contrary to Section 3.2.2.\"", datetime(2025, 9, 29))
    old = _message("old", "In 7.2.2, I might be able to edit the description.", None)
    ex = _extract([ryan, ben, old], subject="Update Section 4.9.1.1 to explicitly reference CAA violations")
    got = {(c.message, c.document, c.section, c.item) for c in ex.citations}
    assert got == {("ryan", "BR", "4.9.1.1", None), ("ben", "BR", "4.9.1.1", 2), ("ben", "BR", "3.2.2", None),
                   ("old", "BR", "7.2.2", None)}
    old_c = next(c for c in ex.citations if c.message == "old")
    assert old_c.flags == ["no_date"] and old_c.version == "2.2.6"
    mrsp = _extract([_message("w", "a proposed new section 6.1.3 in the MRSP", datetime(2024, 12, 15))])
    assert mrsp.citations[0].flags == ["unknown_section", "not_yet_in_force"]


# --------------------------------------------------------------------------- the reference thread


def _reference_gold():
    path = ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"
    gold = ROOT.parent / "shared" / "gold" / "mdsp-2025-10-sheca-api-keys.json"
    if not gold.exists():
        pytest.skip("no ../shared/gold")
    try:
        from threadkb.pipeline import extract_paths

        exs = extract_paths([str(path)])
    except ImportError as exc:  # the parser is not there yet
        pytest.skip(f"parser not available: {exc}")
    return exs[0], json.loads(gold.read_text(encoding="utf-8"))


def _pair(ex, gold) -> dict[str, str]:
    """Predicted message key -> gold key, by the gold 'contains' / 'excludes' snippets."""
    import re

    def norm(s: str) -> str:
        return re.sub(r"\s+", " ", s).strip()

    out = {}
    for g in gold["messages"]:
        for m in ex.thread.messages:
            t = norm(m.text)
            if m.key not in out and all(norm(s) in t for s in g["contains"]) \
                    and not any(norm(s) in t for s in g.get("excludes", [])):
                out[m.key] = g["key"]
                break
    return out


def test_reference_thread_citations_match_gold():
    ex, gold = _reference_gold()
    pairs = _pair(ex, gold)
    pred = {(pairs.get(c.message, c.message), c.document, c.section, str(c.item) if c.item is not None else None)
            for c in ex.citations}
    want = {(c["message"], c["document"], c["section"], str(c["item"]) if c["item"] is not None else None)
            for c in gold["citations"]}
    assert pred == want


def test_reference_thread_apis_match_gold():
    ex, gold = _reference_gold()
    pairs = _pair(ex, gold)
    pred = {(pairs.get(a.message, a.message), a.path) for a in ex.apis}
    assert pred == {(a["message"], a["path"]) for a in gold["apis"]}
