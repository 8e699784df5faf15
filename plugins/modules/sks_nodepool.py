#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: sks_nodepool
short_description: Create, update, scale and delete node pools of Exoscale SKS clusters
version_added: 0.1.0
description:
  - Creates, updates, scales and deletes a node pool of an Exoscale SKS cluster.
  - The node pool is found by O(name) in the cluster given by O(cluster); the module fails when several node pools
    of the cluster have that name. A create whose answer was lost is never repeated blindly; the module looks the
    node pool up by name and adopts it.
  - A new O(size) scales the node pool; the other options are changed in place. The module follows each
    operation of the API until it succeeds, then waits until the node pool is running.
  - O(evict_nodes) removes given nodes from the node pool, which shrinks it; with O(size) the node pool is then
    scaled back to that size with new nodes, of the node pool's current template. This is how nodes are renewed
    after a Kubernetes upgrade of the cluster. Nodes no longer in the node pool are left out, so a re-run, with
    or without O(evict_nodes), changes nothing.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  state:
    description:
      - V(present) creates the node pool or brings it to the options given; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  cluster:
    description:
      - The cluster of the node pool, by ID or by name.
      - With O(state=absent), a cluster that does not exist means there is nothing to delete.
    type: str
    required: true
  name:
    description:
      - Name of the node pool, 1 to 255 characters, lowercase only (the API's rule).
    type: str
    required: true
  description:
    description:
      - Description of the node pool, at most 255 characters.
    type: str
  instance_type:
    description:
      - Instance type of the nodes, by ID or by name as C(FAMILY.SIZE) (V(standard.medium), V(cpu.extra-large))
        or C(SIZE) alone for the standard family (V(medium)).
      - A name costs one more API call to find its ID.
      - Required to create a node pool.
    type: str
  size:
    description:
      - Number of nodes. Required to create a node pool, with at least 1 node.
      - A change scales the node pool; an existing node pool can be scaled to V(0).
    type: int
  disk_size:
    description:
      - Disk size of each node in GiB, between 20 and 51200. Required to create a node pool.
    type: int
  labels:
    description:
      - Labels of the node pool, as a dictionary of strings. The node pool gets exactly these labels.
    type: dict
  taints:
    description:
      - Kubernetes taints of the nodes. The node pool gets exactly these taints.
    type: list
    elements: dict
    suboptions:
      key:
        description:
          - Key of the taint.
        type: str
        required: true
      value:
        description:
          - Value of the taint, 1 to 255 characters.
        type: str
        required: true
      effect:
        description:
          - Effect of the taint.
        type: str
        required: true
        choices: [NoExecute, NoSchedule, PreferNoSchedule]
  security_groups:
    description:
      - IDs of the security groups of the nodes (at most 16).
    type: list
    elements: str
  anti_affinity_groups:
    description:
      - IDs of the anti-affinity groups of the nodes (at most 8).
    type: list
    elements: str
  private_networks:
    description:
      - IDs of the private networks the nodes are attached to (at most 16).
    type: list
    elements: str
  instance_prefix:
    description:
      - Prefix of the names of the nodes' instances, lowercase, at most 30 characters. The API's default is V(pool).
    type: str
  public_ip_assignment:
    description:
      - Public IP addresses of the nodes, IPv4 only (V(inet4), the API's default) or IPv4 and IPv6 (V(dual)).
    type: str
    choices: [inet4, dual]
  kubelet_image_gc:
    description:
      - Image garbage collection of the nodes' kubelet. The settings given are compared with the node pool's; the
        ones left out are left as they are (the exo CLI creates node pools with 85, 80 and V(2m)).
    type: dict
    suboptions:
      high_threshold:
        description:
          - Percentage of disk usage above which image garbage collection always runs, 0 to 100.
        type: int
      low_threshold:
        description:
          - Percentage of disk usage below which image garbage collection never runs, 0 to 100, less than
            O(kubelet_image_gc.high_threshold).
        type: int
      min_age:
        description:
          - How long an image stays unused before it can be collected, as a duration such as V(2m) or V(1h).
        type: str
  deploy_target:
    description:
      - Deploy target of the nodes (dedicated hypervisors or an edge location), by ID or by name. A name costs
        one more API call to find its ID.
      - V("") removes the deploy target of an existing node pool.
    type: str
  evict_nodes:
    description:
      - Nodes to evict from the node pool, by compute instance ID or name. Drain them first (C(kubectl drain)).
      - Eviction shrinks the node pool by the number of nodes evicted; with O(size), the node pool is scaled
        back to that size afterwards, with new nodes.
      - An action, not a setting. Nodes that are not (or no longer) in the node pool are left out, so a re-run
        evicts nothing and reports no change. RV(evicted) lists the nodes evicted. In check mode nothing is
        evicted.
    type: list
    elements: str
extends_documentation_fragment:
  - managedk8s.clusters.sks
  - managedk8s.clusters.common
  - managedk8s.clusters.wait
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: all
  action_group:
    membership: [managedk8s.clusters.sks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: Create a node pool of three medium nodes
  managedk8s.clusters.sks_nodepool:
    zone: ch-gva-2
    cluster: production
    name: workers
    instance_type: standard.medium
    size: 3
    disk_size: 50
    labels:
      role: worker

- name: Scale the node pool to five nodes and taint it
  managedk8s.clusters.sks_nodepool:
    zone: ch-gva-2
    cluster: production
    name: workers
    size: 5
    taints:
      - key: dedicated
        value: batch
        effect: NoSchedule

- name: Give the nodes IPv6 addresses and collect unused images sooner
  managedk8s.clusters.sks_nodepool:
    zone: ch-gva-2
    cluster: production
    name: workers
    public_ip_assignment: dual
    kubelet_image_gc:
      high_threshold: 75
      low_threshold: 60
      min_age: 5m

- name: Renew two nodes after a Kubernetes upgrade (evict them, then scale back to five with new nodes)
  managedk8s.clusters.sks_nodepool:
    zone: ch-gva-2
    cluster: production
    name: workers
    size: 5
    evict_nodes:
      - pool-1a2b3
      - pool-4c5d6

- name: Delete the node pool
  managedk8s.clusters.sks_nodepool:
    zone: ch-gva-2
    cluster: production
    name: workers
    state: absent
"""

RETURN = r"""
nodepool:
  description: The node pool as it is after the task; empty after a delete.
  returned: always
  type: dict
  contains:
    id:
      description: ID of the node pool.
      type: str
      sample: 2b0f5c0d-4c8e-4e6c-9f4a-0d2d3c1c9b1e
    name:
      description: Name of the node pool.
      type: str
      sample: workers
    description:
      description: Description of the node pool.
      type: str
      sample: ""
    instance_type:
      description: ID of the instance type of the nodes.
      type: str
      sample: b6e9d1e8-89fc-4db3-aaa4-9b4c5b1d0844
    size:
      description: Number of nodes.
      type: int
      sample: 3
    disk_size:
      description: Disk size of each node in GiB.
      type: int
      sample: 50
    labels:
      description: Labels of the node pool.
      type: dict
      sample: {"role": "worker"}
    taints:
      description: Taints of the nodes, sorted by key.
      type: list
      elements: dict
      sample: [{"key": "dedicated", "value": "batch", "effect": "NoSchedule"}]
    security_groups:
      description: IDs of the security groups, sorted.
      type: list
      elements: str
      sample: []
    anti_affinity_groups:
      description: IDs of the anti-affinity groups, sorted.
      type: list
      elements: str
      sample: []
    private_networks:
      description: IDs of the private networks, sorted.
      type: list
      elements: str
      sample: []
    instance_prefix:
      description: Prefix of the names of the nodes' instances.
      type: str
      sample: pool
    state:
      description: State of the node pool (creating, running, scaling, updating, deleting, error, ...).
      type: str
      sample: running
    version:
      description: Kubernetes version of the nodes.
      type: str
      sample: 1.33.2
    created_at:
      description: When the node pool was created.
      type: str
      sample: "2024-05-01T10:00:00.000Z"
    cluster_id:
      description: ID of the cluster.
      type: str
      sample: 8561ee34-09f0-42da-a765-abde807f944b
    cluster_name:
      description: Name of the cluster.
      type: str
      sample: production
    public_ip_assignment:
      description: Public IP addresses of the nodes (V(inet4) or V(dual)).
      type: str
      sample: inet4
    kubelet_image_gc:
      description: Image garbage collection settings of the kubelet.
      type: dict
      sample: {"high_threshold": 85, "low_threshold": 80, "min_age": "2m"}
    deploy_target:
      description: ID of the deploy target of the nodes, V("") when none.
      type: str
      sample: ""
    instance_pool_id:
      description: ID of the instance pool that runs the nodes.
      type: str
      sample: 6a4e6ad2-3f34-4b37-a1df-1a3fd8a3f8b5
    template_id:
      description: ID of the template of the nodes.
      type: str
      sample: 1f7ac0b2-2b3b-4c5d-8e9f-0a1b2c3d4e5f
    zone:
      description: Zone of the cluster.
      type: str
      sample: ch-gva-2
evicted:
  description: The nodes evicted (in check mode, to be evicted); empty when none of O(evict_nodes) was in the node pool.
  returned: when O(evict_nodes) is given
  type: list
  elements: dict
  sample: [{"id": "4f1c0a43-1d64-4c0b-8a0e-0b1c2d3e4f50", "name": "pool-1a2b3"}]
diff:
  description: The managed options before and after the task (shown with C(--diff)).
  returned: always
  type: dict
  sample: {"before": {"size": 3}, "after": {"size": 5}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.model import PUBLIC_IP_ASSIGNMENTS, TAINT_EFFECTS


def argument_spec():
    return {
        "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
        "cluster": {"type": "str", "required": True},
        "name": {"type": "str", "required": True},
        "description": {"type": "str"},
        "instance_type": {"type": "str"},
        "size": {"type": "int"},
        "disk_size": {"type": "int"},
        "labels": {"type": "dict"},
        "taints": {
            "type": "list",
            "elements": "dict",
            "options": {
                "key": {"type": "str", "required": True, "no_log": False},
                "value": {"type": "str", "required": True},
                "effect": {"type": "str", "required": True, "choices": list(TAINT_EFFECTS)},
            },
        },
        "security_groups": {"type": "list", "elements": "str"},
        "anti_affinity_groups": {"type": "list", "elements": "str"},
        "private_networks": {"type": "list", "elements": "str"},
        "instance_prefix": {"type": "str"},
        "public_ip_assignment": {"type": "str", "choices": list(PUBLIC_IP_ASSIGNMENTS)},
        "kubelet_image_gc": {
            "type": "dict",
            "options": {
                "high_threshold": {"type": "int"},
                "low_threshold": {"type": "int"},
                "min_age": {"type": "str"},
            },
        },
        "deploy_target": {"type": "str"},
        "evict_nodes": {"type": "list", "elements": "str"},
    }


def main():
    module = cloud_module(CLOUD, argument_spec(), wait=True)
    run(module, tasks.nodepool)


if __name__ == "__main__":
    main()
