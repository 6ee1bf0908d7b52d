"""The edit kinds `scripts/bench-serve` times, and what the served site must show after each.

Each kind is a function (corpus, marker) -> Step, or None where the tool has no such thing
(Hugo has no plan items, series, incident status or actions in the shared corpus). A Step
says which files to change and what the preview must then answer: on the edited page, and
on the page that depends on it where that is the point (the section's first list page
for a new title, the new term's page for a tag, ...). Files are changed only through
`Files`, which puts every byte back afterwards, so each run starts from the same corpus.

This module only describes edits and checks; starting servers, timing and reporting are
`bench-serve`'s.
"""
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional

REPO = Path(__file__).resolve().parent.parent


class Files:
    """Every file a step writes, deletes or moves, with its bytes before, to put back.

    Writes go to a hidden temporary file renamed over the target (as vim and IntelliJ
    save), so no server ever reads a half-written file."""

    def __init__(self):
        self.before = {}
        self.made_dirs = []

    def _remember(self, path: Path):
        if path not in self.before:
            self.before[path] = path.read_bytes() if path.is_file() else None

    def _make_dirs(self, d: Path):
        missing = []
        while not d.exists():
            missing.append(d)
            d = d.parent
        for m in reversed(missing):
            m.mkdir()
            self.made_dirs.append(m)

    @staticmethod
    def _replace(path: Path, data: bytes):
        tmp = path.parent / f".{path.name}.bench.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, path)

    def write(self, path: Path, text: str):
        self._remember(path)
        self._make_dirs(path.parent)
        self._replace(path, text.encode("utf-8"))

    def delete(self, path: Path):
        self._remember(path)
        path.unlink()

    def rename(self, old: Path, new: Path):
        self._remember(old)
        self._remember(new)
        os.replace(old, new)

    def remove_tree(self, d: Path):
        for f in sorted(d.rglob("*")):
            if f.is_file():
                self._remember(f)
        shutil.rmtree(d)

    def undo(self):
        """Puts every file back as it was, and removes the folders this step made."""
        for path, data in self.before.items():
            if data is None and (path.is_file() or path.is_symlink()):
                path.unlink()
        for path, data in self.before.items():
            if data is not None and (not path.is_file() or path.read_bytes() != data):
                path.parent.mkdir(parents=True, exist_ok=True)
                self._replace(path, data)
        for d in reversed(self.made_dirs):
            if d.is_dir():
                shutil.rmtree(d)
        self.before.clear()
        self.made_dirs.clear()


@dataclass
class Check:
    """One URL and what its answer must be."""
    url: str
    what: str
    test: Callable[[int, str], bool]


def shows(url, *texts):
    """200, with every text in the body."""
    return Check(url, f"200 with {', '.join(map(repr, texts))}",
                 lambda s, b: s == 200 and all(t in b for t in texts))


def shows_not(url, gone_texts, texts=()):
    """200, with none of `gone_texts` and every one of `texts`."""
    return Check(url, f"200 without {', '.join(map(repr, gone_texts))}"
                 + (f" and with {', '.join(map(repr, texts))}" if texts else ""),
                 lambda s, b: s == 200 and not any(t in b for t in gone_texts)
                 and all(t in b for t in texts))


def contains(url, *texts):
    """Any status (an error page may not be a 200), every text in the body."""
    return Check(url, f"a body with {', '.join(map(repr, texts))}",
                 lambda s, b: s > 0 and all(t in b for t in texts))


def not_found(url):
    return Check(url, "404", lambda s, b: s == 404)


def article(body, link):
    """The list entry (`<article>` … `</article>`) that links `link`, or "". A link to it
    outside any entry (the banner listing open incidents above an incident list) is
    passed over."""
    i = body.find(f'href="{link}"')
    while i >= 0:
        start = body.rfind("<article", 0, i)
        if start >= 0 and body.rfind("</article>", 0, i) < start:
            end = body.find("</article>", i)
            return body[start:end] if end >= 0 else ""
        i = body.find(f'href="{link}"', i + 1)
    return ""


def entry_shows(url, link, *texts):
    """200, and the list entry linking `link` on it shows every text."""
    return Check(url, f"200 with the entry for {link} showing {', '.join(map(repr, texts))}",
                 lambda s, b: s == 200 and all(t in article(b, link) for t in texts))


def daylight_failing(flag):
    def test(s, b):
        try:
            return s == 200 and json.loads(b).get("failing") is flag
        except ValueError:
            return False
    return Check("/__daylight/status", f'"failing": {str(flag).lower()}', test)


