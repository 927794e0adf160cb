"""A CA's change of its own process said without "we/our" ("Certificate requests validated with the old method will no
longer be accepted after …", "Existing subscribers will not be affected by this change") is not a root program's
trust-change announcement: who speaks decides. The speaker's side comes from their own evidence only
(``identity.speaker_kind``: on behalf of, "Name (Org)", e-mail domain, sign-off line), never from an organisation the
message merely names; the forms only a root store's decision takes ("will no longer be trusted", "will be removed from
the root store") and a sentence naming a root program ("… accepted by Chrome") stay announcements, whoever reports them.
Real corpus text (062: Chrome's distrust notice, its speaker a root program) and constructed CA mails."""
from __future__ import annotations

import pytest

from threadkb import identity
from threadkb.extract import claim_model
from threadkb.extract.claim_model import Context, features
from threadkb.pipeline import extract_paths

CTX = Context(index=1, count=3, message_words=60)
PROMISES = claim_model.ClaimModel({"claim": {"intercept": 0.0, "weights": {}},
                                   "kind": {"classes": ["assertion", "request", "commitment"],
                                            "intercept": [0.0] * 3, "weights": {"bias_shape": [0.0, 0.0, 5.0]}}})
CA = ("CA", "CA: SHECA, by e-mail domain sheca.com")
ROOT = ("root_program", "root_program: Mozilla, by e-mail domain mozilla.com")

PROCESS = [
    "Existing subscribers will not be affected by this change.",
    "Certificates issued before March 1 will be unaffected by this change.",
    "Certificate requests validated with the old email method will no longer be accepted after 2025-03-15.",
    "Domain validations performed with method 3.2.2.4.6 will no longer be recognised from 2025-04-01.",
]
DECISIONS = [
    "The root will be removed from the Mozilla Root Store on 2025-04-15.",
    "Certificates issued after November 30, 2025 won't be trusted.",
    "Certificates issued by these roots will no longer be accepted by Chrome after 2025-07-31.",
    "TLS server authentication certificates validating to the above set of roots whose earliest SCT is on or before "
    "July 31, 2025 11:59:59 PM UTC, will be unaffected by this change.",  # 062, when a CA reports it: no CA named...
]


def _decide(text: str, side):
    return claim_model.decide(PROMISES, text, features(text, "commitment", "commitment: will", 0.0, [], CTX), side)


@pytest.mark.parametrize("text", PROCESS)
@pytest.mark.parametrize("side, kind", [(CA, "commitment"), (ROOT, "assertion"), (None, "assertion")],
                         ids=["ca", "root-program", "unknown"])
def test_process_change_is_the_speakers_own(text, side, kind):
    d = _decide(text, side)
    assert d.kind == kind
    assert ("CA: SHECA, by e-mail domain sheca.com" in d.why) == (kind == "commitment")
    assert (claim_model.TRUST_CHANGE_RULE in d.why) == (kind == "assertion")


@pytest.mark.parametrize("text", DECISIONS[:3])
@pytest.mark.parametrize("side", [CA, ROOT, None], ids=["ca", "root-program", "unknown"])
def test_root_store_decision_whoever_reports_it(text, side):
    d = _decide(text, side)
    assert (d.kind, claim_model.TRUST_CHANGE_RULE in d.why) == ("assertion", True)


@pytest.mark.parametrize("author, email, signature, on_behalf_of, expected", [
    ("Jane Doe", "jane.doe@sheca.com", ["Jane Doe", "Compliance Team"], None, ("CA", "CA: SHECA, by e-mail domain sheca.com")),
    ("Jane Doe", "jane@gmail.com", ["Jane Doe", "SHECA Compliance Team"], None, ("CA", "CA: SHECA, by signature line")),
    ("Jane Doe (SHECA)", None, [], None, ("CA", "CA: SHECA, by name (organisation)")),
    ("Jane Doe", None, [], "SHECA", ("CA", "CA: SHECA, by on behalf of")),
    ("Ben Wilson", "bwilson@mozilla.com", ["Ben Wilson", "Mozilla Root Program"], None,
     ("root_program", "root_program: Mozilla, by e-mail domain mozilla.com")),
    # an organisation with roles takes the role its own evidence names: Google Trust Services is a CA
    ("Ryan Dickson", "rcd@google.com", ["Ryan Dickson", "Google Trust Services"], None,
     ("CA", "CA: Google, by e-mail domain google.com")),
    ("Ryan Dickson", "rcd@google.com", ["Ryan Dickson", "Chrome Root Program"], None,
     ("root_program", "root_program: Google, by e-mail domain google.com")),
    ("Jane Doe", "jane@gmail.com", ["Jane Doe"], None, None),  # a personal address, no organisation line
])
def test_speaker_kind_from_own_evidence(author, email, signature, on_behalf_of, expected):
    assert identity.speaker_kind(author, email, signature, on_behalf_of) == expected


def _mail(tmp_path, sender: str, signature: str, body: list[str]) -> str:
    p = tmp_path / "mail.txt"
    p.write_text("\n".join([f"From: {sender}", "Date: Mon, 3 Mar 2025 09:00:00 +0000", "Subject: Re: SHECA: incident",
                            "", *body, "", *signature.split("\n")]) + "\n", encoding="utf-8")
    return str(p)


BODY = ["Following the incident, the CA has updated its validation process, as the Mozilla Root Program asked.",
        "Existing subscribers will not be affected by this change."]


@pytest.mark.parametrize("sender, signature, kind, evidence", [
    ("Jane Doe <jane.doe@sheca.com>", "Jane Doe", "commitment", "CA: SHECA, by e-mail domain sheca.com"),
    ("Jane Doe <jane@gmail.com>", "Jane Doe\nSHECA Compliance Team", "commitment", "CA: SHECA, by signature line"),
    # the message names a root program; its writer's own evidence says CA, and wins
    ("Ben Wilson <bwilson@mozilla.com>", "Ben Wilson\nMozilla Root Program", "assertion", None),
])
def test_mail_of_a_ca_keeps_its_process_change(tmp_path, sender, signature, kind, evidence):
    (ex,) = extract_paths([_mail(tmp_path, sender, signature, BODY)])
    (c,) = [c for c in ex.claims if "not be affected" in c.text]
    assert c.kind.value == kind
    assert (evidence is not None and evidence in c.cue) == (kind == "commitment")


def test_chrome_notice_stays_an_announcement():
    """062: the Chrome Root Program's notice; its writer speaks for no CA."""
    (ex,) = extract_paths(["corpora/062_ccadb-public-googlegroups-chrome-distrust-2025.txt"])
    notice = [c for c in ex.claims if "unaffected by this change" in c.text]
    assert [(c.kind.value, claim_model.TRUST_CHANGE_RULE in c.cue) for c in notice] == [("assertion", True)]
