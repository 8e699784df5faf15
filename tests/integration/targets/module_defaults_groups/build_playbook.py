# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Write the playbook of the module_defaults_groups target: python build_playbook.py PLAYBOOK COLLECTION_ROOT.

For each cloud of meta/runtime.yml, every module of its action group runs once in check mode with its credentials
and endpoint coming only from `module_defaults: group/managedk8s.clusters.<cloud>`, and the connection options that
docs/awx.md allows there from `group/managedk8s.clusters.all` (runme.sh leaves no credential
in the environment or the home directory), and must not fail. Then each cloud's info module runs with one secret
of the group's defaults made wrong, and must fail on authentication: the group's values are what the modules use.
The calls are in module_calls.yml; a module of a group without a call there fails the build.
"""

from __future__ import annotations

import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
COLLECTION = "managedk8s.clusters"
WRONG_SECRET = "md-wrong-secret-000000000000000000000000"
# What docs/awx.md says may go into group/managedk8s.clusters.all: every module of every cloud must accept it.
ALL_GROUP_DEFAULTS = {"request_timeout": 45, "validate_certs": True, "retries": 3}
NOT_FOUND_MESSAGES = ("No OUTSCALE", "No Exoscale", "No AWS", "No Samsung", "No Huawei", "credentials found")


def action_groups(root):
    with open(os.path.join(root, "meta", "runtime.yml"), encoding="utf-8") as handle:
        groups = yaml.safe_load(handle)["action_groups"]
    return {
        name: [entry for entry in members if isinstance(entry, str)]
        for name, members in groups.items()
        if name != "all"
    }


def load_calls():
    with open(os.path.join(HERE, "module_calls.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def check_coverage(groups, calls):
    problems = []
    for cloud, modules in groups.items():
        listed = set((calls.get(cloud) or {}).get("modules") or {})
        for module in sorted(set(modules) - listed):
            problems.append("%s of group %s has no call in module_calls.yml" % (module, cloud))
        for module in sorted(listed - set(modules)):
            problems.append("%s is in module_calls.yml but not in group %s of meta/runtime.yml" % (module, cloud))
    if problems:
        sys.exit("\n".join(problems))


def group_defaults(cloud, values):
    return {"group/%s.all" % COLLECTION: ALL_GROUP_DEFAULTS, "group/%s.%s" % (COLLECTION, cloud): values}


def prepare_task(task):
    ((action, args),) = task.items()
    return {"name": "Prepare %s %s" % (action.rsplit(".", 1)[-1], args.get("name", "")), action: args}


def result_name(module):
    return "called_%s" % module


def call_task(module, args):
    return {
        "name": "%s in check mode, credentials from the group only" % module,
        "%s.%s" % (COLLECTION, module): args,
        "check_mode": True,
        "register": result_name(module),
        "ignore_errors": True,
    }


def assert_succeeded(module):
    result = result_name(module)
    return {
        "name": "%s did not fail" % module,
        "ansible.builtin.assert": {
            "that": ["%s is not failed" % result],
            "fail_msg": "%s failed: {{ %s.msg | default('') }}" % (module, result),
        },
    }


def cloud_block(cloud, spec, modules):
    tasks = [prepare_task(task) for task in spec.get("prepare") or []]
    tasks += [call_task(module, spec["modules"][module]) for module in modules]
    tasks += [assert_succeeded(module) for module in modules]
    return {
        "name": "%s: every module with credentials from group/%s.%s" % (cloud, COLLECTION, cloud),
        "module_defaults": group_defaults(cloud, spec["defaults"]),
        "block": tasks,
    }


def info_module(modules):
    return next(module for module in modules if module.endswith("_info"))


def wrong_secret_block(cloud, spec, modules):
    module = info_module(modules)
    defaults = dict(spec["defaults"], **{spec["wrong"]: WRONG_SECRET})
    result = "wrong_%s" % cloud
    not_missing = ["'%s' not in %s.msg" % (text, result) for text in NOT_FOUND_MESSAGES]
    return {
        "name": "%s: a wrong %s in the group's defaults is the one used" % (cloud, spec["wrong"]),
        "module_defaults": group_defaults(cloud, defaults),
        "block": [
            {
                "name": "%s with a wrong %s" % (module, spec["wrong"]),
                "%s.%s" % (COLLECTION, module): spec["modules"][module],
                "register": result,
                "ignore_errors": True,
            },
            {
                "name": "%s failed on the wrong credentials, not for want of credentials" % module,
                "ansible.builtin.assert": {
                    "that": ["%s is failed" % result, "%s.error.status in [401, 403]" % result]
                    + not_missing
                    + ["'%s' not in (%s | to_json)" % (WRONG_SECRET, result)]
                },
            },
        ],
    }


def playbook(groups, calls):
    tasks = [
        {
            "name": "Reset the emulator",
            "ansible.builtin.uri": {"url": "{{ mockcloud_url }}/_admin/reset", "method": "POST"},
        }
    ]
    for cloud, modules in groups.items():
        tasks.append(cloud_block(cloud, calls[cloud], modules))
    for cloud, modules in groups.items():
        tasks.append(wrong_secret_block(cloud, calls[cloud], modules))
    return [
        {
            "name": "module_defaults groups give every module its credentials",
            "hosts": "localhost",
            "gather_facts": False,
            "tasks": tasks,
        }
    ]


def main():
    groups, calls = action_groups(sys.argv[2]), load_calls()
    check_coverage(groups, calls)
    with open(sys.argv[1], "w", encoding="utf-8") as handle:
        yaml.safe_dump(playbook(groups, calls), handle, sort_keys=False, width=160)


if __name__ == "__main__":
    main()
