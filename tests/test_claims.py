"""Claim detection: kinds and cues on real corpus sentences, skips, deadlines, on_behalf_of, reported speech."""
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import spacy

from threadkb.extract import claims as C, deadlines
from threadkb.models import ClaimKind, Message, TextLine

SHECA = ("SHECA",)

# (sentence from the corpora, orgs the speaker speaks for, kind, cue of the kind rule)
KINDS = [
    ("SHECA believes that 4.9.1.1 point 4 is not applicable to this case.", SHECA, "assertion", None),
    ("SHECA acknowledges that the aforementioned two interfaces do violate the following rules in BR 6.1.1.3:",
     SHECA, "admission", "acknowledges"),
    ("SHECA will open a case on Bugzilla to report follow-ups.", SHECA, "commitment", "will"),
    ("SHECA will rigorously verify the two points you mentioned!", SHECA, "commitment", "will"),
    ("And does this practice comply with BR requirements?", SHECA, "question", "question mark"),
    ("How does SHECA ensure that these private keys (CSRs) have not been used to request additional "
     "certificates beyond the intended scope?", (), "question", "question mark"),
    ("We have not done any of those things.", ("TrustCor",), "denial", "have not done"),
    ("It was not an assumption that the issues had been resolved, or that new certificates would be fine",
     (), "denial", "it was not"),
    ("we did not immediately update our CPS to reflect the changes made to the EV certificates on March 18.",
     ("Entrust",), "admission", "self fault"),
    ("The full report will be posted no later than March 29, 2024.", (), "commitment", "report will be posted"),
    ("An incident report is being prepared with full details.", (), "commitment", "is being prepared"),
    ("Please reconfirm the scope of affected certificates and whether any other interfaces have access to "
     "users’ private keys.", (), "request", "please"),
    ("We welcome feedback on any of these approaches.", (), "request", "feedback welcome"),
    ("There was not any Subscriber Agreement during the ordering process.", (), "assertion", None),
    ("the affected certificates should have been revoked within 5 days", (), "admission", "should have"),
    ("Additionally, as we updated the CPS to add the CPS URI qualifier to the EV certificate profile, we "
     "inadvertently added this to the OV TLS certificate profile instead.", ("Entrust",), "admission",
     "self fault adverb"),
    ("According to the third-party notification, which is the final discussion result of the Google forum, the "
     "following three API API provided by SHECA to its partners violate some requirements of BR.", SHECA,
     "admission", "own violation"),
    ("It has been made clear in the previous discussion that this does not violate the BR regulations.", SHECA,
     "assertion", None),  # a violation denied is no admission
    ("We believe Entrust violated the BRs.", ("Mozilla",), "assertion", None),  # another CA's violation
    ("We did not violate any requirement.", (), "assertion", None),
    ("We will greatly appreciate your thoughtful and constructive feedback on this.", (), "request",
     "feedback welcome"),  # not a commitment: "will appreciate" asks
    ("I will appreciate everyone's input on this proposal.", (), "request", "feedback welcome"),
]


@pytest.mark.parametrize("text,orgs,kind,cue", KINDS)
def test_kind_and_cue(text, orgs, kind, cue):
    v = C.classify(text, orgs)
    assert v.kind == ClaimKind(kind)
    if cue is None:
        assert ":" not in v.cue.split(";")[0]
    else:
        assert v.cue.startswith(f"{kind}: {cue}")
    assert v.is_claim


# sentences that are not claims, and the skip rule that says so
SKIPS = [
    ("Hi, Arabella", "skip: greeting"),
    ("Thank you for your professional reply.", "skip: thanks"),
    ("Best Regards!", "skip: sign-off"),
    ("Please feel free to ask if you have any other questions.", "skip: logistics"),
    ("Question 4", "skip: heading"),
]


@pytest.mark.parametrize("text,rule", SKIPS)
def test_not_claims(text, rule):
    v = C.classify(text)
    assert v.kind is None and v.cue == rule and not v.is_claim


def test_stance_cues_named():
    v = C.classify("However, it looks like the situation may differ significantly from what you described.")
    assert v.kind is ClaimKind.ASSERTION
    assert v.stance == ["hedge", "contrast", "evaluation"]


