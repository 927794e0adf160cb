"""Build ``threadkb/data/policy_index.json.gz`` from the policy reference data in ``../shared/policy``.

The index holds numbers, titles, versions and effective dates only (no policy text), plus a few
words per BR 4.9.1.1 reason and the legacy BR 1.x section map. Run::

    .venv/bin/python scripts/build_policy_index.py [POLICY_DIR] [OUTPUT]
"""
from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POLICY = ROOT.parent / "shared" / "policy"
DEFAULT_OUT = ROOT / "threadkb" / "data" / "policy_index.json.gz"

# document code -> file stem in the policy folder
DOCUMENTS = {"BR": "br", "EVG": "evg", "MRSP": "mrsp", "CCADB": "ccadb", "CRP": "chrome"}

# Leading phrases shared by most BR 4.9.1.1 reasons; dropped so that the few words kept tell reasons apart.
REASON_LEADS = [
    "The CA is made aware of any circumstance indicating that",
    "The CA determines or is made aware that",
    "The CA is made aware that",
    "The CA is made aware of",
    "The CA obtains evidence that",
    "The Subscriber notifies the CA that",
    "The Subscriber requests in writing",
]
REASON_WORDS = 8


def short_reason(text: str) -> str:
    """A few words naming a reason (not the policy text)."""
    t = re.sub(r"\s+", " ", text).strip()
    for lead in REASON_LEADS:
        if t.startswith(lead):
            t = t[len(lead):].lstrip(" ,")
            break
    words = t.split(" ")
    short = " ".join(words[:REASON_WORDS]).rstrip(";,.:")
    return short + ("…" if len(words) > REASON_WORDS else "")


def build_document(policy: Path, code: str, stem: str) -> dict:
    full = json.loads((policy / f"{stem}-sections.json").read_text(encoding="utf-8"))
    hist = json.loads((policy / f"{stem}-section-history.json").read_text(encoding="utf-8"))
    order = hist["versions_in_order"]
    eff = {v["version"]: v.get("effective") for v in full["versions"]}
    pos = {v: i for i, v in enumerate(order)}
    sections = {}
    for number, runs in hist["sections"].items():
        sections[number] = [[r["title"], pos[r["from_version"]], pos[r["to_version"]]] for r in runs]
    out = {"versions": [[v, eff.get(v)] for v in order], "sections": sections}
    if code == "MRSP":  # MRSP 2.2-2.4 numbered paragraphs under unnumbered headings
        legacy: dict[str, dict] = {}
        for v in full["versions"]:
            for part in v.get("numbered_items_by_heading") or []:
                legacy.setdefault(part["section"], {"versions": [], "items": len(part["items"])})
                legacy[part["section"]]["versions"].append(pos[v["version"]])
        out["unnumbered_parts"] = legacy
    return out


def build_reasons(policy: Path, br_order: list[str]) -> list:
    """BR 4.9.1.1 reasons as runs of versions with the same lists: [from, to, [[[n, pos, words]...]...]]."""
    data = json.loads((policy / "br-4.9.1.1-reasons.json").read_text(encoding="utf-8"))
    pos = {v: i for i, v in enumerate(br_order)}
    runs: list = []
    for v in sorted(data["versions"], key=lambda v: pos[v["version"]]):
        lists = [[[it["n"], it["pos"], short_reason(it["text"])] for it in lst["items"]] for lst in v["lists"]]
        if runs and runs[-1][2] == lists and runs[-1][1] == pos[v["version"]] - 1:
            runs[-1][1] = pos[v["version"]]
        else:
            runs.append([pos[v["version"]], pos[v["version"]], lists])
    return runs


def build(policy: Path) -> dict:
    index: dict = {"format": "threadkb-policy-index/1", "documents": {}}
    for code, stem in DOCUMENTS.items():
        index["documents"][code] = build_document(policy, code, stem)
    br_order = [v for v, _ in index["documents"]["BR"]["versions"]]
    index["br_4911_reasons"] = build_reasons(policy, br_order)
    legacy = json.loads((policy / "br-legacy-1.2-section-map.json").read_text(encoding="utf-8"))
    index["br_legacy"] = {
        "until": "2015-04-16",
        "old_to_new": {old: [e["number"] for e in news] for old, news in legacy["old_to_new"].items()},
    }
    return index


def main(argv: list[str]) -> int:
    policy = Path(argv[0]) if argv else DEFAULT_POLICY
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    if not policy.is_dir():
        print(f"build_policy_index: no policy folder at {policy}", file=sys.stderr)
        return 2
    index = build(policy)
    raw = json.dumps(index, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as fh:  # mtime=0: reproducible bytes
        fh.write(raw)
    print(f"wrote {out} ({out.stat().st_size} bytes, {len(raw)} uncompressed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
