# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import (
    Adapter,
    DuplicateNameError,
    ReplaceRefused,
    Resource,
    ResourceError,
    ResourceSpec,
    pick_one,
    values_differ,
)

SPEC = ResourceSpec(
    "cluster",
    create_keys=("name", "cidr", "version", "tags", "flags", "windows"),
    update_keys=("description", "tags", "flags", "windows", "version"),
    create_only=("name", "cidr"),
    unordered=("flags",),
)


class FakeApi(Adapter):
    def __init__(self, record=None):
        self.record = record
        self.writes = []

    def find(self):
        return self.record

    def state(self, record):
        return dict(record)

    def create(self, desired):
        self.writes.append(("create", desired))
        self.record = dict(desired, id="c-1", status="creating")
        return self.record

    def update(self, record, changes, desired):
        self.writes.append(("update", changes))
        self.record = dict(record, **changes)
        return self.record

    def delete(self, record):
        self.writes.append(("delete", record["id"]))
        self.record = None

    def wait_ready(self, record):
        self.writes.append(("wait", record["id"]))
        return dict(record, status="ready")

    def wait_deleted(self, record):
        self.writes.append(("wait_deleted", record["id"]))


PARAMS = {
    "name": "c1",
    "cidr": "10.0.0.0/16",
    "version": "1.31",
    "tags": {"env": "prod"},
    "flags": ["a", "b"],
    "description": None,
    "windows": {"hour": 3, "day": None},
}
EXISTING = {
    "id": "c-1",
    "name": "c1",
    "cidr": "10.0.0.0/16",
    "version": "1.31",
    "tags": {"env": "prod", "team": "x"},
    "flags": ["b", "a"],
    "description": "old",
    "windows": {"hour": 3, "day": "Mon"},
}


def test_desired_drops_unset_options_and_nested_nones():
    assert SPEC.desired(PARAMS) == {
        "name": "c1",
        "cidr": "10.0.0.0/16",
        "version": "1.31",
        "tags": {"env": "prod"},
        "flags": ["a", "b"],
        "windows": {"hour": 3},
    }


def test_create_then_wait():
    api = FakeApi()
    result = Resource(SPEC, api).run("present", PARAMS)
    assert result["changed"] is True
    assert api.writes[0][0] == "create" and api.writes[1] == ("wait", "c-1")
    assert result["diff"]["before"] == {}
    assert result["cluster"]["status"] == "ready"


def test_create_in_check_mode_writes_nothing():
    api = FakeApi()
    result = Resource(SPEC, api, check_mode=True).run("present", PARAMS)
    assert result["changed"] is True
    assert api.writes == []
    assert result["diff"]["after"]["name"] == "c1"


def test_unchanged_when_sets_and_subsets_match():
    api = FakeApi(dict(EXISTING, status="ready"))
    result = Resource(SPEC, api, wait=False).run("present", PARAMS)
    assert result["changed"] is False
    assert api.writes == []
    assert result["diff"]["before"] == result["diff"]["after"]


def test_update_sends_only_changes():
    api = FakeApi(dict(EXISTING))
    result = Resource(SPEC, api, wait=False).run("present", dict(PARAMS, version="1.32", description="new"))
    assert api.writes == [("update", {"version": "1.32", "description": "new"})]
    assert result["changed"] is True
    assert result["diff"]["before"]["version"] == "1.31"
    assert result["diff"]["after"]["version"] == "1.32"


def test_update_in_check_mode_predicts_after():
    api = FakeApi(dict(EXISTING))
    result = Resource(SPEC, api, check_mode=True).run("present", dict(PARAMS, flags=["a", "c"]))
    assert api.writes == []
    assert result["diff"]["after"]["flags"] == ["a", "c"]


def test_create_only_change_is_refused_with_the_differences():
    api = FakeApi(dict(EXISTING))
    with pytest.raises(ReplaceRefused) as caught:
        Resource(SPEC, api).run("present", dict(PARAMS, cidr="10.1.0.0/16", description="new"))
    message = str(caught.value)
    assert "cidr" in message and "10.0.0.0/16" in message and "10.1.0.0/16" in message
    assert caught.value.details["refused"] == {"cidr": {"current": "10.0.0.0/16", "desired": "10.1.0.0/16"}}
    assert api.writes == []


def test_absent_deletes_and_waits_then_is_a_no_op():
    api = FakeApi(dict(EXISTING))
    result = Resource(SPEC, api).run("absent", PARAMS)
    assert result["changed"] is True and api.writes == [("delete", "c-1"), ("wait_deleted", "c-1")]
    again = Resource(SPEC, api).run("absent", PARAMS)
    assert again["changed"] is False


def test_absent_in_check_mode():
    api = FakeApi(dict(EXISTING))
    result = Resource(SPEC, api, check_mode=True).run("absent", PARAMS)
    assert result["changed"] is True and api.writes == []


def test_secrets_are_redacted_in_diff_and_output():
    spec = ResourceSpec("registration", create_keys=("name", "password"))
    result = Resource(spec, FakeApi(), check_mode=True).run("present", {"name": "r", "password": "hunter22"})
    assert "hunter22" not in repr(result)


