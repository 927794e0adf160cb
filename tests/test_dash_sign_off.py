"""A dash sign-off kept inside a flattened line (archives flatten a message's lines into one): "… these updates.
- Ryan (on behalf of the CCADB Steering Committee) On Thu, …, Ryan Dickson wrote: > …" (www.mail-archive.com
public@ccadb.org msg00414) and "… into the open. -selena [1] https://…" (mail-archive.com dev-security-policy,
Selena Deckelmann). It names the author where a sign-off stands: at the end of the message's words (footnote
references after it allowed) or right before an attribution glued on the same line. A dash inside prose, a
flattened list of dash items and Markdown list lines are not sign-offs. Each named case failed before.
"""
from __future__ import annotations

import pytest

from threadkb.parse.people import inline_sign_off_at
from threadkb.pipeline import parse_paths


def _messages(tmp_path, text: str):
    path = tmp_path / "thread.txt"
    path.write_text(text, encoding="utf-8")
    (thread,) = parse_paths([str(path)])
    return thread.messages


_QUOTE = (" On Thu, Feb 6, 2025 at 10:38 AM Ryan Dickson <rdickson@example.com> wrote: > Hi everyone, > > Thanks again "
          "for your continued collaboration and feedback on the set of > proposed updates to the CCADB Incident "
          "Reporting Guidelines. > > Please let us know if there are any questions. > > Thanks, > > Ryan (on behalf "
          "of the CCADB Steering Committee) > > > On Wed, Jan 15, 2025 at 3:52 AM Sandy Balzer <sb@example.com> "
          "wrote: > >> Dear Mike, >> >> For us the current format and depth of the incident reports are >> "
          "sufficient to determine follow-up checks.\n")
_OWN = ("Hi everyone, The updated Incident Reporting Guidelines have been published on CCADB.org. As previously "
        "announced, these updates will take effect on March 1, 2025.\nThank you to all those who collaborated and "
        "offered review and feedback on the set of proposed updates.")
_SELENA = ("Hi! Just wanted to briefly comment in response to the statement. Thank you also to all the thoughtful "
           "contributors to this discussion, in particular this detailed analysis [2]. We make good on our "
           "commitments in the Manifesto when we bring these challenging discussions into the open.")
_NOTES = (" [1] https://blog.mozilla.org/security/2019/02/14/why-does-mozilla-maintain-our-own-root-certificate-store/"
          " [2] https://groups.google.com/d/msg/mozilla.dev.security.policy/nnLVNfqgz7g/rNWEMEkUAQAJ")
_PROSE = ("We have looked at the affected certificates and confirmed that all of them were issued with the wrong "
          "validity period after the change of the profile.")

SIGNED = [  # (text, author of the top message)
    (_OWN + " - Ryan (on behalf of the CCADB Steering Committee)" + _QUOTE, "Ryan Dickson"),  # the real page
    (_SELENA + " -selena" + _NOTES + "\n", "selena"),  # the real page (its cut list footer left out)
    (_SELENA + " -selena\n", "selena"),
    (_PROSE + " We will revoke them. - Ryan (on behalf of Example CA)" + _QUOTE, "Ryan Dickson"),
    (_PROSE + " We will revoke them. - Ryan (on behalf of Example CA)\n", "Ryan"),
    (_PROSE + " Thanks for the report. -Ben Wilson\n", "Ben Wilson"),
    (_PROSE + " Thanks for the report. —Tim" + _QUOTE, "Tim"),
    (_PROSE + " Thanks for the report. - Matt\n", "Matt"),
]
UNSIGNED = [  # a dash that is no sign-off: the author stays unknown
    _PROSE + " The fix is described in the report. - see below\n",  # prose, lower-case words after a spaced dash
    _PROSE + " - the CA must revoke them within five days.\n",  # a dash inside prose
    _PROSE + " Next steps: - revoke the certificates. - Notify\n",  # a flattened list of dash items
    _PROSE + " It is fixed. - Done\n",  # a word that is no name
    _PROSE + " It is fixed. -thanks\n",  # a closing word
    _PROSE + "\n\nNext steps:\n- revoke the certificates.\n- notify the reporter.\n",  # Markdown list items
    _PROSE + " Next steps: - revoke the certificates. - notify the reporter.\n",  # the same list, flattened
    _PROSE + " - Ryan and the team will follow up" + _QUOTE,  # a name that goes on as a sentence
]


@pytest.mark.parametrize("text,author", SIGNED, ids=range(len(SIGNED)))
def test_a_dash_sign_off_in_a_flattened_line_names_the_author(tmp_path, text, author):
    assert _messages(tmp_path, text)[0].author == author


@pytest.mark.parametrize("text", UNSIGNED, ids=range(len(UNSIGNED)))
def test_a_dash_that_is_no_sign_off_names_nobody(tmp_path, text):
    assert _messages(tmp_path, text)[0].author is None


@pytest.mark.parametrize("line,name", [
    ("… be approved. Thanks, Ben", "Ben"),  # the closing form, unchanged
    ("… these updates. - Ryan (on behalf of the CCADB Steering Committee)", "Ryan"),
    ("… into the open. -selena [1] https://example.org/a [2] https://example.org/b", "selena"),
    ("… into the open. - selena", None),  # a lower-case word after a spaced dash reads as prose
    ("… into the open. -selena deckelmann", None),  # lower-case: one word only
    ("… into the open. -selena and more words follow", None),
    ("Steps: - revoke. - Notify", None),
    ("We will revoke them - Ryan", None),  # no sentence ends before the dash
])
def test_inline_sign_off_reads_a_dash_sign_off(line, name):
    got = inline_sign_off_at(line)
    assert (got.name if got else None) == name


# the same sign-off closes a flattened quote that lost its markers under a top attribution (the quote-end reading
# of tests/test_mail_leftover_shapes.py, whose "Thanks, Ben" case it extends): the reply after it is the reply's
_HEAD = "Re: Incident Reporting Updates\nRyan Dickson via dev-security-policy\nMon, 22 Jan 2024 07:41:12 -0800\n\n"
_GMAIL = "On Fri, Jan 19, 2024 at 3:10 PM Ben Wilson <bwilson@example.com> wrote:\n"
_REPLY = "We support the 72-hour deadline, but weekly updates seem excessive for\nincidents awaiting closure.\n"
_BEN = ("All, the purpose of this email is to start the discussion of issue 276. We would like to collect comments "
        "and feedback on the proposed new section 6.1.3 in the MRSP.")


@pytest.mark.parametrize("sign_off", [" - Ben", " -Ben", " - Ben (on behalf of Mozilla)", " -ben"])
def test_a_dash_sign_off_ends_a_flattened_top_quote(tmp_path, sign_off):
    top, quoted = _messages(tmp_path, _HEAD + _GMAIL + _BEN + sign_off + "\n\n" + _REPLY)
    assert (top.in_reply_to, quoted.author, [t.text.strip() for t in top.lines if t.text.strip()]) == (
        quoted.key, "Ben Wilson", _REPLY.strip().split("\n"))
