"""Parse left-overs of session 10 (notes10/parse10.md "What is left"), each a class of input with constructed
variants (and real text where the corpus has it): exact messages, names and lines, and every input line in exactly
one place (tests/line_accounting.py). Each class test failed before its mechanism; the guards pass before and after.
"""
from __future__ import annotations

import pytest

from line_accounting import parsed_accounted
from threadkb.parse.people import signature_name


def _own(m) -> str:
    return " / ".join(t.text.strip() for t in m.lines if t.text.strip())


def _mail(sender: str, when: str, mid: str, body: str, extra: str = "") -> str:
    return (f"From x@example.com Mon Jan 22 00:00:00 2024\nFrom: {sender}\nDate: {when}\n{extra}"
            f"Subject: Re: Incident Reporting Updates\nMessage-ID: <{mid}@example.com>\n\n{body}\n\n")


# ---- a post twice in one input (the same mail sent twice, a cross-posted mail archived from two lists, an mbox
# merged from two folders). Before: the second copy was joined to the first, but its lines stayed labelled with the
# survivor's key, which does not hold them: the line accounting failed (parse10's "What is left"). Now the first
# reading is kept; the second copy's own and signature lines are the survivor's, held apart in
# ``Message.duplicate_lines`` (rule "duplicate-of:<key>", not its text), what it quotes is boilerplate, with a warning.
# A copy quoted *without* markers in a reply (an Outlook reply above its parent, the parent also in the archive) failed
# the same way: its lines are now quotes of the reply that holds them.
DAN = _mail("Dan Lee <dl@example.com>", "Mon, 22 Jan 2024 06:00:00 -0800", "d1",
            "Deadlines of 72 hours are too short for large CAs.\n\n-- \nDan Lee")
TIM = _mail("Tim Hollebeek <th@example.com>", "Mon, 22 Jan 2024 09:00:00 -0800", "t1",
            "On Mon, Jan 22, 2024 at 6:00 AM Dan Lee <dl@example.com> wrote:\n"
            "> Deadlines of 72 hours are too short for large CAs.\n\nI disagree.")
TIM_TOP = _mail("Tim Hollebeek <th@example.com>", "Mon, 22 Jan 2024 09:00:00 -0800", "t2",
                "I disagree.\n\nOn Mon, Jan 22, 2024 at 6:00 AM Dan Lee <dl@example.com> wrote:\n"
                "Deadlines of 72 hours are too short for large CAs.")
D_TEXT = "Deadlines of 72 hours are too short for large CAs."
TWICE = [  # mbox, [(author, own text)], the second copies' own/signature lines, warnings
    (DAN + DAN + TIM, [("Dan Lee", D_TEXT), ("Tim Hollebeek", "I disagree.")], 4, 1),  # the mail twice in a row
    (DAN + TIM + DAN, [("Dan Lee", D_TEXT), ("Tim Hollebeek", "I disagree.")], 4, 1),  # ... apart
    (DAN + DAN + DAN, [("Dan Lee", D_TEXT)], 8, 2),  # three times
    (DAN + TIM + TIM, [("Dan Lee", D_TEXT), ("Tim Hollebeek", "I disagree.")], 2, 1),  # a reply twice: its quote too
    (TIM + TIM, [("Tim Hollebeek", "I disagree."), ("Dan Lee", D_TEXT)], 2, 1),  # ... its parent not in the input
    (TIM_TOP + TIM_TOP, [("Tim Hollebeek", "I disagree."), ("Dan Lee", D_TEXT)], 2, 1),  # an Outlook reply twice
    (DAN + TIM_TOP + TIM_TOP, [("Dan Lee", D_TEXT), ("Tim Hollebeek", "I disagree.")], 2, 1),
    (DAN + TIM_TOP, [("Dan Lee", D_TEXT), ("Tim Hollebeek", "I disagree.")], 0, 0),  # quoted without markers
    (TIM_TOP + DAN, [("Tim Hollebeek", "I disagree."), ("Dan Lee", D_TEXT)], 0, 0),  # ... the parent after it
]


@pytest.mark.parametrize("mbox,messages,dup_lines,warned", TWICE, ids=range(len(TWICE)))
def test_a_post_twice_in_the_input_accounts_for_every_line(tmp_path, mbox, messages, dup_lines, warned):
    thread = parsed_accounted(tmp_path, mbox, "thread.mbox")
    assert [(m.author, _own(m)) for m in thread.messages] == messages
    assert sum(len(m.duplicate_lines) for m in thread.messages) == dup_lines
    assert len([w for w in thread.warnings if "the same post twice in the input" in w]) == warned
    dup = [a for a in thread.assignments if a.rule.startswith("duplicate-of:")]
    assert all(a.message in (None, a.rule.split(":", 1)[1]) for a in dup)


