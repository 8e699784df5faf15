# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""docs/features.md and docs/awx.md keep up with the collection: every module, inventory plugin, role and
credential type is named, and every path they point at exists."""

from __future__ import annotations

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
COLLECTION = "managedk8s.clusters"


def plugin_names(kind):
    return sorted(path.stem for path in (ROOT / "plugins" / kind).glob("*.py") if path.name != "__init__.py")


def page(name):
    return (ROOT / "docs" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("module", plugin_names("modules"))
def test_features_name_every_module(module):
    assert "`%s`" % module in page("features.md")


@pytest.mark.parametrize("plugin", plugin_names("inventory"))
def test_features_name_every_inventory_plugin(plugin):
    assert "`%s.%s`" % (COLLECTION, plugin) in page("features.md")


def test_features_name_every_role():
    roles = sorted(path.name for path in (ROOT / "roles").iterdir() if (path / "tasks").is_dir())
    for role in roles:
        assert "`%s`" % role in page("features.md"), role


@pytest.mark.parametrize("name", ["features.md", "awx.md"])
def test_paths_named_in_the_pages_exist(name):
    paths = set(re.findall(r"`((?:extensions|meta|tests|plugins|docs)/[\w./-]+|[\w-]+\.(?:yml|txt))`", page(name)))
    assert paths, "the page names no file: is the pattern still right?"
    for path in sorted(paths):
        # a bare credential type file name (a column of the features table) is one of extensions/awx/credential_types/
        candidates = [ROOT / path, ROOT / "extensions" / "awx" / "credential_types" / path]
        assert any(candidate.exists() for candidate in candidates), path
