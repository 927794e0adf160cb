"""Every regular expression of the claim cue table runs in time linear in its input.

Not a timing assert against a budget: each pattern runs on adversarial strings (one long word, long runs of
one character, of spaces, of punctuation, numbered runs, …) of two lengths, 4× apart; a linear pattern
takes about 4× as long on the longer one, a quadratic one 16×. The test fails when the ratio is far above
linear *and* the longer run takes long enough to be measured (tiny times are noise, not growth).
Class of input: hostile or broken text (a 40,000-character word once cost 25 s of extract).
"""
from __future__ import annotations

import json
import re
import time
from importlib import resources

import pytest

from regex_inventory import walk_strings
from threadkb.extract import claims

SHORT, LONG = 5_000, 20_000
MAX_RATIO = 10.0  # linear ≈ 4, quadratic ≈ 16
FLOOR = 0.02  # CPU seconds on the longer string below which growth is not judged

_NOT_PATTERNS = {"_doc", "cue", "why", "kind_order"}  # keys whose strings are prose or names


def _walk(node, path=""):
    return walk_strings(node, path, _NOT_PATTERNS)


def table_patterns(name: str) -> list[tuple[str, re.Pattern]]:
    """Every string of a data table that compiles as a regular expression ({SELF}/{ORGS} filled in the way
    ``claims`` fills them), case-folded (a case-folded pattern matches where the case-sensitive one does)."""
    table = json.loads(resources.files("threadkb.data").joinpath(name).read_text("utf-8"))
    self_re = claims.cues()["self"].replace("{ORGS}", "SHECA|Entrust Datacard")
    out = []
    for path, text in _walk(table):
        text = text.replace("{SELF}", self_re).replace("{ORGS}", "SHECA|Entrust Datacard")
        try:
            out.append((path, re.compile(text, re.IGNORECASE)))
        except re.error:
            pass
    return out


def adversarial(n: int) -> dict[str, str]:
    """Strings of about ``n`` characters, alone and behind the words that start many cue patterns."""
    runs = {"caps": "A" * n, "lower": "a" * n, "camel": "Ab" * (n // 2), "spaces": " " * n, "dots": "." * n,
            "dashes": "-" * n, "digits": "1" * n, "numbering": "1." * (n // 2), "thousands": "111," * (n // 4),
            "newlines": "\n" * n, "words": "word " * (n // 5), "capwords": "Word " * (n // 5),
            "parens": "(" * n, "quotes": '"' * n, "pipes": "|" * n, "tabs": "\t" * n, "fields": "Ab: " * (n // 4),
            "wewill": "we will " * (n // 8), "days": "Monday " * (n // 7)}
    out = dict(runs)
    for lead in ("we at ", "on behalf of ", "SHECA ", "Therefore, ", "by ", "within ", "We are ", "Hi "):
        for k in ("caps", "spaces", "newlines", "numbering", "words"):
            out[f"{lead.strip()}+{k}"] = lead + runs[k] + " believes and will"
    return out


def _time(rx: re.Pattern, text: str, repeat: int = 1) -> float:
    """CPU time of the process (not wall time: other processes on the machine do not count)."""
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        for _m in rx.finditer(text):
            pass
        best = min(best, time.process_time() - t)
    return best


def superlinear(patterns: list[tuple[str, re.Pattern]]) -> list[str]:
    short, long_ = adversarial(SHORT), adversarial(LONG)
    bad = []
    for name, rx in patterns:
        for k in short:
            t_long = _time(rx, long_[k])
            if t_long < FLOOR:
                continue
            t_short = max(_time(rx, short[k], 3), 1e-6)
            if t_long / t_short > MAX_RATIO:  # measured again, best of three: a pause is not growth
                t_long = _time(rx, long_[k], 3)
            if t_long >= FLOOR and t_long / t_short > MAX_RATIO:
                bad.append(f"{name} on {k}: {t_short:.3f}s at {SHORT}, {t_long:.3f}s at {LONG}")
    return bad


def test_claim_cue_table_patterns_are_linear():
    patterns = table_patterns("claim_cues.json")
    assert len(patterns) > 80  # the walk found the table's patterns
    assert superlinear(patterns) == []


def test_long_capitalised_word_costs_linear_time_in_speaker_patterns():
    """The defect of issue 17: 'SHECA believes' pattern on one long capitalised word (quadratic before)."""
    times = []
    for n in (SHORT, LONG):
        word = "A" * n
        t = time.process_time()
        claims.speaker_orgs(word)
        claims.on_behalf_of(word, 0, word)
        times.append(time.process_time() - t)
    assert times[1] < FLOOR or times[1] / max(times[0], 1e-6) < MAX_RATIO


@pytest.mark.parametrize("text,org", [
    ("SHECA believes the revocation was timely.", "SHECA"),
    ("Therefore, GlobalSign will publish the report.", "GlobalSign"),
    ("DigiCert acknowledges the delay.", "DigiCert"),
    ("Entrust has decided to stop issuing.", "Entrust"),
    ("The Chrome Root Program will not accept it.", "Chrome Root Program"),
    ("We at Sectigo disagree.", "Sectigo"),
    ("On behalf of the Mozilla Root Store, thanks.", "Mozilla Root Store"),
    ("This will not happen again.", None),
])
def test_speaker_patterns_still_find_the_organisation(text, org):
    assert (claims.speaker_orgs(text) or (None,))[0] == org


@pytest.mark.parametrize("text,due,said", [  # the rewritten date pattern reads what the old one read
    ("We will revoke them by Monday, 12th March.", (2025, 3, 12), "by Monday, 12th March"),
    ("We will revoke them by 12th March 2025.", (2025, 3, 12), "by 12th March 2025"),
    ("We will finish before Friday 14th March", (2025, 3, 14), "before Friday 14th March"),
    ("We will publish by March 29, 2024.", (2024, 3, 29), "by March 29, 2024"),
    ("by Tuesday, April 1, 2025 we will report", (2025, 4, 1), "by Tuesday, April 1, 2025"),
])
def test_deadline_dates_after_the_linear_rewrite(text, due, said):
    from datetime import date

    from threadkb.extract import deadlines

    found = deadlines.find(text, date(2025, 3, 1), commitment=True)
    assert (found.due, found.text) == (date(*due), said)


@pytest.mark.parametrize("text,figure", [  # the rewritten figure pattern: counts, not section numbers
    ("Around 5000 certs were affected.", True),
    ("We have revoked 6,000 certificates.", True),
    ("It took 3 days to respond.", True),
    ("See section 4.9.1.1 of the BRs.", False),
])
def test_figures_after_the_linear_rewrite(text, figure):
    assert ("figure" in claims.classify(text).cue.split("; ")) is figure
