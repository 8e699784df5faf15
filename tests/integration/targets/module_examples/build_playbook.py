# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the playbook of the module_examples target: python build_playbook.py PLAYBOOK COLLECTION_ROOT.

Each module's EXAMPLES, as the documentation shows them, become one block of tasks run against the emulator: the
emulator is reset, what the examples expect to exist is made (examples.yml `prepare`), then the example tasks run
for real, in order, with the emulator's endpoint and credentials from module_defaults. Only the changes that
running them here needs are made (see examples.yml); a module without an entry there, or whose EXAMPLES are not
a list of tasks, fails the build.
"""

from __future__ import annotations

import ast
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION = "managedk8s.clusters"
SANDBOXED_PREFIXES = ("/tmp/", "/etc/", "/srv/")


class PlainDumper(yaml.SafeDumper):
    """Writes shared values out in full, without YAML anchors, so that the playbook reads like the examples."""

    def ignore_aliases(self, data):
        return True


def module_names(root):
    directory = os.path.join(root, "plugins", "modules")
    return sorted(name[:-3] for name in os.listdir(directory) if name.endswith(".py") and name != "__init__.py")


def examples_of(root, module):
    """The module's EXAMPLES string, read without importing the module."""
    with open(os.path.join(root, "plugins", "modules", module + ".py"), encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "EXAMPLES" for target in node.targets):
            return ast.literal_eval(node.value)
    sys.exit("%s has no EXAMPLES" % module)


def example_tasks(root, module):
    tasks = yaml.safe_load(examples_of(root, module))
    if not isinstance(tasks, list) or not all(isinstance(task, dict) for task in tasks):
        sys.exit("the EXAMPLES of %s are not a list of tasks" % module)
    return tasks


def sandboxed_directories(value):
    """The directories of the sandboxed paths in an example: a machine that runs it would have them."""
    if isinstance(value, str):
        return {value.rsplit("/", 1)[0]} if value.startswith("{{ sandbox }}/") else set()
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    return set().union(*(sandboxed_directories(item) for item in items))


def sandboxed(value, replacements):
    """A string of an example as it runs here: placeholders replaced, absolute paths moved into the sandbox."""
    for literal, replacement in replacements.items():
        value = value.replace(literal, replacement)
    if value.startswith(SANDBOXED_PREFIXES):
        value = "{{ sandbox }}" + value
    return value


def rewritten(value, replacements):
    if isinstance(value, str):
        return sandboxed(value, replacements)
    if isinstance(value, list):
        return [rewritten(item, replacements) for item in value]
    if isinstance(value, dict):
        return {key: rewritten(item, replacements) for key, item in value.items()}
    return value


def runnable(task, replacements, check_mode_names):
    task = rewritten(task, replacements)
    for action, args in task.items():
        if action.startswith(COLLECTION + ".") and isinstance(args, dict):
            args.pop("endpoint", None)
    if task.get("name") in check_mode_names:
        task["check_mode"] = True
    return task


def module_block(root, module, entry, connection):
    replacements = {str(key): str(value) for key, value in (entry.get("replace") or {}).items()}
    check_mode_names = set(entry.get("check_mode") or [])
    examples = [runnable(task, replacements, check_mode_names) for task in example_tasks(root, module)]
    unknown = check_mode_names - {task.get("name") for task in examples}
    if unknown:
        sys.exit("examples.yml names tasks that %s's EXAMPLES lack: %s" % (module, ", ".join(sorted(unknown))))
    reset = {
        "name": "Reset the emulator for the examples of %s" % module,
        "ansible.builtin.uri": {"url": "{{ mockcloud_url }}/_admin/reset", "method": "POST"},
    }
    prepare = [
        dict(task, name=task.get("name") or "Prepare: %s" % next(iter(task))) for task in entry.get("prepare") or []
    ]
    directories = sorted(sandboxed_directories(examples))
    if directories:
        prepare.insert(
            0,
            {
                "name": "Make the directories the examples use",
                "ansible.builtin.file": {"path": "{{ item }}", "state": "directory", "mode": "0700"},
                "loop": directories,
            },
        )
    return {
        "name": "The examples of %s" % module,
        "module_defaults": {"group/%s.%s" % (COLLECTION, cloud): values for cloud, values in connection.items()},
        "block": [reset] + prepare + examples,
    }


def playbook(root, config):
    modules = module_names(root)
    missing = [module for module in modules if module not in config["modules"]]
    extra = [module for module in config["modules"] if module not in modules]
    if missing or extra:
        sys.exit("examples.yml lacks %s; lists modules that do not exist: %s" % (missing or "nothing", extra or "none"))
    only = [name for name in os.environ.get("MODULE_EXAMPLES", "").split(",") if name]
    blocks = [
        module_block(root, module, config["modules"][module] or {}, config["connection"])
        for module in modules
        if not only or module in only
    ]
    return [
        {
            "name": "Every module's EXAMPLES against the emulator",
            "hosts": "localhost",
            "gather_facts": False,
            "tasks": blocks,
        }
    ]


def main():
    with open(os.path.join(HERE, "examples.yml"), encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    with open(sys.argv[1], "w", encoding="utf-8") as handle:
        yaml.dump(playbook(sys.argv[2], config), handle, Dumper=PlainDumper, sort_keys=False, width=160)


if __name__ == "__main__":
    main()