@dataclass
class Step:
    """One timed edit: `edit` changes the files, then every check in `checks` must pass.
    `prepare` (untimed) first puts the site in the state the edit starts from, shown by
    `ready` (a page to delete, a broken file to fix)."""
    edit: Callable[[Files], None]
    checks: List[Check]
    prepare: Optional[Callable[[Files], None]] = None
    ready: List[Check] = field(default_factory=list)


# --- the corpus ------------------------------------------------------------------------

PLAN_ITEMS = 6
STATIC_FILE = "bench-static.txt"
STATIC_TEXT = "A static file as the benchmark set it up.\n"


def plan_text(items):
    lines = ["---", 'title: "Benchmark roadmap"', "kind: plan", "date: 2020-01-06", "items:"]
    for title, status, horizon in items:
        lines += [f'  - title: "{title}"', f"    status: {status}", f"    horizon: {horizon}"]
    return "\n".join(lines) + "\n---\nWhat the benchmark council means to do.\n"


def plan_items():
    return [(f"Benchmark plan item {i + 1}", "planned", ("now", "next", "later")[i % 3])
            for i in range(PLAN_ITEMS)]


def set_up(tool_root: Path, tool: str):
    """Adds what the generated corpus lacks for these edits, before any server starts: a
    plan page (daylight), and a static/ folder with one file (watched from the start)."""
    static = tool_root / "static"
    static.mkdir(exist_ok=True)
    (static / STATIC_FILE).write_text(STATIC_TEXT)
    if tool == "daylight":
        plan = tool_root / "content" / "framework" / "bench-roadmap.md"
        plan.write_text(plan_text(plan_items()))


def front_date(path: Path):
    with path.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if line.startswith("date:"):
                return line.split(":", 1)[1].strip()
            if i > 40:
                break
    return ""


class Corpus:
    """One tool's copy of the generated site, and the pages the edits work on (the same
    files in each tool's copy, picked from daylight's)."""

    def __init__(self, tool: str, root: Path, picks: dict):
        self.tool = tool
        self.root = root
        self.content = root / "content"
        self.picks = picks

    @staticmethod
    def pick(daylight_root: Path):
        def pages(section):
            d = daylight_root / "content" / section
            files = [p for p in d.glob("*.md") if p.name != "_index.md"]
            return sorted(files, key=lambda p: (front_date(p), p.name))
        blog, weeknotes, incidents = pages("blog"), pages("weeknotes"), pages("incidents")
        # A page that is deleted or renamed must be one no other page links to: a broken
        # link is an error, so the build would fail and the old page stay served.
        linked = linked_pages(daylight_root / "content")
        unlinked = [p for p in blog if p.relative_to(daylight_root / "content") not in linked]
        if not unlinked:
            raise SystemExit(f"every post in {daylight_root / 'content' / 'blog'} is linked from "
                             "another page: nothing to delete or rename without breaking a link")
        return {"post": "blog/" + blog[-1].name, "old_post": "blog/" + blog[0].name,
                "unlinked_post": "blog/" + unlinked[-1].name,
                "weeknote": "weeknotes/" + weeknotes[-1].name,
                "incident": "incidents/" + incidents[-1].name}

    def file(self, pick):
        return self.content / self.picks[pick]

    def url(self, pick):
        return "/" + self.picks[pick][:-3] + "/"

    def text(self, pick):
        return self.file(pick).read_text(encoding="utf-8")


# An inline link or image `](target)`, or a reference definition `[name]: target` (not a
# footnote's `[^name]:`), and the page a target names.
LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]^][^\]]*\]:\s*<?(\S+?)>?(?:\s|$)", re.M)


def link_target(content: Path, source: Path, target: str):
    """The page file (relative to content/) a link in `source` names, or None for a link
    off the site or to no page: `/blog/x/`, `/blog/x`, `../blog/x.md`, `x.md`."""
    target = target.split("#", 1)[0].split("?", 1)[0]
    if not target or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("//"):
        return None
    if target.startswith("/"):
        rel = Path(target.strip("/"))
    else:
        rel = Path(os.path.normpath(source.parent.relative_to(content) / target))
    rel = rel.with_suffix("") if rel.suffix == ".md" else rel
    return rel.with_name(rel.name + ".md") if rel.name else None


def linked_pages(content: Path):
    """Every page file (relative to content/) that a link in some page names, read from
    the pages' Markdown."""
    linked = set()
    for source in content.rglob("*.md"):
        text = source.read_text(encoding="utf-8", errors="replace")
        for m in LINK.finditer(text):
            page = link_target(content, source, m.group(1) or m.group(2))
            if page is not None:
                linked.add(page)
    return linked


