"""People and organisations of the knowledge base: one person, one identity; whom a person works for.

A ``people`` row is one name as the texts write it. ``resolve(db)`` (run after every stored file) links the
names of one person to one row, the identity (``people.identity_id``, ``alias_rule``), when the texts link them:

* the same e-mail address (a mailing list's address identifies no one: ``email_domains.json`` ``lists``);
* the same name once the affiliation is taken off ("Dimitris Zacharopoulos (HARICA)");
* a login that spells the name: "BenWilson-Mozilla", "ryancdickson" (first + middle initial + last),
  "jeremy.rowley", "bwilson" (initial + last), or the local part of the person's e-mail ("dzacharo");
* a first name used in a thread where exactly one participant has that first name ("Ben" -> "Ben Wilson"),
  or, when no participant of its threads has it, that only one person of the knowledge base has.

Then each identity gets an organisation (``people.organisation_id``, ``organisation_rule``) from the
``affiliations`` its names collected while stored: the e-mail domain (``email_domains.json``), "Name (HARICA)",
a login suffix ("-Mozilla"), an organisation named in the sign-off, or the messages it writes on an
organisation's behalf (the assignee of a Bugzilla compliance bug speaks for the CA). Evidence ranks in that
order; within a rank the organisation seen most often wins.

``Organisations`` answers "which organisation rows does --org X mean": case-insensitive, by canonical name,
alias or former name (orgs.json), or by prefix ("Google" finds Google Trust Services).
"""
from __future__ import annotations

import difflib
import re
import sqlite3
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache

from threadkb import tables

_RULES = tables.load("identity_rules.json")


def fold(text: str) -> str:
    """The form two names (of people, organisations, addressees, lists) are compared in: canonical caseless
    (Unicode's D145: NFD, casefold, then NFC), so "Jörg" typed precomposed, "Jo\u0308rg" decomposed (as macOS and some
    mail clients write it) and "JÖRG" are one name, and "Straße" is "STRASSE". Accents stay ("Jorg" is another
    name). Every comparison of names goes through it: the knowledge base's keys and filters (--to, --speaker,
    --org), identities, sign-offs."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())
RULE_RANK: dict[str, int] = _RULES["rule_rank"]  # evidence ranks: a lower rank wins over any count of a higher one
CLAIM_SHARE: float = _RULES["claim_share"]  # share of a person's own claims that must speak for an organisation
_PAREN_ORG = re.compile(r"^(?P<name>.*?\S)\s*[(\[](?P<org>[^()\[\]]{2,60})[)\]]\s*$")
_LOGIN = re.compile(r"^[A-Za-z][A-Za-z0-9._-]{2,40}$")
_LOGIN_SUFFIX = re.compile(r"^(?P<login>[A-Za-z][A-Za-z0-9._]+)-(?P<org>[A-Za-z][A-Za-z0-9]+)$")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ADDRESS_NAME = re.compile(r"^<?(?P<local>[A-Za-z][A-Za-z0-9._-]{1,40})@[A-Za-z0-9.-]+\.[A-Za-z]{2,}>?$")  # "jdoe@x.org"


@lru_cache(maxsize=1)
def domains() -> dict:
    """The e-mail domain table (threadkb/data/email_domains.json)."""
    return tables.load("email_domains.json")


@lru_cache(maxsize=1)
def org_table() -> list[dict]:
    """The organisations of threadkb/data/orgs.json (canonical name, kind, aliases)."""
    return tables.load("orgs.json")["orgs"]


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, str]:
    """case-folded alias or canonical name -> canonical name."""
    out: dict[str, str] = {}
    for org in org_table():
        for alias in [org["name"], *org.get("aliases", [])]:
            out.setdefault(" ".join(fold(alias).split()), org["name"])
    return out


def canonical_org(name: str | None) -> str | None:
    """The canonical name of a known organisation ("comodo ca" -> "Sectigo"), else None."""
    if not name:
        return None
    return _alias_index().get(" ".join(fold(name).split()))


@lru_cache(maxsize=1)
def _legal_forms() -> tuple[tuple[str, ...], ...]:
    """The company forms of orgs.json ``legal_forms``, as word tuples, longest first."""
    forms = {tuple(f.split()) for f in tables.load("orgs.json").get("legal_forms", {}).get("forms", [])}
    return tuple(sorted(forms, key=len, reverse=True))


def without_legal_form(text: str) -> str:
    """``text`` case-folded, without commas and full stops, and without the company form it ends with
    ("Chunghwa Telecom Co., Ltd." -> "chunghwa telecom"); the text itself when nothing else would be left."""
    words = fold(text).replace(",", " ").replace(".", " ").split()
    for form in _legal_forms():
        if len(words) > len(form) and tuple(words[-len(form):]) == form:
            return " ".join(words[:-len(form)])
    return " ".join(words)


def organisation_name(text: str) -> bool:
    """Is ``text`` as a whole an organisation's name: a known one ("Google Trust Services", "Mozilla Root Program
    Team": ``named_orgs``), a name of two words or more ending with a company form ("Izenpe S.A.", "Acme Trust
    Co., Ltd.": orgs.json ``legal_forms``) or with a word that ends known organisations' names ("Apple Root
    Program": ``_ends_with_org_word``)? A sign-off's line under the writer's name ("Brett L" / "Google Trust
    Services") is such a line, not the writer."""
    s = " ".join(text.split())
    if not s or len(s) > 80:
        return False
    if named_orgs(s):
        return True
    words = fold(s).replace(",", " ").replace(".", " ").split()
    return len(words) >= 2 and (without_legal_form(s) != " ".join(words) or _ends_with_org_word(s.split()))


