# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's floor: the least an inventory plugin can do to give ansible-inventory a set of hosts.

It reads {"hosts": {name: vars}, "groups": {name: [members]}} from a *.bench_floor.json file (plain json, no tags)
and hands every host, variable and group to Ansible. What ansible-inventory --list then costs with it is ansible-core's
own cost for those hosts and variables, which no plugin can go below. Loaded by tests/bench/inventory.py through
ANSIBLE_INVENTORY_PLUGINS; not part of the collection.
"""

from __future__ import annotations

DOCUMENTATION = r"""
name: bench_floor
short_description: Hosts and variables from a JSON file, with no other work (benchmark floor)
description:
  - Reads a C(*.bench_floor.json) file written by tests/bench/inventory.py.
author:
  - managedk8s.clusters contributors (!UNKNOWN)
options: {}
"""

import json

from ansible.plugins.inventory import BaseInventoryPlugin


class InventoryModule(BaseInventoryPlugin):
    NAME = "bench_floor"

    def verify_file(self, path):
        return path.endswith(".bench_floor.json")

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        for host, host_vars in data["hosts"].items():
            self.inventory.add_host(host)
            for name, value in host_vars.items():
                self.inventory.set_variable(host, name, value)
        for group in data["groups"]:
            self.inventory.add_group(group)
        for group, members in data["groups"].items():  # members are hosts or groups, all known by now
            for member in members:
                self.inventory.add_child(group, member)
