"""Command line: `python -m dashboard extract PATH [PATH ...] [-o OUT] [--checks]`.

Also `ingest PATH...` and `library ls|facts|remove|refresh|issues` for the filing library.

Writes the tidy facts of every file given (files, folders, zips) as CSV to standard output, or
to OUT, whose extension picks the format (.csv, .parquet, .xlsx, .json). One line per file
that could not be read goes to standard error; the facts of every other file are still
written. Exit 0 when all files were read, 1 when any could not be, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from dashboard.edgar.cli import add_parser as add_fetch_parser
from dashboard.facts.checks import run_checks
from dashboard.facts.consolidate import consolidate
from dashboard.facts.resolve import Labels, resolve
from dashboard.model.durations import FREQUENCIES
from dashboard.model.errors import UnknownFiler

FORMATS = (".csv", ".parquet", ".xlsx", ".json")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Credit-quality facts (aging, allowance rollforward, guarantee exposure) "
                    "from SEC filing fragments.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="write the tidy facts of the files given")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or zips")
    ex.add_argument("-o", "--output", metavar="OUT",
                    help="output file; its extension picks the format (.csv .parquet .xlsx .json)")
    ex.add_argument("--checks", action="store_true",
                    help="also compute the cross-checks: to OUT's 'checks' sheet (.xlsx), to "
                         "OUT.checks.<ext> otherwise, or to standard output instead of the facts")
    ex.add_argument("--entity", metavar="NAME",
                    help="name the filer of every fragment given (for fragments that name none)")
    ex.add_argument("--consolidated", action="store_true",
                    help="one figure per fact: the best-supported one when sources repeat it")
    _frequency_arg(ex, "the facts of one frequency: the fiscal years (annual) or quarters "
                       "(quarterly), with each period's fiscal label and the derived quarters "
                       "or years, marked; every fact as read when not given")
    ex.add_argument("--table", choices=("allowance",),
                    help="the analyst table instead of the facts: 'allowance' is the "
                         "rollforward per period of --frequency (annual when not given)")
    ex.add_argument("--assume-scale", choices=("units", "thousands", "millions"), metavar="SCALE",
                    help="the scale of figures whose filing states none and where nothing implies "
                         "one (units, thousands or millions); stated and inferred scales are kept")

    rp = sub.add_parser("report", help="build a deck (.pptx), workbook (.xlsx) or page (.html)")
    rp.add_argument("paths", nargs="*", metavar="PATH")
    rp.add_argument("-o", "--output", metavar="OUT", required=True)
    rp.add_argument("--entity", metavar="NAME")
    # the committee pack of a saved peer group
    rp.add_argument("--peers", metavar="GROUP",
                    help="the committee pack of a saved peer group (Peers page)")
    rp.add_argument("--highlight", metavar="FILER", help="with --peers: the filer to highlight")
    _frequency_arg(rp, "the periods the rollforward tables and charts show: the filer's fiscal "
                       "years (annual, the default) or its fiscal quarters (quarterly)")

    _library_parsers(sub)

    add_fetch_parser(sub)  # `fetch`: credit-note pages from EDGAR into the library

    app = sub.add_parser("app", help="open the dashboard in the browser")
    app.add_argument("paths", nargs="*", metavar="PATH", help="files to open (default: bundled samples)")
    app.add_argument("--port", type=int, default=8501)
    return p


# --- the filing library (dashboard/library) ---------------------------------------------------

def _frequency_arg(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--frequency", choices=FREQUENCIES, help=what)


def _one_frequency(facts: pd.DataFrame, frequency: str | None,
                   sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """The facts of one frequency (`analysis.periods.series`), or all of them when none; the
    periods named by the filings' own dei fiscal focus where `sources` carry it."""
    if not frequency:
        return facts
    from dashboard.analysis.periods import focus_from_sources, series

    return series(facts, frequency, focus=focus_from_sources(sources))


