"""People in the text of messages: signatures, greetings, names as written (the cleaning of a display name
from a header or an attribution is ``threadkb.speakers.clean_name``)."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from threadkb import tables
from threadkb.identity import fold
from threadkb.speakers import PARTICLE_ALTERNATION, SURNAME_PARTICLES

_words = tables.people_words


# the affiliation a sign-off may give after its name: "(Mozilla)", "(on behalf of the CCADB Steering Committee)",
# "[CommScope]", ", Mozilla Root Program", " / Google Trust Services", " | Sectigo", " - Mozilla": a parenthesis or
# bracket opening with a capital (or "on behalf of"), or up to six words after a comma, slash, bar or spaced dash, each capitalised but for "of", "the", "for", "&"
# ("Bank of America"); ``affiliation_ok`` checks the capitals (the pattern's word class cannot)
ORG_WORD = r"[^\W\d_][\w&'’.-]*"
AFFILIATION = (rf"(?P<aff>\s?\((?:(?i:on behalf of) [^()]{{1,100}}|[^\W\d_a-z][^()]{{0,80}})\)"
               rf"|\s?\[[^\W\d_a-z][^\[\]]{{0,80}}\]"
               rf"|,\s(?P<org>{ORG_WORD}(?: (?:&|{ORG_WORD})){{0,5}})"
               rf"|\s[/|–—-]\s(?P<org2>{ORG_WORD}(?: (?:&|{ORG_WORD})){{0,5}}))")
_ORG_LINKS = frozenset({"of", "the", "for", "&", "de", "du", "der", "und", "et", "y"})
# the lower-case words inside a surname ("Maarten de Jong", "Jan van der Berg", "Carlos de la Cruz": the table that
# reads "van der Berg, Anna" in a display name): at most two in a row, between a name's capitalised words
PARTICLES = SURNAME_PARTICLES
_PARTICLE = f"(?:{PARTICLE_ALTERNATION}) "


def name_words(word: str) -> str:
    """A name of one to three words of the pattern ``word``, with up to two surname particles before each word
    after the first ("Ben", "Ben Wilson", "Jan van der Berg"); ``particles_ok`` checks where they stand."""
    return rf"{word}(?: (?:{_PARTICLE}){{0,2}}{word}){{0,2}}?"


def particles_ok(name: str) -> bool:
    """Every word of ``name`` capitalised, but for surname particles between its first and last words, at most two
    in a row ("Jan van der Berg")."""
    words = name.split()
    run = 0
    for k, w in enumerate(words):
        run = run + 1 if not w[0].isupper() else 0
        if run > 2 or (run and not (0 < k < len(words) - 1 and w in PARTICLES)):
            return False
    return True


# A sign-off name: "- Matt", "-Tim", "Ben", "Arabella Barks", "Dimitris Zacharopoulos (HARICA)", "-- Ben, Mozilla",
# "Ben / Google Trust Services", "-Maarten de Jong"
_SIG_NAME = name_words(r"[^\W\d_][\w'’.-]*")
_SIG = re.compile(rf"^(?:[-–—~/]{{1,2}}\s?)?(?P<name>{_SIG_NAME}){AFFILIATION}?\s*$")


def affiliation_ok(m: re.Match) -> bool:
    """Is the affiliation a sign-off match gives (if any) an organisation's name: every word capitalised but the
    links of ``_ORG_LINKS`` ("Google Trust Services", "Bank of America"; not ", see below" nor "/ and more")?"""
    org = m.group("org") or m.group("org2")
    if not org:
        return True
    words = org.split()
    return words[0][0].isupper() and all(w[0].isupper() or w[0].isdigit() or w in _ORG_LINKS for w in words)
CLOSINGS = _words("closings")
NOT_NAMES = _words("not_names")
ANSWER_WORDS = _words("answer_words")
WORD_ENDINGS = tuple(sorted(_words("word_endings")))


_IMAGE_PLACEHOLDER = re.compile(tables.load("people_words.json")["image_placeholders"]["pattern"], re.I)


def image_placeholder(line: str) -> bool:
    """Is ``line`` what a mail client leaves where an inline image stood ("[cid:image001.png@01D9…]", "[image:
    Logo]", "<image001.png>": people_words.json ``image_placeholders``)?"""
    return bool(_IMAGE_PLACEHOLDER.match(line.strip()))


