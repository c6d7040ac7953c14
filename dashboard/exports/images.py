"""Figures as files: PNG and SVG through Plotly's own static export (kaleido driving the
system's Chromium), and self-contained interactive HTML. No streamlit.

Kaleido ≥1 renders in a headless Chrome/Chromium it finds on the machine. There is no network
at run time, so a browser is never downloaded here (`kaleido.get_chrome*` is not called): the
one found on PATH (or named by `BROWSER_PATH`, the variable kaleido itself honours) is used,
and without one a `BrowserNotFound` says how to fix it. Starting Chromium takes seconds, so one
kaleido session serves every image this process renders; it closes at exit (or
`close_session()`).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import copy
import os
import shutil
import textwrap
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

BROWSER_NAMES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome",
                                  "google-chrome-stable", "chrome")
SETUP_HINT = ("Static images need Chromium: run bash scripts/setup.sh as root, or download "
              "the interactive HTML instead.")

# A 16:9 slide image: 1280 × 720 layout pixels, rendered at 2× (2560 × 1440 PNG).
SLIDE_WIDTH, SLIDE_HEIGHT, SLIDE_SCALE = 1280, 720, 2
START_TIMEOUT = 60.0  # seconds to start Chromium and load plotly.js
RENDER_TIMEOUT = 90.0  # seconds per image

MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html"}


class ImageExportError(RuntimeError):
    """A static image could not be made; the message says why and what to do."""


class BrowserNotFound(ImageExportError):
    """No Chrome/Chromium on this machine for kaleido to drive."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(SETUP_HINT + (f" ({detail})" if detail else ""))


def find_browser() -> str | None:
    """The browser kaleido will drive: `BROWSER_PATH` when set, else the first on PATH."""
    named = os.environ.get("BROWSER_PATH", "").strip()
    if named:
        return named if os.path.isfile(named) and os.access(named, os.X_OK) else None
    for name in BROWSER_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def browser_available() -> bool:
    return find_browser() is not None


# ─── one kaleido session per process ────────────────────────────────────────────────────────

class _Session:
    """A kaleido browser on its own event loop thread, opened once and reused."""

    def __init__(self, browser: str) -> None:
        import kaleido

        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="kaleido",
                                       daemon=True)
        self.thread.start()

        async def _open() -> Any:
            # mathjax=False: no CDN fetch (there is no network); plotly.js comes from plotly.
            k = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT, path=browser, mathjax=False)
            await k.open()
            return k

        try:
            self.kaleido = self._run(_open(), START_TIMEOUT)
        except BaseException:
            self._stop_loop()
            raise

    def _run(self, coro: Any, timeout: float) -> Any:
        fut = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return fut.result(timeout)
        except FutureTimeout:
            fut.cancel()
            raise

    def render(self, fig: dict[str, Any], opts: dict[str, Any]) -> bytes:
        return self._run(self.kaleido.calc_fig(fig, opts=opts), RENDER_TIMEOUT + 5)

    def close(self) -> None:
        with contextlib.suppress(Exception):  # best effort: the browser may be gone already
            self._run(self.kaleido.close(), 15)
        self._stop_loop()

    def _stop_loop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


_LOCK = threading.Lock()
_SESSION: _Session | None = None


def _session() -> _Session:
    global _SESSION
    with _LOCK:
        if _SESSION is None:
            browser = find_browser()
            if browser is None:
                raise BrowserNotFound("no chromium or chrome on PATH, BROWSER_PATH not set")
            try:
                _SESSION = _Session(browser)
            except FutureTimeout as exc:
                raise ImageExportError(f"Chromium at {browser} did not start within "
                                       f"{START_TIMEOUT:.0f} s. {SETUP_HINT}") from exc
            except Exception as exc:
                raise BrowserNotFound(f"{browser} could not be started: "
                                      f"{type(exc).__name__}: {exc}") from exc
            atexit.register(close_session)
        return _SESSION


def warm_session(after: float = 0.0) -> None:
    """Start the shared browser on a background thread, `after` seconds from now (a page that
    offers image downloads calls this once it is drawn), so that the first download does not
    wait for Chromium."""
    if _SESSION is not None or not browser_available():
        return

    def start() -> None:
        with contextlib.suppress(ImageExportError):  # the download says why, when asked
            _session()

    timer = threading.Timer(after, start)
    timer.name, timer.daemon = "kaleido-warm", True
    timer.start()