def set_field(text, key, value):
    """Sets a top-level front matter field (the first line starting `key:`)."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    for i in range(1, end):
        if lines[i].startswith(f"{key}:"):
            lines[i] = f"{key}: {value}"
            return "\n".join(lines)
    lines.insert(end, f"{key}: {value}")
    return "\n".join(lines)


def get_field(text, key):
    m = re.search(rf"^{key}: *(.*)$", text, re.M)
    return m.group(1) if m else ""


def add_to_list(text, key, item):
    """`key: [a, b]` -> `key: [a, b, item]`."""
    old = get_field(text, key).strip()
    inner = old[1:-1].strip() if old.startswith("[") else old
    return set_field(text, key, "[" + (inner + ", " if inner else "") + item + "]")


# --- the edit kinds --------------------------------------------------------------------

def body(c, m):
    f, url = c.file("post"), c.url("post")
    text = c.text("post")
    return Step(lambda fs: fs.write(f, text + f"\n\nA line added while serving: {m}\n"),
                [shows(url, m)])


def title(c, m):
    f, url, new = c.file("post"), c.url("post"), f"Bench title {m}"
    text = set_field(c.text("post"), "title", f'"{new}"')
    return Step(lambda fs: fs.write(f, text),
                [shows(url, f"<h1>{new}</h1>"), shows("/blog/", f'href="{url}">{new}</a>')])


def date(c, m):
    # The oldest post becomes the newest: its page shows the date, and the section's first
    # list page now lists it. A past date (a future one is not published), another each run.
    d = 10 + sum(map(ord, m)) % 18
    f, url = c.file("old_post"), c.url("old_post")
    text = set_field(c.text("old_post"), "date", f"2025-06-{d:02d}T12:00:00+00:00")
    return Step(lambda fs: fs.write(f, text),
                [shows(url, f"{d} June 2025"), shows("/blog/", f'href="{url}"')])


def tags(c, m):
    f, url, tag = c.file("post"), c.url("post"), f"bench-tag-{m}"
    text = add_to_list(c.text("post"), "tags", tag)
    return Step(lambda fs: fs.write(f, text),
                [shows(url, f'href="/tags/{tag}/"'), shows(f"/tags/{tag}/", f'href="{url}"')])


def authors(c, m):
    f, url, name = c.file("post"), c.url("post"), f"Bench Author {m}"
    text = set_field(c.text("post"), "authors", f'["{name}"]')
    return Step(lambda fs: fs.write(f, text),
                [shows(url, name), shows(f"/authors/bench-author-{m}/", f'href="{url}"')])


def series(c, m):
    if c.tool != "daylight":
        return None
    f, url, name = c.file("weeknote"), c.url("weeknote"), f"bench-series-{m}"
    text = set_field(c.text("weeknote"), "series", name)
    return Step(lambda fs: fs.write(f, text),
                [shows(url, f'href="/series/{name}/"'), shows(f"/series/{name}/", f'href="{url}"')])


def severity(c, m):
    f, url = c.file("incident"), c.url("incident")
    text = c.text("incident")
    new = "P1" if get_field(text, "severity").strip() != "P1" else "P2"
    text = set_field(text, "severity", new)
    if c.tool == "hugo":
        checks = [shows(url, f"Severity {new},")]
    else:
        # The report's key facts name the severity once, beside its heading; the list's
        # badge says it to screen readers.
        checks = [shows(url, f'badge--sev-', f'">{new} '),
                  entry_shows("/incidents/", url, f"Severity: </span>{new} "),
                  shows(f"/incidents/severity/{new.lower()}/", f'href="{url}"')]
    return Step(lambda fs: fs.write(f, text), checks)


def status(c, m):
    if c.tool != "daylight":
        return None
    f, url = c.file("incident"), c.url("incident")
    text = set_field(c.text("incident"), "status", "monitoring")
    return Step(lambda fs: fs.write(f, text),
                [shows(url, "badge--monitoring"), entry_shows("/incidents/", url, "badge--monitoring")])


def services(c, m):
    f, url, svc = c.file("incident"), c.url("incident"), f"bench-svc-{m}"
    text = add_to_list(c.text("incident"), "services", svc)
    if c.tool == "hugo":
        checks = [shows(url, f"{svc} ")]
    else:
        checks = [shows(url, f'href="/services/{svc}/"'), shows(f"/services/{svc}/", f'href="{url}"'),
                  shows(f"/incidents/service/{svc}/", f'href="{url}"')]
    return Step(lambda fs: fs.write(f, text), checks)


def actions(c, m):
    if c.tool != "daylight":
        return None
    f, url, new = c.file("incident"), c.url("incident"), f"Bench action {m}"
    text = re.sub(r"^  - action: .*$", f'  - action: "{new}"', c.text("incident"), count=1, flags=re.M)
    return Step(lambda fs: fs.write(f, text),
                [shows(url, new), shows("/incidents/actions/", new)])


PLAN_URL = "/framework/bench-roadmap/"


def _plan(c):
    return c.content / "framework" / "bench-roadmap.md"


def plan_item(c, m):
    if c.tool != "daylight":
        return None
    items = plan_items()
    items[0] = (f"Bench item {m}", "done", items[0][2])
    return Step(lambda fs: fs.write(_plan(c), plan_text(items)),
                [shows(PLAN_URL, f">Bench item {m}<", f"<strong>1 of {PLAN_ITEMS}</strong>")])


def plan_item_added(c, m):
    if c.tool != "daylight":
        return None
    items = plan_items() + [(f"Bench item {m}", "planned", "later")]
    return Step(lambda fs: fs.write(_plan(c), plan_text(items)),
                [shows(PLAN_URL, f">Bench item {m}<", f"<strong>0 of {PLAN_ITEMS + 1}</strong>")])


def plan_item_removed(c, m):
    if c.tool != "daylight":
        return None
    items = plan_items()
    gone = items.pop()[0]
    return Step(lambda fs: fs.write(_plan(c), plan_text(items)),
                [shows_not(PLAN_URL, [f">{gone}<"], [f"<strong>0 of {PLAN_ITEMS - 1}</strong>"])])


def _new_page(c, m, title_text, words):
    kind = "kind: post\n" if c.tool == "daylight" else ""
    return (f'---\ntitle: "{title_text}"\n{kind}date: 2024-03-01T12:00:00+00:00\n'
            f'tags: [data]\nauthors: ["Amara Okafor"]\n---\n{words}\n')


def page_added(c, m):
    # A new slug each run, so no page links to it; it links to none.
    slug = f"bench-new-{m}"
    text = _new_page(c, m, f"Bench new page {m}", f"New page text {m}.")
    return Step(lambda fs: fs.write(c.content / "blog" / f"{slug}.md", text),
                [shows(f"/blog/{slug}/", f"New page text {m}.")])


def page_deleted(c, m):
    f, url = c.file("unlinked_post"), c.url("unlinked_post")
    return Step(lambda fs: fs.delete(f), [not_found(url), shows_not("/blog/", [f'href="{url}"'])])


def page_renamed(c, m):
    f, url = c.file("unlinked_post"), c.url("unlinked_post")
    new = f.with_name(f"{f.stem}-{m}.md")
    heading = f"<h1>{get_field(c.text('unlinked_post'), 'title').strip(chr(34))}</h1>"
    return Step(lambda fs: fs.rename(f, new),
                [not_found(url), shows(f"/blog/{new.stem}/", heading)])


def _section(c, m):
    d = c.content / f"bench-section-{m}"
    kind = "kind: post\n" if c.tool == "daylight" else ""

    def make(fs):
        fs.write(d / "_index.md", f'---\ntitle: "Bench section {m}"\n{kind}---\nA section made while serving.\n')
        fs.write(d / "first.md", _new_page(c, m, f"Bench section page {m}", f"Section page text {m}."))
    url = f"/bench-section-{m}/"
    checks = [shows(url, f"Bench section {m}", f'href="{url}first/"'),
              shows(f"{url}first/", f"Section page text {m}.")]
    return d, url, make, checks


def section_added(c, m):
    _, _, make, checks = _section(c, m)
    return Step(make, checks)


def section_removed(c, m):
    d, url, make, ready = _section(c, m)
    return Step(lambda fs: fs.remove_tree(d), [not_found(url), not_found(f"{url}first/")],
                prepare=make, ready=ready)


def static_added(c, m):
    name = f"bench-{m}.txt"
    return Step(lambda fs: fs.write(c.root / "static" / name, f"Static file {m}\n"),
                [shows(f"/{name}", f"Static file {m}")])


def static_changed(c, m):
    return Step(lambda fs: fs.write(c.root / "static" / STATIC_FILE, f"Static file changed {m}\n"),
                [shows(f"/{STATIC_FILE}", f"Static file changed {m}")])


def _marked(c, m):
    """The template that renders the post with a visible marker in it, and where it goes:
    daylight's site override of the theme's post template, Hugo's blog single template."""
    mark = f'<p class="bench-marker">Template {m}</p>'
    if c.tool == "daylight":
        src = (REPO / "themes" / "default" / "templates" / "post.html").read_text()
        return (c.root / "templates" / "post.html",
                src.replace("{% block content %}", "{% block content %}" + mark, 1), mark)
    src = (c.root / "layouts" / "_default" / "single.html").read_text()
    return (c.root / "layouts" / "blog" / "single.html",
            src.replace('{{ define "main" }}', '{{ define "main" }}' + mark, 1), mark)


