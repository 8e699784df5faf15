#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: oks_nodepool
short_description: Create, scale, update and delete the node pools of an OUTSCALE OKS cluster
version_added: 0.1.0
description:
  - An OKS node pool is a Kubernetes object inside the cluster (C(apiVersion oks.dev/v1beta2), C(kind NodePool),
    cluster-scoped), as the vendor's C(oks-cli cluster nodepool create) applies it with C(kubectl). This module
    talks to the cluster's Kubernetes API itself (no C(kubectl) needed), with a short-lived kubeconfig (one hour) it
    fetches through the OKS API for the task only, encrypted in transit with O(encrypt=true), never written to disk
    nor shown; or with the kubeconfig file given in O(kubeconfig). TLS is verified with the kubeconfig's certificate
    authority.
  - A new pool is the OKS node pool template (C(GET /templates/nodepool)) filled with the options given, as
    C(oks-cli) fills it; with O(kubeconfig) (no OKS API call) the Kubernetes API's own defaults apply instead.
  - O(desired_nodes), O(min_nodes), O(max_nodes), O(autoscaling), O(auto_healing), O(upgrade_strategy) and
    O(node_labels) change in place (a JSON merge patch of the object). O(node_type), O(zones) and O(volumes) shape
    the VMs of the pool's nodes and are refused on an existing pool before any change, all together in one
    message; delete and re-create the pool to change them.
  - With O(wait=true) the module waits until every wanted node is ready (C(status.progress.ready) equals
    C(spec.desiredNodes)) after a create or a change, and until the object is gone after a delete (its nodes are
    drained first); the cluster must be V(ready) to fetch its kubeconfig, which the module waits for too.
  - A pool that is being deleted cannot be created again until it is gone; the module says so.
author:
  - managedk8s.clusters contributors (@managedk8s)
requirements:
  - PyNaCl, when O(encrypt=true) and O(kubeconfig) is not given
  - PyYAML
options:
  state:
    description:
      - Whether the node pool should exist.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - Name of the node pool (a Kubernetes object name, unique in the cluster).
    type: str
    required: true
  cluster_id:
    description:
      - ID of the cluster. Otherwise give O(cluster_name) and O(project_id) or O(project_name).
    type: str
  cluster_name:
    aliases: [cluster]
    description:
      - Name of the cluster in its project.
    type: str
  project_id:
    description:
      - ID of the project of the cluster named O(cluster_name).
    type: str
  project_name:
    description:
      - Name of the project of the cluster named O(cluster_name).
    type: str
  kubeconfig:
    description:
      - Path of a kubeconfig of the cluster (its current context is used). The module then makes no OKS API call,
        so it needs no OKS credentials, and the cluster options only label the result.
    type: path
  encrypt:
    description:
      - Whether the kubeconfig the module fetches travels encrypted for a key pair made for this task (NaCl sealed
        box), as with M(managedk8s.clusters.oks_kubeconfig).
    type: bool
    default: true
  desired_nodes:
    description:
      - How many nodes the pool has (C(spec.desiredNodes)), from 0 to 5000.
      - The template's count (2) when the pool is created without it.
    type: int
  node_type:
    description:
      - VM type of the nodes (C(spec.nodeType)), for example V(tinav6.c2r4p3). Set at creation only.
    type: str
  zones:
    description:
      - Subregions of the nodes (C(spec.zones)), for example V(eu-west-2a). Set at creation only.
      - Required to create a pool when the template gives none.
    type: list
    elements: str
  volumes:
    description:
      - Volumes of every node (C(spec.volumes)); the root volume is the one with O(volumes[].device=root) and
        O(volumes[].dir=/). Set at creation only.
    type: list
    elements: dict
    suboptions:
      device:
        description:
          - V(root), or a device name C(sdX) or C(xvdX), for example V(xvdb).
        type: str
      dir:
        description:
          - Where the volume is mounted; V(/) for the root device, and only for it.
        type: str
        required: true
      type:
        description:
          - Volume type.
        type: str
        choices: [gp2, io1, standard]
        required: true
      size:
        description:
          - Size in GiB, from 1 to 14900 (4 at least for V(io1)).
        type: int
        required: true
      iops:
        description:
          - IOPS of an V(io1) volume, at most 13000 and 300 per GiB; 0 for the other types.
        type: int
      snapshot:
        description:
          - ID of a snapshot to make the volume from (not for the root device).
        type: str
  upgrade_strategy:
    description:
      - How the pool's nodes are upgraded (C(spec.upgradeStrategy)). The keys given change; the others keep their
        values.
    type: dict
    suboptions:
      max_unavailable:
        description:
          - How many nodes may be unavailable at once during an upgrade.
        type: int
      max_surge:
        description:
          - How many extra nodes may be made during an upgrade.
        type: int
      auto_upgrade_enabled:
        description:
          - Whether the nodes are upgraded automatically in the maintenance window.
        type: bool
      auto_upgrade_maintenance:
        description:
          - The maintenance window of the automatic upgrades.
        type: dict
        suboptions:
          duration_hours:
            description:
              - Length of the window in hours, from 1 to 24.
            type: int
          start_hour:
            description:
              - Hour the window starts, from 0 to 23.
            type: int
          week_day:
            description:
              - Day of the window.
            type: str
            choices: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]
  auto_healing:
    description:
      - Whether unhealthy nodes are replaced automatically (C(spec.autoHealing)).
    type: bool
  autoscaling:
    description:
      - Whether the pool scales between O(min_nodes) and O(max_nodes) (C(spec.autoscaling)). It needs O(max_nodes)
        above 0, one subregion at most and no volume besides the root device.
    type: bool
  min_nodes:
    description:
      - Least number of nodes (C(spec.minNodes)), at most O(desired_nodes).
    type: int
  max_nodes:
    description:
      - Largest number of nodes (C(spec.maxNodes)), at least O(desired_nodes); V(0) means no maximum.
    type: int
  node_labels:
    description:
      - Kubernetes labels of the pool's nodes (C(spec.nodeLabels)). When given, exactly these labels are set (the
        others are removed).
    type: dict
  wait_timeout:
    description:
      - How many seconds to wait at most when O(wait=true) (for the cluster to be ready, then for the nodes).
    type: int
    default: 1200
