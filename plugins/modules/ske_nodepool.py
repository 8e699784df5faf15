#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ske_nodepool
short_description: Create, scale, upgrade and delete Samsung Cloud Platform SKE node pools
version_added: 0.1.0
description:
  - Creates a node pool (worker nodes) in a Samsung Cloud Platform Kubernetes Engine (SKE) cluster
    (C(POST /v1/nodepools)) and waits until it is C(Running); scales it, switches auto scale and auto recovery
    (C(PUT /v1/nodepools/{nodepool_id})), upgrades it to its cluster's Kubernetes version
    (C(PUT /v1/nodepools/{nodepool_id}/upgrade)); deletes it (C(DELETE /v1/nodepools/{nodepool_id})) and waits until
    it is gone.
  - The node pool is found by O(nodepool_id), else by O(name) in the cluster given by O(cluster_id) or
    O(cluster_name), which must then have at most one node pool of that name.
  - The image, server type, volume and key pair are set at creation only; a difference fails the task without
    changing anything.
  - The create request is not idempotent. When its outcome is unknown (the connection was lost, or the API
    answered 5xx), the module looks the node pool up by name and adopts it if it appeared, before sending it again.
options:
  state:
    description:
      - V(present) creates the node pool if it does not exist and changes what can be changed.
      - V(absent) deletes it; a node pool (or cluster) that does not exist is not an error. A scaling or upgrade under
        way is let finish first.
    type: str
    choices: [present, absent]
    default: present
  nodepool_id:
    description:
      - Id of an existing node pool. With O(state=present) it must exist. Finding it takes one read.
    type: str
  cluster_id:
    description:
      - Id of the cluster of the node pool (32 lowercase hexadecimal digits).
    type: str
  cluster_name:
    aliases: [cluster]
    description:
      - Name of the cluster of the node pool, looked up when O(cluster_id) is not given.
    type: str
  name:
    description:
      - Name of the node pool, 3 to 20 characters matching C(^[a-z][a-z0-9-]*[a-z0-9]$). Required to create a node
        pool; set at creation only.
    type: str
  desired_node_count:
    description:
      - Number of nodes, without auto scale. Required to create a node pool with O(auto_scale_enabled=false).
        Changed in place (scaling up or down).
      - Not with O(auto_scale_enabled=true).
    type: int
  auto_scale_enabled:
    description:
      - Whether the cluster autoscaler sets the number of nodes, between O(min_node_count) and O(max_node_count).
        Required to create a node pool. Changed in place.
    type: bool
  min_node_count:
    description:
      - Fewest nodes (1 or more), with O(auto_scale_enabled=true) only. Required to create a node pool with auto
        scale. Changed in place.
    type: int
  max_node_count:
    description:
      - Most nodes, with O(auto_scale_enabled=true) only. Required to create a node pool with auto scale. Changed in
        place.
    type: int
  auto_recovery_enabled:
    description:
      - Whether SKE replaces nodes that fail. Required to create a node pool. Changed in place.
    type: bool
  kubernetes_version:
    aliases: [version]
    description:
      - Kubernetes version of the nodes, such as V(v1.31.8). A node pool is created at its cluster's version, which
        is the default; another version fails the task before any change.
      - A newer version upgrades the node pool, to its cluster's version only (the API's upgrade takes no version), so
        upgrade the cluster first with M(managedk8s.clusters.ske_cluster). The other changes of the same task are
        made before the upgrade.
    type: str
  image_os:
    description:
      - Operating system of the nodes' image, such as V(ubuntu). Required to create a node pool; set at creation only.
    type: str
  image_os_version:
    description:
      - Version of that operating system, such as V(22.04). Required to create a node pool; set at creation only.
    type: str
  custom_image_id:
    description:
      - Id of a custom image (made from a Virtual Server with an SKE image) for the nodes.
      - Sent with the create request only. SKE returns the image's name, not its id, so it is not compared
        afterwards.
    type: str
  server_type_id:
    description:
      - Server type of the nodes. Required to create a node pool; set at creation only.
    type: str
  volume_type_name:
    description:
      - Type of the nodes' block storage, such as V(SSD). Required to create a node pool; set at creation only.
    type: str
  volume_size:
    description:
      - Size of the nodes' block storage, in GB. Required to create a node pool; set at creation only.
    type: int
  keypair_name:
    description:
      - Key pair of the nodes (for SSH access). Required to create a node pool; set at creation only.
    type: str
extends_documentation_fragment:
  - managedk8s.clusters.ske
  - managedk8s.clusters.common
  - managedk8s.clusters.wait
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: In check mode no request that changes anything is sent; the result shows what would change.
  diff_mode:
    support: full
  platform:
    platforms: all
  action_group:
    membership: [managedk8s.clusters.ske, managedk8s.clusters.all]
