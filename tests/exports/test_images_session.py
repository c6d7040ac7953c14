"""The shared Chromium for image exports is started in the background, and when asked to, only
after a delay: the Presentation page asks for it once its charts are sent, and a Chromium
starting at once would take the cores from the browser drawing those charts."""

from __future__ import annotations

import threading
import time

import pytest

from dashboard.exports import images


def test_the_export_browser_starts_after_the_delay_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[float] = []
    done = threading.Event()

    def fake_session() -> object:
        started.append(time.monotonic())
        done.set()
        return object()

    monkeypatch.setattr(images, "_SESSION", None)
    monkeypatch.setattr(images, "browser_available", lambda: True)
    monkeypatch.setattr(images, "_session", fake_session)
    t0 = time.monotonic()
    images.warm_session(after=0.4)
    time.sleep(0.1)
    assert started == []  # not yet: the page's charts are still being drawn
    assert done.wait(5.0)
    assert started[0] - t0 >= 0.4 and len(started) == 1
