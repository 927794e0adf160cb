"""Citation forms of public PKI threads nobody here tuned for (issue 14, session 8 "citereal2"): GitHub issues of
cabforum/servercert, cabforum/smime, mozilla/pkipolicy, mozilla/www.ccadb.org, zmap/zlint, uspki/policies and
Bugzilla CA compliance bugs. Each class: real snippets (source in a comment) and constructed variants, including
near misses that must stay as they were. Exact (document, section, item); document None = the thread decides.

Classes fixed here:
- items named later in the clause of a section that named none ("section 4.9.1.1 under the 24 hours subsection
  between reason #1 and reason #2"), lettered ones after an item word ("7.1.2.3 Subscriber certificates, Paragraph
  f."): ``item_later``;
- an appendix that ends a list after a section, before the list's document ("Section 9.2.8 and Appendix H of the
  EVG"): ``list_appendix_after``;
- a link into a policy's GitHub repository (an issue, a pull request, a file) names that repository's home document
  for the numbers of its sentence ("https://github.com/cabforum/servercert/issues/580 calls for updating 4.9.1.1",
  in an S/MIME thread): ``repository_url``.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from threadkb.extract.citations import find_citations

LATER_ITEMS = [
    # cabforum/servercert #113: "(section 4.9.1.1 under the 24 hours subsection between reason #1 and reason #2)"
    ("line 898 needs to be removed (section 4.9.1.1 under the 24 hours subsection between reason #1 and reason #2)",
     [(None, "4.9.1.1", 1), (None, "4.9.1.1", 2)]),
    ("BR 4.9.1.1 requires it, see item #4.", [("BR", "4.9.1.1", 4)]),
    ("Section 4.9.1.1 of the BRs lists this as reason #12 and #13", [("BR", "4.9.1.1", 12), ("BR", "4.9.1.1", 13)]),
    ("BR 4.9.1.1 under the 5 day list, bullet #7", [("BR", "4.9.1.1", 7)]),
    # near misses: another sentence, another number, a list of sections, an issue number, no item word
    ("BR 4.9.1.1 is clear. Reason #4 applies here", [("BR", "4.9.1.1", None)]),
    ("BR 4.9.1.1 and 4.9.1.2 both list reason #1", [("BR", "4.9.1.1", None), ("BR", "4.9.1.2", None)]),
    ("BR 4.9.1.1 (see issue #12)", [("BR", "4.9.1.1", None)]),
    ("BR 4.9.1.1 was changed in PR #12", [("BR", "4.9.1.1", None)]),
    ("BR 4.9.1.1: the CA MUST revoke, reason #3", [("BR", "4.9.1.1", None)]),
    # cabforum/smime #123, an issue's title: "7.1.2.3 Subscriber certificates, Paragraph f."
    ("7.1.2.3 Subscriber certificates, Paragraph f.", [(None, "7.1.2.3", "f")]),
    ("BR 7.1.2.3 paragraph f", [("BR", "7.1.2.3", "f")]),
    ("BR 7.1.2.3 item f and g", [("BR", "7.1.2.3", "f"), ("BR", "7.1.2.3", "g")]),
    ("SBR 7.1.2.3, points e, f or h.", [("SMIME-BR", "7.1.2.3", "e"), ("SMIME-BR", "7.1.2.3", "f"),
                                          ("SMIME-BR", "7.1.2.3", "h")]),
    # near misses: a letter that is a word ("point a CA"), a letter followed by a word, a range
    ("BR 4.9.1.1 makes the point a CA must revoke", [("BR", "4.9.1.1", None)]),
    ("BR 7.1.2.3 paragraph f applies", [("BR", "7.1.2.3", None)]),
    ("BR 7.1.2.3 item f and a new one", [("BR", "7.1.2.3", None)]),
]


@pytest.mark.parametrize("text,expected", LATER_ITEMS, ids=[r[0][:40] for r in LATER_ITEMS])
def test_items_named_later_in_the_clause(text, expected):
    assert [(c.document, c.section, c.item) for c in find_citations(text)] == expected


APPENDIX_LISTS = [
    # cabforum/smime #30: "this will be based upon Section 9.2.8 and Appendix H of the EVG."
    ("Pending further discussion, this will be based upon Section 9.2.8 and Appendix H of the EVG.",
     [("EVG", "9.2.8", None), ("EVG", "Appendix H", None)]),
    ("see sections 3.2.2.4.7, 3.2.2.4.19 and Appendix A of the BRs",
     [("BR", "3.2.2.4.7", None), ("BR", "3.2.2.4.19", None), ("BR", "Appendix A", None)]),
    ("Section 3.2.2.4 or Appendix B of the Baseline Requirements", [("BR", "3.2.2.4", None), ("BR", "Appendix B", None)]),
    ("Appendix H and Section 9.2.8 of the EVG.", [("EVG", "Appendix H", None), ("EVG", "9.2.8", None)]),  # as before
    # near misses: the appendix names its own document or none; no appendix
    ("Section 9.2.8 and Appendix A of RFC 5280", [(None, "9.2.8", None), ("RFC", "5280", None)]),
    ("Section 9.2.8 and Appendix H", [(None, "9.2.8", None), (None, "Appendix H", None)]),
    ("Section 9.2.8 and Appendix H to be discussed", [(None, "9.2.8", None), (None, "Appendix H", None)]),
]


@pytest.mark.parametrize("text,expected", APPENDIX_LISTS, ids=[r[0][:40] for r in APPENDIX_LISTS])
def test_a_list_ending_in_an_appendix_takes_the_document_named_after_it(text, expected):
    assert [(c.document, c.section, c.item) for c in find_citations(text)] == expected


REPOSITORY_LINKS = [
    # cabforum/smime #274: a link to a servercert issue places the number of its sentence in the TLS BRs
    ("Note that https://github.com/cabforum/servercert/issues/580 calls for updating 4.9.1.1 to explicitly require "
     "revocation within 24 hours", "GitHub cabforum/smime", {("BR", "4.9.1.1", None)}),
    ("As https://github.com/cabforum/smime/pull/12 changes 7.1.2.3, we should follow", "GitHub cabforum/servercert",
     {("SMIME-BR", "7.1.2.3", None)}),
    ("See https://github.com/mozilla/pkipolicy/issues/271 about section 2.4.", "GitHub cabforum/servercert",
     {("MRSP", "2.4", None)}),
    ("https://github.com/cabforum/code-signing/issues/46 proposes a change to 4.9.1.1", None,
     {("CSBR", "4.9.1.1", None)}),
    # near misses: a repository that is no policy's, a CA's own CP/CPS repository, no link
    ("See https://github.com/zmap/zlint/issues/712 about 7.1.2.3.", "GitHub cabforum/smime",
     {("SMIME-BR", "7.1.2.3", None)}),
    ("See https://github.com/letsencrypt/cp-cps/issues/72 about 4.9.5.", "GitHub cabforum/servercert",
     {("BR", "4.9.5", None)}),
    ("Updating 4.9.1.1 to require revocation within 24 hours", "GitHub cabforum/smime", {("SMIME-BR", "4.9.1.1", None)}),
]


@pytest.mark.parametrize("text,list_name,expected", REPOSITORY_LINKS, ids=[r[0][:40] for r in REPOSITORY_LINKS])
def test_a_link_into_a_policy_repository_names_its_document(text, list_name, expected):
    from test_citations import _extract, _message

    ex = _extract([_message("m0", text, datetime(2025, 6, 5))], list_name=list_name)
    assert {(c.document, c.section, c.item) for c in ex.citations} == expected
