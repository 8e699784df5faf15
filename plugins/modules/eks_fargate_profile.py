#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: eks_fargate_profile
short_description: Create and delete Amazon EKS Fargate profiles
version_added: 0.1.0
description:
  - Creates and deletes a Fargate profile of an Amazon EKS cluster, found by its O(name) in the cluster
    O(cluster_name). Pods matching one of its O(selectors) run on AWS Fargate.
  - EKS Fargate profiles are immutable. On an existing profile, only O(tags) change (through the tagging API); a
    different O(pod_execution_role_arn), O(subnets) or O(selectors) is refused, listing the differences, before any
    change. To change them, create a new profile, then delete the old one.
  - The create request carries one C(clientRequestToken), reused by every retry of that request. With O(wait=true)
    the module waits until the profile is C(ACTIVE) (or, with O(state=absent), gone), and fails at once on
    C(CREATE_FAILED) or C(DELETE_FAILED), as botocore's C(FargateProfileActive) and C(FargateProfileDeleted) waiters
    do.
  - EKS deletes one Fargate profile of a cluster at a time, and a cluster with Fargate profiles cannot be deleted.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  state:
    description:
      - V(present) creates the profile; V(absent) deletes it and, with O(wait=true), waits until EKS no longer knows it.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - Name of the Fargate profile, unique in the cluster.
    type: str
    required: true
  cluster_name:
    aliases: [cluster]
    description:
      - Name of the EKS cluster. It must exist and be C(ACTIVE) to create a profile.
    type: str
    required: true
  pod_execution_role_arn:
    description:
      - ARN of the pod execution role, which the Fargate infrastructure uses to register its nodes and pull images.
      - Required to create the profile; cannot change.
    type: str
  subnets:
    description:
      - IDs of private subnets of the cluster's VPC for the pods (Fargate pods get no public IP address). EKS uses
        the cluster's subnets when not given. Cannot change.
    type: list
    elements: str
  selectors:
    description:
      - Which pods run on Fargate, 1 to 5 selectors; a pod matching any selector runs on this profile.
      - Required to create the profile; cannot change.
    type: list
    elements: dict
    suboptions:
      namespace:
        description: Kubernetes namespace of the pods.
        type: str
        required: true
      labels:
        description: Labels the pods must all carry, at most 5.
        type: dict
  tags:
    description:
      - Tags of the profile, a dictionary of strings. When not set, the tags are not managed.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Whether to remove the tags that O(tags) does not list.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most for the creation or the deletion.
    type: int
    default: 1200
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
- name: Run the pods of two namespaces on Fargate
  managedk8s.clusters.eks_fargate_profile:
    region: eu-west-1
    cluster_name: production
    name: serverless
    pod_execution_role_arn: arn:aws:iam::123456789012:role/eks-fargate-pods
    subnets: [subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788]
    selectors:
      - namespace: batch
      - namespace: jobs
        labels:
          runtime: fargate

- name: Delete the profile
  managedk8s.clusters.eks_fargate_profile:
    region: eu-west-1
    cluster_name: production
    name: serverless
    state: absent
"""

RETURN = r"""
fargate_profile:
  description: The profile as it is after the task; empty after a delete. In check mode, the options it would have.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the profile.
      type: str
      sample: serverless
    cluster_name:
      description: Name of its cluster.
      type: str
      sample: production
    arn:
      description: ARN of the profile.
      type: str
      sample: arn:aws:eks:eu-west-1:123456789012:fargateprofile/production/serverless/8ac8a0c1-5f1a-4bb5-9c3b-3e0f3f6a1d2e
    status:
      description: Status (CREATING, ACTIVE, DELETING, CREATE_FAILED, DELETE_FAILED).
      type: str
      sample: ACTIVE
    pod_execution_role_arn:
      description: ARN of the pod execution role.
      type: str
      sample: arn:aws:iam::123456789012:role/eks-fargate-pods
    subnets:
      description: IDs of the subnets of the pods.
      type: list
      elements: str
      sample: ["subnet-0a1b2c3d4e5f60718"]
    selectors:
      description: Selectors (namespace, labels).
      type: list
      elements: dict
      sample: [{"namespace": "batch", "labels": {}}]
    tags:
      description: Tags of the profile.
      type: dict
      sample: {}
    created_at:
      description: When the profile was created (ISO 8601, UTC).
      type: str
      sample: "2025-05-01T10:00:00.123000+00:00"
    health_issues:
      description: Health issues EKS reports for the profile (code, message, resource_ids).
      type: list
      elements: dict
      sample: []
updates:
  description: The tag changes made to an existing profile (C(TagUpdate)); in check mode with status V(planned).
  returned: always
  type: list
  elements: dict
  sample: [{"type": "TagUpdate", "status": "Successful", "params": {"set": {"team": "a"}, "remove": []}}]
diff:
  description: The managed options before and after the task (shown with C(--diff)).
  returned: always
  type: dict
  sample: {"before": {}, "after": {"name": "serverless"}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import wait_argument_spec
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.cloud import CLOUD


def argument_spec():
    spec = wait_argument_spec(default_timeout=1200)
    spec.update(
        {
            "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
            "name": {"type": "str", "required": True},
            "cluster_name": {"type": "str", "aliases": ["cluster"], "required": True},
            "pod_execution_role_arn": {"type": "str"},
            "subnets": {"type": "list", "elements": "str"},
            "selectors": {
                "type": "list",
                "elements": "dict",
                "options": {"namespace": {"type": "str", "required": True}, "labels": {"type": "dict"}},
            },
            "tags": {"type": "dict", "aliases": ["resource_tags"]},
            "purge_tags": {"type": "bool", "default": True},
        }
    )
    return spec


def main():
    module = cloud_module(CLOUD, argument_spec())
    run(module, tasks.fargate_profile)


if __name__ == "__main__":
    main()