def _library_parsers(sub: argparse._SubParsersAction) -> None:
    def lib_arg(p: argparse.ArgumentParser) -> None:
        p.add_argument("--library", metavar="DIR",
                       help="the library folder (default: CREDIT_NOTES_HOME/library, or the "
                            "user data folder)")

    ing = sub.add_parser("ingest", help="read files, folders and zips into the filing library")
    ing.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or zips")
    lib_arg(ing)
    ing.add_argument("--scheduler", metavar="ADDR",
                     help="a Dask scheduler (tcp://host:8786); default: a local cluster when "
                          "there are enough files to pay for it")
    ing.add_argument("--workers", type=int, metavar="N",
                     help="worker processes of the local cluster (1: read in this process)")
    ing.add_argument("--rehash", action="store_true",
                     help="read and hash every file to tell whether it changed (by default a "
                          "file with the size and modification time it was read with is not "
                          "read again)")
    lib = sub.add_parser("library", help="what the filing library holds")
    lsub = lib.add_subparsers(dest="library_command", required=True)
    ls = lsub.add_parser("ls", help="filers, forms, years and fact counts")
    lib_arg(ls)
    fx = lsub.add_parser("facts", help="the library's facts (same formats as extract)")
    lib_arg(fx)
    fx.add_argument("--filer", action="append", metavar="NAME",
                    help="only this filer (repeat for several)")
    fx.add_argument("--years", metavar="FROM-TO", help="only facts dated in these years")
    fx.add_argument("--consolidated", action="store_true",
                    help="one figure per fact: the best-supported one when sources repeat it")
    fx.add_argument("--checks", action="store_true", help="the cross-checks, as for extract")
    _frequency_arg(fx, "the facts of one frequency, as for extract")
    fx.add_argument("-o", "--output", metavar="OUT",
                    help="output file; its extension picks the format (.csv .parquet .xlsx .json)")
    rm = lsub.add_parser("remove", help="remove files from the library")
    lib_arg(rm)
    rm.add_argument("--source", action="append", required=True, metavar="NAME",
                    help="a file's name or path as ingested, a document's source, or its "
                         "content hash (repeat for several)")
    rf = lsub.add_parser("refresh", help="read again what an older extractor version read")
    lib_arg(rf)
    iss = lsub.add_parser("issues", help="what could not be read")
    lib_arg(iss)


def _open_library(args: argparse.Namespace):  # -> Library
    from dashboard.library import Library

    return Library.open(args.library)


def _progress_bar():  # -> (callback, context manager)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    console = Console(stderr=True)
    bar = Progress(TextColumn("reading"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:.1f} files/s · {task.fields[facts]:,} facts · "
                              "{task.fields[issues]} issues"), TimeElapsedColumn(),
                   console=console, transient=False)
    task = bar.add_task("ingest", total=None, rate=0.0, facts=0, issues=0)
    t0 = time.monotonic()

    def update(done: int, total: int, facts: int, issues: int) -> None:
        rate = done / max(time.monotonic() - t0, 1e-6)
        bar.update(task, completed=done, total=total, rate=rate, facts=facts, issues=issues)

    return update, bar, console