TZ8 = timezone(timedelta(hours=8))
DEADLINES = [
    ("revoke all certificates applied for through the above two API interfaces within five days",
     datetime(2025, 10, 8, 19, 25, 33, tzinfo=TZ8), datetime(2025, 10, 13, 19, 25, 33, tzinfo=TZ8), "within five days"),
    ("The full report will be posted no later than March 29, 2024.", datetime(2024, 3, 20, tzinfo=TZ8),
     date(2024, 3, 29), "no later than March 29, 2024"),
    ("a full incident report will be posted no later than 2025-04-23", date(2025, 4, 16), date(2025, 4, 23),
     "no later than 2025-04-23"),
    ("will issue a preliminary accident report today", datetime(2025, 10, 9, 9, 0, tzinfo=TZ8), date(2025, 10, 9), "today"),
    ("This violation requires revocation within 24 hours", datetime(2025, 10, 8, 7, 19, 54, tzinfo=TZ8),
     datetime(2025, 10, 9, 7, 19, 54, tzinfo=TZ8), "within 24 hours"),
]


@pytest.mark.parametrize("text,when,expected,surface", DEADLINES)
def test_deadline(text, when, expected, surface):
    found = deadlines.find(text, when)
    assert (found.due, found.text) == (expected, surface)


COMMITMENT_DEADLINES = [  # forms of CA incident updates (constructed); the message was sent on 10 March 2025
    ("We expect to complete revocation by March 31.", date(2025, 3, 31), "by March 31"),
    ("We aim to finish the migration by end of Q2 2025.", date(2025, 6, 30), "by end of Q2 2025"),
    ("We target completion in the fourth quarter.", date(2025, 12, 31), "in the fourth quarter"),
    ("We are planning to deploy the fix on 2025-04-15.", date(2025, 4, 15), "on 2025-04-15"),
    ("The fix is scheduled for April 15, 2025.", date(2025, 4, 15), "scheduled for April 15, 2025"),
    ("We will complete the revocation by the end of the day.", date(2025, 3, 10), "end of the day"),
]


@pytest.mark.parametrize("text,expected,surface", COMMITMENT_DEADLINES)
def test_commitment_deadline(text, expected, surface):
    found = deadlines.find(text, datetime(2025, 3, 10, 12, 0), commitment=True)
    assert (found.due, found.text) == (expected, surface)


def test_a_date_is_a_deadline_of_commitments_only():
    """"on DATE" in an admission is when it happened, not a deadline."""
    when = datetime(2025, 3, 10, 12, 0)
    assert deadlines.find("we did not revoke them on 2025-03-01", when) is None
    found = deadlines.find("we will revoke them on 2025-03-14", when, commitment=True)
    assert (found.due, found.text) == (date(2025, 3, 14), "on 2025-03-14")


def test_on_behalf_of_and_persona():
    text = ("Regarding your understanding of the “First Chrome Proposal”, some quick clarifications:\n\n"
            "(Wearing a Chrome/Google hat here)\n\nThe first Chrome proposal was operating on the concern.\n\n"
            "(Personally speaking from here on, and the opinions here do not necessarily\n"
            "reflect that of my employer/Google)\n\nRegarding EV certificates, your analysis appears to have failed.")
    first = text.index("The first")
    last = text.index("Regarding EV")
    assert C.on_behalf_of("The first Chrome proposal was operating on the concern.", first, text) == ("Chrome/Google", "hat")
    assert C.on_behalf_of("your analysis appears to have failed.", last, text) == (None, "personal")
    assert C.on_behalf_of("Therefore, SHECA believes that the reason does not apply.", 0, "") == ("SHECA", "ORG believes")
    assert C.on_behalf_of("we at Entrust take this seriously", 0, "") == ("Entrust", "we at ORG")


REPORTED = """2.1 Regarding Bastian's Description
"According to the definition of 'Key Compromise' in the BR, is the CA
considered an unauthorized person? If so, this would trigger revocation
within 24 hours in accordance with 4.9.1.1."
These API were authorized by partners when they were provided to them."""


def test_prose_quote_names_third_party():
    (q,) = C.prose_quotes(REPORTED)
    assert q.speaker == "Bastian"
    assert REPORTED[q.start:q.end].startswith('"According') and REPORTED[q.start:q.end].endswith('4.9.1.1."')


# 056's first message as the archive gives it: wrapped whole in straight quotes, with a “…” pair inside
WRAPPED = ('"In the interest of transparency, Mozilla received a formal request from Taiwan’s Ministry of Digital '
           'Affairs (MODA), dated March 15, 2025, requesting that we delay the removal of the “websites” trust bit for '
           'Chunghwa Telecom’s ePKI Root CA.\nWe welcome feedback on any of these approaches."')


