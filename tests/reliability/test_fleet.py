# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A fleet of 20 clusters (four per cloud, OKS ones two to a project) provisioned in parallel under 20 % faults,
killed with SIGKILL in the middle of creating, then run again.

playbooks/provision.yml runs over a fleet inventory with --forks 20, credentials in the environment the AWX
credential types inject. Every kind of fault the emulator has is drawn, at 20 % of the cloud requests, in both
runs. The first run is killed (the whole process group, as a job cancelled hard would be) once creates are under
way; the second must finish with no failed host, the emulator must then hold exactly the fleet's resources (no
duplicate on any cloud: a create whose answer was lost, or whose task was killed, is found by name and adopted,
and each shared OKS project is created once), and a third run, without faults, must change nothing.
"""

from __future__ import annotations

import threading
import time

import fleet_support
from harness import live_records, mutating_calls, record_figures

PER_CLOUD = 4
FLEET_SIZE = PER_CLOUD * len(fleet_support.CLOUDS)
SEED = 4404
FAULTS = {
    "rate": 0.2,
    "seed": SEED,
    "kinds": ["500", "502", "503", "429", "reset_before", "reset_after", "latency"],
    "latency_ms": [20, 150],
    "retry_after": 1,
}
CREATES_BEFORE_KILL = 8  # cluster and project creates the emulator has seen when the first run is killed
NO_REGISTRY = {"provision_register_in_huawei": "false"}


def expected_resources():
    """{(cloud, kind): sorted names} the emulator must hold for the fleet of fleet_support.fleet_inventory."""
    clusters = {
        cloud: [fleet_support.cluster_vars(cloud, index, "fleet") for index in range(PER_CLOUD)]
        for cloud in fleet_support.CLOUDS
    }
    names = {cloud: sorted(item["cluster_name"] for item in items) for cloud, items in clusters.items()}
    return {
        ("oks", "projects"): sorted({item["cluster_oks_project_name"] for item in clusters["oks"]}),
        ("oks", "clusters"): names["oks"],
        ("sks", "clusters"): names["sks"],
        ("sks", "nodepools"): sorted(
            pool["name"] for item in clusters["sks"] for pool in item["cluster_sks_nodepools"]
        ),
        ("eks", "clusters"): names["eks"],
        ("eks", "nodegroups"): sorted(
            group["name"] for item in clusters["eks"] for group in item["cluster_eks_nodegroups"]
        ),
        ("ske", "clusters"): names["ske"],
        ("huawei", "clusters"): names["huawei"],
    }


def cloud_resources(emulator):
    return {key: sorted(names) for key, names in live_records(emulator.admin.store()).items() if names}


def duplicates_in(resources):
    return sum(len(names) - len(set(names)) for names in resources.values())


def creates_seen(emulator):
    return sum(
        1
        for entry in mutating_calls(emulator.admin.log())
        if entry["method"] == "POST" and entry["path"].rstrip("/").endswith(("/clusters", "/projects", "/sks-cluster"))
    )


def kill_once_creating(emulator, run_holder):
    """SIGKILL the first run once CREATES_BEFORE_KILL creates reached the emulator (polled every 0.5 s)."""

    def watch():
        while "process" not in run_holder:
            time.sleep(0.1)
        while run_holder["process"].poll() is None:
            if creates_seen(emulator) >= CREATES_BEFORE_KILL:
                run_holder["killed_after"] = creates_seen(emulator)
                fleet_support.kill_run(run_holder["process"])
                return
            time.sleep(0.5)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_fleet_of_20_under_faults_survives_a_kill(emulator, tmp_path):
    inventory = fleet_support.write_fleet(tmp_path, PER_CLOUD, prefix="fleet")
    env = fleet_support.credential_env(emulator.url)
    emulator.admin.faults(**FAULTS)

    holder = {}
    watcher = kill_once_creating(emulator, holder)
    killed = fleet_support.run_fleet(
        "provision.yml",
        inventory,
        env,
        FLEET_SIZE,
        tmp_path,
        extra_vars=NO_REGISTRY,
        on_start=lambda process: holder.update(process=process),
    )
    watcher.join(timeout=5)
    after_kill = cloud_resources(emulator)
    assert "killed_after" in holder, "the first run ended before %d creates: %s" % (
        CREATES_BEFORE_KILL,
        killed.summary(),
    )
    assert killed.returncode == -9, killed.summary()
    assert after_kill != expected_resources(), "the kill came too late to test anything"

    converged = fleet_support.run_fleet("provision.yml", inventory, env, FLEET_SIZE, tmp_path, extra_vars=NO_REGISTRY)
    log = emulator.admin.log()
    emulator.admin.clear_faults()
    resources = cloud_resources(emulator)

    rerun = fleet_support.run_fleet("provision.yml", inventory, env, FLEET_SIZE, tmp_path, extra_vars=NO_REGISTRY)
    after_rerun = cloud_resources(emulator)

    faults = [entry for entry in log if entry.get("fault")]
    record_figures(
        "fleet",
        {
            "clusters": FLEET_SIZE,
            "forks": FLEET_SIZE,
            "creates_before_the_kill": holder["killed_after"],
            "requests": len(log),
            "faults_injected": len(faults),
            "duplicates_found": duplicates_in(resources) + duplicates_in(after_rerun),
            "failed_hosts_after_the_kill": sum(1 for counts in converged.recap.values() if counts["failed"]),
            "rerun_changed": rerun.total("changed") if rerun.recap else None,
            "seconds": {
                "killed": round(killed.wall, 1),
                "converge": round(converged.wall, 1),
                "rerun": round(rerun.wall, 1),
            },
            "controller_cpu_seconds": {"converge": round(converged.cpu, 1), "rerun": round(rerun.cpu, 1)},
        },
    )

    assert converged.returncode == 0, converged.summary()
    assert sorted(converged.recap) == sorted(fleet_support.fleet_hosts(inventory)), converged.summary()
    assert converged.total("failed") == 0, converged.summary()
    assert len(faults) >= 0.1 * len(log), (len(faults), len(log))
    assert any(entry["fault"] == "reset_after" for entry in faults)
    assert resources == expected_resources(), resources
    assert duplicates_in(resources) == 0
    assert rerun.returncode == 0, rerun.summary()
    assert rerun.total("changed") == 0, rerun.summary()
    assert after_rerun == resources
