"""Characters that change how other text reads but show nothing — bidirectional embeddings, overrides and isolates
(the "Trojan Source" set), zero-width space, word joiner, a BOM inside text — are shown in both reports as a visible
⟨U+XXXX⟩ (session-9 audit): "Ann\\u202eelpmaxE" read "AnnExample" in the HTML and .md reports, so a name or claim could
pass for another. Letters, and the joiners that scripts need (ZWJ, ZWNJ, LRM/RLM), are left alone."""
from __future__ import annotations

import pytest

from threadkb.cli import main
from threadkb.report.html_page import esc
from threadkb.report.markdown import md

CASES = [  # text, shown
    ("Ann\u202eelpmaxE\u202c", "Ann\u27e8U+202E\u27e9elpmaxE\u27e8U+202C\u27e9"),
    ("\u2067evil\u2069 name", "\u27e8U+2067\u27e9evil\u27e8U+2069\u27e9 name"),
    ("Zero\u200bWidth\ufeff", "Zero\u27e8U+200B\u27e9Width\u27e8U+FEFF\u27e9"),
    ("Word\u2060Joiner \u202a\u202b\u202d", "Word\u27e8U+2060\u27e9Joiner \u27e8U+202A\u27e9\u27e8U+202B\u27e9\u27e8U+202D\u27e9"),
    ("\u0645\u0631\u062d\u0628\u0627 \u200f(RLM) \u200dZWJ \u200cZWNJ", "\u0645\u0631\u062d\u0628\u0627 \u200f(RLM) \u200dZWJ \u200cZWNJ"),
]


@pytest.mark.parametrize("text,shown", CASES, ids=["override", "isolate", "zero-width", "joiner", "rtl-kept"])
def test_invisible_format_characters_are_shown(text, shown):
    assert esc(text) == shown
    assert md(text).replace("\\", "") == shown.replace("\\", "")


def test_both_reports_show_a_bidi_name_as_written(tmp_path):
    mail = tmp_path / "m.eml"
    mail.write_bytes("From: Ann\u202eelpmaxE <ann@ca.example>\nSubject: s\nDate: Mon, 10 Jun 2024 17:41:00 +0000\n"
                     "Message-ID: <1@x>\n\nWe will revoke \u2067the certificates within five days.\n".encode())
    for fmt in ("html", "md"):
        out = tmp_path / f"r.{fmt}"
        assert main(["report", "--format", fmt, str(mail), "-o", str(out)]) == 0
        page = out.read_text(encoding="utf-8")
        assert "\u202e" not in page and "\u2067" not in page
        assert "Ann\u27e8U+202E\u27e9elpmaxE" in page and "\u27e8U+2067\u27e9the certificates" in page