@pytest.mark.parametrize("text,expected", [
    (WRAPPED, []),  # the message itself between quotation marks: its own words, not a passage it quotes
    ("Ryan wrote:\n" + WRAPPED, [(12, len(WRAPPED) + 12)]),  # closed by the straight quote, not by the ” inside
    (REPORTED, [(REPORTED.index('"According'), REPORTED.index('4.9.1.1."') + 9)]),
])
def test_prose_quote_extent(text, expected):
    assert [(q.start, q.end) for q in C.prose_quotes(text)] == expected


def _nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("threadkb_claims")
    return nlp


def _message(text: str, **kw) -> Message:
    return Message(key="m", source="corpora/x.txt", author="Alvin Wang",
                   lines=[TextLine(t, i, 0) for i, t in enumerate(text.split("\n"))], **kw)


def test_component_reported_claim_and_own_claims():
    msg = _message(REPORTED + "\nTherefore, SHECA believes that the reason for revocation in this incident\n"
                   "does not apply to the third point of 4.9.1.1.")
    doc = _nlp().make_doc(msg.text)
    doc.user_data.update({"message": msg, "thread": None, "document_quote": None})
    found = C.collect(_nlp()(doc))
    reported = [c for c in found if c.reported]
    own = [c for c in found if not c.reported]
    assert [(c.speaker, c.kind.value) for c in reported] == [("Bastian", "question")]
    assert reported[0].text.startswith("\"According to the definition")
    assert own[-1].text == ("Therefore, SHECA believes that the reason for revocation in this incident "
                            "does not apply to the third point of 4.9.1.1.")
    assert own[-1].on_behalf_of == "SHECA" and own[-1].speaker == "Alvin Wang"
    assert own[-1].span.line == 6 and own[-1].span.line_end == 7
    assert all("According" not in c.text for c in own)


def test_component_greeting_and_commitment():
    when = datetime(2025, 10, 8, 19, 25, 33, tzinfo=timezone(timedelta(hours=7)))
    msg = _message("Hi,everyone!\nSHECA will comply with BR regulations, revoke all certificates applied for\n"
                   "through the above two API interfaces within five days.\nPlease feel free to ask if you have "
                   "any other questions.", date=when)
    doc = _nlp().make_doc(msg.text)
    doc.user_data.update({"message": msg, "thread": None, "document_quote": None})
    (claim,) = C.collect(_nlp()(doc))
    assert claim.kind is ClaimKind.COMMITMENT and claim.cue.startswith("commitment: will")
    assert claim.deadline == when + timedelta(days=5) and claim.deadline_text == "within five days"


# sentences from the corpora that the cue table now reads (kind, cue of the kind rule or of a stance)
MORE_KINDS = [
    ("Requests for clarification will be posted here.", (), "commitment", "commitment: report will be posted"),
    ("SHECA is currently retrieving some log data and will issue a preliminary accident report today.", SHECA,
     "commitment", "commitment: will … by date; self subject"),
    ("I’ve had no bandwidth to deal with CABF stuff since Aug 17th, and will not until after the holiday weekend.",
     (), "admission", "admission: self fault; negation"),
    ("Sounds good.", (), "assertion", "hedge; evaluation; agreement"),
    ("We reserve the right to make additional requests of Symantec in relation to any changes.", (), "assertion",
     "reservation"),
    ("In light of these recent incidents, we are requesting that Entrust produce a detailed report of them.", (),
     "request", "request: we request"),
    ("For efficiency, it is requested that comments and requests for clarification be collected into as few "
     "emails/posts as possible.", (), "request", "request: we request"),
    ("We expect to complete revocation by March 31.", ("Sectigo",), "commitment", "commitment: plans to"),
    ("We are planning to deploy the fix on 2025-04-15.", ("Sectigo",), "commitment",
     "commitment: plans to; self subject; figure"),
    # denials of a violation and apologies (the first from 066; the others constructed: no corpus text has them)
    ('This was not a violation of the Baseline Requirements.', (), 'denial', 'denial: not a violation; negation; fault'),
    ('We do not believe this is a violation of the BRs.', ('Sectigo',), 'denial', 'denial: not a violation; belief verb; negation; fault'),
    ('We disagree with this assessment.', ('Sectigo',), 'denial', 'denial: disagree'),
    ('We apologize for the delay in revoking these certificates.', ('Sectigo',), 'admission', 'admission: apology; fault'),
    ('Our CPS was not updated in time, which is our mistake.', ('Sectigo',), 'admission', 'admission: apology; negation; self subject'),
    # requests and questions of reviewers in other words (constructed); a policy's requirement is no request
    ('Mozilla expects an incident report within 2 weeks.', (), 'request', 'request: expects a report'),
    ('We are still awaiting a response from the CA.', (), 'request', 'request: expects a report; contrast; self subject'),
    ('I would like to see a detailed timeline of the events.', (), 'request', 'request: would like'),
    ('It would be helpful if you could share the list of affected certificates.', (), 'request', 'request: would like; fact verb'),
    ('Can you confirm that all certificates have been revoked', (), 'question', 'question: can you; fact verb'),
    ('The BRs require a report within 30 days.', (), 'assertion', 'normative; figure'),
    # someone else's request, reported (056): not the speaker's
    ("In the interest of transparency, Mozilla received a formal request from Taiwan’s Ministry of Digital Affairs "
     "(MODA), dated March 15, 2025, requesting that we delay the removal of the “websites” trust bit for Chunghwa "
     "Telecom’s ePKI Root CA.", (), "assertion", "fault; figure"),
    # policy text the speaker quotes does not make the sentence a request ("… should not be relied upon")
    ('TLS BR 4.9.1.1 (5) states: "The CA obtains evidence that the validation of domain authorization or control '
     'for any Fully-Qualified Domain Name or IP address in the Certificate should not be relied upon."', (),
     "assertion", "citation"),
]


