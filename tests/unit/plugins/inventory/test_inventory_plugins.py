# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The five inventory plugins: documentation matches the modules' options, records map to the uniform facts."""

from __future__ import annotations

import importlib
import inspect

import pytest
import yaml

from ansible_collections.managedk8s.clusters.plugins.doc_fragments import inventory as inventory_fragment
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import connection_argument_spec

PLUGINS = {"oks": "oks", "sks": "sks", "eks": "eks", "ske": "ske", "huawei_multicloud": "huawei"}
PACKAGE = "ansible_collections.managedk8s.clusters.plugins"


def plugin_module(name):
    return importlib.import_module("%s.inventory.%s" % (PACKAGE, name))


def fragment(name):
    module = importlib.import_module("%s.doc_fragments.%s" % (PACKAGE, name))
    return yaml.safe_load(module.ModuleDocFragment.DOCUMENTATION)


def documented_options(name):
    """The plugin's options after merging its fragments of this collection, as Ansible merges them."""
    doc = yaml.safe_load(plugin_module(name).DOCUMENTATION)
    options = dict(doc["options"])
    for slug in doc["extends_documentation_fragment"]:
        if not slug.startswith("managedk8s.clusters."):
            continue
        for key, value in fragment(slug.split(".")[-1])["options"].items():
            merged = dict(value)
            merged.update(options.get(key, {}))
            options[key] = merged
    return options


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_every_connection_option_of_the_modules_is_documented(name):
    options = documented_options(name)
    for option in connection_argument_spec(
        importlib.import_module(
            "ansible_collections.managedk8s.clusters.plugins.module_utils.%s.cloud" % PLUGINS[name]
        ).CLOUD
    ):
        assert option in options and options[option].get("description"), option
    assert options["plugin"]["choices"] == ["managedk8s.clusters.%s" % name]


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_documented_environment_variables_are_the_ones_the_resolver_reads(name):
    resolver_source = inspect.getsource(
        importlib.import_module(
            "ansible_collections.managedk8s.clusters.plugins.module_utils.%s.credentials" % PLUGINS[name]
        )
    )
    env_names = [entry["name"] for option in documented_options(name).values() for entry in option.get("env", [])]
    assert env_names
    for env_name in env_names:
        assert '"%s"' % env_name in resolver_source, env_name


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_the_shared_options_come_from_the_shared_fragment(name):
    options = documented_options(name)
    for option in yaml.safe_load(inventory_fragment.ModuleDocFragment.DOCUMENTATION)["options"]:
        assert option in options


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_plugin_names_match_files(name):
    plugin = plugin_module(name).InventoryModule
    assert plugin.NAME == "managedk8s.clusters.%s" % name
    assert plugin.CONFIG_SUFFIX == "managedk8s_%s" % name
    assert plugin.PREFIX == plugin.PROVIDER + "_"


FACTS = {
    "oks": (
        {
            "id": "c1",
            "name": "web",
            "version": "1.30",
            "statuses": {"status": "ready"},
            "tags": {"env": "prod"},
            "project_id": "p1",
            "project_name": "shop",
        },
        {
            "id": "c1",
            "name": "web",
            "version": "1.30",
            "status": "ready",
            "tags": {"env": "prod"},
            "project_id": "p1",
            "project_name": "shop",
        },
    ),
    "sks": (
        {
            "id": "c1",
            "name": "web",
            "version": "1.31.2",
            "state": "running",
            "labels": {"env": "prod"},
            "endpoint": "https://c1.sks-ch-gva-2.exo.io:443",
        },
        {
            "id": "c1",
            "name": "web",
            "version": "1.31.2",
            "status": "running",
            "tags": {"env": "prod"},
            "endpoint": "https://c1.sks-ch-gva-2.exo.io:443",
        },
    ),
    "eks": (
        {
            "arn": "arn:aws:eks:us-east-1:1:cluster/web",
            "name": "web",
            "version": "1.30",
            "status": "ACTIVE",
            "endpoint": "https://X.gr7.us-east-1.eks.amazonaws.com",
            "tags": {"env": "prod"},
        },
        {
            "id": "arn:aws:eks:us-east-1:1:cluster/web",
            "name": "web",
            "version": "1.30",
            "status": "ACTIVE",
            "endpoint": "https://X.gr7.us-east-1.eks.amazonaws.com",
            "tags": {"env": "prod"},
        },
    ),
    "ske": (
        {
            "id": "c1",
            "name": "web",
            "kubernetes_version": "v1.31.8",
            "status": "RUNNING",
            "private_endpoint_url": "https://private:6443",
            "public_endpoint_url": None,
        },
        {"id": "c1", "name": "web", "version": "v1.31.8", "status": "RUNNING", "endpoint": "https://private:6443"},
    ),
    "huawei_multicloud": (
        {
            "cluster_id": "c1",
            "cluster_name": "web",
            "status": "connect_success",
            "server": "https://10.0.0.1:6443",
            "version": "1.3.2",
            "provider": "aws",
        },
        {"id": "c1", "name": "web", "version": None, "status": "connect_success", "endpoint": "https://10.0.0.1:6443"},
    ),
}


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_cluster_facts(name):
    record, expected = FACTS[name]
    facts = plugin_module(name).InventoryModule().cluster_facts(record, "somewhere")
    assert facts["region"] == "somewhere"
    for key, value in expected.items():
        assert facts[key] == value, key


@pytest.mark.parametrize(
    "name, endpoint, region",
    [
        ("ske", "https://ske.kr-west1.e.samsungsdscloud.com", "kr-west1"),
        ("ske", "http://127.0.0.1:8765/ske", None),
        ("ske", None, None),
        ("huawei_multicloud", "https://hss.cn-north-4.myhuaweicloud.com", "cn-north-4"),
        ("huawei_multicloud", "https://proxy.example.com/hss", None),
    ],
)
def test_region_from_the_endpoint(name, endpoint, region):
    assert plugin_module(name).endpoint_region(endpoint) == region
