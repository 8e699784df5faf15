# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared fixtures of the release checks: the checkout and a collection tarball built from it."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
VENV_BIN = pathlib.Path(sys.executable).parent


def venv_tool(name):
    return str(VENV_BIN / name)


@pytest.fixture(scope="session")
def galaxy_metadata():
    return yaml.safe_load((ROOT / "galaxy.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def collection_tarball(tmp_path_factory, galaxy_metadata):
    """The collection as `make build` builds it, in a directory of its own."""
    output = tmp_path_factory.mktemp("collection-build")
    subprocess.run(
        [venv_tool("ansible-galaxy"), "collection", "build", "--force", "--output-path", str(output), str(ROOT)],
        check=True,
        capture_output=True,
    )
    tarball = output / (
        "%s-%s-%s.tar.gz" % (galaxy_metadata["namespace"], galaxy_metadata["name"], galaxy_metadata["version"])
    )
    assert tarball.is_file(), sorted(path.name for path in output.iterdir())
    return tarball