@pytest.mark.parametrize("text,orgs,kind,cue", MORE_KINDS)
def test_more_kinds(text, orgs, kind, cue):
    v = C.classify(text, orgs)
    assert (v.kind, v.cue) == (ClaimKind(kind), cue)
    assert v.is_claim


MORE_SKIPS = [
    ("Which BR Regulation Should be Applied to the Revocation Reason", "skip: title-case heading"),
    ("Function: Generate a certificate request (CSR) Subscriber-provided parameters: None SHECA returns: "
     "Certificate request (CSR) and private key.", "skip: template fields"),
    ("See Bug 1715455.", "skip: too short"),
    # the incident report template's prompts, copied by the CA above its answers (043, 036, 065 …)
    ("3. Whether your CA has stopped, or has not yet stopped, issuing certificates with the problem.",
     "skip: incident template prompt"),
    ("A statement that you have will be considered a pledge to the community; a statement that you have not "
     "requires an explanation.", "skip: incident template prompt"),
    ("Whether your CA has stopped, or has not yet stopped, certificate issuance or the process giving rise to the "
     "problem or incident.", "skip: incident template prompt"),
    ("7. List of steps your CA is taking to resolve the situation and ensure such issuance will not be repeated in "
     "the future, accompanied with a timeline of when your CA expects to accomplish these things.",
     "skip: incident template prompt"),
]


@pytest.mark.parametrize("text,rule", MORE_SKIPS)
def test_more_skips(text, rule):
    assert C.classify(text).cue == rule


def test_incident_report_speaks_for_the_ca():
    """077: the CA's 'Full Incident Report' admits a fault without naming itself."""
    text = "4 of them were not revoked within the 24-hour period specified"
    assert C.classify(text).kind is ClaimKind.ASSERTION
    v = C.classify(text, own_report=True)
    assert (v.kind, v.cue.split(";")[0]) == (ClaimKind.ADMISSION, "admission: own fault")
    assert C.is_incident_report("Full Incident Report\n\nSummary\n")
    assert C.is_incident_report("1. How your CA first became aware of the problem\n")
    assert not C.is_incident_report("We will publish an incident report soon.")


def test_answers_under_template_prompts_stay_claims():
    """An answer written after a copied prompt (a constructed sentence) stays the CA's own claim."""
    v = C.classify("We have stopped issuing certificates with the problem on February 19, 2023.", ("Sectigo",))
    assert v.is_claim and not v.cue.startswith("skip")


# real threads: the deadline is computed from the message date, also when the phrase wraps over two lines
PIPELINE_DEADLINES = [
    ("mdsp-2025-10-sheca-api-keys.txt", "Alvin Wang", "within five days, and require users",
     datetime(2025, 10, 13, 19, 25, 33, tzinfo=timezone(timedelta(hours=7))), "within five days"),
    ("024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt", "andreaholland",
     "The full report will be posted", date(2024, 3, 29), "no later than March 29, 2024"),
    ("077_bugzilla-1959278-chunghwa-delayed-revocation-br4911-item5.txt", "tmkuo",
     "a full incident report will be posted", date(2025, 4, 23), "no later than 2025-04-23"),
]


