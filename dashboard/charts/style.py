"""One palette for every chart: series and bucket colours mid-tone so they read on light and
dark backgrounds, and a template whose text and grid colours the Streamlit theme can restyle."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

PALETTE: tuple[str, ...] = ("#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#B07AA1",
                            "#EDC948", "#9C755F", "#FF9DA7", "#8CD17D")
BUCKET_COLORS: tuple[str, ...] = ("#EDC948", "#F28E2B", "#E15759", "#B6324F", "#8F2D56",
                                  "#6F4C9B", "#4B3F8C")
COLORS: dict[str, str] = {
    "provision": "#F28E2B", "write_off": "#E15759", "recovery": "#59A14F",
    "net_build": "#4E79A7", "allowance_end": "#B07AA1", "ratio": "#3A9AD9",
    "muted": "#8C8C8C",
}
FONT = "Inter, 'Source Sans Pro', 'Segoe UI', Helvetica, Arial, sans-serif"

TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font={"family": FONT, "size": 13, "color": "#262730"},
        paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF", colorway=list(PALETTE),
        xaxis={"gridcolor": "#E6E6E6", "linecolor": "#BFBFBF", "zeroline": False},
        yaxis={"gridcolor": "#E6E6E6", "linecolor": "#BFBFBF", "zerolinecolor": "#BFBFBF"},
        hoverlabel={"font": {"family": FONT}},
    )
)


def bucket_color(days_from: object, days_to: object) -> str:
    """One colour per band of days past due, the same in every chart: amber → red → purple."""
    lo = 0.0 if pd.isna(days_from) else float(days_from)
    if lo <= 1:
        return BUCKET_COLORS[0]
    if lo <= 31:
        return BUCKET_COLORS[1]
    if lo < 90 and not pd.isna(days_to):
        return BUCKET_COLORS[2]
    if lo < 120:
        return BUCKET_COLORS[3]
    if lo < 150:
        return BUCKET_COLORS[4]
    if lo < 180:
        return BUCKET_COLORS[5]
    return BUCKET_COLORS[6]
