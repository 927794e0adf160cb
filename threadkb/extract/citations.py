"""Policy citations: find them in text, tag them on a spaCy Doc, collect and resolve them.

The pattern table is data (``threadkb/data/citation_patterns.json``): document aliases, regex
macros, one regex row per citation form, the chain rule for lists/ranges ("4.9.1.1 and 4.9.1.2"),
and the filters (versions, list numbering, URLs, text quoted from another participant).

    find_citations("per 4.9.1.1, point 4")      -> [CitationMatch(section="4.9.1.1", item=4, ...)]
    CitationTagger (factory "threadkb_citations")  -> doc.spans["citations"], Span.id_ "BR:4.9.1.1:4"
    collect(doc)                                 -> [Citation] with source spans
    resolve_context(extraction)                  -> bare numbers get a document, resolved by date, deduplicated

A bare number's document: the link it stands in, the one named nearest before it in its sentence (explicit citations
name theirs), the one its sentence names, the one named nearest before it in its paragraph, the quoted document, the
one its message names most — and if that one never had the number, the nearest other named one that has it; else the
thread's: its home (repository or list, then subject topic: ``thread_documents``), the documents it names, BR — the
first of these that had the number in any version or in the edition in force on the message's date (a 2014 mail's
"9.2.5" is the BR's legacy number).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from threadkb import tables
from threadkb.extract.docs import cached, doc_key, doc_text, sentence_spans
from threadkb.extract.resolve import (
    PATTERNS_FILE,
    compile_aliases,
    document_code,
    had_section,
    indexed_documents,
    load_index,
    resolve,
    rfc_titles,
    section_numbers,
)
from threadkb.models import Citation, Extraction, Message, SourceSpan, Thread, citation_id
from threadkb.prefilter import FilteredRegex, LiteralGate, Prefilter, fold

SPAN_KEY = "citations"
_ITEM_NUMBER = re.compile(r"\d{1,2}")
_ITEM_MARK = re.compile(r"\((\d{1,2}|i{1,3}|iv|vi{0,3}|ix|[a-z])\)")  # "(1)", "(b)", "(ii)"
_ANCHOR_LEVEL = re.compile(r"[12]0|\d")  # the levels of an anchor's digits: "3210" -> 3, 2, 10
_PARENTHESES = re.compile(r"\([^()]*\)")
_ROMAN = re.compile(r"(?<![\w.])(?:i{1,3}|iv|vi{0,3}|ix)(?!\w)")
_WORD_LETTER = re.compile(r"(?<![\w.])[a-z](?!\w)")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass
class CitationMatch:
    """One citation found in a text, before resolution. ``document`` None = take it from the thread."""

    start: int
    end: int
    rule: str
    section: str | None
    item: int | str | None = None
    document: str | None = None
    doc_source: str = "explicit"  # explicit | link | sentence | paragraph | quote_document | message | has_section | thread | home_policy | changed_document | explicit_before
    ctx_item: int | None = None  # "subsection 2": an item of the section the context names
    head: CitationMatch | None = field(default=None, repr=False)  # "4.9.1.1 and 4.9.1.2": the first of the list
    back_reference: bool = False  # "see 4.9 above": the number cited earlier (in the text, else the thread)
    owner: bool = False  # its document is named after the part, as the part's owner ("Appendix F of the EV Guidelines")
    whole_section: bool = False  # "Section 6.0": section 6, kept only where the match or its sentence names the document
    rfc_owner: str | None = None  # "section 6 of the RFC" ("": the RFC the text means), "… structure of 3647" ("3647")

    @property
    def id(self) -> str:
        return citation_id(self.document, self.section, self.item)


@dataclass
class _Row:
    name: str
    regex: re.Pattern
    priority: int
    prefilter: Prefilter = field(default_factory=Prefilter)  # literals a match needs: skip texts without them


@dataclass
class CitationTable:
    """The citation pattern table ``threadkb/data/<name>``, its patterns compiled by the loader (macros, and
    the ``DOC``/``DOC_<code>`` alternations of the document names, expanded: see the table's schema)."""

    name: str = PATTERNS_FILE
    rows: list[_Row] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.data = d = tables.load(self.name)
        p = tables.patterns(self.name)
        self.aliases = compile_aliases(d["documents"], self.name)
        self.rows = [_Row(r["name"], r["regex"], i, Prefilter.of(r["regex"].pattern, r["regex"].flags))
                     for i, r in enumerate(p["patterns"])]
        self.gate = LiteralGate([row.prefilter for row in self.rows])  # the rows' prefilters in one pass
        self.chain = p["chain"]
        self.chain_single = p["chain_single_number_followed_by"]
        self.doc_mention = FilteredRegex.of(p["doc_mention"])
        self.version_before = p["version_before"]
        self.version_after, self.version_range_after = p["version_after"], p["version_range_after"]
        self.list_line = p["list_number_line"]
        self.list_after = p["list_number_after"]
        self.quote_intro = p["message_quote_intro"]
        self.double_quote = FilteredRegex.of(p["double_quote"])
        self.keyword = p["macros"]["KW"]
        self.ordinals = {k.lower(): v for k, v in d["ordinals"].items()}
        self.url = p["url"]
        self.url_documents = [(u["document"], FilteredRegex.of(u["regex"])) for u in p["url_documents"]]
        self.url_anchor = p["url_anchor"]
        self.relative_anchor = FilteredRegex.of(p["relative_anchor"])
        self.file_documents = [(f["document"], FilteredRegex.of(f["regex"])) for f in p["file_documents"]]
        self.context_documents = set(d["context_documents"])
        unindexed = p["unindexed_bare"]
        self.unindexed_rule, self.unindexed_number = unindexed["rule"], unindexed["number"]
        self.only_documents = {r["name"]: frozenset([r["only_document"]])
                               for r in d["patterns"] if r.get("only_document")}
        self.only_documents[self.unindexed_rule] = frozenset(unindexed["documents"])
        self.outline_documents, self.outline_of = frozenset(unindexed["outline_documents"]), unindexed["outline_of"]
        self.doc_before_rows = {r["name"] for r in d["patterns"] if r.get("doc_before")}
        self.doc_before = p["doc_before"]
        self.rfc_url = FilteredRegex.of(p["rfc_url"])
        self.pasted_item, self.heading_item = p["pasted_item"], p["heading_item"]
        self.item_after = p["item_after"]
        self.item_later = p["item_later"]
        self.list_document_after = p["list_document_after"]
        self.list_appendix_after = p["list_appendix_after"]
        self.repository_url = p["repository_url"]
        self.self_reference_after = p["self_reference_after"]
        self.back_reference_after = p["back_reference_after"]
        self.line_number_sentence = p["line_number_sentence"]
        self.thread_documents = [(r["document"], r["regex"]) for r in p["thread_documents"]["rows"]]  # "i" flag
        self.home_also = {r["document"]: r["also"] for r in p["thread_documents"]["rows"] if r.get("also")}
        self.subject_documents = [(r["document"], r["regex"]) for r in p["thread_documents"]["subject_rows"]]
        self.policy_documents = [(r["document"], r["regex"]) for r in p["thread_documents"]["policy_rows"]]
        self.home_policy_before, self.home_policy_after = p["home_policy_before"], p["home_policy_after"]
        self.other_document_after = p["other_document_after"]
        self.markdown_link = FilteredRegex.of(p["markdown_link"])
        self.heading_line_before = p["heading_line_before"]
        self.sentence_break = p["sentence_break"]
        self.paragraph_break = p["paragraph_break"]
        self.new_section_before = p["new_section_before"]
        self.review_file_line = p["review_file_line"]
        self.context_only_rows = {r["name"] for r in d["patterns"] if r.get("context_only")}
        self.version_rows = {r["name"] for r in d["patterns"] if r.get("keeps_versions")}  # a version is a section too
        self.changed_only_rows = {r["name"] for r in d["patterns"] if r.get("changed_document_only")}
        self.context_only_version_before = p["context_only_version_before"]
        self.emphasis = p["emphasis"]
        self.pasted_quotation = p["pasted_quotation"]
        self.compared_before = p["compared_before"]
        self.compared_paren_before = p["compared_paren_before"]
        self.linked_document_after = p["linked_document_after"]
        self.other_document_before = FilteredRegex.of(p["other_document_before"])
        self.other_document_clause_before = p["other_document_clause_before"]
        self.markup_line_break = FilteredRegex.of(p["markup_line_break"])
        self.bare_rfc_number = p["bare_rfc_number"]
        self.smime_type_words, self.bare_br = p["smime_type_words"], p["bare_br"]
        self.rfc_word, self.rfc_word_not_before = p["rfc_word"], p["rfc_word_not_before"]
        self.rfc_word_number_after = p["rfc_word_number_after"]
        self.rfc_list_joint = p["rfc_list_joint"]
        self.amended_document_before = p["amended_document_before"]
        self.edited_term, self.edited_term_before = p["edited_term"], p["edited_term_before"]
        self.list_item_dash = p["list_item_dash"]
        self.quoted_line = p["quoted_line"]
        self.zero_level_section = p["zero_level_section"]
        self.section_placeholder_after = p["section_placeholder_after"]
        self.audit_name_after = p["audit_name_after"]
        self.owner_before, self.subsection_heading_after, self.section_list_line = (
            p[k] for k in ("owner_before", "subsection_heading_after", "section_list_line"))
        self.changelog_line_after, self.changelog_intro_before, self.policy_text_after = (
            p[k] for k in ("changelog_line_after", "changelog_intro_before", "policy_text_after"))
        self.chooser = p["document_chooser"]  # the document chooser's signals and weights (``_choose_document``)

    def allows(self, rule: str, document: str, section: str) -> bool:
        """May a citation found by ``rule`` (its row, "+..." suffixes aside) name ``document`` ``section``: the row's
        only documents, and a bare number no indexed document has fits the outline of an outline document."""
        base = rule.split("+")[0]
        if document not in self.only_documents.get(base, {document}):
            return False
        if base in self.context_only_rows and (not _has_section(document, section) or (
                base not in self.version_rows and _is_version(document, section))):
            return False  # "in 9.12": only a number the document of its context has, and no version of it
        if base == _TABLE_SECTION and section in _parent_sections(document):
            return False  # "See Table 4.9.1 for the data" after BR 4.9.1.1: a heading of subsections holds no table
        if base == _SUBSECTION_HEADING:  # "7.1.4.2.1.1. dNSName": a new subsection of a document that has its parent
            return document not in load_index()["documents"] or section.rsplit(".", 1)[0] in section_numbers(document)
        if base == self.unindexed_rule and document in self.outline_documents:
            levels = section.split(".")
            parent = ".".join(levels[:min(3, len(levels) - 1)])
            return any(parent in section_numbers(d) for d in self.outline_of)
        return True

    def url_document(self, url: str, low: str) -> str | None:
        """The document a link ``url`` (``low``: it folded) points into by its ``url_documents`` row, if any."""
        return next((code for code, rx in self.url_documents if rx.search(url, folded=low)), None)

    def repository_document(self, url: str) -> str | None:
        """The home document of the GitHub repository a link points into ("…/cabforum/servercert/issues/580": BR),
        if it is a context document (a CA's CP/CPS repository names no context)."""
        m = self.repository_url.search(url)
        code = next((c for c, rx in self.thread_documents if rx.search(f"GitHub {m.group('repo')}")), None) \
            if m else None
        return code if code in self.context_documents else None

    def document_code(self, name: str) -> str | None:
        """The document code of an alias ("TLS BR", "Mozilla's policy") or of a code ("br", "crp")."""
        return document_code(name, self.aliases)


@lru_cache(maxsize=4)
def get_table(name: str = PATTERNS_FILE) -> CitationTable:
    """The compiled citation table ``threadkb/data/<name>`` (the shipped one by default)."""
    return CitationTable(name)


# --------------------------------------------------------------------------- finding


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class RangeSet:
    """Sorted, non-overlapping character ranges with O(log n) membership and overlap tests."""

    def __init__(self, ranges) -> None:
        self.ranges = sorted(ranges)
        self.ends = [hi for _, hi in self.ranges]

    def overlaps(self, lo: int, hi: int) -> bool:
        i = bisect.bisect_right(self.ends, lo)
        return i < len(self.ranges) and self.ranges[i][0] < hi

    def contains(self, pos: int) -> bool:
        return self.overlaps(pos, pos + 1)


def _conflicts(c: CitationMatch, kept: CitationMatch) -> bool:
    """``c`` loses to an already kept match it overlaps, unless both come from one match ("items 4 and 5", "NCSSR
    1.e, f and g")."""
    if not _overlaps((c.start, c.end), (kept.start, kept.end)):
        return False
    siblings = (c.start, c.end, c.rule) == (kept.start, kept.end, kept.rule) and (c.item, c.section) != (kept.item,
                                                                                       kept.section)
    return not siblings


def _item_of(m: re.Match, table: CitationTable) -> int | str | None:
    g = m.groupdict()
    if g.get("item_sub"):  # a dotted item label: "item 5.1 in Section 2.1"
        return f"{g['item']}.{g['item_sub']}"
    for key in ("item", "item_paren", "item_hash", "item_mark", "item_dash", "item_titled"):
        if g.get(key):
            return int(g[key])
    if g.get("item_quoted"):  # a quoted point after the section's quoted heading: '"7.1.2.3. Subscriber Certificate",
        q = g["item_quoted"]  # "f. extKeyUsage (required)"'
        return int(q) if q.isdigit() else q
    if g.get("item_letter") or g.get("item_dot") or g.get("item_glued"):  # lettered items: "7.1.4.2.2 (d)", zlint's
        return g.get("item_letter") or g.get("item_dot") or g["item_glued"]  # "7.1.2.3.e", "SBR 7.1.4.2.2a"
    if g.get("item_roman"):  # roman-numbered items named later: "to replace subsections i. and ii."
        return g["item_roman"]
    if g.get("item_word_letter"):  # a list of bare letters: "7.1.4.2.2 e and f"
        return g["item_word_letter"]
    if g.get("item_lone_letter") or g.get("item_named_letter"):  # "(7.1.4.2.2 f)", "7.1.4.2.2 letter c"
        return g.get("item_lone_letter") or g["item_named_letter"]
    if g.get("ord") or g.get("item_ord"):  # "the 4th item of BR 4.9.1.1", "BR 4.9.1.1, 4th bullet"
        return table.ordinals.get((g.get("ord") or g["item_ord"]).lower())
    return None


def message_quote_ranges(text: str, table: CitationTable | None = None,
                         folded: str | None = None) -> list[tuple[int, int]]:
    """Double-quoted passages introduced as another participant's words ("Regarding Matt's Description").
    ``folded``: ``fold(text)`` when the caller has it."""
    table = table or get_table()
    out = []
    for m in table.double_quote.finditer(text, folded=fold(text) if folded is None else folded):
        line_start = text.rfind("\n", 0, m.start()) + 1
        intro = text[line_start:m.start()]
        if not intro.strip(" \t>") and line_start > 0:  # the quote opens a line: the line before introduces it
            prev = text.rfind("\n", 0, line_start - 1) + 1
            intro = text[prev:line_start]
        if table.quote_intro.search(intro):
            out.append((m.start(), m.end()))
    return out


def _merge(ranges) -> list[tuple[int, int]]:
    """Union of possibly overlapping ranges, as sorted disjoint ranges."""
    out: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]


def split_sentences(text: str, table: CitationTable | None = None) -> list[tuple[int, int]]:
    """Sentence ranges for plain strings (the spaCy component uses the sentencizer instead)."""
    return _split(text, (table or get_table()).sentence_break)


