"""Benchmark of the filing library: ingest at corpus scale on Dask, re-ingest, queries, for
two shapes of input side by side.

    python bench/library.py                  # both shapes at 10,000 files (many minutes)
    python bench/library.py --n 400 --filers 20   # a smoke run
    python bench/library.py --shapes fragments --n 2000 --pairs 2 --profile   # while iterating
    python bench/library.py --json out.json

The two shapes, each built in a temporary folder (never in the repository) from the bundled
samples and, when it sits beside the checkout, `../shared` (R pages, text extracts, seeds):

- `submissions`: N fragments in full-submission `.txt` filings of `--filers` filers over ten
  years (the SEC header names the filer, the form and the period), four fragments a filing
  whose years are shifted to the filing's year; every part's bytes are unique;
- `fragments`: N small files that name no filer (`bench/inputs.build_fragments`: copies of the
  samples, seeds, text extracts and R pages, each made unique), the kind an analyst drops in
  a folder.

For each shape, each step in its own Python process (so peak memory belongs to it alone):

- `extract`: the single-process `extract_paths` of the folder (workers=1): time, files/s;
  with `--pool`, also `extract_paths` with its own fork pool on all cores (what the cores give);
- `ingest`: `Library.ingest_paths` of the same folder on a local Dask cluster sized to the
  machine: time, files/s, the ratio to `extract` measured in this run (with `--pairs N`,
  extract and ingest alternate N times and the median pair counts), the peak memory of the
  driver and of the largest worker process, the cluster's start-up (which `extract` does not
  pay) and what is left after the last file is parsed (the last commit, the cross-document
  steps), the CPU seconds of both, the library's Parquet files, and whether the library's
  facts are those of `extract` (a digest of every row, order aside); `--profile` prints every
  phase of the ingest;
- `reingest`: the same ingest again (nothing to read): time, as % of the first;
- `queries`: on that library, the facts of one filer among all, the landing page's three chart
  inputs (latest delinquency mix per filer, provision vs write-off per filer and year,
  guarantee exposure per filer), the filer list, each the median of 5 runs; and the app's
  directory of filers (`ui.state`'s, what the first screen and the sidebar read), first and
  median of 5; the facts of one filer and the directory are also timed as the first read of
  a new process. The whole step runs in three new processes and each figure is the median of
  the three (the first reads' three samples are printed beside it).

Figures are printed with their targets; the machine may be shared with other work, which the
ratios (measured in one run) are less sensitive to than absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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

TARGETS = {"ratio": 1.7, "peak_mb": 1024, "reingest_pct": 5.0, "query_ms": 100.0,
           "directory_ms": 300.0}
SHAPES = ("submissions", "fragments")
FIRST_YEAR, YEARS = 2015, 10

# the landing page's three chart inputs, as SQL over the library's `facts` view
CHART_QUERIES = {
    "delinquency mix, latest date per filer": """
        WITH d AS (SELECT entity, period_end, metric, days_from, value FROM facts
                   WHERE disclosure = 'delinquency'),
             latest AS (SELECT entity, max(period_end) AS period_end FROM d GROUP BY entity)
        SELECT d.entity, d.metric, d.days_from, sum(d.value) AS value
        FROM d JOIN latest USING (entity, period_end) GROUP BY ALL""",
    "provision vs write-off per filer and year": """
        SELECT entity, year(period_end) AS year, metric, sum(value) AS value FROM facts
        WHERE disclosure = 'allowance' AND metric IN ('provision', 'write_off')
        GROUP BY ALL""",
    "guarantee exposure per filer and date": """
        SELECT entity, period_end, currency, max(value) AS value FROM facts
        WHERE disclosure = 'guarantee' GROUP BY ALL""",
}


# --- the corpus ---------------------------------------------------------------------------------

def sec_header(accession: str, filer: str, cik: int, form: str, year: int) -> bytes:
    """An SEC-HEADER as EDGAR writes it: the filer, its CIK, the form and the period."""
    return (f"<SEC-DOCUMENT>{accession}.txt : {year + 1}0420\n"
            f"<SEC-HEADER>{accession}.hdr.sgml : {year + 1}0420\n"
            f"ACCESSION NUMBER:\t\t{accession}\n"
            f"CONFORMED SUBMISSION TYPE:\t{form}\n"
            "PUBLIC DOCUMENT COUNT:\t\t4\n"
            f"CONFORMED PERIOD OF REPORT:\t{year}1231\n"
            f"FILED AS OF DATE:\t\t{year + 1}0420\n\n"
            "FILER:\n\n\tCOMPANY DATA:\t\n\n"
            f"\t\tCOMPANY CONFORMED NAME:\t\t\t{filer}\n"
            f"\t\tCENTRAL INDEX KEY:\t\t\t{cik:010d}\n"
            "\t\tFISCAL YEAR END:\t\t\t1231\n\n"
            "</SEC-HEADER>\n").encode("ascii")


def shift_years(data: bytes, delta: int) -> bytes:
    """Every year 2000-2039 in the page moved by `delta` (dates, headers, sentences alike)."""
    if not delta:
        return data
    return re.sub(rb"(?<![0-9])(20[0-3][0-9])(?![0-9])",
                  lambda m: str(int(m.group(1)) + delta).encode(), data)


def build_corpus(folder: Path, n: int, filers: int, seed: int = 5) -> dict[str, int]:
    """About `n` fragments in full-submission `.txt` filings of `filers` filers over ten years
    (the SEC header names the filer); returns counts."""
    rng = random.Random(seed)
    sources = bi.collect_sources()
    credit = [*sources.credit_rpages, *sources.texts]
    other = sources.other_rpages
    folder.mkdir(parents=True, exist_ok=True)
    per_filing = 4  # fragments per filing
    filings = max(1, n // per_filing)
    made = {"filings": 0, "fragments": 0, "filers": filers, "bytes": 0}
    for k in range(filings):
        f = k % filers
        year = FIRST_YEAR + (k // filers) % YEARS
        form = "20-F" if f % 3 else "10-K"
        accession = f"{1_000_000 + f:010d}-{year % 100:02d}-{k:06d}"
        parts = [sec_header(accession, f"FILER {f:03d} HOLDINGS INC", 1_000_000 + f, form, year)]
        for j in range(per_filing):
            pool = credit if (j < 3 or not other) else other
            base, body = pool[rng.randrange(len(pool))]
            body = shift_years(body, year - 2022)
            if base.endswith(".htm"):
                body = bi.unique_copy(base, body, k)
            else:  # a last line of k+1 spaces (a part's trailing newlines are not kept)
                body = body.rstrip(b"\r\n") + b"\n" + b" " * (k + 1)
            parts.append(bi._part("XML" if base.endswith(".htm") else "EX-99", j + 1,
                                  f"R{j + 2}_{base}", "fragment", body))
        data = b"".join(parts) + b"</SEC-DOCUMENT>\n"
        (folder / f"{accession}.txt").write_bytes(data)
        made["filings"] += 1
        made["fragments"] += per_filing
        made["bytes"] += len(data)
    return made


# --- steps, each in its own process -----------------------------------------------------------

def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process and of its children (the workers, once they are gone)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def _digest(facts) -> str:  # noqa: ANN001 - a DataFrame
    """A fingerprint of the facts, order aside: the same rows with the same values."""
    import hashlib

    from dashboard.model.schema import FACT_COLUMNS

    df = facts[list(FACT_COLUMNS)].astype(str)
    df = df.sort_values(list(FACT_COLUMNS)).reset_index(drop=True)
    return hashlib.sha256(df.to_csv(index=False).encode()).hexdigest()[:16]


def step(name: str, corpus: str, libdir: str, workers: int | None) -> dict:
    if name in ("extract", "extract_pool"):
        from dashboard.extract.pipeline import extract_paths

        t0 = time.perf_counter()
        res = extract_paths([corpus], workers=1 if name == "extract" else (workers or None))
        secs = time.perf_counter() - t0
        return {"seconds": secs, "facts": len(res.facts), "peak_mb": _peak_mb(), "cpu": _cpu(),
                "digest": _digest(res.facts) if name == "extract" else ""}
    from dashboard.library import Library

    lib = Library.open(libdir)
    if name in ("ingest", "reingest"):
        t0 = time.perf_counter()
        rep = lib.ingest_paths([corpus], workers=workers)
        secs = time.perf_counter() - t0
        cpu, peak = _cpu(), _peak_mb()  # before reading the facts back
        facts = lib.facts()
        files = {t: len(lib._manifest_files(t)) for t in ("facts", "sources", "issues")}
        return {"seconds": secs, "facts": len(facts), "parsed": rep.parsed, "files": files,
                "phases": rep.phases, "cpu": cpu, "digest": _digest(facts),
                "engine": rep.engine, "issues": len(rep.issues), "peak_mb": peak}
    # queries
    filers = lib.filers()
    named = filers[filers["entity"].str.startswith("FILER ")]
    if named.empty:  # the fragments: the filer of median size
        named = filers.sort_values(["n_facts", "entity"])
    one = named["entity"].iloc[len(named) // 2]
    out: dict = {"filers": len(filers), "one_filer": one, "ms": {}}

    def timed(fn) -> float:
        runs = []
        for _ in range(5):
            t0 = time.perf_counter()
            fn()
            runs.append((time.perf_counter() - t0) * 1000)
        return statistics.median(runs)

    t0 = time.perf_counter()
    lib.facts(filers=[one])
    out["ms"]["facts of one filer, first (cold files)"] = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    lib.query(next(iter(CHART_QUERIES.values())))
    out["warm_up_ms"] = (time.perf_counter() - t0) * 1000
    out["ms"]["facts of one filer"] = timed(lambda: lib.facts(filers=[one]))
    out["rows_one_filer"] = len(lib.facts(filers=[one]))
    for label, sql in CHART_QUERIES.items():
        out["ms"][label] = timed(lambda sql=sql: lib.query(sql))
    out["ms"]["filer list (picker)"] = timed(lib.filers)
    # the app's directory of filers, computed as the app computes it (nothing cached between
    # runs); the first one in this process pays DuckDB's first scan of the files
    from dashboard.workspace.view import Workspace

    ws = Workspace(lib)
    t0 = time.perf_counter()
    d = ws.directory("bench")
    out["ms"]["app's directory of filers, first"] = (time.perf_counter() - t0) * 1000
    out["ms"]["app's directory of filers"] = timed(lambda: ws.directory("bench"))
    out["directory_filers"] = len(d.facets.entities)
    return out


def run_step(name: str, corpus: Path, libdir: Path, workers: int | None) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--step", name, "--corpus",
           str(corpus), "--library", str(libdir)]
    if workers:
        cmd += ["--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"step {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def build_shape(shape: str, folder: Path, n: int, filers: int) -> dict[str, Any]:
    """The corpus of one shape in `folder`; returns what was made."""
    if shape == "submissions":
        made = build_corpus(folder, n, filers)
        made["files"] = made["filings"]
        made["what"] = (f"{made['fragments']:,} fragments in {made['filings']:,} submissions of "
                        f"{made['filers']} filers over {YEARS} years")
        return made
    paths = bi.build_fragments(folder, n, bi.collect_sources())
    size = sum(p.stat().st_size for p in paths)
    return {"files": len(paths), "fragments": len(paths), "bytes": size,
            "what": f"{len(paths):,} small files that name no filer"}


def run_shape(shape: str, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Every step of the benchmark on one shape of input."""
    corpus, libdir = tmp / f"{shape}-corpus", tmp / f"{shape}-library"
    made = build_shape(shape, corpus, args.n, args.filers)
    print(f"{shape}: {made['what']}, {made['bytes'] / 2**20:.1f} MB", flush=True)
    pairs = []
    for k in range(max(1, args.pairs)):  # A B A B: the load of a shared machine drifts
        lib_k = libdir.with_name(f"{libdir.name}{k}")
        pairs.append((run_step("extract", corpus, lib_k, None),
                      run_step("ingest", corpus, lib_k, args.workers)))
        if k + 1 < args.pairs:
            shutil.rmtree(lib_k, ignore_errors=True)
        else:
            libdir = lib_k
    ratios = [e["seconds"] / i["seconds"] for e, i in pairs]
    # the median pair (the lower middle one for an even count)
    median = sorted(range(len(pairs)), key=lambda j: ratios[j])[(len(pairs) - 1) // 2]
    out = {"corpus": made, "pairs": pairs, "ratios": ratios, "median": median,
           "pool": run_step("extract_pool", corpus, libdir, args.workers) if args.pool else None,
           "reingest": run_step("reingest", corpus, libdir, args.workers),
           "queries": _queries(corpus, libdir, args.query_processes)}
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(libdir, ignore_errors=True)
    return out


QUERY_PROCESSES = 3  # the queries are timed in this many new processes: a first read is
# one sample per process, and one sample on a shared machine is mostly its noise


def _queries(corpus: Path, libdir: Path, processes: int = QUERY_PROCESSES) -> dict[str, Any]:
    """The query timings, each the median over `processes` new processes (a process's own
    figures are already medians of repeats, but its first reads are single samples)."""
    runs = [run_step("queries", corpus, libdir, None) for _ in range(max(1, processes))]
    out = dict(runs[0])
    out["ms"] = {label: statistics.median(run["ms"][label] for run in runs)
                 for label in runs[0]["ms"]}
    out["ms_runs"] = {label: [run["ms"][label] for run in runs] for label in runs[0]["ms"]}
    return out


def _rows(r: dict[str, Any], profile: bool) -> list[tuple[str, str, str]]:
    """(figure, value, PASS/MISS or '') for one shape."""
    ex, ing = r["pairs"][r["median"]]
    again, q, files = r["reingest"], r["queries"], r["corpus"]["files"]
    ratio = ex["seconds"] / ing["seconds"]
    start = next((v for k, v in ing["phases"].items() if k.startswith("cluster start")), 0.0)
    tail = sum(v for k, v in ing["phases"].items()
               if k.startswith(("commit, after", "cross-document", "cluster stop")))
    pct = 100 * again["seconds"] / ing["seconds"]
    peak = max(ing["peak_mb"] + again["peak_mb"])
    ok = {True: "PASS", False: "MISS"}
    rows = [
        ("files", f"{files:,}", ""),
        ("extract, one process", f"{ex['seconds']:.1f} s, {files / ex['seconds']:.0f} files/s",
         ""),
        ("ingest, local Dask cluster", f"{ing['seconds']:.1f} s, "
         f"{files / ing['seconds']:.0f} files/s", ""),
        (f"ratio extract / ingest (>= {TARGETS['ratio']}x)",
         f"{ratio:.2f}x" + (" (pairs: " + ", ".join(f"{x:.2f}" for x in r["ratios"]) + ")"
                            if len(r["ratios"]) > 1 else ""), ok[ratio >= TARGETS["ratio"]]),
        ("  cluster start, in the ingest", f"{start:.1f} s", ""),
        ("  serial after the last file", f"{tail:.1f} s ({100 * tail / ing['seconds']:.0f}%)",
         ""),
        ("  CPU s: extract / driver + workers",
         f"{sum(ex['cpu']):.1f} / {ing['cpu'][0]:.1f} + {ing['cpu'][1]:.1f}", ""),
        (f"peak MB driver / worker (<= {TARGETS['peak_mb']})",
         f"{ing['peak_mb'][0]:.0f} / {ing['peak_mb'][1]:.0f}",
         ok[peak <= TARGETS["peak_mb"]]),
        (f"re-ingest (nothing new) (<= {TARGETS['reingest_pct']:.0f}%)",
         f"{again['seconds']:.2f} s ({pct:.1f}%)", ok[pct <= TARGETS["reingest_pct"]]),
        ("Parquet files: facts / sources / issues",
         " / ".join(str(ing["files"][t]) for t in ("facts", "sources", "issues")), ""),
    ]
    if r["pool"]:
        rows.append(("  extract's own fork pool, all cores",
                     f"{r['pool']['seconds']:.1f} s "
                     f"({ex['seconds'] / r['pool']['seconds']:.2f}x)", ""))
    for label, ms in q["ms"].items():
        limit = TARGETS["directory_ms" if "directory" in label else "query_ms"]
        each = q.get("ms_runs", {}).get(label, [])
        spread = f" (new processes: {', '.join(f'{x:.0f}' for x in each)})" \
            if len(each) > 1 and "first" in label else ""
        rows.append((f"query: {label} (< {limit:.0f} ms)", f"{ms:.1f} ms{spread}",
                     ok[ms < limit]))
    same = all(e["digest"] == i["digest"] for e, i in r["pairs"])
    rows.append(("same facts as extract (digest)",
                 f"same facts as extract: {same}, {ex['facts']:,} rows", ""))
    rows.append(("filers in the library", f"{q['filers']:,}", ""))
    if profile:
        for k, (e, i) in enumerate(r["pairs"]):
            rows.append((f"  pair {k + 1}: extract / ingest",
                         f"{e['seconds']:.1f} / {i['seconds']:.1f} s", ""))
        for name, secs in ing["phases"].items():
            rows.append((f"  phase: {name}", f"{secs:.2f} s", ""))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="files or fragments (default 10,000)")
    ap.add_argument("--filers", type=int, default=300, help="filers of the submissions shape")
    ap.add_argument("--shapes", default=",".join(SHAPES),
                    help=f"comma-separated, of {', '.join(SHAPES)} (default both)")
    ap.add_argument("--workers", type=int, help="local cluster workers (default: the cores)")
    ap.add_argument("--pairs", type=int, default=1,
                    help="extract and ingest (into a fresh library) alternated this many times; "
                         "the ratio is taken per pair, and the median pair is reported")
    ap.add_argument("--pool", action="store_true", help="also time extract's own fork pool")
    ap.add_argument("--profile", action="store_true",
                    help="print where the ingest's time goes (its phases, each pair)")
    ap.add_argument("--query-processes", type=int, default=QUERY_PROCESSES,
                    help=f"new processes the queries are timed in (default {QUERY_PROCESSES})")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--library", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.step:
        print(json.dumps(step(args.step, args.corpus, args.library, args.workers), default=str))
        return 0
    shapes = [x.strip() for x in args.shapes.split(",") if x.strip()]
    if not shapes or set(shapes) - set(SHAPES):
        ap.error(f"--shapes takes {', '.join(SHAPES)}")
    print(f"(cores usable: {len(os.sched_getaffinity(0))}; load average at the start: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; the machine may be shared)")
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        for shape in shapes:
            results[shape] = run_shape(shape, Path(tmp), args)
    table = {shape: _rows(r, args.profile) for shape, r in results.items()}
    labels = list(dict.fromkeys(label for rows in table.values() for label, _, _ in rows))
    cells = {shape: {label: (v + (f"  {flag}" if flag else "")) for label, v, flag in rows}
             for shape, rows in table.items()}
    width = max(len(x) for x in labels)
    cols = {shape: max(len(shape), *(len(v) for v in cells[shape].values())) for shape in shapes}
    print(f"{'':<{width}}  " + "  ".join(f"{shape:<{cols[shape]}}" for shape in shapes))
    for label in labels:
        print(f"{label:<{width}}  " + "  ".join(f"{cells[shape].get(label, ''):<{cols[shape]}}"
                                               for shape in shapes))
    print(f"(load average when done: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; ratios "
          "are measured in this run, absolute times move with the machine's other work)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
