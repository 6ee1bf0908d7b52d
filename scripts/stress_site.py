#!/usr/bin/env python3
"""Writes a stress site for scripts/validate-standards and tests/browser/stress.test.mjs:
every Markdown feature daylight turns on, very long titles, and hostile strings (markup,
CDATA ends, ampersands, quotes, emoji, right-to-left text, control characters that YAML
can carry) in titles, descriptions, tags, authors and incident and plan fields, in posts,
incidents (an incident, a notice, planned maintenance), a plan and a page; and what
stretches a layout: a post with 40 tags, a 15-column table, a 300-character word, a
paragraph in Arabic and Hebrew, an incident with 30 actions, and enough posts to need
three list pages.

It must stay a site daylight builds without errors: the point is that what daylight
accepts, it writes out correctly to each standard. The output is the same on every run
(no clock, no randomness), so a failure can be reproduced.

    scripts/stress_site.py DIR      write the site into DIR (made if missing)
"""

import json
import pathlib
import sys
import struct
import zlib

# Hostile pieces. Each goes into YAML through json.dumps, which writes a double-quoted
# scalar YAML reads the same way (JSON is YAML 1.2), so escapes such as \u0007 reach
# daylight as the characters themselves.
MARKUP = '<script>alert("x")</script><b>bold</b>'
CDATA_END = "]]> ]]&gt; <![CDATA[ x ]]>"
AMP = "Fish & chips &amp; &copy; &#0; &#x1F600; &unknown;"
QUOTES = "\"double\" 'single' `back` \u201ccurly\u201d \u2018curly\u2019"
EMOJI = "\U0001F600 \U0001F3F3\uFE0F\u200D\U0001F308 \U0001F469\U0001F3FD\u200D\U0001F4BB"
RTL = "\u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \u202eevil\u202c"
# C0 and C1 controls, DEL, a lone combining mark, a BOM and non-characters: YAML carries
# them in escapes; XML 1.0 forbids most of them, HTML warns about some.
CONTROLS = "tab\there bell\u0007 esc\u001b nul\u0000 del\u007f nel\u0085 c1\u009b bom\ufeff \u0301 nonchar\ufffe\uffff"
SLASHES = "../../etc/passwd \\ back\\slash //host/path ?q=1#frag"
HOSTILE = [MARKUP, CDATA_END, AMP, QUOTES, EMOJI, RTL, CONTROLS, SLASHES]

# One word longer than any line: it must break, not push the page sideways.
LONG_WORD = "Llanfair" + "pwllgwyngyll" * 24 + "gogogoch"
RTL_PARAGRAPH = (
    "\u0647\u0630\u0647 \u0641\u0642\u0631\u0629 \u0628\u0627\u0644\u0644\u063a\u0629 "
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u0639\u0646 \u062e\u062f\u0645\u0627\u062a "
    "\u0627\u0644\u0645\u062c\u0644\u0633. \u05d6\u05d5\u05d4\u05d9 \u05e4\u05e1\u05e7\u05d4 "
    "\u05d1\u05e2\u05d1\u05e8\u05d9\u05ea."
)
WIDE_TABLE = (
    "| " + " | ".join(f"Column {n} heading" for n in range(1, 16)) + " |\n"
    + "|" + "---|" * 15 + "\n"
    + "".join("| " + " | ".join(f"r{r}c{c} {AMP if c == 3 else 'value'}" for c in range(1, 16)) + " |\n" for r in range(1, 4))
)

LONG_TITLE = (
    "An extremely long title that goes on and on about the council's digital services "
    "so that every place a title is shown, cut, slugged or escaped has to cope with it "
) * 4


def png(width: int, height: int) -> bytes:
    """A small, valid, grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


PNG = png(40, 30)


def printable(c: str) -> bool:
    """YAML 1.2's printable set: anything else must be written as an escape."""
    o = ord(c)
    return (
        o in (0x9, 0xA, 0xD, 0x85)
        or 0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0xD7FF
        or 0xE000 <= o <= 0xFFFD
        or o >= 0x10000
    ) and o != 0xFEFF


def q(value) -> str:
    """`value` as JSON (which is YAML) with what YAML cannot carry raw escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return "".join(c if printable(c) else f"\\u{ord(c):04x}" for c in text)


BODY = r"""
Intro paragraph with *emphasis*, **strong**, ***both***, ~~strikethrough~~, `inline code`,
a [relative link](../), a [page link](/blog/hostile-0/), an <https://example.org/a?b=1&c=2>
autolink, an email autolink <team@example.org>, a [reference link][ref], an image
![alt text with "quotes" & <angle>](picture.png "Title & more"), a hard break  
after two spaces, a backslash break\
and entities: &amp; &lt; &gt; &quot; &copy; &#8212; &#x1F600; and "smart" quotes -- dashes --- ...

<!-- more -->

# Heading one {#custom-id .cls}

## Heading with `code` and *emphasis* and <em>html</em>

## Heading with `code` and *emphasis* and <em>html</em>

### Repeated