def split_paragraphs(text: str, table: CitationTable | None = None) -> list[tuple[int, int]]:
    """Paragraph ranges: the text between blank lines (the table's ``paragraph_break``)."""
    return _split(text, (table or get_table()).paragraph_break)


def _split(text: str, breaks: re.Pattern) -> list[tuple[int, int]]:
    out, start = [], 0
    for m in breaks.finditer(text):
        out.append((start, m.start()))
        start = m.end()
    return out + [(start, len(text))]


def _enclosing(ranges: list[tuple[int, int]], starts: list[int], pos: int, default: tuple[int, int]) -> tuple[int, int]:
    """The range of ``ranges`` (sorted, ``starts`` their starts) that holds ``pos``, else ``default``."""
    k = bisect.bisect_right(starts, pos) - 1
    return ranges[k] if k >= 0 and pos < ranges[k][1] else default


def _mentions(text: str, table: CitationTable, urls: RangeSet, taken: RangeSet | None = None,
              folded: str | None = None) -> list[tuple[int, str]]:
    """Documents the text names (aliases, policy URLs, policy file names), outside ``taken`` spans.

    Only ``context_documents`` count: a CA's CPS is never the context of a bare number, nor a name quoted as a
    term being edited (``_edited_terms``).
    """
    folded = fold(text) if folded is None else folded
    out: list[tuple[int, str]] = []
    edited = _edited_terms(text, table)
    for m in table.doc_mention.finditer(text, folded=folded):
        if urls.overlaps(*m.span()) or (taken is not None and taken.overlaps(*m.span())) \
                or edited.overlaps(*m.span()):
            continue
        if table.compared_before.search(text, max(0, m.start() - 60), m.start()):
            continue  # "to match the latest BRs": the document compared with, not the numbers' own
        if table.audit_name_after.match(text, m.end()):
            continue  # "WebTrust BR audits": an audit's name
        code = table.document_code(m.group("doc"))
        if code is not None and code in table.context_documents:
            out.append((m.start(), code))
    for lo, hi in urls.ranges:
        url = text[lo:hi]
        low = fold(url)
        code = next((c for c, rx in table.url_documents
                     if rx.prefilter.may_match(url, low) and rx.regex.search(text, lo, hi)), None) \
            or table.repository_document(url)
        if code is not None and code in table.context_documents:  # a link into a CA's CPS names no context
            out.append((lo, code))
    for code, rx in table.file_documents:
        out.extend((m.start(), code) for m in rx.finditer(text, folded=folded) if not urls.overlaps(*m.span()))
    return sorted(out)


_OTHER = "OTHER"  # the code of the documents that are no policy (a charter, an ETSI standard, another program's policy)
_OTHER_DOCUMENT = "other_document"  # the doc_source of a bare number read as such a document's section: dropped


def _edited_terms(text: str, table: CitationTable) -> RangeSet:
    """Short quoted phrases that an edit verb before them makes terms being changed ('Change “Baseline
    Requirements” to “TLS Baseline Requirements”', "replace 'EV Guidelines' with ..."): a document named
    inside one is a word of the edit, not the document of the numbers near it."""
    return RangeSet(m.span() for m in table.edited_term.finditer(text)
                    if table.edited_term_before.search(text, max(0, m.start() - 100), m.start()))


def _changes_document(text: str, pos: int, table: CitationTable) -> bool:
    """The document named at ``pos`` is the one the text says it changes ('This ballot modifies the Bylaws',
    'proposed changes to version 2.9 of the MRSP', 'a draft of MRSP v3.0')."""
    return table.amended_document_before.search(text, max(0, pos - 90), pos) is not None


def _other_mentions(text: str, table: CitationTable, urls: RangeSet, taken: RangeSet,
                    folded: str) -> list[tuple[int, str]]:
    """Where the text names a document that is no policy but has sections of its own (``other_document_before``:
    a charter, the Bylaws): (position, "OTHER"), in order."""
    return [(m.start(), _OTHER) for m in table.other_document_before.finditer(text, folded=folded)
            if not urls.overlaps(*m.span()) and not taken.overlaps(*m.span())]


