"""A commitment whose day passed is *overdue* only when it is a promise a party under review owes: a root program's or
a body's announcement (a distrust notice, a policy's date) and a service event planned on a day ("system upgrades … on
Monday, October 15") are *announced, its day passed* (``followup.announcement``; ``kb_done_cues.json``
``announcements``). A timestamped timeline entry is no commitment at all (the claim stage's ``timeline_entry`` rule,
tests/test_claims_model.py). Rows of usertest13: ``query commitments --overdue`` listed all three."""
from __future__ import annotations

from datetime import date

import pytest

from threadkb import followup
from threadkb.cli import main
from threadkb.extract.deadlines import planned_day
from threadkb.followup import ANNOUNCED, OPEN, OVERDUE, Promise, ThreadOrder, announcement, commitment_state
from threadkb.kb import KnowledgeBase
from threadkb.pipeline import extract_paths
from threadkb.report import render_markdown

UPGRADES = "We will be doing system upgrades to the CCADB on Monday, October 15, 8am-6pm Pacific Time."
DISTRUST = ("TLS server authentication certificates validating to the above set of roots whose earliest SCT is on or"
            " before July 31, 2025 11:59:59 PM UTC, will be unaffected by this change.")


@pytest.mark.parametrize("text, day", [
    (UPGRADES, "on Monday, October 15"),
    ("The maintenance is scheduled for March 3, 2025.", "scheduled for March 3, 2025"),
    ("We will deploy on 2025-04-15.", "on 2025-04-15"),
    ("We will revoke by October 15, 2025.", None),  # a deadline
    ("ISRG will test an additional fix in its staging environment on or by 2021-11-12.", None),  # "by" binds
    ("We will deploy on 2025-04-15 and revoke within 5 days.", None),  # a deadline of its own comes first
    ("We will upgrade the systems soon.", None),
])
def test_planned_day(text, day):
    assert planned_day(text) == day


@pytest.mark.parametrize("text, org, why", [
    # root programs and bodies (orgs.json kinds), also named with a team word or an owner
    (DISTRUST, "Chrome Root Program", "an announcement of Chrome Root Program (a root program), no promise of a party"
     " under review"),
    ("Mozilla will publish version 3.0 of the policy by March 1, 2025.", "Mozilla",
     "an announcement of Mozilla (a root program), no promise of a party under review"),
    ("The Chrome Root Program Team will remove the root by 2025-01-01.", "Chrome Root Program Team",
     "an announcement of Chrome Root Program Team (a root program), no promise of a party under review"),
    ("The CCADB will require the new fields by 2025-06-01.", "CCADB",
     "an announcement of CCADB (a body), no promise of a party under review"),
    # a service event planned on a day, whoever announces it
    (UPGRADES, None, "an announced service event (\u201cupgrades\u201d) on a day (\u201con Monday, October 15\u201d), not"
     " a deadline"),
    ("The CCADB will be down for maintenance on 2025-03-03.", None,
     "an announced service event (\u201cmaintenance\u201d) on a day (\u201con 2025-03-03\u201d), not a deadline"),
    # promises of a CA stay promises
    ("All certificates impacted by this incident will be revoked no later than Saturday, August 3rd 2024, 19:30 UTC.",
     "DigiCert", None),
    ("SHECA will revoke the certificates on 2025-10-13.", "SHECA", None),  # a day, but no service event
    ("We will finish the migration by 2025-03-03.", None, None),  # a service word, but a deadline
    ("We will revoke them on 2025-10-13.", None, None),
    # a service event of a root program's or a body's service, not a CA's own remediation (review14a)
    ("We will complete the upgrades of the CCADB on 2025-03-03.", None, "an announced service event (\u201cupgrades\u201d)"
     " on a day (\u201con 2025-03-03\u201d), not a deadline"),
    ("Mozilla's policy call is on 2025-03-03.", "Mozilla", "an announcement of Mozilla (a root program), no promise of a"
     " party under review"),
    ("We will complete the upgrades on 2025-03-03.", "SHECA", None),  # a CA's action item: no service of anyone's named
    ("We will deploy the linter upgrade on 2025-04-15.", "SHECA", None),
    ("We will complete the migration to the new HSMs on March 3, 2025.", "Entrust", None),
    ("We will hold a call with our auditor on March 3, 2025.", "HARICA", None),
    ("We will deploy the upgrade of our CAA checker on 2021-09-20.", None, None),  # a writer of no known organisation
    ("As the CCADB asked, we will complete the migration on 2025-03-03.", "SHECA", None),  # a CA names a body
])
def test_announcement(text, org, why):
    assert announcement(Promise("c", text, "m", "p", org and org.lower(), org, None, "2025-01-01")) == why


def _state(text: str, org: str | None, deadline: str, at: str) -> str:
    order = ThreadOrder([followup.Post("m", "p", None, None, "2018-10-09T00:00:00Z")], lambda mid: text,
                        lambda: {}, lambda: {})
    return commitment_state(Promise("c", text, "m", "p", org and org.lower(), org, None, deadline), order, at).state


