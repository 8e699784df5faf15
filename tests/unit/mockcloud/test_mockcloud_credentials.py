# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's one set of test credentials."""

from __future__ import annotations

import json
import shlex

from mockcloud import credentials

REQUIRED = {
    "oks": {"access_key", "secret_key", "username", "password"},
    "sks": {"api_key", "api_secret"},
    "eks": {"access_key", "secret_key"},
    "ske": {"access_key", "secret_key", "account_id"},
    "huawei": {"access_key", "secret_key", "project_id"},
}


def test_every_cloud_has_its_credentials():
    assert {cloud: set(fields) for cloud, fields in credentials.CREDENTIALS.items()} == REQUIRED
    assert all(value for fields in credentials.CREDENTIALS.values() for value in fields.values())


def test_for_cloud_returns_a_copy():
    copy = credentials.for_cloud("sks")
    copy["api_key"] = "changed"
    assert credentials.for_cloud("sks")["api_key"] != "changed"


def test_shell_exports_round_trip(capsys):
    assert credentials.main(["--env"]) == 0
    exported = {}
    for line in capsys.readouterr().out.splitlines():
        name, _equals, value = line[len("export ") :].partition("=")
        exported[name] = shlex.split(value)[0]
    assert exported["MOCKCLOUD_HUAWEI_PROJECT_ID"] == credentials.CREDENTIALS["huawei"]["project_id"]
    assert len(exported) == sum(len(fields) for fields in REQUIRED.values())
    assert credentials.main(["--json"]) == 0 and json.loads(capsys.readouterr().out) == credentials.CREDENTIALS
