"""Speed benchmark: from a whole filing to the first chart.

    python bench/run.py                 # the full run (about 3 minutes on 2 cores)
    python bench/run.py --quick         # small inputs, one repeat: a smoke run
    python bench/run.py --json out.json --profile

Builds its inputs in a temporary folder (never in the repository) from `data/` and, when it
sits beside the checkout, `../shared`; says what it skipped when the shared corpus is absent.
Every timed scenario runs in its own Python process, so peak memory (the child's
`ru_maxrss`) belongs to that scenario alone; times are the best of `--repeat` runs.

Figures printed, all measured in the same run:
- extraction of a large full-submission `.txt` (>= 50 MB): time, MB/s, peak memory;
- the lxml floor: the time lxml alone takes to parse the same bytes (defined in the output);
- pandas.read_html over the submission's R pages, against our extraction of them;
- 1,000 fragments through `extract_paths`: time, files/s, peak memory;
- the app: start to the first chart drawn in headless Chromium, and to the landing page.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import inputs as bi  # noqa: E402
from bench.browser import (  # noqa: E402
    CHART,
    LANDING,
    NAV_FLOOR_APP,
    SHELL_FLOOR_APP,
    AppServer,
    floor_once,
    floor_seconds,
    launch_browser,
    time_page,
)

MB = 1024 * 1024

TARGETS = {
    "floor_ratio": 1.5,  # extraction of the large submission / lxml parse of the same bytes
    "read_html_speedup": 5.0,  # pandas.read_html time / our extraction time, same R pages
    "fragments_seconds": 20.0,  # 1,000 fragments
    "fragments_rss_mb": 1024.0,  # … with peak memory under 1 GB
    "first_chart_seconds": 3.0,  # app page requested → first chart drawn
    "page_floor_cold": 1.3,  # every page's first chart / the bare page's, new server
    "page_floor_warm": 1.1,  # … on a second visit
    "deck_seconds": 3.0,  # the samples' deck, from the selection to the .pptx bytes
}

# every page with a chart, timed to its first chart against the floor (bench/floor/app.py)
CHART_PAGES = ("/provision", "/guarantee", "/presentation", "/peers")


# --- children: one scenario per process ----------------------------------------------------------


def _rss_mb() -> float:
    """This process's peak resident memory (VmHWM: its own, not inherited across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _children_rss_mb() -> float:
    """The largest peak of the worker processes this process waited for (0 when none)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _workers_kw(workers: int | None) -> dict[str, Any]:
    """`workers=` for extract_paths when this version of the pipeline has it."""
    import inspect

    from dashboard.extract.pipeline import extract_paths

    if workers is None or "workers" not in inspect.signature(extract_paths).parameters:
        return {}
    return {"workers": workers}


def child_imports(_: argparse.Namespace) -> dict[str, Any]:
    t0 = time.perf_counter()
    import dashboard.extract.pipeline  # noqa: F401
    from dashboard.extract.parsers import html_tables, text_extract, xbrl  # noqa: F401

    return {"seconds": time.perf_counter() - t0, "rss_mb": _rss_mb()}


def child_extract(args: argparse.Namespace) -> dict[str, Any]:
    """extract_paths on the given paths (a submission, or a folder of fragments)."""
    from dashboard.extract.pipeline import extract_paths

    kw = _workers_kw(args.workers)
    base = _rss_mb()
    prof = None
    if args.profile_out:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    t0 = time.perf_counter()
    res = extract_paths(args.paths, **kw)
    seconds = time.perf_counter() - t0
    if prof is not None:
        prof.disable()
        prof.dump_stats(args.profile_out)
    kinds = res.sources["kind"].value_counts().to_dict() if not res.sources.empty else {}
    files = [p for a in args.paths for p in (Path(a).rglob("*") if Path(a).is_dir() else [Path(a)])
             if p.is_file()]
    return {
        "seconds": seconds, "rss_mb": _rss_mb(), "rss_before_mb": base,
        "workers_rss_mb": _children_rss_mb(),
        "bytes": sum(p.stat().st_size for p in files), "files": len(files),
        "facts": len(res.facts), "documents": len(res.sources), "issues": len(res.issues),
        "kinds": {str(k): int(v) for k, v in kinds.items()},
        "disclosures": {str(k): int(v) for k, v in res.facts["disclosure"].value_counts().items()},
        "workers": kw.get("workers", "default"),
    }


def child_floor(args: argparse.Namespace) -> dict[str, Any]:
    """lxml alone on the submission's parts, two ways (see `notes_text`)."""
    from lxml import etree, html

    from dashboard.extract.limits import safe_html_parser, safe_xml_parser

    data = Path(args.paths[0]).read_bytes()
    parts = list(bi.split_parts(data))
    kept = [p for p in parts if not p.binary and p.markup]
    hp, xp = safe_html_parser(), safe_xml_parser()

    def parse(p: bi.Part) -> None:
        if p.markup == "xml":
            try:
                etree.fromstring(p.body, xp)
                return
            except etree.XMLSyntaxError:
                pass
        html.document_fromstring(p.body, parser=hp)

    t0 = time.perf_counter()
    for p in kept:
        parse(p)
    t_kept = time.perf_counter() - t0

    t0 = time.perf_counter()
    for p in parts:
        if p.body.strip():
            html.document_fromstring(p.body, parser=hp)
    t_all = time.perf_counter() - t0

    return {
        "kept_seconds": t_kept, "kept_parts": len(kept), "kept_bytes": sum(len(p.body) for p in kept),
        "all_seconds": t_all, "all_parts": len(parts), "all_bytes": sum(len(p.body) for p in parts),
        "bytes": len(data), "rss_mb": _rss_mb(),
    }