def _ends_with_org_word(words: list[str]) -> bool:
    """Is a capitalised line of ``words`` an organisation by its last word, a word that ends names of known
    organisations ("Apple Root Program", "Acme Trust Services", "Example CA": orgs.json ``name_parts.org_words``)?
    Three words or more, or two ending with the word in capitals: "Jordan Trust" may be a person."""
    last = words[-1]
    return (len(words) >= 3 or last.isupper()) and fold(last) in _org_words() \
        and all(w[0].isupper() or w[0].isdigit() for w in words)


@lru_cache(maxsize=1)
def _org_words() -> frozenset[str]:
    return frozenset(tables.load("orgs.json")["name_parts"]["org_words"]["words"])


def _domain_entry(address: str | None, table: str) -> str | bool | None:
    if not address or "@" not in address:
        return None
    host = address.rsplit("@", 1)[1].strip().strip(">").lower()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        dom = ".".join(parts[i:])
        if table == "domains" and dom in domains()["domains"]:
            return domains()["domains"][dom]
        if table != "domains" and dom in domains()[table]:
            return True
    return None


@lru_cache(maxsize=4096)  # the same addresses come back in every message of a person
def is_list_address(address: str | None) -> bool:
    """A mailing list's, archive's or forge's address: it identifies no person. Its domain is a list's
    (email_domains.json ``lists``: googlegroups.com, lists.mozilla.org, …) or the address has a list's shape
    (``list_shapes``: lists.example.org, NAME-request@, NAME-bounces@, owner-NAME@, …)."""
    if bool(_domain_entry(address, "lists")):
        return True
    folded = fold((address or "").strip().strip("<>"))
    return "@" in folded and any(rx.search(folded) for rx in _list_shapes())


@lru_cache(maxsize=1)
def _list_shapes() -> list[re.Pattern]:
    return tables.patterns("email_domains.json")["list_shapes"]["patterns"]


@lru_cache(maxsize=4096)
def email_organisation(address: str | None) -> str | None:
    """The organisation an e-mail address's domain belongs to ("dzacharo@harica.gr" -> "HARICA"), or None."""
    if is_list_address(address) or _domain_entry(address, "personal"):
        return None
    value = _domain_entry(address, "domains")
    return value if isinstance(value, str) else None


def _nickname(word: str, name: str) -> bool:
    """Is ``word`` a nickname of a word of ``name``, no organisation: one word that begins one of the name's words
    ("Barclay, Deborah L (Deb)", "Ben Wilson (Ben)"), or such a word with a diminutive ending ("Ann Lee (Annie)",
    "Deb Roe (Debbie)": people_words.json ``nickname_endings``)?"""
    w = fold(word.strip())
    if " " in w or len(w) < 2:
        return False
    return any(n.startswith(w) or _diminutive(w, n) for n in fold(name).replace(",", " ").split())


def _diminutive(w: str, n: str) -> bool:
    """Is ``w`` the word ``n`` with a diminutive ending, its last letter doubled or not ("annie", "debbie")?"""
    if len(n) < 2 or not w.startswith(n):
        return False
    rest = w[len(n):]
    rest = rest[1:] if rest[:1] == n[-1] else rest
    return rest in _nickname_endings()


