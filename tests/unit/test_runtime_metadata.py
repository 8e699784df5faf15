# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""meta/runtime.yml's action_groups must list exactly the modules of plugins/modules/."""

from __future__ import annotations

import pathlib

import pytest
import yaml

COLLECTION = "managedk8s.clusters"
COLLECTION_ROOT = pathlib.Path(__file__).resolve().parents[2]
CLOUD_GROUPS = ("oks", "sks", "eks", "ske", "huawei")


def module_names():
    modules_dir = COLLECTION_ROOT / "plugins" / "modules"
    return {path.stem for path in modules_dir.glob("*.py") if path.stem != "__init__"}


def cloud_of(module_name):
    prefix = module_name.split("_", 1)[0]
    return prefix if prefix in CLOUD_GROUPS else None


def action_groups():
    with open(COLLECTION_ROOT / "meta" / "runtime.yml", encoding="utf-8") as runtime_file:
        return yaml.safe_load(runtime_file)["action_groups"]


def short_name(name):
    """'managedk8s.clusters.oks_cluster' and 'oks_cluster' both name oks_cluster."""
    return name[len(COLLECTION) + 1 :] if name.startswith(COLLECTION + ".") else name


def direct_members(group):
    return [short_name(entry) for entry in group if isinstance(entry, str)]


def extended_groups(group):
    metadata = [entry["metadata"] for entry in group if isinstance(entry, dict)]
    return [short_name(name) for entry in metadata for name in entry.get("extend_group", [])]


def resolve(groups, name, seen=()):
    """All modules of a group, following extend_group like ansible-core does."""
    if name in seen:
        return set()
    group = groups[name]
    members = set(direct_members(group))
    for extended in extended_groups(group):
        members |= resolve(groups, extended, seen + (name,))
    return members


def test_groups_are_the_cloud_groups_and_all():
    assert sorted(action_groups()) == sorted(CLOUD_GROUPS + ("all",))


@pytest.mark.parametrize("cloud", CLOUD_GROUPS)
def test_cloud_group_lists_exactly_the_modules_of_its_cloud(cloud):
    group = action_groups()[cloud]
    members = direct_members(group)
    expected = {name for name in module_names() if cloud_of(name) == cloud}

    assert len(members) == len(set(members)), "duplicate entries in group %s" % cloud
    assert not extended_groups(group), "a cloud group lists its modules itself"
    assert set(members) == expected


def test_all_group_extends_every_cloud_group():
    assert sorted(extended_groups(action_groups()["all"])) == sorted(CLOUD_GROUPS)


def test_all_group_covers_every_module_that_calls_a_cloud():
    assert resolve(action_groups(), "all") == {name for name in module_names() if cloud_of(name) is not None}


def test_all_group_lists_no_module_directly():
    """A module in `all` must accept what docs/awx.md says may go there; a module without a cloud takes none of it."""
    assert direct_members(action_groups()["all"]) == []


@pytest.mark.parametrize("name", sorted(name for name in module_names() if cloud_of(name) is None))
def test_module_without_a_cloud_claims_no_group(name):
    text = (COLLECTION_ROOT / "plugins" / "modules" / ("%s.py" % name)).read_text(encoding="utf-8")
    assert "managedk8s.clusters.all" not in text