def _line_parts(sent: tuple[int, int], breaks: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The part of the sentence ``sent`` around ``pos`` that no markup line break or list item dash (``breaks``, sorted) cuts."""
    k = bisect.bisect_left(breaks, (pos, pos))
    lo = breaks[k - 1][1] if k > 0 else sent[0]
    hi = breaks[k][0] if k < len(breaks) else sent[1]
    return max(sent[0], lo), min(sent[1], hi)


def _most_named(mentions: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The mentions of the document(s) named most often."""
    counts = Counter(code for _, code in mentions)
    top = max(counts.values(), default=0)
    return [(p, c) for p, c in mentions if counts[c] == top]


def _nearest(mentions: list[tuple[int, str]], pos: int, lo: int = 0, hi: int | None = None) -> str | None:
    """The mention (sorted by position) nearest ``pos`` inside [lo, hi); ties go to the later one."""
    hi = (1 << 60) if hi is None else hi
    i = bisect.bisect_left(mentions, (pos, ""))
    near = [mentions[j] for j in (i - 1, i) if 0 <= j < len(mentions) and lo <= mentions[j][0] < hi]
    return min((abs(p - pos), -p, code) for p, code in near)[2] if near else None


def _nearest_before(mentions: list[tuple[int, str]], pos: int, lo: int = 0) -> str | None:
    """The last mention (sorted by position) that starts in [lo, pos)."""
    i = bisect.bisect_left(mentions, (pos, "")) - 1
    return mentions[i][1] if i >= 0 and mentions[i][0] >= lo else None


def _existing(section: str) -> bool:
    return any(section in section_numbers(d) for d in indexed_documents())


def _links_another_document(text: str, end: int, table: CitationTable) -> bool:
    """'section 3.2 of http://www.etsi.org/…pdf': the number is followed by a link to a document that is no
    policy's (no ``url_documents`` row, no policy repository)."""
    m = table.linked_document_after.match(text, end, end + 20)
    url = table.url.match(text, m.end()) if m else None
    if url is None:
        return False
    link = url.group()
    return table.url_document(link, fold(link)) is None and table.repository_document(link) is None


def _is_version(document: str, number: str) -> bool:
    """``number`` is a version of the indexed ``document`` ("3.1" of the MRSP)."""
    entry = load_index()["documents"].get(document)
    return entry is not None and number in {v for v, _ in entry["versions"]}


def blank_emphasis(text: str, table: CitationTable | None = None) -> str:
    """``text`` with its Markdown emphasis markers as blanks ("Item **1.12**:" -> "Item   1.12  :", "_add_ a" ->
    " add  a"), same offsets."""
    if "**" not in text and "_" not in text:
        return text
    return (table or get_table()).emphasis.sub(
        lambda m: f" {m.group('italic')} " if m.group("italic") is not None else " " * len(m.group()), text)


def _numbered_zero(number: str) -> bool:
    """No policy numbers a section 0 at any level: "SBR 1.0.4", "BR 2.0", "05" are versions or not sections."""
    return number.startswith("0") or "0" in number.split(".")


def _candidate(row: _Row, m: re.Match, text: str, table: CitationTable) -> list[CitationMatch] | None:
    """The citation(s) a pattern match stands for (several for "items 4 and 5"), or None when filtered."""
    g = m.groupdict()
    if g.get("rfc"):
        item = g.get("rfc_item")
        if item and not table.keyword.search(text, m.end("rfc"), m.start("rfc_item")) \
                and _heading_of(item, text[m.end():m.end() + 120]):
            # "… Application of RFC 5280 7.1.2.2 Subordinate CA Certificate": a policy's headings run together (a
            # flattened breadcrumb), the number after the RFC opens the next one (the title the index gives it
            # follows): the RFC is cited alone, the number is left to the other rows
            return [CitationMatch(m.start(), m.end("rfc"), row.name, g["rfc"], None, "RFC")]
        return [CitationMatch(m.start(), m.end(), row.name, g["rfc"], item, "RFC")]
    if g.get("ctx_item") or g.get("ctx_quoted_item"):  # "subsection 2", "an item 5", "Change item 2", 'Change "1. …"'
        n = int(g.get("ctx_item") or g["ctx_quoted_item"])
        return [CitationMatch(m.start(), m.end(), row.name, None, n, None, "thread", ctx_item=n)]
    start = m.start()
    named = g.get("doc") or g.get("doc_after")
    if not named and row.name in table.doc_before_rows:  # "EVG Appendix D": the name just before the match
        before = table.doc_before.search(text, max(0, start - 60), start)
        if before:
            named, start = before.group("doc"), before.start()
    doc = table.document_code(named) if named else None
    only = table.only_documents.get(row.name)
    if only and doc is not None and doc not in only:
        return None  # "BR item 1.12" is not an item of the Network Security Requirements
    rfc_owner = _rfc_owner(m, text, table) if g.get("sec") and not g.get("doc_after") else None
    if rfc_owner is not None and doc is not None and not g.get("rfc"):
        doc, named = None, None  # "the BRs, section 6 of the RFC": the words after the number name its document
    if doc is None and rfc_owner is None and (table.other_document_after.match(text, m.end(), m.end() + 80)
                                              or _links_another_document(text, m.end(), table)
                        or table.other_document_clause_before.search(text, max(0, m.start() - 160), m.start())):
        return None  # "Section 7.4 of the ACME spec", "Appendix A of RFC 5280", "ETSI 319 412-1, which defines it in
        # section 5.1.4": a section of another document
    if g.get("appendix"):  # "Appendix A" is a section, "Appendix A.1" its section "A.1"; "Appendix F and G" two
        appendix = f"{g['appendix']}.{g['appendix_sub']}" if g.get("appendix_sub") else f"Appendix {g['appendix']}"
        letters = _APPENDIX_LETTER.findall(g.get("more_appendices") or "")
        point = g.get("appendix_item")
        if point and table.section_placeholder_after.match(text, m.start("appendix_item") + point.index(".")):
            point = None  # "Appendix A 3.x": a family of points, no one point
        return [CitationMatch(start, m.end(), row.name, a, point, doc, "explicit" if doc else "",
                              owner=bool(g.get("doc_after")))  # "Appendix B 2.F": the appendix's point 2.F
                for a in [appendix] + [f"Appendix {x}" for x in letters]]
    if g.get("label"):  # NSR requirement labels "1.12", "1.h": the label is the section; "NCSSR sections 1. e
        label = _dotted_label("".join(g["label"].split()))  # (Security Support Systems), f (…), and g": more
        letters = _WORD_LETTER.findall(_PARENTHESES.sub("", g.get("more_labels") or ""))  # letters of its number
        number = label.split(".")[0]
        return [CitationMatch(start, m.end(), row.name, lab, None, doc, "explicit" if doc else "")
                for lab in [label] + [f"{number}.{x}" for x in letters]]
    if g.get("method"):  # "validation method 9", "Domain Verification Method 1 and 5"
        methods = [int(g["method"])] + [int(n) for n in _ITEM_NUMBER.findall(g.get("more_items") or "")]
        return [CitationMatch(m.start(), m.end(), row.name, f"{table.data['validation_method_section']}.{n}", None,
                              doc or table.data["default_document"]) for n in methods]
    if g.get("reason"):  # "#6 in the 5 day range": an item of the revocation reasons' section
        return [CitationMatch(m.start(), m.end(), row.name, table.data["revocation_reasons_section"], int(g["reason"]),
                              doc, "explicit" if doc else "")]
    sec = g.get("sec")
    has_kw = bool(sec) and bool(table.keyword.search(m.group(0)))
    whole = table.zero_level_section.match(sec or "") if has_kw else None
    if whole:  # "Section 6.0 Revocation": section 6 (without a keyword, "BR 2.0" is a version)
        sec = whole.group("sec")
    if not sec or _numbered_zero(sec) or (g.get("item_dot") and sec.count(".") < 2) \
            or table.section_placeholder_after.match(text, m.end("sec")):
        return None  # "NCSSR 1.h" is a requirement label (nsr rows), "7.1.2.3.e" a lettered item, "3.2.2.4.x" a
        # family of sections (no one section, no item)
    if _release_line(m, text, table):
        return None  # "Changelog:\n2.1 - Fixed crash\n2.2 - New UI": releases of the text's own product
    if g.get("doc") and not has_kw and not g.get("dated") and _opens_list_line(m, text, table):
        return None  # "… aligned with the Baseline Requirements\n2. Replaced …": the next line's list number
    # (not after the document's version and effective date: "CCADB Policy Version 2.0, Effective: July 15, 2025\n6.2
    # Certificate Revocation List Disclosures", the incident report's "Relevant policies" line)
    # the words right before the number say "version": before its keyword when it has one ("Policy section 2.2(2)"
    # is a section of the policy, "policy 2.2" a version of it)
    lead = m.start("sec") if has_kw else m.start()
    preceding, after = text[max(0, lead - 24):lead], text[m.end():m.end() + 30]
    if table.version_before.search(preceding) or table.version_after.match(text[m.end("sec"):m.end("sec") + 60]):
        return None
    if table.version_range_after.match(text[m.end("sec"):m.end("sec") + 60]) and any(
            _is_version(d, sec) for d in ([doc] if doc else indexed_documents())):
        return None  # "BR 1.4.2, not any earlier or later version" (not "BR 4.9.1.1 and later versions of the text")
    if row.name in table.context_only_rows and (
            not _existing(sec) or table.context_only_version_before.search(text, max(0, m.start() - 40), m.start())):
        return None  # "from version 2.3 to 2.5", "zlint moved to 3.6": versions; "to 3.6": no policy has it
    rule = row.name
    item = _item_of(m, table)
    if row.name == _DASH_LIST:  # "9.4 - Should the …": an issue list's line; the thread's document (no other line's); two levels
        # only next to a line of three (``_two_level_list_line``, asked once per text in find_citations)
        return [CitationMatch(m.start(), m.end(), rule, sec, item, None, "thread")]
    if "." not in sec and not has_kw and item is None and not table.chain_single.match(after):
        return None  # "BR 24 hours"
    if row.name == _HEADING:  # "- [x] 2.1 CA Operations", "1.1 Overview : …": a number opening a line with its title
        titled = _line_before_is(table.heading_line_before, text, m.start()) \
            and _titled_documents(sec, text[m.end():m.end() + 120])
        if not titled:
            return None
        doc = titled[0] if len(titled) == 1 else None  # the one document with that title, else the context's
        return [CitationMatch(m.start(), m.end(), row.name, sec, None, doc, "explicit" if doc else "")]
    if row.name in (_TITLED, _NUMBERED_ITEM) and not _existing(sec):
        return None  # "4.3 (Vulnerability Management)", "3.3 Item 7": only a number some indexed document has
    if row.name in ("bare_section", _TITLED):
        if item is None and _line_before_is(table.list_line, text, m.start()) \
                and table.list_after.match(_rest_of_line(text, m.end())) \
                and not _heading_of(sec, text[m.end():m.end() + 120]) \
                and not _nearly_titled(sec, _rest_of_line(text, m.end())) \
                and not table.policy_text_after.match(text, m.end()) \
                and not (sec.count(".") >= _SECTION_LEVELS and table.line_number_sentence.match(text, m.end())):
            return None  # list numbering: "1.1 There was", "2.3 Summary", a number alone on a line
        if not _existing(sec):  # kept only for the documents the index lacks ("2.2.1.3" in a netsec thread)
            if not table.unindexed_number.match(sec):
                return None
            rule = table.unindexed_rule
            if _line_before_is(table.list_line, text, m.start()) and _existing(sec.rsplit(".", 1)[0]) and (
                    table.subsection_heading_after.match(text, m.end())
                    or _nearly_titled(sec, _rest_of_line(text, m.end()))):
                rule = _SUBSECTION_HEADING  # "7.1.4.2.1.1. dNSName" pasted from a ballot: a new subsection
    if doc and not has_kw and item is None and g.get("doc") and _names_a_version(doc, sec, g["doc"]):
        return None  # "BR 1.8.7", "Mozilla policy 2.8" (but "Mozilla Policy 2.2(3)" names an item of a section)
    if not doc and not has_kw and item is None:
        named_before = table.doc_before.search(text, max(0, m.start() - 60), m.start())
        code = table.document_code(named_before.group("doc")) if named_before else None
        if code is not None and _names_a_version(code, sec, named_before.group("doc")):
            return None  # "Baseline Requirements 1.6.7, Section 7.1.4.3": the version, read by a bare row; no list
            # head either (the section after it keeps the document from its sentence)
    if row.name == _TABLE_SECTION and not doc and table.self_reference_after.match(text, m.end(), m.end() + 80):
        return None  # "Table 6.1.1 below", "Table 4.9.1 of this report": the text's own table, of any levels
    back = not doc and bool(table.back_reference_after.match(text, m.end(), m.end() + 40))
    if not doc and not back and sec.count(".") < 2 and table.self_reference_after.match(text, m.end(), m.end() + 80):
        return None  # "see sections 4 and 5 below", "Section 5 of this report": the text's own numbering
    part = next((k for k in ("sec", "label") if g.get(k)), None)
    owner = bool(g.get("doc")) and part is not None and m.start("doc") > m.start(part)  # "Section 3.2 of the BRs"
    first = CitationMatch(m.start(), m.end(), rule, sec, item, doc, "explicit" if doc else "", back_reference=back,
                          owner=owner, whole_section=bool(whole), rfc_owner=rfc_owner)
    more: list[int | str] = [int(n) for n in _ITEM_NUMBER.findall((g.get("more_items") or "") + (g.get("more_hashes") or ""))]
    more += [int(n) if n.isdigit() else n  # "(1) and (4)", "(a), (b)"
             for n in _ITEM_MARK.findall((g.get("more_parens") or "") + (g.get("more_letters") or ""))]
    more += _WORD_LETTER.findall(g.get("more_word_letters") or "")  # "e and f"
    return [first] + [CitationMatch(m.start(), m.end(), rule, sec, n, doc, first.doc_source, owner=owner,
                                    rfc_owner=rfc_owner) for n in more]


def _rfc_owner(m: re.Match, text: str, table: CitationTable) -> str | None:
    """'section 6 of the RFC', 'the section 6 structure of 3647', 'the RFC's section 6': the words around a number
    that names no document say it is an RFC's section (``document_chooser``: rfc_owner_after, rfc_owner_before):
    the RFC's number when written ("3647"), "" when the text must say which ("the RFC"); None otherwise."""
    after = table.chooser["rfc_owner_after"].match(text, m.end())
    if after:
        return after.group("rfc") or ""
    if table.chooser["rfc_owner_before"].search(text, max(0, m.start() - 12), m.start()):
        return ""
    return None


def _opens_list_line(m: re.Match, text: str, table: CitationTable) -> bool:
    """A document named at the end of one line and the number opening the next as list numbering ("2. Replaced",
    a number alone on its line): the number is not that document's section (a heading the document gives it is)."""
    sec_start, sec_end = m.start("sec"), m.end("sec")
    return text.rfind("\n", 0, sec_start) >= m.end("doc") and _line_before_is(table.list_line, text, sec_start) \
        and bool(table.list_after.match(_rest_of_line(text, sec_end))) \
        and not _heading_of(m.group("sec"), text[sec_end:sec_end + 120])


_CHANGELOG_LOOK_BACK = 1200  # characters before a line that opens with a number searched for a change log's heading


def _release_line(m: re.Match, text: str, table: CitationTable) -> bool:
    """A number opening its line in a change log ("2.2 - New UI", "Release notes:\n9.4 - Fixed …": the line says
    so, ``changelog_line_after``, or a change log's heading comes before it, ``changelog_intro_before``): a release of
    the text's own product, no section of a document the message names."""
    at = m.start("sec")
    if not _line_before_is(table.heading_line_before, text, at):
        return False
    if table.changelog_line_after.match(text, m.end("sec")):
        return True
    line = text.rfind("\n", 0, at) + 1
    return bool(table.changelog_intro_before.search(text, max(0, line - _CHANGELOG_LOOK_BACK), line))


def _line_before_is(pattern: re.Pattern, text: str, at: int) -> bool:
    """Whether the line's text before ``at`` is what ``pattern`` (a table pattern "(?:^|\\n)…\\Z": list numbering,
    a heading's bullets) matches whole: matched from the line's newline, one position (a search over the line's
    slice tried every position of it, per number: quadratic on a long line of citations)."""
    return bool(pattern.match(text, max(0, text.rfind("\n", 0, at)), at))


def _rest_of_line(text: str, at: int) -> str:
    """The text from ``at`` to the end of its line, the newline included (what a "\\A…" pattern about the rest of the
    line reads; the rest of the whole text was copied per number)."""
    end = text.find("\n", at)
    return text[at:] if end < 0 else text[at:end + 1]


_APPENDIX_LETTER = re.compile(r"\b[A-Z]\b")  # the letters of "Appendix F and G", "Appendices C, D and E"
_SECTION_LEVELS = 3  # dots: a number of four or more levels opening a line that reads as a sentence about it is a
# section ("7.1.4.2.2 Subject CN shall …": line_number_sentence), not list numbering
_TITLED = "titled_number"  # the row of a two-level number followed by its title in parentheses
_HEADING = "titled_heading"  # the row of a two-level number followed by the title an indexed document gives it
_TITLE_END = re.compile(r"[ \t]*(?:$|[:(|\u2013\u2014]|-[ \t]|\.(?:\s|$))")
_NUMBERED_ITEM = "numbered_item"  # the row of a two-level number followed by an item: "3.3 Item 7"
_DASH_LIST = "dash_list_section"  # the row of a number opening an issue list's line: "9.4 - Should the …"


def _two_level_list_line(c: CitationMatch) -> bool:
    """An issue list's line of two levels ("9.4 - Should the …"): kept only where another line of the text has three
    or more ("9.2.4 - Should we …": ``section_list_line``)."""
    return c.rule == _DASH_LIST and (c.section or "").count(".") < 2


_TABLE_SECTION = "table_section"  # the row of "Table 1.2.2": the section that holds the table, by the context
_ARTICLE_ITEM = "article_item"  # the row of "an item 5", "a new item 7": an item of the section its sentence cited
_EDITED_ITEM = "edited_item"  # the row of "Change item 2": an item of the section the message's own text cited before
_SUBSECTION_HEADING = "subsection_heading"  # the rule of a pasted heading of a new subsection: "7.1.4.2.1.1. dNSName"


def _heading_of(number: str, after: str) -> bool:
    """Is ``after`` the title of section ``number`` of an indexed document ("4.9.1.1 Reasons for Revoking a
    Subscriber Certificate" pasted from the policy: a heading, not list numbering)?"""
    words = _slug(after.split("\n", 1)[0])
    if len(words) < 4:
        return False
    documents = load_index()["documents"]
    return any(words.startswith(_slug(title)) for d in documents
               for title, _, _ in documents[d]["sections"].get(number, ()) if len(_slug(title)) >= 4)


_TITLE_WORD = re.compile(r"[a-z0-9]+")
_TITLE_STOP = frozenset(("of", "the", "a", "an", "and", "or", "for", "to", "in", "on", "by", "with"))
_TITLE_LINE = re.compile(r"\.?[ \t]+[A-Z][\w'\u2019/&() -]{2,80}[ \t]*(?:\n|\Z)")  # a heading's rest of line


@lru_cache(maxsize=None)
def _parent_sections(document: str) -> frozenset[str]:
    """The numbers of ``document`` that some version divides into subsections ("4.9.1" of the BR: 4.9.1.1, 4.9.1.2):
    headings whose text is their subsections', where no table of their own is cited ("Table 4.9.1" is none)."""
    return frozenset(n.rsplit(".", 1)[0] for n in section_numbers(document) if "." in n)


def _title_words(title: str) -> set[str]:
    return {w for w in _TITLE_WORD.findall(title.lower()) if w not in _TITLE_STOP}


def _nearly_titled(number: str, line: str) -> bool:
    """Is ``line`` (the rest of the line after a number at a line start) a pasted policy heading: a short title line,
    no sentence, whose words nearly match the title an indexed document (any version) gives ``number``, or, for a
    number no document has under a parent one has (a section a ballot proposes: "6.1.1.4 Subscriber Key Pair
    Parameters"), the title of its parent or of a sibling? Nearly: at least two words shared, and at least half the
    line's words ("6.1.1.3 Subscriber Key Pair Parameters" is BR 6.1.1.3 "Subscriber Key Pair Generation"; not
    "1.2.3 Send the first draft")."""
    if not _TITLE_LINE.match(line):
        return False
    words = _title_words(line)
    if not 2 <= len(words) <= 10:
        return False
    return any(len(shared) >= 2 and 2 * len(shared) >= len(words)
               for shared in (words & title for title in _heading_titles(number)))


@lru_cache(maxsize=4096)
def _heading_titles(number: str) -> tuple[frozenset[str], ...]:
    """The title words ``_nearly_titled`` compares a line with: of each title an indexed document (any version)
    gives ``number``, else, for a number no document has, of its parent's and its siblings' titles where a document
    has the parent. Read once per number (the sibling scan walks a document's whole index)."""
    documents = load_index()["documents"]
    titles = [t for d in documents for t, _, _ in documents[d]["sections"].get(number, ())]
    if not titles and "." in number:
        parent = number.rsplit(".", 1)[0]
        depth = number.count(".")
        for d in documents:
            sections = documents[d]["sections"]
            if parent in sections:
                titles += [t for n, rows in sections.items()
                           if n == parent or (n.startswith(parent + ".") and n.count(".") == depth)
                           for t, _, _ in rows]
    return tuple(frozenset(_title_words(t)) for t in titles)


def _titled_documents(number: str, after: str) -> list[str]:
    """The indexed documents whose section ``number`` has the title ``after`` opens with, the title ending there
    (line end or punctuation, not more words: "2.1 CA Operations", "1.1 Overview : …"; not "1.1 Overview of the
    incident")."""
    line = after.split("\n", 1)[0]
    documents = load_index()["documents"]
    return sorted(d for d in documents for title, _, _ in documents[d]["sections"].get(number, ())
                  if len(title) >= 4 and line[:len(title)].lower() == title.lower()
                  and _TITLE_END.match(line, len(title)))


def _names_a_version(doc: str, number: str, alias: str) -> bool:
    """True when "<document> <number>" is a version of the document rather than one of its sections."""
    entry = load_index()["documents"].get(doc)
    if entry is None or number not in {v for v, _ in entry["versions"]}:
        return False
    return number not in section_numbers(doc) or alias.lower().endswith("policy")


def _dotted_label(label: str) -> str:
    """An NSR requirement label as its section: "2f" (written glued, "Item 2f", "Items 1h and 1j") is 2.f."""
    return label if "." in label else f"{label[:-1]}.{label[-1]}"


def _chain(head: CitationMatch, text: str, table: CitationTable) -> list[CitationMatch]:
    """Lists and ranges after a citation: "4.9.1.1 and 4.9.1.2", "Sections 4.9.3 and 4.9.12", "7.4 under 7"."""
    out: list[CitationMatch] = []
    pos = head.end
    only = table.only_documents.get(head.rule)
    own = head.document or (next(iter(only)) if only is not None and len(only) == 1 else None)  # the list's document
    while True:
        m = table.chain.match(text, pos)
        if not m:
            return out
        if m.group("label"):  # "NCSSR 1.h and 1.j", "Items 1h and 1j": more requirement labels after a label (or
            # after any head of a label row: "Items 1.12, 1.13 and 2.f")
            if not (head.section and head.section[-1].isalpha()) and table.only_documents.get(head.rule) != frozenset(("NSR",)):
                return out
            out.append(CitationMatch(m.start("label"), m.end(), head.rule + "+chain", _dotted_label(m.group("label")), None,
                                     head.document, head.doc_source, head=head))
            pos = m.end()
            continue
        sec, item = m.group("sec"), _item_of(m, table)
        section: str | None = sec
        if own is not None and _names_another_document(own, text, m.end(), table):
            return out  # "Section 9.2.4 of the EVGs and section 7.1.4.2.2 of the BRs": the later number's own
            # (also after a label of a row of one document: "Item 1h and section 4.9.1.1 of the BRs")
        if head.document == "RFC":  # "RFC 5280 sections 4.2.1.12 and 4.2.1.13": more sections of the RFC
            if "." not in sec or item is not None:
                return out
            section, item = head.section, sec
        elif head.item is not None and "." not in sec and item is None:  # "BR 4.9.1.1 items 4 and 5"
            section, item = head.section, int(sec)
        elif _numbered_zero(sec) or ("." not in sec and item is None and not table.chain_single.match(text, m.end())):
            return out
        out.append(CitationMatch(m.start("sec"), m.end(), head.rule + "+chain", section, item,
                                 head.document, head.doc_source, head=head))
        pos = m.end()


def _names_another_document(document: str, text: str, at: int, table: CitationTable) -> bool:
    """The words after a number of a list name its own document, another than the list's ``document`` ("… and
    section 7.1.4.2.2 of the BRs" after "Section 9.2.4 of the EVGs")."""
    after = table.list_document_after.match(text, at)
    if not after:
        return False
    doc = "RFC" if after.groupdict().get("rfc") else table.document_code(after.group("doc"))
    return doc is not None and doc != document


def _anchor_section(doc: str, digits: str, slug: str | None) -> str | None:
    """The section of ``doc`` whose number digits and title slug match an anchor like ``#611-end-entity-...``
    (a heading without a title, NSR 2.0's "1.2.2", has no slug: the digits decide).

    A document the index lacks (S/MIME BR, CSBR, NSR) borrows the number of an indexed section with the same
    digits and title (they share the RFC 3647 outline), else reads each digit as one level ("71422" = 7.1.4.2.2) but
    for a 0, which ends a two-digit level ("3210" = 3.2.10: no policy numbers a section 0).
    """
    documents = load_index()["documents"]
    if doc not in documents:
        borrowed = (_anchor_section(d, digits, slug) for d in documents) if slug else ()
        return next((n for n in borrowed if n), None) or ".".join(_ANCHOR_LEVEL.findall(digits))
    for number, runs in documents[doc]["sections"].items():
        if number.replace(".", "") == digits and (slug is None or any(
                _slug(t) == slug or _slug(t).startswith(slug) or slug.startswith(_slug(t)) for t, _, _ in runs)):
            return number
    return None


def _linked_section(doc: str, digits: str, slug: str | None) -> str | None:
    """The section a link into ``doc`` names by its anchor: the heading with those digits and title, else (the
    index holds another version of the document, its titles differ) the one section with those digits, else each
    digit one level when none is 0 (two digits at least) ("#9231-…" = 9.2.3.1; a 0 makes the split ambiguous: 7.1.2.10 or 7.1.2.1.0)."""
    found = _anchor_section(doc, digits, slug)
    if found or len(digits) < 2:  # "#2" alone may be a footnote or a page: only a heading's title confirms it
        return found
    numbers = [n for n in load_index()["documents"].get(doc, {}).get("sections", {}) if n.replace(".", "") == digits]
    if len(numbers) == 1:
        return numbers[0]
    return ".".join(digits) if not numbers and "0" not in digits and len(digits) <= 6 else None


def _url_anchor_citations(text: str, urls: RangeSet, table: CitationTable, folded: str,
                          about: str | None = None, home: str | None = None) -> list[CitationMatch]:
    """Links to a policy section: ``.../policy.md#611-end-entity-...`` and Markdown ``](#615-key-sizes)`` (a link
    inside the document: the file a review comment is about, ``about``, when it names one)."""
    out = []
    for lo, hi in urls.ranges:
        url = text[lo:hi].rstrip(".,;:")
        low = fold(url)
        doc = table.url_document(url, low)
        a = table.url_anchor.search(url)
        number = (a.group("dotted") or _linked_section(doc, a.group("digits"), a.group("slug"))) if doc and a else None
        if number:
            out.append(CitationMatch(lo, lo + len(url), "url_anchor", number, None, doc))
        r = table.rfc_url.search(url, folded=low)  # an RFC link, its "#section-4.2.1.5" the cited section
        if r:
            out.append(CitationMatch(lo, lo + len(url), "rfc_url", r.group("rfc"), r.group("rfc_item"), "RFC"))
    relative = list(table.relative_anchor.finditer(text, folded=folded))
    named = [code for _, code in _most_named(_mentions(text, table, urls, None, folded))] if relative else []
    if relative and about:  # "SBR.md:2223" above the comment: its links inside the document are that document's
        named = [code for _, code in _mentions(about, table, RangeSet([]))][:1] + named
    indexed = indexed_documents()
    for m in relative:  # a link inside the document: the one the text names ("SBR.md" above a diff), if it can
        digits, slug = m.group("digits"), m.group("slug")  # have that heading, else the one whose title fits
        found = dict((d, n) for d in indexed if (n := _anchor_section(d, digits, slug)))
        doc = next((d for d in named if d in found or d not in indexed), None)
        if doc is None and home is not None and (home in found or home not in indexed):
            doc = home  # "](#615-key-sizes)" in the code-signing repository: the CSBR's, though the BR has one too
        if doc is None and found:  # several (BR and EVG 2.x share RFC 3647 titles): the first in index order
            doc = next(iter(found))
        if doc is not None:
            number = found.get(doc) or _anchor_section(doc, digits, slug)
            out.append(CitationMatch(m.start() + 2, m.end() - 1, "relative_anchor", number, None, doc))
    return out


def _slug(title: str) -> str:
    return _NOT_SLUG.sub("-", title.lower()).strip("-")


def find_citations(text: str, sentences: list[tuple[int, int]] | None = None,
                   context_text: str | None = None, context_document: str | None = None,
                   table: CitationTable | None = None, about: str | None = None,
                   home: str | None = None, thread_rfcs: frozenset[str] = frozenset(),
                   topic: tuple[str, ...] = ()) -> list[CitationMatch]:
    """Every citation in ``text``, with the document named by the sentence or the text when not explicit.

    ``sentences``: (start, end) character ranges (default: ``split_sentences``).
    ``context_document``: the document a document quote is known to come from.
    ``context_text``: text whose mentions decide when ``text`` names no document (the quoting message).
    ``about``: the name of what the text is about, outside it (a review comment's file: ``review_file``).
    ``home``: the document of the thread's repository or list (``thread_homes``): a link inside a document
    ("](#615-key-sizes)") the text does not place is that document's.
    ``thread_rfcs``: RFCs earlier messages of the thread cite (``rfcs_before``; the tagger passes those written bare
    in ``text``): one written bare is that RFC.
    ``topic``: the documents the thread's subject names (``subject_documents``): one the text also names most is the
    document of a number its sentence and paragraph give none, before the one named last before it in the text.
    Citations whose document no context names keep ``document=None`` (the thread decides).
    """
    table = table or get_table()
    text = blank_emphasis(text, table)
    folded = fold(text)  # once per text: the literal prefilters of the patterns read it
    urls = RangeSet(m.span() for m in table.url.finditer(text))
    quoted = RangeSet(message_quote_ranges(text, table, folded))
    raw: list[tuple[CitationMatch, int]] = []
    for row, ok in zip(table.rows, table.gate.passes(text, folded), strict=True):
        if not ok:
            continue
        for m in row.regex.finditer(text):
            for c in _candidate(row, m, text, table) or []:
                raw.append((c, row.priority))
    if any(_two_level_list_line(c) for c, _ in raw) and not table.section_list_line.search(text):
        raw = [(c, prio) for c, prio in raw if not _two_level_list_line(c)]  # (asked once per text, not per line)
    raw.extend((c, -1) for c in _url_anchor_citations(text, urls, table, folded, about, home))
    chosen: list[CitationMatch] = []
    for c, _prio in sorted(raw, key=lambda cp: (cp[0].start, -(cp[0].end - cp[0].start), cp[1])):
        if c.rule not in ("url_anchor", "rfc_url") and urls.overlaps(c.start, c.end):
            continue
        # kept matches do not overlap (but for siblings sharing one span): only the last can conflict
        if chosen and _conflicts(c, chosen[-1]):
            continue
        chosen.append(c)
    chosen = [x for c in chosen for x in [c, *_item_after(c, text, table)]]
    chained: list[CitationMatch] = []
    for c in chosen:
        if c.section and (c.document != "RFC" or c.item is not None) and not (chained and c.start < chained[-1].end):
            more = _chain(c, text, table)
            _list_document(c, more, text, table)
            chained.extend(more)
    chain_ranges = RangeSet((x.start, x.end) for x in chained)
    result = chained + [c for c in chosen if not chain_ranges.overlaps(c.start, c.end)]
    result = [c for c in result if not quoted.contains(c.start)]
    result = _bare_rfc_numbers(result, text, table, urls, quoted, thread_rfcs)
    result = _one_rfc_per_link(result, text, table, folded)
    result = _one_section_per_link(result, text, table, folded)
    if home != _BR and any(c.rule == _BARE_METHOD for c in result) \
            and not any(table.document_code(m.group("doc")) == _BR
                        for m in table.doc_mention.finditer(text, folded=folded) if not urls.overlaps(*m.span())):
        # "methods 18 and 19" names a domain validation method only where the BR is at home or the text names it
        result = [c for c in result if c.rule != _BARE_METHOD]
    for c in result:
        _pasted_item(c, text, table)
        _home_policy(c, text, table)
    undecided = [c for c in result if c.document is None and c.ctx_item is None
                 and c.doc_source not in (_HOME_POLICY, "thread")]
    if undecided:
        _decide_documents(undecided, result, text, table, urls, sentences, context_text, context_document, folded,
                          about, home, topic)
    _smime_br(result, text, table, sentences)
    result = [c for c in result if c.doc_source != _OTHER_DOCUMENT
              and (c.rule not in table.changed_only_rows or c.doc_source == _CHANGED  # "2. Timeline (1.2)"
                   or (c.section or "").count(".") >= 2)  # "(4.9.1.1)": a section by its shape, as bare_section reads it
              and (not c.whole_section or _named_close(c, text, table))  # "Section 1.0 Introduction" of a report
              and (c.document is None or table.allows(c.rule, c.document, c.section or ""))]
    return sorted(result, key=lambda c: c.start)


def _one_rfc_per_link(result: list[CitationMatch], text: str, table: CitationTable,
                      folded: str) -> list[CitationMatch]:
    """'[RFC5280](…/rfc5280#section-4.2.1.6)', '[RFC 3280 4.2.1.7](…/rfc3280.txt)': a Markdown link whose text and
    target both name an RFC cites it once, with the section one of them gives."""
    rfcs = [c for c in result if c.document == "RFC"]
    if len(rfcs) < 2:
        return result
    drop: set[int] = set()
    for m, near in _by_link(rfcs, text, table, folded):
        inside = [c for c in near if m.start() <= c.start and c.end <= m.end()]
        kept: set[tuple[str | None, int | str | None]] = {(c.section, c.item) for c in inside if c.item is not None}
        for c in inside:  # the bare RFC goes when the link gives its section, or names it twice
            if c.item is None and any(s == c.section for s, _ in kept):
                drop.add(id(c))
            elif c.item is None:
                kept.add((c.section, None))
    return [c for c in result if id(c) not in drop]


def _one_section_per_link(result: list[CitationMatch], text: str, table: CitationTable,
                          folded: str) -> list[CitationMatch]:
    """'Section [3.2.4.1 (3)](…/SBR.md#3241-…)': a Markdown link whose text cites an item of a section and whose
    target's anchor names that section cites it once, the item (the anchor's citation of the section goes)."""
    anchors = [c for c in result if c.rule == "url_anchor" and c.item is None]
    if not anchors:
        return result
    drop: set[int] = set()
    for m, near in _by_link(result, text, table, folded):
        close = text.rfind("](", m.start(), m.end())  # the link's text ends here, its target starts after it
        items = {c.section for c in near if c.item is not None and c.rule != "url_anchor" and c.start < close}
        drop.update(id(a) for a in near if a.rule == "url_anchor" and a.item is None and a.section in items
                    and m.start() <= a.start and a.end <= m.end())
    return [c for c in result if id(c) not in drop] if drop else result


def _by_link(cites: list[CitationMatch], text: str, table: CitationTable,
             folded: str) -> Iterator[tuple[re.Match, list[CitationMatch]]]:
    """Each Markdown link of ``text`` that citations of ``cites`` overlap, with those citations in order of start:
    each citation placed among the links by bisection (one pass, not a pass over the citations per link)."""
    links = list(table.markdown_link.finditer(text, folded=folded))
    if not links:
        return
    starts = [m.start() for m in links]
    groups: list[list[CitationMatch]] = [[] for _ in links]
    for c in sorted(cites, key=lambda c: c.start):
        k = bisect.bisect_left(starts, c.end) - 1  # the last link that starts before the citation ends; the links
        while k >= 0 and links[k].end() > c.start:  # do not overlap, so the ones it overlaps are these, backwards
            groups[k].append(c)
            k -= 1
    yield from ((m, g) for m, g in zip(links, groups, strict=True) if g)


def _smime_br(result: list[CitationMatch], text: str, table: CitationTable,
              sentences: list[tuple[int, int]] | None) -> None:
    """'lint for BR 7.1.4.2.2a mailbox-validated': a citation that names its document 'BR' alone (``bare_br``, no
    'TLS') in a sentence naming a certificate type only the S/MIME BR has (``smime_type_words``) cites the S/MIME
    BR."""
    named = [c for c in result if c.document == _BR and c.doc_source == "explicit" and table.bare_br.match(text, c.start)]
    if not named:
        return
    sentences = sentences if sentences is not None else split_sentences(text, table)
    starts = [lo for lo, _ in sentences]
    smime: dict[tuple[int, int], bool] = {}  # each sentence read once, however many citations it holds
    for c in named:
        span = _enclosing(sentences, starts, c.start, (0, len(text)))
        if span not in smime:
            smime[span] = bool(table.smime_type_words.search(text, *span))
        if smime[span]:
            c.document, c.rule = _SMIME_BR, c.rule + "+smime_type"


def _named_close(c: CitationMatch, text: str, table: CitationTable) -> bool:
    """The citation's document is named with it, in its sentence or before it on its line ("Mozilla Root Store
    Requirements – Section 6.0 Revocation"), not only in its paragraph, its message or its thread."""
    if c.doc_source in ("explicit", "sentence"):
        return True
    line = text[text.rfind("\n", 0, c.start) + 1:c.start]
    return c.document is not None and any(code == c.document for _, code in _mentions(line, table, RangeSet(())))


_HOME_POLICY = "home_policy"


_BR = "BR"
_SMIME_BR = "SMIME-BR"
_BARE_METHOD = "bare_method"  # the row of a method number with no document and no "validation" word
_BARE_RFC = "bare_rfc_number"  # the rule of an RFC's number written without "RFC"
_YEARS = range(1980, 2040)  # a bare number of these is read as an RFC only with a section after it ("in 2026")


def _bare_rfc_numbers(result: list[CitationMatch], text: str, table: CitationTable, urls: RangeSet,
                      quoted: RangeSet, thread_rfcs: frozenset[str] = frozenset()) -> list[CitationMatch]:
    """'For 6960, Section 2.2 …', 'the 5280 profile': a number the text names as an RFC elsewhere, written bare,
    is that RFC (with the section written right after it, which is then no bare number of its own); 'RFC 6960 and
    5280': a number joined to an RFC citation (``rfc_list_joint``) is one more RFC; so is a Web PKI RFC's number
    (``rfc_titles``) with a section after it, or in a text that cites an RFC; a number of four digits an earlier
    message of the thread names as an RFC (``thread_rfcs``: "6960 and 5280 both presuppose …" after "RFC 6960 …").
    Outside links and quotes; a year-like number only with a section."""
    cited = sorted((c for c in result if c.document == "RFC" and c.section), key=lambda c: c.start)
    rfcs = {c.section for c in cited}
    known = rfc_titles()  # the Web PKI's RFCs: one of them with a section after it ("5280 section 4.2.1.9"), or
    # named bare in a text that names an RFC ("6960 and 5280 both presuppose … (RFC 5019 …)"), is that RFC
    named = RangeSet(_merge((c.start, c.end) for c in cited))
    found: list[CitationMatch] = []
    called = _rfc_word_sentences(text, table)  # the sentences that say "the RFC" with no number: "5280 seems to be
    # the not-obsoleted RFC involved"
    ends, k, last = sorted(c.end for c in cited), 0, -1  # ``last``: where the last RFC citation before a number ends
    before = -1  # where the number before this one starts
    for m in table.bare_rfc_number.finditer(text):
        previous, before = before, m.start()
        if named.overlaps(*m.span()) or urls.overlaps(*m.span()) or quoted.contains(m.start()):
            continue
        while k < len(ends) and ends[k] <= m.start():
            last, k = max(last, ends[k]), k + 1
        # a joint holds no number: only the first number after the citation may be joined to it (and the joint is
        # read once per citation, never again from the citation for each later number: linear in a long line)
        joined = last > previous and bool(table.rfc_list_joint.fullmatch(text, last, m.start()))
        rfc = m.group("rfc")
        if (rfc in rfcs or (len(rfc) >= 4 and (joined or rfc in thread_rfcs))
                or (rfc in known and (cited or m.group("rfc_item")))
                or _called_an_rfc(m, text, table, called, known)) \
                and (m.group("rfc_item") or int(rfc) not in _YEARS):
            found.append(CitationMatch(m.start(), m.end(), _BARE_RFC, rfc, m.group("rfc_item"), "RFC", "explicit"))
            last = m.end()
    if not found:
        return result
    spans = RangeSet(_merge((c.start, c.end) for c in found))
    return sorted([c for c in result if not spans.overlaps(c.start, c.end)] + found, key=lambda c: c.start)


def rfcs_before(messages, table: CitationTable) -> tuple[dict[str, int], dict[int, int]]:
    """Where a thread's messages first cite each RFC ("RFC 6960", "RFCs 5280 and 6960": the ``rfc`` row, and the
    numbers of its list, ``rfc_list_joint``): (RFC number -> index of the first message citing it, message ``id``
    -> its index). One pass over the thread; a message's earlier RFCs are those cited at a smaller index."""
    row = next(r.regex for r in table.rows if r.name == "rfc")
    first: dict[str, int] = {}
    order: dict[int, int] = {}
    for i, m in enumerate(messages):
        order[id(m)] = i
        for x in row.finditer(m.text):
            first.setdefault(x.group("rfc"), i)
            end = x.end()
            while (j := table.rfc_list_joint.match(m.text, end)) and (n := table.bare_rfc_number.match(m.text, j.end())):
                first.setdefault(n.group("rfc"), i)
                end = n.end()
    return first, order


def _rfc_word_sentences(text: str, table: CitationTable) -> RangeSet:
    """The sentences of ``text`` that call something 'the RFC' (``rfc_word``: the word with no number after it)."""
    words = [m.start() for m in table.rfc_word.finditer(text)]
    if not words:
        return RangeSet([])
    sentences = split_sentences(text, table)
    starts = [lo for lo, _ in sentences]
    return RangeSet(_merge(_enclosing(sentences, starts, pos, (0, len(text))) for pos in words))


def _called_an_rfc(m: re.Match, text: str, table: CitationTable, called: RangeSet, known) -> bool:
    """A bare number in a sentence that calls something 'the RFC' ("5280 seems to be the not-obsoleted RFC
    involved"): a Web PKI RFC, or any of four digits, unless the words before it make it a bug, issue or line, or a
    noun after it a quantity ("within 3650 days", "over 9000 RFCs": ``rfc_word_number_after``)."""
    rfc = m.group("rfc")
    return called.contains(m.start()) and (rfc in known or len(rfc) >= 4) \
        and bool(m.group("rfc_item") or table.rfc_word_number_after.match(text, m.end())) \
        and not table.rfc_word_not_before.search(text[max(0, m.start() - 24):m.start()])


def _home_policy(c: CitationMatch, text: str, table: CitationTable) -> None:
    """'Section 5.2 of the policy', 'the policy, section 2.3': a number that names no document but "the policy" is
    the policy of the program the thread lives with (``resolve_context``); a list's later numbers follow its first."""
    if c.document is not None or c.ctx_item is not None:
        return
    if (c.head is not None and c.head.doc_source == _HOME_POLICY) \
            or table.home_policy_before.search(text, max(0, c.start - 30), c.start) \
            or table.home_policy_after.match(text, c.end):
        c.doc_source = _HOME_POLICY


def _item_after(c: CitationMatch, text: str, table: CitationTable) -> list[CitationMatch]:
    """'BR 4.9.1.1 (reason #10)', '4.9.1.1 (item 4)': an item named in parentheses right after the section; 'section
    4.9.1.1 under the 24 hours subsection between reason #1 and reason #2', '7.1.2.3 Subscriber certificates, Paragraph
    f': items named later in its clause (when no list of numbers follows the section). Returns the citations of the further items (same span as ``c``)."""
    if c.item is not None or not c.section or c.document == "RFC" or c.ctx_item is not None:
        return []
    m = table.item_after.match(text, c.end)
    if m:
        c.item, c.end = int(m.group("item")), m.end()
        return []
    if table.chain.match(text, c.end):
        return []
    m = table.item_later.match(text, c.end)
    if not m:
        return []
    c.item = _item_of(m, table)
    c.rule += "+item_later"
    more: list[int | str] = [int(n) for n in _ITEM_NUMBER.findall(m.group("more_items") or "")]
    more += _WORD_LETTER.findall(m.group("more_word_letters") or "")  # "item f and g"
    more += _ROMAN.findall(m.group("more_romans") or "")  # "subsections i. and ii."
    return [CitationMatch(c.start, c.end, c.rule, c.section, n, c.document, c.doc_source) for n in more]


def _list_document(head: CitationMatch, more: list[CitationMatch], text: str, table: CitationTable) -> None:
    """'Sections 4.2.1.12 and 4.2.1.13 of RFC 5280', 'sections 9.2.1 and 9.2.2 of the EVGs': a list that named no
    document takes the one named after its last number (an RFC's numbers become items of the RFC)."""
    if head.document is not None or head.ctx_item is not None:
        return
    end = more[-1].end if more else head.end
    appendix = table.list_appendix_after.match(text, end)  # "Section 9.2.8 and Appendix H of the EVG"
    if not more and not appendix:
        return
    m = table.list_document_after.match(text, appendix.end() if appendix else end)
    if not m:
        return
    rfc = m.groupdict().get("rfc")
    doc = "RFC" if rfc else table.document_code(m.group("doc"))
    if doc is None or (rfc and appendix):  # "Appendix A of RFC 5280" is another document's (other_document_after)
        return
    for c in [head, *more]:
        if rfc:
            c.section, c.item = rfc, c.section
        c.document, c.doc_source, c.owner = doc, "explicit", True
    if more and not appendix:  # the appendix is a citation of its own: the list does not take its span
        more[-1].end = m.end()


def _pasted_item(c: CitationMatch, text: str, table: CitationTable) -> None:
    """'Section 2.2 of the policy says: "3. For a certificate…"': the pasted list item is the cited item; so is the
    first numbered point under a pasted heading ("4.9.1.1 Reasons for Revoking a Subscriber Certificate\n\nREPLACE:
    \n\n4. The CA …": blank lines and a ballot's edit instructions between, ``heading_item``), the heading being a
    number opening its line with the title the index gives it, nearly (``_nearly_titled``)."""
    if c.item is None and c.section and c.document != "RFC":
        m = table.pasted_item.match(text, c.end)
        if m:
            c.item = int(m.group("item"))
            return
        if _line_before_is(table.heading_line_before, text, c.start) and text[c.start:c.end] == c.section:
            m = table.heading_item.match(text, c.end)
            rest = _rest_of_line(text, c.end)
            if m and (_heading_of(c.section, rest) or _nearly_titled(c.section, rest)):
                c.item = int(m.group("item"))
                c.rule += "+heading_item"


def _decide_documents(undecided: list[CitationMatch], result: list[CitationMatch], text: str, table: CitationTable,
                      urls: RangeSet, sentences: list[tuple[int, int]] | None, context_text: str | None,
                      context_document: str | None, folded: str, about: str | None = None,
                      home: str | None = None, topic: tuple[str, ...] = ()) -> None:
    """The document of each citation that names none: the link it stands in, the document named nearest before
    it in its sentence (an explicit citation names its document too: "BR 3.2.2.4 ... and 3.2.2.5"), else the one its
    sentence names after it, the one named nearest before it in its paragraph, the one ``about`` names (the file a
    review comment is about), the quoted document, the one the thread's subject names (``topic``) when the text
    names it most, the one named nearest before it in the text, the one the text (or
    the quoting message) names most; else "thread". In a CA's own CP/CPS repository (``home`` no context document)
    a document the message names only after the number, outside its paragraph, does not decide: the thread does (its
    CPS). A document named inside a pasted quotation
    (``pasted_quotation``) is no context for the numbers outside it. A context document that never had the number gives way to
    the nearest other document the text names that has it (``has_section``)."""
    if sentences is None:
        sentences = split_sentences(text, table)
    sent_starts = [lo for lo, _ in sentences]
    paragraphs = split_paragraphs(text, table)
    para_starts = [lo for lo, _ in paragraphs]
    anchors = {(c.section, c.start): c for c in result if c.rule in ("url_anchor", "relative_anchor")}
    explicit_citations = [c for c in result if c.doc_source == "explicit" and c.document != "RFC"]
    explicit = RangeSet(_merge((c.start, c.end) for c in explicit_citations))
    mentions = _mentions(text, table, urls, explicit, folded)
    owned = {(c.start, c.document) for c in explicit_citations  # "Appendix F of the EV Guidelines": the document
             if c.owner and c.document in table.context_documents}  # decides its own sentence and paragraph only
    named_all = sorted(set(mentions) | {(c.start, c.document) for c in explicit_citations
                                        if c.document is not None and c.document in table.context_documents})
    named = [pc for pc in named_all if pc not in owned or pc in mentions]
    pasted = RangeSet(_merge(m.span() for m in table.double_quote.finditer(text, folded=folded)
                             if table.pasted_quotation.search(m.group("a") or m.group("b") or "")))
    # the documents (named, mentioned, most named; named or no policy: for the steps that read the one named before
    # a number nearby) a number may take: inside a pasted quotation all the text names, outside it only those named
    # outside
    others = _other_mentions(text, table, urls, explicit, folded)
    amended = [(pos, code) for pos, code in others  # "This ballot modifies the CAB Forum Bylaws": what a motion amends
               if _changes_document(text, pos, table)]
    changed = [(pos, code) for pos, code in mentions if _changes_document(text, pos, table)]
    most = _most_named(mentions)
    inside = outside = (named, mentions, most, sorted(named + others),
                        sorted(named + amended) if amended else named, _topic_of(topic, most), sorted(named_all + others))
    if pasted.ranges:
        mentions_out, named_out = _outside(mentions, pasted), _outside(named, pasted)
        most_out = _most_named(mentions_out)
        outside = (named_out, mentions_out, most_out, sorted(named_out + _outside(others, pasted)),
                   sorted(named_out + amended) if amended else named_out, _topic_of(topic, most_out),
                   sorted(_outside(named_all, pasted) + _outside(others, pasted)))
    breaks = sorted([m.span() for m in table.markup_line_break.finditer(text, folded=folded)]
                    + [m.span() for m in table.list_item_dash.finditer(text)])  # "<br>", a dash opening a list item
    outer = _most_named(_mentions(context_text, table, RangeSet(m.span() for m in table.url.finditer(context_text)))) \
        if context_text else []
    about_doc = next((code for _, code in _mentions(about, table, RangeSet([]))), None) if about else None
    whole = (0, len(text))
    own_home = _own_home(home, table)
    cited = _CitedBefore(result)
    cited_explicit = _CitedBefore([c for c in explicit_citations + undecided  # "Section 6.2 of the CCADB Policy …
                                   if not _line_before_is(table.quoted_line, text, c.start)],  # Section 6.2": the
                                  counts=_names_its_document)  # former's (a quoted line's are another's words: "> Section
    # 4.2 of a CA's CP SHALL …"); so is a number whose title after it named the document ('section 5.3 "Intermediate
    # Certificates"' … 'the next paragraph of section 5.3'), read as the loop below decides it
    rfc_items: dict[str, list[tuple[int, str]]] = {}  # an RFC's section -> (position, RFC number), by position
    for c in sorted(result, key=lambda r: r.start):
        if c.document == "RFC" and c.item is not None and c.section is not None:
            rfc_items.setdefault(str(c.item), []).append((c.start, c.section))
    rfc = _RfcCues.of(result, mentions, text, table, folded)
    cues = _ChooserCues(text, table)
    for c in sorted(undecided, key=lambda u: u.start):
        if c.head is not None and c.head.document is not None:  # a list's later numbers: its first one's document
            c.document, c.doc_source = c.head.document, c.head.doc_source
            if c.document == "RFC" and c.item is None and c.head.item is not None and "." in (c.section or ""):
                c.section, c.item = c.head.section, c.section  # the chooser made the first an RFC's section ("RFC
                # 5322 (internet message format, sections 3.2.3 and 3.4.1)"): the later ones are that RFC's too
            continue
        linked = next((anchors[(c.section, p)] for p in range(c.end, c.end + 4) if (c.section, p) in anchors), None)
        named, mentions, in_text, near_named, named_or_amended, subject_topic, local_named = \
            inside if pasted.contains(c.start) else outside
        para = _enclosing(paragraphs, para_starts, c.start, whole)
        sent = _enclosing(sentences, sent_starts, c.start, whole)
        sent = (max(sent[0], para[0]), min(sent[1], para[1]))  # a sentence never runs over a blank line or a fence
        if breaks:  # nor over a markup line break ("1.1 <br>**PDF Page:**") or a list item's dash
            sent = _line_parts(sent, breaks, c.start)
        if c.back_reference and (c.section or "").count(".") < 2 and not cited.last(c.section, c.start):
            c.doc_source = "thread"  # "see 4.9 above" with no 4.9 before it in the text: an earlier message's, if any
            continue
        around = _Around(c, cited, cited_explicit, linked, named, near_named, mentions, in_text, sent, para, about_doc,
                         context_document, outer, rfc_items, named_or_amended, changed, subject_topic, local_named,
                         _passage_intro(text, para, paragraphs, para_starts))
        compared = _compared_in_parentheses(text, c, table)
        if compared:  # "deviates from the BRs (4.9.1.1)": the number is the document's compared with
            c.document, c.doc_source = compared, _COMPARED_PAREN
        for step in () if compared else _DOCUMENT_STEPS:
            if step.reads_later and (own_home or (home is not None and _has_section(home, c.section or ""))):
                # a CPS home, or a home that has the number: no document named only later decides
                continue
            doc = step.read(around)
            if doc:
                c.document, c.doc_source = doc, step.source
                break
        _choose_document(c, rfc, text, table, sent, home, named, cues)
        if c.doc_source in _CHOOSER_SOURCES:
            continue
        only = table.only_documents.get(c.rule.split("+")[0])
        if c.document is not None and only is not None and c.document not in only and c.doc_source in _CONTEXT_SOURCES:
            c.document = None  # "The BRs apply. Item 1h applies." in the NSR's repository: a label of one document's
            # form takes no other document from the words around it; the thread's documents it allows decide
        if c.document is None:
            c.doc_source = "thread"
        elif c.doc_source == _RFC_SECTION:  # "RFC 5280, section 4.2.1.9 … section 4.2.1.9 supersedes": that RFC's
            c.section, c.item = _rfc_cited_before(rfc_items, c), c.section
        elif c.document == _OTHER:  # "ETSI 319 412-1, which defines it in section 5.1.4": no policy's section
            c.doc_source = _OTHER_DOCUMENT
        elif c.doc_source in _CONTEXT_SOURCES and c.section and not _has_section(c.document, c.section):
            if table.new_section_before.search(text, max(0, c.start - 40), c.start):
                c.doc_source = "new_section"  # "add a new section 5.3.3": the document the words name, though it lacks it
                continue
            fit = _nearest_having(named, c)
            if fit:
                c.document, c.doc_source = fit, "has_section"


_PASSAGE_OPEN = re.compile("[ \t]*[\"“]")  # a paragraph that opens with a quotation mark: a pasted passage
_INTRO_END = re.compile(r":[ \t]*\Z")  # the paragraph before it ends with a colon: its introduction


def _passage_intro(text: str, para: tuple[int, int], paragraphs: list[tuple[int, int]],
                   para_starts: list[int]) -> int | None:
    """The start of the paragraph that introduces the pasted passage ``para`` opens (``para`` opens with a quotation
    mark, the paragraph before it ends with a colon: 'This section states:'), else None."""
    if not _PASSAGE_OPEN.match(text, para[0]):
        return None
    i = bisect.bisect_right(para_starts, para[0]) - 2  # the paragraph before ``para``
    if i < 0 or not _INTRO_END.search(text[paragraphs[i][0]:paragraphs[i][1]].rstrip()):
        return None
    return paragraphs[i][0]


_COMPARED_PAREN = "compared_paren"  # the doc_source of a number in parentheses right after a document compared with


def _compared_in_parentheses(text: str, c: CitationMatch, table: CitationTable) -> str | None:
    """The document named right before ``c`` in parentheses, where ``compared_before`` made it no context ("This
    deviates from the BRs (4.9.1.1)", "to match the BRs (section 4.9.1.1)"): the number is still its own."""
    m = table.compared_paren_before.search(text, max(0, c.start - 80), c.start)
    if m is None or not table.compared_before.search(text, max(0, m.start() - 60), m.start()):
        return None
    code = table.document_code(m.group("doc"))
    return code if code is not None and code in table.context_documents else None


_QUOTED_TITLE = re.compile("[\"”’)\n]")  # where a title quoted or set in parentheses after a number ends
_TITLE_SET_OFF = re.compile("[ \t]*[\"“‘(]")  # a title quoted or set in parentheses right after a number
_RFC_NEAR = 60  # characters: how close before a number an RFC named in its sentence speaks for it (``_RfcCues.before``)
_RFC_SECTION_OF = "rfc_section_of"  # the row of "section 6 of RFC 3647": an RFC's section named after the number
_BACK_REFERENCE = "back_reference"  # the doc_source (and rule mark) of a number that refers to one cited earlier
_CHOOSER_SOURCES = ("own_copy", "own_new_section", "subject_copy", "copy_requirement", "index_title", "rfc_owner", "rfc_near", "rfc_sentence", "rfc_link", _OTHER_DOCUMENT)  # (``_choose_document``)


@dataclass(frozen=True)
class _RfcCues:
    """What the document chooser reads of a text's RFCs (once per text): its RFC citations (position, RFC number),
    the RFC it names more often than any policy document (if one), the Markdown links whose target cites an RFC
    (the link text's span and that citation), and the numbers the words after them give to an RFC (position, RFC
    number: "section 6 of RFC 3647", "section 6 structure of 3647", "section 6 of the RFC")."""

    cited: list[tuple[int, str]]
    most: str | None  # (an RFC's number)
    links: list[tuple[int, int, CitationMatch]]
    owned: list[tuple[int, str]]
    named: list[tuple[int, str]] = field(default_factory=list)  # where the text names an RFC: a citation, "the RFC"
    link_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, result: list[CitationMatch], mentions: list[tuple[int, str]], text: str, table: CitationTable,
           folded: str) -> _RfcCues:
        rfcs = sorted((c for c in result if c.document == "RFC" and c.section), key=lambda c: c.start)
        cited = [(c.start, c.section or "") for c in rfcs]
        counts = Counter(n for _, n in cited)
        policy = max(Counter(code for _, code in mentions).values(), default=0)
        top = counts.most_common(2)
        most = top[0][0] if top and top[0][1] > policy and (len(top) < 2 or top[1][1] < top[0][1]) else None
        links: list[tuple[int, int, CitationMatch]] = []
        if rfcs:
            for m, near in _by_link(rfcs, text, table, folded):
                close = text.rfind("](", m.start(), m.end())
                target = next((c for c in near if c.start > close), None)
                if target is not None:
                    links.append((m.start(), close, target))
        cues = cls(cited, most, links, [(c.start, c.section or "") for c in rfcs
                                         if c.item is not None and c.rule == _RFC_SECTION_OF])
        cues.owned.extend((c.start, n) for c in result if c.rfc_owner is not None and (n := cues.owner(c)))
        cues.owned.sort()
        cues.link_starts.extend(lo for lo, _, _ in links)
        if rfcs:  # "RFC 5280 says in section 4.2.1.9", "As the RFC says in section 4.2.1.9"
            cues.named.extend((c.start, c.section or "") for c in rfcs if c.rule != "rfc_url")
            cues.named.extend((m.start(), n) for m in table.rfc_word.finditer(text) if (n := cues.meant(m.start())))
            cues.named.sort()
        return cues

    def owner(self, c: CitationMatch) -> str | None:
        """The RFC "section 6 of the RFC" means: the one its words name, else ``meant``."""
        return c.rfc_owner or self.meant(c.start)

    def meant(self, at: int) -> str | None:
        """The RFC "the RFC" at ``at`` means: the one cited nearest before, else the one the text names most, else
        its only one."""
        i = bisect.bisect_left(self.cited, (at, "")) - 1
        if i >= 0:
            return self.cited[i][1]
        return self.most or (self.cited[0][1] if len({n for _, n in self.cited}) == 1 else None)

    def link(self, c: CitationMatch) -> CitationMatch | None:
        """The RFC citation of the Markdown link whose text holds the number, if any."""
        i = bisect.bisect_right(self.link_starts, c.end - 1) - 1  # ("section [4.2.1.9](…)": the number's end)
        return self.links[i][2] if i >= 0 and c.end <= self.links[i][1] else None

    def before(self, c: CitationMatch, text: str, sent: tuple[int, int], policy: list[tuple[int, str]]) -> str | None:
        """The RFC named nearest before a section number (no appendix: "RFC 6844 as amended by Errata 5065
        (Appendix A)") in its sentence, close to it (``_RFC_NEAR`` characters, no semicolon between) and with no
        policy document named between ("RFC 5280 says in section 4.2.1.9", "the
        BRs point to RFC 6960, whose section 4.2.2.2")."""
        i = bisect.bisect_left(self.named, (c.start, "")) - 1
        if i < 0 or self.named[i][0] < max(sent[0], c.start - _RFC_NEAR) or not (c.section or "")[:1].isdigit():
            return None
        at = self.named[i][0]
        j = bisect.bisect_left(policy, (c.start, "")) - 1
        return None if (j >= 0 and policy[j][0] > at) or ";" in text[at:c.start] else self.named[i][1]

    def in_sentence(self, c: CitationMatch, sent: tuple[int, int]) -> str | None:
        """The text's most named RFC, where a later number of the number's sentence is given to it by the words
        after that number ("based on section 4, and … section 6 of the RFC", as a list takes the document named
        after its last number; not "RFC 5280 section 4.2.1.9 applies; section 7.1.2.3 too")."""
        if self.most is None:
            return None
        lo = bisect.bisect_right(self.owned, (c.start, "\uffff"))
        return self.most if any(n == self.most for p, n in self.owned[lo:] if p < sent[1]) else None


