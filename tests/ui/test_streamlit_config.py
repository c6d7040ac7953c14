"""The app's Streamlit configuration (dashboard/ui/.streamlit/config.toml) applies wherever the
server is started, not only from the checkout: no usage statistics sent, tracebacks kept from
visitors, the upload limit and the theme."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "dashboard" / "ui" / "app.py"

# what `streamlit run` does before the server starts (streamlit.web.cli._main_run)
READ = f"""
import json
from streamlit import config
from streamlit.web import bootstrap
config._main_script_path = {str(APP)!r}
bootstrap.load_config_options(flag_options={{}})
print(json.dumps({{k: config.get_option(k) for k in (
    "browser.gatherUsageStats", "client.showErrorDetails", "client.toolbarMode",
    "server.maxUploadSize", "theme.light.primaryColor")}}))
"""


def test_the_apps_configuration_applies_from_any_working_folder(tmp_path):
    out = subprocess.run([sys.executable, "-c", READ], cwd=tmp_path, capture_output=True,
                         text=True, check=True, timeout=120)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got == {"browser.gatherUsageStats": False, "client.showErrorDetails": "type",
                   "client.toolbarMode": "viewer", "server.maxUploadSize": 200,
                   "theme.light.primaryColor": "#2F6DB5"}