@lru_cache(maxsize=1)
def _nickname_endings() -> frozenset[str]:
    return frozenset(tables.load("people_words.json")["nickname_endings"]["words"])


def split_affiliation(name: str) -> tuple[str, str | None]:
    """'Dimitris Zacharopoulos (HARICA)' -> ('Dimitris Zacharopoulos', 'HARICA'); a login with an organisation
    suffix 'BenWilson-Mozilla' -> ('BenWilson', 'Mozilla') when the suffix is a known organisation. A nickname in
    the brackets ('Barclay, Deborah L (Deb)') is none: the name stays whole, as 'Jo Park (she/her)' does."""
    s = name.strip()
    m = _PAREN_ORG.match(s)
    if m and (canonical_org(m["org"]) or (m["org"][:1].isupper() and not _nickname(m["org"], m["name"]))):
        return m["name"].strip(), m["org"].strip()
    m = _LOGIN_SUFFIX.match(s)
    if m and " " not in s and canonical_org(m["org"]):
        return m["login"], m["org"]
    return s, None


def signature_organisation(lines: list[str]) -> str | None:
    """The known organisation a sign-off names on a line of its own ("Mozilla Root Program" -> "Mozilla")."""
    for line in lines:
        named = orgs_named(line)
        if named:
            return named[0]
    return None


def own_affiliations(author: str | None, email: str | None, signature: list[str] | tuple[str, ...] = (),
                     on_behalf_of: str | None = None) -> list[tuple[str, str, str]]:
    """Whom a message's writer says they work for, from their own evidence only (never an organisation the message
    merely names): (organisation, the rule, the words that show it), in this order: the message's "on behalf of",
    "Name (HARICA)" or a login suffix ("BenWilson-Mozilla"), the e-mail domain, the sign-off's organisation line.
    The organisation is canonical when known (orgs.json), else as written."""
    found: list[tuple[str | None, str, str]] = [(on_behalf_of, "on behalf of", on_behalf_of or "")]
    if author:
        _, named = split_affiliation(author)
        found.append((named, "login suffix" if "(" not in author else "name (organisation)", author))
    if email:
        found.append((email_organisation(email), f"e-mail domain {email.rsplit('@', 1)[-1].lower()}", email))
    line = next((x for x in signature if orgs_named(x)), None)
    if line is not None:
        found.append((orgs_named(line)[0], "signature line", line))
    out: list[tuple[str, str, str]] = []
    for org, rule, words in found:
        org = canonical_org(org) or org if org else None
        if org and all(org != o for o, _, _ in out):
            out.append((org, rule, words))
    return out


def speaker_kind(author: str | None, email: str | None, signature: list[str] | tuple[str, ...] = (),
                 on_behalf_of: str | None = None) -> tuple[str, str] | None:
    """The kind of organisation (CA, root program, body …: orgs.json) a message's writer speaks for by their own
    evidence (``own_affiliations``), with that evidence in words ("CA: SHECA, by e-mail domain sheca.com"); an
    organisation with roles (Google: Chrome Root Program, Google Trust Services) takes the role its evidence's words
    name (its signature line, its name as written), not one the message names elsewhere. None: no known organisation."""
    for org, rule, words in own_affiliations(author, email, signature, on_behalf_of):
        kind = org_kind(org, (words, *signature))
        if kind is not None:
            return kind, f"{kind}: {org}, by {rule}"
    return None


@lru_cache(maxsize=1)
def _role_patterns() -> dict[str, dict[str, re.Pattern]]:
    """canonical name -> role -> the products that name it (orgs.json ``roles``), one case-folded alternation."""
    out: dict[str, dict[str, re.Pattern]] = {}
    for org in org_table():
        for role, products in org.get("roles", {}).items():
            alternation = "|".join(re.escape(fold(" ".join(p.split()))) for p in sorted(products, key=len, reverse=True))
            out.setdefault(org["name"], {})[role] = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])")
    return out


def org_kinds(org: str) -> tuple[str, ...]:
    """The kinds an organisation (canonical name) may take: its ``kind`` first, then its other ``roles``."""
    row = next((o for o in org_table() if o["name"] == org), None)
    if row is None:
        return ()
    return (row["kind"], *(r for r in row.get("roles", {}) if r != row["kind"]))


