"""Command line: `python -m dashboard extract PATH [PATH ...] [-o OUT] [--checks]`.

Writes the tidy facts of every file given (files, folders, zips) as CSV to standard output, or
to OUT, whose extension picks the format (.csv, .parquet, .xlsx, .json). One line per file
that could not be read goes to standard error; the facts of every other file are still
written. Exit 0 when all files were read, 1 when any could not be, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

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

    rp = sub.add_parser("report", help="build a deck (.pptx), workbook (.xlsx) or page (.html)")
    rp.add_argument("paths", nargs="*", metavar="PATH")
    rp.add_argument("-o", "--output", metavar="OUT", required=True)
    rp.add_argument("--entity", metavar="NAME")
    # peers (issue 11): the committee pack of a saved peer group
    rp.add_argument("--peers", metavar="GROUP",
                    help="the committee pack of a saved peer group (Peers page)")
    rp.add_argument("--highlight", metavar="FILER", help="with --peers: the filer to highlight")

    app = sub.add_parser("app", help="open the dashboard in the browser")
    app.add_argument("paths", nargs="*", metavar="PATH", help="files to open (default: bundled samples)")
    app.add_argument("--port", type=int, default=8501)
    return p


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
    from dashboard.checks import run_checks
    from dashboard.consolidate import consolidate
    from dashboard.pipeline import extract_paths

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
    facts = result.facts
    if args.entity:
        facts = facts.assign(entity=args.entity)
    if args.consolidated:
        facts = consolidate(facts)
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
        from dashboard.exports.pack import build_peer_report

        return build_peer_report(args.paths, args.output, args.peers, highlight=args.highlight)
    if not args.paths:
        print("python -m dashboard report: error: give the files to read (or --peers GROUP)",
              file=sys.stderr)
        return 2
    try:
        from dashboard.exports import build_report
    except ImportError:
        print("python -m dashboard: error: the report exporter is not available in this build",
              file=sys.stderr)
        return 2
    return build_report(args.paths, Path(args.output), entity=args.entity)


def _app(args: argparse.Namespace) -> int:
    import subprocess

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
    return _app(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
