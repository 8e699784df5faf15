#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: eks_access_entry
short_description: Manage Amazon EKS access entries and their access policies
version_added: 0.1.0
description:
  - Creates, updates and deletes the access entry of one IAM principal (O(principal_arn)) in an Amazon EKS cluster,
    and the EKS access policies associated with it, each with its access scope (the whole cluster or namespaces).
  - Access entries exist only on clusters whose C(access_config.authentication_mode) is C(API_AND_CONFIG_MAP) or
    C(API) (see M(managedk8s.clusters.eks_cluster)); on a C(CONFIG_MAP) cluster the module refuses, naming the mode,
    before any change.
  - O(kubernetes_groups) and O(username) change through UpdateAccessEntry; O(access_policies) through
    AssociateAccessPolicy (a new policy or another scope) and DisassociateAccessPolicy (with
    O(purge_access_policies)); O(tags) through the tagging API. O(type) cannot change.
  - EKS makes these changes at once; there is nothing to wait for.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  state:
    description:
      - V(present) creates the access entry or brings it to the options given; V(absent) deletes it (with its
        access policy associations).
    type: str
    choices: [present, absent]
    default: present
  cluster_name:
    aliases: [cluster]
    description:
      - Name of the EKS cluster.
    type: str
    required: true
  principal_arn:
    description:
      - ARN of the IAM role or user the entry lets into the cluster. Use the role's ARN, not an STS assumed-role
        ARN.
    type: str
    required: true
  type:
    description:
      - Type of the access entry. V(STANDARD) for people and tools; V(EC2_LINUX), V(EC2_WINDOWS) for the role of
        self-managed nodes, V(FARGATE_LINUX), V(EC2) (EKS Auto Mode), V(HYBRID_LINUX), V(HYPERPOD_LINUX) for
        other node roles, which take no O(kubernetes_groups) and no O(access_policies).
      - EKS sets V(STANDARD) when not given. It cannot change afterwards; the module refuses a change.
    type: str
    choices: [STANDARD, FARGATE_LINUX, EC2_LINUX, EC2_WINDOWS, EC2, HYBRID_LINUX, HYPERPOD_LINUX]
  kubernetes_groups:
    description:
      - Kubernetes groups of the principal, for Kubernetes RBAC bindings. When not set, they are not managed.
    type: list
    elements: str
  username:
    description:
      - Kubernetes user name of the principal. When not set, EKS chooses it (recommended) and it is not managed.
    type: str
  access_policies:
    description:
      - EKS access policies associated with the entry. When not set, they are not managed.
    type: list
    elements: dict
    suboptions:
      policy_arn:
        description:
          - ARN of the access policy, such as V(arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy), or
            its name alone (V(AmazonEKSViewPolicy)).
        type: str
        required: true
      access_scope:
        description:
          - Where the policy applies. The whole cluster when not set.
        type: dict
        suboptions:
          type:
            description:
              - V(cluster) or V(namespace).
            type: str
            choices: [cluster, namespace]
            default: cluster
          namespaces:
            description:
              - The namespaces, with O(access_policies[].access_scope.type=namespace) only.
            type: list
            elements: str
  purge_access_policies:
    description:
      - Whether to disassociate the access policies that O(access_policies) does not list.
    type: bool
    default: true
  tags:
    description:
      - Tags of the access entry, a dictionary of strings. When not set, the tags are not managed.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Whether to remove the tags that O(tags) does not list.
    type: bool
    default: true
extends_documentation_fragment:
  - managedk8s.clusters.eks
  - managedk8s.clusters.common
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
- name: Cluster admins from one IAM role
  managedk8s.clusters.eks_access_entry:
    region: eu-west-1
    cluster_name: production
    principal_arn: arn:aws:iam::123456789012:role/platform-admins
    access_policies:
      - policy_arn: AmazonEKSClusterAdminPolicy

- name: Read-only access to two namespaces, plus an RBAC group
  managedk8s.clusters.eks_access_entry:
    region: eu-west-1
    cluster_name: production
    principal_arn: arn:aws:iam::123456789012:role/developers
    kubernetes_groups: [developers]
    access_policies:
      - policy_arn: arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy
        access_scope:
          type: namespace
          namespaces: [team-a, team-b]

