# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The layout's rules, read from the import statements and names of every file under plugins/.

- module_utils/core/ imports only core, and names no cloud (no cloud or vendor name in its identifiers or strings:
  no vendor environment variable, no endpoint).
- module_utils/auth/ imports core and auth; module_utils/<cloud>/ imports core, auth and itself, never another cloud.
- A module imports core and its own cloud only (kubeconfig_merge, which has none, imports core only).
- An inventory plugin imports its own cloud and plugin_utils only; plugin_utils imports core only.
- Every cloud folder has the same files, and every __init__.py is empty.
"""

from __future__ import annotations

import ast
import io
import pathlib
import re
import tokenize

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLUGINS = ROOT / "plugins"
PACKAGE = "ansible_collections.managedk8s.clusters.plugins."
CLOUDS = ("oks", "sks", "eks", "ske", "huawei")
CLOUD_FILES = {
    "__init__.py",
    "cloud.py",
    "credentials.py",
    "client.py",
    "model.py",
    "checks.py",
    "adapters.py",
    "tasks.py",
}
# Words that name a cloud or its vendor, matched against the words of identifiers and strings (split at anything
# that is not a letter or digit, and at case changes).
CLOUD_WORDS = frozenset(
    CLOUDS
    + (
        "outscale",
        "osc",
        "exoscale",
        "exo",
        "aws",
        "amz",
        "amzn",
        "amazon",
        "botocore",
        "boto",
        "samsung",
        "scp",
        "samsungsdscloud",
        "hss",
        "huaweicloud",
        "myhuaweicloud",
        "openstack",
        "sigv4",
    )
)
# The owner of a module or inventory file, from its name.
OWNER_PREFIXES = (("huawei_multicloud", "huawei"),) + tuple((cloud, cloud) for cloud in CLOUDS)


def imported_modules(source):
    """The collection modules a file imports, as 'module_utils.core.http', 'plugin_utils.inventory', ..."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + ["%s.%s" % (node.module, alias.name) for alias in node.names]
        else:
            continue
        found.update(name[len(PACKAGE) :] for name in names if name.startswith(PACKAGE))
    return found


def area(name):
    """'core', 'auth', a cloud, 'plugin_utils' or 'doc_fragments' for an imported module name."""
    parts = name.split(".")
    if parts[0] == "module_utils" and len(parts) > 1:
        return parts[1]
    return parts[0]


def owner_of(file_stem):
    for prefix, cloud in OWNER_PREFIXES:
        if file_stem == prefix or file_stem.startswith(prefix + "_"):
            return cloud
    return None


def allowed_areas(relative):
    """The areas a file under plugins/ may import from, by its place."""
    parts = relative.parts
    if parts[0] == "module_utils":
        place = parts[1] if len(parts) > 2 else None
        if place == "core":
            return {"core"}
        if place == "auth":
            return {"core", "auth"}
        if place in CLOUDS:
            return {"core", "auth", place}
        return set()
    if parts[0] == "modules":
        cloud = owner_of(relative.stem)
        return {"core"} | ({cloud} if cloud else set())
    if parts[0] == "inventory":
        return {"plugin_utils", owner_of(relative.stem)}
    if parts[0] == "plugin_utils":
        return {"core"}
    return set()


def import_violations(relative, source):
    """'file imports X' for every import that the file's place does not allow."""
    allowed = allowed_areas(relative)
    return sorted(
        "%s imports %s" % (relative, name)
        for name in imported_modules(source)
        if area(name) not in allowed and not (area(name) == "module_utils" and "module_utils" in allowed)
    )


def words(text):
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    return {word.lower() for word in re.split(r"[^A-Za-z0-9]+", spaced) if word}


