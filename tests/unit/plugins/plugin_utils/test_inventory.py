# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared base of the inventory plugins: host names, uniform variables, filters, failures."""

from __future__ import annotations

import pytest
from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.template import trust_as_template

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.cloud import Cloud
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import public, secret
from ansible_collections.managedk8s.clusters.plugins.plugin_utils import inventory as base

# --- pure helpers --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key, expected",
    [
        ("clusterName", "cluster_name"),
        ("resourcesVpcConfig", "resources_vpc_config"),
        ("auto-upgrade", "auto_upgrade"),
        ("project_id", "project_id"),
        ("certificateAuthority", "certificate_authority"),
        ("kubernetes.io/name", "kubernetes_io_name"),
    ],
)
def test_snake_key(key, expected):
    assert base.snake_key(key) == expected


def test_prefixed_record_keeps_values_and_skips_private_fields():
    record = {"name": "web", "resourcesVpcConfig": {"subnetIds": ["a"]}, "_internal": 1}
    assert base.prefixed_record(record, "eks_") == {"eks_name": "web", "eks_resources_vpc_config": {"subnetIds": ["a"]}}


def test_uniform_vars_are_the_same_keys_everywhere():
    facts = {
        "id": "c-1",
        "name": "web",
        "version": "1.30",
        "status": "ACTIVE",
        "endpoint": "https://x",
        "region": "us-east-1",
        "tags": {"env": "prod", "n": 3, "none": None},
    }
    assert base.uniform_vars(
        "eks", dict(facts, nodepools=[{"name": "b", "size": 2}, {"name": "a"}]), {"active": "running"}
    ) == {
        "k8s_provider": "eks",
        "k8s_cluster_id": "c-1",
        "k8s_cluster_name": "web",
        "k8s_version": "1.30",
        "k8s_status": "running",
        "k8s_endpoint": "https://x",
        "k8s_region": "us-east-1",
        "k8s_tags": {"env": "prod", "n": "3", "none": ""},
        "k8s_nodepools": [{"name": "a", "size": None}, {"name": "b", "size": 2}],
    }
    assert base.uniform_vars("ske", {"name": "x"})["k8s_status"] == "unknown"
    assert base.uniform_vars("ske", {"name": "x"})["k8s_tags"] == {}
    assert base.uniform_vars("ske", {"name": "x"})["k8s_nodepools"] == []


@pytest.mark.parametrize(
    "given, expected",
    [("v1.31.8", "1.31.8"), ("1.33.2", "1.33.2"), ("1.33", "1.33"), (" V1.30 ", "1.30"), (None, None), ("", None)],
)
def test_versions_have_one_form_without_v(given, expected):
    assert base.uniform_version(given) == expected


def test_statuses_map_to_the_one_vocabulary_and_anything_else_is_unknown():
    table = {"active": "running", "failed": "error"}
    assert base.uniform_status("ACTIVE", table) == "running"
    assert base.uniform_status("Failed", table) == "error"
    assert base.uniform_status("rebooting", table) == "unknown"
    assert base.uniform_status(None, table) == "unknown"
    assert set(table.values()) <= set(base.STATUSES)


def test_string_tags_accepts_key_value_lists():
    assert base.string_tags([{"key": "a", "value": "1"}, {"key": "b"}, "junk"]) == {"a": "1", "b": ""}
    assert base.string_tags(None) == {}


@pytest.mark.parametrize(
    "filters, kept",
    [
        ({}, True),
        ({"names": ["web-*"]}, True),
        ({"names": ["db-*", "web-?"]}, True),
        ({"names": ["db-*"]}, False),
        ({"statuses": ["active"]}, True),
        ({"statuses": ["running"]}, True),
        ({"statuses": ["CREATING"]}, False),
        ({"tags": {"env": "prod"}}, True),
        ({"tags": {"env": "pr*"}}, True),
        ({"tags": {"env": ["dev", "prod"]}}, True),
        ({"tags": {"env": "dev"}}, False),
        ({"tags": {"team": None}}, True),
        ({"tags": {"owner": None}}, False),
        ({"tags": {"env": "prod", "team": "blue"}}, False),
        ({"projects": ["p-1"]}, True),
        ({"projects": ["shop"]}, True),
        ({"projects": ["other"]}, False),
    ],
)
def test_matches_filters(filters, kept):
    facts = {
        "name": "web-1",
        "status": "ACTIVE",
        "tags": {"env": "prod", "team": "red"},
        "project_id": "p-1",
        "project_name": "shop",
        "uniform_status": "running",
    }
    assert base.matches_filters(facts, **filters) is kept