def org_kind(org: str, contexts: Iterable[str | None] = ()) -> str | None:
    """The kind organisation ``org`` (canonical name) takes where it speaks: its ``kind``; for one with ``roles``
    (Microsoft is the Microsoft Trusted Root Program and Microsoft PKI Services, a CA), the role whose products the
    first of ``contexts`` that names the products of one role only names (the organisation's name as written, the
    sentence, its message: nearest first); ``kind`` when none does. None: not a known organisation."""
    kinds = org_kinds(org)
    roles = _role_patterns().get(org)
    if not kinds or not roles:
        return kinds[0] if kinds else None
    for text in contexts:
        if not text:
            continue
        folded = fold(" ".join(text.split()))
        named = [role for role, rx in roles.items() if rx.search(folded)]
        if len(named) == 1:
            return named[0]
    return kinds[0]


def orgs_named(text: str) -> list[str]:
    """The known organisations (canonical names) a text names by one of their aliases, in the text's order."""
    return [_alias_index()[m.group(0)] for m in _alias_pattern().finditer(fold(" ".join(text.split())))]


@lru_cache(maxsize=1)
def _alias_pattern() -> re.Pattern:
    """Every alias of orgs.json as one case-folded alternation, longest first, as whole words."""
    aliases = sorted(_alias_index(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in aliases) + r")(?![\w-])")


def _letters(s: str) -> str:
    return re.sub(r"[^a-z]", "", fold(s))


@lru_cache(maxsize=65536)  # resolve() asks again after every stored file
def login_spellings(full_name: str) -> frozenset[str]:
    """How a login may spell a full name (identity_rules.json ``login_forms``): 'Ryan C Dickson' / 'Ryan Dickson' ->
    ryandickson, ryancdickson, rdickson, ryan.dickson (as letters), dicksonryan, dickson, dicksonr; a name of three or
    more words also by all its words and by any two of them ('Alvin Jiatai Wang' -> wangjiatai). A login shared by two
    names links neither."""
    words = [w for w in re.findall(r"[^\W\d_]+", fold(full_name)) if w]
    if len(words) < 2:
        return frozenset()
    forms = _RULES["login_forms"]
    first, last = words[0], words[-1]
    parts = {"first": first, "last": last, "f": first[0], "l": last[0], "all": "".join(words)}
    out: set[str] = set()
    for form in forms["two_words"] + (forms["more_words"] if len(words) > 2 else []):
        if "{m}" in form:  # a middle initial the display name leaves out
            out.update(form.format(m=m, **parts) for m in "abcdefghijklmnopqrstuvwxyz")
        elif "{pair}" in form:
            out.update(a + b for i, a in enumerate(words) for j, b in enumerate(words) if i != j)
        else:
            out.add(form.format(**parts))
    return frozenset(_letters(x) for x in out)


def _is_full_name(name: str) -> bool:
    words = name.split()
    return len(words) >= 2 and all(w[:1].isupper() for w in words if w[:1].isalpha())


