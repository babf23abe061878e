"""The progress chart: realised against the cumulative target, as hand-written SVG.

Deterministic (same series, same bytes: coordinates are rounded and nothing depends on the
clock or on dict order) and readable in greyscale: the realised line is solid with round
markers, the target dashed with square markers, the nulmeting a diamond. The chart carries
a <title> and a <desc>; the full numbers stand in the HTML table next to it.
"""

from __future__ import annotations

import math
from datetime import date
from html import escape

from convenantgen import dutch
from convenantgen.progress_series import Point, Series

WIDTH, HEIGHT = 600, 330
LEFT, RIGHT, TOP, BOTTOM = 64, 28, 58, 40
INK, MUTED, ACCENT, GRID = "#1a1a1a", "#555555", "#154273", "#d4d4d4"
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _n(value: float) -> str:
    """A coordinate with one decimal and no '-0.0', so output never depends on float noise."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def nice_step(span: float, ticks: int = 5) -> int:
    """A round step (1, 2, 2.5 or 5 × 10^k, at least 1) giving about ``ticks`` intervals."""
    raw = max(span / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw and float(step).is_integer():
            return int(step)
    return int(10 * power)


class _Frame:
    """Maps dates and values to SVG coordinates."""

    def __init__(self, points: list[Point]) -> None:
        first = min(p.day for p in points)
        last = max(p.day for p in points)
        self.start = date(first.year, 1, 1)
        self.end = date(last.year + 1, 1, 1)
        top = max(p.value for p in points)
        low = min(0, *(p.value for p in points))
        self.step = nice_step((top - low) * 1.1 or 1)
        self.low = math.floor(low / self.step) * self.step
        self.high = max(math.ceil(top * 1.1 / self.step) * self.step, self.low + self.step)

    def x(self, day: date) -> float:
        span = (self.end - self.start).days
        return LEFT + (day - self.start).days / span * (WIDTH - LEFT - RIGHT)

    def y(self, value: float) -> float:
        return HEIGHT - BOTTOM - (value - self.low) / (self.high - self.low) * (HEIGHT - TOP - BOTTOM)


def _axes(frame: _Frame, unit: str) -> list[str]:
    out = [f'<g class="assen" {FONT} font-size="12" fill="{MUTED}">']
    value = frame.low
    while value <= frame.high:
        y = _n(frame.y(value))
        out.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">'
            f"{dutch.getal(value)}</text>"
        )
        value += frame.step
    years = range(frame.start.year, frame.end.year + 1)
    every = 1 if len(years) <= 12 else 2
    for year in years:
        x = _n(frame.x(date(year, 1, 1)))
        base = _n(HEIGHT - BOTTOM)
        out.append(f'<line x1="{x}" y1="{base}" x2="{x}" y2="{_n(HEIGHT - BOTTOM + 5)}" stroke="{MUTED}"/>')
        if (year - frame.start.year) % every == 0 and year < frame.end.year:
            mid = _n(frame.x(date(year, 7, 1)))
            out.append(f'<text x="{mid}" y="{_n(HEIGHT - BOTTOM + 18)}" text-anchor="middle">{year}</text>')
    axis_y = _n(HEIGHT - BOTTOM)
    out.append(f'<line x1="{LEFT}" y1="{axis_y}" x2="{WIDTH - RIGHT}" y2="{axis_y}" stroke="{MUTED}"/>')
    out.append(f'<text x="{LEFT - 6}" y="{TOP - 12}" text-anchor="end">{escape(unit)}</text>')
    out.append("</g>")
    return out


def _line(frame: _Frame, points: tuple[Point, ...], dashed: bool) -> str:
    coords = " ".join(f"{_n(frame.x(p.day))},{_n(frame.y(p.value))}" for p in points)
    colour = MUTED if dashed else ACCENT
    dash = ' stroke-dasharray="7 5"' if dashed else ""
    return f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>'


def _marker(x: float, y: float, shape: str) -> str:
    if shape == "square":
        return (
            f'<rect x="{_n(x - 4.5)}" y="{_n(y - 4.5)}" width="9" height="9" fill="#ffffff" '
            f'stroke="{MUTED}" stroke-width="2"/>'
        )
    if shape == "diamond":
        pts = f"{_n(x)},{_n(y - 6)} {_n(x + 6)},{_n(y)} {_n(x)},{_n(y + 6)} {_n(x - 6)},{_n(y)}"
        return f'<polygon points="{pts}" fill="#ffffff" stroke="{ACCENT}" stroke-width="2"/>'
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" fill="{ACCENT}"/>'


def _labels(frame: _Frame, points: tuple[Point, ...], below: bool) -> list[str]:
    """Value labels; a label that would run into the one before moves to the other side."""
    out: list[str] = []
    last: tuple[float, float] | None = None
    for point in points:
        x, y = frame.x(point.day), frame.y(point.value)
        side = below
        if last is not None and abs(x - last[0]) < 46 and abs(y - last[1]) < 18:
            side = not below
        ty = y + 17 if side else y - 9
        anchor = "end" if x > WIDTH - RIGHT - 20 else "middle"
        out.append(
            f'<text x="{_n(x)}" y="{_n(ty)}" text-anchor="{anchor}" {FONT} font-size="12" '
            f'fill="{INK}">{dutch.getal(point.value)}</text>'
        )
        last = (x, y)
    return out


def _legend(has_targets: bool, has_baseline: bool) -> list[str]:
    out = [f'<g class="legenda" {FONT} font-size="13" fill="{INK}">']
    x = LEFT
    items = [("Gerealiseerd", False, "circle")]
    if has_targets:
        items.append(("Doel (cumulatief)", True, "square"))
    if has_baseline:
        items.append(("Nulmeting", None, "diamond"))  # type: ignore[arg-type]
    for text, dashed, shape in items:
        y = 22
        if dashed is not None:
            colour = MUTED if dashed else ACCENT
            dash = ' stroke-dasharray="7 5"' if dashed else ""
            out.append(
                f'<line x1="{x}" y1="{y}" x2="{x + 34}" y2="{y}" stroke="{colour}" stroke-width="2.5"{dash}/>'
            )
        out.append(_marker(x + 17, y, shape))
        out.append(f'<text x="{x + 42}" y="{y}" dominant-baseline="middle">{escape(text)}</text>')
        x += 42 + 7 * len(text) + 22
    out.append("</g>")
    return out


def describe(series: Series, unit: str) -> str:
    """The chart in words (its <desc>): every realised number and every target, in date order."""
    parts = []
    for p in series.realised:
        what = "nulmeting" if p.baseline else "gerealiseerd"
        parts.append(f"{p.label}: {dutch.getal(p.value)} {unit} {what}")
    for t in series.targets:
        parts.append(f"doel voor {t.label}: {dutch.getal(t.value)} {unit}")
    return "; ".join(parts) + "."


def chart_svg(series: Series, unit: str, title: str, chart_id: str) -> str:
    """The SVG of one series: gridlines, the target (dashed), the realised line, labels, a legend."""
    points = [*series.realised, *series.targets]
    frame = _Frame(points)
    realised = tuple(p for p in series.realised if not p.baseline)
    base = tuple(p for p in series.realised if p.baseline)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafiek" role="img" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{chart_id}-titel {chart_id}-beschrijving">',
        f'<title id="{chart_id}-titel">{escape(title)}</title>',
        f'<desc id="{chart_id}-beschrijving">{escape(describe(series, unit))}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        *_axes(frame, unit),
        *_legend(bool(series.targets), bool(base)),
    ]
    if len(series.targets) > 1:
        out.append(_line(frame, series.targets, dashed=True))
    if len(series.realised) > 1:
        out.append(_line(frame, series.realised, dashed=False))
    for p in series.targets:
        out.append(_marker(frame.x(p.day), frame.y(p.value), "square"))
    for p in base:
        out.append(_marker(frame.x(p.day), frame.y(p.value), "diamond"))
    for p in realised:
        out.append(_marker(frame.x(p.day), frame.y(p.value), "circle"))
    out += _labels(frame, series.targets, below=True)
    out += _labels(frame, series.realised, below=False)
    out.append("</svg>")
    return "\n".join(out) + "\n"
