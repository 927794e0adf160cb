"""A document name split by the hard wrap of mail (~72 columns): "section 6.1.1 of the Mozilla\\nRoot Store
Policy", "the Baseline\\nRequirements section 4.9.1.1", "S/MIME Baseline\\nRequirements", "Extended Validation\\n
Guidelines", "CCADB\\nPolicy", "Chrome Root\\nProgram Policy", also in quoted text ("> Root Store Policy").

Mechanism (threadkb/tables.py ``wrappable``): a space between the words of a name in the "documents" alternations
of citation_patterns.json (the ``DOC``/``DOC_<code>`` macros and ``compile_aliases``) also matches a line break
with the blanks around it and the quote markers opening the next line; spaces in a character class or a lookbehind
stay one space. Constructed rows: several documents, the break after each word of the name, with another document
named elsewhere in the message (which won before). Near misses: two documents on adjacent lines stay two, a blank
line (a paragraph break) joins no name, and a name on one line is read as before.
"""
from __future__ import annotations

import pytest

from test_cite10_forms import _thread_citations
from threadkb import tables
from threadkb.extract import citations as cit
from threadkb.extract.resolve import document_code

MDL = "dev-security-policy@lists.mozilla.org"
SW = "servercert-wg@lists.cabforum.org"


def _wrap(name: str, at: int, marker: str = "") -> str:
    """``name`` with the space after its ``at``-th word a line break (trailing blank, ``marker`` opening the line)."""
    words = name.split(" ")
    return " ".join(words[:at]) + " \n" + marker + " ".join(words[at:])


_NAMES = {  # name: (document, section); the message names another document elsewhere (_other)
    "Mozilla Root Store Policy": ("MRSP", "6.1.1"), "Baseline Requirements": ("BR", "4.9.1.1"),
    "S/MIME Baseline Requirements": ("SMIME-BR", "7.1.4.2.2"), "Extended Validation Guidelines": ("EVG", "9.2.1"),
    "CCADB Policy": ("CCADB", "5.1"), "Chrome Root Program Policy": ("CRP", "4.1"),
    "Code Signing Baseline Requirements": ("CSBR", "6.2.7.4"),
    "Network and Certificate System Security Requirements": ("NSR", "1.2"),
}


def _other(document: str) -> str:
    return "Mozilla's policy" if document == "BR" else "the BRs"


WRAPPED = [(f"As {_other(doc)} say elsewhere, section {sec} of the {_wrap(name, at)} requires this.", doc, sec)
           for name, (doc, sec) in _NAMES.items() for at in range(1, len(name.split(" ")))]
WRAPPED += [  # the name before the number, broken across a line
    ("As Mozilla's policy says elsewhere, the Baseline\nRequirements section 4.9.1.1 requires this.", "BR", "4.9.1.1"),
    ("As the BRs say elsewhere, the Chrome Root\n   Program Policy section 4.1 requires this.", "CRP", "4.1"),
    ("As the BRs say elsewhere, the Extended\r\nValidation Guidelines section 9.2.1 require this.", "EVG", "9.2.1"),
    ("As the BRs say elsewhere, the Code\nSigning Baseline Requirements section 6.2.7.4 require this.", "CSBR",
     "6.2.7.4"),    # a short name whose space was written as a character class ("S/MIME[- ]BRs?"): now "(?:-| )", so it wraps too
    ("As the TLS BRs say elsewhere, section 7.1.4.2.2 of the S/MIME\nBRs requires this.", "SMIME-BR", "7.1.4.2.2"),
    ("As the TLS BRs say elsewhere, the SMC\nBR 7.1.4.2.2 requires this.", "SMIME-BR", "7.1.4.2.2"),
    ("As Mozilla's policy says elsewhere, the CS\nBRs section 6.2.7.4 require this.", "CSBR", "6.2.7.4"),
    ("As the TLS BRs say elsewhere, section 7.1.4.2.2 of the SMIME-BR requires this.", "SMIME-BR", "7.1.4.2.2"),
]


@pytest.mark.parametrize("text, document, section", WRAPPED, ids=[w[0][:60] for w in WRAPPED])
def test_a_wrapped_name_names_the_document(text, document, section):
    assert (document, section) in {(d, s) for _, d, s, _ in _thread_citations([text], MDL)}


QUOTED = [(f"> As {_other(doc)} say elsewhere, section {sec} of the {_wrap(name, at, marker)} requires this.", doc,
           sec) for name, (doc, sec) in list(_NAMES.items())[:6] for at in range(1, len(name.split(" ")))
          for marker in ("> ", ">> ", "> > ")]


@pytest.mark.parametrize("text, document, section", QUOTED, ids=[w[0][:60] for w in QUOTED])
def test_a_wrapped_name_in_quoted_text(text, document, section):
    assert [(c.document, c.section) for c in cit.find_citations(text)] == [(document, section)]


@pytest.mark.parametrize("name, document", [
    ("Mozilla\nRoot Store Policy", "MRSP"), ("Mozilla  \n> Root Store\tPolicy", "MRSP"),
    ("Chrome Root\n  Program Policy", "CRP"), ("Mozilla\n\nRoot Store Policy", "MRSP"),  # \s+ is one break
    ("Mozilla\n>\n> Root Store Policy", None),  # an empty quoted line between: no name
])
def test_document_code_of_a_wrapped_name(name, document):
    assert document_code(name) == document


NEAR_MISSES = [  # two documents on adjacent lines stay two; a paragraph break joins nothing
    ("See the BRs section 6.1.1\nand the Mozilla Root Store Policy section 2.3.", {("BR", "6.1.1"), ("MRSP", "2.3")}),
    ("See BR 6.1.1\nMRSP 2.3 says otherwise.", {("BR", "6.1.1"), ("MRSP", "2.3")}),
    ("per the CCADB\nBR 4.9.1.1 applies.", {("BR", "4.9.1.1")}),  # "CCADB" + "BR" is no name
    ("See section 4.9.1.1 of the Mozilla\n\nRoot Store Policy, and BR 4.9.1.1.", {("BR", "4.9.1.1")}),
    ("See section 4.9.1.1 of the Mozilla Root Store Policy.\nThe BRs say 4.9.1.1 too.",
     {("MRSP", "4.9.1.1"), ("BR", "4.9.1.1")}),
    ("Chrome Root Program Policy 4.1 and\nBR 4.9.1.1 both say so.", {("CRP", "4.1"), ("BR", "4.9.1.1")}),
]


@pytest.mark.parametrize("text, expected", NEAR_MISSES, ids=[n[0][:60] for n in NEAR_MISSES])
def test_names_on_adjacent_lines_stay_apart(text, expected):
    assert {(d, s) for _, d, s, _ in _thread_citations([text], SW)} == expected


@pytest.mark.parametrize("pattern, expected", [
    ("Mozilla policy", "Mozilla" + tables.LINE_WRAP + "policy"),
    ("S/MIME[- ]BRs?", "S/MIME[- ]BRs?"),  # a space in a character class
    ("[] ]", "[] ]"),
    (r"a\ b", r"a\ b"),  # an escaped space
    (r"(?<=\bof the )CP", r"(?<=\bof the )CP"),  # a lookbehind keeps its fixed width
    ("ETSI (?:EN|TS) ?1", "ETSI" + tables.LINE_WRAP + "(?:EN|TS)" + tables.LINE_WRAP + "?1"),
])
def test_wrappable(pattern, expected):
    assert tables.wrappable(pattern) == expected
