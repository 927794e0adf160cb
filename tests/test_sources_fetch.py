"""`threadkb fetch` against a local HTTP server on 127.0.0.1 (no network): recorded responses in the shapes
of the Bugzilla and GitHub REST APIs and a pipermail archive, with 404, 429 + Retry-After, 500, truncated
bodies, invalid JSON, interruption and conditional reruns. No timing is asserted."""
from __future__ import annotations

import copy
import gzip
import hashlib
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from threadkb import fetch as fetch_mod
from threadkb.cli import main
from threadkb.ingest import ingest
from threadkb.parse import parse

FIX = Path(__file__).parent / "fixtures"
COMMENTS = json.loads((FIX / "api" / "bugzilla" / "bug-1900001.comments.json").read_text())["bugs"]["1900001"]["comments"]
BUG = json.loads((FIX / "api" / "bugzilla" / "bug-1900001.json").read_text())["bugs"][0]
HISTORY = json.loads((FIX / "api" / "bugzilla" / "bug-1900001.history.json").read_text())["bugs"][0]["history"]
ISSUE = json.loads((FIX / "api" / "github" / "77.issue.json").read_text())
GH_COMMENTS = (json.loads((FIX / "api" / "github" / "77.comments.json").read_text())
               + json.loads((FIX / "api" / "github" / "77.comments-p2.json").read_text()))
MONTH = (FIX / "mailman" / "2025-October.txt").read_bytes()


def bug_docs(bug_id: int) -> dict[str, object]:
    """The three responses of one bug (fixture bug 1900001 renumbered)."""
    bug = dict(copy.deepcopy(BUG), id=bug_id, summary=f"ExampleSign: incident {bug_id}")
    comments = [dict(c, bug_id=bug_id) for c in copy.deepcopy(COMMENTS)]
    return {f"/rest/bug/{bug_id}": {"bugs": [bug], "faults": []},
            f"/rest/bug/{bug_id}/comment": {"bugs": {str(bug_id): {"comments": comments}}, "comments": {}},
            f"/rest/bug/{bug_id}/history": {"bugs": [{"id": bug_id, "history": HISTORY, "alias": None}]}}


class Site:
    """What the server serves: path -> JSON or bytes; faults: path -> list of responses to give first."""

    def __init__(self):
        self.docs: dict[str, object] = {}
        self.faults: dict[str, list] = {}
        self.log: list[tuple[str, int, dict]] = []  # (path+query, status, request headers)
        self.lock = threading.Lock()

    def add_bugs(self, ids):
        for i in ids:
            self.docs.update(bug_docs(i))
        self.bug_ids = sorted(set(getattr(self, "bug_ids", [])) | set(ids))


def make_handler(site: Site):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body leave at once (no delayed-ACK stalls)

        def log_message(self, *a):
            pass

        def send(self, status, body=b"", headers=None):
            with site.lock:  # logged before the answer leaves: the client may read the log as soon as it has it
                site.log.append((self.path, status, dict(self.headers)))
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            if "Content-Length" not in (headers or {}):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):  # noqa: N802
            parts = urlsplit(self.path)
            path, query = parts.path, parse_qs(parts.query)
            with site.lock:
                queue = site.faults.get(path)
                fault = queue.pop(0) if queue else None
            if fault == "truncated":
                body = b'{"bugs": {"1": {"comments": [{"id": 1, "text": "cut'
                self.send(200, body, {"Content-Length": str(len(body) + 500), "Content-Type": "application/json"})
                self.close_connection = True
                return
            if fault == "invalid":
                return self.send(200, b"<html>Service temporarily unavailable</html>", {"Content-Type": "text/html"})
            if isinstance(fault, tuple):
                return self.send(fault[0], b"{}", fault[1])
            if path == "/rest/bug" and "id" not in query:  # the search API, paged
                ids = site.bug_ids
                limit, offset = int(query["limit"][0]), int(query["offset"][0])
                body = {"bugs": [{"id": i} for i in ids[offset:offset + limit]]}
                return self.send(200, json.dumps(body).encode(), {"Content-Type": "application/json"})
            if path == "/repos/example-org/policy/issues" and "per_page" in query:
                return self.send(200, json.dumps([{"number": 77}]).encode(), {"Content-Type": "application/json"})
            doc = site.docs.get(path)
            if doc is None:
                return self.send(404, b'{"message": "Not Found"}', {"Content-Type": "application/json"})
            headers = {"Content-Type": "application/json"}
            if isinstance(doc, dict) and "__pages__" in doc:  # GitHub paging with Link headers
                pages = doc["__pages__"]
                page = int(query.get("page", ["1"])[0])
                if page < len(pages):
                    headers["Link"] = f'<http://{self.headers["Host"]}{path}?per_page=100&page={page + 1}>; rel="next"'
                doc = pages[page - 1]
            body = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, b"", {"ETag": etag})
            headers["ETag"] = etag
            self.send(200, body, headers)

    return Handler