def _own_home(home: str | None, table: CitationTable) -> bool:
    """The thread lives in a CA's own CP/CPS repository ("GitHub letsencrypt/cp-cps": its CPS, no context document)."""
    return home is not None and home not in table.context_documents


class _ChooserCues:
    """What the chooser's signals ``smime_words`` and ``subject_copy`` read of a text, once per text (whether it holds
    S/MIME words; which documents a list of named ones holds) or per sentence (the CP/CPS opening it), not once per
    number: a text of many bare numbers costs linear time."""

    def __init__(self, text: str, table: CitationTable) -> None:
        self.text, self.table = text, table
        self._smime_words: bool | None = None
        self._codes: dict[int, tuple[list[tuple[int, str]], set[str]]] = {}
        self._subject: dict[int, int | None] = {}

    def smime_words(self) -> bool:
        if self._smime_words is None:
            self._smime_words = self.table.chooser["smime_words"].search(self.text) is not None
        return self._smime_words

    def names(self, named: list[tuple[int, str]], code: str) -> bool:
        got = self._codes.get(id(named))
        if got is None or got[0] is not named:
            got = self._codes[id(named)] = (named, {c for _, c in named})
        return code in got[1]

    def subject_end(self, sent_start: int) -> int | None:
        """Where a CA's CP/CPS that opens the sentence as its subject ends (``subject_copy``), or None."""
        if sent_start not in self._subject:
            m = self.table.chooser["subject_copy"].match(self.text, sent_start)
            self._subject[sent_start] = m.end() if m else None
        return self._subject[sent_start]


