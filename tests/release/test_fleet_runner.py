# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fleet provisioned through ansible-runner, the runner AWX uses, as an AWX job would run it (docs/awx.md).

The job's inventory is a fleet (one host per cluster, the format of playbooks/inventory/fleet.yml), its playbook
playbooks/provision.yml from the project, its forks the fleet's size, and its credentials one of each cloud's
credential type (extensions/awx/credential_types/), injected as AWX injects them: environment variables rendered
from the type's injectors. Nothing else carries a credential: the inventory and the extra variables hold none.
"""

from __future__ import annotations

import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
for _path in (ROOT / "tests" / "reliability", ROOT / "tests", ROOT / "build"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

ansible_runner = pytest.importorskip("ansible_runner")

import fleet_support  # noqa: E402  pylint: disable=wrong-import-position,import-error
from harness import live_records  # noqa: E402  pylint: disable=wrong-import-position,import-error

from mockcloud.credentials import CREDENTIALS  # noqa: E402  pylint: disable=wrong-import-position,import-error
from mockcloud.testing import ServerPool  # noqa: E402  pylint: disable=wrong-import-position,import-error

EMULATOR_SPEED = 50.0


@pytest.fixture
def emulator():
    pool = ServerPool()
    yield pool.start(config={"speed": EMULATOR_SPEED})
    pool.stop_all()


def secret_values():
    return [value for cloud in CREDENTIALS.values() for key, value in cloud.items() if key != "username"]


def test_fleet_provision_through_ansible_runner(emulator, tmp_path, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("PATH", "%s:%s" % (fleet_support.VENV_BIN, os.environ.get("PATH", "")))
    project = tmp_path / "project"
    inventory = fleet_support.write_fleet(project, 1, prefix="awx")
    hosts = fleet_support.fleet_hosts(inventory)
    injected = fleet_support.credential_env(emulator.url)
    envvars = dict(
        injected,
        ANSIBLE_COLLECTIONS_PATH=str(ROOT / "build"),
        HOME=str(tmp_path),  # no vendor file (~/.aws, ~/.config/exoscale...) can help: the credentials are injected
        ANSIBLE_NOCOLOR="1",
    )

    private_data_dir = tmp_path / "runner"
    private_data_dir.mkdir()
    result = ansible_runner.run(
        private_data_dir=str(private_data_dir),
        project_dir=str(ROOT / "playbooks"),
        playbook="provision.yml",
        inventory=str(inventory),
        forks=len(hosts),
        envvars=envvars,
        extravars={"provision_register_in_huawei": True},
        quiet=True,
        timeout=900,
    )

    output = result.stdout.read()
    assert result.status == "successful" and result.rc == 0, output[-6000:]
    assert sorted(result.stats["ok"]) == sorted(hosts), result.stats
    assert result.stats["failures"] == {} and result.stats["dark"] == {}, result.stats
    summary = fleet_support.cluster_seconds(output)
    assert sorted(summary) == sorted(hosts), output[-4000:]

    names = {
        cloud: sorted(found)
        for (cloud, kind), found in live_records(emulator.admin.store()).items()
        if kind == "clusters"
    }
    assert "awx-eks-00" in names.get("eks", []), names
    assert "awx-sks-00" in names.get("sks", []), names
    registered = names.get("huawei", [])
    assert "awx-huawei-00" in registered, registered
    assert {"oks-awx-oks-00", "sks-awx-sks-00", "eks-awx-eks-00", "ske-awx-ske-00"} <= set(registered), registered

    inventory_text = inventory.read_text(encoding="utf-8")
    leaked = [value for value in secret_values() if value in inventory_text or value in output]
    assert leaked == []
