#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: eks_addon
short_description: Install, update and remove Amazon EKS managed add-ons
version_added: 0.1.0
description:
  - Installs, updates and removes one managed add-on (such as C(vpc-cni), C(coredns), C(kube-proxy) or
    C(aws-ebs-csi-driver)) of an Amazon EKS cluster, found by its O(name) in the cluster O(cluster_name).
  - The create request carries one C(clientRequestToken), reused by every retry of that request, so a retried
    create never installs the add-on twice. With O(wait=true) the module waits until the add-on is C(ACTIVE) and
    fails at once when it turns C(CREATE_FAILED), C(DEGRADED) or C(UPDATE_FAILED) (as botocore's C(AddonActive)
    waiter does), with the add-on's health issues.
  - On an existing add-on, O(addon_version), O(service_account_role_arn) and O(configuration_values) change through
    one EKS add-on update, followed with DescribeUpdate until it succeeds; O(tags) change through the tagging API.
  - O(addon_version) is checked against the versions EKS offers for the cluster's Kubernetes version
    (DescribeAddonVersions) before any change; V(latest) and V(default) are resolved from that list. An add-on
    version cannot go down; the module refuses it before any change.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  state:
    description:
      - V(present) installs the add-on or brings it to the options given; V(absent) removes it and, with
        O(wait=true), waits until EKS no longer knows it.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - Name of the add-on, as DescribeAddonVersions lists it, such as V(vpc-cni), V(coredns), V(kube-proxy),
        V(aws-ebs-csi-driver).
    type: str
    required: true
  cluster_name:
    aliases: [cluster]
    description:
      - Name of the EKS cluster of the add-on. It must exist and be C(ACTIVE) to install an add-on.
    type: str
    required: true
  addon_version:
    description:
      - Version of the add-on, such as V(v1.19.2-eksbuild.1); it must be one EKS offers for the cluster's
        Kubernetes version.
      - V(latest) is the newest version compatible with the cluster's Kubernetes version; V(default) is the one EKS
        marks as the default for it. Both are looked up on every run, so the add-on follows them (after a control
        plane upgrade, for example).
      - When not set, EKS installs its default version and the version is not managed afterwards.
      - A version older than the add-on's is refused (EKS does not downgrade add-ons).
    type: str
  service_account_role_arn:
    description:
      - ARN of an IAM role for the add-on's service account (IAM roles for service accounts; the cluster needs an
        IAM OpenID Connect provider). Without it, the add-on uses the node IAM role's permissions.
      - When not set, the role is not managed.
    type: str
  configuration_values:
    description:
      - Configuration of the add-on, a dictionary validated by EKS against the add-on's configuration schema
        (C(aws eks describe-addon-configuration)); sent as JSON.
      - The add-on gets exactly these values; V({}) removes them. When not set, they are not managed.
    type: dict
  resolve_conflicts:
    description:
      - What EKS does when the add-on's Kubernetes objects were changed outside of EKS, sent with the create and
        with every update. V(OVERWRITE) sets them back to EKS's values, V(PRESERVE) keeps the changed values
        (updates only; at creation it acts as V(NONE)), V(NONE) leaves them, and the change may fail.
      - When not set, EKS's default applies (V(NONE)).
    type: str
    choices: [OVERWRITE, NONE, PRESERVE]
  preserve:
    description:
      - With O(state=absent), keep the add-on's software on the cluster and only stop EKS from managing it.
    type: bool
    default: false
  tags:
    description:
      - Tags of the add-on, a dictionary of strings (at most 50; keys cannot start with V(aws:)).
      - When not set, the tags are not managed.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Whether to remove the tags that O(tags) does not list. With V(false), O(tags) are added or updated only.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most, in all, for the creation, the update or the deletion.
    type: int
    default: 1200
notes:
  - Removing an add-on that the cluster needs (C(vpc-cni), C(coredns), C(kube-proxy)) stops pod networking or DNS on
    the cluster; use O(preserve=true) to keep its software running unmanaged.
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
- name: The VPC CNI at the newest version compatible with the cluster, with prefix delegation
  managedk8s.clusters.eks_addon:
    region: eu-west-1
    cluster_name: production
    name: vpc-cni
    addon_version: latest
    resolve_conflicts: OVERWRITE
    configuration_values:
      env:
        ENABLE_PREFIX_DELEGATION: "true"