def signature_name(line: str, full_stop: bool = False) -> str | None:
    """The name a sign-off line gives, or None. A name closed by a full stop ("Dimitris.") is read as one
    only with ``full_stop`` (the caller knows the line stands where a sign-off stands: alone after the
    message's last paragraph, or under a closing); alone, "Svar." or "Zweite Zeile." is a sentence."""
    s = line.strip()
    m = _SIG.match(s)
    if not m or not affiliation_ok(m):
        return None
    name = m.group("name")
    if full_stop and name.endswith(".") and not name.endswith("..") and len(name.split()) <= 2:
        name = name[:-1]
        if len(name) < 2 or not name[-1].isalpha():
            return None
    low = name.lower().rstrip(".!,")
    if low in CLOSINGS or not name[0].isupper() or name.split()[0].lower() in NOT_NAMES \
            or low in ANSWER_WORDS or name.split()[0].lower() in ANSWER_WORDS:  # "Interesting.", "Makes Sense."
        return None
    if not particles_ok(name):
        return None
    # "Svar.", "Zweite Zeile.": a sentence; an initial ends a name ("Ben W.", "M. D.", dotted "M.D.", "J.-C.")
    if name.endswith(".") and not re.search(r"(?:^|[\s.-])\w\.$", name):
        return None
    return name


# "is very helpful": "helpful"; a frame of at most four words ("is really very"), so a run of them ("is is is …")
# is not read again from each of its words to its end (quadratic)
_PREDICATE = re.compile(r"(?<![\w'’-])(?:(?i:" + "|".join(sorted(_words("predicate_frame"), key=len, reverse=True))
                        + r")\s+){1,4}(?P<word>[a-z][a-z'’-]{3,})(?![\w@'’-])")


def predicate_words(text: str) -> set[str]:
    """The lower-case words ``text`` uses as a predicate, after a word of ``predicate_frame`` ("is reasonable",
    "very helpful", "sounds fine"): adjectives and participles, which answer alone and are never a name ("will",
    "mark", "may" never stand there)."""
    return {m.group("word") for m in _PREDICATE.finditer(text)}


@cache
def learned_predicate_words() -> frozenset[str]:
    """The predicate words of the corpus, learned by scripts/learn_predicate_words.py (models/predicate_words.json;
    none when the package has no such file)."""
    return frozenset(tables.model("predicate_words.json", PREDICATE_WORDS_FORMAT).get("words", ()))


PREDICATE_WORDS_FORMAT = "threadkb-predicate-words-1"


def word_not_name(name: str, lower_words: Callable[[], frozenset[str]],
                  predicate_use: Callable[[str], bool] = lambda word: False) -> bool:
    """A one-word sign-off that is a word, not a name:
    - a derived word: it ends like one (``WORD_ENDINGS``: "Reassuring", "Unacceptable") and the thread uses it in
      lower case (``lower_words()``, asked only then), which a name never is ("Will" ends otherwise and stays a
      name; "Xiaoming" is never written "xiaoming");
    - or a predicate word (``predicate_words``): the corpus ("Reasonable.", "Helpful.": learned) or the thread
      (``predicate_use(word)``, asked only then: "Splendid." under "the timeline is splendid") uses it after "is",
      "very", "sounds" ….
    """
    word = name.rstrip(".!")
    if " " in word or len(word) < 4:
        return False
    low = word.lower()
    if low in learned_predicate_words():
        return True
    return (len(word) > 4 and low.endswith(WORD_ENDINGS) and low in lower_words()) or predicate_use(low)


CLOSING_WORDS = (r"(?:thanks|thank you|regards|best|cheers|sincerely|best regards|kind regards|many thanks|"
                 r"sincerely yours|yours|warm regards|all the best)")  # a closing line's words (a regex alternation)
# a sign-off kept on the last line of a flattened page or quote, after its last sentence ("… will be approved.
# Thanks, Ben"): the name names the author and is cut off the line (``lines.split_sign_offs``), the closing stays text
# (or alone on its line: "Thanks, Ben (on behalf of the Mozilla Root Program)"); an affiliation may follow the name
_CAPITAL_NAME = name_words(r"[^\W\d_a-z][\w'’-]*")
_INLINE_SIGN_OFF = re.compile(rf"(?:(?<=\w[.!?])\s+|^\s*)(?i:{CLOSING_WORDS})[,.!]*\s+"
                              rf"(?P<sign>(?P<name>{_CAPITAL_NAME}){AFFILIATION}?)\s*$")


# a dash sign-off kept at the end of a flattened line, after its last sentence ("… these updates. - Ryan (on
# behalf of the CCADB Steering Committee)", "… into the open. -selena [1] https://…"): a dash, one or two name
# words, an optional "(on behalf of X)", then only the footnotes the sign-off closes (URL references)
_DASH_SIGN_OFF = re.compile(r"(?<=\w[.!?])\s+(?P<sign>[-–—~]{1,2}(?P<gap>\s?)(?P<name>[^\W\d_][\w'’-]*"
                            rf"(?: (?:{_PARTICLE}){{0,2}}[^\W\d_][\w'’-]*)??){AFFILIATION}?)(?P<notes>(?:\s+\[\d{{1,2}}\]\s+https?://\S+)*)\s*$")