notes:
  - SKE has no single public endpoint; set O(endpoint) (the vendor pattern is
    C(https://ske.{region}.{env}.samsungsdscloud.com)) or one of the places it describes.
  - The SKE API this module follows (the vendor SDK's C(library/ske/api/openapi.yaml)) has no node labels or taints.
author:
  - managedk8s.clusters contributors (@managedk8s)
"""

EXAMPLES = r"""
- name: Three workers in the cluster web-prod
  managedk8s.clusters.ske_nodepool:
    endpoint: https://ske.kr-west1.e.samsungsdscloud.com
    cluster_name: web-prod
    name: workers
    image_os: ubuntu
    image_os_version: "22.04"
    server_type_id: s1v2m4
    volume_type_name: SSD
    volume_size: 104
    keypair_name: ops
    auto_scale_enabled: false
    desired_node_count: 3
    auto_recovery_enabled: true
  register: workers

- name: Let the autoscaler choose between 2 and 6 nodes
  managedk8s.clusters.ske_nodepool:
    nodepool_id: "{{ workers.nodepool.id }}"
    auto_scale_enabled: true
    min_node_count: 2
    max_node_count: 6

- name: Upgrade the node pool to the cluster's version after the cluster's upgrade
  managedk8s.clusters.ske_nodepool:
    cluster_name: web-prod
    name: workers
    kubernetes_version: v1.32.5

- name: Delete the node pool
  managedk8s.clusters.ske_nodepool:
    cluster_name: web-prod
    name: workers
    state: absent
"""

RETURN = r"""
nodepool:
  description: The node pool after the change (in check mode, the options that would be applied); empty after a delete.
  returned: always
  type: dict
  contains:
    id:
      description: Node pool id.
      type: str
      sample: bdfda539-bd2e-4a5c-9021-ec6d52d1ca79
    name:
      description: Node pool name.
      type: str
      sample: workers
    cluster_id:
      description: Id of the cluster.
      type: str
      sample: 70a599e031e749b7b260868f441e862b
    status:
      description: C(ScalingUp), C(ScalingDown), C(Updating), C(Running) or C(Deleting).
      type: str
      sample: Running
    kubernetes_version:
      description: Kubernetes version of the nodes.
      type: str
      sample: v1.31.8
    desired_node_count:
      description: Number of nodes asked for (with auto scale, the API reports the minimum here).
      type: int
      sample: 3
    current_node_count:
      description: Number of nodes the pool has now.
      type: int
      sample: 3
    min_node_count:
      description: Fewest nodes (without auto scale, the desired count).
      type: int
      sample: 3
    max_node_count:
      description: Most nodes (without auto scale, the desired count).
      type: int
      sample: 3
    auto_scale_enabled:
      description: Whether auto scale is on.
      type: bool
      sample: false
    auto_recovery_enabled:
      description: Whether auto recovery is on.
      type: bool
      sample: true
    image_os:
      description: Operating system of the image.
      type: str
      sample: ubuntu
    image_os_version:
      description: Version of the operating system.
      type: str
      sample: "22.04"
    custom_image_name:
      description: Name of the custom image, when there is one.
      type: str
      sample: my-ske-image
    server_type_id:
      description: Server type of the nodes.
      type: str
      sample: s1v2m4
    volume_type_name:
      description: Type of the block storage.
      type: str
      sample: SSD
    volume_size:
      description: Size of the block storage, in GB.
      type: int
      sample: 104
    keypair_name:
      description: Key pair of the nodes.
      type: str
      sample: ops
    account_id:
      description: Account owning the node pool.
      type: str
      sample: "3c1b2a4d5e6f708192a3b4c5d6e7f809"
    created_at:
      description: Creation time.
      type: str
      sample: "2026-05-04T09:12:33Z"
    modified_at:
      description: Last change.
      type: str
      sample: "2026-05-04T09:31:02Z"
diff:
  description: The compared options before and after.
  returned: always
  type: dict
  contains:
    before:
      description: The options as they were.
      type: dict
    after:
      description: The options as they are (or would be, in check mode).
      type: dict
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.cloud import CLOUD


def argument_spec():
    return dict(
        state=dict(type="str", choices=["present", "absent"], default="present"),
        nodepool_id=dict(type="str"),
        cluster_id=dict(type="str"),
        cluster_name=dict(type="str", aliases=["cluster"]),
        name=dict(type="str"),
        desired_node_count=dict(type="int"),
        auto_scale_enabled=dict(type="bool"),
        min_node_count=dict(type="int"),
        max_node_count=dict(type="int"),
        auto_recovery_enabled=dict(type="bool"),
        kubernetes_version=dict(type="str", aliases=["version"]),
        image_os=dict(type="str"),
        image_os_version=dict(type="str"),
        custom_image_id=dict(type="str"),
        server_type_id=dict(type="str"),
        volume_type_name=dict(type="str"),
        volume_size=dict(type="int"),
        keypair_name=dict(type="str"),
    )


def main():
    module = cloud_module(CLOUD, argument_spec(), wait=True, mutually_exclusive=[["cluster_id", "cluster_name"]])
    run(module, tasks.nodepool)


if __name__ == "__main__":
    main()
