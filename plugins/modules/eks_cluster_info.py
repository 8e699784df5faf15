#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: eks_cluster_info
short_description: Describe Amazon EKS clusters
version_added: 0.1.0
description:
  - Returns one Amazon EKS cluster, found by O(name), or every cluster of the region (ListClusters is followed page
    by page, then each cluster is described).
  - Each cluster comes with its API endpoint, certificate authority, status, version, OpenID Connect issuer and tags.
  - Changes nothing.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  name:
    description:
      - Name of the cluster to describe. When not set, every cluster of the region is described.
      - A cluster that does not exist gives an empty RV(clusters) list, not a failure.
    type: str
extends_documentation_fragment:
  - managedk8s.clusters.eks
  - managedk8s.clusters.common
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.actiongroups
attributes:
  check_mode:
    support: full
    details: This module only reads.
  diff_mode:
    support: none
    details: This module changes nothing.
  platform:
    platforms: all
  action_group:
    membership: [managedk8s.clusters.eks, managedk8s.clusters.all]
"""

EXAMPLES = r"""
- name: Describe one cluster
  managedk8s.clusters.eks_cluster_info:
    region: eu-west-1
    name: production
  register: production

- name: Show the OpenID Connect issuer (for IAM roles for service accounts)
  ansible.builtin.debug:
    msg: "{{ production.clusters[0].oidc_issuer }}"
  when: production.clusters | length == 1

- name: Every cluster of the region, with the AWS CLI's credentials and region
  managedk8s.clusters.eks_cluster_info:
  register: all_clusters

- name: The names of the clusters still on Kubernetes 1.29
  ansible.builtin.debug:
    msg: "{{ all_clusters.clusters | selectattr('version', 'equalto', '1.29') | map(attribute='name') | list }}"
"""

RETURN = r"""
clusters:
  description: The clusters found, sorted by name; empty when O(name) names no cluster.
  returned: always
  type: list
  elements: dict
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
      description: URL of the cluster's OpenID Connect issuer.
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
      sample: []
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
      sample: false
    public_access_cidrs:
      description: CIDR blocks allowed to reach the public endpoint.
      type: list
      elements: str
      sample: ["0.0.0.0/0"]
    logging:
      description: Enabled control plane log types, sorted.
      type: list
      elements: str
      sample: ["api"]
    kubernetes_network_config:
      description: Kubernetes network settings (service_ipv4_cidr, service_ipv6_cidr, ip_family).
      type: dict
      sample: {"service_ipv4_cidr": "10.100.0.0/16", "ip_family": "ipv4"}
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
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.module import cloud_module, run
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import tasks
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.cloud import CLOUD


def main():
    module = cloud_module(CLOUD, {"name": {"type": "str"}})
    run(module, tasks.cluster_info)


if __name__ == "__main__":
    main()