# ---- a sign-off name with lower-case particles ("-Maarten de Jong", "Jan van der Berg", "Ludwig von Mises", "Carlos de
# la Cruz", "Ana dos Santos"): the particles are the table that already reads "van der Berg, Anna" in a display name
# (``surname_particles`` of people_words.json), allowed between the name's capitalised first and last words, at most
# two in a row. Before: a lower-case word made the line no name, and four words were too many.
PARTICLE_NAMES = [  # sign-off line, the name it gives
    ("-Maarten de Jong", "Maarten de Jong"),
    ("Jan van der Berg", "Jan van der Berg"),
    ("- Ludwig von Mises", "Ludwig von Mises"),
    ("Carlos de la Cruz", "Carlos de la Cruz"),
    ("-- Ana dos Santos", "Ana dos Santos"),
    ("Jan van der Berg (Mozilla)", "Jan van der Berg"),  # with an affiliation
    ("Ana dos Santos, Google Trust Services", "Ana dos Santos"),
]
NOT_PARTICLE_NAMES = [  # prose or half a name: no sign-off
    "-- see de facto",
    "- see de facto standards",
    "Ben de",  # a particle ends no name
    "de Jong",  # ... nor starts one alone
    "Jan van der der der Berg",  # more than two in a row
    "Maarten and Jong",  # not a particle
]


@pytest.mark.parametrize("line,name", PARTICLE_NAMES, ids=range(len(PARTICLE_NAMES)))
def test_signature_name_reads_lower_case_particles(line, name):
    assert signature_name(line) == name


@pytest.mark.parametrize("line", NOT_PARTICLE_NAMES, ids=range(len(NOT_PARTICLE_NAMES)))
def test_signature_name_reads_no_prose_as_a_particle_name(line):
    assert signature_name(line) is None


REPLY = "We will update the incident report with the revocation timeline."


def _from(name: str) -> str:
    return f"From: {name} <x@example.com>\nDate: Tue, 5 Mar 2019 10:00:00 +0000\nSubject: Re: Incident\n\n"


SIGNED = [  # the mail's sender, its last lines, its own text, its signature
    ("Maarten de Jong", [REPLY, "", "-Maarten de Jong"], REPLY, ["-Maarten de Jong"]),
    ("Jan van der Berg", [REPLY, "", "Thanks,", "Jan van der Berg"], f"{REPLY} / Thanks,", ["Jan van der Berg"]),
    ("Carlos de la Cruz", [REPLY, "", "Regards,", "Carlos de la Cruz", "Mozilla"], f"{REPLY} / Regards,",
     ["Carlos de la Cruz", "Mozilla"]),
    # flattened: the sign-off kept at the end of the line of sentences
    ("Ludwig von Mises", [f"{REPLY} - Ludwig von Mises"], REPLY, ["- Ludwig von Mises"]),
    ("Ana dos Santos", [f"{REPLY} Thanks, Ana dos Santos"], f"{REPLY} Thanks,", ["Ana dos Santos"]),
    # guards: prose with a particle stays text
    ("Ben Wilson", [REPLY, "", "-- see de facto"], f"{REPLY} / -- see de facto", []),
    ("Ben Wilson", [f"{REPLY} - see de facto"], f"{REPLY} - see de facto", []),
]


@pytest.mark.parametrize("sender,lines,own,signature", SIGNED, ids=range(len(SIGNED)))
def test_a_particle_sign_off_is_the_signature(tmp_path, sender, lines, own, signature):
    (m,) = parsed_accounted(tmp_path, _from(sender) + "\n".join(lines) + "\n", "mail.eml").messages
    assert (m.author, _own(m), m.signature) == (sender, own, signature)


# the quoted writer's particle sign-off ends a quote that lost its markers (the quote-end sign of session 9)
GMAIL = "On Fri, Jan 19, 2024 at 3:10 PM {name} <q@example.com> wrote:"
QUOTED = ["We are proposing that CAs file incident reports within 72 hours of the",
          "discovery of an incident, and that they update those reports weekly."]
ANSWER = "Weekly updates seem excessive."


@pytest.mark.parametrize("name,sign_off", [("Jan van der Berg", "Jan van der Berg"),
                                            ("Maarten de Jong", "-Maarten de Jong"),
                                            ("Carlos de la Cruz", "Carlos de la Cruz")])
def test_the_writers_particle_sign_off_ends_a_lost_marker_quote(tmp_path, name, sign_off):
    text = "\n".join([GMAIL.format(name=name), *QUOTED, "", sign_off, "", ANSWER])
    top, quoted = parsed_accounted(tmp_path, _from("Ryan Dickson") + text + "\n", "mail.eml").messages
    assert (top.author, _own(top), top.in_reply_to) == ("Ryan Dickson", ANSWER, quoted.key)
    assert (quoted.author, _own(quoted), quoted.signature) == (name, " / ".join(QUOTED), [sign_off])
