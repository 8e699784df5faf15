# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The option naming convention of docs/architecture.md holds for every module, new ones included."""

from __future__ import annotations

import importlib
import pathlib

import pytest

MODULES = sorted(
    path.stem
    for path in (pathlib.Path(__file__).resolve().parents[2] / "plugins" / "modules").glob("*.py")
    if not path.stem.startswith("_")
)
PARENT_OF_A_CHILD = ("nodepool", "nodegroup", "addon", "access_entry", "fargate_profile", "kubeconfig")


def accepted_names(module):
    loaded = importlib.import_module("ansible_collections.managedk8s.clusters.plugins.modules.%s" % module)
    if not hasattr(loaded, "argument_spec"):
        pytest.skip("%s builds its options inline and takes no version nor parent cluster" % module)
    spec = loaded.argument_spec()
    return {name: {name, *(entry.get("aliases") or [])} for name, entry in spec.items()}


def accepts(names, word):
    return any(word in accepted for accepted in names.values())


@pytest.mark.parametrize("module", MODULES)
def test_a_kubernetes_version_is_version_and_kubernetes_version(module):
    names = accepted_names(module)
    for option, accepted in names.items():
        if option in ("version", "kubernetes_version") and not module.endswith("_info"):
            assert {"version", "kubernetes_version"} <= accepted, "%s: %s" % (module, option)


@pytest.mark.parametrize("module", [module for module in MODULES if module.endswith(PARENT_OF_A_CHILD)])
def test_the_cluster_of_a_child_resource_is_cluster(module):
    if module == "kubeconfig_merge":
        pytest.skip("merges files, names no cluster")
    assert accepts(accepted_names(module), "cluster"), module
