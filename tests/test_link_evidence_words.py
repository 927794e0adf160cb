"""A link's evidence names the shared words as the texts write them, not the link stage's 5-letter stems.

Class: every "shared words" / "shared context words" reason of a candidate pair. Before: "shared context words:
downl, forma, funct, numbe, open-, order" (stems a reader cannot read). Now each stem is named by its first word
in the source claim (shared words) or in the source's paragraph (context words): "download-zip, formats, ...".
The stems chosen and their order are those of before (the first six sorted stems); only the words shown change.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache
from pathlib import Path

import pytest

from threadkb.link import candidate_pairs
from threadkb.link.features import listed_words, stem_set, surface_forms
from threadkb.pipeline import extract_paths

REFERENCE = Path(__file__).resolve().parents[1] / "corpora" / "mdsp-2025-10-sheca-api-keys.txt"
WORDS_OF_THREAD = REFERENCE.read_text("utf-8")


@lru_cache(maxsize=1)
def _pairs():
    (ex,) = extract_paths([str(REFERENCE)])
    return candidate_pairs(copy.deepcopy(ex))


@pytest.mark.parametrize("text, stems, expected", [
    ("The revocation was delayed by the outage.", {"revoc", "delay"}, "shared words: delayed, revocation"),
    ("We revoked them; revocation followed.", {"revoc"}, "shared words: revoked"),  # an alias: the first word
    ("Use /open-api/v2/order/download-zip to download.", {"downl", "open-", "order"},
     "shared words: download-zip, open-api, order"),
    ("SHECA must Revoke", {"revoc", "sheca"}, "shared words: Revoke, SHECA"),  # as written
    ("nothing of it here", {"zzzzz"}, "shared words: zzzzz"),  # a stem no text has: as is
])
def test_listed_words_constructed(text, stems, expected):
    assert listed_words("shared words", stems, 6, text) == expected


def test_a_list_heads_words_found_in_its_paragraph():
    """A list head's words hold its items' ('... if SHECA ensures:' + '1. domain validation'): a stem its own text
    lacks is named by the paragraph's word."""
    assert listed_words("shared words", {"domai", "sheca"}, 6, "reissuing is compliant if SHECA ensures:",
                        "if SHECA ensures: 1. the domain is validated") == "shared words: domain, SHECA"


def test_surface_forms_first_word_of_each_stem():
    assert surface_forms("Formats, formatted and the format function; a function.") == {
        "forma": "Formats", "funct": "function"}


@pytest.mark.parametrize("source_start, target_start, expected", [
    ("... again, doesn't appear to be a BR violation", "SHECA provides partners",
     "shared context words: download-zip, formats, Function, number, open-api, order"),
    ("If that CSR contains the public key", "SHECA provides partners",
     "shared context words: CSR, Function, gen-csr, Generate, None, open-api"),
])
def test_reference_thread_evidence_in_words(source_start, target_start, expected):
    """The two reasons the reference report showed as stems (usertest13), now in words."""
    found = [e for p in _pairs() if p.source.text.startswith(source_start) and p.target.text.startswith(target_start)
             for e in p.candidate.evidence if e.startswith("shared context words")]
    assert expected in found


def test_every_shared_word_reason_names_words_of_the_source():
    """On the reference thread every listed word is a whole word of the thread (no stem cut inside a word:
    before, 'downl', 'open-' failed)."""
    seen = 0
    for p in _pairs():
        for e in p.candidate.evidence:
            rule, _, detail = e.partition(": ")
            if rule not in ("shared words", "shared context words"):
                continue
            for w in detail.split(", "):
                seen += 1
                assert re.search(rf"(?<![A-Za-z0-9-]){re.escape(w)}(?![A-Za-z0-9-])", WORDS_OF_THREAD), w
    assert seen > 100


def test_surface_forms_read_each_text_once_on_an_archive_s_worth():
    """Each claim text or paragraph is read once per process for the evidence, though an archive the size of the
    benchmark's (2,000 messages) holds over 1,024 of them: a cache of 1,024 read every one again on each pass
    (+15 % of the link stage's CPU). Twice over 1,500 texts: 1,500 reads."""
    texts = [f"Formats number {i} of the function" for i in range(1500)]
    surface_forms.cache_clear()
    for _ in range(2):
        for t in texts:
            assert listed_words("shared words", {"forma", "funct"}, 6, t) == "shared words: Formats, function"
    assert surface_forms.cache_info().misses == 1500


@pytest.mark.parametrize("text", [
    "Formats, formatted and the format function; a function.",
    "SHECA provides partners with API download-zip (see https://example.com/Download) and the open-api CSR",
    "ÉCOLE d'été: the 4.9.1.1 revocation, re-issuance and Re-Issuance of x509 certs",
])
def test_surface_forms_name_every_stem_of_the_text(text):
    """The words as written stand for exactly the text's stems (``stem_set``): the evidence can name each."""
    assert set(surface_forms(text)) == stem_set(text)


@pytest.mark.parametrize("text, expected", [
    # a link is an anchor of its own, not words, whatever the case of its scheme (the entity table reads HTTPS://
    # as a link since session 16)
    ("see https://crt.sh/?id=12345 for the certificate", {"see", "certi"}),
    ("see HTTPS://crt.sh/?id=12345 for the certificate", {"see", "certi"}),
    ("see Http://Bugzilla.Mozilla.org/show_bug.cgi?id=1 for the certificate", {"see", "certi"}),
    ("see <HTTPS://crt.sh/?id=12345> for the certificate", {"see", "certi"}),
    # no scheme: words
    ("see crt.sh for the certificate", {"see", "certi", "crt"}),
])
def test_links_are_no_words_in_any_case(text, expected):
    assert stem_set(text) == expected