def _ingest(args: argparse.Namespace) -> int:
    lib = _open_library(args)
    update, bar, console = _progress_bar()
    engine: list[str] = []

    def said(what: str) -> None:
        engine.append(what)
        console.print(f"library {lib.root}: reading {what}", markup=False, highlight=False)

    with bar:
        from dashboard.library import LibraryWriteError

        try:
            report = lib.ingest_paths(args.paths, scheduler=args.scheduler,
                                      workers=args.workers, progress=update, on_engine=said,
                                      rehash=args.rehash)
        except LibraryWriteError as exc:
            bar.stop()
            print(str(exc), file=sys.stderr)
            return 1
    notes = report.notes
    for line in notes:
        print(line, file=sys.stderr)
    for line in report.issues:
        print(line, file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    missing = [n for n in notes if n.endswith("no such file or folder")]
    return 1 if (report.issues or missing) else 0


def _years(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    a, _, b = text.partition("-")
    lo, hi = int(a), int(b or a)
    return (min(lo, hi), max(lo, hi))


def _library(args: argparse.Namespace) -> int:
    lib = _open_library(args)
    cmd = args.library_command
    if cmd == "ls":
        from dashboard.workspace.view import Workspace

        filers = Workspace(lib).directory().filers
        if filers.empty:
            print(f"The library at {lib.root} is empty; add filings with "
                  "`python -m dashboard ingest PATH`.", file=sys.stderr)
            return 0
        view = filers.assign(years=[
            "" if pd.isna(a) else (f"{int(a)}" if a == b else f"{int(a)}-{int(b)}")
            for a, b in zip(filers["first_year"], filers["last_year"], strict=True)])
        print(view[["entity", "forms", "years", "n_facts", "n_files"]].to_string(index=False))
        print(f"{len(filers)} filers, {int(filers['n_facts'].sum()):,} facts in {lib.root}",
              file=sys.stderr)
        return 0
    if cmd == "facts":
        out = Path(args.output) if args.output else None
        if out is not None and out.suffix.lower() not in FORMATS:
            print(f"python -m dashboard: error: {out.name}: unknown output format "
                  f"'{out.suffix}'; use one of {', '.join(FORMATS)}", file=sys.stderr)
            return 2
        try:
            years = _years(args.years)
        except ValueError:
            print(f"python -m dashboard: error: --years {args.years}: give FROM-TO, e.g. "
                  "2019-2024", file=sys.stderr)
            return 2
        try:
            facts = _library_facts(lib, args.filer, years, args.consolidated)
        except UnknownFiler as exc:
            for name in exc.names:
                print(f"{name}: no such filer in the library (`library ls` lists them)",
                      file=sys.stderr)
            return 1
        _write_facts(_one_frequency(facts, args.frequency,
                                    lib.sources() if args.frequency else None), out, args.checks)
        return 0
    if cmd == "remove":
        gone = lib.remove(args.source)
        for name in gone:
            print(f"removed {name}", file=sys.stderr)
        if not gone:
            print("nothing in the library matches " + ", ".join(args.source), file=sys.stderr)
            return 1
        return 0
    if cmd == "refresh":
        update, bar, _ = _progress_bar()
        with bar:
            report = lib.refresh(progress=update)
        print(report.summary(), file=sys.stderr)
        return 0
    issues = lib.issues()
    issues[["source", "kind", "message"]].to_csv(sys.stdout, index=False)
    return 0


def _library_facts(lib, filers: list[str] | None, years: tuple[int, int] | None,
                   consolidated: bool) -> pd.DataFrame:
    """The library's facts as the app shows them (the analyst's names, merges, scales and
    recognitions; `dashboard.workspace`), for some filers (as named there) and years."""
    from dashboard.workspace.view import Workspace

    ws = Workspace(lib)
    data = ws.filers(filers) if filers else ws.everything()[0]
    facts = data.facts.drop(columns=["entity_reported"], errors="ignore")
    if years is not None:
        year = pd.to_datetime(facts["period_end"], errors="coerce").dt.year
        facts = facts[year.between(years[0], years[1])].reset_index(drop=True)
    return consolidate(facts) if consolidated else facts


def _write_facts(facts: pd.DataFrame, out: Path | None, checks_too: bool) -> None:
    """Facts (and the cross-checks) to OUT or standard output, as `extract` writes them."""
    checks = run_checks(facts) if checks_too else None
    if out is None:
        (checks if checks is not None else facts).to_csv(sys.stdout, index=False)
        return
    write_frame(facts, out, {"checks": checks} if checks is not None and out.suffix == ".xlsx"
                else None)
    if checks is not None and out.suffix.lower() != ".xlsx":
        write_frame(checks, out.with_name(f"{out.stem}.checks{out.suffix}"))


def write_frame(df: pd.DataFrame, out: Path, sheets: dict[str, pd.DataFrame] | None = None) -> None:
    """Write a frame in the format its extension names."""
    ext = out.suffix.lower()
    if ext == ".csv":
        df.to_csv(out, index=False)
    elif ext == ".parquet":
        frame = df.copy()
        for col in ("period_start", "period_end"):
            if col in frame:
                frame[col] = pd.to_datetime(frame[col])
        frame.to_parquet(out, index=False)
    elif ext == ".json":
        df.to_json(out, orient="records", date_format="iso", indent=1, default_handler=str)
    elif ext == ".xlsx":
        with pd.ExcelWriter(out, engine="openpyxl") as xw:
            df.to_excel(xw, sheet_name="facts", index=False)
            for name, extra in (sheets or {}).items():
                extra.to_excel(xw, sheet_name=name[:31], index=False)
    else:  # pragma: no cover - guarded by the caller
        raise ValueError(ext)


def _extract(args: argparse.Namespace) -> int:
    from dashboard.extract.pipeline import extract_paths

    out = Path(args.output) if args.output else None
    if out is not None and out.suffix.lower() not in FORMATS:
        print(f"python -m dashboard: error: {out.name}: unknown output format "
              f"'{out.suffix}'; use one of {', '.join(FORMATS)}", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not Path(p).exists()]
    result = extract_paths([p for p in args.paths if Path(p).exists()])
    for p in missing:
        print(f"{p}: no such file or folder", file=sys.stderr)
    for issue in result.issues:
        print(issue.line(), file=sys.stderr)
    resolved = resolve(result.facts, result.sources,
                       Labels(entity=args.entity, scale=args.assume_scale), keep_reported=False)
    facts = _one_frequency(resolved.consolidated if args.consolidated else resolved.facts,
                           args.frequency, resolved.sources)
    if args.table == "allowance":
        from dashboard.analysis.periods import focus_from_sources
        from dashboard.analysis.tables import allowance_table

        table = allowance_table(facts, frequency=args.frequency or "annual",
                                focus=focus_from_sources(resolved.sources))
        if out is None:
            table.to_csv(sys.stdout, index=False)
        else:
            write_frame(table, out)
        unread = [i for i in result.issues if not i.partial and i.kind != "duplicate"]
        return 1 if (unread or missing) else 0
    checks = run_checks(facts) if args.checks else None
    if out is None:
        (checks if checks is not None else facts).to_csv(sys.stdout, index=False)
    else:
        write_frame(facts, out, {"checks": checks} if checks is not None and out.suffix == ".xlsx" else None)
        if checks is not None and out.suffix.lower() != ".xlsx":
            write_frame(checks, out.with_name(f"{out.stem}.checks{out.suffix}"))
    unread = [i for i in result.issues if not i.partial and i.kind != "duplicate"]
    return 1 if (unread or missing) else 0


def _report(args: argparse.Namespace) -> int:
    if args.peers:
        from dashboard.exports.pack_command import build_peer_report

        return build_peer_report(args.paths, args.output, args.peers, highlight=args.highlight)
    if not args.paths:
        print("python -m dashboard report: error: give the files to read (or --peers GROUP)",
              file=sys.stderr)
        return 2
    from dashboard.exports import build_report

    return build_report(args.paths, Path(args.output), entity=args.entity,
                        frequency=args.frequency)


def _app(args: argparse.Namespace) -> int:
    cmd = [sys.executable, "-m", "dashboard.ui.launch", "--server.port", str(args.port),
           "--browser.gatherUsageStats", "false"]
    if args.paths:
        cmd += ["--", *args.paths]
    return subprocess.call(cmd)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command == "extract":
        return _extract(args)
    if args.command == "report":
        return _report(args)
    if args.command == "ingest":
        return _ingest(args)
    if args.command == "library":
        return _library(args)
    if args.command == "fetch":
        from dashboard.edgar.command import run as fetch

        return fetch(args)
    return _app(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
