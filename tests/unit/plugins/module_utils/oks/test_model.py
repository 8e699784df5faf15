# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OKS payload mapping, normalisation and diffing, statuses (no network)."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Resource
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import model
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.adapters import CLUSTER_SPEC, PROJECT_SPEC

# --- payload mapping -----------------------------------------------------------------------------------------


TEMPLATE = {
    "project_id": "",
    "description": "",
    "version": "1.31",
    "admin_lbu": False,
    "admission_flags": {"disable_admission_plugins": [], "enable_admission_plugins": []},
    "cidr_pods": "10.91.0.0/16",
    "cidr_service": "10.92.0.0/16",
    "cluster_dns": "10.92.0.10",
    "tags": {"key": "value"},
    "auto_maintenances": {
        "minor_upgrade_maintenance": {"enabled": True, "duration_hours": 0, "start_hour": 12, "week_day": "Mon"},
        "patch_upgrade_maintenance": {"enabled": True, "duration_hours": 0, "start_hour": 12, "week_day": "Mon"},
    },
    "control_planes": "cp.3.masters.small",
    "admin_whitelist": ["198.51.100.7/32"],
    "quirks": [],
    "disable_api_termination": False,
}


def test_cluster_create_payload_takes_what_is_left_out_from_the_template():
    body = model.cluster_create_payload(
        {
            "name": "c1",
            "project_id": "p",
            "admin_whitelist": ["203.0.113.0/24"],
            "auto_maintenances": {"minor_upgrade_maintenance": {"week_day": "Sun"}},
        },
        TEMPLATE,
    )
    assert body["version"] == "1.31" and body["control_planes"] == "cp.3.masters.small"
    assert body["admin_lbu"] is False
    assert (body["cidr_pods"], body["cidr_service"], body["cluster_dns"]) == (
        "10.91.0.0/16",
        "10.92.0.0/16",
        "10.92.0.10",
    )
    assert body["admin_whitelist"] == ["203.0.113.0/24"]
    assert body["auto_maintenances"]["minor_upgrade_maintenance"]["week_day"] == "Sun"
    assert body["auto_maintenances"]["patch_upgrade_maintenance"]["week_day"] == "Mon"
    for key in ("tags", "quirks", "description", "cp_subregions", "cp_multi_az", "admission_flags"):
        assert key not in body, key


def test_cluster_create_payload_invents_nothing_without_a_template():
    body = model.cluster_create_payload({"name": "c1", "project_id": "p", "admin_whitelist": ["203.0.113.0/24"]})
    assert body == {"name": "c1", "project_id": "p", "admin_whitelist": ["203.0.113.0/24"]}


def test_several_subregions_ask_for_a_multi_az_control_plane():
    body = model.cluster_create_payload({"name": "c1", "project_id": "p", "cp_subregions": ["2a", "2b", "2c"]})
    assert body["cp_multi_az"] is True
    assert "cp_multi_az" not in model.cluster_create_payload({"name": "c1", "cp_subregions": ["2b"]})


def test_cluster_dns_of_the_template_only_goes_with_its_service_range():
    body = model.cluster_create_payload({"name": "c1", "project_id": "p", "cidr_service": "172.20.0.0/16"}, TEMPLATE)
    assert body["cidr_service"] == "172.20.0.0/16" and "cluster_dns" not in body


def test_cluster_update_payload_merges_partial_values_with_the_cluster():
    record = {
        "admission_flags": {
            "disable_admission_plugins": ["PodSecurity"],
            "enable_admission_plugins": ["NodeRestriction"],
            "applied_admission_plugins": ["X"],
        },
        "auto_maintenances": {
            "minor_upgrade_maintenance": {
                "enabled": True,
                "duration_hours": 2,
                "start_hour": 3,
                "week_day": "Sun",
                "tz": "UTC",
            },
            "patch_upgrade_maintenance": {
                "enabled": False,
                "duration_hours": 1,
                "start_hour": 5,
                "week_day": "Wed",
                "tz": "UTC",
            },
        },
    }
    changes = {
        "description": "d",
        "version": "1.31",
        "admission_flags": {"enable_admission_plugins": ["AlwaysPullImages"]},
        "auto_maintenances": {"patch_upgrade_maintenance": {"start_hour": 6}},
    }
    body = model.cluster_update_payload(changes, record)
    assert body["description"] == "d" and body["version"] == "1.31"
    assert body["admission_flags"] == {
        "disable_admission_plugins": ["PodSecurity"],
        "enable_admission_plugins": ["AlwaysPullImages"],
    }
    assert body["auto_maintenances"]["minor_upgrade_maintenance"]["week_day"] == "Sun"
    assert body["auto_maintenances"]["patch_upgrade_maintenance"] == {
        "enabled": False,
        "duration_hours": 1,
        "start_hour": 6,
        "week_day": "Wed",
        "tz": "UTC",
    }


