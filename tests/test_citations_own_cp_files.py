"""A link into a CA's own CP or CPS file in a repository, whatever the file is called: "cp.md", "CP-CPS.md" were
known; "certificate-policy.md", "Certification_Practice_Statement.md", "certificate-practices-statement.md" are the
same kind of file (the CPS row of ``url_documents`` in citation_patterns.json names the file shapes, not one
repository's). Its anchor's section is the CA's own document's (CPS), never the BR of the thread or message.
Constructed rows after a government PKI repository's links; guards: a policy's own file (BR.md) and a policy
document's site stay theirs."""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations

HOMES = ["dev-security-policy@lists.mozilla.org", "GitHub cabforum/servercert"]

ROWS = [  # (text, what it cites)
    ("See [section 4.3](https://github.com/uspki/policies/blob/master/certificate-policy.md#43-certificate-issuance).",
     [("CPS", "4.3", None)]),
    ("See https://github.com/example/pki/blob/main/docs/Certification_Practice_Statement.md"
     "#4910-on-line-revocation-checking-requirements", [("CPS", "4.9.10", None)]),
    ("The BRs are clear, see https://github.com/example/pki/blob/main/certificate-practices-statement.md"
     "#612-private-key-delivery-to-subscriber", [("CPS", "6.1.2", None)]),
    ("See [4.1.2](https://github.com/letsencrypt/cp-cps/blob/main/CP-CPS.md#412-enrollment-process-and-responsibilities).",
     [("CPS", "4.1.2", None)]),
    # guards: a policy's own file is that policy's
    ("See [7.1.2](https://github.com/cabforum/servercert/blob/main/docs/BR.md#712-certificate-content-and-extensions).",
     [("BR", "7.1.2", None)]),
]


@pytest.mark.parametrize("home", HOMES)
@pytest.mark.parametrize("text, expected", ROWS, ids=[r[0][:50] for r in ROWS])
def test_a_link_into_a_ca_s_own_cp_file(text, expected, home):
    assert [(d, s, i) for _, d, s, i in _thread_citations([text], home)] == expected
