"""People: display names as written, e-mail addresses, signatures and greetings."""
from __future__ import annotations

import re

# the patterns that start with white space start at the first space of a run ("(?<!\s)"): the same matches,
# linear time on a long run of spaces (a search tried every space of the run, each to the run's end)
_VIA = re.compile(r"(?<!\s)\s+via\s+\S.*$", re.I)
_ADDR_AT = re.compile(r"(?<!\s)\s+([\w.+-]+ at [\w-]+(?:\.[\w-]+)+)$")  # pipermail "dzacharo at harica.gr"
_ANGLE = re.compile(r"(?<!\s)\s*<([^<>]*)>?\s*$")
_OBFUSCATED = ("[email protected]", "[email\u00a0protected]")
_NICK = re.compile(r"(?<!\s)\s*\[:[^\]]*\]")  # Bugzilla "Ben Wilson [:bwilson]"
_MAILTO = re.compile(r"(?<!\s)\s*\[mailto:([^\]]+)\]\s*$")


# Outlook's "Last, First" display names ("Sleevi, Ryan"): read as "Ryan Sleevi"; not "Acme, Inc."
_LAST_FIRST = re.compile(r"^(?P<last>(?:(?:van|von|de|der|den|da|di|du|le|la|del|dos)\s+)*[^\W\d_][\w'’-]+), (?P<first>[^\W\d_][\w'’.-]+(?: [^\W\d_][\w'’.-]*)?)$")
_NOT_GIVEN_NAMES = {"inc", "ltd", "llc", "gmbh", "co", "corp", "jr", "sr", "phd", "md", "esq", "ii", "iii"}


# "LIST <list@x> on behalf of Name <n@x>", "LIST [mailto:list@x] On Behalf Of Name": the author is Name
_BEHALF = re.compile(r"^.*?(?<!\s)\s+on\s+behalf\s+of\s+(?=\S)", re.I)
# "x at y.z (Name)" (pipermail), "x@y.z (Name)" (old RFC 822 form)
_ADDR_PAREN = re.compile(r"^(?P<addr>[\w.+-]+(?:@| at )[\w-]+(?:\.[\w-]+)+)\s+\((?P<name>[^()]+)\)$")
_EXT = re.compile(r"^ext\s+(?=[\"'\w])")  # "ext Name [mailto:…]" (an external sender's marker)


def clean_name(raw: str, email: str | None) -> tuple[str | None, str | None]:
    """'\\'Ben Wilson\\' via dev-security-policy <x@y>' -> ('Ben Wilson', 'x@y')."""
    s = " ".join(raw.replace("\u00a0", " ").split())
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


# A sign-off name: "- Matt", "-Tim", "Ben", "Arabella Barks", "Dimitris Zacharopoulos (HARICA)"
_SIG = re.compile(r"^(?:[-–—~/]{1,2}\s?)?(?P<name>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,2})(?: \([^()]+\))?\s*$")
CLOSINGS = {"thanks", "thank you", "regards", "best", "cheers", "sincerely", "best regards", "kind regards",
            "thanks again", "many thanks", "yours", "sincerely yours", "all", "hi", "hello", "dear"}


NOT_NAMES = {"this", "the", "that", "these", "those", "it", "we", "i", "our", "in", "on", "at", "for", "and", "but",
             "so", "if", "as", "to", "a", "an", "yes", "no", "ok", "okay", "note", "summary", "update", "background",
             "details", "timeline", "question", "answer", "comment", "regards", "thanks", "cheers", "correction",
             "done", "agreed", "same", "why", "what", "how", "when", "where", "who", "please", "also", "however"}


def signature_name(line: str) -> str | None:
    """The name a sign-off line gives, or None."""
    s = line.strip()
    m = _SIG.match(s)
    if not m:
        return None
    name = m.group("name")
    if name.lower().rstrip(".!,") in CLOSINGS or not name[0].isupper() or name.split()[0].lower() in NOT_NAMES:
        return None
    if any(not w[0].isupper() for w in name.split()):
        return None
    if name.endswith(".") and not re.search(r"(?:^|\s)\w\.$", name):  # "Svar.", "Zweite Zeile.": a sentence
        return None
    return name


def same_person(sign_off: str, author: str, email: str | None = None) -> bool:
    """Whether a sign-off ("Ben", "- Matt", "RS", "/John") can name the author ("Ben Wilson",
    "Matthew Hardeman", "Ryan Sleevi", "john@example.com"): a word of one begins the other's, or initials."""
    said = [w for w in re.findall(r"[^\W\d_]+", sign_off.casefold()) if len(w) >= 2]
    known = [w for w in re.findall(r"[^\W\d_]+", f"{author} {(email or '').split('@')[0]}".casefold()) if len(w) >= 2]
    if not said or not known:
        return True  # nothing to compare: no reason to doubt it
    initials = "".join(w[0] for w in re.findall(r"[^\W\d_]+", author.casefold()))
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
_GREETING = re.compile(rf"^(?:(?:hi|hello|dear|hey)[,\s]+(?P<n1>{_NAME})\s*[,!:]?|(?P<n2>{_NAME})\s*,)\s*$", re.I)


def greeting_name(line: str) -> str | None:
    """'Hi, Arabella' / 'Alvin,' / 'Dear Ben' -> the addressee's (first) name."""
    m = _GREETING.match(line.strip())
    if not m:
        return None
    name = m.group("n1") or m.group("n2")
    if name.lower() in CLOSINGS or name.lower() in {"everyone", "all", "folks", "team", "there"}:
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