def _rpages(folder: str) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(Path(folder).iterdir()) if p.is_file()]


def _credit_pages(items: list[tuple[str, bytes]]) -> list[bool]:
    """Which pages the extraction reads in full (the rest stop at its credit-word pre-filter)."""
    from dashboard.extract.parsers import looks_like_credit

    return [looks_like_credit(b.decode("utf-8", errors="replace")) for _, b in items]


def child_read_html(args: argparse.Namespace) -> dict[str, Any]:
    """pandas.read_html on each R page (from memory, decoded text)."""
    import io

    import pandas as pd

    items = _rpages(args.paths[0])
    credit = _credit_pages(items)
    texts = [b.decode("utf-8", errors="replace") for _, b in items]
    tables = 0
    none = 0
    credit_seconds = 0.0
    t0 = time.perf_counter()
    for t, is_credit in zip(texts, credit, strict=True):
        t1 = time.perf_counter()
        try:
            tables += len(pd.read_html(io.StringIO(t)))
        except ValueError:  # "No tables found"
            none += 1
        if is_credit:
            credit_seconds += time.perf_counter() - t1
    return {"seconds": time.perf_counter() - t0, "pages": len(texts), "tables": tables,
            "no_tables": none, "bytes": sum(len(t) for t in texts), "rss_mb": _rss_mb(),
            "credit_pages": sum(credit), "credit_seconds": credit_seconds}


def child_extract_rpages(args: argparse.Namespace) -> dict[str, Any]:
    """Our extraction of the same R pages (from memory: extract_bytes, one process); then of
    the pages it reads in full alone."""
    from dashboard.extract.pipeline import extract_bytes

    items = _rpages(args.paths[0])
    t0 = time.perf_counter()
    res = extract_bytes(items, **_workers_kw(1))
    seconds = time.perf_counter() - t0
    credit = [it for it, c in zip(items, _credit_pages(items), strict=True) if c]
    t0 = time.perf_counter()
    extract_bytes(credit, **_workers_kw(1))
    credit_seconds = time.perf_counter() - t0
    return {"seconds": seconds, "pages": len(items), "facts": len(res.facts),
            "fully_parsed": len(credit), "credit_seconds": credit_seconds, "rss_mb": _rss_mb()}


def _tree_pss_kb(pid: int) -> int | None:
    """Proportional memory (PSS) of a process and its descendants; shared pages counted once."""
    total = 0
    todo = [pid]
    seen = 0
    while todo:
        p = todo.pop()
        seen += 1
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
            kids = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except (OSError, ValueError):
            if p == pid:
                return None
            continue
        todo.extend(int(k) for k in kids)
    return total


def run_child(name: str, paths: list[str], *, workers: int | None = None,
              profile_out: str = "", timeout: float = 900) -> dict[str, Any]:
    """One scenario in a fresh Python process; its JSON answer, plus the peak PSS of the
    process and any workers it forked, sampled every 20 ms from here."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", name, *paths]
    if workers is not None:
        cmd += ["--workers", str(workers)]
    if profile_out:
        cmd += ["--profile-out", profile_out]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=ROOT)
        peak = 0
        deadline = time.monotonic() + timeout
        while proc.poll() is None:
            if time.monotonic() > deadline:
                proc.kill()
                raise TimeoutError(f"benchmark step {name} took over {timeout:.0f} s")
            peak = max(peak, _tree_pss_kb(proc.pid) or 0)
            time.sleep(0.02)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark step {name} failed:\n{stderr[-3000:]}")
    answer = json.loads(stdout.strip().splitlines()[-1])
    answer["pss_peak_mb"] = peak / 1024 if peak else None
    return answer


def best_of(n: int, name: str, paths: list[str], key: str = "seconds", **kw: Any) -> dict[str, Any]:
    """Run a child n times; the run with the lowest `key`, with every run's value and peak memory."""
    runs = [run_child(name, paths, **kw) for _ in range(max(1, n))]
    best = min(runs, key=lambda r: r[key])
    best = dict(best)
    best["runs"] = [r[key] for r in runs]
    best["rss_mb"] = max(r["rss_mb"] for r in runs)
    pss = [r["pss_peak_mb"] for r in runs if r.get("pss_peak_mb")]
    best["pss_peak_mb"] = max(pss) if pss else None
    return best