def cloud_names_in(source):
    """(line, word) for every cloud word in an identifier or a string of source (comments are not code)."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.NAME, tokenize.STRING) or token.type == getattr(tokenize, "FSTRING_MIDDLE", None):
            for word in sorted(words(token.string) & CLOUD_WORDS):
                found.append((token.start[0], word))
    return found


def plugin_files():
    return sorted(path for path in PLUGINS.rglob("*.py"))


@pytest.mark.parametrize("path", plugin_files(), ids=lambda path: str(path.relative_to(PLUGINS)))
def test_imports_follow_the_layout(path):
    assert import_violations(path.relative_to(PLUGINS), path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", sorted((PLUGINS / "module_utils" / "core").glob("*.py")), ids=lambda path: path.name)
def test_the_core_names_no_cloud(path):
    assert cloud_names_in(path.read_text(encoding="utf-8")) == []


def test_every_cloud_folder_has_the_same_files():
    for cloud in CLOUDS:
        files = {path.name for path in (PLUGINS / "module_utils" / cloud).glob("*.py")}
        assert CLOUD_FILES <= files, (cloud, sorted(CLOUD_FILES - files))


def test_module_utils_holds_only_the_core_auth_and_cloud_folders():
    places = {path.name for path in (PLUGINS / "module_utils").iterdir() if path.name != "__pycache__"}
    assert places == {"__init__.py", "core", "auth"} | set(CLOUDS)


def test_init_files_are_empty():
    assert [str(path) for path in PLUGINS.rglob("__init__.py") if path.read_text(encoding="utf-8").strip()] == []


def test_every_module_and_inventory_plugin_belongs_to_a_cloud_or_to_none():
    for path in (PLUGINS / "modules").glob("*.py"):
        assert owner_of(path.stem) or path.stem == "kubeconfig_merge", path.name
    for path in (PLUGINS / "inventory").glob("*.py"):
        assert owner_of(path.stem), path.name


# The rules catch what they are meant to catch.
M = PACKAGE + "module_utils."


@pytest.mark.parametrize(
    "relative, source",
    [
        ("module_utils/core/http.py", "from %soks.client import OksClient\n" % M),
        ("module_utils/core/http.py", "from %s import plugin_utils\n" % PACKAGE.rstrip(".")),
        ("module_utils/sks/client.py", "from %soks import model\n" % M),
        ("module_utils/eks/tasks.py", "import %sske.client\n" % M),
        ("module_utils/auth/scp.py", "from %sske.model import X\n" % M),
        ("modules/oks_cluster.py", "from %ssks.cloud import CLOUD\n" % M),
        ("modules/kubeconfig_merge.py", "from %seks.client import EksClient\n" % M),
        ("inventory/eks.py", "from %score.options import connection_argument_spec\n" % M),
        ("inventory/huawei_multicloud.py", "from %soks.cloud import CLOUD\n" % M),
        ("plugin_utils/inventory.py", "from %ssks.cloud import CLOUD\n" % M),
    ],
)
def test_a_broken_import_rule_is_reported(relative, source):
    assert import_violations(pathlib.PurePosixPath(relative), source)


@pytest.mark.parametrize(
    "relative, source",
    [
        ("module_utils/core/http.py", "from %score.errors import ApiError\n" % M),
        ("module_utils/sks/client.py", "from %sauth.exoscale import ExoscaleAuth\nfrom %ssks import model\n" % (M, M)),
        (
            "modules/huawei_multicloud_cluster.py",
            "from %shuawei.cloud import CLOUD\nfrom %score.module import run\n" % (M, M),
        ),
        ("inventory/huawei_multicloud.py", "from %shuawei.cloud import CLOUD\n" % M),
    ],
)
def test_an_allowed_import_passes(relative, source):
    assert import_violations(pathlib.PurePosixPath(relative), source) == []


@pytest.mark.parametrize(
    "source, word",
    [
        ('URL = "https://api.eu-west-2.oks.outscale.com"\n', "outscale"),
        ('ENV = "AWS_REGION"\n', "aws"),
        ("def parse_exoscale_error():\n    pass\n", "exoscale"),
        ("HEADER = 'X-Amzn-RequestId'\n", "amzn"),
        ("class SkeThing:\n    pass\n", "ske"),
    ],
)
def test_a_cloud_name_in_the_core_is_reported(source, word):
    assert word in {found for _line, found in cloud_names_in(source)}


def test_comments_and_ordinary_words_are_not_cloud_names():
    assert cloud_names_in('# the outscale way\nASKED = "asked skew mask risks"\n') == []