def _named_between(named: list[tuple[int, str]], lo: int, hi: int) -> bool:
    """Does ``named`` (sorted by position) hold a document named in [lo, hi)?"""
    i = bisect.bisect_left(named, (lo, ""))
    return i < len(named) and named[i][0] < hi


def _choose_document(c: CitationMatch, rfc: _RfcCues, text: str, table: CitationTable, sent: tuple[int, int],
                     home: str | None, named: list[tuple[int, str]], cues: _ChooserCues) -> None:
    """The document chooser (``document_chooser`` in the pattern table: its signals and weights): each signal names
    a document for the bare number ``c`` and adds its weight to it; the highest sum wins, a tie keeps the document
    the ordered context steps gave (signal ``steps``). A win of another signal is the number's evidence
    (doc_source: own_copy, index_title, rfc_owner, rfc_near, rfc_sentence, rfc_link); a win of ``home`` leaves the
    number to the thread, as before the chooser. ``home``: the document of the thread's repository or list (a CA's own CP/CPS repository's titles are the policies': no index_title there);
    ``named``: where the text names policy documents. An RFC's number becomes the section, the number its
    item; a number the RFC link holds is that link's citation (dropped: the link cites it)."""
    weights = table.chooser["weights"]
    votes: dict[str, list[tuple[float, str]]] = {}

    def vote(signal: str, doc: str | None) -> None:
        if doc:
            votes.setdefault(doc, []).append((weights[signal], signal))

    steps = c.document if c.document and c.doc_source != "thread" else None
    vote("steps_far" if c.doc_source in _FAR_SOURCES else "steps", steps)
    if c.rule != _DASH_LIST:  # (an issue list's line is the thread's document's)
        linked = rfc.link(c)
        vote("rfc_link", f"RFC {linked.section}" if linked is not None else None)
        if c.rfc_owner is not None:
            vote("rfc_owner", (lambda n: f"RFC {n}" if n else None)(rfc.owner(c)))
        else:
            vote("rfc_sentence", (lambda n: f"RFC {n}" if n else None)(rfc.in_sentence(c, sent)))
            vote("rfc_near", (lambda n: f"RFC {n}" if n else None)(rfc.before(c, text, sent, named)))
            if steps is None and home and c.section and home in load_index()["documents"] \
                    and c.section in section_numbers(home):
                vote("home", home)  # the thread's repository or list's document has it ("3.2.2.4.10" in servercert)
            if steps and c.section and not _has_section(steps, c.section):
                vote("absent", steps)  # the document read around it never had the number
        own = table.chooser["own_copy_before"].search(text, max(0, c.start - 40), c.start)
        if own and not (own.group(0)[:1] in "oO" and home is not None and home in table.context_documents
                        and c.section and _has_section(home, c.section)):
            # (in a policy's own list or repository "our section 7.1.2.3" is the group's document: the home's)
            vote("own_copy", table.chooser["own_copy_document"])
        smime = table.chooser["smime_document"]  # a message naming the TLS and the S/MIME BRs, about S/MIME fields
        if c.doc_source in _FAR_SOURCES and steps != smime and cues.names(named, smime) and cues.smime_words():
            vote("smime_words", smime)
        par = text.rfind("\n\n", max(0, c.start - 400), c.start)  # the paragraph before the number (400 at most)
        if table.chooser["copy_requirement_before"].search(text, max(0, c.start - 60), c.start) \
                and table.chooser["copy_requirement_subject"].search(text, par + 1 if par >= 0 else max(0, c.start - 400),
                                                                    c.start):
            vote("copy_requirement", table.chooser["own_copy_document"])  # "… CP/CPS MUST … SHOULD be made in 1.1"
        if _own_home(home, table) and table.new_section_before.search(text, max(0, c.start - 40), c.start) \
                and table.chooser["own_new_section_proposal"].search(text, max(sent[0], c.start - 200), c.start):
            # "we should … add a 4.3.1.1 documenting issuance" in a CA's own CP/CPS repository: a section the writer
            # proposes anew there is the CA's own document's (a CA adds no section to a policy it names elsewhere);
            # "They add 4.3.1.2", "New section 4.3.1.2 says CAs SHOULD lint" report the policy's
            vote("own_new_section", table.chooser["own_copy_document"])
        subject = cues.subject_end(sent[0])  # "The CP/CPS provided … in Section 1.5.2"
        if subject is not None and subject <= c.start and not _named_between(named, sent[0], c.start):
            vote("subject_copy", table.chooser["own_copy_document"])
        if c.section and c.rfc_owner is None and not _own_home(home, table) \
                and (c.section in section_numbers(steps) if steps else
                     _TITLE_SET_OFF.match(text, c.end) and (home is None or home in load_index()["documents"])):
            # the document read around it has the number under another title; or nothing around it names one (the
            # thread would guess) and the writer names the section by its title, quoted or in parentheses
            # ('section 5.3 "Intermediate Certificates"' on a list of many documents is the MRSP's; not a pasted
            # heading line, which any copy of the text has, nor where the thread's home is a document the index
            # lacks); a CA's CP/CPS copies the policies' titles; an index that lacks a document's titles says
            # nothing of it
            titled = _titled_documents(c.section, _QUOTED_TITLE.split(text[c.end:c.end + 120].lstrip(" \t\"“‘'(:-–"), 1)[0])
            vote("index_title", titled[0] if len(titled) == 1 and titled[0] != steps else None)
    if c.rfc_owner is not None and not any(d.startswith("RFC ") for d in votes):
        c.doc_source = _OTHER_DOCUMENT  # "section 6 of the RFC" where the text cites no RFC: another document's
        return
    if not votes:
        return
    best = max(votes, key=lambda d: (sum(w for w, _ in votes[d]), d == steps))
    signal = max(votes[best])[1]
    if best == steps or signal == "home":  # (the home wins where the steps read none: the thread decides, as ever)
        return
    if best.startswith("RFC "):
        linked = rfc.link(c)
        if signal == "rfc_link" and linked is not None and str(linked.item) == c.section:
            c.doc_source = _OTHER_DOCUMENT  # "[Section 6](…/rfc3647#section-6)": the link's own citation
            return
        c.document, c.section, c.item = "RFC", best[4:], c.section
    else:
        c.document = best
    c.doc_source = signal


