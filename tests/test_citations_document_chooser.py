"""Which document a bare number belongs to in a message that names several (the document chooser,
``document_chooser`` in citation_patterns.json, ``_choose_document``), and four classes of numbers that are no
section or that are one though no list of the index gives their title. Exact citations of a thread in the list or
repository named; rows from held-out batch X's sources (marked "X") and constructed variants; every class has near
misses that must stay as they were.

- "section 6 of the RFC", "the section 6 structure of 3647", "the RFC's section 3.1" (rfc_owner): the RFC the words
  name, else the one cited nearest before, else the one the text cites most; where the text cites none the words
  still say another document's (no citation). A number of the same sentence given no document of its own words
  takes that RFC when the text names it more than any policy (rfc_sentence: "based on section 4, and … section 6
  of the RFC"), over a document read only from the message at large;
- "RFC 5280 says in section 4.2.1.9", "the BRs point to RFC 6960, whose section 4.2.2.2" (rfc_near): the RFC named
  just before the number in its sentence, over a document read from the message at large or one that never had the
  number, not over the thread's home that has it ("Now that RFC 8737 has been published, 3.2.2.4.10 can be sunset"
  in servercert: the BR's; home);
- "our whole Section 7", "your Section 2.2" (own_copy): the writer's or the addressee's own CP/CPS, over the policy
  the paragraph names ("Section 2.2 of the BRs … our whole Section 7"); not "In our view section 4.9.1.1";
- "[Section 6](…/rfc3647#section-6)" (rfc_link): the link's own citation (no second one of the thread's document);
  a link to the RFC without an anchor gives the RFC the number of its text;
- a change log's lines ("2.2 - New UI", "Release notes:\\n9.4 - Fixed …") are releases, no sections
  (``changelog_line_after``, ``changelog_intro_before``), while an issue list's lines still are;
- "Table 4.9.1" names no table where that document divides 4.9.1 into subsections (a heading holds no table of
  its own); "Table 1.2.2" still does;
- "(#6 in the 5 day range)": item 6 of the revocation reasons' section (row ``revocation_reason_item``), never
  "section 5 item 6";
- a pasted or proposed heading whose title the index does not know ("2.2.1 Notification of incorrect issuance")
  is a section where normative text follows it (``policy_text_after``), not list numbering.
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations
from threadkb.extract import citations as cit

SW = "servercert-wg@lists.cabforum.org"
PU = "public@lists.cabforum.org"
BZ = "Bugzilla CA Program :: CA Certificate Compliance"
MDL = "dev-security-policy@lists.mozilla.org"
CS = "cscwg-public@lists.cabforum.org"
CPS = "GitHub letsencrypt/cp-cps"
SC = "GitHub cabforum/servercert"
SC065 = "Re: [Servercert-wg] SC-065: Convert EVGs into RFC 3647 format pre-ballot"

_X_SC065 = (  # X sw-2023-12-004086 (servercert-wg, SC-065), two paragraphs of it
    "I agree that there seems to be some ambiguity in the REQUIRED CP/CPS \nstructure but the entire reasoning "
    "behind using the \"RFC 3647 format\" \nwas to align CP and CPS documents so that comparisons can be made "
    "across \ndifferent CAs. If one CA reads that they must follow a 2-level structure \nbased on section 4, and "
    "another CA reads that they must follow the \nstructure of section 6 of the RFC, we're not meeting the goal "
    "for \nalignment and easy comparisons.\n\nDigicert's CPS seems to follow the structure of section 6 of RFC "
    "3647. \nHas anyone spotted a CPS claiming compliance with the TLS BRs that is \nnot following the section 6 "
    "structure of 3647?")

_X_CPS186 = (  # X gh-cp-cps-186 (letsencrypt/cp-cps, "Combined CP/CPS")
    "1) I think we need to include the suggested language from Section 2.2 of the BRs, or something similar:\n"
    "> [Name of CA] conforms to the current version of the Baseline Requirements for the Issuance and Management "
    "of Publicly-Trusted Certificates published at http://www.cabforum.org/.\n2) I think we should update our who "
    "Section 7 to match the new tabular format set out by the Profiles ballot, as soon as that exits the IPR "
    "period and a new version of the BRs is released.")

_X_SC306 = (  # X gh-servercert-306 (cabforum/servercert)
    "According to my reading of [RFC 3647](https://datatracker.ietf.org/doc/html/rfc3647#section-4.4.9), section "
    "4.9.9 (along with section 4.10) should indicate whether OCSP is a component of the PKI. Section 4.9.10, on "
    "the other hand, is for stating the obligations of relying parties (similar to section 4.9.6).  Here is the "
    "relevant excerpt, that supports my position that the list under section 4.4.9 of RFC 3647 translates to the "
    "information lower down in the table in [Section 6](https://datatracker.ietf.org/doc/html/rfc3647#section-6)):")


@pytest.mark.parametrize("texts, list_name, subject, expected", [
    # --- rfc_owner / rfc_sentence: "of the RFC" ---
    ([_X_SC065], SW, SC065, {("m0", "RFC", "3647", None), ("m0", "RFC", "3647", "4"), ("m0", "RFC", "3647", "6")}),
    (["Digicert's CPS seems to follow the structure of section 6 of RFC 3647. Has anyone spotted a CPS claiming "
      "compliance with the TLS BRs that is not following the section 6 structure of 3647?"], SW, SC065,
     {("m0", "RFC", "3647", None), ("m0", "RFC", "3647", "6")}),
    (["Has anyone spotted a CPS that is not following the section 6 structure of RFC 3647?"], SW, "SC-065",
     {("m0", "RFC", "3647", None), ("m0", "RFC", "3647", "6")}),
    (["RFC 5280 is the profile we follow. Section 4.2.1.9 of the RFC says pathLen applies to CA certificates."],
     SW, "pathLen", {("m0", "RFC", "5280", None), ("m0", "RFC", "5280", "4.2.1.9")}),
    (["RFC 6962 defines the SCT list. The RFC's section 3.3 gives its encoding, per the BRs."], SW, "SCTs",
     {("m0", "RFC", "6962", None), ("m0", "RFC", "6962", "3.3")}),
    (["We compared it with the section 4.2 layout of RFC 3647 and the BRs."], MDL, "CPS layout",
     {("m0", "RFC", "3647", None), ("m0", "RFC", "3647", "4.2")}),
    (["Per the BRs, section 6 of the RFC is what matters."], SW, "Outline", set()),  # no RFC cited: not a policy's
    (["Section 6 of the BRs says so; RFC 3647 is the outline."], SW, "Outline",  # near miss: named with its number
     {("m0", "BR", "6", None), ("m0", "RFC", "3647", None)}),
    (["RFC 3647 is the outline. Section 4.9.1.1 of the BRs and section 6.1.1 apply to us."], SW, "Outline",
     {("m0", "RFC", "3647", None), ("m0", "BR", "4.9.1.1", None), ("m0", "BR", "6.1.1", None)}),
    # --- rfc_near: the RFC named just before the number in its sentence ---
    (["RFC 5280 covers this. As the RFC says in section 4.2.1.9, pathLen applies to CAs."], SW, "pathLen",
     {("m0", "RFC", "5280", None), ("m0", "RFC", "5280", "4.2.1.9")}),
    (["RFC 5280 says in section 4.2.1.9 that pathLen applies to CAs."], SW, "pathLen",
     {("m0", "RFC", "5280", None), ("m0", "RFC", "5280", "4.2.1.9")}),
    (["The BRs point to RFC 6960, whose section 4.2.2.2 covers delegated responders."], MDL, "OCSP",
     {("m0", "RFC", "6960", None), ("m0", "RFC", "6960", "4.2.2.2")}),
    (["The BRs point to RFC 6960. Section 4.2.2.2 of that RFC covers delegated responders."], MDL, "OCSP",
     {("m0", "RFC", "6960", None), ("m0", "RFC", "6960", "4.2.2.2")}),
    (["Now that RFC 8737 has been published, 3.2.2.4.10 can be sunset, replaced with a new method."], SC,  # the
     "Baseline Requirements: Replace 3.2.2.4.10 with RFC 8737",  # home has the number (citereal2 servercert#170)
     {("m0", "RFC", "8737", None), ("m0", "BR", "3.2.2.4.10", None)}),
    (["as specified in RFC 6844 as amended by Errata 5065 (Appendix A). In the Baseline Requirements ADD an "
      "Appendix A"], PU, "Ballot 214", {("m0", "RFC", "6844", None), ("m0", "BR", "Appendix A", None)}),
    (["RFC 5280 is one thing; section 7.1.2.3 of ours is another."], SW, "Profiles",  # a semicolon between
     {("m0", "RFC", "5280", None), ("m0", "BR", "7.1.2.3", None)}),
    (["Per RFC 5280 and the BRs, section 7.1.2.3 applies."], SW, "Profiles",  # a policy named between
     {("m0", "RFC", "5280", None), ("m0", "BR", "7.1.2.3", None)}),
    # --- own_copy: "our"/"your" ---
    ([_X_CPS186], CPS, "Combined CP/CPS", {("m0", "BR", "2.2", None), ("m0", "CPS", "7", None)}),
    (["I think we need the language from Section 2.2 of the BRs. I think we should update our whole Section 7 "
      "to match the new tabular format."], CPS, "Combined CP/CPS", {("m0", "BR", "2.2", None), ("m0", "CPS", "7", None)}),
    (["Section 4.9.1.1 of the BRs requires 24 hours, and your Section 4.9.1.1 says 5 days."], MDL, "Incident",
     {("m0", "BR", "4.9.1.1", None), ("m0", "CPS", "4.9.1.1", None)}),
    (["Per the BRs, our current section 4.2.4 covers CAA."], BZ, "CAA", {("m0", "CPS", "4.2.4", None)}),
    (["We should update our Section 7 to match the BRs."], CPS, "Combined CP/CPS", {("m0", "CPS", "7", None)}),
    (["In our view section 4.9.1.1 of the BRs is clear."], BZ, "Revocation", {("m0", "BR", "4.9.1.1", None)}),
    (["Per the BRs: in our view section 4.9.1.1 requires it."], BZ, "Revocation", {("m0", "BR", "4.9.1.1", None)}),
    (["Section 5.2 of our policy requires it."], MDL, "Audits", {("m0", "MRSP", "5.2", None)}),
    (["Unlike the TLS BRs, our section 7.1.2.3 forbids it."], "smcwg-public@lists.cabforum.org", "S/MIME",
     {("m0", "SMIME-BR", "7.1.2.3", None)}),  # the group's own document in its own list
    (["Unlike the TLS BRs, your section 7.1.2.3 forbids it."], "smcwg-public@lists.cabforum.org", "S/MIME",
     {("m0", "CPS", "7.1.2.3", None)}),
    (["Unlike the TLS BRs, our section 7.1.2.3 forbids it."], BZ, "Incident", {("m0", "CPS", "7.1.2.3", None)}),
    # --- index_title: the title after the number is the one one indexed document gives it ---
    (["I believe the change making it so we don't need OCSP in subordinate certificates is actually to Section "
      "7.1.2.2 \"Subordinate CA certificate.\""], SW, "Change OCSP requirements", {("m0", "BR", "7.1.2.2", None)}),
    (["The EVGs say more. I believe the change is actually to Section 7.1.2.2 \"Subordinate CA certificate.\""],
     MDL, "OCSP", {("m0", "BR", "7.1.2.2", None)}),
    (["The EVGs need it too. Section 7.1.2.2 (Subordinate CA Certificate) needs the change."], SW, "EV profiles",
     {("m0", "BR", "7.1.2.2", None)}),
    (["Per the EVGs. We changed section 6.1.1.3 - Subscriber Key Pair Generation: the sizes."], MDL, "Keys",
     {("m0", "BR", "6.1.1.3", None)}),
    (["We changed section 6.1.1.3 - Subscriber Key Pair Generation: the sizes."], CPS, "Keys",  # its own CPS's
     {("m0", "CPS", "6.1.1.3", None)}),
    (["I believe the change is actually to Section 7.1.2.2 \"Our OCSP wording\"."], CPS, "OCSP",  # near miss
     {("m0", "CPS", "7.1.2.2", None)}),
    (["We changed Section 4.9.1.1 \"Reasons for Revoking a Subscriber Certificate\" too."], CPS, "Revocation",
     {("m0", "CPS", "4.9.1.1", None)}),  # near miss: several documents give 4.9.1.1 that title
    # --- rfc_link: a Markdown link to an RFC ---
    ([_X_SC306], SC, "Baseline Requirements: Move text from § 4.9.10 to § 4.9.9",
     {("m0", "BR", "4.9.9", None), ("m0", "BR", "4.10", None), ("m0", "BR", "4.9.10", None),
      ("m0", "BR", "4.9.6", None), ("m0", "RFC", "3647", "4.4.9"), ("m0", "RFC", "3647", "6")}),
    (["the table in [Section 6](https://datatracker.ietf.org/doc/html/rfc3647#section-6)."], SC, "BR: move text",
     {("m0", "RFC", "3647", "6")}),
    (["see [section 4.4.9](https://www.rfc-editor.org/rfc/rfc3647#section-4.4.9) of the RFC"], SC, "BR: move text",
     {("m0", "RFC", "3647", "4.4.9")}),
    (["see [Section 4.2.1.9](https://datatracker.ietf.org/doc/html/rfc5280) for pathLen"], SC, "pathLen",
     {("m0", "RFC", "5280", None), ("m0", "RFC", "5280", "4.2.1.9")}),
    (["see [Section 4.9.1.1](https://github.com/cabforum/servercert/blob/main/docs/BR.md) and RFC 5280"], SC,
     "Revocation", {("m0", "BR", "4.9.1.1", None), ("m0", "RFC", "5280", None)}),  # near miss: no RFC link
])
def test_document_chooser(texts, list_name, subject, expected):
    assert _thread_citations(texts, list_name, subject) == expected


@pytest.mark.parametrize("texts, list_name, expected", [
    (["Changelog, see also the BRs:\n2.1 - Fixed crash\n2.2 - New UI\n2.2.1 - Hotfix"], PU, set()),
    (["Release notes:\n9.4 - Fixed the parser\n10.1.2 - Updated the BR lints"], "GitHub someone/sometool", set()),
    (["Per the BRs.\nVersion history:\n2.0.1 - The profiles\n2.0.2 - Typos\n2.1 - CRL rules"], SW, set()),
    (["Per the BRs:\n\n4.9.1.1: Fixed the wording of the revocation reasons."], SW, set()),
    (["Issues:\n9.4 - Should it be 39 months?\n9.2.4 - Should we address it?"], CS,  # an issue list: sections
     {("m0", "CSBR", "9.4", None), ("m0", "CSBR", "9.2.4", None)}),
    (["Open points:\n4.9.1.1 - Should the reasons change?\n4.9.1.2 - Later."], SW,
     {("m0", "BR", "4.9.1.1", None), ("m0", "BR", "4.9.1.2", None)}),
])
def test_change_log_lines_are_releases(texts, list_name, expected):
    assert _thread_citations(texts, list_name, None) == expected


@pytest.mark.parametrize("texts, list_name, expected", [
    (["Section 4.9.1.1 of the BRs. See Table 4.9.1 for the data."], BZ, {("m0", "BR", "4.9.1.1", None)}),
    (["Per the BRs, see Table 6.1.1 for the key sizes."], BZ, set()),
    (["Per the BRs, see Table 7.1.2 for the extensions."], BZ, set()),
    (["Per the BRs, see Table 1.2.2 for the dates."], BZ, {("m0", "BR", "1.2.2", None)}),  # a section with no parts
    (["The dates in Table 1.2.2 are wrong."], SW, {("m0", "BR", "1.2.2", None)}),
])
def test_table_of_a_heading_with_subsections(texts, list_name, expected):
    assert _thread_citations(texts, list_name, None) == expected


@pytest.mark.parametrize("texts, list_name, subject, expected", [
    (["the requirements for revocation if the CA is \"made aware of a material change in the information "  # X
      "contained in the certificate\" (#6 in the 5 day range) and if the CA \"determines\""], PU,
     "Re: [cabfpub] Ballot SC6 - Revocation Timeline Extension", {("m0", "BR", "4.9.1.1", 6)}),
    (["this is #6 in the 5-day list and #3 in the 24 hour list"], PU, "Ballot SC6",
     {("m0", "BR", "4.9.1.1", 6), ("m0", "BR", "4.9.1.1", 3)}),
    (["That one is reason #4 in the 24-hour bucket."], SW, "Revocation", {("m0", "BR", "4.9.1.1", 4)}),
    (["It is #2 in the five day reasons of the S/MIME BRs."], "smcwg-public@lists.cabforum.org", "Revocation",
     {("m0", "SMIME-BR", "4.9.1.1", 2)}),
    (["Bug #12 in the 5 day queue was closed."], SW, "Revocation", set()),  # near miss: no reasons' list
    (["see #12 of section 4.9.1.1"], PU, "Ballot SC6", {("m0", "BR", "4.9.1.1", 12)}),
    (["see #2 in section 6.1.1 of the BRs"], PU, "Keys", {("m0", "BR", "6.1.1", 2)}),
])
def test_item_of_the_revocation_reasons_by_time_limit(texts, list_name, subject, expected):
    assert _thread_citations(texts, list_name, subject) == expected


@pytest.mark.parametrize("texts, list_name, subject, expected", [
    (["I think it is time we put it to a ballot. The text is as below, I am looking for two endorsers.\n"  # X
      "2.2.1 Notification of incorrect issuance\nIn the event that a CA issues a certificate in violation of "
      "these\nrequirements, the CA SHALL publicly disclose a report within one week of\nbecoming aware of the "
      "violation."], PU, "Re: [cabfpub] Misissuance of certificates", {("m0", "BR", "2.2.1", None)}),
    (["The text is as below:\n2.2.1. Notification of incorrect issuance\nIn the event that a CA issues a "
      "certificate in violation of these requirements, the CA SHALL disclose a report."], PU, "Misissuance",
     {("m0", "BR", "2.2.1", None)}),
    (["Proposed text:\n\n4.2.4 Reuse of stale domain validations\n\nThe CA MUST NOT reuse a validation older "
      "than the period in Section 4.2.1."], SW, "Ballot", {("m0", "BR", "4.2.4", None), ("m0", "BR", "4.2.1", None)}),
    (["Notes of the call:\n2.2.1 Next steps for the group\nWe will meet again next week."], PU, "Minutes", set()),
    (["Summary:\n2.2.1 Notification of incorrect issuance\nThe group liked it."], PU, "Minutes", set()),
])
def test_pasted_heading_before_policy_text(texts, list_name, subject, expected):
    assert _thread_citations(texts, list_name, subject) == expected


def test_chooser_weights_are_data():
    weights = cit.get_table().chooser["weights"]
    assert set(weights) == {"steps", "steps_far", "own_copy", "index_title", "rfc_owner", "rfc_sentence", "rfc_link",
                            "rfc_near", "home", "absent", "subject_copy", "smime_words", "copy_requirement",
                            "own_new_section"}
    # a cue of the number's own words beats the steps; an RFC named near it only the message at large or a document
    # that never had the number, not the home that has it; the RFC its sentence implies the home, not the steps
    assert min(weights["own_copy"], weights["index_title"], weights["rfc_owner"], weights["rfc_link"]) > weights["steps"]
    assert weights["steps_far"] < weights["rfc_near"] < weights["home"] < weights["rfc_sentence"] == weights["steps"]
    assert weights["steps"] + weights["absent"] < weights["rfc_near"]
    # the CP/CPS a sentence opens with beats a document that sentence names after the number (session 16); S/MIME
    # words beat only a document read from the message at large
    assert weights["subject_copy"] > weights["steps"]
    assert weights["steps_far"] < weights["smime_words"] < weights["steps"]
    # a section proposed anew in a CA's own CP/CPS repository beats only a document read from the message at large
    # (session 17: "The BRs added 4.3.1.2" keeps the BR its sentence names)
    assert weights["steps_far"] < weights["own_new_section"] < weights["steps"]
    # a policy's requirement placing something in a CA's CP/CPS beats the quoted policy the steps read (cite16b)
    assert weights["copy_requirement"] > weights["steps"]


@pytest.mark.parametrize("texts, list_name, expected", [
    (["Section 9.2.4 of the EVGs and section 7.1.4.2.2 of the BRs disagree."], SW,
     {("m0", "EVG", "9.2.4", None), ("m0", "BR", "7.1.4.2.2", None)}),
    (["Sections 9.2.1 and 9.2.2 of the EVGs and section 4.9.1.1 of the BRs apply."], SW,
     {("m0", "EVG", "9.2.1", None), ("m0", "EVG", "9.2.2", None), ("m0", "BR", "4.9.1.1", None)}),
    (["BR 4.9.1.1 and 4.9.1.2 of the BRs apply."], SW,  # the same document: one list
     {("m0", "BR", "4.9.1.1", None), ("m0", "BR", "4.9.1.2", None)}),
    (["Sections 4.2.1.12 and 4.2.1.13 of RFC 5280 apply."], SW,
     {("m0", "RFC", "5280", "4.2.1.12"), ("m0", "RFC", "5280", "4.2.1.13")}),
])
def test_a_list_stops_at_a_number_naming_its_own_document(texts, list_name, expected):
    """A list after a citation ("Section 9.2.4 of the EVGs and section …") does not take a later number whose own
    words name another document ("… section 7.1.4.2.2 of the BRs"): that number is its document's."""
    assert _thread_citations(texts, list_name, None) == expected
