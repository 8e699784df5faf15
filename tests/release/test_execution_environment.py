# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""execution-environment.yml gives a build context that installs this collection and its dependencies.

No container runtime here: `ansible-builder create` writes the build context, and the test replays the two steps of
the image build that concern the collection on this machine: the galaxy stage (`ansible-galaxy collection install -r
requirements.yml` from the context) and the builder stage's introspection of the installed collections, which must
find requirements.txt and bindep.txt through meta/execution-environment.yml.
"""

from __future__ import annotations

import os
import pathlib
import re
import subprocess
import sys

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]

CONTAINER_BUILD_DIR = "/build/"
RUNTIME_PYTHON_PACKAGES = {"requests", "pynacl", "pyyaml"}
# ansible-builder leaves out what every execution environment has already (ansible-core brings PyYAML)
PROVIDED_BY_ANSIBLE_CORE = {"pyyaml"}


def venv_tool(name):
    return str(pathlib.Path(sys.executable).parent / name)


def package_name(requirement):
    return re.split(r"[<>=!~;\[\s]", requirement.strip(), maxsplit=1)[0].lower()


def requirement_lines(path):
    lines = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line]


def run_ee_script(workspace, definition_text):
    """scripts/ee.sh --context-only on a copy of the definition in workspace (its build/ee/ is workspace's)."""
    definition = workspace / "execution-environment.yml"
    definition.write_text(definition_text, encoding="utf-8")
    env = dict(os.environ, EE_DEFINITION=str(definition))
    return subprocess.run(
        [str(ROOT / "scripts" / "ee.sh"), "--context-only"], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def build_context(tmp_path_factory):
    """(context directory, workspace): `make ee`'s script run on a copy of execution-environment.yml."""
    workspace = tmp_path_factory.mktemp("ee")
    result = run_ee_script(workspace, (ROOT / "execution-environment.yml").read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert "build context ready" in result.stdout
    return workspace / "build" / "ee" / "context", workspace


def test_ee_script_fails_when_the_context_lacks_the_tarball(tmp_path):
    """ansible-builder create exits 0 when a file to copy is missing; make ee must not."""
    definition = (ROOT / "execution-environment.yml").read_text(encoding="utf-8")
    broken = definition.replace("src: build/ee/managedk8s-clusters.tar.gz", "src: build/elsewhere/*.tar.gz")
    assert broken != definition
    result = run_ee_script(tmp_path, broken)
    assert result.returncode == 1
    assert "lacks the collection tarball" in result.stderr
    assert "build/ee/managedk8s-clusters.tar.gz" in result.stderr


def galaxy_requirements(context):
    return yaml.safe_load((context / "_build" / "requirements.yml").read_text(encoding="utf-8"))


def test_definition_is_version_3_and_pins_nothing_from_above():
    definition = yaml.safe_load((ROOT / "execution-environment.yml").read_text(encoding="utf-8"))
    assert definition["version"] == 3
    for key in ("ansible_core", "ansible_runner"):
        assert "<" not in definition["dependencies"][key]["package_pip"], key


@pytest.mark.parametrize("name", ["requirements.txt", "bindep.txt"])
def test_dependency_files_have_no_upper_bounds(name):
    for line in requirement_lines(ROOT / name):
        assert not re.search(r"<|==|~=", line), "%s pins %r from above" % (name, line)


def test_collection_metadata_names_the_dependency_files():
    metadata = yaml.safe_load((ROOT / "meta" / "execution-environment.yml").read_text(encoding="utf-8"))
    assert metadata["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}
    assert {package_name(line) for line in requirement_lines(ROOT / "requirements.txt")} >= RUNTIME_PYTHON_PACKAGES


def test_context_has_a_containerfile_that_installs_the_collections(build_context):
    context, _workspace = build_context
    containerfile = (context / "Containerfile").read_text(encoding="utf-8")
    assert "COPY _build /build" in containerfile
    assert re.search(r"ansible-galaxy collection install .*-r requirements\.yml", containerfile)
    assert "introspect" in containerfile
    assert "ansible-core>=2.19" in containerfile


def test_context_holds_the_tarball_its_requirements_name(build_context, galaxy_metadata):
    context, workspace = build_context
    collections = galaxy_requirements(context)["collections"]
    assert len(collections) == 1
    name = collections[0]["name"]
    assert collections[0]["type"] == "file"
    assert name.startswith(CONTAINER_BUILD_DIR), "the galaxy stage installs from %s" % CONTAINER_BUILD_DIR
    in_context = context / "_build" / name[len(CONTAINER_BUILD_DIR) :]
    assert in_context.is_file(), "%s is not in the build context" % name
    built = workspace / "build" / "ee" / ("managedk8s-clusters-%s.tar.gz" % galaxy_metadata["version"])
    assert in_context.read_bytes() == built.read_bytes()


@pytest.fixture(scope="module")
def installed_collections(build_context, tmp_path_factory):
    """The galaxy stage, replayed: the context's requirements.yml installed with /build/ being the context's _build/."""
    context, _workspace = build_context
    requirements = galaxy_requirements(context)
    for entry in requirements["collections"]:
        entry["name"] = str(context / "_build" / entry["name"][len(CONTAINER_BUILD_DIR) :])
    local = tmp_path_factory.mktemp("galaxy-stage")
    (local / "requirements.yml").write_text(yaml.safe_dump(requirements), encoding="utf-8")
    collections_path = local / "collections"
    subprocess.run(
        [
            venv_tool("ansible-galaxy"),
            "collection",
            "install",
            "-r",
            str(local / "requirements.yml"),
            "--collections-path",
            str(collections_path),
            "--force",
        ],
        cwd=local,
        check=True,
        capture_output=True,
    )
    return collections_path


def test_galaxy_stage_installs_the_collection_with_its_ee_metadata(installed_collections):
    installed = installed_collections / "ansible_collections" / "managedk8s" / "clusters"
    for name in ("meta/execution-environment.yml", "requirements.txt", "bindep.txt", "meta/runtime.yml"):
        assert (installed / name).is_file(), name


def test_builder_stage_finds_the_collection_dependencies(build_context, installed_collections, tmp_path):
    context, _workspace = build_context
    pip_out, bindep_out = tmp_path / "requirements.txt", tmp_path / "bindep.txt"
    subprocess.run(
        [
            sys.executable,
            str(context / "_build" / "scripts" / "introspect.py"),
            "introspect",
            "--write-pip",
            str(pip_out),
            "--write-bindep",
            str(bindep_out),
            str(installed_collections),
        ],
        check=True,
        capture_output=True,
    )
    python = {package_name(line) for line in requirement_lines(pip_out)}
    system = requirement_lines(bindep_out)
    assert python >= RUNTIME_PYTHON_PACKAGES - PROVIDED_BY_ANSIBLE_CORE
    expected_system = requirement_lines(ROOT / "bindep.txt")
    for line in expected_system:
        assert any(entry.startswith(line.split()[0]) for entry in system), line