### Repeated

#### Level four

##### Level five

###### Level six

Setext heading
==============

Another setext
--------------

> A quote with **markup**
>
> > and a nested quote
> > - with a list
>
> and <!-- more --> a stray marker

1. first
2. second
   - nested bullet
     1. nested ordered starting here
   - [ ] an open task
   - [x] a done task
3. third

7. starts at seven
8. eight

- loose item

- another loose item

  with a second paragraph

* star list
+ plus list

| Left | Centre | Right |
|:-----|:------:|------:|
| `a|b` | **b** | 3 |
| <script>x</script> | & | ]]> |

Text with a footnote[^1] and another[^long-note].

[^1]: The first footnote.
[^long-note]: A footnote with *emphasis*,

    an indented second paragraph, and `code`.

```rust
fn main() {
    println!("<script>]]>&amp;</script>");
}
```

```
plain fence with <tags> & ]]> and a very long line xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
```

```unknown-language
unknown language
```

~~~yaml
key: "value & <more>"
~~~

    indented code block <b>not bold</b>

***

---

___

<div class="raw">
<p>Raw block HTML with <em>emphasis</em> and an <a href="/blog/">absolute link</a>.</p>
</div>

Inline raw HTML: <span title="a &amp; b">span</span>, <kbd>Ctrl</kbd>, <abbr title="HyperText">HTML</abbr>.

Text with a literal \*escaped\* asterisk, a \<tag\>, and a dollar $x$.

