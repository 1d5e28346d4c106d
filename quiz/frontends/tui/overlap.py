"""A notice over a line keeps its full-width characters whole.

Textual's compositor cuts every line of the screen at the edge of every widget on it, and
paints each piece from the topmost widget there. A notice drawn over the host screen's
divider was cut at the divider's column too, and where that column fell inside a full-width
character of the notice, the character was split in two and drawn as two spaces: the
Japanese notice "ほかに '学習者2' という名前の人はいません" read "'学習  2'". Here a cut that
falls inside a character is left out when the same widget paints both sides of it (the pieces
on both sides are one piece then); where another widget covers one side, the half that shows
is a space, as before.

Textual is pinned: ``install`` replaces ``Compositor._render_chops`` with this copy of it
(tests/tui/test_cut_and_wrapped.py fails if the seam moves). Lines whose cells are as many as
their characters (no full-width text) take Textual's path unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise

from rich.cells import get_character_cell_size
from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

_EMPTY = Strip([], 0)


def _inside_a_character(strip: Strip, offsets: Sequence[int]) -> set[int]:
    """The offsets (cells from the strip's start) that fall inside a double-width character."""
    wanted, inside, x = set(offsets), set(), 0
    for segment in strip:
        if segment.control:
            continue
        for char in segment.text:
            width = get_character_cell_size(char)
            if width == 2 and x + 1 in wanted:
                inside.add(x + 1)
            x += width
    return inside


def _render_chops(
    self: Compositor, crop: Region, is_rendered_line: Callable[[int], bool]
) -> Sequence[Mapping[int, Strip]]:
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips, strict=False):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            offsets = [cut - render_x for cut in final_cuts[1:]]
            # Only a strip that spans another widget's edge, owns the pieces on both sides of
            # it (it is on top: a container's pieces are its children's by now) and holds
            # full-width text can lose a character: for the rest, Textual's path.
            shared = [
                cut
                for left, cut in pairwise(final_cuts[:-1])
                if line.get(left) is None and line.get(cut) is None
            ]
            if shared and strip.cell_length != len(strip.text):
                inside = _inside_a_character(strip, [cut - render_x for cut in shared])
                joined = {cut for cut in shared if cut - render_x in inside}
                if joined:
                    kept = iter(strip.divide([o for o in offsets if o + render_x not in joined]))
                    pieces = [_EMPTY if cut in joined else next(kept) for cut in final_cuts[:-1]]
                    for cut, piece in zip(final_cuts, pieces, strict=False):
                        if line.get(cut) is None:
                            line[cut] = piece
                    continue
            for cut, piece in zip(final_cuts, strip.divide(offsets), strict=False):
                if line.get(cut) is None:
                    line[cut] = piece
    return chops  # type: ignore[return-value]


def install() -> None:
    """Make Textual's compositor keep full-width characters whole where one widget paints both
    sides of a cut."""
    Compositor._render_chops = _render_chops  # type: ignore[method-assign]
