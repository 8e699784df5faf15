#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: eks_cluster
short_description: Create, update, upgrade and delete Amazon EKS clusters
version_added: 0.1.0
description:
  - Creates, updates, upgrades and deletes the control plane of an Amazon Elastic Kubernetes Service (EKS) cluster,
    found by its O(name) in the region.
  - The create request carries one C(clientRequestToken), reused by every retry of that request, so a retried
    create never makes a second cluster. With O(wait=true) the module waits until the cluster is C(ACTIVE) and
    fails at once when it turns C(FAILED), with the cluster's health issues.
  - On an existing cluster, the module brings these options to the values given, through EKS updates, one at a
    time, each followed with DescribeUpdate until it succeeds (a C(Failed) or C(Cancelled) update fails the task
    with the update's errors); O(endpoint_public_access), O(endpoint_private_access) and O(public_access_cidrs)
    (one update), O(subnets) and O(security_groups) (one VPC configuration update), O(logging) (one update), and
    O(version) (one upgrade per minor version, so V(1.29) to V(1.31) runs two upgrades). O(tags) are changed with
    the tagging API.
  - The module also changes, through one EKS update each, O(access_config.authentication_mode) (one update per
    step, only forward), O(upgrade_policy), O(zonal_shift) and O(deletion_protection); O(encryption_config) is
    associated once to a cluster created without it.
  - O(role_arn) and O(kubernetes_network_config) cannot change on an existing cluster, and a version cannot go
    down; the module refuses these, listing the differences, before any change. So are a change or removal of
    O(encryption_config) once set, a change of O(access_config.bootstrap_cluster_creator_admin_permissions), and an
    authentication mode going back.
  - A cluster with deletion protection is deleted only when the task also says O(deletion_protection=false); the
    module then lifts the protection (one EKS update, followed to its end) and deletes the cluster. Without it, the
    module refuses the deletion before any change.
  - With O(state=absent) and O(wait=true), the module fails at once when the cluster turns C(FAILED), C(ACTIVE),
    C(CREATING) or C(PENDING) instead of going away (the deletion did not go through), as botocore's
    C(ClusterDeleted) waiter does.
  - Node groups are managed by M(managedk8s.clusters.eks_nodegroup), kubeconfig files by
    M(managedk8s.clusters.eks_kubeconfig).
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  state:
    description:
      - V(present) creates the cluster or brings it to the options given; V(absent) deletes it and, with
        O(wait=true), waits until EKS no longer knows it.
      - A cluster that still has node groups cannot be deleted; delete them first.
    type: str
    choices: [present, absent]
    default: present
  name:
    description:
      - Name of the cluster, unique in the region; 1 to 100 letters, digits, V(-) and V(_), starting with a letter or
        a digit.
    type: str
    required: true
  version:
    aliases: [kubernetes_version]
    description:
      - Kubernetes minor version of the control plane, such as V(1.31).
      - When the cluster is created without it, EKS picks its default version; afterwards the version is managed only
        when given.
      - A newer version than the cluster's upgrades it, one minor version at a time. A version cannot go down.
    type: str
  role_arn:
    description:
      - ARN of the IAM role EKS uses to manage the cluster's AWS resources.
      - Required to create the cluster; cannot change afterwards.
    type: str
  subnets:
    description:
      - IDs of the VPC subnets of the control plane's network interfaces, at least two, in different
        Availability Zones.
      - Required to create the cluster. Changing them runs a VPC configuration update; the new subnets must be in
        the cluster's VPC.
    type: list
    elements: str
  security_groups:
    description:
      - IDs of at most five security groups for the control plane's network interfaces, besides the cluster security
        group EKS creates.
      - Optional. Changing them runs a VPC configuration update.
    type: list
    elements: str
  endpoint_public_access:
    description:
      - Whether the Kubernetes API server endpoint is reachable from the internet.
      - At least one of O(endpoint_public_access) and O(endpoint_private_access) must stay enabled.
      - EKS enables the public endpoint by default.
    type: bool
  endpoint_private_access:
    description:
      - Whether the Kubernetes API server endpoint is reachable from inside the VPC.
      - EKS disables the private endpoint by default.
    type: bool
  public_access_cidrs:
    description:
      - CIDR blocks allowed to reach the public endpoint. EKS defaults to V(0.0.0.0/0), and also V(::/0) on
        clusters whose O(kubernetes_network_config.ip_family) is V(ipv6).
      - IPv6 blocks are accepted on V(ipv6) clusters only; the module refuses them on V(ipv4) ones before any
        change.
    type: list
    elements: str
  logging:
    description:
      - Control plane log types sent to CloudWatch Logs. The cluster gets exactly these log types enabled; an empty
        list disables them all.
    type: list
    elements: str
    choices: [api, audit, authenticator, controllerManager, scheduler]
  kubernetes_network_config:
    description:
      - Kubernetes network settings, set when the cluster is created; they cannot change afterwards.
    type: dict
    suboptions:
      service_ipv4_cidr:
        description:
          - CIDR block of the Kubernetes service IP addresses, a V(/12) to V(/24) block inside V(10.0.0.0/8),
            V(172.16.0.0/12) or V(192.168.0.0/16). EKS defaults to V(10.100.0.0/16) or V(172.20.0.0/16).
        type: str
      ip_family:
        description:
          - IP family of pod and service addresses.
        type: str
        choices: [ipv4, ipv6]
  access_config:
    description:
      - How principals authenticate to the cluster's Kubernetes API.
      - When not set, the access configuration is not managed (EKS creates clusters in V(CONFIG_MAP) mode).
    type: dict
    suboptions:
      authentication_mode:
        description:
          - V(CONFIG_MAP) reads only the C(aws-auth) ConfigMap, V(API) only EKS access entries
            (M(managedk8s.clusters.eks_access_entry)), V(API_AND_CONFIG_MAP) both.
          - EKS changes the mode one way only, V(CONFIG_MAP) to V(API_AND_CONFIG_MAP) to V(API), one step per
            update (the module runs both steps when going from V(CONFIG_MAP) to V(API)); going back is refused.
        type: str
        choices: [CONFIG_MAP, API_AND_CONFIG_MAP, API]
      bootstrap_cluster_creator_admin_permissions:
        description:
          - Whether the principal that creates the cluster gets a cluster admin access entry. EKS defaults to
            V(true).
          - Set at creation only; a different value on an existing cluster is refused (when EKS shows the value).
        type: bool
  upgrade_policy:
    description:
      - What EKS does when the cluster's Kubernetes version reaches the end of its standard support.
      - When not set, the policy is not managed, and a new cluster gets EKS's default, V(EXTENDED); the module
        warns about it when it creates a cluster.
    type: dict
    suboptions:
      support_type:
        description:
          - V(EXTENDED) moves the cluster into extended support, billed at a higher hourly rate, for as long as
            its version is not upgraded. V(STANDARD) has EKS upgrade the control plane automatically at the end
            of standard support instead.
          - Without V(STANDARD), a cluster moves into paid extended support silently.
        type: str
        choices: [STANDARD, EXTENDED]
        required: true
  zonal_shift:
    description:
      - Whether Amazon Application Recovery Controller zonal shift (and zonal autoshift) is enabled for the
        cluster (EKS's C(zonalShiftConfig.enabled)).
      - When not set, it is not managed; EKS leaves it disabled.
    type: bool
  deletion_protection:
    description:
      - Whether EKS refuses to delete the cluster. EKS defaults to V(false).
      - With O(state=absent), V(false) lifts the protection of a protected cluster before deleting it; without it,
        the module refuses to delete a protected cluster.
    type: bool
  encryption_config:
    description:
      - Envelope encryption of the cluster's Kubernetes secrets with a KMS key.
      - Given at creation, or associated once to an existing cluster (an C(AssociateEncryptionConfig) update,
        which takes a while). EKS cannot change the key nor remove the encryption afterwards; the module refuses
        both, V({}) meaning no encryption.
    type: dict
    suboptions:
      key_arn:
        description:
          - ARN of a symmetric KMS key in the cluster's region (or its alias, V(alias/<name>)). Prefer the ARN,
            as the module compares the value as given with the one EKS shows.
        type: str
  tags:
    description:
      - Tags of the cluster, a dictionary of strings (at most 50; keys cannot start with V(aws:)).
      - When not set, the tags are not managed.
    type: dict
    aliases: [resource_tags]
  purge_tags:
    description:
      - Whether to remove the tags that O(tags) does not list. With V(false), O(tags) are added or updated only.
      - Tags whose key starts with V(aws:) (set by AWS, for example C(aws:cloudformation:stack-name) on clusters
        made by eksctl or CloudFormation) are never removed; EKS refuses to remove them.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds to wait at most, in all, for the creation, the updates or the deletion. EKS takes about ten
        minutes to create a cluster and as long for each version upgrade.
    type: int
    default: 1800
notes:
  - With O(wait=false), the module still follows every update but the last one, because EKS runs one update at a
    time; it returns as soon as the last update has started.
  - Unlike C(community.aws.eks_cluster), O(security_groups) are IDs, not names, and are optional.
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
- name: Create a cluster and wait until it is ACTIVE
  managedk8s.clusters.eks_cluster:
    region: eu-west-1
    name: production
    version: "1.31"
    role_arn: arn:aws:iam::123456789012:role/eks-cluster-role
    subnets:
      - subnet-0a1b2c3d4e5f60718
      - subnet-0f1e2d3c4b5a69788
    endpoint_private_access: true
    logging: [api, audit]
    tags:
      team: platform

- name: A protected, encrypted cluster using access entries, upgraded automatically at the end of standard support
  managedk8s.clusters.eks_cluster:
    region: eu-west-1
    name: payments
    version: "1.31"
    role_arn: arn:aws:iam::123456789012:role/eks-cluster-role
    subnets: [subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788]
    access_config:
      authentication_mode: API
      bootstrap_cluster_creator_admin_permissions: false
    upgrade_policy:
      support_type: STANDARD
    zonal_shift: true
    deletion_protection: true
    encryption_config:
      key_arn: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab

- name: Delete a protected cluster (the protection is lifted first)
  managedk8s.clusters.eks_cluster:
    region: eu-west-1
    name: payments
    deletion_protection: false
    state: absent

- name: Upgrade the control plane two minor versions (two EKS upgrades, one after the other)
  managedk8s.clusters.eks_cluster:
    region: eu-west-1
    name: production
    version: "1.33"

- name: Restrict the public endpoint and add a tag, keeping the other tags
  managedk8s.clusters.eks_cluster:
    region: eu-west-1
    name: production
    public_access_cidrs: [203.0.113.0/24]
    tags:
      cost-center: "4711"
    purge_tags: false

- name: Delete the cluster and wait until it is gone
  managedk8s.clusters.eks_cluster:
    region: eu-west-1
    name: production
    state: absent
"""

RETURN = r"""
cluster:
  description: The cluster as it is after the task; empty after a delete. In check mode, the options it would have.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the cluster.
      type: str
      sample: production
    arn:
      description: ARN of the cluster.
      type: str
      sample: arn:aws:eks:eu-west-1:123456789012:cluster/production
    id:
      description: ID of the cluster (only for clusters on AWS Outposts).
      type: str
      sample: null
    status:
      description: Status of the cluster (CREATING, ACTIVE, UPDATING, DELETING, FAILED, PENDING).
      type: str
      sample: ACTIVE
    version:
      description: Kubernetes minor version of the control plane.
      type: str
      sample: "1.31"
    platform_version:
      description: EKS platform version of the control plane.
      type: str
      sample: eks.12
    endpoint:
      description: URL of the Kubernetes API server; null while the cluster is being created.
      type: str
      sample: https://0123456789ABCDEF0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com
    certificate_authority_data:
      description: Base64-encoded PEM certificate of the cluster's certificate authority.
      type: str
      sample: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM...
    oidc_issuer:
      description: URL of the cluster's OpenID Connect issuer (for IAM roles for service accounts).
      type: str
      sample: https://oidc.eks.eu-west-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF
    role_arn:
      description: ARN of the cluster's IAM role.
      type: str
      sample: arn:aws:iam::123456789012:role/eks-cluster-role
    vpc_id:
      description: ID of the cluster's VPC.
      type: str
      sample: vpc-0123456789abcdef0
    subnets:
      description: IDs of the control plane's subnets.
      type: list
      elements: str
      sample: ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
    security_groups:
      description: IDs of the security groups given for the control plane.
      type: list
      elements: str
      sample: ["sg-0123456789abcdef0"]
    cluster_security_group_id:
      description: ID of the security group EKS created for the cluster.
      type: str
      sample: sg-0fedcba9876543210
    endpoint_public_access:
      description: Whether the public endpoint is enabled.
      type: bool
      sample: true
    endpoint_private_access:
      description: Whether the private endpoint is enabled.
      type: bool
      sample: true
    public_access_cidrs:
      description: CIDR blocks allowed to reach the public endpoint.
      type: list
      elements: str
      sample: ["0.0.0.0/0"]
    logging:
      description: Enabled control plane log types, sorted.
      type: list
      elements: str
      sample: ["api", "audit"]
    kubernetes_network_config:
      description: Kubernetes network settings (service_ipv4_cidr, service_ipv6_cidr, ip_family).
      type: dict
      sample: {"service_ipv4_cidr": "10.100.0.0/16", "ip_family": "ipv4"}
    access_config:
      description: Access configuration (authentication_mode; bootstrap_cluster_creator_admin_permissions when EKS
        shows it).
      type: dict
      sample: {"authentication_mode": "API_AND_CONFIG_MAP"}
    upgrade_policy:
      description: Upgrade policy (support_type STANDARD or EXTENDED).
      type: dict
      sample: {"support_type": "STANDARD"}
    zonal_shift:
      description: Whether zonal shift is enabled.
      type: bool
      sample: false
    deletion_protection:
      description: Whether deletion protection is enabled.
      type: bool
      sample: true
    encryption_config:
      description: The KMS key that encrypts the cluster's secrets (key_arn), empty when there is none.
      type: dict
      sample: {"key_arn": "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
    tags:
      description: Tags of the cluster.
      type: dict
      sample: {"team": "platform"}
    created_at:
      description: When the cluster was created (ISO 8601, UTC).
      type: str
      sample: "2025-05-01T10:00:00.123000+00:00"
    health_issues:
      description: Health issues EKS reports for the cluster (code, message, resource_ids).
      type: list
      elements: dict
      sample: []
updates:
  description:
    - The changes made to an existing cluster, in order; C(TagUpdate) entries are tag changes, the others EKS
      updates with their ID, final status, parameters and errors.
    - In check mode, the changes that would be made, with status V(planned).
  returned: always
  type: list
  elements: dict
  sample: [{"id": "3f1c0e52-8f7e-4b53-9a43-0d6f0c1d2e3f", "type": "VersionUpdate", "status": "Successful",
            "params": {"Version": "1.30", "PlatformVersion": "eks.1"}, "errors": []}]
diff:
  description: The managed options before and after the task (shown with C(--diff)).
  returned: always
  type: dict
  sample: {"before": {"version": "1.29"}, "after": {"version": "1.31"}}
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import wait_argument_spec
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.model import (
    AUTHENTICATION_MODES,
    IP_FAMILIES,
    LOG_TYPES,
    SUPPORT_TYPES,
)


def argument_spec():
    spec = wait_argument_spec(default_timeout=1800)
    spec.update(
        {
            "state": {"type": "str", "choices": ["present", "absent"], "default": "present"},
            "name": {"type": "str", "required": True},
            "version": {"type": "str", "aliases": ["kubernetes_version"]},
            "role_arn": {"type": "str"},
            "subnets": {"type": "list", "elements": "str"},
            "security_groups": {"type": "list", "elements": "str"},
            "endpoint_public_access": {"type": "bool"},
            "endpoint_private_access": {"type": "bool"},
            "public_access_cidrs": {"type": "list", "elements": "str"},
            "logging": {"type": "list", "elements": "str", "choices": list(LOG_TYPES)},
            "kubernetes_network_config": {
                "type": "dict",
                "options": {
                    "service_ipv4_cidr": {"type": "str"},
                    "ip_family": {"type": "str", "choices": list(IP_FAMILIES)},
                },
            },
            "access_config": {
                "type": "dict",
                "options": {
                    "authentication_mode": {"type": "str", "choices": list(AUTHENTICATION_MODES)},
                    "bootstrap_cluster_creator_admin_permissions": {"type": "bool"},
                },
            },
            "upgrade_policy": {
                "type": "dict",
                "options": {"support_type": {"type": "str", "choices": list(SUPPORT_TYPES), "required": True}},
            },
            "zonal_shift": {"type": "bool"},
            "deletion_protection": {"type": "bool"},
            "encryption_config": {"type": "dict", "options": {"key_arn": {"type": "str", "no_log": False}}},
            "tags": {"type": "dict", "aliases": ["resource_tags"]},
            "purge_tags": {"type": "bool", "default": True},
        }
    )
    return spec


def main():
    module = cloud_module(CLOUD, argument_spec())
    run(module, tasks.cluster)


if __name__ == "__main__":
    main()
