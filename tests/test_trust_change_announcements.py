"""A distrust or removal date a root program announces is no commitment, and a date that describes the things a
sentence is about is no deadline.

Classes of input: (1) a sentence whose future is a change of trust a root store makes ("… will no longer be trusted by
default", "will be unaffected by this change", "will be distrusted after DATE", "will be removed from the Mozilla root
store"): the claim model read a commitment (062: "Upcoming change in Chrome 139 …", "… whose earliest SCT is on or
before July 31, 2025 …, will be unaffected by this change"), so the reviewer's commitments listed Chrome's distrust
notice, "due 31 Jul 2025", "announced, its day passed"; a CA's own action keeps its kind. (2) a date in a condition on
the things ("whose earliest SCT is on or before DATE", "issued before DATE", "with a notBefore before DATE") was read
as the deadline ("on or before", "before" are deadline keywords); a real deadline after such a condition is still read.
Real corpus text (062, 036, the reference thread) and constructed variants.
"""
from __future__ import annotations

from datetime import date

import pytest

from threadkb.cli import main
from threadkb.extract import claim_model
from threadkb.extract.claim_model import Context, features
from threadkb.extract.deadlines import find
from threadkb.kb import KnowledgeBase
from threadkb.pipeline import extract_paths

CTX = Context(index=1, count=3, message_words=60)
PROMISES = claim_model.ClaimModel({"claim": {"intercept": 0.0, "weights": {}},
                                   "kind": {"classes": ["assertion", "request", "commitment"],
                                            "intercept": [0.0] * 3, "weights": {"bias_shape": [0.0, 0.0, 5.0]}}})
C062 = "corpora/062_ccadb-public-googlegroups-chrome-distrust-2025.txt"


@pytest.mark.parametrize("text, kind", [
    # corpus 062 (Chrome Root Program)
    ("Upcoming change in Chrome 139 and higher: Transport Layer Security (TLS) server authentication certificates "
     "validating to the following root CA certificates whose earliest Signed Certificate Timestamp (SCT) is dated after "
     "July 31, 2025 11:59:59 PM UTC, will no longer be trusted by default.", "assertion"),
    ("TLS server authentication certificates validating to the above set of roots whose earliest SCT is on or before "
     "July 31, 2025 11:59:59 PM UTC, will be unaffected by this change.", "assertion"),
    # constructed: other trust changes, other speakers
    ("The e-Tugra root certificates will be distrusted after 2023-01-01.", "assertion"),
    ("Mozilla will remove the TrustCor roots from its root store on 2022-12-01.", "assertion"),
    ("The root will be removed from the Mozilla Root Store in the next NSS release.", "assertion"),
    ("Certificates issued after November 30, 2022 won't be trusted by Firefox.", "assertion"),
    ("Apple will stop trusting these roots in iOS 18.", "assertion"),
    ("Existing certificates will not be affected by this decision.", "assertion"),
    # a CA's own action keeps its kind
    ("We will revoke all affected certificates by 2025-10-13.", "commitment"),
    ("SHECA will remove the affected certificates from our systems by Friday.", "commitment"),
    ("We will remove the DNS Operator exception from our CPS.", "commitment"),
    ("Entrust will no longer issue certificates from these roots after 2024-10-31.", "commitment"),
    ("We will make sure the new root is trusted by all browsers.", "commitment"),
    # a trust change beside the speaker's own promise, or the speaker's own system that stops accepting (review15a)
    ("Our legacy API keys will no longer be accepted after 2025-06-30, and we will notify all customers by 2025-06-01.",
     "commitment"),
    ("Customers using the old root will not be affected by this change until we complete migration by 2025-09-01.",
     "commitment"),
    ("We will remove the compromised sub-CA from the CCADB and our trust list by 2025-03-15.", "commitment"),
    ("Starting April 1, 2025, certificate requests validated with method 3.2.2.4.6 will no longer be accepted by our RA "
     "system.", "commitment"),
    ("We have decided that orders will no longer be accepted through the legacy portal after 2025-05-01.", "commitment"),
    ("The roots will no longer be trusted by default, and we'll publish the list of affected CAs by 2025-07-01.",
     "commitment"),
    # ... and what stays a trust change: the speaker's "we" is the root store's
    ("We will remove the Camerfirma roots from our root store in Firefox 103.", "assertion"),
    ("We will stop trusting these roots in the next release.", "assertion"),
    ("Certificates issued by these roots will no longer be accepted by Chrome after 2025-07-31.", "assertion"),
])
def test_trust_change_is_no_commitment(text, kind):
    d = claim_model.decide(PROMISES, text, features(text, "commitment", "commitment: will", 0.0, [], CTX))
    assert d.kind == kind
    assert (claim_model.TRUST_CHANGE_RULE in d.why) == (kind == "assertion")


