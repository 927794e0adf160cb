"""Deterministic generator of a large, realistic mbox archive for the benchmarks.

    python benchmarks/make_archive.py --messages 50000 --seed 1 --out /tmp/archive.mbox
    python benchmarks/make_archive.py --messages 500 --depth-profile 50 --out /tmp/depth50.mbox

Threads are built from the real paragraphs of ``corpora/`` (quote markers and archive chrome removed):
every e-mail has real headers (Message-ID, In-Reply-To, References, Date in the sender's zone, From with
a display name, RFC 2047 when non-ASCII), and a reply quotes its parent in full under one of the
attribution styles the parser supports (Gmail, Google Groups, mutt, Thunderbird in Greek, Outlook
"-----Original Message-----" header blocks, Google Groups in Vietnamese), or answers it inline,
interleaving quoted paragraphs with answers. List footers (Google Groups, Mailman) are appended by the
list and are quoted with the rest half of the time.

The output is streamed: at most ``WINDOW`` threads are open at once (their messages interleave in date
order, as in a real archive), so memory does not depend on ``--messages``.

``--depth-profile D`` makes chains of exactly D messages, each quoting its parent in full (quote depth
D-1 in the last message): the input of the time-vs-quote-depth measurement.

Same seed, same arguments -> the same bytes.
"""
from __future__ import annotations

import argparse
import os
import quopri
import random
import re
import sys
import textwrap
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime
from typing import TextIO

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPORA = os.path.join(HERE, "..", "corpora")
WINDOW = 12  # threads open at once
START = datetime(2014, 1, 6, 9, 0, tzinfo=timezone.utc)
SPAN_DAYS = 12 * 365  # the archive covers 2014..2025 whatever its size
MAX_PARA_LINES = 8

# ---------------------------------------------------------------------------------------- tables
# People of the Web PKI lists (names as they appear in corpora/): display name, address, organisation,
# UTC offset in minutes, preferred mail client (the attribution style they usually produce).
PEOPLE: list[tuple[str, str, str, int, str]] = [
    ("Ben Wilson", "bwilson@mozilla.com", "Mozilla Root Store Program", -420, "gmail"),
    ("Kathleen Wilson", "kwilson@mozilla.com", "Mozilla", -480, "thunderbird-en"),
    ("Ryan Sleevi", "ryan.sleevi@gmail.com", "Google Chrome", -300, "gmail"),
    ("Wayne Thayer", "wthayer@mozilla.com", "Mozilla", -420, "gmail"),
    ("Gervase Markham", "gerv@mozilla.org", "Mozilla", 0, "thunderbird-en"),
    ("Andrew Ayer", "agwa@andrewayer.name", "SSLMate", -480, "mutt"),
    ("Aaron Gable", "aaron@letsencrypt.org", "Let's Encrypt", -480, "gmail"),
    ("Clint Wilson", "clintw@apple.com", "Apple", -480, "gmail"),
    ("Dimitris Zacharopoulos", "dzacharo@harica.gr", "HARICA", 120, "thunderbird-el"),
    ("Corey Bonnell", "corey.bonnell@digicert.com", "DigiCert", -300, "outlook"),
    ("Tim Hollebeek", "tim.hollebeek@digicert.com", "DigiCert", -300, "outlook"),
    ("Jeremy Rowley", "jeremy.rowley@digicert.com", "DigiCert", -420, "outlook"),
    ("Rob Stradling", "rob@sectigo.com", "Sectigo", 0, "thunderbird-en"),
    ("Ramiro Muñoz", "ramiro.munoz@camerfirma.com", "AC Camerfirma", 60, "outlook"),
    ("Alvin Wang", "alvin.wang@sheca.com", "SHECA", 480, "gg"),
    ("Arabella Barks", "arabellabarks@gmail.com", "", 480, "gg"),
    ("Linh Bach Quang", "linhbq@gmail.com", "", 420, "vi"),
    ("Nguyễn Văn Thành", "thanh.nv@gmail.com", "", 420, "vi"),
    ("Bruce Morton", "bruce.morton@entrust.com", "Entrust", -300, "outlook"),
    ("Chris Clements", "chrisclements@google.com", "Google Chrome Root Program", -240, "gg"),
    ("Matt Palmer", "mpalmer@hezmatt.org", "", 600, "mutt"),
    ("Jeff Hodges", "jeff@letsencrypt.org", "Let's Encrypt", -480, "mutt"),
    ("Wojciech Kowalski", "wkowalski@certum.pl", "Certum", 60, "thunderbird-en"),
    ("Li-Chun Chen", "realsky@cht.com.tw", "Chunghwa Telecom", 480, "outlook"),
]

