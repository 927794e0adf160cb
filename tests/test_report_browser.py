"""The review report in a real browser: Debian's headless Chromium driven by Playwright (no browser download).

Skipped, with the reason, when /usr/bin/chromium or the playwright package is missing
(``.ci/install-browser.sh`` installs both). Each page is loaded from a file:// URL while the test records
every dialog, console message, page error and request: a report must make no request but itself and
run no script, even for tests/fixtures/hostile_thread.txt. Screenshots go to output/.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_report import AS_OF, ROOT, hostile_extraction, reference_extraction
from threadkb.report import render_html

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
SECTIONS = {"summary": "Summary", "disputes": "Disputes", "commitments": "Commitments & admissions",
            "sections": "Cited sections", "participants": "Participants", "timeline": "Timeline",
            "speakers": "Claims by speaker", "messages": "Messages"}
FIRST_SCREEN = {"width": 1400, "height": 900}

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (.ci/install-browser.sh)")
if not Path(CHROMIUM).exists():
    pytest.skip("no chromium at /usr/bin/chromium (.ci/install-browser.sh installs Debian's)", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Watched:
    """A page that records what a report must never cause."""

    def __init__(self, browser, javascript: bool = True, viewport: dict | None = None) -> None:
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900},
                                           java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.console: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.context.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def in_view(self, selector: str) -> bool:
        return self.page.eval_on_selector(
            selector, "e => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; }")


def write_page(tmp_path: Path, name: str, ex) -> Path:
    path = tmp_path / name
    path.write_text(render_html(ex, AS_OF), encoding="utf-8")
    return path


def test_sections_render_and_claim_link_scrolls_to_its_message(browser, tmp_path):
    path = write_page(tmp_path, "reference.report.html", reference_extraction())
    w = Watched(browser)
    w.open(path)
    for sid, title in SECTIONS.items():
        heading = w.page.locator(f"#{sid} > h2")
        assert heading.is_visible() and heading.inner_text() == title
    w.page.locator("#speakers details").first.locator("summary").click()  # claims by speaker are folded
    assert w.page.locator("#timeline tbody tr").count() == 8
    assert w.page.locator("#disputes article.dispute:not(.answered)").count() == 5
    assert w.page.locator("#disputes article.dispute.answered").count() == 2  # the Answered list
    assert w.page.locator("#messages article.message").count() == 8
    (output := ROOT / "output").mkdir(exist_ok=True)
    w.page.screenshot(path=str(output / "report-test-reference.png"))

    assert not w.in_view("#msg-alvin-10-08")
    w.page.locator('#commitments a.claim-link[href="#claim-A6"]').click()
    w.page.wait_for_function("location.hash === '#claim-A6'")
    assert w.in_view("#claim-A6") and w.in_view("#msg-alvin-10-08")
    assert w.page.eval_on_selector("#claim-A6", "e => e.closest('article').id") == "msg-alvin-10-08"
    assert (w.dialogs, w.errors, [c for c in w.console if c.startswith("error")]) == ([], [], [])
    assert w.requests == [path.as_uri()]
    w.context.close()


def test_report_reads_without_javascript(browser, tmp_path):
    path = write_page(tmp_path, "reference.report.html", reference_extraction())
    w = Watched(browser, javascript=False)
    w.open(path)
    assert w.page.locator("section > h2").all_inner_texts() == list(SECTIONS.values())
    w.page.locator("#speakers details").first.locator("summary").click()  # opens without a script
    w.page.locator('#speakers a.claim-link[href="#claim-M4"]').click()
    assert w.in_view("#msg-matt-10-08")
    w.context.close()


def test_hostile_thread_runs_no_script_and_makes_no_request(browser, tmp_path):
    path = write_page(tmp_path, "hostile_thread.report.html", hostile_extraction())
    w = Watched(browser)
    w.open(path)
    w.page.mouse.move(400, 300)
    for link in w.page.locator("a.claim-link").all()[:3]:
        link.click(timeout=5000)
    found = w.page.evaluate("""() => ({
        active: document.querySelectorAll('script, img, iframe, svg, object, embed, link, textarea, b, i').length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
        js_links: document.querySelectorAll('a[href^="javascript" i]').length,
        text: document.body.innerText,
        display: getComputedStyle(document.body).display })""")
    assert (found["active"], found["handlers"], found["js_links"], found["display"]) == (0, 0, 0, "block")
    assert "<script>alert(5)</script> Eve" in found["text"] and "<svg onload=alert(12)>" in found["text"]
    assert w.dialogs == [] and w.errors == []
    assert [c for c in w.console if c.startswith("error")] == []
    assert w.requests == [path.as_uri()]
    w.page.screenshot(path=str(ROOT / "output" / "report-test-hostile.png"), full_page=True)
    w.context.close()


def test_first_screen_holds_the_summary(browser, tmp_path):
    """At 1400 x 900 without JavaScript the summary is the first section and ends inside the first screen;
    the page has no script and keeps its Content-Security-Policy."""
    path = write_page(tmp_path, "reference.report.html", reference_extraction())
    w = Watched(browser, javascript=False, viewport=FIRST_SCREEN)
    w.open(path)
    box = w.page.locator("#summary").bounding_box()
    assert box["y"] < 200 and box["y"] + box["height"] <= FIRST_SCREEN["height"]
    assert w.page.locator("main > section").first.get_attribute("id") == "summary"
    assert w.page.locator("#summary h3").all_inner_texts() == [
        "Points in dispute (5)", "Admissions (1)", "Unanswered questions and requests (2)", "Commitments (4)",
        "Policy sections at issue"]
    assert w.page.locator("script").count() == 0
    csp = w.page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert csp == "default-src 'none'; style-src 'unsafe-inline'"
    (output := ROOT / "output").mkdir(exist_ok=True)
    w.page.screenshot(path=str(output / "report-test-first-screen.png"))
    assert w.requests == [path.as_uri()]
    w.context.close()


def summary_bottom(browser, tmp_path, ex, name: str) -> float:
    """Where the summary of ``ex``'s report ends at 1400 x 900 (screenshot: output/report-test-<name>-first-screen.png)."""
    w = Watched(browser, javascript=False, viewport=FIRST_SCREEN)
    w.open(write_page(tmp_path, f"{name}.report.html", ex))
    box = w.page.locator("#summary").bounding_box()
    (ROOT / "output").mkdir(exist_ok=True)
    w.page.screenshot(path=str(ROOT / "output" / f"report-test-{name}-first-screen.png"))
    w.context.close()
    return box["y"] + box["height"]


