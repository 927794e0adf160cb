"""Parse left-overs of session 10 (notes10/parse10.md "What is left"), each a class of input with constructed
variants (and real text where the corpus has it): exact messages, names and lines, and every input line in exactly
one place (tests/line_accounting.py). Each class test failed before its mechanism; the guards pass before and after.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from line_accounting import parsed_accounted
from threadkb.ingest import ingest
from threadkb.parse import parse
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
# real shape and words: numpy-discussion, November 2001 (mbox yardstick archive, where the whole month is archived twice):
# a quote inside the quote too short for ``join_copies`` to match with its twin in the first copy
NUMPY = _mail("John J. Lee <jl@example.com>", "Thu, 1 Nov 2001 11:19:00 -0800", "j1",
              "On Tue, 30 Oct 2001, Perry Greenfield wrote:\n>> What is the current status of Numeric2?\n>\n"
              "> We are in the process of putting it up on sourceforge now.\n\nWhat does it do??")
TIM_IRT = _mail("Tim Hollebeek <th@example.com>", "Mon, 22 Jan 2024 09:00:00 -0800", "t3",  # its parent not in the mbox
                "I disagree.\n\nOn Mon, Jan 22, 2024 at 6:00 AM Dan Lee <dl@example.com> wrote:\n"
                "Deadlines of 72 hours are too short for large CAs.", extra="In-Reply-To: <d1@example.com>\n")
TWICE = [  # mbox, [(author, own text)], the second copies' own/signature lines, warnings
    (DAN + DAN + TIM, [("Dan Lee", D_TEXT), ("Tim Hollebeek", "I disagree.")], 4, 1),  # the mail twice in a row
    (DAN + TIM + DAN, [("Dan Lee", D_TEXT), ("Tim Hollebeek", "I disagree.")], 4, 1),  # ... apart
    (DAN + DAN + DAN, [("Dan Lee", D_TEXT)], 8, 2),  # three times
    (DAN + TIM + TIM, [("Dan Lee", D_TEXT), ("Tim Hollebeek", "I disagree.")], 2, 1),  # a reply twice: its quote too
    (TIM + TIM, [("Tim Hollebeek", "I disagree."), ("Dan Lee", D_TEXT)], 2, 1),  # ... its parent not in the input
    (TIM_TOP + TIM_TOP, [("Tim Hollebeek", "I disagree."), ("Dan Lee", D_TEXT)], 2, 1),  # an Outlook reply twice
    (DAN + TIM_TOP + TIM_TOP, [("Dan Lee", D_TEXT), ("Tim Hollebeek", "I disagree.")], 2, 1),
    (NUMPY + NUMPY, [("John J. Lee", "What does it do??"),
                     ("Perry Greenfield", "We are in the process of putting it up on sourceforge now."),
                     (None, "What is the current status of Numeric2?")], 2, 1),
    # ... and whose headers name a parent not in the mbox: ingest made two threads of the two copies (two roots)
    (TIM_IRT + TIM_IRT, [("Tim Hollebeek", "I disagree."), ("Dan Lee", D_TEXT)], 2, 1),
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
    ("Andrea de Jesus Torres", "Andrea de Jesus Torres"),  # real: usrp-users, April 2023, under "Thanks in advance,"
]
NOT_PARTICLE_NAMES = [  # prose or half a name: no sign-off
    "-- see de facto",
    "- see de facto standards",
    "Ben de",  # a particle ends no name
    "de Jong",  # ... nor starts one alone
    "Jan van der der der Berg",  # more than two in a row
    "Maarten and Jong",  # not a particle
]


NAME_CASES = PARTICLE_NAMES + [(line, None) for line in NOT_PARTICLE_NAMES]


@pytest.mark.parametrize("line,name", NAME_CASES, ids=range(len(NAME_CASES)))
def test_signature_name_reads_lower_case_particles_and_no_prose(line, name):
    assert signature_name(line) == name


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


# ---- "you wrote:" with no name ("In message <id> you wrote:", nmh/exmh, real on linux-kernel 2010; "On Mon, 1 Jan
# 2024, you wrote:"; Gmail's "On …, you wrote:"): in a mail whose parent is not in the input, the quoted writer is the
# one the mail is addressed to. Ingest now keeps the To header (``MailHeaders.to``); the parse takes the one To
# addressee that is neither the list (its List-Id) nor the sender (``Post.addressee``). Several addressees, none, or
# only the list: the writer stays unknown. Before: the author was None (and "In message <id> you wrote:" was no
# attribution at all: the row read only "writes:").
def _you(to: str | None, attribution: str, extra: str = "") -> str:
    return ("From: Matt Porter <mporter@example.com>\n" + (f"To: {to}\n" if to else "")
            + f"Date: Fri, 23 Jul 2010 10:00:00 -0700\n{extra}Subject: Re: [PATCH] rapidio: add maintenance routines\n"
            "Message-ID: <b@example.com>\nIn-Reply-To: <a@example.com>\n\n"
            f"{attribution}\n> We should keep the maintenance routines in the core.\n\nI agree with that.\n")


LKML = "List-Id: <linux-kernel.vger.kernel.org>\n"
NMH = "In message <0CE8B6BE3C4AD74AB97D9D29BD24E55201096BEB@CORPEXCH1.na.ads.idt.com> you wrote:"
YOU_WROTE = [  # To header, attribution, other headers, the quoted message's (author, e-mail)
    ('"Bounine, Alexandre" <Alexandre.Bounine@idt.com>', NMH, LKML, ("Alexandre Bounine", "Alexandre.Bounine@idt.com")),
    ("Alexandre Bounine <ab@idt.com>", "On Mon, 1 Jan 2024, you wrote:", "", ("Alexandre Bounine", "ab@idt.com")),
    ("Alexandre Bounine <ab@idt.com>", "On Thu, Jul 22, 2010 at 4:00 PM, you wrote:", LKML,
     ("Alexandre Bounine", "ab@idt.com")),
    ("ab@idt.com", NMH, "", ("ab@idt.com", "ab@idt.com")),  # the address alone
    # the one person beside the list (session 12, parse12: the list is no second person; it was read as one)
    ("Alexandre Bounine <ab@idt.com>, linux-kernel@vger.kernel.org", NMH, LKML, ("Alexandre Bounine", "ab@idt.com")),
    ("linux-kernel@vger.kernel.org", NMH, LKML, (None, None)),  # only the list
    # only the list, named by another list header than List-Id (review11a: it was taken for the quoted writer)
    ("dev-security-policy@mozilla.org", NMH, "List-Post: <mailto:dev-security-policy@mozilla.org>\n", (None, None)),
    ("Servercert-wg@cabforum.org", NMH, "X-BeenThere: servercert-wg@cabforum.org\n", (None, None)),
    ("numpy-discussion@scipy.org", NMH, "Mailing-List: list numpy-discussion@scipy.org; contact x@scipy.org\n",
     (None, None)),
    ("linux-kernel@vger.kernel.org", NMH, "X-Mailing-List: linux-kernel@vger.kernel.org\n", (None, None)),
    # a list header of another list does not hide the one addressee
    ("Alexandre Bounine <ab@idt.com>", NMH, "List-Post: <mailto:linux-kernel@vger.kernel.org>\n",
     ("Alexandre Bounine", "ab@idt.com")),
    ("Matt Porter <mporter@example.com>", NMH, "", (None, None)),  # the sender himself
    (None, "On Mon, 1 Jan 2024, you wrote:", "", (None, None)),  # no To
    ("Alexandre Bounine <ab@idt.com>", "On Mon, 1 Jan 2024, Ben Wilson wrote:", "", ("Ben Wilson", None)),  # named
    ("Alexandre Bounine <ab@idt.com>", "In message <a@example.com> Ben Wilson <bw@example.com> wrote:", "",
     ("Ben Wilson", "bw@example.com")),
]


@pytest.mark.parametrize("to,attribution,extra,writer", YOU_WROTE, ids=range(len(YOU_WROTE)))
def test_you_wrote_names_the_one_addressee(tmp_path, to, attribution, extra, writer):
    top, quoted = parsed_accounted(tmp_path, _you(to, attribution, extra), "reply.eml").messages
    assert (top.author, _own(top), top.in_reply_to) == ("Matt Porter", "I agree with that.", quoted.key)
    assert (quoted.author, quoted.email, _own(quoted)) == (*writer, "We should keep the maintenance routines in the core.")


def test_you_wrote_deeper_in_the_quote_stays_unknown(tmp_path):
    # "you" in a quoted mail's attribution is that mail's addressee (most likely this mail's sender), not this one's
    body = ("On Fri, 23 Jul 2010, Alexandre Bounine wrote:\n> On Thu, 22 Jul 2010, you wrote:\n>> Keep it in the core.\n>\n"
            "> Agreed, it stays there.\n\nThen we are done.\n")
    text = _you("Alexandre Bounine <ab@idt.com>", "", "").split("\n\n", 1)[0] + "\n\n" + body
    msgs = parsed_accounted(tmp_path, text, "reply.eml").messages
    assert [(m.author, _own(m)) for m in msgs] == [("Matt Porter", "Then we are done."),
                                                    ("Alexandre Bounine", "Agreed, it stays there."),
                                                    (None, "Keep it in the core.")]


def test_you_wrote_with_the_parent_in_the_input_is_the_parent(tmp_path):
    parent = ("From x Fri Jul 23 00:00:00 2010\nFrom: Alexandre Bounine <ab@idt.com>\nTo: Matt Porter <mporter@example.com>\n"
              "Date: Thu, 22 Jul 2010 16:00:00 -0700\nSubject: [PATCH] rapidio: add maintenance routines\n"
              "Message-ID: <a@example.com>\n\nWe should keep the maintenance routines in the core.\n\n")
    reply = "From x Fri Jul 23 00:00:00 2010\n" + _you("Somebody Else <se@example.com>", NMH, LKML)
    msgs = parsed_accounted(tmp_path, parent + reply + "\n", "thread.mbox").messages
    assert [(m.author, _own(m), m.in_reply_to is not None) for m in msgs] == [
        ("Alexandre Bounine", "We should keep the maintenance routines in the core.", False),
        ("Matt Porter", "I agree with that.", True)]


@pytest.mark.parametrize("header,to", [
    ('"Bounine, Alexandre" <Alexandre.Bounine@idt.com>', [("Bounine, Alexandre", "Alexandre.Bounine@idt.com")]),
    ("a@x.com, Bee Sea <b@y.com>", [(None, "a@x.com"), ("Bee Sea", "b@y.com")]),
    ("=?utf-8?q?Ram=C3=ADro?= <r@example.com>", [("Ramíro", "r@example.com")]),
    ("undisclosed-recipients:;", []),
])
def test_ingest_keeps_the_to_addressees(tmp_path, header, to):
    (src,) = ingest(str(_write(tmp_path, f"From: a@b.c\nTo: {header}\nSubject: x\n\nHello.\n")))
    assert src.mail[0].to == to


@pytest.mark.parametrize("headers,lists", [
    ('List-Id: "Mozilla dev-security-policy" <dev-security-policy.mozilla.org>\n', ["dev-security-policy@mozilla.org"]),
    ("List-Id: <linux-kernel.vger.kernel.org>\nX-Mailing-List: linux-kernel@vger.kernel.org\n",
     ["linux-kernel@vger.kernel.org"]),
    ("List-Post: <mailto:Servercert-WG@cabforum.org>\nX-BeenThere: servercert-wg@cabforum.org\n",
     ["servercert-wg@cabforum.org"]),
    ("Mailing-List: list numpy-discussion@scipy.org; contact numpy-discussion-help@scipy.org\n",
     ["numpy-discussion@scipy.org", "numpy-discussion-help@scipy.org"]),
    ("List-Post: NO (posting not allowed on this list)\n", []),
    ("", []),
])
def test_ingest_keeps_the_list_addresses(tmp_path, headers, lists):
    (src,) = ingest(str(_write(tmp_path, f"From: a@b.c\nTo: x@y.z\n{headers}Subject: x\n\nHello.\n")))
    assert src.mail[0].lists == lists


def _write(folder, text: str):
    path = folder / "m.eml"
    path.write_text(text, encoding="utf-8")
    return path


# ---- a reply that quotes a message other than its parent (corpus 006: Ryan's reply to Ramiro's remediation plan
# quotes, after "In one of your previous replies on this thread you stated the following:", an earlier Camerfirma
# message). The gold (GOLD-FORMAT.md: ``in_reply_to`` is the message it answers) keeps the reply's parent the message
# its attribution and headers name, and the earlier message's ``in_reply_to`` null; the parse agrees and records the
# other quote as a quoted span of the earlier message. Guards (they pass before and after): the parent stays the
# headers', the other quote is a ``QuotedSpan`` (what the link stage reads as "quotes the message"); reading it as a
# reply is the knowledge base's (notes11/parse11.md).
def _mbox_mail(frm: str, date: str, mid: str, body: str, irt: str | None = None) -> str:
    return (f"From x Mon Jan 25 00:00:00 2021\nFrom: {frm}\nDate: {date}\nSubject: Re: Camerfirma remediation\n"
            f"Message-ID: <{mid}>\n" + (f"In-Reply-To: <{irt}>\nReferences: <p0> <{irt}>\n" if irt else "")
            + f"\n{body}\n\n")


def _marked(lines: list[str]) -> list[str]:
    return [f"> {t}" for t in lines]


RM = "Ramiro Munoz <rm@camerfirma.com>"
P0_TEXT = ["We are rethinking the SubCA policy since some of the problems come from there.",
           "Next year we plan to convert external SubCA to white label CA."]
P1_TEXT = "We have prepared a thorough Remediation Plan that addresses all areas of improvement."
P0 = _mbox_mail(RM, "Sun, 10 Jan 2021 10:00:00 +0100", "p0", "\n".join(P0_TEXT))
P1 = _mbox_mail(RM, "Sun, 24 Jan 2021 20:58:00 +0100", "p1", P1_TEXT, "p0")
R_PROSE = _mbox_mail("Ryan Sleevi <rs@example.com>", "Mon, 25 Jan 2021 09:00:00 -0500", "r1", "\n".join([
    f"On Sun, 24 Jan 2021 at 20:58, {RM} wrote:", f"> {P1_TEXT}", "",
    "In one of your previous replies on this thread you stated the following:", "", *_marked(P0_TEXT), "",
    "But in this document it looks like this decision has been reverted."]), "p1")
R_ATT = _mbox_mail("Ryan Sleevi <rs@example.com>", "Mon, 25 Jan 2021 09:00:00 -0500", "r1", "\n".join([
    f"On Sun, 10 Jan 2021 at 10:00, {RM} wrote:", *_marked(P0_TEXT), "",
    "But in your plan this decision has been reverted."]), "p1")
OTHER_QUOTE = [  # mbox, [(own text's start, parent's index or None, indexes of the quoted messages)]
    (P0 + P1 + R_PROSE, [("We are rethinking", None, []), ("We have prepared", 0, []), ("In one of your p", 1, [1, 0])]),
    (P0 + P1 + R_ATT, [("We are rethinking", None, []), ("We have prepared", 0, []), ("But in your plan", 1, [0])]),
    (P1 + R_PROSE, [("We have prepared", None, []), ("In one of your p", 0, [0, 2]), ("We are rethinking", None, [])]),
]


@pytest.mark.parametrize("mbox,shape", OTHER_QUOTE, ids=range(len(OTHER_QUOTE)))
def test_a_quote_of_another_message_than_the_parent_is_a_quote_not_the_parent(tmp_path, mbox, shape):
    msgs = parsed_accounted(tmp_path, mbox, "thread.mbox").messages
    index = {m.key: n for n, m in enumerate(msgs)}
    assert [(m.text.strip()[:16], index.get(m.in_reply_to), [index[q.message] for q in m.quotes]) for m in msgs] == \
        [(start[:16], parent, quoted) for start, parent, quoted in shape]


def test_the_corpus_reply_quoting_an_earlier_message_keeps_its_parent():
    path = Path(__file__).resolve().parents[2] / "shared" / "corpora" / \
        "006_mdsp-mailarchive-camerfirma-remediation-plan-reply.txt"
    if not path.is_file():
        pytest.skip("../shared/corpora is not here")
    (src,) = ingest(str(path))
    reply, parent, earlier = parse(src).messages
    assert (reply.in_reply_to, earlier.in_reply_to, [q.message for q in reply.quotes]) == \
        (parent.key, None, [parent.key, earlier.key])
    assert (parent.author, earlier.author, earlier.partial) == ("Ramiro Muñoz", "Ramiro Muñoz", True)