@pytest.fixture
def server():
    site = Site()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    t.start()
    site.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield site
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    """Retry waits are recorded, not slept (the Retry-After values are checked, the tests stay fast)."""
    waits: list[float] = []
    monkeypatch.setattr(fetch_mod.Fetcher, "_sleep", lambda self, s: waits.append(s))
    return waits


def fetch(site, tmp_path, *args, to="corpora"):
    return main(["fetch", *args, "--to", str(tmp_path / to), "--base", site.url, "--rate", "0",
                 "--backoff", "0.01", "--quiet"])


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def requests_of(site, status=None):
    return [p for p, s, _ in site.log if status is None or s == status]


# ------------------------------------------------------------------ Bugzilla


def test_bugs_fetched_read_and_rerun_transfers_nothing(server, tmp_path, capsys):
    server.add_bugs([1900001, 1900002])
    assert fetch(server, tmp_path, "bugzilla", "1900001", "1900002") == 0
    got = files(tmp_path / "corpora")
    host = "127.0.0.1_" + server.url.rsplit(":", 1)[1]
    assert sorted(got) == sorted(f"bugzilla/{host}/bug-{i}{s}.json" for i in (1900001, 1900002)
                                 for s in ("", ".comments", ".history"))
    manifest = [json.loads(ln) for ln in (tmp_path / "corpora" / ".threadkb-manifest.jsonl").read_text().splitlines()]
    assert len(manifest) == 6
    for line in manifest:
        assert set(line) == {"url", "file", "time", "status", "sha256", "bytes"} and line["status"] == 200
        assert line["sha256"] == hashlib.sha256(got[line["file"]]).hexdigest()
    assert all("threadkb" in h["User-Agent"] for _, _, h in server.log)
    ts = [parse(s) for s in ingest(str(tmp_path / "corpora"))]  # the folder: one thread per bug
    assert [t.subject for t in ts] == ["ExampleSign: incident 1900001", "ExampleSign: incident 1900002"]
    assert [m.on_behalf_of for m in ts[0].messages] == ["ExampleSign", None, None, "ExampleSign", None]
    server.log.clear()
    assert fetch(server, tmp_path, "bugzilla", "1900001", "1900002") == 0
    assert {s for _, s, _ in server.log} == {304}  # conditional requests: nothing new transferred
    assert files(tmp_path / "corpora") == got
    assert len((tmp_path / "corpora" / ".threadkb-manifest.jsonl").read_text().splitlines()) == 6
    assert "files written: 0; bytes received: 0" in capsys.readouterr().err


def test_hundred_bugs_by_whiteboard_search_paged(server, tmp_path, capsys):
    ids = list(range(1950000, 1950100)) + [1950100, 1950101]
    server.add_bugs(ids)
    start = time.perf_counter()
    assert fetch(server, tmp_path, "bugzilla", "--whiteboard", "ca-compliance", "--since", "2025-01-01") == 0
    elapsed = time.perf_counter() - start
    print(f"\n102 bugs (306 files) from the local server in {elapsed:.2f} s")  # reported, not asserted
    assert len(files(tmp_path / "corpora")) == 3 * len(ids)
    searches = [p for p in requests_of(server) if p.startswith("/rest/bug?")]
    assert len(searches) == 2 and all("whiteboard=ca-compliance" in p and "last_change_time=2025-01-01" in p
                                      for p in searches)
    assert "offset=100" in searches[1]