STYLES = ["gmail", "gg", "mutt", "thunderbird-el", "thunderbird-en", "outlook", "vi"]

# Mailing lists, the years they carried the discussion, and the footer the list appends.
GG_FOOTER = (
    "-- \n"
    "You received this message because you are subscribed to the Google Groups \"{list}\" group.\n"
    "To unsubscribe from this group and stop receiving emails from it, send an email to {unsub}.\n"
    "To view this discussion visit https://groups.google.com/a/mozilla.org/d/msgid/{name}/{msgid}."
)
MAILMAN_FOOTER = (
    "_______________________________________________\n"
    "{name} mailing list\n"
    "{list}\n"
    "{listinfo}"
)
LISTS = [
    # (list address, list name, list-id, first year, last year, footer template, listinfo URL)
    ("dev-security-policy@lists.mozilla.org", "dev-security-policy", "dev-security-policy.lists.mozilla.org",
     2014, 2021, MAILMAN_FOOTER, "https://lists.mozilla.org/listinfo/dev-security-policy"),
    ("dev-security-policy@mozilla.org", "dev-security-policy", "dev-security-policy.mozilla.org",
     2021, 2025, GG_FOOTER, ""),
    ("servercert-wg@cabforum.org", "Servercert-wg", "servercert-wg.cabforum.org",
     2018, 2025, MAILMAN_FOOTER, "https://lists.cabforum.org/mailman/listinfo/servercert-wg"),
    ("public@ccadb.org", "public", "public.ccadb.org", 2022, 2025, GG_FOOTER, ""),
]

GREETINGS = ["Hi {first},", "{first},", "Hi all,", "All,", "Hello {first},", "Dear {first},", "", ""]
SIGNOFFS = ["Thanks,\n{first}", "Best regards,\n{name}\n{org}", "-- \n{name}\n{org}", "{first}",
            "Regards,\n{name}", "Thank you,\n{name}", ""]

# Lines of archive pages and mail clients that are not paragraph text.
_CHROME = re.compile(
    r"wrote:|đã viết:|^On .*\d{4}|Original Message|^(From|Sent|To|Cc|Subject|Date):|mailing list|"
    r"You received this|unsubscribe|Reply via email|^\s*(\d+ views|unread|Skip to|to dev-|Comment \d)|"
    r" · comment · |^Assignee|months ago|listinfo|^\[image:|^_{5,}|^-{5,}|^\s*--\s*$|^Thread\b|"
    r"^\S+ \S+ [\w.-]+ at [\w.-]+\.\w+$|^\w{3} \w{3} +\d+ \d\d:\d\d:\d\d UTC \d{4}$",
    re.I)
_QUOTE_MARK = re.compile(r"^(?:\s*\*?>\*?)+ ?")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
VI_DAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


# ---------------------------------------------------------------------------------------- corpus


