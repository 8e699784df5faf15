# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An EKS cluster as DescribeCluster answers it, and the eks_cluster options that describe it, for the EKS tests."""

from __future__ import annotations

ROLE = "arn:aws:iam::123456789012:role/eks"

API_CLUSTER = {
    "name": "c1",
    "arn": "arn:aws:eks:eu-west-1:123456789012:cluster/c1",
    "createdAt": 1700000000.5,
    "version": "1.29",
    "endpoint": "https://ABC.gr7.eu-west-1.eks.amazonaws.com",
    "roleArn": ROLE,
    "resourcesVpcConfig": {
        "subnetIds": ["subnet-1", "subnet-2"],
        "securityGroupIds": ["sg-1"],
        "clusterSecurityGroupId": "sg-c",
        "vpcId": "vpc-1",
        "endpointPublicAccess": True,
        "endpointPrivateAccess": False,
        "publicAccessCidrs": ["0.0.0.0/0"],
    },
    "kubernetesNetworkConfig": {
        "serviceIpv4Cidr": "10.100.0.0/16",
        "ipFamily": "ipv4",
        "elasticLoadBalancing": {"enabled": False},
    },
    "logging": {
        "clusterLogging": [
            {"types": ["audit", "api"], "enabled": True},
            {"types": ["authenticator", "controllerManager", "scheduler"], "enabled": False},
        ]
    },
    "identity": {"oidc": {"issuer": "https://oidc.eks.eu-west-1.amazonaws.com/id/XYZ"}},
    "status": "ACTIVE",
    "certificateAuthority": {"data": "Q0E="},
    "platformVersion": "eks.7",
    "tags": {"team": "a", "env": "prod"},
    "health": {"issues": [{"code": "Other", "message": "m", "resourceIds": ["r"]}]},
}


def cluster_params(**overrides):
    params = {
        "name": "c1",
        "state": "present",
        "version": None,
        "role_arn": ROLE,
        "subnets": ["subnet-1", "subnet-2"],
        "security_groups": None,
        "endpoint_public_access": None,
        "endpoint_private_access": None,
        "public_access_cidrs": None,
        "logging": None,
        "kubernetes_network_config": None,
        "access_config": None,
        "upgrade_policy": None,
        "zonal_shift": None,
        "deletion_protection": None,
        "encryption_config": None,
        "tags": None,
        "purge_tags": True,
        "wait": True,
        "wait_timeout": 60,
    }
    params.update(overrides)
    return params
