"""The package's layers, read from its source with `ast`: no import circles, no import that runs
up the stage order, streamlit only in `dashboard/ui/`, and a function-local import only where
it is listed below with its reason.

The stage order, lowest first (a module may import its own layer and the ones below it):

    model < extract < facts < library < edgar < workspace < analysis < charts < exports < ui < top

`edgar` fetches bytes into the library: it may use the library and the stages below it, and only
the app and the command line use it. `top` is `dashboard/cli.py`, `dashboard/__main__.py`.
`dashboard/__init__.py` re-exports the contract and sits with `model`.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "dashboard"

ORDER = ("model", "extract", "facts", "library", "edgar", "workspace", "analysis", "charts",
         "exports", "ui", "top")
RANK = {name: i for i, name in enumerate(ORDER)}

# Function-local imports that are meant, each for start-up time:
# (importing module, imported module) -> why.
LAZY: dict[tuple[str, str], str] = {
    ("dashboard.cli", "dashboard.library"): "DuckDB and pyarrow only for the library commands",
    ("dashboard.cli", "dashboard.workspace.view"): "DuckDB and pyarrow only for `library`",
    ("dashboard.cli", "dashboard.extract.pipeline"): "the parsers only for `extract`",
    ("dashboard.cli", "dashboard.edgar.command"): "httpx, hishel and the rate limiter only for `fetch`",
    ("dashboard.cli", "dashboard.analysis.periods"): "the analyst series only for --frequency",
    ("dashboard.cli", "dashboard.analysis.tables"): "the analyst tables only for --table",
    ("dashboard.cli", "rich.console"): "rich only for the ingest progress bar",
    ("dashboard.cli", "rich.progress"): "rich only for the ingest progress bar",
    ("dashboard.cli", "dashboard.exports"): "python-pptx, openpyxl, kaleido only for `report`",
    ("dashboard.cli", "dashboard.exports.pack_command"):
        "python-pptx, openpyxl, kaleido, the library only for `report --peers`",
    ("dashboard.edgar.command", "dashboard.library"): "DuckDB and pyarrow only when fetching",
    ("dashboard.exports", "dashboard.exports.deck"):
        "python-pptx only when a deck is built (the app's presentation page imports exports)",
    ("dashboard.exports", "dashboard.exports.workbook"):
        "openpyxl only when a workbook is built (the app's presentation page imports exports)",
    ("dashboard.exports.images", "kaleido"): "kaleido only when a chart is rendered to an image",
    ("dashboard.extract.load.encoding", "charset_normalizer"):
        "its models load only for a file that is not UTF-8",
    ("dashboard.extract.parallel", "dashboard.extract.parsers.html_tables"):
        "imported just before the workers fork, so that none imports them again",
    ("dashboard.extract.parallel", "dashboard.extract.parsers.text_extract"):
        "imported just before the workers fork, so that none imports them again",
    ("dashboard.extract.parallel", "dashboard.extract.parsers.xbrl"):
        "imported just before the workers fork, so that none imports them again",
    ("dashboard.library.cluster", "dask"): "Dask only when an ingest starts a cluster",
    ("dashboard.library.cluster", "distributed"): "Dask only when an ingest starts a cluster",
    ("dashboard.library.cluster", "dashboard.extract.parsers.html_tables"):
        "imported just before the workers fork, so that none imports them again",
    ("dashboard.library.cluster", "dashboard.extract.parsers.text_extract"):
        "imported just before the workers fork, so that none imports them again",
    ("dashboard.library.cluster", "dashboard.extract.parsers.xbrl"):
        "imported just before the workers fork, so that none imports them again",
    ("dashboard.ui.views.peers", "dashboard.exports.pack_deck"):
        "python-pptx only when the pack's deck is downloaded",
    ("dashboard.ui.views.peers", "dashboard.exports.pack_workbook"):
        "openpyxl only when the pack's workbook is downloaded",
}
# Functions whose job is to import: (module, function) -> why.
LAZY_FUNCTIONS: dict[tuple[str, str], str] = {
    ("dashboard.ui.launch", "preload"):
        "imports what every page needs in the server's process, before Streamlit takes over",
}

# Violations in files other helpers own today (notes/common.md's table): the lead removes an
# entry once the owner's branch is merged and the import is gone. -> owner and the way out.
ALLOWED_UPWARD: dict[tuple[str, str], str] = {
}
ALLOWED_CIRCLES: dict[frozenset[str], str] = {
}
ALLOWED_LOCAL: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # the module imported (a submodule when `from pkg import sub` names one)
    line: int
    function: str  # the outermost function the import is in; "" at module level


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def layer(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "model"  # dashboard/__init__.py: the contract's re-exports
    if parts[1] in ("cli", "__main__"):
        return "top"
    return parts[1]


def _is_type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports(module: str, path: Path, known: set[str]) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_pkg = path.name == "__init__.py"
    out: list[Import] = []

    def resolve_from(node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = module.split(".")
        if not is_pkg:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        return ".".join([*base, *([node.module] if node.module else [])])

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                continue
            inner = function or (child.name if isinstance(
                child, (ast.FunctionDef, ast.AsyncFunctionDef)) else "")
            if isinstance(child, ast.Import):
                for a in child.names:
                    out.append(Import(module, a.name, child.lineno, function))
            elif isinstance(child, ast.ImportFrom):
                base = resolve_from(child)
                for a in child.names:
                    sub = f"{base}.{a.name}"
                    out.append(Import(module, sub if sub in known else base, child.lineno,
                                      function))
            visit(child, inner)

    visit(tree, "")
    return out


@functools.cache
def _all_imports() -> tuple[Import, ...]:
    mods = modules()
    known = set(mods)
    return tuple(i for m, p in mods.items() for i in imports(m, p, known))


def all_imports() -> list[Import]:
    """Every import of every module of the package (read once per test session)."""
    return list(_all_imports())


def upward(imps: list[Import]) -> list[Import]:
    return [i for i in imps if i.target.startswith("dashboard.") and i.target != "dashboard"
            and RANK[layer(i.target)] > RANK[layer(i.module)]]


def streamlit_outside_ui(imps: list[Import]) -> list[Import]:
    return [i for i in imps if i.target.split(".")[0] == "streamlit"
            and layer(i.module) != "ui"]


def circles(imps: list[Import]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {}
    for i in imps:
        if i.target.startswith("dashboard") and i.target != i.module:
            graph.setdefault(i.module, set()).add(i.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def strong(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def local_unlisted(imps: list[Import]) -> list[Import]:
    """Function-local imports with no reason listed (LAZY, LAZY_FUNCTIONS)."""
    return [i for i in imps if i.function and (i.module, i.target) not in LAZY
            and (i.module, i.function) not in LAZY_FUNCTIONS]


def _say(imps: list[Import]) -> str:
    return "\n".join(f"  {i.module}:{i.line} imports {i.target}" for i in imps)


def test_every_module_has_a_layer() -> None:
    unknown = sorted({layer(m) for m in modules()} - set(RANK))
    assert not unknown, f"modules outside the stage order: {unknown}"


def test_no_import_runs_up_the_stage_order() -> None:
    bad = [i for i in upward(all_imports()) if (i.module, i.target) not in ALLOWED_UPWARD]
    assert not bad, "imports that run up " + " < ".join(ORDER) + ":\n" + _say(bad)


def test_only_the_app_and_the_command_line_use_edgar() -> None:
    bad = [i for i in all_imports() if i.target.startswith("dashboard.edgar")
           and layer(i.module) not in ("edgar", "ui", "top")]
    assert not bad, "edgar used below the app and the command line:\n" + _say(bad)


def test_only_the_ui_imports_streamlit() -> None:
    bad = streamlit_outside_ui(all_imports())
    assert not bad, "streamlit outside dashboard/ui/:\n" + _say(bad)


def test_no_import_circles() -> None:
    bad = [c for c in circles(all_imports()) if frozenset(c) not in ALLOWED_CIRCLES]
    assert not bad, "import circles:\n" + "\n".join("  " + " <-> ".join(c) for c in bad)


def test_function_local_imports_are_listed() -> None:
    bad = [i for i in local_unlisted(all_imports()) if (i.module, i.target) not in ALLOWED_LOCAL]
    assert not bad, ("function-local imports not listed in LAZY with a reason (move them to "
                     "the module's top):\n" + _say(bad))


def test_the_allow_lists_hold_only_what_still_happens() -> None:
    """An entry whose violation is gone must go too, so the lists only ever shrink."""
    imps = all_imports()
    local = [i for i in imps if i.function]
    stale = [k for k in ALLOWED_UPWARD if k not in {(i.module, i.target) for i in upward(imps)}]
    stale += [k for k in ALLOWED_LOCAL if k not in {(i.module, i.target) for i in local}]
    stale += [k for k in LAZY if k not in {(i.module, i.target) for i in local}]
    stale += [k for k in LAZY_FUNCTIONS if k not in {(i.module, i.function) for i in local}]
    stale += [sorted(k) for k in ALLOWED_CIRCLES
              if k not in {frozenset(c) for c in circles(imps)}]
    assert not stale, f"allow-list entries with nothing left to allow: {stale}"


if __name__ == "__main__":  # print every violation, listed or not
    imps = all_imports()
    print("UPWARD\n" + _say(upward(imps)))
    print("STREAMLIT\n" + _say(streamlit_outside_ui(imps)))
    print("CIRCLES\n" + "\n".join("  " + " <-> ".join(c) for c in circles(imps)))
    print("LOCAL, unlisted\n" + _say(local_unlisted(imps)))