def test_429_with_retry_after_and_500_then_success(server, tmp_path, no_sleep):
    server.add_bugs([1900001])
    server.faults["/rest/bug/1900001/comment"] = [(429, {"Retry-After": "7"}), (500, {}), (503, {})]
    assert fetch(server, tmp_path, "bugzilla", "1900001") == 0
    assert no_sleep[0] == 7  # Retry-After honoured
    assert len(no_sleep) == 3 and all(w < 1 for w in no_sleep[1:])  # then the (small) backoff
    assert len([p for p in requests_of(server) if p == "/rest/bug/1900001/comment"]) == 4
    assert json.loads(next(v for k, v in files(tmp_path / "corpora").items() if k.endswith(".comments.json")))


def test_truncated_body_and_invalid_json_are_retried(server, tmp_path):
    server.add_bugs([1900001])
    server.faults["/rest/bug/1900001/comment"] = ["truncated", "invalid"]
    assert fetch(server, tmp_path, "bugzilla", "1900001") == 0
    comments = next(v for k, v in files(tmp_path / "corpora").items() if k.endswith(".comments.json"))
    assert json.loads(comments)["bugs"]["1900001"]["comments"][0]["count"] == 0


def test_404_and_lasting_invalid_json_exit_2_and_keep_the_rest(server, tmp_path, capsys):
    server.add_bugs([1900001, 1900003])
    server.faults["/rest/bug/1900003/comment"] = ["invalid"] * 10
    assert fetch(server, tmp_path, "bugzilla", "1900001", "999", "1900003") == 2
    err = capsys.readouterr().err.splitlines()
    assert any(re.match(r"threadkb: fetch: bug 999: HTTP 404 Not Found for http://127\.0\.0\.1:\d+/rest/bug/999$", e)
               for e in err)
    assert any(e.startswith("threadkb: fetch: bug 1900003: unreadable body (invalid JSON") for e in err)
    got = files(tmp_path / "corpora")
    assert sum(k.endswith("bug-1900001.comments.json") for k in got) == 1
    # nothing half-written (the file's name only: the host folder holds the test server's random port, "…999…")
    assert not any(Path(k).name.startswith(("bug-999.", "bug-1900003.comments")) for k in got)
    assert not [p for p in (tmp_path / "corpora").rglob("*.part")]


@pytest.mark.parametrize("retries, said", [("0", "(gave up after 1 attempt)"), ("2", "(gave up after 3 attempts)")])
def test_the_attempts_a_failed_request_had_are_counted_in_words(server, tmp_path, capsys, retries, said):
    server.add_bugs([1900003])
    server.faults["/rest/bug/1900003/comment"] = ["invalid"] * 10
    assert main(["fetch", "bugzilla", "1900003", "--to", str(tmp_path / "c"), "--base", server.url, "--rate", "0",
                 "--backoff", "0.01", "--quiet", "--retries", retries]) == 2
    (line,) = [e for e in capsys.readouterr().err.splitlines() if e.startswith("threadkb: fetch: bug 1900003")]
    assert line.endswith(said)


def test_bugzilla_error_object_with_status_200_is_an_answer(server, tmp_path, capsys):
    server.add_bugs([1900001])
    server.docs["/rest/bug/1900005"] = {"error": True, "code": 102, "message": "You are not authorized to access bug #1900005.",
                                        "documentation": "https://bmo.readthedocs.io/en/latest/api/"}
    assert fetch(server, tmp_path, "bugzilla", "1900005", "1900001") == 2
    err = capsys.readouterr().err
    assert "threadkb: fetch: bug 1900005: Bugzilla error 102: You are not authorized to access bug #1900005." in err
    assert len([p for p in requests_of(server) if p == "/rest/bug/1900005"]) == 1  # not retried
    assert not any("1900005" in k for k in files(tmp_path / "corpora"))
    assert sum("1900001" in k for k in files(tmp_path / "corpora")) == 3