_DASH_ITEM = re.compile(r"(?:^|[.!?:])\s+[-–—~]\s?\w")  # a dash item after a sentence or a colon: a flattened list
_BEHALF = re.compile(r"\((?i:on behalf of) (?:(?i:the) )?(?P<org>[^()]{1,100})\)\s*$")


@dataclass(frozen=True)
class SignOff:
    """A sign-off at the end of a line of sentences: the name it gives, where its words start and end in the line
    (the name, or the dash with the name and "(on behalf of X)"), and where the footnotes after it start."""

    name: str
    start: int
    end: int
    notes: int | None = None  # start of the footnote references after it ("[1] https://…"), if any


def inline_sign_off_at(line: str) -> SignOff | None:
    """The sign-off at the end of a line of sentences ("… be approved. Thanks, Ben" -> Ben;
    "… these updates. - Ryan (on behalf of X)" -> Ryan; "… into the open. -selena [1] https://…" -> selena), or
    None. A dash sign-off is read only when it is the line's one dash item after a sentence (several are a flattened
    list, "Steps: - revoke. - Notify"); a lower-case name only as one word glued to its dash ("-selena", not
    "- see below" or "- done")."""
    m = _INLINE_SIGN_OFF.search(line)
    if m:
        name = signature_name(m.group("name")) if affiliation_ok(m) else None
        return SignOff(name, m.start("sign"), m.end("sign")) if name else None
    m = _DASH_SIGN_OFF.search(line)
    if not m or _DASH_ITEM.search(line, 0, m.start() + 1) or not affiliation_ok(m):
        return None
    name = m.group("name")
    notes = m.start("notes") if m.group("notes") else None
    if name[0].isupper():
        got = signature_name(name)
        return SignOff(got, m.start("sign"), m.end("sign"), notes) if got else None
    if m.group("gap") or " " in name or not name.isalpha() or name in CLOSINGS or name in NOT_NAMES:
        return None
    return SignOff(name, m.start("sign"), m.end("sign"), notes)


def on_behalf(sign_off: str) -> str | None:
    """The organisation a sign-off speaks for ("- Ryan (on behalf of the CCADB Steering Committee)" -> "CCADB
    Steering Committee"), or None."""
    m = _BEHALF.search(sign_off)
    return m.group("org").strip() if m else None


def same_person(sign_off: str, author: str, email: str | None = None) -> bool:
    """Whether a sign-off ("Ben", "- Matt", "RS", "/John") can name the author ("Ben Wilson",
    "Matthew Hardeman", "Ryan Sleevi", "john@example.com"): a word of one begins the other's, or initials."""
    said = [w for w in re.findall(r"[^\W\d_]+", fold(sign_off)) if len(w) >= 2]
    known = [w for w in re.findall(r"[^\W\d_]+", fold(f"{author} {(email or '').split('@')[0]}")) if len(w) >= 2]
    if not said or not known:
        return True  # nothing to compare: no reason to doubt it
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", fold(author)))
    for w in said:
        if any(k.startswith(w[:3]) or w.startswith(k[:3]) for k in known) or (len(w) <= 3 and w == initials):
            return True
    return False


MAX_DASH_SIGNATURE = 10  # lines after a "-- " separator that are still its signature


def dash_signature_start(lines: list[str]) -> int | None:
    """The position of the "-- " (or "--") line that opens the signature of a message whose own content
    lines are ``lines``: at most 10 short lines after it, to the end (or none: a client footer after it
    is boilerplate already). None when there is none."""
    for k in range(len(lines) - 1, max(-1, len(lines) - 2 - MAX_DASH_SIGNATURE), -1):
        if lines[k].strip() in ("--", "—"):  # last of all: what followed was a footer ("Sent from my iPhone")
            return k if all(len(t) <= 100 for t in lines[k + 1:]) else None
    return None


_NAME = r"[A-Z][\w'’-]+"
_GROUPS = _words("group_addressees")
_GREETING = re.compile(rf"^(?:(?:hi|hello|dear|hey)[,\s]+(?P<n1>{_NAME})\s*[,!:]?|(?P<n2>{_NAME})\s*,)\s*$", re.I)


def greeting_name(line: str) -> str | None:
    """'Hi, Arabella' / 'Alvin,' / 'Dear Ben' -> the addressee's (first) name."""
    m = _GREETING.match(line.strip())
    if not m:
        return None
    name = m.group("n1") or m.group("n2")
    if name.lower() in CLOSINGS or name.lower() in _GROUPS:
        return None
    if not name[0].isupper():
        return None
    return name


def expand_name(short: str, known: list[str]) -> str:
    """A first name from a signature or greeting -> the full name of a known thread participant."""
    s = short.strip()
    for full in known:
        if full and full.split()[0].lower() == s.lower() and full.lower() != s.lower():
            return full
    return s