@pytest.mark.parametrize(
    "want,have,kwargs,expected",
    [
        ({"a": 1}, {"a": 1, "b": 2}, {}, False),
        ({"a": 1}, {"a": 1, "b": 2}, {"exact": True}, True),
        (["x", "y"], ["y", "x"], {"unordered": True}, False),
        (["x", "y"], ["y", "x"], {}, True),
        ({"a": {"b": 1}}, {"a": {"b": 2}}, {}, True),
        ({}, None, {}, False),
        ("1", 1, {}, True),
    ],
)
def test_values_differ(want, have, kwargs, expected):
    assert values_differ(want, have, **kwargs) is expected


def test_pick_one():
    assert pick_one([], "x", "cluster") is None
    assert pick_one([{"id": "1"}], "x", "cluster") == {"id": "1"}
    with pytest.raises(DuplicateNameError) as caught:
        pick_one([{"id": "2"}, {"id": "1"}], "x", "cluster")
    assert "2 clusters are named 'x' (1, 2)" in str(caught.value)


class Guarded(FakeApi):
    def review_delete(self, record, current):
        self.writes.append(("review_delete", current["name"]))
        if record.get("children"):
            raise ResourceError("cluster %s still has children" % record["name"], children=record["children"])


@pytest.mark.parametrize("check_mode", [False, True])
def test_review_delete_refuses_before_any_write_in_check_mode_too(check_mode):
    api = Guarded(dict(EXISTING, children=["p1"]))
    with pytest.raises(ResourceError, match="still has children") as caught:
        Resource(SPEC, api, check_mode=check_mode).run("absent", {})
    assert caught.value.details == {"children": ["p1"]}
    assert api.writes == [("review_delete", "c1")]


def test_review_delete_lets_a_delete_through():
    api = Guarded(dict(EXISTING))
    result = Resource(SPEC, api).run("absent", {})
    assert result["changed"] is True
    assert api.writes == [("review_delete", "c1"), ("delete", "c-1"), ("wait_deleted", "c-1")]


def test_the_adapter_hooks_default_to_no_change():
    api = FakeApi(dict(EXISTING))
    assert api.review(api.record, {}, {"version": "2"}) == {"version": "2"}
    assert api.review_delete(api.record, {}) is None
    assert api.output(api.record) == api.state(api.record)
    assert api.wait_ready(api.record) is not None
    with pytest.raises(NotImplementedError):
        Adapter().find()


class ReviewingApi(FakeApi):
    """Refuses a downgrade in review, and a creation without a version in review_create."""

    def review(self, record, current, changes):
        if "version" in changes and changes["version"] < current["version"]:
            raise ResourceError(
                "version: cannot downgrade", refused={"version": {"current": current["version"], "desired": "1"}}
            )
        return changes

    def review_create(self, desired):
        if not desired.get("version"):
            raise InputError("version is required to create the cluster")


@pytest.mark.parametrize("check_mode", [False, True])
def test_every_refused_change_is_named_at_once(check_mode):
    api = ReviewingApi(dict(EXISTING))
    engine = Resource(SPEC, api, check_mode=check_mode)
    with pytest.raises(ResourceError) as raised:
        engine.run("present", dict(PARAMS, cidr="10.9.0.0/16", version="1.29"))
    message = str(raised.value)
    assert "cannot change cidr" in message and "version: cannot downgrade" in message
    assert sorted(raised.value.details["refused"]) == ["cidr", "version"]
    assert api.writes == []


@pytest.mark.parametrize("check_mode", [False, True])
def test_what_only_a_creation_needs_is_asked_for_only_when_creating(check_mode):
    api = ReviewingApi(None)
    with pytest.raises(InputError, match="version is required to create"):
        Resource(SPEC, api, check_mode=check_mode).run("present", dict(PARAMS, version=None))
    assert api.writes == []
    existing = ReviewingApi(dict(EXISTING))
    outcome = Resource(SPEC, existing, check_mode=check_mode).run("present", dict(PARAMS, version=None))
    assert outcome["changed"] is False  # the version, needed only to create, was not asked for


def test_check_mode_diff_of_a_nested_option_given_in_part_keeps_the_other_keys():
    """scaling_config: {desired_size: 4} must not show min and max removed; an exact (purged) dict is replaced."""
    spec = ResourceSpec("pool", update_keys=("scaling", "windows", "tags"), exact=("tags",))
    current = {
        "id": "p-1",
        "scaling": {"min": 1, "max": 5, "desired": 2},
        "windows": {"minor": {"day": "Tue", "hour": 12}, "patch": {"day": "Wed", "hour": 3}},
        "tags": {"a": "1", "b": "2"},
    }
    outcome = Resource(spec, FakeApi(dict(current)), check_mode=True).run(
        "present", {"scaling": {"desired": 4}, "windows": {"minor": {"hour": 3}}, "tags": {"a": "1"}}
    )
    after = outcome["diff"]["after"]
    assert after["scaling"] == {"min": 1, "max": 5, "desired": 4}
    assert after["windows"] == {"minor": {"day": "Tue", "hour": 3}, "patch": {"day": "Wed", "hour": 3}}
    assert after["tags"] == {"a": "1"}
