"""A change list (:func:`policydiff.compare.diff.diff_documents`) as text: terminal, JSON, Markdown, HTML.

Every formatter is pure: it takes the changes and the names of the two sides
(``old_name``, ``new_name``: a version, a date, a file) and returns a string.

- ``term``: one block per change, a header line (kind, address, ``old → new``
  when it changed) and the provision's own text, indented. Modified text is
  shown inline: deletions ``[-…-]``, insertions ``{+…+}`` without colour; with
  colour, red struck-through and green instead. Added text is prefixed ``+``,
  deleted text ``-``. Lines are wrapped to ``width`` terminal columns, counting
  East Asian wide and full-width characters as two (ambiguous ones as one), and
  never break before a closing mark (``，。）”``) or after an opening one.
- ``json``: ``{"version": 1, "from": …, "to": …, "changes": [...]}``, each change
  with all its fields and its segments as ``{"op", "text"}``; not ASCII-escaped.
- ``md``: a heading per change; deletions ``<del>``, insertions ``<ins>``; the
  text is escaped so Markdown reads it as plain text.
- ``html``: a standalone page, everything escaped; ``<del>``/``<ins>``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Literal

from policydiff.compare.diff import FORMATTING_WORD, KIND_WORDS, Change, ChangeKind
from policydiff.compare.textdiff import Op, Segment
from policydiff.compare.wrap import Piece, text_width, wrap
from policydiff.compare.wrap import char_width as char_width  # part of this module's API (tests, docs)
from policydiff.zh.lazyre import lazy

Format = Literal["term", "json", "md", "html"]
FORMATS: tuple[Format, ...] = ("term", "json", "md", "html")

#: Order of the kinds in the summary line.
_KIND_ORDER: tuple[ChangeKind, ...] = ("modified", "added", "deleted", "renumbered", "moved")


def render(
    changes: Sequence[Change],
    fmt: Format,
    *,
    old_name: str = "",
    new_name: str = "",
    title: str = "",
    color: bool = False,
    width: int = 80,
) -> str:
    """*changes* in format *fmt*; ``color`` and ``width`` apply to ``term``, ``title`` to md and html."""
    if fmt == "term":
        return to_term(changes, old_name=old_name, new_name=new_name, color=color, width=width)
    if fmt == "json":
        return to_json(changes, old_name=old_name, new_name=new_name)
    if fmt == "md":
        return to_markdown(changes, old_name=old_name, new_name=new_name, title=title)
    return to_html(changes, old_name=old_name, new_name=new_name, title=title)


def summary(changes: Sequence[Change]) -> str:
    """``12处改动：修改10处，新增1处，序号调整1处`` (``没有改动`` when empty), in the words of :data:`KIND_WORDS`."""
    if not changes:
        return "没有改动"
    parts = []
    for kind in _KIND_ORDER:
        count = sum(c.kind == kind for c in changes)
        if count:
            formatting = sum(c.formatting_only for c in changes if c.kind == kind)
            among = f"（其中{FORMATTING_WORD}{formatting}处）" if formatting else ""
            parts.append(f"{KIND_WORDS[kind]}{count}处{among}")
    return f"{len(changes)}处改动：" + "，".join(parts)


def kind_word(change: Change) -> str:
    """The kind as shown (:data:`KIND_WORDS`): ``仅标点或空格`` for a formatting-only modification."""
    return FORMATTING_WORD if change.formatting_only else KIND_WORDS[change.kind]


def address(change: Change) -> str:
    """``old → new`` when the address changed, else the one address."""
    old, new = change.old_address, change.new_address
    if old is None or new is None or old == new:
        return new or old or ""
    return f"{old} → {new}"


def body(change: Change) -> tuple[Segment, ...]:
    """What to show of a change's text: its segments, else its text as one segment."""
    if change.segments:
        return change.segments
    if change.kind == "added":
        return (Segment("insert", change.new_text or ""),)
    if change.kind == "deleted":
        return (Segment("delete", change.old_text or ""),)
    return (Segment("equal", change.new_text or ""),)