def test_unique_hostnames_keeps_unique_names():
    assert base.unique_hostnames([("web", "r1", "1", None), ("db", "r1", "2", None)]) == ["web", "db"]


def test_a_host_name_does_not_change_when_a_cluster_of_the_same_name_appears():
    before = base.unique_hostnames([("web", "r1", "1", "2026-01-01T00:00:00Z"), ("db", "r1", "2", None)])
    after = base.unique_hostnames(
        [
            ("web", "r1", "3", "2026-02-01T00:00:00Z"),  # newer, listed first
            ("web", "r1", "1", "2026-01-01T00:00:00Z"),
            ("db", "r1", "2", None),
        ]
    )
    assert before == ["web", "db"]
    assert after == ["web.3", "web", "db"]


def test_clusters_of_the_same_name_and_no_creation_time_all_get_their_id():
    names = base.unique_hostnames([("web", "r1", "1", None), ("web", "r1", "2", "2026-01-01T00:00:00Z")])
    assert names == ["web.1", "web.2"]


def test_creation_times_as_numbers_are_compared_as_numbers():
    assert base.unique_hostnames([("web", "r1", "a", 1700000010.5), ("web", "r1", "b", 999.0)]) == ["web.a", "web"]


def test_unique_hostnames_does_not_depend_on_the_listing_order():
    clusters = [("web", "r1", "1", 5), ("web", "r1", "2", 3), ("api", "r1", "3", 1), ("db", "r1", "4", None)]
    forward = dict(zip([c[2] for c in clusters], base.unique_hostnames(clusters)))
    backward = dict(zip([c[2] for c in reversed(clusters)], base.unique_hostnames(list(reversed(clusters)))))
    assert forward == backward == {"1": "web.1", "2": "web", "3": "api", "4": "db"}


def test_unique_hostnames_avoids_hosts_of_other_sources_and_unknown_regions():
    assert base.unique_hostnames([("web", None, "1", None)], taken={"web"}, no_region="ske") == ["web.ske"]
    assert base.unique_hostnames([("web", "r1", "1", None)], taken={"web", "web.r1"}) == ["web.r1.1"]


def test_group_name():
    assert base.group_name("eks", "us-east-1") == "eks_us_east_1"
    assert base.group_name("ske", None) == "ske"


# --- the plugin, with a fake cloud -----------------------------------------------------------------------------


class FakeInventory(base.ClusterInventory):
    NAME = "managedk8s.clusters.fake"
    CONFIG_SUFFIX = "managedk8s_fake"
    PROVIDER = "fake"
    PREFIX = "fake_"
    LOCATIONS_OPTION = "regions"
    LOCATION_PARAM = "region"
    CLOUD = Cloud("fake", "Fake Cloud", credential_options={"access_key": public(), "secret_key": secret()})

    def __init__(self, options, records, origins=None, failing=()):
        super().__init__()
        self.options = dict(
            {
                "names": None,
                "statuses": None,
                "tags": None,
                "hostname": None,
                "default_groups": True,
                "compose": {},
                "groups": {},
                "keyed_groups": [],
                "strict": False,
                "max_workers": 2,
                "skip_unavailable": False,
                "cache": False,
                "regions": None,
                "record_vars": True,
            },
            **options,
        )
        self.origins = origins or {}
        self.records = records
        self.failing = failing
        self.params_seen = []
        self.warnings = []
        self.inventory = InventoryData()

    def get_option(self, option, hostvars=None):
        return self.options[option]

    def get_option_and_origin(self, option, hostvars=None):
        return self.options.get(option), self.origins.get(option, "Direct")

    def make_client(self, params):
        self.params_seen.append(params)
        return params

    def list_records(self, client, location):
        if location in self.failing:
            raise ApiError(status=401, code="AuthFailure", message="bad key", method="GET", url="/clusters")
        return [record for record in self.records if record["region"] == (location or "r1")]

    STATUS_MAP = {"ready": "running", "deploying": "creating"}

    def cluster_facts(self, record, region):
        return {
            "id": record["id"],
            "name": record["name"],
            "version": record.get("version", "1.30"),
            "status": record.get("status", "Ready"),
            "endpoint": "https://%s" % record["id"],
            "region": region,
            "tags": record.get("tags"),
            "created": record.get("created"),
        }

    def cluster_nodepools(self, client, record):
        return record.get("pools") or []


