#!/usr/bin/env python3
"""Checks the JSON-LD of every HTML page under a folder, for scripts/validate-standards.

Each `<script type="application/ld+json">` block is parsed as JSON and expanded by PyLD,
a JSON-LD 1.1 processor, with no network: the only remote context a page may name is
schema.org's, and the document loader answers it with `{"@vocab": "https://schema.org/"}`,
which maps every term to its schema.org IRI as schema.org's own context does for these
terms. Any other context URL is an error. The expanded nodes are then checked for the
properties their type needs (see REQUIRED), by IRI, so a property counts only if
expansion kept it.

Every page that is not a redirect or a 404 page (`404.html`, and each language's
`cy/404.html`) has exactly one block, whose node's
`url` is the page's canonical URL.

    check_jsonld.py DIR       prints each problem as `file: message`; exits 1 on any
"""

import html.parser
import json
import pathlib
import sys

from pyld import jsonld

SCHEMA = "https://schema.org/"
TYPE = "@type"

# The properties each type must carry, from what consumers of schema.org ask for
# (Google's Article and Organization structured-data guidelines; schema.org's own
# examples): a page's own node (the top-level node) is checked against its type, and
# every nested Organization or Person against theirs. A nested node that only names
# another (`@id` and `@type`, as `mainEntityOfPage` does) is a reference, not checked.
ARTICLE = ["headline", "datePublished", "author", "publisher", "mainEntityOfPage"]
REQUIRED = {
    "BlogPosting": ARTICLE,
    "Article": ARTICLE,
    "NewsArticle": ARTICLE,
    "Report": ARTICLE,
    "WebPage": ["name", "url"],
    "CollectionPage": ["name", "url"],
    "WebSite": ["name", "url"],
    "Organization": ["name"],
    "Person": ["name"],
}
CONTEXTS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}


def loader(url, options=None):
    if url in CONTEXTS:
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}},
        }
    raise jsonld.JsonLdError(f"no network: context {url!r} is not schema.org's", "loading document failed")


class Page(html.parser.HTMLParser):
    """The JSON-LD blocks, the canonical URL and whether the page is a redirect."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.canonical = None
        self.redirect = False
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and (a.get("type") or "").strip().lower() == "application/ld+json":
            self._in_ld = True
            self.blocks.append("")
        elif tag == "link" and "canonical" in (a.get("rel") or "").split():
            self.canonical = a.get("href")
        elif tag == "meta" and (a.get("http-equiv") or "").lower() == "refresh":
            self.redirect = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data):
        # Script content is raw text in HTML: no character references are decoded.
        if self._in_ld:
            self.blocks[-1] += data


def short(iri):
    return iri[len(SCHEMA):] if iri.startswith(SCHEMA) else iri


def check_node(node, top, problems, where):
    types = [short(t) for t in node.get(TYPE, [])]
    keys = [k for k in node if not k.startswith("@")]
    if not top and not keys:
        return  # a reference to a node described elsewhere
    if top and not types:
        problems.append(f"{where}: the page's node has no @type")
    for t in types:
        if not top and t not in ("Organization", "Person"):
            continue
        if t not in REQUIRED:
            if top:
                problems.append(f"{where}: @type {t} has no list of required properties here")
            continue
        for prop in REQUIRED[t]:
            values = node.get(SCHEMA + prop, [])
            if not values or all(v.get("@value", "x") == "" for v in values if isinstance(v, dict)):
                problems.append(f"{where}: {t} lacks {prop}")
    for k in keys:
        for v in node[k]:
            if isinstance(v, dict) and "@value" not in v and "@list" not in v:
                check_node(v, False, problems, f"{where} {short(k)}")


def check_file(path, root, problems):
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    rel = path.relative_to(root)
    if page.redirect or rel.name == "404.html":
        return 0
    if len(page.blocks) != 1:
        problems.append(f"{rel}: {len(page.blocks)} JSON-LD blocks, not 1")
    for text in page.blocks:
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            problems.append(f"{rel}: JSON-LD is not JSON: {e}")
            continue
        try:
            expanded = jsonld.expand(doc, {"documentLoader": loader})
        except jsonld.JsonLdError as e:
            problems.append(f"{rel}: JSON-LD does not expand: {e}")
            continue
        if len(expanded) != 1:
            problems.append(f"{rel}: JSON-LD expands to {len(expanded)} top-level nodes, not 1")
            continue
        node = expanded[0]
        check_node(node, True, problems, str(rel))
        urls = [v.get("@id", v.get("@value")) for v in node.get(SCHEMA + "url", [])]
        if page.canonical and urls and urls != [page.canonical]:
            problems.append(f"{rel}: url {urls} is not the canonical URL {page.canonical}")
    return len(page.blocks)


def main():
    root = pathlib.Path(sys.argv[1])
    problems = []
    pages = blocks = 0
    for path in sorted(root.rglob("*.html")):
        pages += 1
        blocks += check_file(path, root, problems)
    for p in problems:
        print(p)
    print(f"{blocks} JSON-LD blocks on {pages} pages expanded; {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
