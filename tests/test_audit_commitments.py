"""A commitment to post a document is done by the later message that is the document (session-9 audit).

"The full report will be posted no later than March 29, 2024." is followed, in Bugzilla incident bugs, by the
assignee's comment that opens with the heading "Incident Report" or "Full Incident Report": that comment is the
report. `query commitments` listed those commitments as overdue (no later sentence says "posted")."""
from __future__ import annotations

from datetime import date

import pytest

from threadkb.cli import main
from threadkb.followup import is_title_of
from threadkb.kb import KnowledgeBase

HEADINGS = [  # commitment, first line of a later message by the same speaker or organisation, done?
    ("The full report will be posted no later than March 29, 2024.", "Incident Report", True),
    ("This is a preliminary report, a full incident report will be posted no later than 2025-04-23.",
     "Full Incident Report", True),
    ("We will provide a final report by 2025-05-01.", "Final Report", True),
    ("We will publish the audit letter by June.", "Audit Letter", True),
    ("We will submit an updated CPS by Friday.", "Updated CPS", True),
    ("The full report will be posted no later than March 29, 2024.", "Summary", False),  # no promised word
    ("The full report will be posted no later than March 29, 2024.",
     "The report is still being written and we will post it next week.", False),  # a sentence, not a heading
    ("We will revoke the affected certificates within five days.", "Revocation Report", False),  # not a document
    ("The full report will be posted no later than March 29, 2024.", "Report", True),
]


@pytest.mark.parametrize("commitment,heading,done", HEADINGS)
def test_a_heading_naming_the_promised_document_delivers_it(commitment, heading, done):
    assert is_title_of(commitment, heading, "VikingCloud") is done


@pytest.mark.parametrize("path,claim_words,status,heading", [
    ("corpora/024_bugzilla-1885568-vikingcloud-alt-rendering-comment-headers.txt",
     "The full report will be posted no later than March 29, 2024.", "done", "Incident Report"),
    # the page lost the author of the comment holding the "Full Incident Report": nothing says it is someone else's
    # either (no writer, no organisation), and its heading is the promised document (session 13: was "overdue")
    ("corpora/077_bugzilla-1959278-chunghwa-delayed-revocation-br4911-item5.txt",
     "a full incident report will be posted no later than 2025-04-23", "done", "Full Incident Report"),
])
def test_report_commitments_of_incident_bugs_are_done(tmp_path, path, claim_words, status, heading):
    """The comments of a Bugzilla page copy carry no dates: the page's order tells which comes later."""
    db = str(tmp_path / "kb.sqlite")
    assert main(["ingest", "--quiet", "--db", db, path]) == 0
    rows = [r for r in KnowledgeBase(db).commitments(at=date(2026, 1, 1)) if claim_words in r.text]
    assert len(rows) == 1
    assert (rows[0].status, rows[0].done_text) == (status, heading)
