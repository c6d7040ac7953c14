"""`python -m dashboard.ui.launch`'s warm-up thread (dashboard/ui/launch.py): what a user
starting the app sees of it."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.scriptrunner_utils import script_run_context

from dashboard.ui import launch, warm

pytestmark = pytest.mark.timeout(180)


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_the_warm_thread_prints_no_missing_context_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm-up fills the caches outside any session, so Streamlit would warn, once per
    cached call, that its thread has no ScriptRunContext: noise on the server's output. Only
    that thread's warnings are left out."""
    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    log = logging.getLogger(script_run_context.__name__)
    kept = _Kept()
    log.addHandler(kept)
    monkeypatch.setattr(log, "filters", list(log.filters))  # the filter goes with the test
    try:
        launch.quiet_warm_thread()

        def warm_up() -> None:
            st.empty()  # as launch.warm_when_ready does
            warm.warm()

        for name, job in ((launch.WARM_THREAD, warm_up), ("another", st.empty)):
            t = threading.Thread(target=job, name=name)
            t.start()
            t.join()
    finally:
        log.removeHandler(kept)
    said = {(r.threadName, "missing ScriptRunContext" in r.getMessage()) for r in kept.records}
    assert (launch.WARM_THREAD, True) not in said
    assert ("another", True) in said  # another thread's warning still shows


def test_the_server_start_prints_no_runtime_warning(tmp_path: Path) -> None:
    """`python -m dashboard.ui.launch` imports the pages' modules before Streamlit's runtime
    exists; their cached functions' 'No runtime found' warnings are not printed (Streamlit
    printed one per cached function)."""
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, CREDIT_NOTES_HOME=str(tmp_path),
               PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-c", "import dashboard.ui.launch"], cwd=root,
                         env=env, capture_output=True, text=True, timeout=120, check=True)
    assert "No runtime found" not in out.stderr + out.stdout
    assert "dashboard.ui.launch" not in out.stderr  # it imported without an error


def test_a_fresh_library_is_filled_before_the_server_runs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a fresh machine the warm-up thread reads the bundled samples into the library while
    Streamlit is still starting (no runtime yet), so the first session finds them in; it
    then gives up waiting for a runtime that never comes here."""
    from dashboard.library import Library, default_library_dir
    from dashboard.workspace import inputs as io

    monkeypatch.setenv("CREDIT_NOTES_HOME", str(tmp_path / "home"))
    launch.warm_when_ready(timeout=0.1).join(timeout=120)
    units = Library.open(default_library_dir()).units()
    assert sorted(units["name"]) == sorted(f.name for f in io.bundled_inputs(io.repo_data_dir()))
    assert set(units["origin"]) == {"bundled"}