@dataclass(frozen=True)
class _Around:
    """What one number's document may be read from (``_decide_documents``): the number, the text's citations, the
    anchor it stands in,
    the documents named (position, code) and mentioned in the text that may speak for it, the most named ones, its
    sentence and paragraph, the file a review comment is about, the quoted document, the quoting message's most named."""

    number: CitationMatch
    cited: _CitedBefore
    cited_explicit: _CitedBefore  # ``cited`` of the text's citations that name their document (no RFC's)
    linked: CitationMatch | None
    named: list[tuple[int, str]]
    near_named: list[tuple[int, str]]  # ``named`` and where the text names a document that is no policy
    mentions: list[tuple[int, str]]
    in_text: list[tuple[int, str]]
    sent: tuple[int, int]
    para: tuple[int, int]
    about_doc: str | None
    context_document: str | None
    outer: list[tuple[int, str]]
    rfc_items: dict[str, list[tuple[int, str]]]  # the text's RFC sections: section -> (position, RFC number)
    named_or_amended: list[tuple[int, str]]  # ``named`` and where the text names a document that is no policy as
    # the one a motion amends ("This ballot modifies the CAB Forum Bylaws.\n\nIn Section 2.3(c), replace …")
    changed: list[tuple[int, str]]  # where the text names the policy it says it changes ("proposed changes to the MRSP")
    topic: str | None  # the document the thread's subject names that the text names most (``_topic_of``)
    local_named: list[tuple[int, str]]  # ``near_named`` and the documents named as the owner of a part cited with them
    # ("Appendix F of the EV Guidelines"): those decide only the numbers of their own sentence and paragraph
    intro: int | None = None  # where the paragraph starts that introduces the pasted passage the number's paragraph
    # opens ('Section 2.3 of the Bylaws … This section states:' before '"(c) As described in Section 2.2(d), …"')


@dataclass(frozen=True)
class _DocumentStep:
    """One place a number's document is read from, in ``_DOCUMENT_STEPS`` order: the first that gives one decides
    (``source`` is the evidence kept on the citation). ``reads_later``: it may give a document the message names only
    after the number (or the quoting message's), so it is skipped in a CA's own CP/CPS repository."""

    name: str
    source: str
    read: Callable[[_Around], str | None]
    reads_later: bool = False


def _changed_policy(a: _Around) -> str | None:
    """The policy the text says it changes, named nearest before the number: said in an earlier paragraph, it gives
    way to a document the number's own paragraph names before it ('I want to update the EV Guidelines.\n\nThe CCADB
    Policy says more. Section 5.2 ...': the CCADB Policy's, the paragraph step's)."""
    i = bisect.bisect_left(a.changed, (a.number.start, "")) - 1
    if i < 0 or (a.changed[i][0] < a.para[0] and _nearest_before(a.near_named, a.number.start, a.para[0])):
        return None
    return a.changed[i][1]