def test_first_screen_of_the_whole_pipeline_report(browser, tmp_path):
    """The same on the report the whole pipeline writes for the reference thread."""
    from threadkb.pipeline import extract_paths

    (ex,) = extract_paths([str(ROOT / "corpora" / "mdsp-2025-10-sheca-api-keys.txt")])
    assert summary_bottom(browser, tmp_path, ex, "pipeline") <= FIRST_SCREEN["height"]


def test_first_screen_holds_a_crowded_summary(browser, tmp_path):
    """The caps hold: a long subject, many long disputed claims, commitments and questions still leave the
    whole summary on the first screen."""
    import copy

    from threadkb.models import ClaimKind, Relation, RelationKind

    ex = reference_extraction()
    ex.thread.subject = "Re: " + " ".join(["Incident report: delayed revocation of certificates"] * 4)
    long = " ".join(["because the requirements of the Baseline Requirements section 4.9.1.1 apply here"] * 5)
    for c in ex.claims:
        c.text = c.text + " " + long
    extra = []
    for i, c in enumerate(list(ex.claims)[:8]):
        for kind in (ClaimKind.COMMITMENT, ClaimKind.QUESTION, ClaimKind.ADMISSION):
            d = copy.deepcopy(c)
            d.id, d.kind = f"{c.id}-{kind.value}-{i}", kind
            extra.append(d)
    ex.claims += extra
    ids = [c.id for c in ex.claims]
    ex.relations += [Relation(a, b, RelationKind.REBUTS, ["stance: negation «not»", "same citation: BR:4.9.1.1:4"], 3.0)
                     for a, b in zip(ids[1:12], ids[:11], strict=True)]
    assert summary_bottom(browser, tmp_path, ex, "crowded") <= FIRST_SCREEN["height"]
