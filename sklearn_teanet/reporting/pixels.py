"""A figure's pixels finished with Pillow: its changing texts drawn, and a PNG written on a fixed palette.

Matplotlib lays out every text anew and renders it glyph by glyph: the dozen
texts that change from one identification figure to the next (title, candidate
names, band positions) took two thirds of its time. Pillow draws the same text
with the same font (FreeType, the font matplotlib chose) in a twentieth of the
time, at the place and alignment matplotlib would have given it.

A PNG of full colour spends most of its time filtering rows of three bytes a
pixel; a figure holds a dozen colours and their blends with white, so mapped
onto a palette of those it is written in a third of the time, at half the size.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib import font_manager
from matplotlib.colors import to_rgba, to_rgba_array
from PIL import Image, ImageDraw, ImageFont

__all__ = ["draw_texts", "figure_palette", "write_png"]

#: How far (in 0-255 units) a palette's blends stay from white.
_NEAR_WHITE = 8

# matplotlib's alignment as Pillow's anchor: horizontal l/m/r; vertical by ascender (top), middle, baseline or
# descender (matplotlib's "bottom" is the bottom of the text's box, which the descender bounds).
_HORIZONTAL = {"left": "l", "center": "m", "right": "r"}
_VERTICAL = {"top": "a", "center": "m", "center_baseline": "m", "baseline": "s", "bottom": "d"}


@functools.lru_cache(maxsize=32)
def _font(path: str, size: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def draw_texts(image, texts, dpi: float) -> None:
    """Draw each visible matplotlib ``Text`` of ``texts`` onto ``image`` (a Pillow image of the whole figure).

    Parameters
    ----------
    image : PIL.Image.Image
        The figure's pixels (RGB), as the Agg canvas holds them.
    texts : iterable of matplotlib.text.Text
        Plain texts (no mathtext, no rotation), each positioned by its own transform.
    dpi : float
        The figure's resolution: a font size in points is ``size * dpi / 72`` pixels.
    """
    draw = ImageDraw.Draw(image)
    height = image.height
    for text in texts:
        content = text.get_text()
        if not text.get_visible() or not content:
            continue
        x, y = text.get_transform().transform(text.get_position())
        font = _font(font_manager.findfont(text.get_fontproperties()), text.get_fontsize() * dpi / 72)
        # matplotlib's texts are escaped against mathtext ("\$"); here they are drawn as written.
        content = content.replace(r"\$", "$")
        anchor = _HORIZONTAL[text.get_horizontalalignment()] + _VERTICAL[text.get_verticalalignment()]
        colour = tuple(int(round(255 * c)) for c in to_rgba(text.get_color())[:3])
        if "\n" in content:  # Pillow aligns lines of several by their first line's top only
            draw.multiline_text((x, height - y), content, font=font, fill=colour, anchor=anchor[0] + "a",
                                spacing=0.2 * font.size)  # fmt: skip
        else:
            draw.text((x, height - y), content, font=font, fill=colour, anchor=anchor)


def figure_palette(figure) -> Image.Image:
    """A palette image of every colour ``figure``'s artists use, each blended with white in even steps (what
    anti-aliased edges and transparent fills make of it on a white figure)."""
    colours = {(1.0, 1.0, 1.0), (0.0, 0.0, 0.0)}
    for artist in figure.findobj():
        for name in ("get_color", "get_facecolor", "get_edgecolor"):
            try:
                found = to_rgba_array(getattr(artist, name)())
            except (AttributeError, TypeError, ValueError):
                continue
            colours.update(tuple(np.round(rgba[:3], 3)) for rgba in found if rgba[3] > 0)
    steps = max(2, 255 // len(colours))
    weights = np.linspace(0, 1, steps)[:, None]
    blends = [weights * np.array(colour) + (1 - weights) for colour in sorted(colours)]
    table = np.unique(np.round(255 * np.vstack(blends)).astype(np.uint8), axis=0)
    # Pillow finds each colour's nearest entry on a coarse grid, where the page's white would fall to a blend a
    # few units off it: no entry is kept that close to white but white itself.
    off_white = 255 - table.min(axis=1)
    table = table[(off_white == 0) | (off_white >= _NEAR_WHITE)][:256]
    palette = Image.new("P", (1, 1))
    palette.putpalette(table.ravel().tolist())
    return palette


def write_png(image: Image.Image, path, palette: Image.Image) -> None:
    """Write an RGB ``image`` as a PNG on ``palette`` (no dithering: flat colours stay flat)."""
    image.quantize(palette=palette, dither=Image.Dither.NONE).save(path, format="png", compress_level=1)