def close_session() -> None:
    """Close the shared kaleido browser (it is opened again on the next render)."""
    global _SESSION
    with _LOCK:
        s, _SESSION = _SESSION, None
    if s is not None:
        s.close()


def render(fig: go.Figure, fmt: str = "png", *, width: int = SLIDE_WIDTH,
           height: int = SLIDE_HEIGHT, scale: float = SLIDE_SCALE) -> bytes:
    """The figure as PNG/SVG/PDF bytes, through kaleido's `calc_fig` (what `fig.to_image`
    calls), in this process's shared session. Raises `BrowserNotFound`/`ImageExportError`."""
    spec = fig.to_dict()
    opts = {"format": fmt, "width": int(width), "height": int(height), "scale": scale}
    session = _session()
    try:
        return session.render(spec, opts)
    except FutureTimeout as exc:
        close_session()  # a hung browser is not reused
        raise ImageExportError(f"rendering took longer than {RENDER_TIMEOUT:.0f} s") from exc
    except ImageExportError:
        raise
    except Exception as exc:
        close_session()
        raise ImageExportError(f"the static export failed: {type(exc).__name__}: {exc}") \
            from exc


# ─── styles: the app's figure, restyled for a screen or a slide (not redrawn) ───────────────

def _footnote(fig: go.Figure) -> tuple[int | None, str]:
    for i, a in enumerate(fig.layout.annotations or ()):
        if a.name == "footnote":
            return i, str(a.text or "")
    return None, ""


def footnote_text(fig: go.Figure) -> str:
    """The chart's source footnote as plain text (its line breaks removed)."""
    return " ".join(_footnote(fig)[1].replace("<br>", " ").split())


def title_text(fig: go.Figure) -> str:
    t = fig.layout.title
    return " ".join(str(t.text or "").replace("<br>", " ").split()) if t else ""


def subtitle_text(fig: go.Figure) -> str:
    t = fig.layout.title
    sub = t.subtitle.text if t and t.subtitle else ""
    return " ".join(str(sub or "").replace("<br>", " ").split())


def _scale_fonts(fig: go.Figure, base: int) -> None:
    ratio = base / 13
    fig.update_layout(font_size=base, legend_font_size=base - 1,
                      legend_title_font_size=base, hoverlabel_font_size=base - 2,
                      uniformtext={"minsize": base - 4, "mode": "show"})
    fig.update_xaxes(tickfont_size=base - 1, title_font_size=base, automargin=True)
    fig.update_yaxes(tickfont_size=base - 1, title_font_size=base, automargin=True)
    for a in fig.layout.annotations or ():
        if a.name == "footnote":
            continue
        size = a.font.size if a.font and a.font.size else 13
        a.font.size = round(size * ratio)
    for tr in fig.data:
        if getattr(tr, "mode", None) and "text" in str(tr.mode):
            tr.textfont = {"size": base - 1}
        elif isinstance(tr, go.Bar) and tr.text is not None:
            tr.textfont = {"size": base - 2}


def _lines(labels: object) -> int:
    return max((str(v).count("<br>") + 1 for v in labels or ()), default=1)


def _wrap_groups(fig: go.Figure, chars: int = 22) -> int:
    """Wrap the filer names of a two-level (filer, period) axis onto short lines, so they
    stay horizontal under larger type; returns the number of text rows under the axis (a
    period printed on two lines, "2013<br>12-31", takes two)."""
    lines = 1
    for tr in fig.data:
        x = getattr(tr, "x", None)
        if x is None or len(x) == 0:
            continue
        if len(x) != 2 or not all(isinstance(v, (list, tuple)) for v in x):
            if all(isinstance(v, str) for v in x):
                lines = max(lines, _lines(x))
            continue
        outer = ["<br>".join(textwrap.wrap(str(v).replace("<br>", " "), chars,
                                           break_long_words=True)) or str(v)
                 for v in x[0]]
        lines = max(lines, _lines(x[1]) + max((o.count("<br>") + 1 for o in outer), default=0))
        tr.x = [outer, list(x[1])]
    return lines


