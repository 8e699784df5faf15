# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubeconfig files: mode 0600 even under umask 000, the user's other contexts kept when merging, and a write
killed half-way never leaves a partial file where the kubeconfig was."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time

import yaml
from harness import ROOT, connection_defaults, record_figures, run_cases

USERS_OWN = """apiVersion: v1
kind: Config
clusters: [{name: mine, cluster: {server: "https://198.51.100.20:6443"}}]
users: [{name: mine, user: {token: my-own-token}}]
contexts: [{name: mine, context: {cluster: mine, user: mine}}]
current-context: mine
"""


def mode_of(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def context_names(path):
    return sorted(context["name"] for context in yaml.safe_load(path.read_text(encoding="utf-8"))["contexts"])


def test_kubeconfigs_are_private_and_merges_keep_the_users_contexts(emulator, tmp_path):
    sks_cluster = emulator.admin.seed("sks", count=1)["seeded"][0]
    eks_cluster = emulator.admin.seed("eks", count=1, prefix="files")["seeded"]["names"][0]
    (tmp_path / "eks-merged.yaml").write_text(USERS_OWN, encoding="utf-8")
    (tmp_path / "merged.yaml").write_text(USERS_OWN, encoding="utf-8")
    os.chmod(tmp_path / "merged.yaml", 0o644)
    cases = [
        {
            "id": "sks kubeconfig",
            "module": "managedk8s.clusters.sks_kubeconfig",
            "args": {"cluster": sks_cluster, "dest": str(tmp_path / "sks.yaml")},
        },
        {
            "id": "eks kubeconfig merged",
            "module": "managedk8s.clusters.eks_kubeconfig",
            "args": {"name": eks_cluster, "merge": True, "dest": str(tmp_path / "eks-merged.yaml")},
        },
        {
            "id": "kubeconfig_merge",
            "module": "managedk8s.clusters.kubeconfig_merge",
            "args": {
                "dest": str(tmp_path / "merged.yaml"),
                "sources": [{"path": str(tmp_path / "sks.yaml"), "context": "sks"}],
            },
        },
    ]
    run, results = run_cases(tmp_path, cases, connection_defaults(emulator.url), umask=0o000)
    assert results is not None and not any(result.get("failed") for result in results), run.summary()

    assert mode_of(tmp_path / "sks.yaml") == 0o600
    assert mode_of(tmp_path / "eks-merged.yaml") == 0o600
    assert mode_of(tmp_path / "merged.yaml") == 0o600
    assert (
        "mine" in context_names(tmp_path / "eks-merged.yaml") and len(context_names(tmp_path / "eks-merged.yaml")) == 2
    )
    assert context_names(tmp_path / "merged.yaml") == ["mine", "sks"]
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".") and name.endswith(".yaml")]


KILLED_WRITER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, sys.argv[1])
    from ansible_collections.managedk8s.clusters.plugins.module_utils.core import kubeconfig

    real_fsync = os.fsync

    def slow_fsync(descriptor):  # the new content is half on its way: say so, then wait to be killed
        open(sys.argv[3], "w").close()
        time.sleep(60)
        real_fsync(descriptor)

    os.fsync = slow_fsync
    kubeconfig.write_atomic(sys.argv[2], "apiVersion: v1\\nkind: Config\\n" + "# padding\\n" * 200000)
""")


def test_a_write_killed_half_way_leaves_the_old_kubeconfig_whole(tmp_path):
    dest, started = tmp_path / "config", tmp_path / "started"
    dest.write_text(USERS_OWN, encoding="utf-8")
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(ROOT / "build"), str(dest), str(started)])
    deadline = time.monotonic() + 60
    while not started.exists() and writer.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert started.exists(), "the writer never got to the write"
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)

    assert dest.read_text(encoding="utf-8") == USERS_OWN
    leftovers = [name for name in os.listdir(tmp_path) if name not in ("config", "started")]
    record_figures("files", {"killed_write_left_destination_intact": True, "temporary_files_left": len(leftovers)})
    assert all(name.startswith(".config.") for name in leftovers), leftovers
