"""Bank text is Markdown: rendered here, once, by markdown-it-py, for every place that shows it.

Banks' prompts and explanations keep the line breaks their authors typed in TOML; Markdown
reads a single line break as a space, so every rendering reflows them. HTML (for reports) is
CommonMark with raw HTML switched off, so a bank can never inject markup into a report, and
markdown-it's link check refuses ``javascript:`` and the like. Plain text (for plain mode,
screen readers and lists of questions) comes from mdit-plain, taught to keep list markers and
link targets, and is wrapped to a width when asked. The full-screen app shows the same source
with Textual's Markdown widget, which is built on the same parser.

Every parser here takes the CJK-friendly rules (mdit-py-cjk-friendly): CommonMark does not
close ``**`` after full-width punctuation when a letter follows (``**…（FIMI）**を``), so a
Japanese bank showed its asterisks; with the plugin it is bold, as its author meant. And a
line break typed between two CJK characters is dropped when the text is parsed
(``join_cjk_lines``), so no renderer reads it as a space: Japanese puts none between words, and
a sentence split over two lines of TOML showed one (the plugin drops it in HTML only, and only
between two plain texts, not after ``**``).

markdown-it is imported on first use: headless commands that never render stay fast.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

from quiz.i18n.phrases import CJK
from quiz.i18n.width import fill

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

_MARKER = re.compile(r"\s*(?:• |\d+\. )?")


def _edge(tokens: Any, last: bool) -> str:
    """The character of inline ``tokens`` nearest a line break: the last before it (``last``)
    or the first after it; none past another break."""
    for token in tokens:
        if token.type in ("softbreak", "hardbreak"):
            return ""
        if token.content and token.type in ("text", "code_inline"):
            return str(token.content[-1] if last else token.content[0])
    return ""


def _drop_cjk_breaks(state: StateCore) -> None:
    for block in state.tokens:
        children: list[Token] = block.children or []
        if block.type != "inline" or not any(child.type == "softbreak" for child in children):
            continue
        block.children = [
            child
            for i, child in enumerate(children)
            if not (
                child.type == "softbreak"
                and CJK.match(_edge(reversed(children[:i]), last=True))
                and CJK.match(_edge(children[i + 1 :], last=False))
            )
        ]


def join_cjk_lines(md: MarkdownIt) -> None:
    """A markdown-it plugin: soft line breaks between two CJK characters are dropped."""
    md.core.ruler.push("join_cjk_lines", _drop_cjk_breaks)


def parser(preset: str = "commonmark") -> MarkdownIt:
    """A markdown-it parser for bank text: raw HTML off, emphasis that closes in CJK text.

    The full-screen app's Markdown widgets are built on ``parser("gfm-like")``, Textual's own
    preset."""
    from markdown_it import MarkdownIt
    from mdit_py_cjk_friendly import cjk_friendly

    return MarkdownIt(preset, {"html": False}).use(cjk_friendly).use(join_cjk_lines)


@cache
def _html_parser() -> MarkdownIt:
    # No images: an <img> in the report would be fetched when it is opened, from wherever the
    # bank points (the report is made to open offline, and a server would learn who opened it);
    # "![alt](url)" reads as its alt text, as plain mode shows it.
    from markdown_it.common.utils import escapeHtml

    md = parser()

    def image_as_text(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return str(escapeHtml(renderer.renderInlineAsText(tokens[idx].children or [], options, env)))

    md.add_render_rule("image", image_as_text)
    return md


@cache
def _plain_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_plain.renderer import RendererPlain

    class PlainText(RendererPlain):  # type: ignore[misc]
        """mdit-plain, with soft breaks as spaces, list markers and link targets kept.

        Open lists and links are tracked in ``env``, which belongs to one rendering, so one
        parser can serve several threads.
        """

        def render_softbreak(self, tokens: Any, i: int, options: Any, env: dict[str, Any]) -> str:
            return " "

        def render_bullet_list_open(self, tokens: Any, i: int, options: Any, env: dict[str, Any]) -> str:
            env.setdefault("lists", []).append([None])
            return ""

        def render_ordered_list_open(self, tokens: Any, i: int, options: Any, env: dict[str, Any]) -> str:
            env.setdefault("lists", []).append([int(tokens[i].attrGet("start") or 1)])
            return ""

        def render_bullet_list_close(self, tokens: Any, i: int, options: Any, env: dict[str, Any]) -> str:
            env["lists"].pop()
            return str(super().render_bullet_list_close(tokens, i, options, env))

        def render_ordered_list_close(self, tokens: Any, i: int, options: Any, env: dict[str, Any]) -> str:
            env["lists"].pop()
            return str(super().render_ordered_list_close(tokens, i, options, env))

        def render_list_item_open(self, tokens: Any, i: int, options: Any, env: dict[str, Any]) -> str:
            lists = env["lists"]
            counter = lists[-1]
            marker = "• " if counter[0] is None else f"{counter[0]}. "
            if counter[0] is not None:
                counter[0] += 1
            return "\n" + "  " * (len(lists) - 1) + marker

        def render_paragraph_open(self, tokens: Any, i: int, options: Any, env: dict[str, Any]) -> str:
            if tokens[i].hidden or (i and tokens[i - 1].type == "list_item_open"):
                return ""
            return "\n"

        def render_link_open(self, tokens: Any, i: int, options: Any, env: dict[str, Any]) -> str:
            token = tokens[i]
            href = "" if token.markup == "autolink" else str(token.attrGet("href") or "")
            env.setdefault("links", []).append(href)
            return ""

        def render_link_close(self, tokens: Any, i: int, options: Any, env: dict[str, Any]) -> str:
            href = env["links"].pop()
            return f" ({href})" if href else ""

    from mdit_py_cjk_friendly import cjk_friendly

    plain = MarkdownIt("commonmark", {"html": False}, renderer_cls=PlainText)
    return plain.use(cjk_friendly).use(join_cjk_lines)


def to_html(markdown: str) -> str:
    """Bank Markdown as an HTML fragment (paragraphs, emphasis, lists, links); raw HTML is escaped."""
    return str(_html_parser().render(markdown))


def to_plain(markdown: str, width: int | None = None) -> str:
    """Bank Markdown as plain text: no ``**``, lines reflowed, and wrapped to ``width`` if given.

    Paragraphs are separated by one blank line; list items keep ``•`` or their number, with
    their wrapped lines indented under the text.
    """
    rendered = str(_plain_parser().render(markdown, {}))
    lines: list[str] = []
    for line in rendered.splitlines():
        if not line.strip():
            if lines and lines[-1]:
                lines.append("")
            continue
        if width is None:
            lines.append(line.rstrip())
            continue
        lead = _MARKER.match(line)
        hanging = " " * (lead.end() if lead else 0)
        lines.append(fill(line.rstrip(), max(20, width), subsequent_indent=hanging))
    return "\n".join(lines).strip("\n")


def first_line(markdown: str, limit: int = 70) -> str:
    """The first line of some Markdown as plain text, cut to ``limit``: for lists of questions."""
    line = next((ln.strip() for ln in to_plain(markdown).splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
