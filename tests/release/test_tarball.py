# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection tarball ships what Galaxy, AWX and ansible-builder read, and none of the local build output."""

from __future__ import annotations

import tarfile

import pytest

SHIPPED = [
    "MANIFEST.json",
    "FILES.json",
    "README.md",
    "meta/runtime.yml",
    "meta/execution-environment.yml",
    "requirements.txt",
    "bindep.txt",
    "changelogs/changelog.yaml",
    "docs/features.md",
    "docs/awx.md",
    "extensions/awx/credential_types/oks.yml",
    "extensions/awx/credential_types/huawei.yml",
]
LOCAL_ONLY_PREFIXES = ("build/", "docs/build/", ".venv", "tests/output/", "tests/integration/integration_config.yml")


@pytest.fixture(scope="module")
def tarball_names(collection_tarball):
    with tarfile.open(collection_tarball) as archive:
        return set(archive.getnames())


@pytest.mark.parametrize("name", SHIPPED)
def test_tarball_ships(tarball_names, name):
    assert name in tarball_names


def test_tarball_leaves_out_local_build_output(tarball_names):
    leaked = sorted(name for name in tarball_names if name.startswith(LOCAL_ONLY_PREFIXES))
    assert not leaked