- name: The EBS CSI driver at EKS's default version, with its own IAM role
  managedk8s.clusters.eks_addon:
    region: eu-west-1
    cluster_name: production
    name: aws-ebs-csi-driver
    addon_version: default
    service_account_role_arn: arn:aws:iam::123456789012:role/ebs-csi-driver

- name: Pin CoreDNS to one version
  managedk8s.clusters.eks_addon:
    region: eu-west-1
    cluster_name: production
    name: coredns
    addon_version: v1.11.4-eksbuild.2

- name: Stop managing kube-proxy, keeping it running
  managedk8s.clusters.eks_addon:
    region: eu-west-1
    cluster_name: production
    name: kube-proxy
    preserve: true
    state: absent
"""

RETURN = r"""
addon:
  description: The add-on as it is after the task; empty after a delete. In check mode, the options it would have.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the add-on.
      type: str
      sample: vpc-cni
    cluster_name:
      description: Name of its cluster.
      type: str
      sample: production
    arn:
      description: ARN of the add-on.
      type: str
      sample: arn:aws:eks:eu-west-1:123456789012:addon/production/vpc-cni/a2c7a6d4-8f1e-4d1a-9d5e-3f0c2b1a0e9f
    status:
      description: Status (CREATING, ACTIVE, CREATE_FAILED, UPDATING, DELETING, DELETE_FAILED, DEGRADED, UPDATE_FAILED).
      type: str
      sample: ACTIVE
    addon_version:
      description: Installed version of the add-on (the version V(latest) or V(default) resolved to).
      type: str
      sample: v1.19.2-eksbuild.1
    service_account_role_arn:
      description: ARN of the IAM role of the add-on's service account, if any.
      type: str
      sample: arn:aws:iam::123456789012:role/vpc-cni
    configuration_values:
      description: Configuration values of the add-on, as a dictionary.
      type: dict
      sample: {"env": {"ENABLE_PREFIX_DELEGATION": "true"}}
    publisher:
      description: Publisher of the add-on.
      type: str
      sample: eks
    owner:
      description: Owner of the add-on.
      type: str
      sample: aws
    tags:
      description: Tags of the add-on.
      type: dict
      sample: {"team": "platform"}
    created_at:
      description: When the add-on was created (ISO 8601, UTC).
      type: str
      sample: "2025-05-01T10:00:00.123000+00:00"
    modified_at:
      description: When the add-on was last changed (ISO 8601, UTC).
      type: str
      sample: "2025-05-01T10:05:00.123000+00:00"
    health_issues:
      description: Health issues EKS reports for the add-on (code, message, resource_ids).
      type: list
      elements: dict
      sample: []
updates:
  description:
    - The changes made to an existing add-on, in order; C(TagUpdate) entries are tag changes, the others EKS
      updates (C(AddonUpdate)) with their ID, final status, parameters and errors.
    - In check mode, the changes that would be made, with status V(planned).
  returned: always
  type: list
  elements: dict
  sample: [{"id": "3f1c0e52-8f7e-4b53-9a43-0d6f0c1d2e3f", "type": "AddonUpdate", "status": "Successful",
            "params": {"AddonVersion": "v1.19.5-eksbuild.1"}, "errors": []}]
diff:
  description: The managed options before and after the task (shown with C(--diff)).
  returned: always
  type: dict
  sample: {"before": {"addon_version": "v1.19.2-eksbuild.1"}, "after": {"addon_version": "v1.19.5-eksbuild.1"}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import wait_argument_spec
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.model import RESOLVE_CONFLICTS


def argument_spec():
    spec = wait_argument_spec(default_timeout=1200)
    spec.update(
        {
            "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
            "name": {"type": "str", "required": True},
            "cluster_name": {"type": "str", "aliases": ["cluster"], "required": True},
            "addon_version": {"type": "str"},
            "service_account_role_arn": {"type": "str"},
            "configuration_values": {"type": "dict"},
            "resolve_conflicts": {"type": "str", "choices": list(RESOLVE_CONFLICTS)},
            "preserve": {"type": "bool", "default": False},
            "tags": {"type": "dict", "aliases": ["resource_tags"]},
            "purge_tags": {"type": "bool", "default": True},
        }
    )
    return spec


def main():
    module = cloud_module(CLOUD, argument_spec())
    run(module, tasks.addon)


if __name__ == "__main__":
    main()
