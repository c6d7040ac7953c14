"""How the peer comparison scales with the number of filers: `python bench/peers.py [N ...]`.

Builds N filers from the bundled samples' real facts (each copy renamed, its figures unchanged,
so every filer has the same aging, rollforward and guarantee tables), then times, once each,
in this process: consolidation + ratios (`credit_ratios`), the ranking of every ratio, the
small-multiples lines and figure. Prints seconds and the ratio to the smallest N; one run each
on a shared machine, so read the ratios, not the absolute figures.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from dashboard.analysis import peers  # noqa: E402
from dashboard.analysis.ratios import credit_ratios  # noqa: E402
from dashboard.charts import peers as peer_charts  # noqa: E402
from dashboard.exports import apply_manifest, read_manifest  # noqa: E402
from dashboard.extract.pipeline import extract_paths  # noqa: E402


def sample_facts() -> pd.DataFrame:
    data = ROOT / "data"
    man = read_manifest(data)
    res = extract_paths([data / name for name in man])
    facts, _ = apply_manifest(res.facts, res.sources, man)
    return facts


def copies(facts: pd.DataFrame, n: int) -> pd.DataFrame:
    """n filers: the samples' filers renamed '<name> #k' until there are n of them."""
    names = sorted(set(facts["entity"]))
    parts, k = [], 0
    while len(parts) * len(names) < n:
        parts.append(facts.assign(entity=facts["entity"] + f" #{k}",
                                  source=facts["source"] + f"#{k}"))
        k += 1
    out = pd.concat(parts, ignore_index=True)
    keep = sorted(set(out["entity"]))[:n]
    return out[out["entity"].isin(keep)]


def timed(fn, *args):  # noqa: ANN001, ANN002, ANN201
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sizes", nargs="*", type=int, default=[3, 30, 150])
    args = p.parse_args(argv)
    base = sample_facts()
    rows = []
    for n in args.sizes:
        f = copies(base, n)
        ratios, t_ratios = timed(credit_ratios, f)
        filers = sorted(set(f["entity"]))[:10]  # a page's group: ten filers
        _, t_rank = timed(peers.ranking, ratios, filers)
        lines, t_lines = timed(peers.series, ratios, filers)
        _, t_fig = timed(peer_charts.small_multiples, lines)
        rows.append((n, len(f), len(ratios), t_ratios, t_rank, t_lines + t_fig))
    first = rows[0][3] or 1e-9
    print(f"{'filers':>7} {'facts':>7} {'ratio rows':>10} {'ratios s':>9} {'× first':>8} "
          f"{'rank (10) s':>11} {'charts (10) s':>13}")
    for n, nf, nr, tr, tk, tc in rows:
        print(f"{n:>7} {nf:>7} {nr:>10} {tr:>9.2f} {tr / first:>8.1f} {tk:>11.2f} {tc:>13.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