# --- the app in headless Chromium ----------------------------------------------------------------


def measure_app(tmp: Path, repeat: int) -> dict[str, Any]:
    """Cold and warm times to the first chart of every chart page and of the landing page (/),
    each on a new server, and of the bare page (the floor) between them: each round runs the
    floor, three pages, the floor again, the other pages, so that a ratio reads figures taken
    minutes apart at most, not a floor measured after every page (the machine drifts)."""
    out: dict[str, Any] = {"server_start": [], "chart_cold": [], "chart_warm": [],
                           "landing_cold": [], "landing_warm": [], "chart_cold_marks": [],
                           "landing_cold_marks": []}
    floor: dict[str, Any] = {"cold": [], "warm": [], "marks": []}
    pages: dict[str, dict[str, list[float]]] = {p: {"cold": [], "warm": []} for p in CHART_PAGES}
    visits = [("chart", "/delinquency", CHART), ("landing", "/", LANDING),
              *((None, p, CHART) for p in CHART_PAGES)]
    with launch_browser() as browser:
        if isinstance(browser, str):
            return {"skipped": browser}
        version = browser.version
        floor_home = tmp / "floor-home"
        floor_home.mkdir(parents=True, exist_ok=True)
        for i in range(max(1, repeat)):
            for k, (key, path, sel) in enumerate(visits):
                if k in (0, len(visits) // 2):
                    cold, warm, marks = floor_once(browser, floor_home)
                    floor["cold"].append(cold)
                    floor["warm"].append(warm)
                    floor["marks"].append(marks)
                home = tmp / f"home-{path.strip('/') or 'landing'}-{i}"
                home.mkdir(parents=True, exist_ok=True)
                app = AppServer(home)
                try:
                    cold, marks = time_page(browser, app.url + path, sel)
                    warm = time_page(browser, app.url + path, sel)[0]
                finally:
                    app.stop()
                if key is None:
                    pages[path]["cold"].append(cold)
                    pages[path]["warm"].append(warm)
                    continue
                out["server_start"].append(app.start_seconds)
                out[f"{key}_cold"].append(cold)
                out[f"{key}_cold_marks"].append({**marks, "chart_drawn": cold})
                out[f"{key}_warm"].append(warm)
        out["pages"] = pages
        out["floor"] = floor
        out["floor_nav"] = floor_seconds(browser, tmp, repeat, script=NAV_FLOOR_APP)
        out["floor_shell"] = floor_seconds(browser, tmp, repeat, script=SHELL_FLOOR_APP)
    out["script"] = run_child("apptest", [])
    out["deck"] = run_child("deck", [])
    return {**out, "chromium": version}


def child_deck(_: argparse.Namespace) -> dict[str, Any]:
    """The samples' deck as the Presentation page's download makes it: the report of the
    selection (checks, tables) and the deck (four charts rendered, table slides), with
    Chromium already started (`cold`: the first deck of a process, Chromium's start
    included)."""
    from dashboard import exports
    from dashboard.exports import images
    from dashboard.extract.pipeline import extract_paths
    from dashboard.facts.resolve import read_manifest

    data = ROOT / "data"
    paths = sorted(p for p in data.iterdir() if p.suffix not in (".md", ".json"))
    res = extract_paths(paths)
    facts, sources = exports.apply_manifest(res.facts, res.sources, read_manifest(data))
    t0 = time.perf_counter()
    exports.deck_bytes(facts, sources)
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(3):
        t0 = time.perf_counter()
        done = exports.analyse(facts)
        report = exports.build(facts, sources, done=done)
        built = time.perf_counter() - t0
        exports.deck_bytes(report=report)
        warm.append((time.perf_counter() - t0, built))
    images.close_session()
    best = min(warm)
    return {"cold": cold, "seconds": best[0], "report_seconds": best[1], "rss_mb": _rss_mb()}


def child_apptest(_: argparse.Namespace) -> dict[str, Any]:
    """The app's own Python time per page (AppTest, no browser): cold session, then warm."""
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory(prefix="credit-notes-bench-home-") as home:
        os.environ["CREDIT_NOTES_HOME"] = home
        t0 = time.perf_counter()
        at = AppTest.from_file(str(ROOT / "dashboard" / "ui" / "app.py"), default_timeout=120)
        at.run()
        landing_cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        at.run()
        landing_rerun = time.perf_counter() - t0
        t0 = time.perf_counter()  # a second visitor: the caches are filled, the session is new
        AppTest.from_file(str(ROOT / "dashboard" / "ui" / "app.py"), default_timeout=120).run()
        landing_new_session = time.perf_counter() - t0
        t0 = time.perf_counter()
        at.switch_page("views/delinquency.py").run()
        chart_first = time.perf_counter() - t0
        t0 = time.perf_counter()
        at.run()
        chart_again = time.perf_counter() - t0
    return {"landing_cold": landing_cold, "landing_rerun": landing_rerun,
            "landing_new_session": landing_new_session, "delinquency_first": chart_first,
            "delinquency_rerun": chart_again, "errors": [str(e.value) for e in at.exception],
            "rss_mb": _rss_mb()}


STEPS = ("submission", "read_html", "fragments", "app")
CHILDREN = {"apptest": child_apptest, "deck": child_deck, "imports": child_imports, "extract": child_extract,
            "floor": child_floor, "read_html": child_read_html,
            "extract_rpages": child_extract_rpages}


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


# --- machine, table --------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    ram = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) / MB
    except OSError:
        pass
    import lxml.etree as etree
    import pandas as pd

    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 1
    versions = {"python": platform.python_version(), "lxml": etree.__version__,
                "libxml2": ".".join(map(str, etree.LIBXML_VERSION)), "pandas": pd.__version__}
    for mod in ("streamlit", "plotly"):
        try:
            versions[mod] = __import__(mod).__version__
        except ImportError:
            versions[mod] = "absent"
    return {"cpu": cpu or "unknown", "cores": os.cpu_count(), "usable_cores": usable,
            "ram_gb": round(ram, 1), "os": platform.platform(), **versions}


def _s(x: float) -> str:
    return f"{x:.2f} s" if x < 100 else f"{x:.0f} s"


def _verdict(ok: bool, miss: str) -> str:
    return "pass" if ok else f"MISS ({miss})"


def _mem(r: dict[str, Any]) -> str:
    text = f"peak {r['rss_mb']:.0f} MB"
    if r.get("workers_rss_mb") and r.get("pss_peak_mb"):
        text += f", all processes {r['pss_peak_mb']:.0f} MB"
    return text


def report_rows(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(figure, target, measured, result) rows for the table."""
    rows: list[tuple[str, str, str, str]] = []
    sub, floor, info = r.get("extract_submission"), r.get("floor"), r.get("submission")
    if sub and floor and info:
        mb = info["size"] / MB
        t = TARGETS["floor_ratio"]
        rows.append((f"extraction, submission of {mb:.1f} MB ({info['parts']} parts, "
                     f"{info['rpages']} R pages; workers: {sub['workers']})", "",
                     f"{_s(sub['seconds'])}, {mb / sub['seconds']:.1f} MB/s",
                     f"{sub['facts']:,} facts; {_mem(sub)}"))
        serial = r.get("extract_submission_serial")
        if serial:
            rows.append(("  same, one process (workers=1)", "",
                         f"{_s(serial['seconds'])}, {mb / serial['seconds']:.1f} MB/s",
                         _mem(serial)))
        rows.append((f"lxml floor A: the {floor['kept_parts']} text parts parsed once "
                     f"({floor['kept_bytes'] / MB:.1f} MB)", "", _s(floor["kept_seconds"]),
                     f"{floor['kept_bytes'] / MB / floor['kept_seconds']:.0f} MB/s"))
        for label, base in (("A", floor["kept_seconds"]), ("B", floor["all_seconds"])):
            ratio = sub["seconds"] / base
            rows.append((f"  extraction / floor {label}", f"<= {t}x", f"{ratio:.2f}x",
                         _verdict(ratio <= t, f"{ratio / t - 1:.0%} over: "
                                  f"{sub['seconds'] - t * base:.2f} s too slow")))
            if serial:
                rows.append((f"  one process / floor {label}", "", f"{serial['seconds'] / base:.2f}x",
                             ""))
            if label == "A":
                rows.append((f"lxml floor B: all {floor['all_parts']} parts, binary ones too "
                             f"({floor['all_bytes'] / MB:.1f} MB)", "", _s(floor["all_seconds"]), ""))
    rh, ours = r.get("read_html"), r.get("extract_rpages")
    if rh and ours:
        rows.append((f"pandas.read_html, the submission's {rh['pages']} R pages "
                     f"({rh['bytes'] / MB:.1f} MB)", "", _s(rh["seconds"]), f"{rh['tables']:,} tables"))
        rows.append(("extraction, the same R pages (one process)", "", _s(ours["seconds"]),
                     f"{ours['facts']:,} facts; {ours['fully_parsed']} pages parsed in full"))
        sp = rh["seconds"] / ours["seconds"]
        t = TARGETS["read_html_speedup"]
        rows.append(("  speed-up over read_html", f">= {t:.0f}x", f"{sp:.1f}x",
                     _verdict(sp >= t, f"{1 - sp / t:.0%} short")))
        if ours.get("credit_seconds") and rh.get("credit_seconds"):
            rows.append((f"  on the {ours['fully_parsed']} pages read in full alone "
                         "(credit words)", "",
                         f"{rh['credit_seconds'] / ours['credit_seconds']:.1f}x",
                         f"read_html {rh['credit_seconds']:.2f} s, ours "
                         f"{ours['credit_seconds']:.2f} s"))
    fr = r.get("fragments")
    if fr:
        t = TARGETS["fragments_seconds"]
        rows.append((f"{fr['files']:,} fragments, extract_paths (workers: {fr['workers']})",
                     f"< {t:.0f} s", f"{_s(fr['seconds'])}, {fr['files'] / fr['seconds']:.0f} files/s",
                     _verdict(fr["seconds"] < t, f"{fr['seconds'] - t:.1f} s over")))
        tm = TARGETS["fragments_rss_mb"]
        mem = max(fr["rss_mb"], fr.get("pss_peak_mb") or 0)
        rows.append(("  peak memory, fragments", f"< {tm:.0f} MB", _mem(fr),
                     _verdict(mem < tm, f"{mem - tm:.0f} MB over")))
        serial = r.get("fragments_serial")
        if serial:
            rows.append(("  same, one process (workers=1)", "", f"{_s(serial['seconds'])}, "
                         f"{serial['files'] / serial['seconds']:.0f} files/s", _mem(serial)))
    imp = r.get("imports")
    if imp:
        rows.append(("baseline: Python with pandas, lxml and the parsers imported", "",
                     _s(imp["seconds"]), f"peak {imp['rss_mb']:.0f} MB"))
    app = r.get("app")
    if app and "skipped" not in app:
        t = TARGETS["first_chart_seconds"]
        cold = statistics.median(app["chart_cold"])
        n = len(app["chart_cold"])
        rows.append(("app: page requested -> first chart (/delinquency, cold)",
                     f"<= {t:.0f} s", f"{_s(cold)} (median of {n}, worst {max(app['chart_cold']):.2f} s)",
                     _verdict(cold <= t, f"{cold - t:.2f} s over")))
        rows.append(("app: first chart, second visit (warm)", "",
                     _s(statistics.median(app["chart_warm"])), ""))
        rows.append(("app: page requested -> Overview first chart (/, cold)", "",
                     _s(statistics.median(app["landing_cold"])),
                     f"warm {statistics.median(app['landing_warm']):.2f} s"))
        if app.get("floor"):
            fl = statistics.median(app["floor"]["cold"])
            rows.append(("floor: a bare Streamlit page with one Plotly chart (bench/floor/app.py)",
                         "", _s(fl), f"new server, this run; Overview {statistics.median(app['landing_cold']) - fl:+.2f} s "
                         f"and /delinquency {cold - fl:+.2f} s on it"))
        rows += page_rows(app)
        rows.append(("app: server start -> /_stcore/health answers", "",
                     _s(statistics.median(app["server_start"])), ""))
        script = app.get("script") or {}
        if script:
            rows.append(("app: its Python per run (AppTest): Overview, cold process / rerun / "
                         "new session", "",
                         f"{script['landing_cold']:.2f} / {script.get('landing_rerun', 0):.2f} / "
                         f"{script.get('landing_new_session', 0):.2f} s",
                         "cold: imports and the samples' first ingest included"))
            rows.append(("app: its Python per run (AppTest): delinquency, first / rerun", "",
                         f"{script['delinquency_first']:.2f} / {script['delinquency_rerun']:.2f} s",
                         ""))
    elif app:
        rows.append(("app: first chart", f"<= {TARGETS['first_chart_seconds']:.0f} s",
                     "not measured", f"skipped: {app['skipped']}"))
    return rows


def page_rows(app: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Every chart page's first chart against the floor measured in the same run, cold (new
    server) and warm (second visit); the deck of the samples."""
    rows: list[tuple[str, str, str, str]] = []
    floor = app.get("floor") or {}
    if not floor.get("cold"):
        return rows
    fc = statistics.median(floor["cold"])
    fw = statistics.median(floor.get("warm") or floor["cold"])
    tc, tw = TARGETS["page_floor_cold"], TARGETS["page_floor_warm"]
    pages = {"/": {"cold": app["landing_cold"], "warm": app["landing_warm"]},
             "/delinquency": {"cold": app["chart_cold"], "warm": app["chart_warm"]},
             **(app.get("pages") or {})}
    rows.append(("floor, warm (second visit)", "", _s(fw), ""))
    # the second floors: how much of each page's figure is the app's shell (Streamlit's cost
    # of st.navigation and of the sidebar's widgets), how much the page's own
    shell: dict[str, float] = {}
    for key, what in (("floor_nav", "floor 2a: st.navigation, the app's 8 pages, one Plotly "
                                    "chart (bench/floor/nav_app.py)"),
                      ("floor_shell", "floor 2b: 2a + the sidebar's filters, their 5 widgets "
                                      "in a popover (bench/floor/shell_app.py)")):
        got = app.get(key) or {}
        if not got.get("cold"):
            continue
        c, w = statistics.median(got["cold"]), statistics.median(got["warm"] or got["cold"])
        rows.append((what, "", f"{_s(c)} cold, {_s(w)} warm",
                     f"{c / fc:.2f}x / {w / fw:.2f}x the bare page"))
        if key == "floor_shell":
            shell = {"cold": c, "warm": w}
    for path, got in pages.items():
        c, w = statistics.median(got["cold"]), statistics.median(got["warm"])
        on_shell = (f"; {c / shell['cold']:.2f}x floor 2b" if shell else "",
                    f"; {w / shell['warm']:.2f}x floor 2b" if shell else "")
        rows.append((f"  {path}: first chart / floor, cold", f"<= {tc}x",
                     f"{c / fc:.2f}x ({_s(c)})",
                     _verdict(c / fc <= tc, f"{c - tc * fc:.2f} s over") + on_shell[0]))
        rows.append((f"  {path}: first chart / floor, warm", f"<= {tw}x",
                     f"{w / fw:.2f}x ({_s(w)})",
                     _verdict(w / fw <= tw, f"{w - tw * fw:.2f} s over") + on_shell[1]))
    deck = app.get("deck") or {}
    if deck.get("seconds"):
        t = TARGETS["deck_seconds"]
        rows.append(("deck of the samples (report + .pptx, Chromium started)", f"<= {t:.0f} s",
                     _s(deck["seconds"]), _verdict(deck["seconds"] <= t, f"{deck['seconds'] - t:.2f} s over")
                     + f"; report {deck['report_seconds']:.2f} s; first deck of a process "
                       f"{deck['cold']:.2f} s (Chromium's start)"))
    return rows


def app_breakdown(app: dict[str, Any] | None) -> str:
    """Where the cold first chart's time goes, from the browser's own timings (median run)."""
    if not app or not app.get("chart_cold_marks"):
        return ""
    out = []
    for key, page in (("landing_cold_marks", "Overview (/)"), ("chart_cold_marks", "/delinquency")):
        runs = sorted(app.get(key) or [], key=lambda m: m["chart_drawn"])
        if not runs:
            continue
        m = runs[len(runs) // 2]

        def at(k: str, m: dict[str, Any] = m) -> str:
            return f"{m[k]:.2f}" if m.get(k) is not None else "?"

        out.append(f"App, {page}, new server (median run), seconds after the request: "
                   f"Streamlit's page and scripts loaded {at('dom_loaded')}; page title drawn "
                   f"(session open, app script running) {at('title_drawn')}; Plotly's chart "
                   f"bundle ({m.get('plotly_js_mb') or 0:.1f} MB) requested "
                   f"{at('plotly_js_requested')}, loaded {at('plotly_js_loaded')}; first chart "
                   f"drawn {at('chart_drawn')}.")
    script = app.get("script") or {}
    out.append(f"The app's own Python (AppTest): {script.get('landing_cold', 0):.2f} s for a cold "
               "process's first Overview (imports and the samples' first ingest included), "
               f"{script.get('landing_rerun', 0):.2f} s a rerun, "
               f"{script.get('landing_new_session', 0):.2f} s a new session; "
               f"{script.get('delinquency_first', 0):.2f} s for the delinquency page.")
    return "\n".join(out)


def render(rows: list[tuple[str, str, str, str]]) -> str:
    head = ("figure", "target", "measured", "result / note")
    widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(4)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
            for row in rows]
    return "\n".join([line, sep, *body])


def notes_text(repeat: int) -> str:
    return (
        "lxml floor A: each part the extraction keeps (R pages, main HTML, inline XBRL, XBRL\n"
        "  instance and linkbases) parsed once by lxml from bytes already in memory, with the\n"
        "  project's safe parsers (lxml.html for HTML, lxml.etree for XML). It excludes reading\n"
        "  the file, finding the parts and decoding; JS/CSS/JSON and binary parts are not parsed.\n"
        "lxml floor B: every part, the uuencoded binary ones too, parsed once by lxml.html.\n"
        "  (The .txt cannot be parsed as one HTML document: the '<' of uuencoded lines open\n"
        "  thousands of elements and libxml2 stops at its depth limit a fifth of the way in.)\n"
        f"Times: best of {repeat} run(s), each in a fresh Python process. Memory: 'peak' is the\n"
        "  process's own VmHWM (interpreter and imports included); with workers, 'all processes'\n"
        "  is the peak of the summed PSS of the process and its forked workers, sampled every\n"
        "  20 ms (pages shared after the fork counted once).\n"
        "App: started as `bash scripts/app.sh` does (dashboard.ui.launch) on a free port; the time is from page.goto() to the first\n"
        "  `.js-plotly-plot .main-svg` visible (landing page /: the Overview's first chart), in a\n"
        "  fresh browser context. 'cold' is the first visit to a newly started server (session\n"
        "  start, imports, extraction of the bundled samples); 'warm' a second visit.")


# (label, module file ending, function): the pipeline's stages, for the profile's summary
STAGES = (
    ("load: read, split into parts, decode (dashboard/extract/load/)", "dashboard/extract/load/core.py", "load_path"),
    ("detect the kind of each part", "dashboard/extract/detect.py", "detect"),
    ("credit-word pre-filter", "dashboard/extract/parsers/__init__.py", "looks_like_credit"),
    ("HTML: lxml parse", "dashboard/extract/parsers/html_tables.py", "_parse_tree"),
    ("HTML: R page tables to rows", "dashboard/extract/parsers/html_tables.py", "_report_block"),
    ("HTML: other tables to rows", "dashboard/extract/parsers/html_tables.py", "_plain_block"),
    ("HTML: running text to paragraphs", "dashboard/extract/parsers/html_tables.py", "_paragraphs"),
    ("tables: classify, columns, facts (dashboard/extract/normalise.py)", "dashboard/extract/normalise.py", "block_facts"),
    ("sentences to facts (dashboard/extract/narrative.py)", "dashboard/extract/narrative.py", "narrative_facts"),
    ("XBRL and inline XBRL", "dashboard/extract/parsers/xbrl.py", "parse_xbrl"),
    ("text extracts", "dashboard/extract/parsers/text_extract.py", "parse_text"),
    ("facts frame, dedupe, sources table", "dashboard/extract/pipeline.py", "_dedupe"),
)


def print_profile(path: str, top: int = 15) -> str:
    """Where the time goes: the pipeline's stages (cumulative), then the top functions."""
    import io
    import pstats

    st = pstats.Stats(path)
    total = st.total_tt  # type: ignore[attr-defined]
    by_key: dict[tuple[str, str], float] = {}
    for (file, _line, func), (_cc, _nc, _tt, ct, _callers) in st.stats.items():  # type: ignore[attr-defined]
        key = (file.replace("\\", "/"), func)
        by_key[key] = by_key.get(key, 0.0) + ct
    lines = [f"stage (cumulative time under cProfile, which slows Python code; total {total:.2f} s)"]
    for label, file, func in STAGES:
        ct = sum(v for (f, fn), v in by_key.items() if f.endswith(file) and fn == func)
        if func == "_dedupe":  # the frame is built just before the dedupe
            ct += sum(v for (f, fn), v in by_key.items()
                      if f.endswith("dashboard/model/schema.py") and fn == "facts_frame")
            ct += sum(v for (f, fn), v in by_key.items()
                      if f.endswith("dashboard/extract/pipeline.py") and fn == "_sources")
        lines.append(f"  {label:<58} {ct:6.2f} s  {ct / total:5.1%}")
    buf = io.StringIO()
    pstats.Stats(path, stream=buf).sort_stats("tottime").print_stats(top)
    lines.append("top functions by own time:")
    keep = False
    for line in buf.getvalue().splitlines():
        if line.strip().startswith("ncalls"):
            keep = True
        if keep and line.strip():
            lines.append("  " + line.replace(str(ROOT) + "/", ""))
    return "\n".join(lines)


# --- main --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small inputs, one repeat (smoke run)")
    ap.add_argument("--json", metavar="OUT", help="also write every figure as JSON")
    ap.add_argument("--repeat", type=int, default=None, help="runs per timing (default 3, quick 1)")
    ap.add_argument("--size-mb", type=float, default=None,
                    help="size of the generated submission (default 52, quick 6)")
    ap.add_argument("--fragments", type=int, default=None, help="default 1000 (quick 200)")
    ap.add_argument("--workers", type=int, default=None,
                    help="extract_paths workers for the fragments (default: the pipeline's choice)")
    ap.add_argument("--no-app", action="store_true", help="skip the browser measurement")
    ap.add_argument("--only", default="", help=f"comma-separated steps: {','.join(STEPS)}")
    ap.add_argument("--no-shared", action="store_true", help="build inputs from data/ only")
    ap.add_argument("--profile", action="store_true",
                    help="also profile the submission extraction (cProfile, top functions)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary inputs")
    ap.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", default="", help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.child:
        print(json.dumps(CHILDREN[args.child](args)))
        return 0

    repeat = args.repeat or (1 if args.quick else 3)
    size_mb = args.size_mb or (6.0 if args.quick else 52.0)
    n_frag = args.fragments or (200 if args.quick else 1000)
    only = set(args.only.split(",")) if args.only else set(STEPS)
    if args.no_app:
        only.discard("app")
    mach = machine()
    print(f"machine: {mach['cpu']}, {mach['cores']} cores ({mach['usable_cores']} usable), "
          f"{mach['ram_gb']} GB RAM, {mach['os']}")
    print(f"versions: Python {mach['python']}, lxml {mach['lxml']} (libxml2 {mach['libxml2']}), "
          f"pandas {mach['pandas']}, streamlit {mach['streamlit']}, plotly {mach['plotly']}")
    print(f"load average before the run: {_loadavg()} (other work on the machine slows every figure)")
    tmp = Path(tempfile.mkdtemp(prefix="credit-notes-bench-"))
    results: dict[str, Any] = {"machine": mach, "targets": TARGETS, "repeat": repeat,
                               "quick": args.quick, "load_before": _loadavg()}
    try:
        t0 = time.perf_counter()
        sources = bi.collect_sources(use_shared=not args.no_shared)
        for s in sources.skipped:
            print(f"skipped: {s}")
        sub = bi.build_submission(tmp / "bench-20f-submission.txt", size_mb, sources)
        rdir = tmp / "rpages"
        n_rpages = len(bi.write_rpages(rdir, sub.path))
        fdir = tmp / "fragments"
        bi.build_fragments(fdir, n_frag, sources)
        results["submission"] = {"size": sub.size, "parts": sub.parts, "rpages": sub.rpages,
                                 "binary_parts": sub.binary_parts, "binary_bytes": sub.binary_bytes,
                                 "content": sub.content}
        results["skipped"] = sources.skipped
        print(f"inputs built in {time.perf_counter() - t0:.1f} s in {tmp}: a submission of "
              f"{sub.size / MB:.1f} MB ({sub.parts} parts: {sub.rpages} R pages cycling "
              f"{len(sources.rpages)} real ones, {sub.binary_parts} uuencoded binary parts of "
              f"{sub.binary_bytes / MB:.1f} MB), its {n_rpages} R pages as files, {n_frag} fragments")
        print("  submission content: " + ", ".join(f"{k} {v / MB:.1f} MB"
                                                   for k, v in sub.content.items()))

        def step(label: str) -> None:
            print(f"  … {label}", flush=True)

        step("imports (baseline)")
        results["imports"] = best_of(1, "imports", [])
        if "submission" in only:
            step(f"extraction of the submission ×{repeat}")
            results["extract_submission"] = best_of(repeat, "extract", [str(sub.path)])
            if _workers_kw(1):
                step(f"extraction of the submission, one process ×{repeat}")
                results["extract_submission_serial"] = best_of(repeat, "extract", [str(sub.path)],
                                                               workers=1)
            step(f"lxml floor ×{repeat}")
            results["floor"] = best_of(repeat, "floor", [str(sub.path)], key="kept_seconds")
        if "read_html" in only:
            step(f"pandas.read_html on {n_rpages} R pages ×{repeat}")
            results["read_html"] = best_of(repeat, "read_html", [str(rdir)])
            step(f"extraction of the same R pages ×{repeat}")
            results["extract_rpages"] = best_of(repeat, "extract_rpages", [str(rdir)])
        if "fragments" in only:
            step(f"{n_frag} fragments ×{repeat}")
            results["fragments"] = best_of(repeat, "extract", [str(fdir)], workers=args.workers)
            if _workers_kw(1) and args.workers != 1:
                step(f"{n_frag} fragments, one process ×{repeat}")
                results["fragments_serial"] = best_of(repeat, "extract", [str(fdir)], workers=1)
        if "app" in only:
            step(f"app in headless Chromium ×{repeat}")
            results["app"] = measure_app(tmp, repeat)
        if args.profile:
            step("profile of the submission extraction (one process)")
            prof = tmp / "submission.prof"
            run_child("extract", [str(sub.path)], profile_out=str(prof), workers=1)
            results["profile"] = print_profile(str(prof))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    results["load_after"] = _loadavg()

    print()
    print(f"machine: {mach['cpu']}, {mach['cores']} cores, {mach['ram_gb']} GB RAM; Python "
          f"{mach['python']}, lxml {mach['lxml']}, pandas {mach['pandas']}; load average "
          f"{results['load_before']} before, {results['load_after']} after")
    print(render(report_rows(results)))
    print()
    print(notes_text(repeat))
    ex = results.get("extract_submission")
    if ex:
        print(f"Submission: {results['submission']['parts']} parts -> documents by kind "
              f"{ex['kinds']}; facts by disclosure {ex['disclosures']}.")
    print(app_breakdown(results.get("app")))
    for s in results["skipped"]:
        print(f"Skipped: {s}")
    if results.get("profile"):
        print("\nProfile of the submission extraction, one process (cProfile, by own time):")
        print(results["profile"])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
        print(f"\nwritten: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
