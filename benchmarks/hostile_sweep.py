"""Hostile-input sweep of the CLI: every case must end in a one-line error (exit 2) or a best-effort result (exit 0,
a warning where input was cut), never a traceback, in time roughly linear in its size.

    python benchmarks/hostile_sweep.py --out /tmp/sweep.jsonl [--scales 1 4] [--cases NAME ...] [--threadkb CMD]

Each case is built at scale 1 and 4 (4x the messages, lines, levels, citations ...); each size runs
``threadkb run`` (store + reports), ``report --format html``, ``graph --format graphml`` and ``query`` (claims,
unanswered, commitments) on the store. One JSON line per (case, scale, command): exit code, CPU seconds of the child,
whether stderr holds a traceback, its first line. ``--table`` prints the Markdown table of a result file.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _mail(i: int, body: str, parent: int | None = None, subject: str = "Re: incident", dated: bool = True) -> str:
    refs = f"In-Reply-To: <m{parent}@example.org>\nReferences: <m{parent}@example.org>\n" if parent is not None else ""
    day, minute = 1 + i // 1440 % 28, i % 1440
    date = f"Date: Mon, {day} Jan 2024 {minute // 60:02d}:{minute % 60:02d}:00 +0000\n" if dated else ""
    return (f"From u{i % 50}@example.org Mon Jan  1 00:00:00 2024\nFrom: User {i % 50} <u{i % 50}@example.org>\n"
            f"Subject: {subject}\n{date}Message-ID: <m{i}@example.org>\n{refs}\n{body}\n\n")


def binary(s: int) -> bytes:
    return random.Random(1).randbytes(1_000_000 * s)


def bad_encoding(s: int) -> bytes:
    body = "".join(f"Caf\xe9 {i}: the CA will revoke the certificates \x93soon\x94.\n" for i in range(3000 * s))
    return _mail(0, "").encode() + body.encode("latin-1") + b"\xff\xfe\x00bad \xc3\x28 utf8\n"


def long_line(s: int) -> bytes:
    return b"Subject: one line\n\n" + b"word " * (2_500_000 * s) + b"\n"  # 12.5 MB at 1x, 50 MB at 4x


def truncated_mbox(s: int) -> bytes:
    text = "".join(_mail(i, f"Message {i}: we will revoke the affected certificates by 2024-02-0{1 + i % 9}.",
                         i - 1 if i else None) for i in range(250 * s))
    return text.encode()[: -137]  # cut inside the last mail's headers or body


def truncated_eml(s: int) -> bytes:
    parts = "".join(f"--b\nContent-Type: text/plain; charset=utf-8\n\nPart {i}: see BR 4.9.1.1 for the deadline.\n"
                    for i in range(500 * s))
    return (b"From: Ann <a@example.org>\nSubject: cut\nMessage-ID: <e@x>\nMIME-Version: 1.0\n"
            b"Content-Type: multipart/mixed; boundary=b\n\n" + parts.encode() + b"--b\nContent-Type: text/pl")


def truncated_html(s: int) -> bytes:
    posts = "".join(f"<div class='post'><div class='author'>User {i}</div><p>Comment {i}: will you revoke them?</p>"
                    f"<blockquote><p>earlier words {i}</p></blockquote></div>\n" for i in range(500 * s))
    return f"<html><head><title>cut</title></head><body>{posts}<div class='post'><p>cut in the midd".encode()


def deep_quoting(s: int) -> bytes:
    return b"Top text of the reply.\n" + b"".join(b">" * i + b" level %d\n" % i for i in range(1, 2500 * s + 1))


def many_messages(s: int) -> bytes:
    """One thread of 2,500 (x s) mails, each a reply to the one before, each asking and promising something."""
    return "".join(_mail(i, f"Can you confirm batch {i} is revoked?\nWe will revoke batch {i} by 2024-03-01.",
                         i - 1 if i else None) for i in range(2500 * s)).encode()


def undated_messages(s: int) -> bytes:
    """The many-messages thread with no Date header after its first mail (its follow-up has no date order)."""
    return "".join(_mail(i, f"Can you confirm batch {i} is revoked?\nWe will revoke batch {i} by 2024-03-01.",
                         i - 1 if i else None, dated=not i) for i in range(2500 * s)).encode()


def many_subsections(s: int) -> bytes:
    """One thread of 500 (x s) mails under a subject whose number names no document, each "subsection 2"."""
    return "".join(_mail(i, f"In my reading subsection 2 applies to batch {i}.", i - 1 if i else None,
                         subject="Re: 4.9.1.1 deadline") for i in range(500 * s)).encode()


def many_citations(s: int) -> bytes:
    body = "BR 4.9.1.1 says so. " + "".join(
        ("See 4.9 above. ", "Per section 4.9.1.1 item 4, ", "subsection 2 applies. ", "RFC 5280 4.2.1.6 too. ")[i % 4]
        for i in range(2000 * s))
    return (_mail(0, "BR 4.9 and 6.1.1.3 apply.") + _mail(1, body, 0)).encode()


def far_numbers(s: int) -> bytes:
    """Bare numbers each read from the message at large in a message naming the S/MIME BRs last (the chooser's
    smime_words / subject_copy signals once read the whole text per number: review16a)."""
    body = "".join(f"Para {i}: see section 4.9.1 about this.\n\nThe BRs say so.\n\n"
                   f"The CPS of the CA says that section 4.9.{i % 9 + 1} holds. The BRs agree.\n\n" for i in range(750 * s))
    return _mail(0, body + "The S/MIME BRs too.").encode()


def many_claims(s: int) -> bytes:
    body = "\n".join(f"We will revoke the {i} affected certificates by March {1 + i % 28}, 2024. "
                     f"We did not follow BR 4.9.1.1 for batch {i}." for i in range(1000 * s))
    return (_mail(0, "Please report.") + _mail(1, body, 0)).encode()


def many_questions(s: int) -> bytes:
    body = "\n".join(f"Can you confirm that batch {i} was revoked within five days?" for i in range(2000 * s))
    return (_mail(0, body) + _mail(1, "We are looking into it.", 0)).encode()


def deep_html(s: int) -> bytes:
    n = 2500 * s
    return (b"<html><body>" + b"<div>" * n + b"<blockquote>" * n + b"<p>deep words, will you revoke?</p>"
            + b"</blockquote>" * n + b"</div>" * n + b"</body></html>")


CASES = {  # name -> (file suffix, builder)
    "binary": (".bin", binary),
    "bad-encoding": (".mbox", bad_encoding),
    "long-line": (".txt", long_line),
    "truncated-mbox": (".mbox", truncated_mbox),
    "truncated-eml": (".eml", truncated_eml),
    "truncated-html": (".html", truncated_html),
    "deep-quoting": (".txt", deep_quoting),
    "many-messages": (".mbox", many_messages),
    "undated-messages": (".mbox", undated_messages),
    "many-subsections": (".mbox", many_subsections),
    "many-citations": (".mbox", many_citations),
    "far-numbers": (".mbox", far_numbers),
    "many-claims": (".mbox", many_claims),
    "many-questions": (".mbox", many_questions),
    "deep-html": (".html", deep_html),
}


def _run(cmd: list[str], timeout: int) -> dict:
    start = time.monotonic()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=timeout)
        rc: int | str = p.returncode
        err = p.stderr
    except subprocess.TimeoutExpired as e:
        rc, err = "timeout", (e.stderr or b"").decode("utf-8", "replace") if isinstance(e.stderr, bytes) else ""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    return {"rc": rc, "cpu": round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 2),
            "wall": round(time.monotonic() - start, 2), "traceback": "Traceback" in err,
            "stderr_lines": len(lines), "stderr_first": lines[0][:200] if lines else "",
            "warnings": sum("warning" in ln.lower() for ln in lines)}


def sweep(threadkb: list[str], names: list[str], scales: list[int], out: Path, timeout: int) -> None:
    with out.open("a", encoding="utf-8") as f:
        for name in names:
            suffix, build = CASES[name]
            for s in scales:
                with tempfile.TemporaryDirectory(prefix="sweep-") as tmp:
                    path = Path(tmp) / f"{name}{suffix}"
                    path.write_bytes(build(s))
                    size = path.stat().st_size
                    db, outdir = f"{tmp}/kb.sqlite", f"{tmp}/out"
                    runs = {
                        "run": [*threadkb, "run", "--quiet", "--db", db, "--output-dir", outdir, str(path)],
                        "report": [*threadkb, "report", "--format", "html", "-o", f"{tmp}/r.html", str(path)],
                        "graph": [*threadkb, "graph", "--format", "graphml", "-o", f"{tmp}/g.graphml", str(path)],
                        "query": [*threadkb, "query", "unanswered", "--db", db, "--format", "jsonl"],
                    }
                    for command, cmd in runs.items():
                        row = {"case": name, "scale": s, "bytes": size, "command": command, **_run(cmd, timeout)}
                        if command == "query":  # the other views of the same store
                            for view in ("claims", "commitments"):
                                more = _run([*threadkb, "query", view, "--db", db, "--format", "jsonl"], timeout)
                                row["cpu"] = round(row["cpu"] + more["cpu"], 2)
                                row["traceback"] |= more["traceback"]
                                if more["rc"] != row["rc"]:
                                    row["rc"] = f"{row['rc']}/{view}:{more['rc']}"
                        f.write(json.dumps(row) + "\n")
                        f.flush()
                        print(json.dumps(row), flush=True)


def table(path: Path) -> str:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    by: dict[tuple[str, str], dict[int, dict]] = {}
    for r in rows:
        by.setdefault((r["case"], r["command"]), {})[r["scale"]] = r
    out = ["| case | command | rc 1x / 4x | CPU s 1x | CPU s 4x | ratio | traceback | stderr (4x, first line) |",
           "|---|---|---|---|---|---|---|---|"]
    for (case, command), sc in by.items():
        a, b = sc.get(1), sc.get(4)
        ratio = f"{b['cpu'] / a['cpu']:.1f}" if a and b and a["cpu"] > 0.3 else "-"
        tb = "yes" if any(r["traceback"] for r in sc.values()) else "no"
        last = b or a or {}
        out.append(f"| {case} | {command} | {a['rc'] if a else '-'} / {b['rc'] if b else '-'} | "
                   f"{a['cpu'] if a else '-'} | {b['cpu'] if b else '-'} | {ratio} | {tb} | "
                   f"{last.get('stderr_first', '')[:90].replace('|', '/')} |")
    return "\n".join(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--cases", nargs="+", choices=sorted(CASES), default=list(CASES))
    ap.add_argument("--threadkb", default=str(Path(sys.executable).with_name("threadkb")))
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--table", action="store_true", help="print the Markdown table of --out and stop")
    args = ap.parse_args()
    if args.table:
        print(table(args.out))
        return 0
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sweep(args.threadkb.split(), args.cases, args.scales, args.out, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
