#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ske_cluster
short_description: Create, update and delete Samsung Cloud Platform SKE clusters
version_added: 0.1.0
description:
  - Creates a Samsung Cloud Platform Kubernetes Engine (SKE) cluster (C(POST /v1/clusters)) and waits until it is
    C(RUNNING); deletes it (C(DELETE /v1/clusters/{cluster_id})) and waits until it is gone.
  - The cluster is found by O(cluster_id), else by O(name), which must then match at most one cluster.
  - An existing cluster is compared with the options. O(cloud_logging_enabled), O(security_group_id_list),
    O(public_endpoint_access_control_ip) and O(private_endpoint_access_control_resources) are changed in place, and
    a newer O(kubernetes_version) upgrades the control plane (C(PUT /v1/clusters/{cluster_id}/upgrade)), one minor
    version at a time; the other options can only be set at creation, and a difference fails the task without
    changing anything.
  - Each change is waited for until the cluster is C(RUNNING) again before the next one is sent.
  - The create request is not idempotent. When its outcome is unknown (the connection was lost, or the API
    answered 5xx), the module looks the cluster up by name and adopts it if it appeared, before sending it again.
options:
  state:
    description:
      - V(present) creates the cluster if it does not exist and updates what can be updated.
      - V(absent) deletes it; a cluster that does not exist is not an error. The delete is sent in whatever status
        the cluster is, an error status included (only a creation or update under way is let finish first), and
        the wait that follows goes on through any status until the cluster is gone, as the vendor's Terraform
        provider does.
    type: str
    choices: [present, absent]
    default: present
  cluster_id:
    description:
      - Id of an existing cluster (32 lowercase hexadecimal digits). With O(state=present) it must exist.
    type: str
  name:
    description:
      - Name of the cluster, 3 to 30 characters matching C(^[a-z][a-z0-9-]*[a-z0-9]$).
      - Required to create a cluster. Set at creation only.
    type: str
  kubernetes_version:
    aliases: [version]
    description:
      - Kubernetes version of the control plane, such as V(v1.31.8). Required to create a cluster.
      - A newer version upgrades the control plane. SKE upgrades one minor version at a time, so the module goes
        through the newest version on offer (C(GET /v1/kubernetes-versions)) of each minor version in between,
        waiting for the cluster to be C(RUNNING) after each step. A version that is not on offer, older than the
        cluster's, or that cannot be reached through the versions on offer fails the task before any change.
      - The node pools keep their version; upgrade them afterwards with M(managedk8s.clusters.ske_nodepool).
    type: str
  vpc_id:
    description:
      - VPC of the cluster. Required to create a cluster; set at creation only.
    type: str
  subnet_id:
    description:
      - Subnet of the control plane. Required to create a cluster; set at creation only.
    type: str
  volume_id:
    description:
      - File storage volume of the cluster. Required to create a cluster; set at creation only.
    type: str
  security_group_id_list:
    description:
      - Security groups of the cluster, at least one. Required to create a cluster; changed in place (order does
        not matter).
    type: list
    elements: str
  cloud_logging_enabled:
    description:
      - Whether to send the control plane logs to Cloud Logging. Changed in place. Created V(false) when not set.
    type: bool
  service_watch_logging_enabled:
    description:
      - Whether to send the control plane logs to ServiceWatch (API version 1.1 and later). Set at creation only;
        created V(false) when not set.
    type: bool
  public_endpoint_access_control_ip:
    description:
      - Gives the cluster a public endpoint, reachable from these addresses (an IP address or CIDR block, several
        separated by commas). Without it the cluster only has a private endpoint and no public kubeconfig.
      - Changed in place (C(PUT /v1/clusters/{cluster_id}/public-access-control)).
    type: str
  private_endpoint_access_control_resources:
    description:
      - The resources allowed to reach the private endpoint. Changed in place
        (C(PUT /v1/clusters/{cluster_id}/private-access-control)); order does not matter; an empty list allows none.
    type: list
    elements: dict
    suboptions:
      id:
        description: Id of the resource.
        type: str
        required: true
      name:
        description: Name of the resource.
        type: str
        required: true
      type:
        description: Type of the resource, as Samsung Cloud Platform names it.
        type: str
        required: true
  tags:
    description:
      - Tags to put on the cluster, as a dictionary of key and value.
      - Sent with the create request only. SKE does not return tags with the cluster, so they are not compared
        afterwards; manage later changes with the Samsung Cloud Platform tag service.
    type: dict
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
  - Finding a cluster by name takes two reads (the list, which only has summaries, then the cluster itself);
    by O(cluster_id), one.
author:
  - managedk8s.clusters contributors (@managedk8s)