def load_paragraphs(corpora: str = DEFAULT_CORPORA) -> list[str]:
    """Real paragraphs of the corpus text files: quote markers, attributions and page chrome removed.

    Paragraphs keep their original line breaks; one-line ("flattened") paragraphs are wrapped at 74.
    """
    paras: list[str] = []
    seen: set[str] = set()
    for name in sorted(os.listdir(corpora)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(corpora, name), encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        block: list[str] = []
        for raw in text.split("\n") + [""]:
            line = _QUOTE_MARK.sub("", raw).rstrip()
            if line.strip() and not _CHROME.search(line):
                block.append(line)
                continue
            _keep(block, paras, seen)
            block = []
    return paras


def _keep(block: list[str], paras: list[str], seen: set[str]) -> None:
    text = "\n".join(block).strip()
    letters = sum(c.isalpha() or c == " " for c in text)
    if len(text) < 60 or letters < 0.75 * len(text) or "\ufffd" in text or text in seen:
        return
    seen.add(text)
    if max(len(line) for line in block) > 100:
        text = textwrap.fill(" ".join(text.split()), width=74)
    lines = text.split("\n")
    for i in range(0, len(lines), MAX_PARA_LINES):  # long paragraphs become several (8-line) ones
        piece = "\n".join(lines[i:i + MAX_PARA_LINES])
        if len(piece) >= 60:
            paras.append(piece)


def load_subjects(corpora: str = DEFAULT_CORPORA) -> list[str]:
    """Thread subjects: the topic column of ``corpora/INDEX.md`` (real incident discussions)."""
    out: list[str] = []
    try:
        with open(os.path.join(corpora, "INDEX.md"), encoding="utf-8") as fh:
            for line in fh:
                cells = [c.strip() for c in line.split("|")]
                if len(cells) > 6 and cells[1].endswith((".txt", ".html")):
                    topic = re.sub(r"[*`]", "", cells[5])
                    if topic and topic not in out and not topic.startswith("same as"):
                        out.append(topic)
    except OSError:
        pass
    return out or ["Incident report"]


# ---------------------------------------------------------------------------------------- model


@dataclass
class Person:
    name: str
    address: str
    org: str
    tz: timezone
    client: str

    @property
    def first(self) -> str:
        return self.name.split()[0]


@dataclass
class Mail:
    """One generated e-mail: its headers and its body (unescaped text, without the list footer)."""

    msgid: str
    sender: Person
    date: datetime  # aware, in the sender's zone
    subject: str
    body: str
    footer: str
    parent: Mail | None = None
    references: list[str] = field(default_factory=list)
    style: str = ""  # how it quotes its parent ("" for a thread start)


@dataclass
class OpenThread:
    subject: str
    list_row: tuple
    length: int
    mails: list[Mail] = field(default_factory=list)


@dataclass
class ArchiveStats:
    """What was written: counts the benchmark reports (messages/s, MB/s) are computed from."""

    messages: int = 0
    threads: int = 0
    bytes: int = 0
    max_depth: int = 0
    styles: dict[str, int] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------- attributions


def _offset(tz: timezone) -> str:
    """'UTC+8', 'UTC-6', 'UTC+5:30' as Google Groups prints a zone."""
    mins = int(tz.utcoffset(None).total_seconds() // 60)
    sign = "+" if mins >= 0 else "-"
    h, m = divmod(abs(mins), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def _h12(dt: datetime) -> tuple[int, str]:
    h = dt.hour % 12 or 12
    return h, "AM" if dt.hour < 12 else "PM"


def attribution(style: str, parent: Mail, reader: Person, rng: random.Random, list_addr: str) -> list[str]:
    """The lines a client writes above (or around) the quoted parent, for one attribution style."""
    who = parent.sender
    local = parent.date.astimezone(reader.tz)
    if style == "gmail":
        h, ampm = _h12(local)
        addr = f"{who.name} <{who.address}>"
        if list_addr.endswith("lists.mozilla.org") and rng.random() < 0.4:
            addr = f"{who.name} via dev-security-policy <{list_addr}>"
        line = f"On {local:%a}, {local:%b} {local.day}, {local.year} at {h}:{local:%M} {ampm} {addr} wrote:"
        if len(line) > 78:  # Gmail wraps a long attribution before the address
            cut = line.rindex(" <") + 2
            return [line[:cut], line[cut:]]
        return [line]
    if style == "gg":
        h, ampm = _h12(local)
        sep = "\u202f" if local.year >= 2023 else " "
        return [f"On {DAYS[local.weekday()]}, {MONTHS[local.month - 1]} {local.day}, {local.year} at "
                f"{h}:{local:%M:%S}{sep}{ampm} {_offset(reader.tz)} {who.name} wrote:"]
    if style == "mutt":
        d = parent.date
        return [f"On {d:%a}, {d:%b} {d:%d}, {d.year} at {d:%I:%M:%S}{d:%p} {d:%z}, {who.name} wrote:"]
    if style == "thunderbird-el":
        h, ampm = _h12(local)
        return [f"On {local:%d/%m/%Y} {h}:{local:%M} {'π.μ.' if ampm == 'AM' else 'μ.μ.'}, {who.name} wrote:"]
    if style == "thunderbird-en":
        return [f"On {local:%d/%m/%Y} {local:%H:%M}, {who.name} wrote:"]
    if style == "vi":
        return [f"Vào lúc {local:%H:%M:%S} {_offset(reader.tz)} ngày {VI_DAYS[local.weekday()]}, "
                f"{local.day} tháng {local.month}, {local.year}, {who.name} đã viết:"]
    if style == "outlook":
        h, ampm = _h12(local)
        sender = f"{who.name} <{who.address}>"
        if rng.random() < 0.25:
            sender = f"dev-security-policy <dev-security-policy-bounces@lists.mozilla.org> On Behalf Of {who.name}"
        return ["-----Original Message-----", f"From: {sender}",
                f"Sent: {DAYS[local.weekday()]}, {MONTHS[local.month - 1]} {local.day}, {local.year} "
                f"{h}:{local:%M} {ampm}",
                f"To: {list_addr}", f"Subject: {parent.subject}"]
    raise ValueError(f"unknown attribution style {style!r}")


def quote_lines(text: str) -> list[str]:
    """Quote text one level deeper, as mutt/Thunderbird/Gmail do ('>' before '>', '> ' before text)."""
    out = []
    for line in text.split("\n"):
        if not line:
            out.append(">")
        elif line.startswith(">"):
            out.append(">" + line)
        else:
            out.append("> " + line)
    return out


# ---------------------------------------------------------------------------------------- generator


class ArchiveGenerator:
    """Writes the archive message by message; only the open threads are kept in memory."""

    def __init__(self, seed: int = 1, depth_profile: int | None = None, corpora: str = DEFAULT_CORPORA):
        self.rng = random.Random(seed)
        self.depth_profile = depth_profile
        self.paragraphs = load_paragraphs(corpora)
        if not self.paragraphs:
            raise SystemExit(f"make_archive: no usable paragraphs in {corpora}")
        self.subjects = load_subjects(corpora)
        self.people = [Person(n, a, o, timezone(timedelta(minutes=tz)), c) for n, a, o, tz, c in PEOPLE]
        self.stats = ArchiveStats()

    # -- thread shape
    def _thread_length(self) -> int:
        if self.depth_profile:
            return self.depth_profile
        r = self.rng.random()
        if r < 0.25:
            return 1
        if r < 0.60:
            return self.rng.randint(2, 4)
        if r < 0.85:
            return self.rng.randint(5, 10)
        if r < 0.98:
            return self.rng.randint(11, 25)
        return self.rng.randint(26, 60)

    def _lists_for(self, year: int) -> list[tuple]:
        return [row for row in LISTS if row[3] <= year <= row[4]] or [LISTS[0]]

    # -- text
    def _own_text(self, sender: Person, to: Person | None) -> str:
        rng = self.rng
        parts = []
        greet = rng.choice(GREETINGS).format(first=to.first if to else "All")
        if greet:
            parts.append(greet)
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            parts.append(rng.choice(self.paragraphs))
        if rng.random() < 0.3:
            parts.append(f"See https://bugzilla.mozilla.org/show_bug.cgi?id={rng.randint(1500000, 1999999)} "
                         f"for the timeline.")
        sign = rng.choice(SIGNOFFS).format(first=sender.first, name=sender.name, org=sender.org).rstrip()
        if sign:
            parts.append(sign)
        return "\n\n".join(parts)

    def _inline_reply(self, parent: Mail, sender: Person, style: str, list_addr: str) -> str:
        """Interleave the parent's own paragraphs (quoted) with answers, under one attribution."""
        rng = self.rng
        own = parent.body.split("\n\n")
        # the parent's own paragraphs: stop at its first quoted block or header block
        keep = []
        for p in own:
            if p.startswith(">") or p.startswith("-----Original") or "wrote:" in p or "đã viết:" in p:
                break
            keep.append(p)
        out = [f"Hi {parent.sender.first},", ""] if rng.random() < 0.5 else []
        out += attribution(style, parent, sender, rng, list_addr) + [""]
        for i, p in enumerate(keep):
            out += quote_lines(p)
            if rng.random() < 0.6:
                out += ["", rng.choice(self.paragraphs), ""]
            elif i < len(keep) - 1:
                out.append(">")
        out += ["", rng.choice(SIGNOFFS).format(first=sender.first, name=sender.name, org=sender.org)]
        return "\n".join(out).rstrip()

    def _reply_body(self, parent: Mail, sender: Person, style: str, list_addr: str) -> str:
        rng = self.rng
        own = self._own_text(sender, parent.sender)
        quoted = parent.body + ("\n\n" + parent.footer if parent.footer and rng.random() < 0.5 else "")
        head = attribution(style, parent, sender, rng, list_addr)
        if style == "outlook":
            return own + "\n\n" + "\n".join(head) + "\n\n" + quoted
        block = "\n".join(head) + "\n\n" + "\n".join(quote_lines(quoted))
        bottom_post = style in ("mutt", "thunderbird-en", "thunderbird-el") and rng.random() < 0.5
        return block + "\n\n" + own if bottom_post else own + "\n\n" + block

    def _style(self, sender: Person) -> str:
        return sender.client if self.rng.random() < 0.8 else self.rng.choice(STYLES)

    # -- one message
    def next_mail(self, th: OpenThread, when: datetime) -> Mail:
        rng = self.rng
        sender = rng.choice(self.people)
        date = when.astimezone(sender.tz)
        msgid = f"<{rng.getrandbits(64):016x}.{rng.getrandbits(24):06x}@{sender.address.split('@')[1]}>"
        list_addr, list_name = th.list_row[0], th.list_row[1]
        footer = th.list_row[5].format(list=list_addr, name=list_name, listinfo=th.list_row[6],
                                       unsub=list_addr.replace("@", "+unsubscribe@"), msgid=msgid.strip("<>"))
        if not th.mails:
            return Mail(msgid, sender, date, th.subject, self._own_text(sender, None), footer)
        if self.depth_profile or rng.random() < 0.6:
            parent = th.mails[-1]
        else:
            parent = rng.choice(th.mails)
        style = self._style(sender)
        inline = not self.depth_profile and style != "outlook" and rng.random() < 0.12
        if inline:
            body = self._inline_reply(parent, sender, style, list_addr)
            style = "inline-" + style
        else:
            body = self._reply_body(parent, sender, style, list_addr)
        subject = ("RE: " if style == "outlook" else "Re: ") + th.subject
        refs = (parent.references + [parent.msgid])[-20:]
        return Mail(msgid, sender, date, subject, body, footer, parent, refs, style)

    # -- the archive
    def write(self, out: TextIO, messages: int) -> ArchiveStats:
        rng = self.rng
        open_threads: list[OpenThread] = []
        started = 0
        mean_gap = SPAN_DAYS * 86400 / max(messages, 1)
        now = START
        width = 1 if self.depth_profile else WINDOW
        while self.stats.messages < messages:
            while len(open_threads) < width and started < messages:
                length = min(self._thread_length(), messages - started)
                started += length
                year = now.year
                open_threads.append(OpenThread(rng.choice(self.subjects), rng.choice(self._lists_for(year)),
                                               length))
                self.stats.threads += 1
            th = rng.choice(open_threads)
            now += timedelta(seconds=int(rng.expovariate(1 / mean_gap)) + 1)
            mail = self.next_mail(th, now)
            th.mails.append(mail)
            self._emit(out, mail, th)
            if len(th.mails) >= th.length:
                open_threads.remove(th)
        return self.stats

    def _emit(self, out: TextIO, mail: Mail, th: OpenThread) -> None:
        list_addr, _, list_id = th.list_row[0], th.list_row[1], th.list_row[2]
        body = mail.body + "\n\n" + mail.footer + "\n"
        cte = "8bit"
        if not body.isascii() and self.rng.random() < 0.5:
            body = quopri.encodestring(body.encode("utf-8")).decode("ascii")
            cte = "quoted-printable"
        name = mail.sender.name
        shown = Header(name, "utf-8").encode() if not name.isascii() else name
        subject = Header(mail.subject, "utf-8").encode() if not mail.subject.isascii() else mail.subject
        utc = mail.date.astimezone(timezone.utc)
        head = [
            f"From {mail.sender.address} {utc:%a %b} {utc.day:2d} {utc:%H:%M:%S %Y}",
            f"From: {shown} <{mail.sender.address}>",
            f"To: {list_addr}",
            f"Subject: {subject}",
            f"Date: {format_datetime(mail.date)}",
            f"Message-ID: {mail.msgid}",
        ]
        if mail.parent is not None:
            head.append(f"In-Reply-To: {mail.parent.msgid}")
            head.append("References: " + "\n ".join(mail.references))
        head += [f"List-Id: <{list_id}>", "MIME-Version: 1.0", 'Content-Type: text/plain; charset="UTF-8"',
                 f"Content-Transfer-Encoding: {cte}"]
        # mboxrd: a body line that starts with (>*)From gets one more '>'
        lines = [(">" + ln) if ln.lstrip(">").startswith("From ") else ln for ln in body.split("\n")]
        text = "\n".join(head) + "\n\n" + "\n".join(lines) + "\n"
        out.write(text)
        st = self.stats
        st.messages += 1
        st.bytes += len(text.encode("utf-8"))
        depth = max((len(ln) - len(ln.lstrip(">")) for ln in mail.body.split("\n")), default=0)
        st.max_depth = max(st.max_depth, depth)
        key = mail.style or "start"
        st.styles[key] = st.styles.get(key, 0) + 1


def generate(path: str, messages: int = 50_000, seed: int = 1, depth_profile: int | None = None,
             corpora: str = DEFAULT_CORPORA) -> ArchiveStats:
    """Write an archive of ``messages`` e-mails to ``path`` and return what was written."""
    gen = ArchiveGenerator(seed=seed, depth_profile=depth_profile, corpora=corpora)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        return gen.write(out, messages)


_FROM_LINE = re.compile(r"^From \S+ \w{3} (\w{3}) +\d+ [\d:]+ (\d{4})$")


def split_monthly(path: str, out_dir: str) -> list[str]:
    """Split an archive into one mbox per month ("2019-March.mbox"), as pipermail publishes a list.

    Streams line by line; threads that cross a month end are split across files, as in real archives.
    """
    os.makedirs(out_dir, exist_ok=True)
    names: list[str] = []
    out = None
    with open(path, encoding="utf-8", newline="\n") as fh:
        for line in fh:
            m = _FROM_LINE.match(line.rstrip("\n")) if line.startswith("From ") else None
            if m:
                month = datetime.strptime(m.group(1), "%b").month
                name = f"{m.group(2)}-{month:02d}-{MONTHS[month - 1]}.mbox"
                if not names or names[-1] != name:
                    if out:
                        out.close()
                    names.append(name)
                    out = open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n")
            if out:
                out.write(line)
    if out:
        out.close()
    return [os.path.join(out_dir, n) for n in names]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--messages", type=int, default=50_000, help="number of e-mails (default 50,000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", default="archive.mbox")
    p.add_argument("--depth-profile", type=int, metavar="D",
                   help="only chains of D messages, each quoting its parent in full")
    p.add_argument("--monthly", metavar="DIR", help="also split the archive into one mbox per month in DIR")
    p.add_argument("--corpora", default=DEFAULT_CORPORA)
    args = p.parse_args(argv)
    if args.messages < 1 or (args.depth_profile is not None and args.depth_profile < 1):
        print("make_archive: error: --messages and --depth-profile must be positive", file=sys.stderr)
        return 2
    try:
        st = generate(args.out, args.messages, args.seed, args.depth_profile, args.corpora)
    except OSError as exc:
        print(f"make_archive: error: {exc.strerror or exc}: {args.out}", file=sys.stderr)
        return 2
    if args.monthly:
        try:
            files = split_monthly(args.out, args.monthly)
        except OSError as exc:
            print(f"make_archive: error: {exc.strerror or exc}: {args.monthly}", file=sys.stderr)
            return 2
        print(f"{args.monthly}: {len(files)} monthly mbox files")
    styles = ", ".join(f"{k} {v}" for k, v in sorted(st.styles.items()))
    print(f"{args.out}: {st.messages} messages in {st.threads} threads, {st.bytes / 1e6:.1f} MB, "
          f"max quote depth {st.max_depth} ({styles})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