@pytest.mark.parametrize("text, org, deadline, at, state", [
    (UPGRADES, None, "2018-10-15", "2018-10-10", OPEN),  # before its day: open, as any commitment
    (UPGRADES, None, "2018-10-15", "2018-10-16", ANNOUNCED),
    (DISTRUST, "Chrome Root Program", "2025-07-31", "2026-12-05", ANNOUNCED),
    ("SHECA will revoke all certificates within five days.", "SHECA", "2025-10-13", "2025-11-01", OVERDUE),
])
def test_commitment_state(text, org, deadline, at, state):
    assert _state(text, org, deadline, at) == state


CORPUS_OVERDUE = [  # every row `query commitments --overdue --at 2026-12-05` listed on main (7f44a3b), over corpora/
    ("corpora/009_mdsp-mailarchive-search-20181009-undisclosed-intermediates.txt", "We will be doing system upgrades",
     ANNOUNCED),
    # a change of trust a root store announces is no commitment at all (claim_features.json rules trust_change)
    ("corpora/062_ccadb-public-googlegroups-chrome-distrust-2025.txt", "will be unaffected by this change", None),
    ("corpora/mdsp-2025-10-sheca-api-keys.txt", "revoke all certificates applied for through the above two API",
     OVERDUE),
    ("corpora/036_bugzilla-1910805-digicert-delayed-revocation-tro.txt", "will be revoked no later than Saturday",
     OVERDUE),
    ("corpora/066_mdsp-mailarchive-isrg-root-x2-inclusion-bug-list.txt", "ISRG will test an additional fix", OVERDUE),
]


@pytest.fixture(scope="module")
def corpus_kb(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("kb") / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, *dict.fromkeys(p for p, _, _ in CORPUS_OVERDUE)]) == 0
    return KnowledgeBase(db)


@pytest.mark.parametrize("path, words, state", CORPUS_OVERDUE)
def test_corpus_rows(corpus_kb, path, words, state):
    rows = [r for r in corpus_kb.commitments(at=date(2026, 12, 5)) if words in r.text]
    assert [r.status for r in rows] == ([state] if state else [])
    overdue = [r for r in corpus_kb.commitments(at=date(2026, 12, 5), overdue=True) if words in r.text]
    assert len(overdue) == (state == OVERDUE)


def test_timeline_entry_of_digicert_is_no_commitment(corpus_kb):
    """036's "July 29, 2024 22:36 – DigiCert identifies … lets them know we will be revoking within 24 hours"."""
    rows = [r for r in corpus_kb.claims() if "22:36" in r.text]
    assert [(r.kind, r.file.endswith("036_bugzilla-1910805-digicert-delayed-revocation-tro.txt")) for r in rows] == [
        ("assertion", True)]


def test_message_sent_on_behalf_of_an_organisation_speaks_for_it():
    """062 opens "[This message is being sent on behalf of the Chrome Root Program to …]": every claim after it speaks
    for the Chrome Root Program (a persona, claim_cues.json on_behalf_of.persona "sent on behalf of")."""
    (ex,) = extract_paths(["corpora/062_ccadb-public-googlegroups-chrome-distrust-2025.txt"])
    assert {c.on_behalf_of for c in ex.claims} == {"Chrome Root Program"}


@pytest.mark.parametrize("text, org", [
    ("[This message is being sent on behalf of the Chrome Root Program to the list.]\n\nAll,\n\nWe will distrust X.",
     "Chrome Root Program"),
    ("I am writing on behalf of Mozilla.\n\nWe will remove the root.", "Mozilla"),
    ("Our reply is posted on behalf of HARICA.\n\nWe will publish the report.", "HARICA"),
    ("We will publish the report; it was sent on behalf of nobody.", None),  # no organisation named
    # names with an apostrophe, a slash or a capital beyond ASCII (review14a: 'Let', 'CA', nothing)
    ("I am writing on behalf of Let's Encrypt.\n\nWe will revoke them.", "Let's Encrypt"),
    ("I'm writing on behalf of the CA/Browser Forum.\n\nWe will publish the ballot.", "CA/Browser Forum"),
    ("We are writing on behalf of Ölçüm CA.\n\nWe will publish the report.", "Ölçüm CA"),
    ("I am writing on behalf of Mozilla's root program.\n\nWe will remove the root.", "Mozilla"),  # a possessive
])
def test_sent_on_behalf_of_persona(text, org):
    from threadkb.extract.claims import on_behalf_of
    last = text.rindex("We will")
    assert on_behalf_of(text[last:], last, text)[0] == org


def test_report_says_announced_with_its_reason():
    (ex,) = extract_paths(["corpora/009_mdsp-mailarchive-search-20181009-undisclosed-intermediates.txt"])
    md = render_markdown(ex, date(2026, 12, 5))
    assert ("| announced, its day passed 2973 days ago (an announced service event (\u201cupgrades\u201d) on a day"
            " (\u201con Monday, October 15\u201d), not a deadline; its day 2018-10-15 passed before 2026-12-05) |") in md
    assert "overdue" not in md