_CHANGED = "changed_document"  # the doc_source of a bare number read as a section of the policy the text changes
_RFC_SECTION = "rfc_section_before"  # the doc_source of a bare number the text cited before as an RFC's section
_EXPLICIT_BEFORE = "explicit_before"  # the doc_source of a bare number the text cited before with its document
_SUBJECT_TOPIC = "subject_topic"  # the doc_source of a bare number read as a section of the message's topic
_FAR_SOURCES = ("message", _SUBJECT_TOPIC)  # steps that read the message at large, not the number's sentence or paragraph


def _topic_of(topic: tuple[str, ...], most: list[tuple[int, str]]) -> str | None:
    """Of the documents the thread's subject names (``topic``), the first the text names most often (``most``: the
    mentions of those; a ballot "… in Baseline Requirements" whose text names the BR four times and, in passing,
    "then update the EV Guidelines"): the message's topic."""
    codes = {code for _, code in most}
    return next((code for code in topic if code in codes), None)


def _names_its_document(c: CitationMatch) -> bool:
    """A citation whose document its own words name: with the number ("Section 6.2 of the CCADB Policy"), or by the
    title after it that one indexed document gives the number (``index_title``); no RFC's."""
    return c.document != "RFC" and c.doc_source in ("explicit", "index_title")


def _rfc_cited_before(rfc_items: dict[str, list[tuple[int, str]]], c: CitationMatch) -> str | None:
    """The RFC whose section ``c``'s number the text cited last before it ("RFC 5280, section 4.2.1.9"), if any
    (``rfc_items``: by section, in position order; found by bisection, not by reading every RFC section)."""
    cited = rfc_items.get(c.section or "", [])
    i = bisect.bisect_left(cited, (c.start, "")) - 1
    return cited[i][1] if i >= 0 else None


def _cited_before(a: _Around) -> str | None:
    """A back-reference ("see 4.9 above", "section 4.9.1.1 above"): the document of the same number cited last
    before it in the text."""
    return a.cited.last(a.number.section, a.number.start) if a.number.back_reference else None


class _CitedBefore:
    """The document of the same number as a given one cited last before a place (of the given citations with a
    document), asked in the places' order: in a text by start (``_decide_documents`` decides its numbers by their
    start), in a thread by (message, start) (``resolve_context`` walks its citations in message order). Every
    citation before the place asked has its document by then, and each is read once, as the asking passes it (was a
    scan of all of them per back-reference: quadratic on a text, or a thread, of many "see 4.9 above")."""

    def __init__(self, cited: list, place: Callable = lambda c: c.start, counts: Callable = lambda c: True):
        self._place = place
        self._counts = counts  # asked of each citation as the asking passes it (its document decided by then)
        self._order = sorted(cited, key=place)  # stable: of citations at one place, the first listed
        self._next = 0
        self._last: dict[str | None, tuple] = {}  # section -> (place, document) of its last citation passed

    def last(self, section: str | None, before) -> str | None:
        order, last, place = self._order, self._last, self._place
        while self._next < len(order) and place(order[self._next]) < before:
            c = order[self._next]
            self._next += 1
            if c.document and self._counts(c) and (c.section not in last or place(c) > last[c.section][0]):
                last[c.section] = (place(c), c.document)
        found = last.get(section)
        return found[1] if found else None


_DOCUMENT_STEPS = (
    _DocumentStep("the same number cited earlier in the text ('see 4.9 above')", _BACK_REFERENCE, _cited_before),
    _DocumentStep("the link the number stands in", "link", lambda a: a.linked.document if a.linked else None),
    _DocumentStep("named nearest before it in its sentence (a document that is no policy drops it)", "sentence",
                  lambda a: _nearest_before(a.local_named, a.number.start, a.sent[0])),
    _DocumentStep("mentioned nearest it in its sentence", "sentence", lambda a: _nearest(a.mentions, a.number.start, *a.sent)),
    _DocumentStep("the same number cited before in the text with its document ('Section 6.2 of the CCADB Policy … still "
                  "in violation of Section 6.2'), when its sentence names none",
                  _EXPLICIT_BEFORE, lambda a: a.cited_explicit.last(a.number.section, a.number.start)),
    _DocumentStep("cited before in the text as an RFC's section ('RFC 5280, section 4.2.1.9 … section 4.2.1.9')",
                  _RFC_SECTION, lambda a: "RFC" if _rfc_cited_before(a.rfc_items, a.number) else None),
    _DocumentStep("the policy the text says it changes, named before it ('proposed changes to version 2.9 of the MRSP: "
                  "- Section 3.2 ...'), in its paragraph or in one before when its paragraph names none before it",
                  _CHANGED, _changed_policy),
    _DocumentStep("named nearest before it in its paragraph (a document that is no policy drops it)", "paragraph",
                  lambda a: _nearest_before(a.local_named, a.number.start, a.para[0])),
    _DocumentStep("named nearest before it in the paragraph that introduces the pasted passage its paragraph opens "
                  "('Section 2.3 of the Bylaws … This section states:' then '\"(c) As described in Section 2.2(d), …\"'; "
                  "a document that is no policy drops it)", "paragraph",
                  lambda a: _nearest_before(a.local_named, a.number.start, a.intro) if a.intro is not None else None),
    _DocumentStep("the file a review comment is about", "file", lambda a: a.about_doc),
    _DocumentStep("the quoted document", "quote_document", lambda a: a.context_document),
    _DocumentStep("the thread's subject's document, when the text names it most (the message's topic)", _SUBJECT_TOPIC,
                  lambda a: a.topic, reads_later=True),
    _DocumentStep("named nearest before it in the text (a document that is no policy, named as the one a motion "
                  "amends, drops it)", "message", lambda a: _nearest_before(a.named_or_amended, a.number.start)),
    _DocumentStep("the text's most named, nearest it", "message", lambda a: _nearest(a.in_text, a.number.start),
                  reads_later=True),
    _DocumentStep("the quoting message's most named", "message", lambda a: _nearest(a.outer, 0), reads_later=True),
)


_CONTEXT_SOURCES = ("sentence", "paragraph", "message", _SUBJECT_TOPIC)  # the document was read from the words around the number


def _outside(mentions: list[tuple[int, str]], ranges: RangeSet) -> list[tuple[int, str]]:
    """The mentions (position, code) that are not inside ``ranges``."""
    return [pc for pc in mentions if not ranges.contains(pc[0])]


def _nearest_having(named: list[tuple[int, str]], c: CitationMatch) -> str | None:
    """Of the documents ``named`` (position, code), the nearest to ``c`` that ever had its section."""
    near = sorted(named, key=lambda pc: (abs(pc[0] - c.start), -pc[0]))
    return next((code for _, code in near if code != c.document and _has_section(code, c.section or "")), None)


_REVIEW_ORIGIN = "github-review"  # the parse's origin of a review's posts and turns (github-review-thread, -turn)
_REVIEW_WALK = 400  # lines looked back for a review's file


def review_file(thread: Thread, msg: Message, table: CitationTable | None = None) -> str | None:
    """The file a GitHub review comment is about: the file line ("docs/BR.md:1259", "SBR.md") above it in its
    review block, kept in a turn's text or made a header by the parse; None for other messages. The look back
    stops at the header of a post that is not part of a review."""
    if not msg.origin.startswith(_REVIEW_ORIGIN) or not msg.lines or not thread.lines:
        return None
    table = table or get_table()
    first = min(t.index for t in msg.lines)
    stops = {m.header_lines[0] for m in thread.messages
             if m.header_lines and not m.origin.startswith(_REVIEW_ORIGIN)}
    for k in range(min(first, len(thread.lines) - 1), max(-1, first - _REVIEW_WALK), -1):
        if k in stops:
            return None
        line = thread.lines[k]
        if table.review_file_line.fullmatch(line) and any(rx.regex.search(line) for _, rx in table.file_documents):
            return line.strip()
    return None


# --------------------------------------------------------------------------- spaCy component


class CitationTagger:
    """spaCy component (factory ``threadkb_citations``): citations -> ``doc.spans["citations"]``.

    Label = document code ("?" when only the thread can tell), ``Span.id_`` = "BR:4.9.1.1:4",
    ``Span._.citation`` = the CitationMatch (exact character offsets, rule).
    """

    def __init__(self, nlp=None, name: str = "threadkb_citations", *, table: str = PATTERNS_FILE,
                 spans_key: str = SPAN_KEY):
        self.name, self.spans_key = name, spans_key
        self._read(table)

    def initialize(self, get_examples=None, *, nlp=None, table: str | None = None) -> None:
        """Read the pattern table again when ``[initialize.components]`` names another one."""
        if table is not None:
            self._read(table)

    def _read(self, table: str) -> None:
        self.table_name, self.table = table, get_table(table)
        self.cache_name = f"{self.name}:{table}"  # results of another table are other results
        self._rfcs: tuple[object, tuple[dict[str, int], dict[int, int]]] = (None, ({}, {}))  # the last thread's
        # RFCs (where each is first cited) and the order of its messages

    def __call__(self, doc):
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc) -> list[CitationMatch]:  # the review's file, the thread's home, the RFCs its earlier
        about, home, rfcs = self._about(doc), self._home(doc), self._earlier_rfcs(doc)  # messages cite and its
        topic = self._topic(doc)  # subject's documents are part of what the result depends on
        return cached(doc, self.cache_name, (doc_key(doc), about, home, rfcs, topic),
                      lambda: self._match(doc, about, home, rfcs, topic))

    def _earlier_rfcs(self, doc) -> frozenset[str]:
        """The numbers of four digits or more written bare in this text that the messages before this one in its
        thread cite as RFCs ("RFC 6960", then "6960 and 5280 …": {"6960"}): all the result depends on (the cache
        key), in time linear in the text. The thread is read once (the last thread's are kept), not per message."""
        msg, thread = doc.user_data.get("message"), doc.user_data.get("thread")
        if msg is None or thread is None:
            return frozenset()
        if self._rfcs[0] is not thread:
            self._rfcs = (thread, rfcs_before(thread.messages, self.table))
        first, order = self._rfcs[1]
        here = order.get(id(msg))
        if not first or here is None:
            return frozenset()
        return frozenset(n for m in self.table.bare_rfc_number.finditer(doc_text(doc))
                         if len(n := m.group("rfc")) >= 4 and first.get(n, here) < here)

    def _home(self, doc) -> str | None:
        thread = doc.user_data.get("thread")
        return next(iter(thread_homes(thread, self.table)), None) if thread is not None else None

    def _topic(self, doc) -> tuple[str, ...]:
        thread = doc.user_data.get("thread")
        return subject_documents(thread.subject, self.table) if thread is not None else ()

    def _about(self, doc) -> str | None:
        msg, thread = doc.user_data.get("message"), doc.user_data.get("thread")
        if doc.user_data.get("document_quote") is not None or msg is None or thread is None:
            return None
        return review_file(thread, msg, self.table)

    def _match(self, doc, about: str | None, home: str | None, rfcs: frozenset[str] = frozenset(),
               topic: tuple[str, ...] = ()) -> list[CitationMatch]:
        sents = sentence_spans(doc)
        dq = doc.user_data.get("document_quote")
        msg = doc.user_data.get("message")
        return find_citations(doc_text(doc), sents,
                              context_text=msg.text if dq is not None and msg is not None else None,
                              context_document=getattr(dq, "document", None) if dq is not None else None,
                              table=self.table, about=about, home=home, thread_rfcs=rfcs, topic=topic)

    def set_annotations(self, doc, matches: list[CitationMatch]) -> None:
        spans = []
        for c in matches:
            span = doc.char_span(c.start, c.end, label=c.document or "?", alignment_mode="expand")
            if span is None:
                continue
            span.id_ = c.id
            span._.citation = c
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc.user_data["threadkb_citations"] = matches  # spans sharing offsets share Span._ values


# --------------------------------------------------------------------------- collect / resolve


def _quote_span(message, dq) -> SourceSpan:
    return SourceSpan(message.source, dq.lines[0] + 1, max(dq.lines[0] + 1, dq.lines[1]))


def collect(doc) -> list[Citation]:
    """The citations of one Doc as dataclasses (document "" = to be decided by the thread)."""
    msg = doc.user_data.get("message")
    dq = doc.user_data.get("document_quote")
    out = []
    matches = doc.user_data.get("threadkb_citations")
    if matches is None:
        matches = [s._.citation for s in doc.spans.get(SPAN_KEY, []) if s._.citation is not None]
    text = doc_text(doc) if matches else ""  # Doc.text joins every token: once per Doc, not per match
    for c in matches:
        if dq is not None:
            where = _quote_span(msg, dq) if msg is not None else None
        else:
            where = msg.locate(c.start, c.end) if msg is not None and msg.lines else None
        rule = c.rule + (f"+ctx:{c.doc_source}" if c.doc_source not in ("explicit", "", "thread") else "")
        if c.doc_source == "thread" and not c.back_reference:
            rule += "+ctx:thread"
        if c.back_reference and c.doc_source != _BACK_REFERENCE:
            rule += f"+{_BACK_REFERENCE}"  # the thread decides: the same number cited in an earlier message
        if c.ctx_item is not None:
            rule = c.rule
        out.append(Citation(message=msg.key if msg is not None else "", document=c.document or "",
                            section=c.section or "", item=c.item, text=text[c.start:c.end], span=where,
                            start=c.start, end=c.end, in_document_quote=dq is not None, rule=rule))
    return out


def thread_homes(thread: Thread, table: CitationTable) -> list[str]:
    """The thread's home documents, best first: the document of the repository or list it lives in
    (``thread_documents.rows``; one it also holds, ``also``, first when the subject names it), then the one its
    subject's topic implies (``subject_rows``: S/MIME, code signing)."""
    home = [code for code, rx in table.thread_documents if rx.search(thread.list_name or "")][:1]
    also = table.home_also.get(home[0], []) if home and thread.subject else []
    if also:  # servercert holds the EVG too: an EVG thread's subject names it ("… from EV Guidelines")
        home = [code for code in subject_documents(thread.subject, table) if code in also][:1] + home
    return home + [code for code, rx in table.subject_documents if rx.search(thread.subject or "")][:1]


def subject_documents(subject: str | None, table: CitationTable) -> tuple[str, ...]:
    """The context documents a thread's subject names, in order, each once."""
    if not subject:
        return ()
    urls = RangeSet(m.span() for m in table.url.finditer(subject))
    return tuple(dict.fromkeys(code for _, code in _mentions(subject, table, urls)))


def _thread_documents(ex: Extraction, table: CitationTable, default: bool = True) -> list[str]:
    """The documents a bare number of the thread may belong to, best first: the document of the repository or
    list the thread lives in (``thread_documents``), the one its subject's topic implies (S/MIME, code signing),
    those the thread names (most named first; the subject counts), the one its messages' topic implies (a thread
    that names no document: "Code Signing Certificates" in a copy of a code-signing comment), the default document."""
    counts: Counter = Counter()
    first: dict[str, int] = {}
    texts = [ex.thread.subject or ""] + [m.text for m in ex.thread.messages]
    for text in texts:
        for pos, code in _mentions(text, table, RangeSet(m.span() for m in table.url.finditer(text))):
            if table.owner_before.search(text, max(0, pos - 60), pos):
                continue  # "Appendix F of the EV Guidelines": the owner of a part, not a document the thread is about
            counts[code] += 1
            first.setdefault(code, len(first))
    home = thread_homes(ex.thread, table)
    named = sorted(counts, key=lambda code: (-counts[code], first[code]))
    topic = [code for code, rx in table.subject_documents if any(rx.search(t) for t in texts[1:])][:1]
    return list(dict.fromkeys(home + named + topic + ([table.data["default_document"]] if default else [])))