- name: Nodes of a self-managed group
  managedk8s.clusters.eks_access_entry:
    region: eu-west-1
    cluster_name: production
    principal_arn: arn:aws:iam::123456789012:role/self-managed-nodes
    type: EC2_LINUX

- name: Remove an access entry
  managedk8s.clusters.eks_access_entry:
    region: eu-west-1
    cluster_name: production
    principal_arn: arn:aws:iam::123456789012:role/developers
    state: absent
"""

RETURN = r"""
access_entry:
  description: The access entry as it is after the task; empty after a delete. In check mode, the options it would have.
  returned: always
  type: dict
  contains:
    cluster_name:
      description: Name of the cluster.
      type: str
      sample: production
    principal_arn:
      description: ARN of the IAM principal.
      type: str
      sample: arn:aws:iam::123456789012:role/developers
    arn:
      description: ARN of the access entry.
      type: str
      sample: arn:aws:eks:eu-west-1:123456789012:access-entry/production/role/123456789012/developers/0ec9a4c1
    type:
      description: Type of the access entry.
      type: str
      sample: STANDARD
    kubernetes_groups:
      description: Kubernetes groups of the principal.
      type: list
      elements: str
      sample: ["developers"]
    username:
      description: Kubernetes user name of the principal.
      type: str
      sample: arn:aws:sts::123456789012:assumed-role/developers/{{SessionName}}
    access_policies:
      description: Associated access policies (policy_arn, access_scope with type and namespaces).
      type: list
      elements: dict
      sample: [{"policy_arn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                "access_scope": {"type": "namespace", "namespaces": ["team-a"]}}]
    tags:
      description: Tags of the access entry.
      type: dict
      sample: {}
    created_at:
      description: When the access entry was created (ISO 8601, UTC).
      type: str
      sample: "2025-05-01T10:00:00.123000+00:00"
    modified_at:
      description: When the access entry was last changed (ISO 8601, UTC).
      type: str
      sample: "2025-05-01T10:00:00.123000+00:00"
updates:
  description:
    - The calls that changed an existing entry, in order (TagUpdate, UpdateAccessEntry, AssociateAccessPolicy,
      DisassociateAccessPolicy) with their parameters; in check mode, those that would run, with status V(planned).
  returned: always
  type: list
  elements: dict
  sample: [{"type": "AssociateAccessPolicy", "status": "Successful",
            "params": {"policyArn": "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                       "accessScope": {"type": "cluster"}}}]
diff:
  description: The managed options before and after the task (shown with C(--diff)).
  returned: always
  type: dict
  sample: {"before": {"kubernetes_groups": []}, "after": {"kubernetes_groups": ["developers"]}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.model import (
    ACCESS_ENTRY_TYPES,
    ACCESS_SCOPE_TYPES,
)


def argument_spec():
    return {
        "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
        "cluster_name": {"type": "str", "aliases": ["cluster"], "required": True},
        "principal_arn": {"type": "str", "required": True},
        "type": {"type": "str", "choices": list(ACCESS_ENTRY_TYPES)},
        "kubernetes_groups": {"type": "list", "elements": "str"},
        "username": {"type": "str"},
        "access_policies": {
            "type": "list",
            "elements": "dict",
            "options": {
                "policy_arn": {"type": "str", "required": True},
                "access_scope": {
                    "type": "dict",
                    "options": {
                        "type": {"type": "str", "choices": list(ACCESS_SCOPE_TYPES), "default": "cluster"},
                        "namespaces": {"type": "list", "elements": "str"},
                    },
                },
            },
        },
        "purge_access_policies": {"type": "bool", "default": True},
        "tags": {"type": "dict", "aliases": ["resource_tags"]},
        "purge_tags": {"type": "bool", "default": True},
    }


def main():
    module = cloud_module(CLOUD, argument_spec())
    run(module, tasks.access_entry)


if __name__ == "__main__":
    main()
