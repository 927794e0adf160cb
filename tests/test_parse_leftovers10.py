"""Parse left-overs of session 9 (notes9/parse9.md "What is left"), each a class of input with constructed variants
and real public text: exact names, signatures, own text and quote lines, and every input line in exactly one place
(tests/line_accounting.py). Each class test failed before its mechanism; the guards pass before and after.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from line_accounting import parsed_accounted
from threadkb.parse.people import inline_sign_off_at, predicate_words, signature_name


def _parse(tmp_path, text: str):
    return parsed_accounted(tmp_path, text).messages


def _own(m) -> list[str]:
    return [t.text.strip() for t in m.lines if t.text.strip()]


# ---- a sign-off with an affiliation: after the name, in parentheses or brackets ("- Ben (Mozilla)", "Nicol So
# [CommScope]"), after a comma, slash, bar or spaced dash ("-- Ben, Mozilla", "Ben / Google Trust Services",
# "Ben Wilson - Mozilla"), on a line of its own or kept at the end of a flattened line ("… days. - Ben (Mozilla)"),
# and a closing with the name on one line ("Thanks, Ben (on behalf of …)"). The affiliation's words are capitalised
# (but for "of", "the", "for", "&"). The real forms are those of the CA/B Forum's minutes' attendee lists ("Ben
# Wilson - Mozilla", "Li-Chun Chen, Chunghwa Telecom", "Nicol So [CommScope]", "Rich Smith (DigiCert)"). Before: only
# "(on behalf of X)" and a bare parenthesis after a block sign-off were read; the line stayed the message's text.
AFFILIATED = [  # sign-off line, the name it gives
    ("- Ben (Mozilla)", "Ben"),
    ("-- Ben, Mozilla", "Ben"),
    ("—Ben, Mozilla Root Store", "Ben"),
    ("Ben / Google Trust Services", "Ben"),
    ("Ben Wilson | Mozilla", "Ben Wilson"),
    ("Ben Wilson - Mozilla", "Ben Wilson"),  # the real forms (CA/B Forum minutes' attendee lists)
    ("Li-Chun Chen, Chunghwa Telecom", "Li-Chun Chen"),
    ("Nicol So [CommScope]", "Nicol So"),
    ("Rich Smith (DigiCert)", "Rich Smith"),
    ("Ben Wilson, Mozilla Root Program Manager", "Ben Wilson"),
    ("Jaime Hablutzel, Bank of America", "Jaime Hablutzel"),  # a link word inside the organisation
    # real: numpy-discussion, November 2001 (mbox yardstick archive), the quoted writer's "-- " block, as the parser
    # reads the line (white space collapsed); it names the quoted message's author
    ("Paul Barrett, PhD Space Telescope Science Institute", "Paul Barrett"),
]
NOT_AFFILIATED = [  # a short line that is no sign-off: a greeting, a sentence, a list, lower-case words
    "Hi, Arabella",  # real (a SHECA thread's greeting)
    "Therefore, SHECA believes",
    "Yes, Mozilla",
    "Apple, Google, Microsoft",
    "Ben - see below",
    "Ben, and the rest of the team",
    "Thanks, Mozilla",
]


@pytest.mark.parametrize("line,name", AFFILIATED, ids=range(len(AFFILIATED)))
def test_signature_name_reads_a_sign_off_with_an_affiliation(line, name):
    assert signature_name(line) == name


@pytest.mark.parametrize("line", NOT_AFFILIATED, ids=range(len(NOT_AFFILIATED)))
def test_signature_name_refuses_a_comma_or_dash_that_is_no_affiliation(line):
    assert signature_name(line) is None


HEAD = "From: Ben Wilson <bwilson@mozilla.com>\nDate: Tue, 5 Mar 2019 10:00:00 +0000\nSubject: Re: intermediates\n\n"
BODY = "We will update the policy to require that CAs disclose all intermediates within seven days."
SIGNED = [  # text, own text, signature, on behalf of
    (HEAD + BODY + "\n\n- Ben (Mozilla)\n", [BODY], ["- Ben (Mozilla)"], None),
    (HEAD + BODY + "\n\n-- Ben, Mozilla\n", [BODY], ["-- Ben, Mozilla"], None),
    (HEAD + BODY + "\n\nBen / Google Trust Services\n", [BODY], ["Ben / Google Trust Services"], None),
    (HEAD + BODY + "\n\nBen Wilson - Mozilla\n", [BODY], ["Ben Wilson - Mozilla"], None),
    (HEAD + BODY + "\n\nThanks, Ben\n", [BODY, "Thanks,"], ["Ben"], None),  # closing and name on one line
    (HEAD + BODY + "\n\nThanks, Ben (on behalf of the Mozilla Root Program)\n", [BODY, "Thanks,"],
     ["Ben (on behalf of the Mozilla Root Program)"], "Mozilla Root Program"),
    (HEAD + BODY + "\n\nBest regards, Ben Wilson, Mozilla\n", [BODY, "Best regards,"], ["Ben Wilson, Mozilla"], None),
    (HEAD + BODY + " - Ben (Mozilla)\n", [BODY], ["- Ben (Mozilla)"], None),  # flattened: kept at the line's end
    (HEAD + BODY + " -- Ben, Mozilla\n", [BODY], ["-- Ben, Mozilla"], None),
    (HEAD + BODY + " Thanks, Ben (on behalf of Mozilla)\n", [BODY + " Thanks,"], ["Ben (on behalf of Mozilla)"],
     "Mozilla"),
]


@pytest.mark.parametrize("text,own,signature,behalf", SIGNED, ids=range(len(SIGNED)))
def test_a_sign_off_with_an_affiliation_is_the_signature(tmp_path, text, own, signature, behalf):
    (m,) = _parse(tmp_path, text)
    assert (m.author, _own(m), m.signature, m.on_behalf_of) == ("Ben Wilson", own, signature, behalf)


@pytest.mark.parametrize("line,name", [
    ("… within seven days. - Ben (Mozilla)", "Ben"),
    ("… within seven days. -- Ben, Mozilla", "Ben"),
    ("… within seven days. Thanks, Ben (on behalf of Mozilla)", "Ben"),
    ("Thanks, Ben", "Ben"),
    ("Best regards, Kathleen Wilson", "Kathleen Wilson"),  # "Best" is no closing of a name "regards, Kathleen"
    ("… within seven days. - Ben (see comment 4)", None),  # a parenthesis in lower case: prose
    ("… within seven days. - Ben, and the team", None),
    ("Thanks, and see you", None),
])
def test_inline_sign_off_reads_an_affiliation(line, name):
    got = inline_sign_off_at(line)
    assert (got.name if got else None) == name


# the quoted writer's own signature with an affiliation is their sign-off, so it ends a quote that lost its markers
# (the quote-end sign of tests/test_parse_leftovers9.py; before: a guard there pinned it as unread)
GMAIL = "On Fri, Jan 19, 2024 at 3:10 PM Ben Wilson <bwilson@example.com> wrote:\n"
RYAN = "Re: Incident Reporting Updates\nRyan Dickson via dev-security-policy\nMon, 22 Jan 2024 07:41:12 -0800\n\n"
BEN = ["We are proposing that CAs file incident reports within 72 hours of the",
       "discovery of an incident, and that they update those reports weekly."]
REPLY = ["Weekly updates seem excessive."]


@pytest.mark.parametrize("sign_off", ["Ben Wilson, Mozilla Root Program Manager", "- Ben (Mozilla)",
                                      "Ben / Mozilla Root Program"])
def test_the_writers_affiliated_sign_off_ends_a_lost_marker_quote(tmp_path, sign_off):
    top, quoted = _parse(tmp_path, RYAN + GMAIL + "\n".join(BEN) + "\n\n" + sign_off + "\n\n" + REPLY[0] + "\n")
    assert (top.author, _own(top), top.in_reply_to) == ("Ryan Dickson", REPLY, quoted.key)
    assert (quoted.author, _own(quoted), quoted.signature) == ("Ben Wilson", BEN, [sign_off])


# ---- a one-word answer missing from ``answer_words`` read as the author's name ("Reasonable.", "Helpful."): the
# answer words are learned from the corpus' own lower-case words, those it writes as a predicate (after "is", "very",
# "sounds" …: people_words.json ``predicate_frame``; scripts/learn_predicate_words.py writes
# models/predicate_words.json), and read in the thread itself ("Splendid." under "the timeline is splendid"). A name
# never stands there ("will", "mark", "may" do not), so "Will" stays a name. Before: only the hand table and derived
# endings with a lower-case use in the thread.
BODY10 = ("I agree with Ben that the effective date should move to March 15, 2025. CAs need time to update\n"
          "their CRL profiles, and the ballot text already allows for that.\n")
BODY10_LINES = BODY10.strip().split("\n")
QUOTE10 = "On 17/11/2022 5:46 μ.μ., Ben Wilson wrote:\n> All,\n> I propose that we fold the MRSP reason codes into the BRs.\n"
SPLENDID = "On 17/11/2022 5:46 μ.μ., Ben Wilson wrote:\n> The new timeline is splendid for all of us.\n"
LEARNED = [  # the last paragraph stays the message's words; nobody is named
    (BODY10 + "\nReasonable.\n\n" + QUOTE10, "Reasonable."),  # learned from the corpus
    (BODY10 + "\nHelpful.\n\n" + QUOTE10, "Helpful."),
    (BODY10 + "\nAppropriate.\n\n" + QUOTE10, "Appropriate."),
    (BODY10 + "\nDoable\n\n" + QUOTE10, "Doable"),
    (BODY10 + "\nSplendid.\n\n" + SPLENDID, "Splendid."),  # the thread writes "is splendid"
    (BODY10 + "\nSuperb!\n\n" + SPLENDID.replace("splendid", "superb"), "Superb!"),  # (read as a word before too)
]


@pytest.mark.parametrize("text,last", LEARNED, ids=range(len(LEARNED)))
def test_a_learned_answer_word_is_no_sign_off(tmp_path, text, last):
    top = _parse(tmp_path, text)[0]
    assert (top.author, top.signature, _own(top)) == (None, [], BODY10_LINES + [last])


NAMES10 = [  # guards: a name stays a name, also where the thread writes it in lower case but not as a predicate
    (BODY10 + "We will update the bug then.\n\nWill\n\n" + QUOTE10, "Will", ["Will"]),
    (BODY10 + "\nSplendid.\n\n" + QUOTE10, "Splendid", ["Splendid."]),  # nothing says it is a word here
    (BODY10 + "\nMark.\n\n" + QUOTE10.replace("fold", "mark"), "Mark", ["Mark."]),
    (BODY10 + "\nDimitris.\n\n" + QUOTE10, "Dimitris", ["Dimitris."]),
]


@pytest.mark.parametrize("text,author,signature", NAMES10, ids=range(len(NAMES10)))
def test_a_name_not_used_as_a_predicate_still_signs_off(tmp_path, text, author, signature):
    top = _parse(tmp_path, text)[0]
    own = BODY10_LINES + (["We will update the bug then."] if author == "Will" else [])
    assert (top.author, top.signature, _own(top)) == (author, signature, own)


@pytest.mark.parametrize("text,words", [
    ("The timeline is reasonable and the fix sounds fine.", {"reasonable", "fine"}),
    ("That is very helpful, and it was revoked. It is Ben's call.", {"helpful", "revoked"}),
    ("We will grant it. Is Ben there? It is 5 days.", set()),  # no predicate: a name, a digit
])
def test_predicate_words(text, words):
    assert predicate_words(text) == words


def test_the_shipped_predicate_words_reproduce_from_the_corpus():
    root = Path(__file__).resolve().parents[1]
    if not (root.parent / "shared" / "corpora").is_dir():
        pytest.skip("../shared/corpora is not here")
    run = subprocess.run([sys.executable, str(root / "scripts" / "learn_predicate_words.py"), "--check"],
                         capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout.strip()) == (0, "predicate words: same as shipped")


# ---- a quote that lost its '>' markers under a top attribution, ended by a reply that neither names the writer nor
# opens with a ``reply_openings`` cue ("Weekly updates seem excessive …"): the quoted message is not a post of the
# page, but another post quotes it with markers (several replies quote the same announcement). The lost-marker
# quote ends after its leading lines that are runs of what another post quotes at one depth (``copied_lead``
# against ``QuoteBuilder._marked_texts``), nearest post first, earlier or later on the page. The text a later post
# quotes one level up (the reply itself, quoted back) is kept apart by depth. Before: the whole rest was the reply.
# The second copy of the quoted message is joined to the first, and its lines are quotes of the reply that holds them
# (``_quote_of_copy``; before, two quotes of one message not on the page failed the line accounting even with
# their markers).
def _mail(sender: str, when: str, mid: str, body: str) -> str:
    return (f"From x@example.com Mon Jan 22 00:00:00 2024\nFrom: {sender}\nDate: {when}\n"
            f"Subject: Re: Incident Reporting Updates\nMessage-ID: <{mid}@example.com>\n\n{body}\n\n")


B_GMAIL = "On Fri, Jan 19, 2024 at 3:10 PM Ben Wilson <bwilson@example.com> wrote:"
B_TEXT = ["We are proposing that CAs file incident reports within 72 hours of the",
          "discovery of an incident, and that they update those reports weekly."]
B_TEXT2 = ["The reports should follow the CCADB format, and each update should say", "what changed since the last one."]
T_REPLY = ["Weekly updates seem excessive for incidents awaiting closure."]


def _marked(lines: list[str], depth: int = 1) -> list[str]:
    return [("> " * depth + t).rstrip() for t in lines]


def _ryan(quoted: list[str]) -> str:
    return _mail("Ryan Dickson <rd@example.com>", "Mon, 22 Jan 2024 07:41:12 -0800", "r1",
                 "\n".join(["We support the 72-hour deadline.", "", B_GMAIL] + quoted))


def _tim(unmarked: list[str]) -> str:
    return _mail("Tim Hollebeek <th@example.com>", "Mon, 22 Jan 2024 09:00:00 -0800", "t1",
                 "\n".join([B_GMAIL] + unmarked + [""] + T_REPLY))


LOST_KNOWN = [  # page, the lost-marker quote's lines
    (_ryan(_marked(B_TEXT)) + _tim(B_TEXT), B_TEXT),  # the other post came first
    (_tim(B_TEXT) + _ryan(_marked(B_TEXT)), B_TEXT),  # ... or later
    (_ryan(_marked(B_TEXT + [""] + B_TEXT2)) + _tim(B_TEXT + [""] + B_TEXT2), B_TEXT + B_TEXT2),  # two paragraphs
    (_ryan(_marked(B_TEXT[:1] + [B_TEXT[1] + " The reports should follow the CCADB format."])) + _tim(
        B_TEXT[:1] + [B_TEXT[1] + " The reports should follow the CCADB format."]),
     B_TEXT[:1] + [B_TEXT[1] + " The reports should follow the CCADB format."]),
    (_ryan(_marked(B_TEXT)) + _tim(B_TEXT) + _mail(  # a third post quotes Tim's whole post one level up
        "Ryan Dickson <rd@example.com>", "Tue, 23 Jan 2024 07:00:00 -0800", "r2",
        "\n".join(["Agreed with Tim.", "", "On Mon, Jan 22, 2024 at 9:00 AM Tim Hollebeek <th@example.com> wrote:"]
                  + _marked([B_GMAIL] + B_TEXT + [""] + T_REPLY))), B_TEXT),
]


@pytest.mark.parametrize("text,quoted", LOST_KNOWN, ids=range(len(LOST_KNOWN)))
def test_a_lost_marker_quote_ends_where_another_posts_quote_of_it_ends(tmp_path, text, quoted):
    messages = parsed_accounted(tmp_path, text, "thread.mbox").messages
    tim = next(m for m in messages if m.author == "Tim Hollebeek")
    ben = next(m for m in messages if m.author == "Ben Wilson")
    assert (_own(tim), tim.in_reply_to, _own(ben)) == (T_REPLY, ben.key, quoted)
    assert [m.author for m in messages].count("Ben Wilson") == 1


KEPT_KNOWN = [  # guards: no other post quotes those lines, so the quote's end is unknown, as before
    _ryan(_marked(["Reports should be filed within 72 hours, and that is all we ask for now."])) + _tim(B_TEXT),
    _tim(B_TEXT),  # the post alone
]


@pytest.mark.parametrize("text", KEPT_KNOWN, ids=range(len(KEPT_KNOWN)))
def test_a_lost_marker_quote_nobody_else_quotes_reads_as_before(tmp_path, text):
    messages = parsed_accounted(tmp_path, text, "thread.mbox").messages
    tim = next(m for m in messages if m.author == "Tim Hollebeek")
    assert _own(tim) == [B_GMAIL] + B_TEXT + T_REPLY


def test_two_quotes_of_one_message_not_on_the_page_are_one_message_quoted_twice(tmp_path):
    text = _ryan(_marked(B_TEXT)) + _tim(["> " + t for t in B_TEXT])
    messages = parsed_accounted(tmp_path, text, "thread.mbox").messages
    ryan, ben, tim = messages
    assert [(q.message, q.lines) for q in tim.quotes] == [(ben.key, (14, 17))]  # its attribution and two lines
    assert (ryan.in_reply_to, tim.in_reply_to, _own(ben)) == (ben.key, ben.key, B_TEXT)