[ref]: https://example.org/reference "Reference title"
"""


def front(fields: dict) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if value is None:
            continue
        if isinstance(value, str):
            lines.append(f"{key}: {q(value)}")
        else:
            lines.append(f"{key}: {q(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def write(root: pathlib.Path, rel: str, fields: dict, body: str) -> None:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front(fields) + body, encoding="utf-8")


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1])
    root.mkdir(parents=True, exist_ok=True)

    site = {
        "title": "Stress " + MARKUP + " " + AMP,
        "base_url": "https://stress.example",
        "organisation": "Org " + QUOTES + " " + CDATA_END,
        "description": "Site description " + " ".join(HOSTILE),
        "language": "en-GB",
        "authors": {
            "hostile": {
                "name": "Ann " + MARKUP + " " + RTL,
                "role": "Role " + CDATA_END + " " + AMP,
                "bio": "Bio " + " ".join(HOSTILE),
            }
        },
        "incidents": {"services": ["Service " + AMP, "Service " + RTL]},
    }
    # site.yaml as JSON, which is YAML.
    (root / "site.yaml").write_text(q(site) + "\n", encoding="utf-8")

    write(root, "_index.md", {"title": "Home " + EMOJI}, "Home page " + AMP + "\n")
    write(
        root,
        "blog/_index.md",
        {"title": "Blog " + CDATA_END, "description": "Blog " + QUOTES, "kind": "post"},
        "The blog " + MARKUP + "\n",
    )
    # 200 bytes: a tag is a folder name, and file systems take 255 bytes at most.
    long_tag = "tag-" + "very-long-" * 19 + "x" * 6
    for n, hostile in enumerate(HOSTILE):
        write(
            root,
            f"blog/2024-01-{n + 10:02d}-hostile-{n}.md",
            {
                "title": f"Post {n}: {hostile}",
                "slug": f"hostile-{n}",
                "date": f"2024-01-{n + 10:02d}T09:30:00+00:00",
                "updated": f"2024-02-{n + 10:02d}",
                "description": f"Description {n}: {hostile}",
                "summary": f"Summary <em>{n}</em> {AMP}" if n % 2 else None,
                "tags": [hostile, long_tag, "plain", EMOJI],
                "authors": ["hostile", "Someone " + QUOTES],
                "series": "series " + AMP,
            },
            BODY,
        )
    write(
        root,
        "blog/2024-03-01-long.md",
        {"title": LONG_TITLE, "date": "2024-03-01", "description": LONG_TITLE, "tags": [LONG_TITLE[:200]]},
        "Short body.\n",
    )
    write(root, "blog/2024-03-02-bare.md", {"title": "Bare", "date": "2024-03-02"}, "")
    write(
        root,
        "blog/2024-03-03-stretch.md",
        {
            "title": "Forty tags, a wide table and a long word",
            "date": "2024-03-03",
            "tags": [f"topic {n}" for n in range(1, 41)],
        },
        f"A word: {LONG_WORD}.\n\n## A wide table\n\n{WIDE_TABLE}\n## In other scripts\n\n{RTL_PARAGRAPH}\n",
    )
    # A page in a right-to-left language: the theme mirrors (logical CSS properties),
    # with a contents list, related pages and an author in its side column.
    write(
        root,
        "blog/2024-03-04-rtl.md",
        {
            "title": RTL_PARAGRAPH[:40],
            "date": "2024-03-04",
            "lang": "ar",
            "dir": "rtl",
            "authors": ["Ann " + MARKUP + " " + RTL],
            "related": ["blog/2024-03-03-stretch.md", "/blog/2024-03-02-bare/"],
            "tags": ["topic 1"],
        },
        "".join(f"## {RTL_PARAGRAPH[:20]} {n}\n\n{RTL_PARAGRAPH}\n\n> {RTL_PARAGRAPH}\n\n" for n in range(1, 4))
        + f"{WIDE_TABLE}\n",
    )
    # With the 14 above, three list pages of ten.
    for n in range(1, 16):
        write(
            root,
            f"blog/2023-06-{n:02d}-filler-{n}.md",
            {"title": f"Filler post {n}", "date": f"2023-06-{n:02d}"},
            f"Filler {n}.\n",
        )

    write(
        root,
        "incidents/_index.md",
        {"title": "Incidents " + AMP, "kind": "incident"},
        "Reports.\n",
    )
    write(
        root,
        "incidents/2024-04-01-outage.md",
        {
            "title": "Outage " + " ".join(HOSTILE),
            "date": "2024-04-01",
            "description": "Incident " + MARKUP,
            "status": "resolved",
            "severity": "P1",
            "started": "2024-04-01T09:00:00Z",
            "detected": "2024-04-01T09:10:00Z",
            "resolved": "2024-04-01T11:00:00Z",
            "services": ["Service " + AMP, "Service " + RTL],
            "impact": "Impact " + " ".join(HOSTILE),
            "tags": [CDATA_END, EMOJI],
            "review": "done",
            "actions": [
                {"action": "Action " + MARKUP, "owner": "Owner " + AMP, "due": "2024-05-01", "status": "done"},
                {"action": "Action " + CDATA_END + CONTROLS, "owner": "Owner " + RTL, "due": "2030-05-01", "status": "open"},
            ],
            "updates": [
                {"at": "2024-04-01T09:15:00Z", "status": "investigating", "text": "Update " + MARKUP + CDATA_END},
                {"at": "2024-04-01T10:00:00Z", "status": "identified", "text": "Update " + CONTROLS + EMOJI},
            ],
        },
        "## Summary\n\nIt broke " + AMP + "\n\n## What could have gone better\n\nMuch.\n\n" + BODY,
    )
    write(
        root,
        "incidents/2024-06-01-many-actions.md",
        {
            "title": "An incident with thirty actions",
            "date": "2024-06-01",
            "status": "resolved",
            "severity": "P2",
            "started": "2024-06-01T09:00:00Z",
            "detected": "2024-06-01T09:30:00Z",
            "resolved": "2024-06-01T15:00:00Z",
            "services": ["Service " + AMP],
            "impact": "Slow pages " + RTL,
            "review": "done",
            "actions": [
                {
                    "action": f"Action {n}: " + ("check the " + LONG_WORD[:40] + " " if n == 7 else "") + "make the thing better",
                    "owner": f"Team {n % 4}",
                    "due": f"20{24 + n % 3}-{n % 12 + 1:02d}-15",
                    "status": ["done", "open", "in-progress", "dropped"][n % 4],
                }
                for n in range(1, 31)
            ],
        },
        "## Summary\n\nIt was slow.\n",
    )
    write(
        root,
        "incidents/2024-04-02-notice.md",
        {"title": "Notice " + QUOTES, "date": "2024-04-02", "type": "notice", "services": ["Service " + AMP]},
        "A notice " + RTL + "\n",
    )
    write(
        root,
        "incidents/2024-04-03-maintenance.md",
        {
            "title": "Maintenance " + CDATA_END,
            "date": "2024-04-03",
            "type": "maintenance",
            "scheduled": {"start": "2024-04-10T22:00:00Z", "end": "2024-04-11T02:00:00Z"},
            "services": ["Service " + RTL],
        },
        "Planned work.\n",
    )

    write(root, "plan/_index.md", {"title": "Plan " + EMOJI, "kind": "plan"}, "")
    write(
        root,
        "plan/roadmap.md",
        {
            "title": "Roadmap " + " ".join(HOSTILE),
            "date": "2024-05-01",
            "description": "Plan " + AMP,
            "items": [
                {"title": "Item " + MARKUP, "status": "done", "horizon": "now", "outcome": "Outcome " + AMP, "updated": "2024-05-02"},
                {"title": "Item " + CDATA_END, "status": "in-progress", "horizon": "next", "outcome": "Outcome " + RTL, "updated": "2024-05-03"},
                {"title": "Item " + CONTROLS, "status": "planned", "horizon": "later", "outcome": "Outcome " + EMOJI, "updated": "2024-05-04"},
            ],
        },
        BODY,
    )
    write(
        root,
        "about.md",
        {"title": "About " + " ".join(HOSTILE), "description": LONG_TITLE, "kind": "page"},
        BODY,
    )
    # The body's image is a real file beside every page that shows it: a missing image is
    # an error, and the stress site is about what a good site may hold.
    for folder in {p.parent for p in (root / "content").rglob("*.md")}:
        (folder / "picture.png").write_bytes(PNG)
    return 0


if __name__ == "__main__":
    sys.exit(main())
