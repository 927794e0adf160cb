"""Who speaks: a display name as a header, an attribution or a tracker writes it, made a name and an address
(``clean_name``); and the CA a compliance bug speaks for (``bug_ca``, ``speaks_for_ca``).

Read by ingest (a tracker's API gives real names and the bug's assignee) and by parse (the same facts written
in page text, mail headers and attribution lines), so neither stage imports the other for them.
"""
from __future__ import annotations

import re

from threadkb import tables

_words = tables.people_words


# the patterns that start with white space start at the first space of a run ("(?<!\s)"): the same matches,
# linear time on a long run of spaces (a search tried every space of the run, each to the run's end)
_VIA = re.compile(r"(?<!\s)\s+via\s+\S.*$", re.I)
_ADDR_AT = re.compile(r"(?<!\s)\s+([\w.+-]+ at [\w-]+(?:\.[\w-]+)+)$")  # pipermail "dzacharo at harica.gr"
_ANGLE = re.compile(r"(?<!\s)\s*<([^<>]*)>?\s*$")
_OBFUSCATED = tuple(sorted(_words("obfuscated_addresses")))  # what an archive shows for an address it hides
_NICK = re.compile(r"(?<!\s)\s*\[:[^\]]*\]")  # Bugzilla "Ben Wilson [:bwilson]"
_MAILTO = re.compile(r"(?<!\s)\s*\[(?i:mailto:)([^\]]+)\]\s*$")


# Outlook's "Last, First" display names ("Sleevi, Ryan"): read as "Ryan Sleevi"; not "Acme, Inc."
# the lower-case words inside a surname ("van der Berg, Anna" in a display name; "Jan van der Berg" signing off:
# ``parse.people``), as a set and as one regex alternation, longest first
SURNAME_PARTICLES = frozenset(_words("surname_particles"))
PARTICLE_ALTERNATION = "|".join(re.escape(w) for w in sorted(SURNAME_PARTICLES, key=len, reverse=True))
_LAST_FIRST = tables.compile("people_words.json", "surname_particles", rf"^(?P<last>(?:(?:{PARTICLE_ALTERNATION})\s+)*[^\W\d_][\w'’-]+), (?P<first>[^\W\d_][\w'’.-]+(?: [^\W\d_][\w'’.-]*)?)$")
_NOT_GIVEN_NAMES = _words("not_given_names")


# "LIST <list@x> on behalf of Name <n@x>", "LIST [mailto:list@x] On Behalf Of Name": the author is Name
_BEHALF = re.compile(r"^.*?(?<!\s)\s+on\s+behalf\s+of\s+(?=\S)", re.I)
# "x at y.z (Name)" (pipermail), "x@y.z (Name)" (old RFC 822 form)
_ADDR_PAREN = re.compile(r"^(?P<addr>[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+)\s+\((?P<name>[^()]+)\)$")
_EXT = re.compile(r"^ext\s+(?=[\"'\w])")  # "ext Name [mailto:…]" (an external sender's marker)
_EMPHASIS = re.compile(r"\*+")  # "*From:* x [mailto:x] *On Behalf Of *Name": Outlook's bold as plain text
_BARE_ADDR_AT = re.compile(r"[\w.+-]+ at [\w-]+(?:\.[\w-]+)+")  # pipermail "kirk_hall at trendmicro.com" alone


def clean_name(raw: str, email: str | None) -> tuple[str | None, str | None]:
    """'\\'Ben Wilson\\' via dev-security-policy <x@y>' -> ('Ben Wilson', 'x@y')."""
    s = " ".join(_EMPHASIS.sub("", raw).replace("\u00a0", " ").split())
    m = _BEHALF.match(s)
    if m:
        s = s[m.end():]
    s = _EXT.sub("", s)
    m = _ADDR_PAREN.match(s)
    if m:
        email, s = email or m.group("addr").replace(" at ", "@"), m.group("name")
    m = _MAILTO.search(s)
    if m:
        email, s = email or m.group(1), s[: m.start()]
    m = _ANGLE.search(s)
    if m and "@" in m.group(1) or (m and " at " in m.group(1)) or (m and m.group(1) in ("",) + _OBFUSCATED):
        email = email or m.group(1)
        s = s[: m.start()]
    m = _ADDR_AT.search(s)
    if m:
        email = email or m.group(1).replace(" at ", "@")
        s = s[: m.start()]
    s = _NICK.sub("", _VIA.sub("", s)).strip().strip(",").strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        s = s[1:-1].strip()
    elif s[:1] in ("'", '"') and s.count(s[0]) == 1:  # '"Name via List" <x@y>': the closing quote went with the list
        s = s[1:].strip()
    if _BARE_ADDR_AT.fullmatch(s):
        s = s.replace(" at ", "@")
    if "@" in s and " " not in s:  # the address is all the attribution gives: it is the author
        email = email or s
    if not s and email and "@" in email and not (email.strip() in _OBFUSCATED):
        s = email.strip()
    m = _LAST_FIRST.match(s)
    if m and m.group("first").rstrip(".").lower() not in _NOT_GIVEN_NAMES:
        s = f"{m.group('first')} {m.group('last')}"
    if email and (email.strip() in _OBFUSCATED or not email.strip()):
        email = None
    email = email.strip().replace(" at ", "@") if email else None
    return (s or None), (email or None)


def bug_ca(title: str | None) -> str | None:
    """The CA a compliance bug's title names: "Sectigo: late revocation" -> "Sectigo"."""
    return title.split(":", 1)[0].strip() or None if title and ":" in title else None


def speaks_for_ca(ca: str | None, author: str | None, assignee: str | None) -> str | None:
    """``ca`` when a comment of its compliance bug speaks for it: the assignee's comments (the report too,
    when the CA filed it itself); else None."""
    return ca if ca and author and author == assignee else None