def template_added(c, m):
    path, text, mark = _marked(c, m)
    return Step(lambda fs: fs.write(path, text), [shows(c.url("post"), mark)])


def template_changed(c, m):
    url = c.url("post")
    if c.tool == "hugo":
        # Hugo's site has its own templates: change the one every page uses.
        path = c.root / "layouts" / "_default" / "single.html"
        mark = f'<p class="bench-marker">Template {m}</p>'
        text = path.read_text().replace('{{ define "main" }}', '{{ define "main" }}' + mark, 1)
        return Step(lambda fs: fs.write(path, text), [shows(url, mark)])
    # daylight's corpus uses the built-in theme: a site override is made first, then changed.
    path, first, first_mark = _marked(c, f"{m}a")
    _, text, mark = _marked(c, m)
    return Step(lambda fs: fs.write(path, text), [shows(url, mark)],
                prepare=lambda fs: fs.write(path, first), ready=[shows(url, first_mark)])


def _broken(c):
    f = c.file("post")
    text = set_field(c.text("post"), "title", '"broken: "x')
    where = f"content/{c.picks['post']}"
    url = c.url("post")
    if c.tool == "daylight":
        checks = [daylight_failing(True), contains(url, 'id="daylight-error"', where)]
    else:
        checks = [contains(url, "Hugo Server: Error", where)]
    return f, text, checks