def _panel_gaps(fig: go.Figure, plot_px: float, gap_px: float) -> None:
    """Panels stacked one above the other (a figure per currency) keep `gap_px` between
    them for the upper panel's axis labels, whatever the margins left of the plot's height:
    make_subplots gave the gap as a share of a taller plot."""
    if any(a.name is None and a.yref == "paper" for a in fig.layout.annotations or ()):
        return  # titled panels (a grid of small multiples): their titles sit on the domains
    groups: dict[tuple[float, float], list[str]] = {}
    for k in fig.layout:
        if k.startswith("yaxis") and fig.layout[k].domain:
            groups.setdefault(tuple(fig.layout[k].domain), []).append(k)
    spans = sorted(groups, key=lambda d: -d[1])
    if len(spans) < 2 or plot_px <= 0 or any(a[0] < b[1] for a, b in zip(spans, spans[1:],
                                                                        strict=False)):
        return  # one panel, or panels side by side
    gap = min(0.4, gap_px / plot_px)
    share = (1 - gap * (len(spans) - 1)) / len(spans)
    for i, d in enumerate(spans):
        top = 1 - i * (share + gap)
        for k in groups[d]:
            fig.layout[k].domain = [max(0.0, top - share), top]


def legend_rows(fig: go.Figure, width_px: float, size: float) -> int:
    """How many rows a horizontal legend of `fig` takes across `width_px` at `size` px type.
    Plotly gives every entry of a wrapping legend the widest entry's width: its symbol
    (about 40 px) and its text (about 0.55 em a character); the legend's title comes first."""
    names = list(dict.fromkeys(str(t.name) for t in fig.data
                               if t.name and t.showlegend is not False))
    if not names:
        return 0
    title = fig.layout.legend.title.text if fig.layout.legend and fig.layout.legend.title \
        else ""
    room = width_px - (len(str(title or "")) * size * 0.6 + 12 if title else 0)
    entry = 40 + max(len(n) for n in names) * size * 0.55
    per_row = max(1, int(room // entry))
    return -(-len(names) // per_row)


def presentation_style(fig: go.Figure, *, height: int = 760, base: int = 18,
                       width_chars: int = 150, title_chars: int = 72,
                       width: int = 1000, grow: bool = False) -> go.Figure:
    """A copy for the presentation view and the PNG/SVG downloads: larger type, the same
    title, notes and footnote; the legend in rows above the plot so the plot gets the full
    width. Margins are computed from the text the figure holds at `width` px (about what
    the page gives a chart at 1400 px beside the sidebar; a download passes its own). An
    image of a fixed size sets its footnote smaller rather than squash the plot; `grow`
    (a page that scrolls) makes the figure taller instead."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    _scale_fonts(out, base)
    axis_rows = _wrap_groups(out)
    title = out.layout.title
    title_lines = 0
    if title and title.text:
        wrapped = textwrap.wrap(title_text(out), title_chars) or [title_text(out)]
        title_lines = len(wrapped)
        out.update_layout(title_text="<br>".join(wrapped), title_font_size=base + 8,
                          title_y=1, title_yref="container", title_yanchor="top",
                          title_pad_t=12 + (base + 8) * (title_lines - 1), title_pad_l=24,
                          title_subtitle_text=None)
    title_px = 12 + (base + 8) * (title_lines - 1) + (base + 12) * title_lines
    rows = legend_rows(out, width - 60, base - 1)
    legend_px = rows * (base + 10)
    idx, foot = _footnote(out)
    lines, foot_size = 0, base - 4
    if idx is not None:
        plain = " ".join(foot.replace("<br>", " ").split())
        # the notes about the figures and the source line each start a line of their own
        head, sep, tail = plain.partition(" Source: ")
        paragraphs = [head, "Source: " + tail] if sep else [plain]
        # smaller type (down to 10 px) before the plot gets less than half the height
        while True:
            chars = int(width_chars * (base - 4) / foot_size)
            wrapped = [w for para in paragraphs for w in (textwrap.wrap(para, chars) or [para])]
            lines = len(wrapped)
            used = title_px + legend_px + 70 + axis_rows * (base + 6) + (foot_size + 4) * lines
            if grow or used <= height / 2 or foot_size <= 10:
                break
            foot_size -= 1
        ann = out.layout.annotations[idx]
        ann.text = "<br>".join(wrapped)
        ann.font.size = foot_size
        ann.yshift = -(axis_rows * (base + 6) + 18)
    bottom = axis_rows * (base + 6) + 40 + (foot_size + 4) * lines
    if grow:  # the page scrolls: the plot keeps at least 420 px whatever the text takes
        height = max(height, title_px + legend_px + 30 + bottom + 420)
    out.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left",
                              "yref": "container", "y": 1 - (title_px + 8) / height,
                              "yanchor": "top", "title": {"side": "left"}})

    top = title_px + legend_px + 30
    out.update_layout(height=height, autosize=True, width=None,
                      margin={"l": 90, "r": 90 if _right_axis(out) else 40,
                              "t": top, "b": bottom})
    _panel_gaps(out, height - top - bottom, axis_rows * (base + 6) + 36)
    return out


def _right_axis(fig: go.Figure) -> bool:
    return any(getattr(fig.layout[k], "side", None) == "right"
               for k in fig.layout if k.startswith("yaxis"))


def slide_style(fig: go.Figure, *, base: int = 18) -> go.Figure:
    """A copy for a slide: the title, notes and footnote move to the slide as native text,
    the legend goes above the plot so the plot gets the slide's width, type is larger."""
    out = go.Figure(copy.deepcopy(fig.to_dict()))
    _scale_fonts(out, base)
    _wrap_groups(out)
    idx, _ = _footnote(out)
    if idx is not None:
        anns = list(out.layout.annotations)
        del anns[idx]
        out.layout.annotations = anns
    out.update_layout(title=None, margin={"l": 80, "r": 30, "t": 40, "b": 40})
    _legend_on_top(out)
    return out


def _legend_on_top(fig: go.Figure) -> None:
    """The legend above the plot, so the plot gets the full width; not when subplot titles
    sit there (a figure in panels keeps its legend on the right)."""
    panels = any(a.name is None and a.yref == "paper" for a in fig.layout.annotations or ())
    if not panels:
        fig.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02,
                                  "yanchor": "bottom", "title": {"side": "left"}})


# ─── interactive HTML ───────────────────────────────────────────────────────────────────────

HTML_CONFIG: dict[str, Any] = {"displaylogo": False, "responsive": True,
                               "toImageButtonOptions": {"format": "png", "scale": 2}}


def figure_html(fig: go.Figure, *, title: str | None = None) -> bytes:
    """One self-contained HTML page (plotly.js inline, no network needed) with the chart."""
    html = fig.to_html(include_plotlyjs=True, full_html=True, config=HTML_CONFIG,
                       default_width="100%", default_height=f"{int(fig.layout.height or 600)}px")
    name = title or title_text(fig) or "Chart"
    html = html.replace("<head>", f"<head><meta charset=\"utf-8\"><title>{_esc(name)}</title>", 1)
    return html.encode("utf-8")


def _esc(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


# ─── downloads the app offers beside a chart ────────────────────────────────────────────────

@dataclass(frozen=True, slots=True)
class Download:
    label: str
    file_name: str
    mime: str
    make: Any  # () -> bytes, called when the user asks for the file

    def data(self) -> bytes:
        return self.make()


def figure_downloads(fig: go.Figure, stem: str, *, static: bool | None = None) -> list[Download]:
    """PNG and SVG at slide resolution (when a browser is there) and interactive HTML.

    The bytes are made on demand (`make()`), so a page can offer the buttons without paying
    for the renders; `static=None` checks for a browser.
    """
    static = browser_available() if static is None else static
    out = []
    if static:
        def slide() -> go.Figure:  # restyled when a file is asked for, not on every page run
            return presentation_style(fig, height=SLIDE_HEIGHT, width=SLIDE_WIDTH)

        out.append(Download("PNG (slide, 2560×1440)", f"{stem}.png", MIME["png"],
                            lambda: render(slide(), "png")))
        out.append(Download("SVG", f"{stem}.svg", MIME["svg"],
                            lambda: render(slide(), "svg", scale=1)))
    out.append(Download("Interactive HTML", f"{stem}.html", MIME["html"],
                        lambda: figure_html(fig)))
    return out
