"""What the AppTest modules share: the app's entry script, a library seeded once per module by
the app's first start with the bundled samples (data/), and a page opened in a new session."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from lxml import html as lxml_html
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "ui" / "app.py"


def ok(at: AppTest) -> AppTest:
    """The run raised nothing (else the test fails with the exceptions' texts)."""
    assert not at.exception, [e.value for e in at.exception]
    return at


def seeded_home(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Path]:
    """For a module-scoped fixture: a CREDIT_NOTES_HOME whose library the app's first start
    filled with the bundled samples; each test then opens its own session on it."""
    home = tmp_path_factory.mktemp(name) / "home"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDIT_NOTES_HOME", str(home))
        ok(AppTest.from_file(str(APP), default_timeout=120).run())
        yield home


def page(name: str | None, **query: str) -> AppTest:
    """A new session opened on the URL's `query`, then switched to `views/{name}.py`."""
    at = AppTest.from_file(str(APP), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    ok(at.run())
    if name:
        ok(at.switch_page(f"views/{name}.py").run())
    return at


def headlines(at: AppTest) -> dict[str, tuple[str, str]]:
    """The Overview's headlines as shown, by label (the caption above each figure): the figure
    and its change on the prior period ("green ↓ −1.87 pt on 2020-12-31": the badge's colour,
    arrow and text; '' for none)."""
    nodes = [n for n in at.main if getattr(n, "type", "") in ("caption", "subheader", "markdown")]
    out: dict[str, tuple[str, str]] = {}
    for k, node in enumerate(nodes[1:], start=1):
        if node.type != "subheader" or nodes[k - 1].type != "caption":
            continue
        after = nodes[k + 1].value if k + 1 < len(nodes) else ""
        badge = re.fullmatch(r":(\w+)-badge\[(.*)\]", after)
        out[nodes[k - 1].value] = (node.value, f"{badge[1]} {badge[2]}" if badge else "")
    return out


def tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table the page shows, in page order, as text: a short one is an HTML table
    (dashboard/ui/html_table.py), read back from its cells; a long one Streamlit's grid."""
    out = []
    for node in at.main:
        kind = getattr(node, "type", "")
        if kind == "dataframe":
            out.append(node.value)
        elif kind == "html" and "<table" in node.value:
            table = lxml_html.fromstring(node.value).find(".//table")
            head = [th.text_content() for th in table.iterfind(".//thead//th")]
            rows = [[td.text_content() for td in tr.iterfind("td")]
                    for tr in table.iterfind(".//tbody/tr")]
            out.append(pd.DataFrame(rows, columns=head))
    return out


def presentation_specs(at: AppTest) -> list[dict]:
    """The Presentation page's charts (Plotly specs) tab by tab, in the tabs' order: only the
    open tab's chart is drawn, so each tab is opened in turn (a rerun each); the page is left
    on its first tab."""
    labels = [t.label for t in at.tabs]
    specs = []
    for label in labels:
        at.session_state["p_chart"] = label
        ok(at.run())
        specs += [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    if labels:
        at.session_state["p_chart"] = labels[0]
        ok(at.run())
    return specs


def open_boxes(at: AppTest, *keys: str) -> AppTest:
    """The page with these expanders opened (those whose content is sent only once open)."""
    for key in keys:
        at.session_state[key] = True
    return ok(at.run())
