"""Word lists that were sets in code are rows of data tables (threadkb/data/people_words.json), read
through the loader; the behaviour they drive, with real forms and constructed variants."""
from __future__ import annotations

import pytest

from threadkb import speakers, tables
from threadkb.parse import people


def test_people_words_table():
    data = tables.load("people_words.json")
    assert set(data) == {"closings", "not_names", "not_given_names", "group_addressees", "surname_particles",
                         "obfuscated_addresses", "answer_words", "word_endings", "predicate_frame",
                         "nickname_endings", "image_placeholders"}
    assert people.image_placeholder("[cid:image001.png@01D9A1B2.C3D4E5F0]")  # a pattern, not words
    for key, row in data.items():
        if key == "image_placeholders":
            continue
        words = row["words"]
        assert words and all(w == w.lower() and w.strip() == w for w in words), key
        assert len(set(words)) == len(words), key
    assert people.CLOSINGS == frozenset(data["closings"]["words"])
    assert people.NOT_NAMES == frozenset(data["not_names"]["words"])
    assert people.ANSWER_WORDS == frozenset(data["answer_words"]["words"])


@pytest.mark.parametrize("line,name", [
    ("Thanks", None), ("Best regards", None), ("Kind Regards", None), ("Many thanks", None),  # closings
    ("Note", None), ("Done.", None), ("Summary", None), ("However", None),  # a heading or a sentence's word
    ("- Matt", "Matt"), ("Ben Wilson", "Ben Wilson"), ("-Tim", "Tim"),
])
def test_sign_off_names(line, name):
    assert people.signature_name(line) == name


@pytest.mark.parametrize("line,name", [
    ("Hi everyone,", None), ("Hello all", None), ("Team,", None), ("Hi there,", None), ("Hi folks,", None),
    ("Hi Arabella,", "Arabella"), ("Alvin,", "Alvin"), ("Dear Ben", "Ben"),
])
def test_greeting_names(line, name):
    assert people.greeting_name(line) == name


@pytest.mark.parametrize("raw,name", [
    ("Sleevi, Ryan", "Ryan Sleevi"), ("van der Berg, Anna", "Anna van der Berg"),  # Outlook's "Last, First"
    ("Acme, Inc.", "Acme, Inc."), ("Smith, Jr.", "Smith, Jr."), ("Digicert, LLC", "Digicert, LLC"),  # not a given name
    ("Example, GmbH", "Example, GmbH"),
    ("de la Cruz, Maria", "Maria de la Cruz"), ("von Neumann, John", "John von Neumann"),  # surname particles
    ("Dos Santos, Ana", "Dos Santos, Ana"),  # a capitalised particle is not one (as before): the name stays
])
def test_last_first_display_names(raw, name):
    assert speakers.clean_name(raw, None) == (name, None)


# GitHub's code-review header kinds (page_formats.json github.review_kinds, words, not patterns): the post of a
# review opens with the file and line it is about, a header line; any other post keeps such a line as its text.
def _github(kind: str) -> list[str]:
    return ["example/repo · pull request #7 · open", "# Tighten the revocation wording", "",
            "alice · description · 2024-03-01", "This changes the revocation section.", "",
            f"bob · {kind} · 2024-03-02", "docs/BR.md:1259", "Should this say MUST instead of SHOULD here?", ""]


@pytest.mark.parametrize("kind,anchor_is_header", [
    ("review thread", True), ("review", True), ("review comment", True),  # the corpus form (049) and variants
    ("comment", False), ("description", False),
])
def test_review_posts_open_with_their_file_anchor(kind, anchor_is_header):
    from threadkb.models import LineRole, Source
    from threadkb.parse import parse
    assert kind in tables.load("page_formats.json")["github"]["review_kinds"] or not anchor_is_header
    thread = parse(Source(path="constructed.txt", kind="text", lines=_github(kind)))
    roles = {a.index: (a.role, a.rule) for a in thread.assignments}
    if anchor_is_header:
        assert roles[7] == (LineRole.HEADER, "github-file-anchor")
    else:
        assert roles[7][0] is LineRole.OWN
    assert roles[8][0] is LineRole.OWN


POST_VERBS = [  # the verb of a GitHub post header -> the kind of post (page_formats.json github.post_kinds)
    ("commented", "comment"), ("left a comment", "comment"), ("opened this issue", "description"),
    ("opened this pull request", "description"), ("opened", "description"), ("reviewed", "reviewed"),
    ("approved these changes", "reviewed"), ("requested changes", "reviewed"),
    ("started a discussion", "started a discussion"),  # no row: kept as written
    ("comment", "comment"), ("review thread", "review thread"),  # the kinds of the "name · kind · date" form
]


@pytest.mark.parametrize("verb, kind", POST_VERBS)
def test_post_kinds_come_from_the_page_table(verb, kind):
    from threadkb.parse.pages import post_kind

    assert post_kind(verb, tables.patterns("page_formats.json")["github"]) == kind


def test_a_post_kind_row_changes_what_a_verb_means():
    from threadkb.parse.pages import post_kind

    github = dict(tables.patterns("page_formats.json")["github"])
    github["post_kinds"] = [{"kind": "discussion", "starts": ["started a"]}, *github["post_kinds"]]
    assert post_kind("started a discussion", github) == "discussion"
    assert post_kind("commented", github) == "comment"