def test_interrupted_fetch_rerun_ends_with_the_same_files(server, tmp_path, monkeypatch):
    server.add_bugs(range(1960000, 1960006))
    assert fetch(server, tmp_path, "bugzilla", "--whiteboard", "x", to="whole") == 0
    whole = files(tmp_path / "whole")
    seen = []
    real = fetch_mod.Fetcher._write

    def dying_write(self, path, data):
        if len(seen) == 8:  # killed while writing a file: the temporary file is left, never the file itself
            with open(os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.part"), "wb") as fh:
                fh.write(data[:10])
            raise KeyboardInterrupt
        seen.append(path)
        return real(self, path, data)

    monkeypatch.setattr(fetch_mod.Fetcher, "_write", dying_write)
    assert fetch(server, tmp_path, "bugzilla", "--whiteboard", "x", to="cut") == 130
    partial = files(tmp_path / "cut")
    assert len(partial) == 8 and all(whole[k] == v for k, v in partial.items())
    monkeypatch.setattr(fetch_mod.Fetcher, "_write", real)
    server.log.clear()
    assert fetch(server, tmp_path, "bugzilla", "--whiteboard", "x", to="cut") == 0
    assert files(tmp_path / "cut") == whole
    assert len(requests_of(server, 304)) == 8  # the files already there were not transferred again


def test_bad_input_one_line_exit_2(server, tmp_path, capsys):
    for args in (["bugzilla", "12x"], ["github", "not-a-repo"], ["pipermail", "lists.example.org"],
                 ["bugzilla"], ["bugzilla", "--whiteboard", "x", "--since", "last week"],
                 # the shape of a date, but none on the calendar: asked of the server before, every retry spent
                 ["bugzilla", "--since", "2025-13-01"], ["github", "example-org/policy", "--since", "2025-02-30"],
                 ["pipermail", "http://lists.example.org/pipermail/x/", "--since", "2024-13"]):
        assert fetch(server, tmp_path, *args) == 2
        err = capsys.readouterr().err
        assert err.startswith("threadkb: fetch: ") and err.count("\n") == 1
    assert server.log == []  # nothing was requested


def test_token_only_from_environment_never_written(server, tmp_path, monkeypatch):
    server.add_bugs([1900001])
    monkeypatch.setenv("BUGZILLA_API_KEY", "s3cret-key-123")
    assert fetch(server, tmp_path, "bugzilla", "1900001") == 0
    assert all(h.get("X-BUGZILLA-API-KEY") == "s3cret-key-123" for _, _, h in server.log)
    for p in (tmp_path / "corpora").rglob("*"):
        if p.is_file():
            assert b"s3cret" not in p.read_bytes()


def test_ingest_stores_as_it_goes(server, tmp_path):
    server.add_bugs([1900001])
    db = tmp_path / "kb.sqlite"
    assert main(["fetch", "bugzilla", "1900001", "--to", str(tmp_path / "c"), "--base", server.url, "--rate", "0",
                 "--quiet", "--ingest", "--db", str(db)]) == 0
    import sqlite3
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM messages").fetchone()[0] == 5
        assert con.execute("SELECT subject FROM threads").fetchone()[0] == "ExampleSign: incident 1900001"


# ------------------------------------------------------------------ GitHub


def _github_site(site):
    base = "/repos/example-org/policy"
    pr = dict(ISSUE, number=80, title="Require disclosure within 24 hours",
              pull_request={"url": f"https://api.github.com{base}/pulls/80"})
    site.docs.update({
        f"{base}/issues/77": ISSUE,
        f"{base}/issues/77/comments": {"__pages__": [GH_COMMENTS[:2], GH_COMMENTS[2:]]},
        f"{base}/issues/80": pr,
        f"{base}/issues/80/comments": {"__pages__": [[]]},
        f"{base}/pulls/80": dict(pr, head={"ref": "x"}, base={"ref": "main"}),
        f"{base}/pulls/80/comments": {"__pages__": [[
            {"id": 5, "user": {"login": "agwa"}, "body": "Say 'delayed revocation incident'?", "path": "policy.md",
             "diff_hunk": "@@ -1 +1 @@\n+A CA MUST report.", "created_at": "2024-02-11T10:00:00Z"},
            {"id": 6, "in_reply_to_id": 5, "user": {"login": "kathleenw"}, "body": "Yes.", "path": "policy.md",
             "diff_hunk": "@@ -1 +1 @@\n+A CA MUST report.", "created_at": "2024-02-11T15:30:00Z"}]]},
        f"{base}/pulls/80/reviews": {"__pages__": [[
            {"id": 7, "user": {"login": "agwa"}, "body": "", "state": "COMMENTED", "submitted_at": "2024-02-11T10:00:00Z"},
            {"id": 8, "user": {"login": "bwilson"}, "body": "Approved: the 24-hour deadline matches BR 4.9.1.1.",
             "state": "APPROVED", "submitted_at": "2024-02-12T09:00:00Z"}]]},
    })


def test_github_issue_with_paged_comments_and_pull_request(server, tmp_path, monkeypatch):
    _github_site(server)
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_testtoken")
    assert fetch(server, tmp_path, "github", "example-org/policy#77", "example-org/policy#80") == 0
    got = files(tmp_path / "corpora")
    assert sorted(got) == ["github/example-org/policy/77.comments-p2.json", "github/example-org/policy/77.comments.json",
                           "github/example-org/policy/77.issue.json", "github/example-org/policy/80.comments.json",
                           "github/example-org/policy/80.issue.json", "github/example-org/policy/80.pull.json",
                           "github/example-org/policy/80.review-comments.json", "github/example-org/policy/80.reviews.json"]
    assert all(h["Authorization"] == "Bearer ghp_testtoken" for _, _, h in server.log)
    assert all(b"ghp_" not in p.read_bytes() for p in (tmp_path / "corpora").rglob("*") if p.is_file())
    t77, t80 = [parse(s) for s in ingest(str(tmp_path / "corpora"))]
    assert [m.author for m in t77.messages] == ["kathleenw", "agwa", "ca-rep", "kathleenw", "agwa"]
    assert [m.author for m in t80.messages] == ["kathleenw", "agwa", "kathleenw", "bwilson"]  # a review's text too
    assert t80.messages[2].in_reply_to == t80.messages[1].key
    server.log.clear()
    assert fetch(server, tmp_path, "github", "example-org/policy#77") == 0
    assert {s for _, s, _ in server.log} == {304}  # the second page is still followed (Link kept in the state)
    assert len(server.log) == 3


def test_github_repository_since(server, tmp_path):
    _github_site(server)
    assert fetch(server, tmp_path, "github", "example-org/policy", "--since", "2025-01-01") == 0
    listing = [p for p in requests_of(server) if p.startswith("/repos/example-org/policy/issues?")]
    assert listing and "since=2025-01-01T00%3A00%3A00Z" in listing[0] and "state=all" in listing[0]
    assert "github/example-org/policy/77.issue.json" in files(tmp_path / "corpora")


# ------------------------------------------------------------------ pipermail


def test_pipermail_months_since(server, tmp_path):
    index = ('<html><body><table>'
             + "".join(f'<tr><td>{m} {y}:</td><td><a href="{y}-{m}/thread.html">[ Thread ]</a></td>'
                       f'<td><a href="{y}-{m}.txt{gz}">[ Gzip\'d Text 2 KB ]</a></td></tr>'
                       for y, m, gz in (("2025", "October", ""), ("2025", "September", ".gz"),
                                        ("2023", "December", ".gz")))
             + "</table></body></html>")
    server.docs["/pipermail/servercert-wg/"] = index.encode()
    server.docs["/pipermail/servercert-wg/2025-October.txt"] = MONTH
    server.docs["/pipermail/servercert-wg/2025-September.txt.gz"] = gzip.compress(MONTH)
    server.faults["/pipermail/servercert-wg/2025-September.txt.gz"] = [(502, {})]
    assert main(["fetch", "pipermail", server.url + "/pipermail/servercert-wg/", "--since", "2024-01", "--to",
                 str(tmp_path / "c"), "--rate", "0", "--backoff", "0.01", "--quiet"]) == 0
    got = files(tmp_path / "c")
    host = "127.0.0.1_" + server.url.rsplit(":", 1)[1]
    assert sorted(got) == [f"pipermail/{host}/servercert-wg/2025-October.txt",
                           f"pipermail/{host}/servercert-wg/2025-September.txt.gz"]
    a, b = (ingest(str(tmp_path / "c" / k)) for k in sorted(got))
    assert [[m.author for m in parse(s).messages] for s in a] == [[m.author for m in parse(s).messages] for s in b]


def test_github_rate_limit_waits_for_reset_or_says_why(server, tmp_path, no_sleep, capsys):
    _github_site(server)
    soon = str(int(time.time()) + 30)
    server.faults["/repos/example-org/policy/issues/77"] = [(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": soon})]
    assert fetch(server, tmp_path, "github", "example-org/policy#77") == 0
    assert 25 <= no_sleep[0] <= 31  # waited until the reset
    later = str(int(time.time()) + 3600)
    server.faults["/repos/example-org/policy/issues/80"] = [(403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": later})]
    assert fetch(server, tmp_path, "github", "example-org/policy#80") == 2
    err = capsys.readouterr().err
    assert "rate limit exhausted for 60 more minutes" in err and "GITHUB_TOKEN" in err
