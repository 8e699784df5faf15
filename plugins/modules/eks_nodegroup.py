#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: eks_nodegroup
short_description: Create, update, upgrade and delete Amazon EKS managed node groups
version_added: 0.1.0
description:
  - Creates, updates, upgrades and deletes a managed node group of an Amazon EKS cluster, found by its O(name) in
    the cluster O(cluster_name).
  - With O(wait=true) the module waits until the node group is C(ACTIVE) or C(DEGRADED) (or gone, after a delete)
    and fails at once when it turns C(CREATE_FAILED) or C(DELETE_FAILED), with its health issues.
  - A C(DEGRADED) node group (for example instances that fail to launch) is settled, as for botocore's
    C(NodegroupActive) waiter; the module warns with its health issues and still updates it, since scaling or a
    new launch template version is often the fix.
  - On an existing node group, O(scaling_config), O(update_config), O(labels) and O(taints) change through one
    configuration update, and O(version), O(release_version) and O(launch_template) C(version) through one version
    update; each update is followed with DescribeUpdate until it succeeds. O(tags) change with the tagging API.
  - O(node_role), O(subnets), O(disk_size), O(instance_types), O(ami_type), O(remote_access), O(capacity_type) and
    the launch template's C(id) or C(name) cannot change, and a version cannot go down; the module refuses these,
    listing the differences, before any change.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  state:
    description:
      - V(present) creates the node group or brings it to the options given; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - Name of the node group, unique in the cluster; 1 to 63 letters, digits, V(-) and V(_), starting with a letter
        or a digit.
    type: str
    required: true
  cluster_name:
    aliases: [cluster]
    description:
      - Name of the EKS cluster of the node group. The cluster must be C(ACTIVE) to create a node group.
    type: str
    required: true
  node_role:
    description:
      - ARN of the IAM role of the nodes. Required to create the node group; cannot change afterwards.
    type: str
  subnets:
    description:
      - IDs of the subnets of the nodes. Required to create the node group; cannot change afterwards.
    type: list
    elements: str
  scaling_config:
    description:
      - Size of the node group's Auto Scaling group. Only the sizes given are managed.
      - EKS defaults to a minimum of 1, a maximum of 2 and a desired size of 2.
    type: dict
    suboptions:
      min_size:
        description: Minimum number of nodes, 0 or more.
        type: int
      max_size:
        description: Maximum number of nodes, 1 or more.
        type: int
      desired_size:
        description: Number of nodes the group should have, between O(scaling_config.min_size) and O(scaling_config.max_size).
        type: int
  disk_size:
    description:
      - Root volume size of the nodes in GiB (EKS defaults to 20). Not with O(launch_template).
    type: int
  instance_types:
    description:
      - EC2 instance types of the nodes (EKS defaults to V(t3.medium)).
    type: list
    elements: str
  ami_type:
    description:
      - AMI type of the nodes. Not with O(launch_template) when the template names an AMI (use V(CUSTOM)).
    type: str
    choices: [AL2_x86_64, AL2_x86_64_GPU, AL2_ARM_64, CUSTOM, BOTTLEROCKET_ARM_64, BOTTLEROCKET_x86_64,
              BOTTLEROCKET_ARM_64_FIPS, BOTTLEROCKET_x86_64_FIPS, BOTTLEROCKET_ARM_64_NVIDIA, BOTTLEROCKET_x86_64_NVIDIA,
              BOTTLEROCKET_ARM_64_NVIDIA_FIPS, BOTTLEROCKET_x86_64_NVIDIA_FIPS, WINDOWS_CORE_2019_x86_64,
              WINDOWS_FULL_2019_x86_64, WINDOWS_CORE_2022_x86_64, WINDOWS_FULL_2022_x86_64, WINDOWS_CORE_2025_x86_64,
              WINDOWS_FULL_2025_x86_64, AL2023_x86_64_STANDARD, AL2023_ARM_64_STANDARD, AL2023_x86_64_NEURON,
              AL2023_x86_64_NVIDIA, AL2023_ARM_64_NVIDIA]
  remote_access:
    description:
      - SSH access to the nodes. Not with O(launch_template).
    type: dict
    suboptions:
      ec2_ssh_key:
        description: Name of the EC2 key pair allowed to log in to the nodes.
        type: str
      source_sg:
        description: IDs of the security groups allowed to reach the nodes on port 22.
        type: list
        elements: str
  update_config:
    description:
      - How a version update replaces the nodes; give at most one of O(update_config.max_unavailable) and
        O(update_config.max_unavailable_percentage).
      - The suboptions given change; the others keep their values (giving one of the two maximums replaces the
        other).
    type: dict
    suboptions:
      max_unavailable:
        description: Number of nodes, 1 or more.
        type: int
      max_unavailable_percentage:
        description: Percentage of nodes, 1 to 100.
        type: int
      update_strategy:
        description:
          - V(DEFAULT) launches the new nodes before terminating the old ones (with EKS's guardrails); V(MINIMAL)
            terminates the old nodes first, for capacity-constrained node groups (GPUs, capacity blocks).
          - EKS uses V(DEFAULT) when it is not set.
        type: str
        choices: [DEFAULT, MINIMAL]
  node_repair_config:
    description:
      - Node auto repair, which replaces nodes EKS finds unhealthy. EKS leaves it disabled by default.
      - When not set, it is not managed.
    type: dict
    suboptions:
      enabled:
        description: Whether node auto repair is enabled.
        type: bool
        required: true
  force:
    description:
      - Send the version update (O(version), O(release_version) or O(launch_template.version)) with C(force), so
        that EKS replaces the nodes even when pods cannot be drained because of a pod disruption budget.
      - This is not a setting of the node group, only how this task's version update runs.
    type: bool
    default: false
  labels:
    description:
      - Kubernetes labels of the nodes. The nodes get exactly these labels.
    type: dict
  taints:
    description:
      - Kubernetes taints of the nodes. The nodes get exactly these taints, in any order.
    type: list
    elements: dict
    suboptions:
      key:
        description: Key of the taint, 1 to 63 characters.
        type: str
        required: true
      value:
        description: Value of the taint, at most 63 characters.
        type: str
      effect:
        description: Effect of the taint.
        type: str
        required: true
        choices: [NO_SCHEDULE, NO_EXECUTE, PREFER_NO_SCHEDULE]
  launch_template:
    description:
      - EC2 launch template of the nodes, by C(id) or by C(name), not both (EKS accepts one of them). Only its
        C(version) can change afterwards.
    type: dict
    suboptions:
      id:
        description: ID of the launch template.
        type: str
      name:
        description: Name of the launch template.
        type: str
      version:
        description: Version of the launch template (the template's default version when not set).
        type: str
  capacity_type:
    description:
      - Capacity type of the nodes (EKS defaults to V(ON_DEMAND)). Cannot change afterwards.
    type: str
    choices: [ON_DEMAND, SPOT, CAPACITY_BLOCK]
  version:
    aliases: [kubernetes_version]
    description:
      - Kubernetes minor version of the nodes, at most the cluster's (the cluster's when not set at creation).
      - A newer version upgrades the nodes; a version cannot go down.
    type: str
  release_version:
    description:
      - Version of the EKS-optimized AMI, such as V(1.31.7-20250505); a different one updates the nodes.
    type: str
  tags:
    description:
      - Tags of the node group, a dictionary of strings. When not set, the tags are not managed.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Whether to remove the tags that O(tags) does not list. With V(false), O(tags) are added or updated only.
      - Tags whose key starts with V(aws:) (set by AWS, for example by CloudFormation) are never removed; EKS
        refuses to remove them.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most, in all, for the creation, the updates or the deletion.
    type: int
    default: 1800
notes:
  - With O(wait=false), the module still follows the configuration update when a version update comes after it,
    because EKS runs one update at a time; it returns as soon as the last update has started.
extends_documentation_fragment:
  - managedk8s.clusters.eks
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
    membership: [managedk8s.clusters.eks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: Create a node group of three nodes
  managedk8s.clusters.eks_nodegroup:
    region: eu-west-1
    cluster_name: production
    name: workers
    node_role: arn:aws:iam::123456789012:role/eks-node-role
    subnets:
      - subnet-0a1b2c3d4e5f60718
      - subnet-0f1e2d3c4b5a69788
    instance_types: [m6i.large]
    ami_type: AL2023_x86_64_STANDARD
    scaling_config:
      min_size: 1
      max_size: 5
      desired_size: 3
    labels:
      role: worker
    taints:
      - key: dedicated
        value: batch
        effect: NO_SCHEDULE
    tags:
      team: platform

- name: Scale it and upgrade the nodes to the cluster's new version
  managedk8s.clusters.eks_nodegroup:
    region: eu-west-1
    cluster_name: production
    name: workers
    scaling_config:
      desired_size: 4
    version: "1.32"

- name: Delete the node group
  managedk8s.clusters.eks_nodegroup:
    region: eu-west-1
    cluster_name: production
    name: workers
    state: absent
"""

RETURN = r"""
nodegroup:
  description: The node group as it is after the task; empty after a delete. In check mode, the options it would have.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the node group.
      type: str
      sample: workers
    cluster_name:
      description: Name of the cluster.
      type: str
      sample: production
    arn:
      description: ARN of the node group (the one to tag).
      type: str
      sample: arn:aws:eks:eu-west-1:123456789012:nodegroup/production/workers/4ec1b2a6-2d7f-4c4e-8d5e-0f6e3b0c9a1d
    status:
      description: Status (CREATING, ACTIVE, UPDATING, DELETING, CREATE_FAILED, DELETE_FAILED, DEGRADED).
      type: str
      sample: ACTIVE
    version:
      description: Kubernetes minor version of the nodes.
      type: str
      sample: "1.31"
    release_version:
      description: Version of the EKS-optimized AMI.
      type: str
      sample: 1.31.7-20250505
    node_role:
      description: ARN of the nodes' IAM role.
      type: str
      sample: arn:aws:iam::123456789012:role/eks-node-role
    subnets:
      description: IDs of the nodes' subnets.
      type: list
      elements: str
      sample: ["subnet-0a1b2c3d4e5f60718"]
    scaling_config:
      description: Sizes of the node group (min_size, max_size, desired_size).
      type: dict
      sample: {"min_size": 1, "max_size": 5, "desired_size": 3}
    update_config:
      description: How version updates replace nodes (max_unavailable or max_unavailable_percentage, update_strategy).
      type: dict
      sample: {"max_unavailable": 1, "update_strategy": "DEFAULT"}
    node_repair_config:
      description: Node auto repair (enabled).
      type: dict
      sample: {"enabled": false}
    disk_size:
      description: Root volume size in GiB (null with a launch template).
      type: int
      sample: 20
    instance_types:
      description: EC2 instance types.
      type: list
      elements: str
      sample: ["m6i.large"]
    ami_type:
      description: AMI type.
      type: str
      sample: AL2023_x86_64_STANDARD
    capacity_type:
      description: Capacity type.
      type: str
      sample: ON_DEMAND
    remote_access:
      description: SSH access (ec2_ssh_key, source_sg), or null.
      type: dict
      sample: null
    launch_template:
      description: Launch template (id, name, version), or null.
      type: dict
      sample: null
    labels:
      description: Kubernetes labels of the nodes.
      type: dict
      sample: {"role": "worker"}
    taints:
      description: Kubernetes taints of the nodes (key, value, effect).
      type: list
      elements: dict
      sample: [{"key": "dedicated", "value": "batch", "effect": "NO_SCHEDULE"}]
    tags:
      description: Tags of the node group.
      type: dict
      sample: {"team": "platform"}
    autoscaling_groups:
      description: Names of the node group's Auto Scaling groups.
      type: list
      elements: str
      sample: ["eks-workers-4ec1b2a6-2d7f-4c4e-8d5e-0f6e3b0c9a1d"]
    remote_access_security_group:
      description: ID of the security group EKS made for SSH access, if any.
      type: str
      sample: null
    created_at:
      description: When the node group was created (ISO 8601, UTC).
      type: str
      sample: "2025-05-01T10:20:00.456000+00:00"
    modified_at:
      description: When the node group last changed (ISO 8601, UTC).
      type: str
      sample: "2025-05-01T10:25:00.789000+00:00"
    health_issues:
      description: Health issues EKS reports for the node group (code, message, resource_ids).
      type: list
      elements: dict
      sample: []
updates:
  description:
    - The changes made to an existing node group, in order (C(TagUpdate), C(ConfigUpdate), C(VersionUpdate)), with
      the EKS update's ID, final status, parameters and errors.
    - In check mode, the changes that would be made, with status V(planned).
  returned: always
  type: list
  elements: dict
  sample: [{"id": "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "type": "ConfigUpdate", "status": "Successful",
            "params": {"DesiredSize": "4"}, "errors": []}]
diff:
  description: The managed options before and after the task (shown with C(--diff)).
  returned: always
  type: dict
  sample: {"before": {"scaling_config": {"desired_size": 3}}, "after": {"scaling_config": {"desired_size": 4}}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import wait_argument_spec
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.model import (
    AMI_TYPES,
    CAPACITY_TYPES,
    TAINT_EFFECTS,
    UPDATE_STRATEGIES,
)


def argument_spec():
    spec = wait_argument_spec(default_timeout=1800)
    spec.update(
        {
            "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
            "name": {"type": "str", "required": True},
            "cluster_name": {"type": "str", "aliases": ["cluster"], "required": True},
            "node_role": {"type": "str"},
            "subnets": {"type": "list", "elements": "str"},
            "scaling_config": {
                "type": "dict",
                "options": {
                    "min_size": {"type": "int"},
                    "max_size": {"type": "int"},
                    "desired_size": {"type": "int"},
                },
            },
            "disk_size": {"type": "int"},
            "instance_types": {"type": "list", "elements": "str"},
            "ami_type": {"type": "str", "choices": list(AMI_TYPES)},
            "remote_access": {
                "type": "dict",
                "options": {
                    "ec2_ssh_key": {"type": "str", "no_log": False},
                    "source_sg": {"type": "list", "elements": "str"},
                },
            },
            "update_config": {
                "type": "dict",
                "mutually_exclusive": [["max_unavailable", "max_unavailable_percentage"]],
                "options": {
                    "max_unavailable": {"type": "int"},
                    "max_unavailable_percentage": {"type": "int"},
                    "update_strategy": {"type": "str", "choices": list(UPDATE_STRATEGIES)},
                },
            },
            "node_repair_config": {"type": "dict", "options": {"enabled": {"type": "bool", "required": True}}},
            "force": {"type": "bool", "default": False},
            "labels": {"type": "dict"},
            "taints": {
                "type": "list",
                "elements": "dict",
                "options": {
                    "key": {"type": "str", "required": True, "no_log": False},
                    "value": {"type": "str"},
                    "effect": {"type": "str", "required": True, "choices": list(TAINT_EFFECTS)},
                },
            },
            "launch_template": {
                "type": "dict",
                "options": {
                    "id": {"type": "str"},
                    "name": {"type": "str"},
                    "version": {"type": "str"},
                },
            },
            "capacity_type": {"type": "str", "choices": list(CAPACITY_TYPES)},
            "version": {"type": "str", "aliases": ["kubernetes_version"]},
            "release_version": {"type": "str"},
            "tags": {"type": "dict", "aliases": ["resource_tags"]},
            "purge_tags": {"type": "bool", "default": True},
        }
    )
    return spec


def main():
    module = cloud_module(
        CLOUD,
        argument_spec(),
        mutually_exclusive=[["launch_template", "disk_size"], ["launch_template", "remote_access"]],
    )
    run(module, tasks.nodegroup)


if __name__ == "__main__":
    main()