def _policy_home(ex: Extraction, table: CitationTable) -> str | None:
    """The policy "the policy" means in this thread: that of the root program whose list or repository it lives
    in (``thread_documents.policy_rows``), else None."""
    return next((code for code, rx in table.policy_documents if rx.search(ex.thread.list_name or "")), None)


_THREAD_FIT = "+ctx:thread_has_section"


def _follow_heads(citations: list[Citation]) -> None:
    """The later numbers of a list ("7.1.2.7.6, and 4.2.1") keep the document its first number was given by the
    thread for want of the section (they follow it in the message's text order)."""
    head: Citation | None = None
    for c in citations:
        if head is not None and "+chain" in c.rule and c.message == head.message and not c.in_document_quote:
            if _read_from_context(c) and not c.rule.endswith(_THREAD_FIT):
                c.document = head.document
                c.rule += _THREAD_FIT
            continue
        head = c if c.rule.endswith(_THREAD_FIT) else None


def _named_with_document(c: Citation) -> bool:
    """The citation names its policy document with its number ("Section 6.2 of the CCADB Policy"; no RFC's, none
    in a pasted policy quotation, none whose document came from the words around it or the thread)."""
    return bool(c.document) and c.document != "RFC" and bool(c.section) and not c.in_document_quote \
        and "ctx:" not in c.rule and _BACK_REFERENCE not in c.rule.split("+")


def _bare_br_for_smime(ex: Extraction, table: CitationTable) -> None:
    """In a thread that lives in no policy's list or repository (a linter's), says S/MIME (its subject, or a message
    names the S/MIME BR: "SBR.md") and writes the TLS BR nowhere but as a bare "BR"/"BRs", a bare "BR" is the S/MIME
    BR: its citations ("BR 7.1.4.2.2a", or a number whose document "as specified in the BR" gave) are SMIME-BR (rule
    mark "+ctx:thread_smime")."""
    moved = [c for c in ex.citations if c.document == _BR and not c.in_document_quote
             and (_read_from_context(c) or ("ctx:" not in c.rule and table.bare_br.match(c.text)))]
    if not moved:
        return
    if any(rx.search(ex.thread.list_name or "") for _, rx in table.thread_documents):
        return  # a policy's own list or repository: its people tell the BRs apart ("the BRs" in the S/MIME WG's)
    smime = _SMIME_BR in thread_homes(ex.thread, table)  # its subject's topic
    for text in [ex.thread.subject or ""] + [m.text for m in ex.thread.messages]:
        urls = RangeSet(m.span() for m in table.url.finditer(text))
        for pos, code in _mentions(text, table, urls):
            if code == _BR and not table.bare_br.match(text, pos):
                return  # "TLS BR", "Baseline Requirements": the thread names the TLS BR
            smime = smime or code == _SMIME_BR
    if smime:
        for c in moved:
            c.document = _SMIME_BR
            c.rule += "+ctx:thread_smime"


def _read_from_context(c: Citation) -> bool:
    """The citation's document was read from the words of its message around it (not named with the number)."""
    return any(f"ctx:{source}" in c.rule.split("+") for source in _CONTEXT_SOURCES)


def _has_section(document: str, section: str) -> bool:
    """False only when the document is indexed and never had that number."""
    return document not in load_index()["documents"] or section in section_numbers(document)


def _gives_section(d: Citation) -> bool:
    """A citation a "subsection N" may take its section from (an RFC's numbers are no section of a policy)."""
    return bool(d.section) and d.document != "RFC"


class _Walk:
    """What ``resolve_context``'s walk over a thread's citations has decided so far, read by the numbers that look
    back ("see 4.9 above", "subsection 2") in O(log n) each (was a scan of the thread's citations per number:
    quadratic on a message of thousands of them).

    The walk goes in message order, each message's own text by position, then its document quotes (the order
    ``extract`` collects them in; ``order`` sorts any other list so). Each step changes only the citation it is at,
    so a citation walked keeps its document and section to the end of the walk, and one not walked yet has those
    ``collect`` gave it."""

    def __init__(self, ex: Extraction, table: CitationTable):
        self.ex, self.table = ex, table
        self.message_order = {m.key: i for i, m in enumerate(ex.thread.messages)}
        self.texts = {m.key: m.text for m in ex.thread.messages}  # the messages' own texts, by key
        self.cited = _CitedBefore(ex.citations, lambda d: (self.message_order.get(d.message, 0), d.start))
        self.cited_explicit = _CitedBefore([d for d in ex.citations if _named_with_document(d)],
                                           lambda d: (self.message_order.get(d.message, 0), d.start))
        self.at = 0  # the walk's position in ex.citations
        self.own: dict[str, tuple[list[int], list[Citation]]] = {}  # message -> its own text's walked section givers
        self.first: Citation | None = None  # the first (message, start) of the walked section givers
        self.ahead: list[Citation | None] | None = None  # [i]: the first of the section givers not walked from i on
        self.subject: list[tuple[str, str]] | None = None
        self._documents: list[str] | None = None

    def documents(self) -> list[str]:
        """The thread's documents, best first (``_thread_documents``), read once per walk: they depend on the thread's
        texts only (were read again for every "subsection N" under a subject whose number names no document:
        a pass over the thread's texts each, quadratic in a thread of many such)."""
        if self._documents is None:
            self._documents = _thread_documents(self.ex, self.table)
        return self._documents

    @staticmethod
    def order(ex: Extraction) -> None:
        """Sort ``ex.citations`` into the walk's order (stable: a no-op on ``extract``'s lists)."""
        order = {m.key: i for i, m in enumerate(ex.thread.messages)}
        ex.citations.sort(key=lambda d: (order.get(d.message, 0), d.in_document_quote,
                                         0 if d.in_document_quote else d.start))

    def place(self, d: Citation) -> tuple[int, int]:
        return self.message_order.get(d.message, 0), d.start

    def walked(self, d: Citation) -> None:
        """The walk is past ``d`` (the next citation in ``ex.citations``)."""
        self.at += 1
        if not _gives_section(d):
            return
        if not d.in_document_quote:
            starts, own = self.own.setdefault(d.message, ([], []))
            starts.append(d.start)
            own.append(d)
        if self.first is None or self.place(d) < self.place(self.first):
            self.first = d

    def context_section(self, c: Citation, own_sentence: bool = False,
                        own_text: bool = False) -> tuple[str, str] | None:
        """The section a "subsection N" refers to: the last before it in its message's own text, else the thread's
        subject's first, else the thread's first (by message and position). ``own_sentence`` ("an item 5"): only
        the last before it in its own sentence ("… item 5.1 in Section 2.1 of MRSP and just have an item 5"; not
        "Section 4.9.1.1 applies. We added a new item 7 to the agenda"). ``own_text`` ("Change item 2"): only the last
        before it in its message's own text."""
        starts, own = self.own.get(c.message, ([], []))
        i = bisect.bisect_left(starts, c.start)  # the own text's citations later in the walk start at c or after
        if own_sentence:
            text = self.texts.get(c.message, "") if not c.in_document_quote else ""
            if not i or not text or self.table.sentence_break.search(text, own[i - 1].end, c.start):
                return None
        if i and own_text:  # a section the same paragraph cited, one a short line of its own holds (a heading), or
            # the one an edited item before it took
            text, prev = self.texts.get(c.message, ""), own[i - 1]
            start, end = text.rfind("\n", 0, prev.start) + 1, text.find("\n", prev.end)
            line = text[start:end if end >= 0 else len(text)].strip(" \t>#*_-")
            if "\n\n" not in text[prev.end:c.start] or (len(line) <= 60 and not line.endswith((".", "?", "!"))) \
                    or prev.rule.split("+")[0] == _EDITED_ITEM:  # (an edited item before it: the same heading's)
                return prev.document, prev.section
            return None
        if i:
            return own[i - 1].document, own[i - 1].section
        if own_text:
            return None
        if self.ex.thread.subject:
            if self.subject is None:
                self.subject = [(d.document or "", d.section) for d in find_citations(self.ex.thread.subject,
                                                                                     table=self.table)
                                if d.section and d.document != "RFC"]
            if self.subject:
                doc, section = self.subject[0]
                return doc or self.documents()[0], section
        later = self._first_ahead()
        best = self.first
        if later is not None and (best is None or self.place(later) < self.place(best)):
            best = later  # at one place, the walked one (earlier in the list) wins
        return (best.document, best.section) if best is not None else None

    def _first_ahead(self) -> Citation | None:
        if self.ahead is None:  # made once, when first asked: the citations after the walk are as collected
            cs = self.ex.citations
            ahead: list[Citation | None] = [None] * (len(cs) + 1)
            for i in range(len(cs) - 1, self.at - 1, -1):
                d, best = cs[i], ahead[i + 1]
                ahead[i] = d if _gives_section(d) and (best is None or self.place(d) <= self.place(best)) else best
            self.ahead = ahead
        return self.ahead[self.at + 1]

    def explicit_before(self, c: Citation) -> str | None:
        """The document of the same number cited with its document in an earlier message of the thread ("Section
        6.2 of the CCADB Policy" in the report, "Section 6.2" bare in a reply), if any: the walk asks in its order."""
        return self.cited_explicit.last(c.section, (self.message_order.get(c.message, 0),))

    def back_reference(self, c: Citation) -> bool:
        """A back-reference no earlier number of its message decides ("see 4.9 above"): the document of the same
        number cited last in an earlier message of the thread (before any document its own message names); without
        one, a number of one or two levels is the message's own numbering (it keeps no document: dropped) and a
        longer one keeps what its message gave it, else the thread decides as for any bare number (False)."""
        document = self.cited.last(c.section, (self.message_order.get(c.message, 0),))
        if document:
            c.document = document
            c.rule += f"+ctx:{_BACK_REFERENCE}"
            return True
        return not c.document and c.section.count(".") < 2


def _thread_document_of(c: Citation, candidates: list[str], only: frozenset[str] | None, day=None) -> str:
    """The first of the thread's documents that has the section in any version or in the edition in force on the
    message's day ``day`` (a 2014 mail's "9.2.5" is the BR's legacy number, not the EVG's) (and is the row's only
    document, "Item 1.12" -> NSR), else the one indexed document that has it ("Appendix H" -> EVG), else the
    thread's first."""
    allowed = [d for d in candidates if only is None or d in only]
    fits = [d for d in allowed if _fits_on_day(d, c.section, day)]
    if fits:
        return fits[0]
    having = [d for d in indexed_documents() if c.section in section_numbers(d) and (only is None or d in only)]
    return having[0] if len(having) == 1 else candidates[0]


def _fits_on_day(document: str, section: str, day) -> bool:
    """``document`` may own a bare ``section`` written on ``day``: it had the number in some version, or in the
    edition in force that day (the BR's pre-2015 numbering has subsections its legacy map does not list: "9.2.5" in
    a 2014 mail, under 9.2). A document that has the number only later (a draft discussed before it takes effect)
    or only earlier (a renumbered section keeps its old number in writers' mouths) still fits."""
    return _has_section(document, section) or bool(had_section(document, section, day))


_GUESSED_SOURCES = ("link", "message", _SUBJECT_TOPIC, "thread")  # documents named neither with the number nor in its sentence


def _guessed_document(c: Citation) -> bool:
    """The citation's document was named neither with its number nor in its sentence or paragraph: it came from
    the message at large, the thread, or a link's anchor the index matched by title ("](#71422-subject-...)")."""
    return c.rule == "relative_anchor" or any(f"ctx:{s}" in c.rule.split("+") for s in _GUESSED_SOURCES)


def _home_in_force(ex: Extraction, c: Citation, res, m: Message | None, table: CitationTable):
    """A guessed document that has no such section on the message's day ("7.1.4.2.2 (a)" read as the BR's in 2023,
    when the BR numbers its profiles 7.1.2.x) gives way to the thread's home document (its repository or list,
    then its subject's topic: ``thread_documents``) when that one is not indexed or has the section that day."""
    for doc in dict.fromkeys(thread_homes(ex.thread, table)):
        if doc == c.document:
            continue
        other = resolve(doc, c.section, c.item, m.date if m is not None else None)
        if "unknown_section" not in other.flags:
            c.document = doc
            c.rule += "+ctx:home_in_force"
            return other
    return res


def resolve_context(ex: Extraction, table: CitationTable | None = None) -> None:
    """Give contextless citations the thread's document, resolve each at its message date, deduplicate.
    ``table``: the pattern table the citations were found with (the pipeline's citation component's; default
    the shipped one), whose thread rows, default document and only-documents decide."""
    table = table or get_table()
    named: list[str] | None = None  # the thread's home and the documents it names, without the default
    only = table.only_documents
    _Walk.order(ex)
    walk = _Walk(ex, table)
    homes = thread_homes(ex.thread, table)
    dates = {m.key: m.date for m in ex.thread.messages}
    for c in ex.citations:
        if not c.section and c.item is not None:  # "subsection 2"
            ctx = walk.context_section(c, own_sentence=c.rule == _ARTICLE_ITEM, own_text=c.rule == _EDITED_ITEM)
            if ctx:
                c.document, c.section = ctx
                c.rule += "+ctx:section"
        elif not c.document and f"+ctx:{_HOME_POLICY}" in c.rule and (home := _policy_home(ex, table)):
            c.document = home  # "section 5.2 of the policy" on Mozilla's list: the MRSP
        elif _BACK_REFERENCE in c.rule.split("+") and walk.back_reference(c):
            pass
        elif not c.document and (earlier := walk.explicit_before(c)) and table.allows(c.rule, earlier, c.section) \
                and not (homes and _has_section(homes[0], c.section)):  # (a home that has it decides: its own)
            c.document = earlier  # "Section 6.2 of the CCADB Policy" in an earlier message, "Section 6.2" here
            c.rule += f"+ctx:{_EXPLICIT_BEFORE}"
        elif not c.document and c.rule.split("+")[0] in table.context_only_rows:  # "in 9.12": the thread's
            named = named if named is not None else _thread_documents(ex, table, default=False)  # own documents only
            c.document = next((d for d in named if table.allows(c.rule, d, c.section)), "")
            c.rule += "+ctx:thread"
        elif not c.document:
            day = dates[c.message] if c.message in dates else None
            c.document = _thread_document_of(c, walk.documents(), only.get(c.rule.split("+")[0]), day)
            if not c.rule.endswith("+ctx:thread"):
                c.rule += "+ctx:thread"
        elif _read_from_context(c) and "+chain" not in c.rule and not _has_section(c.document, c.section):
            fit = next((d for d in walk.documents() if d != c.document and _has_section(d, c.section)), None)
            if fit:  # "Section 3.2.2.5" where the message names only the MRSP: the thread's document that has it
                c.document = fit
                c.rule += _THREAD_FIT
        walk.walked(c)
    _follow_heads(ex.citations)
    _bare_br_for_smime(ex, table)
    messages = {m.key: m for m in ex.thread.messages}
    seen: dict[tuple, Citation] = {}
    for c in ex.citations:
        if not c.section or not c.document or not table.allows(c.rule, c.document, c.section):
            continue
        m = messages.get(c.message)
        res = resolve(c.document, c.section, c.item, m.date if m is not None else None)
        if "unknown_section" in res.flags and _guessed_document(c):
            res = _home_in_force(ex, c, res, m, table)
        key = (c.message, c.document, c.section, str(c.item) if c.item is not None else None)
        if key in seen:
            continue
        c.title, c.version, c.item_text = res.title, res.version, res.item_text
        c.flags = [f for f in res.flags if f != "not_indexed"]
        seen[key] = c
    ex.citations[:] = list(seen.values())