@pytest.mark.parametrize("text, deadline", [
    # corpus 062: a condition on the certificates
    ("TLS server authentication certificates validating to the above set of roots whose earliest SCT is on or before "
     "July 31, 2025 11:59:59 PM UTC, will be unaffected by this change.", None),
    # corpus 036, the reference thread: real deadlines
    ("All certificates impacted by this incident, regardless of circumstances, will be revoked no later than Saturday, "
     "August 3rd 2024, 19:30 UTC.", date(2024, 8, 3)),
    ("We will revoke all certificates by 2025-10-13.", date(2025, 10, 13)),
    # constructed conditions
    ("Certificates whose notBefore dates are before 2025-03-01 will be distrusted.", None),
    ("Certificates issued before 2025-03-01 are out of scope.", None),
    ("Certificates with a notBefore before March 1, 2025 will not be trusted.", None),
    ("Certificates dated on or before 2025-03-01 will keep working.", None),
    ("Precertificates logged before July 1, 2025 are not affected.", None),
    # a condition, then a deadline: the deadline
    ("Certificates issued before 2025-03-01 will be revoked by 2025-04-01.", date(2025, 4, 1)),
    ("We will complete the migration before 2025-06-30, for certificates issued until May 1, 2025.",
     date(2025, 6, 30)),
    # the participle is the predicate of a future or modal: a deadline (review15a; all were None)
    ("Replacement certificates will be issued by 2025-10-10.", date(2025, 10, 10)),
    ("The audit report will be submitted by March 1, 2025.", date(2025, 3, 1)),
    ("The fix will be deployed and validated by 2025-04-01.", date(2025, 4, 1)),
    ("All new certificates will be issued before 2025-10-10.", date(2025, 10, 10)),
    ("We will have the updated CPS signed by 2025-05-05.", date(2025, 5, 5)),
    ("The corrected CRL must be generated by 2025-02-02.", date(2025, 2, 2)),
    ("The precertificates are to be logged by 2025-06-06.", date(2025, 6, 6)),
    ("The new intermediate, which we'll have issued by 2025-07-07, replaces it.", date(2025, 7, 7)),
    # ... but a modal in another clause leaves a condition one
    ("We will revoke them, all certificates issued before 2025-03-01 included.", None),
])
def test_condition_date_is_no_deadline(text, deadline):
    found = find(text, date(2025, 1, 10), commitment=True)
    assert (found.due if found else None) == deadline


def test_chrome_distrust_notice_has_no_commitment_and_no_deadline():
    (ex,) = extract_paths([C062])
    assert [c.text[:40] for c in ex.claims if c.kind.value == "commitment"] == []
    assert [c.deadline for c in ex.claims if c.deadline is not None] == []
    notice = [c for c in ex.claims if "will no longer be trusted" in c.text or "unaffected by this change" in c.text]
    assert [(c.kind.value, claim_model.TRUST_CHANGE_RULE in c.cue) for c in notice] == [("assertion", True)] * 2


def test_kb_lists_no_commitment_of_the_notice(tmp_path):
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, C062]) == 0
    assert KnowledgeBase(db).commitments(at=date(2026, 12, 5)) == []