RECORDS = [
    {"id": "1", "name": "web", "region": "r1", "tags": {"env": "prod"}, "pools": [{"name": "workers", "size": 3}]},
    {"id": "2", "name": "web", "region": "r2", "tags": {"env": "dev"}},
    {"id": "3", "name": "db", "region": "r1"},
]


def build(options=None, **kwargs):
    plugin = FakeInventory(dict({"regions": ["r1", "r2"]}, **(options or {})), RECORDS, **kwargs)
    entries, complete = plugin._fetch_all()  # pylint: disable=protected-access
    assert complete
    plugin._populate(entries)  # pylint: disable=protected-access
    return plugin


def test_every_host_gets_the_uniform_vars_the_record_and_a_local_connection():
    plugin = build()
    assert sorted(plugin.inventory.hosts) == ["db.r1", "web.r1", "web.r2"]
    host_vars = plugin.inventory.get_host("web.r2").get_vars()
    assert host_vars["k8s_cluster_id"] == "2"
    assert host_vars["k8s_region"] == "r2"
    assert host_vars["k8s_status"] == "running"
    assert host_vars["k8s_nodepools"] == []
    assert plugin.inventory.get_host("web.r1").get_vars()["k8s_nodepools"] == [{"name": "workers", "size": 3}]
    assert host_vars["fake_tags"] == {"env": "dev"}
    assert host_vars["fake_region"] == "r2"
    assert host_vars["ansible_connection"] == "local"


def test_without_record_vars_hosts_keep_the_uniform_vars_and_templates_still_see_the_record():
    plugin = build(
        {
            "record_vars": False,
            "strict": True,
            "compose": {"env": trust_as_template("fake_tags.env | default('none')")},
            "keyed_groups": [{"key": trust_as_template("fake_region"), "prefix": "at"}],
        }
    )
    host_vars = plugin.inventory.get_host("web.r2").get_vars()
    assert not [name for name in host_vars if name.startswith("fake_")]
    assert host_vars["k8s_tags"] == {"env": "dev"} and host_vars["ansible_connection"] == "local"
    assert host_vars["env"] == "dev"
    assert plugin.inventory.get_host("db.r1").get_vars()["env"] == "none"
    assert sorted(host.name for host in plugin.inventory.groups["at_r1"].get_hosts()) == ["db.r1", "web.r1"]


def test_default_groups_per_provider_and_region():
    plugin = build()
    groups = plugin.inventory.groups
    assert sorted(host.name for host in groups["fake"].get_hosts()) == ["db.r1", "web.r1", "web.r2"]
    assert sorted(host.name for host in groups["fake_r1"].get_hosts()) == ["db.r1", "web.r1"]
    assert "fake_r1" not in build({"default_groups": False}).inventory.groups


def test_filters_apply_before_host_names_are_chosen():
    plugin = build({"tags": {"env": "prod"}, "regions": ["r1"]})
    assert sorted(plugin.inventory.hosts) == ["web"]


def test_locations_are_passed_as_the_client_option_and_env_values_are_left_to_the_resolver():
    plugin = build(
        origins={"access_key": "env: AWS_ACCESS_KEY_ID"},
        options={"access_key": "from-env", "secret_key": None, "endpoint": "http://x"},
    )
    assert sorted(params["region"] for params in plugin.params_seen) == ["r1", "r2"]
    assert all("access_key" not in params and params["endpoint"] == "http://x" for params in plugin.params_seen)


