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


# --- the uniform status vocabulary, node pools, regions -----------------------------------------------------------


def cloud_statuses(name):
    """Every cluster status the cloud's vendor source (or, where none is at hand, its module's model) lists."""
    if name == "eks":
        botocore_session = pytest.importorskip("botocore.session")
        return botocore_session.get_session().get_service_model("eks").shape_for("ClusterStatus").enum
    if name == "sks":
        exoscale = pytest.importorskip("exoscale")
        import json  # pylint: disable=import-outside-toplevel
        import pathlib  # pylint: disable=import-outside-toplevel

        spec = json.loads((pathlib.Path(exoscale.__file__).parent / "openapi.json").read_text(encoding="utf-8"))
        return spec["components"]["schemas"]["sks-cluster"]["properties"]["state"]["enum"]
    model = importlib.import_module("%s.module_utils.%s.model" % (PACKAGE, PLUGINS[name]))
    return getattr(model, {"oks": "STATUSES", "ske": "CLUSTER_STATUSES", "huawei_multicloud": "STATUSES"}[name])


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_every_status_of_the_cloud_maps_into_the_one_vocabulary(name):
    base = importlib.import_module("%s.plugin_utils.inventory" % PACKAGE)
    plugin = plugin_module(name).InventoryModule
    for status in cloud_statuses(name):
        assert status.lower() in plugin.STATUS_MAP, status
    assert set(plugin.STATUS_MAP.values()) <= set(base.STATUSES) - {"unknown"}
    assert all(key == key.lower() for key in plugin.STATUS_MAP)


@pytest.mark.parametrize(
    "name, status, expected",
    [
        ("oks", {"statuses": {"status": "ready"}}, "running"),
        ("sks", {"state": "upgrading"}, "updating"),
        ("eks", {"status": "ACTIVE"}, "running"),
        ("eks", {"status": "FAILED"}, "error"),
        ("ske", {"status": "RUNNING"}, "running"),
        ("huawei_multicloud", {"status": "connect_success"}, "running"),
        ("huawei_multicloud", {"status": "not_connect"}, "creating"),
    ],
)
def test_k8s_status_is_the_uniform_word(name, status, expected):
    base = importlib.import_module("%s.plugin_utils.inventory" % PACKAGE)
    plugin = plugin_module(name).InventoryModule
    facts = plugin().cluster_facts(status, "r")
    assert base.uniform_vars(plugin.PROVIDER, facts, plugin.STATUS_MAP)["k8s_status"] == expected


def test_sks_node_pools_come_from_the_list_answer():
    plugin = plugin_module("sks").InventoryModule()
    record = {"nodepools": [{"name": "workers", "size": 3, "id": "p1"}, {"name": "gpu", "size": 0}]}
    assert plugin.cluster_nodepools(None, record) == [{"name": "workers", "size": 3}, {"name": "gpu", "size": 0}]
    assert plugin.cluster_nodepools(None, {}) == []


class FakeEksClient:
    def __init__(self, groups):
        self.groups = groups
        self.calls = []

    def list_nodegroup_names(self, cluster):
        self.calls.append(("list", cluster))
        return sorted(self.groups)

    def describe_nodegroup(self, cluster, name):
        self.calls.append(("describe", name))
        return self.groups[name]


def test_eks_node_pools_are_the_managed_node_groups_with_their_desired_size(monkeypatch):
    plugin = plugin_module("eks").InventoryModule()
    options = {"nodegroups": True}
    monkeypatch.setattr(plugin, "get_option", options.get)
    client = FakeEksClient(
        {"ng-a": {"nodegroupName": "ng-a", "scalingConfig": {"desiredSize": 2}}, "ng-b": None}  # ng-b: just deleted
    )
    assert plugin.cluster_nodepools(client, {"name": "web", "status": "ACTIVE"}) == [{"name": "ng-a", "size": 2}]
    client.calls.clear()
    options["nodegroups"] = False
    assert plugin.cluster_nodepools(client, {"name": "web", "status": "ACTIVE"}) == [] and client.calls == []
    options["nodegroups"] = True
    assert plugin.cluster_nodepools(client, {"name": "web", "status": "CREATING"}) == [] and client.calls == []


class FakeHuaweiClient:
    region = "ap-southeast-1"
    endpoint = "http://127.0.0.1:8765/huawei"


def test_huawei_region_from_the_environment_reaches_k8s_region():
    plugin = plugin_module("huawei_multicloud").InventoryModule()
    # params hold no region: the plugin leaves values from HW_REGION_NAME to the resolver, which gives the client one
    assert plugin.location_of(FakeHuaweiClient(), None, {}) == "ap-southeast-1"
    assert plugin.location_of(FakeHuaweiClient(), "cn-north-4", {}) == "cn-north-4"


@pytest.mark.parametrize(
    "name, record, created",
    [
        ("oks", {"statuses": {"created_at": "2026-01-01T00:00:00Z"}}, "2026-01-01T00:00:00Z"),
        ("sks", {"created-at": "2026-01-01T00:00:00Z"}, "2026-01-01T00:00:00Z"),
        ("eks", {"createdAt": 1767225600.0}, 1767225600.0),
        ("ske", {"created_at": "2026-01-01T00:00:00Z"}, "2026-01-01T00:00:00Z"),
        ("huawei_multicloud", {}, None),
    ],
)
def test_creation_times_for_stable_host_names(name, record, created):
    assert plugin_module(name).InventoryModule().cluster_facts(record, "r")["created"] == created


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_the_file_names_a_plugin_takes_are_the_ones_its_documentation_gives(name, tmp_path):
    module = plugin_module(name)
    suffix = module.InventoryModule.CONFIG_SUFFIX
    notes = " ".join(yaml.safe_load(module.DOCUMENTATION)["description"])
    for base, documented in (
        ("%s.yml" % suffix, True),
        ("%s.yaml" % suffix, True),
        ("prod.%s.yml" % suffix, True),
        ("prod.%s.yaml" % suffix, True),
        ("prod_%s.yml" % suffix, False),
        ("%s.json" % suffix, False),
    ):
        target = tmp_path / base
        target.write_text("plugin: managedk8s.clusters.%s\n" % name, encoding="utf-8")
        assert module.InventoryModule().verify_file(str(target)) is documented, base
        if documented and not base.startswith("prod."):
            assert "C(%s)" % base in notes, base
    assert "C(.%s.yml)" % suffix in notes
