"""Benchmark of the filing library: ingest at corpus scale on Dask, re-ingest, queries.

    python bench/library.py                  # 10,000 fragments of 300 filers (several minutes)
    python bench/library.py --n 400 --filers 20   # a smoke run
    python bench/library.py --json out.json
    python bench/library.py --n 2000 --filers 60 --pairs 2 --profile   # while iterating

Builds, in a temporary folder (never in the repository), a corpus of N fragments made from the
bundled samples and, when it sits beside the checkout, `../shared` (R pages, text extracts,
seeds): filings of `--filers` filers over ten years, each a full-submission `.txt` (its SEC header
names the filer, the form and the period) holding four fragments (R pages, text extracts) whose
years are shifted to the filing's year; every part's bytes are unique. Then, each step in its own
Python process (so peak memory belongs to it alone):

- `extract`: the single-process `extract_paths` of the corpus folder (workers=1): time, files/s;
  and, for scale, `extract_paths` with its own fork pool on all cores (what the cores give);
- `ingest`: `Library.ingest_paths` of the same folder on a local Dask cluster sized to the
  machine: time, files/s, the ratio to `extract` (measured in this run; with `--pairs N`,
  extract and ingest alternate N times and the median pair counts), the peak memory of
  the driver and of the largest worker process, the cluster's start-up (which `extract` does
  not pay) and what is left after the last file is parsed (the last commit, the
  cross-document steps), the CPU seconds of both (driver and workers), and whether the
  library's facts are those of `extract` (a digest of every row, order aside);
  `--profile` prints every phase of the ingest;
- `reingest`: the same ingest again (nothing to read): time, as % of the first;
- `queries`: on that library, the facts of one filer among all, and the landing page's three
  chart inputs (latest delinquency mix per filer, provision vs write-off per filer and year,
  guarantee exposure per filer), each the median of 5 runs.

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

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import inputs as bi  # noqa: E402

TARGETS = {"ratio": 1.7, "peak_mb": 1024, "reingest_pct": 5.0, "query_ms": 100.0}
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
        return {"seconds": secs, "facts": len(facts), "parsed": rep.parsed,
                "phases": rep.phases, "cpu": cpu, "digest": _digest(facts),
                "engine": rep.engine, "issues": len(rep.issues), "peak_mb": peak}
    # queries
    filers = lib.filers()
    named = filers[filers["entity"].str.startswith("FILER ")]
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000, help="fragments (default 10,000)")
    ap.add_argument("--filers", type=int, default=300)
    ap.add_argument("--workers", type=int, help="local cluster workers (default: the cores)")
    ap.add_argument("--pairs", type=int, default=1,
                    help="extract and ingest (into a fresh library) alternated this many times; "
                         "the ratio is taken per pair, and the median pair is reported")
    ap.add_argument("--profile", action="store_true",
                    help="print where the ingest's time goes (its phases, each pair)")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--step", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    ap.add_argument("--library", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.step:
        print(json.dumps(step(args.step, args.corpus, args.library, args.workers), default=str))
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        corpus, libdir = Path(tmp) / "corpus", Path(tmp) / "library"
        made = build_corpus(corpus, args.n, args.filers)
        print(f"corpus: {made['fragments']:,} fragments in {made['filings']:,} submissions of "
              f"{made['filers']} filers over {YEARS} years, {made['bytes'] / 2**20:.1f} MB "
              f"(cores usable: {len(os.sched_getaffinity(0))}; the machine may be shared)")
        pairs = []
        for k in range(max(1, args.pairs)):  # A B A B: the load of a shared machine drifts
            lib_k = libdir.with_name(f"library{k}")
            pairs.append((run_step("extract", corpus, lib_k, None),
                          run_step("ingest", corpus, lib_k, args.workers)))
            if k + 1 < args.pairs:
                shutil.rmtree(lib_k, ignore_errors=True)
            else:
                libdir = lib_k
        ratios = [e["seconds"] / i["seconds"] for e, i in pairs]
        # the median pair (the lower middle one for an even count)
        ex, ing = pairs[sorted(range(len(pairs)), key=lambda j: ratios[j])[(len(pairs) - 1) // 2]]
        pool = run_step("extract_pool", corpus, libdir, args.workers)
        again = run_step("reingest", corpus, libdir, args.workers)
        q = run_step("queries", corpus, libdir, None)
    files = made["filings"]
    ratio = ex["seconds"] / ing["seconds"]
    start = next((v for k, v in ing["phases"].items() if k.startswith("cluster start")), 0.0)
    tail = sum(v for k, v in ing["phases"].items()
               if k.startswith(("commit, after", "cross-document", "cluster stop")))
    pct = 100 * again["seconds"] / ing["seconds"]
    peak = max(ing["peak_mb"] + again["peak_mb"])
    rows = [
        ("extract, one process", f"{ex['seconds']:.1f} s", f"{files / ex['seconds']:.1f} files/s",
         f"{ex['facts']:,} facts"),
        (f"ingest, {ing['engine']}", f"{ing['seconds']:.1f} s",
         f"{files / ing['seconds']:.1f} files/s", f"{ing['facts']:,} facts, {ing['issues']} issues"),
        ("ratio extract / ingest" + (f" (median of {len(pairs)} pairs: "
                                      + ", ".join(f"{r:.2f}" for r in ratios) + ")"
                                      if len(pairs) > 1 else ""),
         f"{ratio:.2f}x", f"target >= {TARGETS['ratio']}x",
         "PASS" if ratio >= TARGETS["ratio"] else "MISS"),
        ("  cluster start (imports, workers up), in the ingest", f"{start:.1f} s",
         f"{ex['seconds'] / max(ing['seconds'] - start, 1e-9):.2f}x without it",
         "(extract pays none)"),
        ("  serial after the last file (last commit, steps)", f"{tail:.1f} s",
         f"{100 * tail / ing['seconds']:.0f}% of the ingest", ""),
        ("  CPU seconds: extract / ingest driver + workers",
         f"{sum(ex['cpu']):.1f}", f"{ing['cpu'][0]:.1f} + {ing['cpu'][1]:.1f}",
         "(the parse's own overhead, less sensitive to load)"),
        ("  for scale: extract's own fork pool, all cores", f"{pool['seconds']:.1f} s",
         f"{ex['seconds'] / pool['seconds']:.2f}x extract", "(what this machine's cores give)"),
        ("peak memory (MB) driver / largest worker",
         f"{ing['peak_mb'][0]:.0f} / {ing['peak_mb'][1]:.0f}", f"target <= {TARGETS['peak_mb']}",
         "PASS" if peak <= TARGETS["peak_mb"] else "MISS"),
        ("re-ingest (nothing new)", f"{again['seconds']:.2f} s", f"{pct:.1f}% of the first",
         "PASS" if pct <= TARGETS["reingest_pct"] else "MISS"),
    ]
    if args.profile:
        for k, (e, i) in enumerate(pairs):
            rows.append((f"  pair {k + 1}: extract {e['seconds']:.1f} s, ingest "
                         f"{i['seconds']:.1f} s", f"{ratios[k]:.2f}x", "", ""))
        for name, secs in ing["phases"].items():
            rows.append((f"  ingest phase: {name}", f"{secs:.2f} s", "", ""))
    for label, ms in q["ms"].items():
        rows.append((f"query: {label}", f"{ms:.1f} ms", f"target < {TARGETS['query_ms']:.0f} ms",
                     "PASS" if ms < TARGETS["query_ms"] else "MISS"))
    width = max(len(r[0]) for r in rows)
    for r in rows:
        print(f"{r[0]:<{width}}  {r[1]:>12}  {r[2]:>22}  {r[3]}")
    print(f"(the first query over all filers after a change copies the library into DuckDB's "
          f"memory: {q['warm_up_ms']:.0f} ms, once per library version)")
    same = all(e["digest"] == i["digest"] for e, i in pairs)
    print(f"(library: {q['filers']} filers; '{q['one_filer']}' has {q['rows_one_filer']} facts; "
          f"same facts as extract: {same}, {ex['facts']:,} rows, digest {ex['digest']})")
    print(f"(load average when done: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; ratios "
          "are measured in this run, absolute times move with the machine's other work)")
    if args.json:
        Path(args.json).write_text(json.dumps({"corpus": made, "extract": ex, "ingest": ing,
                                               "pairs": pairs, "ratios": ratios,
                                               "reingest": again, "queries": q}, indent=1,
                                              default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