def test_a_failing_region_fails_the_source_with_the_api_message():
    plugin = FakeInventory({"regions": ["r1", "r2"]}, RECORDS, failing=("r2",))
    with pytest.raises(AnsibleError) as raised:
        plugin._fetch_all()  # pylint: disable=protected-access
    assert "cannot list the clusters in r2" in str(raised.value)
    assert "AuthFailure" in str(raised.value) and "bad key" in str(raised.value)


def test_skip_unavailable_warns_and_keeps_what_answered(monkeypatch):
    plugin = FakeInventory({"regions": ["r1", "r2"], "skip_unavailable": True}, RECORDS, failing=("r2",))
    warnings = []
    monkeypatch.setattr(plugin.display, "warning", warnings.append)
    entries, complete = plugin._fetch_all()  # pylint: disable=protected-access
    assert sorted(entry["record"]["id"] for entry in entries) == ["1", "3"]
    assert not complete
    assert len(warnings) == 1 and "r2" in warnings[0] and "skip_unavailable" in warnings[0]


def test_no_locations_means_the_resolver_default():
    plugin = build({"regions": None})
    assert plugin.params_seen == [
        {
            "access_key": None,
            "secret_key": None,
            "endpoint": None,
            "validate_certs": None,
            "ca_path": None,
            "request_timeout": None,
            "retries": None,
        }
    ]
    assert sorted(plugin.inventory.hosts) == ["db", "web"]


@pytest.mark.parametrize(
    "path, accepted",
    [
        ("prod.managedk8s_fake.yml", True),
        ("prod.managedk8s_fake.yaml", True),
        ("managedk8s_fake.yml", True),
        ("prod.managedk8s_fake.json", False),
        ("prod_managedk8s_fake.yml", False),
        ("prod.managedk8s_other.yml", False),
    ],
)
def test_verify_file(tmp_path, path, accepted):
    target = tmp_path / path
    target.write_text("plugin: managedk8s.clusters.fake\n")
    assert FakeInventory({}, []).verify_file(str(target)) is accepted


class MemoryCache(dict):
    """What the plugin needs of Ansible's cache adjudicator."""


def test_a_partial_answer_is_not_cached(monkeypatch):
    plugin = FakeInventory({"regions": ["r1", "r2"], "skip_unavailable": True, "cache": True}, RECORDS, failing=("r2",))
    plugin._cache = MemoryCache()  # pylint: disable=protected-access
    monkeypatch.setattr(plugin.display, "warning", lambda message: None)
    assert len(plugin._entries("/x.managedk8s_fake.yml", cache=True)) == 2  # pylint: disable=protected-access
    assert not plugin._cache  # pylint: disable=protected-access
    plugin.failing = ()
    assert len(plugin._entries("/x.managedk8s_fake.yml", cache=True)) == 3  # pylint: disable=protected-access
    assert len(plugin._cache) == 1  # pylint: disable=protected-access
    plugin.records = []
    assert len(plugin._entries("/x.managedk8s_fake.yml", cache=True)) == 3, "the second read comes from the cache"  # pylint: disable=protected-access


def test_the_cache_holds_the_entries_as_one_json_text_that_reads_back_the_same():
    plugin = FakeInventory({"regions": ["r1", "r2"], "cache": True}, RECORDS)
    plugin._cache = MemoryCache()  # pylint: disable=protected-access
    fetched = plugin._entries("/x.managedk8s_fake.yml", cache=True)  # pylint: disable=protected-access
    cached = plugin._cache[plugin.get_cache_key("/x.managedk8s_fake.yml")]  # pylint: disable=protected-access
    assert isinstance(cached, str)
    plugin.records = []
    assert plugin._entries("/x.managedk8s_fake.yml", cache=True) == fetched  # pylint: disable=protected-access


@pytest.mark.parametrize(
    "cached, expected",
    [
        (
            [{"region": "r1", "record": {"id": "1"}, "nodepools": []}],
            [{"region": "r1", "record": {"id": "1"}, "nodepools": []}],
        ),  # the form of versions before 0.1.0's one-text cache
        (
            '[{"region":"r1","record":{"id":"1"},"nodepools":[]}]',
            [{"region": "r1", "record": {"id": "1"}, "nodepools": []}],
        ),
        ('[{"region":"r1","record":{"id":"1"}}]', None),  # cached before node pools were read: read again
        ([{"region": "r1", "record": {"id": "1"}}], None),
        ("not json", None),
        ('{"region":"r1"}', None),
        (42, None),
    ],
)
def test_decode_entries(cached, expected):
    assert base.decode_entries(cached) == expected


