# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write an integration_config.yml for a run against the emulator.

usage: write_integration_config.py [PATH]   (default: tests/integration/integration_config.yml)

ansible-test passes no environment variables to the integration targets: they read the emulator's
address and its made-up credentials from this file, as the variables
  mockcloud_port, mockcloud_url (http://127.0.0.1:PORT) and mockcloud_credentials (per cloud),
the credentials coming from tests/mockcloud/credentials.json. The port is $MOCKCLOUD_PORT (default 8765).
JSON is YAML, so the file is written as JSON.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
CREDENTIALS = ROOT / "tests" / "mockcloud" / "credentials.json"
CONFIG = ROOT / "tests" / "integration" / "integration_config.yml"


def integration_variables(port):
    variables = {
        "mockcloud_port": port,
        "mockcloud_url": "http://127.0.0.1:%d" % port,
    }
    if CREDENTIALS.is_file():
        variables["mockcloud_credentials"] = json.loads(CREDENTIALS.read_text(encoding="utf-8"))
    return variables


def main():
    port = int(os.environ.get("MOCKCLOUD_PORT", "8765"))
    config = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else CONFIG
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps(integration_variables(port), indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