def front_matter_broken(c, m):
    f, text, checks = _broken(c)
    return Step(lambda fs: fs.write(f, text), checks)


def front_matter_fixed(c, m):
    f, broken, ready = _broken(c)
    new = f"Fixed title {m}"
    fixed = set_field(c.text("post"), "title", f'"{new}"')
    url = c.url("post")
    gone = 'id="daylight-error"' if c.tool == "daylight" else "Hugo Server: Error"
    checks = [shows_not(url, [gone], [f"<h1>{new}</h1>"])]
    if c.tool == "daylight":
        checks.insert(0, daylight_failing(False))
    return Step(lambda fs: fs.write(f, fixed), checks,
                prepare=lambda fs: fs.write(f, broken), ready=ready)


KINDS = [
    ("body", "a line appended to the newest post: on its page", body),
    ("title", "newest post's title: on its page and on /blog/ (page 1)", title),
    ("date", "oldest post made newest: date on its page, listed on /blog/", date),
    ("tags", "new tag on the newest post: on its page; the term page lists it", tags),
    ("authors", "new author on the newest post: on its page; the author page lists it", authors),
    ("series", "newest weeknote into a new series: the series page lists it", series),
    ("severity", "newest incident's severity: its page, /incidents/ entry, severity page", severity),
    ("status", "newest incident resolved -> monitoring: its page and /incidents/ entry", status),
    ("services", "new service on the newest incident: its page, service pages", services),
    ("actions", "an action's text: the incident page and /incidents/actions/", actions),
    ("plan-item", "a plan item's title and status: the plan page and its progress", plan_item),
    ("plan-item-added", "a plan item added: on the plan page, counted", plan_item_added),
    ("plan-item-removed", "a plan item removed: gone from the plan page, counted", plan_item_removed),
    ("page-added", "a new post (no page links to it): its URL answers 200 with its text", page_added),
    ("page-deleted", "the newest post no page links to, deleted: 404, gone from /blog/", page_deleted),
    ("page-renamed", "the newest post no page links to, renamed: old URL 404, new URL 200", page_renamed),
    ("section-added", "a new section with one page: both served", section_added),
    ("section-removed", "that section removed: both 404", section_removed),
    ("static-added", "a new static file: served", static_added),
    ("static-changed", "a static file changed: served", static_changed),
    ("template-added", "a post template added: its marker on the newest post", template_added),
    ("template-changed", "the post template changed: the new marker on the newest post", template_changed),
    ("front-matter-broken", "bad YAML in the newest post: an error page naming the file", front_matter_broken),
    ("front-matter-fixed", "that file fixed (new title): served again, no error", front_matter_fixed),
]