def test_an_unreadable_cache_entry_means_the_api_is_read_again():
    plugin = FakeInventory({"regions": ["r1"], "cache": True}, RECORDS)
    plugin._cache = MemoryCache({plugin.get_cache_key("/x.managedk8s_fake.yml"): "{truncated"})  # pylint: disable=protected-access
    assert [entry["record"]["id"] for entry in plugin._entries("/x.managedk8s_fake.yml", cache=True)] == ["1", "3"]  # pylint: disable=protected-access


class TaggedStr(str):
    """Stands for the str subclass Ansible gives option values read from a file (they carry their origin)."""


def test_the_region_is_a_plain_string_even_when_the_option_carries_ansible_tags():
    tagged = TaggedStr("r1")
    plugin = FakeInventory({"regions": [tagged]}, RECORDS)
    entries, _complete = plugin._fetch_all()  # pylint: disable=protected-access
    assert {type(entry["region"]) for entry in entries} == {str}


# --- one form on every cloud, stable host names ------------------------------------------------------------------


def test_one_region_keeps_plain_names_and_a_new_cluster_renames_no_host():
    records = [{"id": "1", "name": "web", "region": "r1", "created": "2026-01-01T00:00:00Z"}]
    first = FakeInventory({"regions": ["r1"]}, records)
    first._populate(first._fetch_all()[0])  # pylint: disable=protected-access
    grown = records + [
        {"id": "2", "name": "web", "region": "r1", "created": "2026-03-01T00:00:00Z"},
        {"id": "3", "name": "db", "region": "r1", "created": "2026-02-01T00:00:00Z"},
    ]
    second = FakeInventory({"regions": ["r1"]}, grown)
    second._populate(second._fetch_all()[0])  # pylint: disable=protected-access
    assert sorted(first.inventory.hosts) == ["web"]
    assert sorted(second.inventory.hosts) == ["db", "web", "web.2"]
    assert second.inventory.get_host("web").get_vars()["k8s_cluster_id"] == "1"


def test_several_regions_qualify_every_host_even_a_lone_name():
    plugin = build({"names": ["db"]})
    assert sorted(plugin.inventory.hosts) == ["db.r1"]


def test_a_version_group_with_strict_works_on_versions_with_a_v():
    records = [
        {"id": "1", "name": "old", "region": "r1", "version": "v1.31.8"},
        {"id": "2", "name": "new", "region": "r1", "version": "1.33"},
    ]
    plugin = FakeInventory(
        {
            "regions": ["r1"],
            "strict": True,
            "groups": {"before_1_32": trust_as_template("k8s_version is version('1.32', '<')")},
        },
        records,
    )
    plugin._populate(plugin._fetch_all()[0])  # pylint: disable=protected-access
    assert [host.name for host in plugin.inventory.groups["before_1_32"].get_hosts()] == ["old"]
    assert plugin.inventory.get_host("old").get_vars()["k8s_version"] == "1.31.8"


def test_statuses_filter_takes_the_uniform_vocabulary_too():
    plugin = build({"statuses": ["running"], "regions": ["r1"]})
    assert sorted(plugin.inventory.hosts) == ["db", "web"]
    records = [dict(RECORDS[2], status="DEPLOYING")]
    plugin = FakeInventory({"regions": ["r1"], "statuses": ["creating"]}, records)
    plugin._populate(plugin._fetch_all()[0])  # pylint: disable=protected-access
    assert plugin.inventory.get_host("db").get_vars()["k8s_status"] == "creating"


def test_entries_carry_the_node_pools_and_clouds_without_them_give_an_empty_list():
    plugin = FakeInventory({"regions": ["r1"]}, RECORDS)
    entries, _complete = plugin._fetch_all()  # pylint: disable=protected-access
    assert {entry["record"]["id"]: entry["nodepools"] for entry in entries} == {
        "1": [{"name": "workers", "size": 3}],
        "3": [],
    }
    assert base.ClusterInventory.cluster_nodepools(plugin, None, {"id": "x"}) == []