def split_lines(parts: Iterable[Segment]) -> list[list[Segment]]:
    """Segments cut at line breaks: one list per line, each segment within one line."""
    out: list[list[Segment]] = [[]]
    for seg in parts:
        for n, piece in enumerate(seg.text.split("\n")):
            if n:
                out.append([])
            if piece:
                out[-1].append(Segment(seg.op, piece))
    return out


# --- JSON ---------------------------------------------------------------------------------


def change_data(change: Change) -> dict[str, object]:
    """One change as JSON-ready data."""
    return {
        "kind": change.kind,
        "id": change.id,
        "old_address": change.old_address,
        "new_address": change.new_address,
        "old_text": change.old_text,
        "new_text": change.new_text,
        "formatting_only": change.formatting_only,
        "segments": [{"op": s.op, "text": s.text} for s in change.segments],
    }


def to_json(changes: Sequence[Change], *, old_name: str = "", new_name: str = "") -> str:
    """``{"version": 1, "from": old_name, "to": new_name, "changes": [...]}``, indented, UTF-8 as is."""
    import json  # here, not at the top: no other format needs it

    data = {"version": 1, "from": old_name, "to": new_name, "changes": [change_data(c) for c in changes]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- terminal -----------------------------------------------------------------------------

_SGR = {"insert": "32", "delete": "31;9", "equal": "", "dim": "2", "bold": "1"}
_KIND_SGR = {"added": "1;32", "deleted": "1;31", "modified": "1;33", "renumbered": "1;36", "moved": "1;35"}
_MARKERS: dict[Op, tuple[str, str]] = {"insert": ("{+", "+}"), "delete": ("[-", "-]"), "equal": ("", "")}
_HEAD = 14  # columns of the kind word in a header line (仅标点或空格 is 12)


def to_term(
    changes: Sequence[Change], *, old_name: str = "", new_name: str = "", color: bool = False, width: int = 80
) -> str:
    """The terminal view, wrapped to *width* columns (:mod:`.wrap`), with ANSI colours when *color*."""
    out = []
    if old_name or new_name:
        out += wrap([Piece(f"--- {old_name}", "31")], width, "", "    ", color)
        out += wrap([Piece(f"+++ {new_name}", "32")], width, "", "    ", color)
    out += wrap([Piece(summary(changes), "")], width, "", "  ", color)
    for change in changes:
        out.append("")
        out.extend(_term_change(change, color, width))
    return "".join(line + "\n" for line in out)


def _paint(text: str, sgr: str, color: bool) -> str:
    return f"\x1b[{sgr}m{text}\x1b[0m" if color and sgr and text else text


def _term_change(change: Change, color: bool, width: int) -> list[str]:
    word = kind_word(change)
    head = [Piece(word, _KIND_SGR[change.kind]), Piece(" " * max(_HEAD - text_width(word), 1), "")]
    head.append(Piece(address(change) or change.id or "标题", _SGR["bold"]))
    lines = wrap(head, width, "", " " * _HEAD, color)
    prefix = {"added": "+ ", "deleted": "- "}.get(change.kind, "  ")
    style = {"added": "insert", "deleted": "delete"}.get(change.kind)
    for line in split_lines(body(change)):
        pieces = [piece for seg in line for piece in _pieces(seg, color, style)]
        sgr = _SGR[style] if style else ""
        lines += wrap(pieces, width, _paint(prefix, sgr, color), " " * len(prefix), color)
    return lines


def _pieces(seg: Segment, color: bool, whole: str | None) -> list[Piece]:
    """The pieces of one segment; without colour, edits inside a modified text get markers."""
    if whole is not None:
        return [Piece(seg.text, _SGR[whole])]
    piece = Piece(seg.text, _SGR[seg.op])
    if color or seg.op == "equal":
        return [piece]
    start, end = _MARKERS[seg.op]
    return [Piece(start, "", glue_after=True), piece, Piece(end, "", glue_before=True)]


# --- Markdown -----------------------------------------------------------------------------

_MD_SPECIAL = lazy(r"([\\`*_\[\]<>|~&])")  # lazy: only the markdown format uses them
_MD_LINE_START = lazy(r"^(#|[-+=](?=\s|$)|\d+(?=[.)](\s|$)))")


def md_escape(text: str) -> str:
    """*text* so that Markdown shows it literally, inline and at the start of a line."""
    return md_line(md_inline(text))


def md_inline(text: str) -> str:
    """*text* with the characters that Markdown reads inline backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_line(line: str) -> str:
    """A line of Markdown that cannot start a heading, list, quote or code block."""
    line = _MD_LINE_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), line)
    stripped = line.lstrip(" ")
    return "&#32;" * (len(line) - len(stripped)) + stripped


def to_markdown(changes: Sequence[Change], *, old_name: str = "", new_name: str = "", title: str = "") -> str:
    """Markdown: a heading per change, its text with ``<del>``/``<ins>``, one paragraph per line."""
    out = [f"# {md_escape(title)}", ""] if title else []
    names = f"**{md_escape(old_name)} → {md_escape(new_name)}** · " if old_name or new_name else ""
    out += [names + md_escape(summary(changes)), ""]
    for change in changes:
        out += [f"## {md_escape(address(change))} · {kind_word(change)}", ""]
        for line in split_lines(body(change)):
            out += [md_line(_marked(line, md_inline)), ""]
    return "\n".join(out)


def _marked(line: list[Segment], escape: Callable[[str], str]) -> str:
    tags = {"insert": "ins", "delete": "del"}
    parts = []
    for seg in line:
        text = escape(seg.text)
        parts.append(f"<{tags[seg.op]}>{text}</{tags[seg.op]}>" if seg.op in tags else text)
    return "".join(parts)


# --- HTML ---------------------------------------------------------------------------------

_STYLE = """body { font-family: sans-serif; max-width: 48em; margin: 2em auto; line-height: 1.7; }
ins { background: #e6ffec; text-decoration: none; }
del { background: #ffebe9; }
.kind { font-size: 0.8em; text-transform: uppercase; color: #57606a; }
.added h2 .kind { color: #1a7f37; } .deleted h2 .kind { color: #cf222e; }"""


def to_html(changes: Sequence[Change], *, old_name: str = "", new_name: str = "", title: str = "") -> str:
    """A standalone HTML page: a section per change, its text with ``<del>``/``<ins>``."""
    import html  # its import reads the table of HTML5 entities: only this format needs it

    esc = html.escape
    name = title or "policydiff"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        '<head>\n<meta charset="utf-8">',
        f"<title>{esc(name)}</title>",
        f"<style>\n{_STYLE}\n</style>\n</head>\n<body>",
    ]
    if title:
        out.append(f"<h1>{esc(title)}</h1>")
    names = f"{esc(old_name)} → {esc(new_name)} · " if old_name or new_name else ""
    out.append(f'<p class="summary">{names}{esc(summary(changes))}</p>')
    out.extend(_html_change(c) for c in changes)
    out.append("</body>\n</html>")
    return "\n".join(out) + "\n"


def _html_change(change: Change) -> str:
    import html

    esc = html.escape
    classes = f"change {change.kind}" + (" formatting" if change.formatting_only else "")
    lines = [f'<section class="{classes}" data-id="{esc(change.id)}">']
    lines.append(
        f'<h2><span class="address">{esc(address(change))}</span> <span class="kind">{kind_word(change)}</span></h2>'
    )
    lines += [f"<p>{_marked(line, esc)}</p>" for line in split_lines(body(change))]
    lines.append("</section>")
    return "\n".join(lines)