def test_project_payloads_keep_only_what_the_api_takes():
    desired = {
        "name": "p1",
        "cidr": "10.50.0.0/16",
        "region": "eu-west-2",
        "tags": {"a": "1"},
        "quirks": ["q"],
        "description": None,
        "disable_api_termination": True,
    }
    assert model.project_payload(desired) == {
        "name": "p1",
        "cidr": "10.50.0.0/16",
        "region": "eu-west-2",
        "tags": {"a": "1"},
        "quirks": ["q"],
        "disable_api_termination": True,
    }
    assert model.project_update_payload({"tags": {}, "description": "x"}) == {"tags": {}, "description": "x"}


# --- normalisation and diffing ---------------------------------------------------------------------------------

CLUSTER_RECORD = {
    "id": "c-1",
    "project_id": "p-1",
    "name": "web",
    "description": None,
    "cp_subregions": ["2a", "2b", "2c"],
    "version": "1.30",
    "admin_lbu": False,
    "cidr_pods": "10.91.0.0/16",
    "cidr_service": "10.92.0.0/16",
    "cluster_dns": "10.92.0.10",
    "tags": {"team": "platform", "tier": "1"},
    "control_planes": "cp.3.masters.small",
    "admission_flags": {
        "disable_admission_plugins": [],
        "enable_admission_plugins": ["NodeRestriction", "AlwaysPullImages"],
        "applied_admission_plugins": ["NamespaceLifecycle"],
    },
    "auto_maintenances": {
        "minor_upgrade_maintenance": {
            "enabled": True,
            "duration_hours": 0,
            "start_hour": 3,
            "week_day": "Sun",
            "tz": "UTC",
        },
        "patch_upgrade_maintenance": {
            "enabled": True,
            "duration_hours": 0,
            "start_hour": 12,
            "week_day": "Tue",
            "tz": "UTC",
        },
    },
    "admin_whitelist": ["198.51.100.7", "203.0.113.0/24"],
    "disable_api_termination": False,
    "statuses": {"status": "ready", "available_upgrade": "1.31"},
}


def cluster_changes(**options):
    desired = CLUSTER_SPEC.desired(model.normalise_cluster_params(options))
    engine = Resource(CLUSTER_SPEC, api=None)
    return engine.changes(desired, model.cluster_state(CLUSTER_RECORD, options.get("quirks")))


def test_lists_where_order_is_meaningless_compare_as_sets():
    assert (
        cluster_changes(
            cp_subregions=["2c", "2a", "2b"],
            admin_whitelist=["203.0.113.0/24", "198.51.100.7/32"],
            admission_flags={
                "enable_admission_plugins": ["AlwaysPullImages", "NodeRestriction", "AlwaysPullImages"],
                "disable_admission_plugins": None,
            },
            tags={"tier": 1, "team": "platform"},
            quirks=["q1"],
        )
        == {}
    )


def test_tags_compare_exactly():
    assert cluster_changes(tags={"team": "platform"}) == {"tags": {"team": "platform"}}
    assert cluster_changes(tags={"team": "platform", "tier": "1", "env": "test"})["tags"]["env"] == "test"


def test_real_differences_are_found():
    changes = cluster_changes(
        admission_flags={"enable_admission_plugins": ["NodeRestriction"]},
        admin_whitelist=["203.0.113.0/24"],
        version="1.31",
        auto_maintenances={"minor_upgrade_maintenance": {"start_hour": 4, "week_day": None}},
    )
    assert set(changes) == {"admission_flags", "admin_whitelist", "version", "auto_maintenances"}


def test_only_the_maintenance_settings_given_are_compared():
    assert cluster_changes(auto_maintenances={"minor_upgrade_maintenance": {"start_hour": 3, "week_day": "Sun"}}) == {}


def test_full_patch_versions_compare_by_minor_version():
    record = dict(CLUSTER_RECORD, version="1.30.4")
    assert model.cluster_state(record)["version"] == "1.30"
    assert model.cluster_output(record)["full_version"] == "1.30.4"


def test_quirks_read_as_configured_unless_the_api_reports_them():
    assert model.project_state({"name": "p"}, ["a"])["quirks"] == ["a"]
    assert model.project_state({"name": "p", "quirks": ["b"]}, ["a"])["quirks"] == ["b"]


def test_project_tags_compare_exactly():
    engine = Resource(PROJECT_SPEC, api=None)
    current = model.project_state({"name": "p", "tags": {"a": "1", "b": "2"}, "description": None})
    assert engine.changes({"tags": {"a": "1"}}, current) == {"tags": {"a": "1"}}
    assert engine.changes({"tags": {"b": "2", "a": "1"}, "description": ""}, current) == {}


def test_statuses_and_failure_reasons():
    assert model.cluster_status({"statuses": {"status": "upgrading"}}) == "upgrading"
    assert model.cluster_status(None) is None
    assert model.failure_reason({"statuses": {"status": "failed", "message": "no capacity"}}) == "no capacity"
    assert model.failure_reason({"statuses": {"status": "failed"}}) is None