@pytest.mark.parametrize("name,speaker,snippet,expected,surface", PIPELINE_DEADLINES)
def test_pipeline_deadline(name, speaker, snippet, expected, surface):
    from threadkb.pipeline import extract_paths
    path = Path(__file__).resolve().parents[1] / "corpora" / name
    (ex,) = extract_paths([str(path)])
    (claim,) = [c for c in ex.claims if c.speaker == speaker and snippet in c.text]
    assert (claim.deadline, claim.deadline_text) == (expected, surface)
    assert type(claim.deadline) is type(expected)
    if isinstance(expected, datetime):
        assert claim.deadline.utcoffset() == expected.utcoffset()


# ----------------------------------------------------------------------------- action items
ACTION_TABLE = """Action Items

| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |
|---|---|---|---|---|---|
| Revoke affected certificates within 24 hours of a CAA failure | Prevent | Root Cause #1 | Runbook updated | 2025-05-31 | Completed |
| Add CAA re-check monitoring | Detect | Root Cause #2 | Alerts tested | 2025-07-15 | Ongoing |
"""


@pytest.mark.parametrize("text,expected", [
    (ACTION_TABLE, [("Revoke affected certificates within 24 hours of a CAA failure", "2025-05-31", "Completed"),
                    ("Add CAA re-check monitoring", "2025-07-15", "Ongoing")]),
    # copied from the rendered page: tab-separated cells, no status column
    ("Action Item\tKind\tDue Date\nPublish the updated CPS\tMitigate\tJune 30, 2025\n\nThanks.",
     [("Publish the updated CPS", "June 30, 2025", None)]),
    # a table without a due column is not an action-item list; a blank line ends a table
    ("| Action Item | Kind |\n|---|---|\n| Publish the CPS | Mitigate |", []),
    ("| Action Item | Due Date |\n| A | 2025-01-01 |\n\n| B | 2025-02-02 |", [("A", "2025-01-01", None)]),
    ("We will revoke | replace the certificates | soon.", []),
])
def test_action_items_table(text, expected):
    items = C.action_items(text)
    assert [(text[i.start:i.end], i.due, i.status) for i in items] == expected


def test_action_items_of_an_incident_report_are_commitments_with_their_due_date(tmp_path):
    """077's Full Incident Report, continued by an Action Items table (CCADB template, Markdown as Bugzilla keeps it)."""
    from threadkb.pipeline import extract_threads, parse_paths

    corpus = next((Path(__file__).resolve().parent.parent / "corpora").glob("077_*"))
    text = corpus.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + ACTION_TABLE
    path = tmp_path / "077x.txt"
    path.write_text(text, encoding="utf-8")
    (ex,) = extract_threads(list(parse_paths([str(path)], [])))
    items = [c for c in ex.claims if c.cue.startswith("commitment: action item")]
    assert [(c.message, c.text, c.deadline, c.deadline_text, c.cue) for c in items] == [
        ("msg-c1", "Revoke affected certificates within 24 hours of a CAA failure", date(2025, 5, 31), "2025-05-31",
         "commitment: action item; status: Completed"),
        ("msg-c1", "Add CAA re-check monitoring", date(2025, 7, 15), "2025-07-15", "commitment: action item; status: Ongoing")]
    assert [c.span.line for c in items] == [text.split("\n").index(line) + 1 for line in ACTION_TABLE.split("\n")[4:6]]
    assert not any("|" in c.text for c in ex.claims)  # no other claim is made of table rows


@pytest.mark.parametrize("text,units", [
    # 004: spaCy's sentencizer cuts after "m.d.s.p."; a word in lower case after a period goes on the sentence
    ("I will now forward the link above to Camerfirma to provide them with a proper opportunity to respond to the "
     "issues raised and to ask that they respond directly in m.d.s.p. with any comments, corrections, inputs, or "
     "updates. If anyone in this group believes they have an issue, please send an email.",
     ["I will now forward the link above to Camerfirma to provide them with a proper opportunity to respond to the "
      "issues raised and to ask that they respond directly in m.d.s.p. with any comments, corrections, inputs, or "
      "updates.", "If anyone in this group believes they have an issue, please send an email."]),
    # the reference thread: a link after a period starts a new unit
    ("an online certificate format conversion tool that receives users’ uploaded \nprivate keys. "
     "https://www.yuque.com/sheca/kfxgzb/gndrhghm75h205vl",
     ["an online certificate format conversion tool that receives users’ uploaded \nprivate keys.",
      "https://www.yuque.com/sheca/kfxgzb/gndrhghm75h205vl"]),
])
def test_segment_units(text, units):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(text)
    assert [u.text for u in C.segment(doc)] == units