class _Union:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.why: dict[int, str] = {}

    def find(self, x: int) -> int:
        while self.parent.get(x, x) != x:
            x = self.parent[x]
        return x

    def join(self, a: int, b: int, why: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra
            self.why.setdefault(b, why)


def identities(names: dict[int, str], emails: dict[int, str], threads: dict[int, set], messages: Counter
               ) -> tuple[dict[int, int], dict[int, str]]:
    """(each name's person: the key of its identity, why a name joined its person) by the rules of the module
    docstring. ``names``: key -> a name as written; ``emails``: key -> its address (case-folded, no list's);
    ``threads``: key -> the threads it writes or speaks in; ``messages``: key -> how many messages it wrote. The
    knowledge base's people rows (``resolve``) and the review report's one thread (``threadkb.followup``) read
    them alike, so both count the same names as one person."""
    u = _Union()
    clean = {pid: split_affiliation(name)[0] for pid, name in names.items()}
    # 1. the same e-mail address; the same name without its affiliation
    by_email: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for pid in names:
        if pid in emails:
            first = by_email.setdefault(emails[pid], pid)
            if first != pid:
                u.join(first, pid, f"same e-mail address {emails[pid]}")
        key = " ".join(re.findall(r"\w+", fold(clean[pid])))
        first = by_name.setdefault(key, pid)
        if first != pid:
            u.join(first, pid, f"the same name as {names[first]!r}")
    full = [pid for pid in names if _is_full_name(clean[pid])]
    # 2. logins that spell a full name, or the local part of a full name's e-mail address
    spellings: dict[str, set[int]] = defaultdict(set)
    for pid in full:
        for s in login_spellings(clean[pid]):
            spellings[s].add(pid)
    local_parts: dict[str, set[int]] = defaultdict(set)
    for pid, email in emails.items():
        if pid in full:
            local_parts[_letters(email.split("@")[0])].add(pid)
    for pid in names:
        login = clean[pid]
        address = _ADDRESS_NAME.match(login)  # a name that is an address: its local part is the login
        if address and not is_list_address(login):
            login = address.group("local")
        if " " in login or not _LOGIN.match(login) or pid in full:
            continue
        spelled = _letters(_CAMEL.sub(" ", login))
        by_spelling = {u.find(x) for x in spellings.get(spelled, set())}
        # a name that is an address joins by its local part only the person of that very address: another domain's
        # "ben@other.org" is another mailbox, not Ben Smith's ben@example.org (a login has no domain to tell)
        by_address = {u.find(x) for x in local_parts.get(spelled, set())
                      if not address or emails.get(x) == clean[pid].strip("<>").casefold()}
        found = by_spelling | by_address
        if len(found) == 1:
            head = found.pop()
            what = "address" if address else "login"
            if by_spelling:
                why = f"the {what} {names[pid]!r} spells the name {clean[head]!r}"
            else:
                why = (f"the address {names[pid]!r} has the local part" if address else f"the login {names[pid]!r} is the"
                       " local part") + f" of the e-mail address of {clean[head]!r}"
            u.join(head, pid, why)
    # 3. a first name used in a thread where one participant alone has that first name
    by_first: dict[str, list[int]] = defaultdict(list)
    for f in full:
        by_first[fold(clean[f].split()[0])].append(f)
    for pid in names:
        word = clean[pid].strip()
        if " " in word or not word[:1].isupper() or not word.isalpha():
            continue
        same_first = by_first.get(fold(word), [])
        found = {u.find(f) for f in same_first if threads[f] & threads[pid]}
        if len(found) == 1:
            u.join(found.pop(), pid, "first name of a participant of the same thread")
        elif not found and len({u.find(f) for f in same_first}) == 1:
            u.join(u.find(same_first[0]), pid, "first name of the only person of the knowledge base so named")
    # the person of each group: a full name, the one with most messages, the first stored
    groups: dict[int, list[int]] = defaultdict(list)
    for pid in names:
        groups[u.find(pid)].append(pid)
    identity: dict[int, int] = {}
    for members in groups.values():
        head = min(members, key=lambda p: (not _is_full_name(clean[p]), clean[p] != names[p], -messages[p], p))
        for p in members:
            identity[p] = head
    return identity, u.why


def resolve(db: sqlite3.Connection) -> None:
    """Recompute identities and organisations of every people row (see the module docstring)."""
    rows = db.execute("SELECT id, name, email, identity_id, alias_rule FROM people ORDER BY id").fetchall()
    if not rows:
        return
    names = {pid: name for pid, name, *_ in rows}
    stored = {pid: (ident, rule) for pid, _, _, ident, rule in rows}
    emails = {pid: fold(email or "") for pid, _, email, *_ in rows if email and not is_list_address(email)}
    threads: dict[int, set[int]] = defaultdict(set)
    messages: Counter[int] = Counter()
    for pid, tid, n in db.execute(
            "SELECT author_id, thread_id, count(*) FROM messages WHERE author_id IS NOT NULL GROUP BY 1, 2"):
        threads[pid].add(tid)
        messages[pid] += n
    for pid, tid in db.execute("SELECT DISTINCT c.speaker_id, m.thread_id FROM claims c JOIN messages m"
                               " ON m.id = c.message_id WHERE c.speaker_id IS NOT NULL"):
        threads[pid].add(tid)
    identity, why = identities(names, emails, threads, messages)
    rows_now = {p: (None, None) if identity[p] == p else
                (identity[p], why.get(p, "linked through another name of the person")) for p in names}
    db.executemany("UPDATE people SET identity_id = ?, alias_rule = ? WHERE id = ?",
                   [(*rows_now[p], p) for p in names if rows_now[p] != stored[p]])  # only what changed
    _organisations(db, identity)


def _organisations(db: sqlite3.Connection, identity: dict[int, int]) -> None:
    evidence: dict[int, Counter] = defaultdict(Counter)
    for pid, oid, rule, n in db.execute("SELECT person_id, organisation_id, rule, count(*) FROM affiliations"
                                        " GROUP BY 1, 2, 3"):
        kind = next((k for k in RULE_RANK if rule.startswith(k)), rule)
        evidence[identity.get(pid, pid)][(RULE_RANK.get(kind, 9), oid, kind)] += n
    # the organisation a person's own claims speak for ("SHECA believes ..."), when a share of them do
    own: Counter = Counter()
    speaks: Counter = Counter()
    for pid, oid, n in db.execute("SELECT speaker_id, on_behalf_of_id, count(*) FROM claims WHERE reported = 0"
                                  " AND speaker_id IS NOT NULL GROUP BY 1, 2"):
        head = identity.get(pid, pid)
        own[head] += n
        if oid is not None:
            speaks[(head, oid)] += n
    for (head, oid), n in speaks.items():
        if n >= CLAIM_SHARE * own[head]:
            evidence[head][(RULE_RANK["claims speak for it"], oid, "claims speak for it")] += n
    now: dict[int, tuple[int | None, str | None]] = {}
    for head in set(identity.values()):
        ev = evidence.get(head)
        if not ev:
            now[head] = (None, None)
            continue
        (rank, oid, kind), n = min(ev.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
        unit = "claim" if kind == "claims speak for it" else "message"
        now[head] = (oid, f"{kind} ({n} {unit}{'s' if n != 1 else ''})")
    for pid in identity:
        now.setdefault(pid, (None, None))  # an alias: its person holds the organisation
    stored = {pid: (oid, rule) for pid, oid, rule in db.execute(
        "SELECT id, organisation_id, organisation_rule FROM people")}
    db.executemany("UPDATE people SET organisation_id = ?, organisation_rule = ? WHERE id = ?",
                   [(*value, pid) for pid, value in now.items() if stored.get(pid) != value])


# --------------------------------------------------------------------------- which rows a filter means


@lru_cache(maxsize=4096)
def named_orgs(name: str) -> frozenset[str]:
    """The known organisations (canonical names) an organisation's name names: itself, each organisation a name
    joins ("Chrome/Google" -> Chrome Root Program, Google) and the name without a trailing team word ("Chrome Root
    Program Team" -> Chrome Root Program): orgs.json ``name_parts``."""
    parts = tables.load("orgs.json")["name_parts"]
    pieces = [name]
    for sep in parts["separators"]:
        pieces += [p for piece in list(pieces) if sep in piece for p in piece.split(sep) if p.strip()]
    out = set()
    for piece in pieces:
        words = piece.split()
        for form in (piece, " ".join(words[:-1]) if len(words) > 1 and fold(words[-1]) in parts["team_words"] else ""):
            known = form and (canonical_org(form) or canonical_org(without_legal_form(form)))
            if known:
                out.add(known)
    return frozenset(out)


def organisation_ids(db: sqlite3.Connection, text: str) -> list[int]:
    """The organisations rows ``--org text`` means: any case, by name, by an alias or former name of the same
    organisation (orgs.json), or by prefix of any of those ("Google" -> Google, Google Trust Services); a row
    whose name joins organisations or ends with a team word ("Chrome/Google", "Chrome Root Program Team") is
    met by those organisations' names too (``named_orgs``)."""
    wants = {" ".join(fold(text).split()), without_legal_form(text)} - {""}
    out = []
    for oid, name in db.execute("SELECT id, name FROM organisations"):
        canonicals = named_orgs(name) or {name}
        spellings = {" ".join(fold(name).split())} | {fold(c) for c in canonicals}
        spellings |= {a for a, c in _alias_index().items() if c in canonicals}
        if any(s.startswith(want) for s in spellings for want in wants):
            out.append(oid)
    return out


def person_ids(db: sqlite3.Connection, text: str) -> list[int]:
    """Every people row of every identity one of whose names contains ``text`` (any case)."""
    want = " ".join(re.findall(r"\w+", fold(text)))
    if not want:
        return []
    heads = {row[0] for row in db.execute(
        "SELECT COALESCE(identity_id, id), name FROM people") if want in " ".join(re.findall(r"\w+", fold(row[1])))}
    if not heads:
        return []
    marks = ",".join("?" * len(heads))
    return [r[0] for r in db.execute(
        f"SELECT id FROM people WHERE COALESCE(identity_id, id) IN ({marks})", list(heads))]


def nearest(text: str, names: list[str], n: int = 3) -> list[str]:
    """The names closest to ``text`` (for "matches nothing; did you mean ...")."""
    by_fold = {fold(x): x for x in names}
    found = difflib.get_close_matches(fold(text), list(by_fold), n=n, cutoff=0.5)
    return [by_fold[f] for f in found]
