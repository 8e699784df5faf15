# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module and inventory plugin ships complete documentation: DOCUMENTATION, EXAMPLES and (modules) RETURN.

antsibull-docs lint and validate-modules check the DOCUMENTATION schema; this adds what they leave: EXAMPLES that
are tasks (or, for inventory plugins, YAML configuration) using fully qualified names, and a sample for every
returned value. The examples of the modules also run against the emulator (integration target module_examples).
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
COLLECTION = "managedk8s.clusters"
MODULES = sorted(path for path in (ROOT / "plugins" / "modules").glob("*.py") if path.name != "__init__.py")
INVENTORIES = sorted(path for path in (ROOT / "plugins" / "inventory").glob("*.py") if path.name != "__init__.py")


def doc_strings(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    strings = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if getattr(target, "id", None) in ("DOCUMENTATION", "EXAMPLES", "RETURN"):
                    strings[target.id] = ast.literal_eval(node.value)
    return strings


def returned_values(returns, prefix=""):
    """(dotted name, description) for every returned value, nested ones included."""
    for name, spec in (returns or {}).items():
        yield prefix + name, spec
        yield from returned_values(spec.get("contains"), prefix + name + ".")


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_module_documents_options_examples_and_returns(path):
    docs = doc_strings(path)
    assert set(docs) == {"DOCUMENTATION", "EXAMPLES", "RETURN"}
    documentation = yaml.safe_load(docs["DOCUMENTATION"])
    assert documentation["module"] == path.stem
    assert documentation["short_description"] and documentation["description"]
    assert "check_mode" in documentation["attributes"] and "diff_mode" in documentation["attributes"]
    returns = yaml.safe_load(docs["RETURN"])
    assert returns, "RETURN is empty"
    for name, spec in returns.items():
        assert spec.get("returned"), "%s: when is it returned?" % name
    for name, spec in returned_values(returns):
        assert spec.get("description") and spec.get("type"), name
        if not spec.get("contains") and name.split(".")[0] != "diff":
            assert "sample" in spec, "%s has no sample" % name


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.stem)
def test_module_examples_are_named_tasks_with_fqcn(path):
    tasks = yaml.safe_load(doc_strings(path)["EXAMPLES"])
    assert isinstance(tasks, list) and tasks
    own = "%s.%s" % (COLLECTION, path.stem)
    assert any(own in task for task in tasks), "no example uses %s" % own
    for task in tasks:
        assert task.get("name"), task
        actions = [key for key in task if "." in key]
        assert len(actions) == 1, "one fully qualified action per task: %s" % task["name"]


@pytest.mark.parametrize("path", INVENTORIES, ids=lambda path: path.stem)
def test_inventory_plugin_documents_options_and_examples(path):
    docs = doc_strings(path)
    assert {"DOCUMENTATION", "EXAMPLES"} <= set(docs)
    documentation = yaml.safe_load(docs["DOCUMENTATION"])
    assert documentation["name"] == path.stem
    assert documentation["options"]["plugin"]["choices"] == ["%s.%s" % (COLLECTION, path.stem)]
    configurations = list(yaml.safe_load_all(docs["EXAMPLES"]))
    assert configurations and all(
        config["plugin"] == "%s.%s" % (COLLECTION, path.stem) for config in configurations if config
    )


@pytest.mark.parametrize("path", MODULES + INVENTORIES, ids=lambda path: path.stem)
def test_authors_have_a_github_handle(path):
    """ansible-doc prints an author without a handle as '(!UNKNOWN)', which shipped in every page once."""
    authors = yaml.safe_load(doc_strings(path)["DOCUMENTATION"])["author"]
    for author in authors if isinstance(authors, list) else [authors]:
        assert "!UNKNOWN" not in author and re.search(r"\(@[\w-]+\)$", author), author