extends_documentation_fragment:
  - managedk8s.clusters.oks
  - managedk8s.clusters.common
  - managedk8s.clusters.wait
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: The node pool is read through the cluster's Kubernetes API (a kubeconfig is fetched for it); nothing
      is created, changed or deleted.
  diff_mode:
    support: full
  platform:
    platforms: all
  action_group:
    membership: [managedk8s.clusters.oks, managedk8s.clusters.all]
notes:
  - The C(validate_certs) and C(ca_path) options apply to the OKS API; the cluster's Kubernetes API is always
    verified with the certificate authority of its kubeconfig.
seealso:
  - module: managedk8s.clusters.oks_cluster
  - module: managedk8s.clusters.oks_cluster_info
    description: Lists the node pools of clusters with O(managedk8s.clusters.oks_cluster_info#module:nodepools=true).
"""

EXAMPLES = r"""
- name: Two worker nodes in one subregion
  managedk8s.clusters.oks_nodepool:
    project_name: production
    cluster_name: web
    name: workers
    node_type: tinav6.c2r4p3
    zones: [eu-west-2a]
    desired_nodes: 2

- name: Scale the pool to three nodes, labelled, upgraded on Saturday nights
  managedk8s.clusters.oks_nodepool:
    project_name: production
    cluster_name: web
    name: workers
    desired_nodes: 3
    node_labels:
      role: worker
    upgrade_strategy:
      auto_upgrade_maintenance:
        week_day: Sat
        start_hour: 1

- name: A pool with a bigger root volume and a data volume
  managedk8s.clusters.oks_nodepool:
    project_name: production
    cluster_name: web
    name: storage
    node_type: tinav6.c4r8p2
    zones: [eu-west-2b]
    desired_nodes: 1
    volumes:
      - device: root
        dir: /
        type: gp2
        size: 100
      - device: xvdb
        dir: /var/lib/longhorn
        type: gp2
        size: 300

- name: Delete a pool (its nodes are drained first)
  managedk8s.clusters.oks_nodepool:
    project_name: production
    cluster_name: web
    name: storage
    state: absent
"""

RETURN = r"""
nodepool:
  description: The node pool in option names, with its status; empty after a delete.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the node pool.
      type: str
      sample: workers
    cluster_id:
      description: ID of the cluster (null when only O(kubeconfig) named it).
      type: str
      sample: 9b5c2fd0-5d0a-4f6b-8a33-1e1c0b7c9a61
    desired_nodes:
      description: How many nodes the pool should have.
      type: int
      sample: 2
    node_type:
      description: VM type of the nodes.
      type: str
      sample: tinav6.c2r4p3
    zones:
      description: Subregions of the nodes.
      type: list
      elements: str
      sample: [eu-west-2a]
    volumes:
      description: Volumes of every node.
      type: list
      elements: dict
      sample: [{"device": "root", "dir": "/", "type": "gp2", "size": 50, "iops": 0}]
    upgrade_strategy:
      description: How the nodes are upgraded, in option names (null when the object has none).
      type: dict
      sample: {"max_unavailable": 1, "max_surge": 0, "auto_upgrade_enabled": true,
               "auto_upgrade_maintenance": {"duration_hours": 1, "start_hour": 12, "week_day": "Tue"}}
    auto_healing:
      description: Whether unhealthy nodes are replaced automatically.
      type: bool
      sample: true
    autoscaling:
      description: Whether the pool scales between min_nodes and max_nodes.
      type: bool
      sample: false
    min_nodes:
      description: Least number of nodes.
      type: int
      sample: 0
    max_nodes:
      description: Largest number of nodes (0, no maximum).
      type: int
      sample: 0
    node_labels:
      description: Kubernetes labels of the nodes.
      type: dict
      sample: {"role": "worker"}
    status:
      description: The pool's state as the API reports it (C(status.state.name)), such as V(idle) or V(reconciliation).
      type: str
      sample: idle
    progress:
      description: The pool's node counts (C(status.progress)).
      type: dict
      sample: {"attached": 2, "pending": 0, "ready": 2, "running": 2, "shutting_down": 0, "stopped": 0,
               "stopping": 0}
    nodes_ready:
      description: How many of its nodes are ready.
      type: int
      sample: 2
    last_error:
      description: The last error the pool reported (C(status.last_error.message)), or an empty string.
      type: str
      sample: ""
    deleting:
      description: Whether the pool is being deleted.
      type: bool
      sample: false
    uid:
      description: Kubernetes UID of the object.
      type: str
      sample: 0f0c9d4e-1a63-4d8e-9a43-2f5b7f1c9e11
    generation:
      description: Kubernetes generation of the object (each spec change adds one).
      type: int
      sample: 1
    created_at:
      description: When the object was created.
      type: str
      sample: "2026-01-15T10:30:00Z"
cluster_id:
  description: ID of the cluster of the node pool (null when only O(kubeconfig) named it).
  returned: always
  type: str
  sample: 9b5c2fd0-5d0a-4f6b-8a33-1e1c0b7c9a61
diff:
  description: The node pool's options before and after the task, shown with C(--diff).
  returned: always
  type: dict
  sample: {"before": {"desired_nodes": 2}, "after": {"desired_nodes": 3}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.model import VOLUME_TYPES, WEEK_DAYS


def argument_spec():
    return {
        "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
        "name": {"type": "str", "required": True},
        "cluster_id": {"type": "str"},
        "cluster_name": {"type": "str", "aliases": ["cluster"]},
        "project_id": {"type": "str"},
        "project_name": {"type": "str"},
        "kubeconfig": {"type": "path"},
        "encrypt": {"type": "bool", "default": True},
        "desired_nodes": {"type": "int"},
        "node_type": {"type": "str"},
        "zones": {"type": "list", "elements": "str"},
        "volumes": {
            "type": "list",
            "elements": "dict",
            "options": {
                "device": {"type": "str"},
                "dir": {"type": "str", "required": True},
                "type": {"type": "str", "choices": list(VOLUME_TYPES), "required": True},
                "size": {"type": "int", "required": True},
                "iops": {"type": "int"},
                "snapshot": {"type": "str"},
            },
        },
        "upgrade_strategy": {
            "type": "dict",
            "options": {
                "max_unavailable": {"type": "int"},
                "max_surge": {"type": "int"},
                "auto_upgrade_enabled": {"type": "bool"},
                "auto_upgrade_maintenance": {
                    "type": "dict",
                    "options": {
                        "duration_hours": {"type": "int"},
                        "start_hour": {"type": "int"},
                        "week_day": {"type": "str", "choices": list(WEEK_DAYS)},
                    },
                },
            },
        },
        "auto_healing": {"type": "bool"},
        "autoscaling": {"type": "bool"},
        "min_nodes": {"type": "int"},
        "max_nodes": {"type": "int"},
        "node_labels": {"type": "dict"},
        "wait_timeout": {"type": "int", "default": 1200},
    }


def main():
    module = cloud_module(
        CLOUD,
        argument_spec(),
        wait=True,
        mutually_exclusive=[["project_id", "project_name"], ["cluster_id", "cluster_name"]],
    )
    run(module, tasks.nodepool)


if __name__ == "__main__":
    main()