"""

EXAMPLES = r"""
- name: A cluster with a public endpoint for the office
  managedk8s.clusters.ske_cluster:
    endpoint: https://ske.kr-west1.e.samsungsdscloud.com
    name: web-prod
    kubernetes_version: v1.31.8
    vpc_id: 7a1f2c3d4e5f60718293a4b5c6d7e8f9
    subnet_id: 0a1b2c3d4e5f60718293a4b5c6d7e8f9
    volume_id: 1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809
    security_group_id_list:
      - 852ecca3-7252-44a9-9582-967745ae338c
    cloud_logging_enabled: true
    public_endpoint_access_control_ip: 203.0.113.0/24
    tags:
      team: web
  register: web_prod

- name: Turn cloud logging off
  managedk8s.clusters.ske_cluster:
    cluster_id: "{{ web_prod.cluster.id }}"
    cloud_logging_enabled: false

- name: Upgrade the control plane (through v1.32 if it is at v1.31) and open the public endpoint to a second range
  managedk8s.clusters.ske_cluster:
    name: web-prod
    kubernetes_version: v1.33.1
    public_endpoint_access_control_ip: 203.0.113.0/24,198.51.100.0/24

- name: Delete the cluster without waiting for it to be gone
  managedk8s.clusters.ske_cluster:
    name: web-prod
    state: absent
    wait: false
"""

RETURN = r"""
cluster:
  description: The cluster after the change (in check mode, the options that would be applied); empty after a delete.
  returned: always
  type: dict
  contains:
    id:
      description: Cluster id.
      type: str
      sample: 70a599e031e749b7b260868f441e862b
    name:
      description: Cluster name.
      type: str
      sample: web-prod
    status:
      description: C(CREATING), C(RUNNING), C(UPDATING) or C(DELETING).
      type: str
      sample: RUNNING
    kubernetes_version:
      description: Kubernetes version of the control plane.
      type: str
      sample: v1.31.8
    vpc_id:
      description: VPC of the cluster.
      type: str
      sample: "7a1f2c3d4e5f60718293a4b5c6d7e8f9"
    subnet_id:
      description: Subnet of the control plane.
      type: str
      sample: "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
    volume_id:
      description: File storage volume.
      type: str
      sample: "1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809"
    security_group_id_list:
      description: Security groups.
      type: list
      elements: str
      sample: ["852ecca3-7252-44a9-9582-967745ae338c"]
    cloud_logging_enabled:
      description: Whether cloud logging is on.
      type: bool
      sample: false
    service_watch_logging_enabled:
      description: Whether ServiceWatch logging is on.
      type: bool
      sample: false
    public_endpoint_access_control_ip:
      description: Addresses allowed to reach the public endpoint.
      type: str
      sample: "203.0.113.0/24"
    private_endpoint_access_control_resources:
      description: Resources allowed to reach the private endpoint (id, name, type).
      type: list
      elements: dict
      sample: [{"id": "4e1f2c3d4e5f60718293a4b5c6d7e8f9", "name": "bastion", "type": "vm"}]
    private_endpoint_url:
      description: URL of the private Kubernetes API endpoint.
      type: str
      sample: https://web-prod-1a2b3c.private.ske.example:6443
    public_endpoint_url:
      description: URL of the public Kubernetes API endpoint, when there is one.
      type: str
      sample: "https://203.0.113.20:6443"
    account_id:
      description: Account owning the cluster.
      type: str
      sample: "3c1b2a4d5e6f708192a3b4c5d6e7f809"
    cluster_namespace:
      description: Namespace of the cluster in SKE.
      type: str
      sample: "web-prod-ns"
    created_at:
      description: Creation time.
      type: str
      sample: "2026-05-04T09:12:33Z"
    modified_at:
      description: Last change.
      type: str
      sample: "2026-05-04T09:31:02Z"
    node_count:
      description: Number of nodes.
      type: int
      sample: 3
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
        cluster_id=dict(type="str"),
        name=dict(type="str"),
        kubernetes_version=dict(type="str", aliases=["version"]),
        vpc_id=dict(type="str"),
        subnet_id=dict(type="str"),
        volume_id=dict(type="str"),
        security_group_id_list=dict(type="list", elements="str"),
        cloud_logging_enabled=dict(type="bool"),
        service_watch_logging_enabled=dict(type="bool"),
        public_endpoint_access_control_ip=dict(type="str"),
        private_endpoint_access_control_resources=dict(
            type="list",
            elements="dict",
            options=dict(
                id=dict(type="str", required=True),
                name=dict(type="str", required=True),
                type=dict(type="str", required=True),
            ),
        ),
        tags=dict(type="dict"),
    )


def main():
    module = cloud_module(CLOUD, argument_spec(), wait=True)
    run(module, tasks.cluster)


if __name__ == "__main__":
    main()
