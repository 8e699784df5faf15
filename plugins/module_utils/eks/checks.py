# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""EKS option checks, made before any API call: each bad value raises InputError naming its option."""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError

CLUSTER_NAME = re.compile(r"^[0-9A-Za-z][A-Za-z0-9\-_]*$")
CLUSTER_NAME_MAX = 100
NODEGROUP_NAME_MAX = 63
VERSION = re.compile(r"^(\d+)\.(\d+)$")
PRINCIPAL_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:(role|user)/[\w+=,.@/-]+$")
NODE_ENTRY_TYPES = ("FARGATE_LINUX", "EC2_LINUX", "EC2_WINDOWS", "EC2", "HYBRID_LINUX", "HYPERPOD_LINUX")
ADDON_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
ADDON_VERSION = re.compile(r"^v?\d+\.\d+\.\d+(-eksbuild\.\d+)?$")
ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
MAX_SECURITY_GROUPS = 5
MAX_TAGS = 50
# botocore's Provider.keyArn: "Amazon Resource Name (ARN) or alias of the KMS key"
KMS_KEY = re.compile(r"^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+|alias/[\w/+=,.@-]+)$")
SERVICE_CIDR_RANGES = tuple(ipaddress.ip_network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))


def _refuse(message):
    raise InputError(message)


def check_name(value, option="name", maximum=CLUSTER_NAME_MAX):
    if not value or len(value) > maximum or not CLUSTER_NAME.match(value):
        _refuse(
            "%s: %r is not a valid name: 1 to %d characters, letters, digits, '-' and '_', starting with a letter "
            "or a digit" % (option, value, maximum)
        )


def parse_version(value, option="version"):
    match = VERSION.match(str(value or ""))
    if not match:
        _refuse("%s: %r is not a Kubernetes minor version such as '1.31'" % (option, value))
    return int(match.group(1)), int(match.group(2))


def check_cidr(value, option):
    try:
        return ipaddress.ip_network(value, strict=True)
    except ValueError as error:
        _refuse("%s: %r is not a valid CIDR block (%s)" % (option, value, error))
    return None


def check_tags(tags, option="tags"):
    if tags is None:
        return
    if len(tags) > MAX_TAGS:
        _refuse("%s: at most %d tags, got %d" % (option, MAX_TAGS, len(tags)))
    for key, value in tags.items():
        if not 1 <= len(key) <= 128:
            _refuse("%s: the key %r must be 1 to 128 characters long" % (option, key))
        if key.lower().startswith("aws:"):
            _refuse("%s: the key %r uses the reserved prefix 'aws:'" % (option, key))
        if value is None or len(str(value)) > 256:
            _refuse("%s: the value of %r must be a string of at most 256 characters" % (option, key))


def check_role_arn(value, option):
    if value is not None and not ROLE_ARN.match(value):
        _refuse("%s: %r is not an IAM role ARN (arn:aws:iam::<12-digit account>:role/<name>)" % (option, value))


def check_cluster_options(params):
    """Every cluster option the API would refuse, refused here first with the option's name."""
    check_name(params["name"])
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        _refuse("wait_timeout: must be 0 or more seconds, got %s" % params["wait_timeout"])
    if params.get("state") == "absent":
        return
    if params.get("version") is not None:
        parse_version(params["version"])
    check_role_arn(params.get("role_arn"), "role_arn")
    subnets = params.get("subnets")
    if subnets is not None and len(set(subnets)) < 2:
        _refuse("subnets: EKS needs at least two subnets in different Availability Zones, got %d" % len(set(subnets)))
    groups = params.get("security_groups")
    if groups is not None and len(groups) > MAX_SECURITY_GROUPS:
        _refuse("security_groups: at most %d security groups, got %d" % (MAX_SECURITY_GROUPS, len(groups)))
    family = (params.get("kubernetes_network_config") or {}).get("ip_family")
    for cidr in params.get("public_access_cidrs") or []:
        if check_cidr(cidr, "public_access_cidrs").version == 6 and family == "ipv4":
            _refuse(
                "public_access_cidrs: %r is an IPv6 CIDR block, which EKS accepts only when "
                "kubernetes_network_config.ip_family is ipv6" % cidr
            )
    if params.get("endpoint_public_access") is False and params.get("endpoint_private_access") is False:
        _refuse("endpoint_public_access, endpoint_private_access: at least one of the two endpoints must be enabled")
    network = params.get("kubernetes_network_config") or {}
    if network.get("service_ipv4_cidr"):
        check_service_cidr(network["service_ipv4_cidr"])
    key = (params.get("encryption_config") or {}).get("key_arn")
    if key is not None and not KMS_KEY.match(key):
        _refuse(
            "encryption_config.key_arn: %r is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>) or alias "
            "(alias/<name>)" % key
        )
    check_tags(params.get("tags"))


def check_service_cidr(value):
    option = "kubernetes_network_config.service_ipv4_cidr"
    block = check_cidr(value, option)
    if (
        block.version != 4
        or not any(block.subnet_of(allowed) for allowed in SERVICE_CIDR_RANGES)
        or not 12 <= block.prefixlen <= 24
    ):
        _refuse(
            "%s: %r must be a /12 to /24 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16" % (option, value)
        )


def check_nodegroup_options(params):
    check_name(params["name"], maximum=NODEGROUP_NAME_MAX)
    check_name(params["cluster_name"], option="cluster_name")
    if params.get("state") == "absent":
        return
    check_role_arn(params.get("node_role"), "node_role")
    for option in ("version",):
        if params.get(option) is not None:
            parse_version(params[option], option)
    scaling = params.get("scaling_config") or {}
    low, high, desired = scaling.get("min_size"), scaling.get("max_size"), scaling.get("desired_size")
    if low is not None and low < 0:
        _refuse("scaling_config.min_size: must be 0 or more, got %d" % low)
    if high is not None and high < 1:
        _refuse("scaling_config.max_size: must be 1 or more, got %d" % high)
    if low is not None and high is not None and low > high:
        _refuse("scaling_config: min_size (%d) is larger than max_size (%d)" % (low, high))
    for bound, name, compare in ((low, "min_size", lambda d, b: d < b), (high, "max_size", lambda d, b: d > b)):
        if desired is not None and bound is not None and compare(desired, bound):
            _refuse(
                "scaling_config: desired_size (%d) must lie between min_size and max_size (%s is %d)"
                % (desired, name, bound)
            )
    update = params.get("update_config") or {}
    if update.get("max_unavailable") is not None and update["max_unavailable"] < 1:
        _refuse("update_config.max_unavailable: must be 1 or more, got %d" % update["max_unavailable"])
    percentage = update.get("max_unavailable_percentage")
    if percentage is not None and not 1 <= percentage <= 100:
        _refuse("update_config.max_unavailable_percentage: must be between 1 and 100, got %d" % percentage)
    for taint in params.get("taints") or []:
        if not taint.get("key") or len(taint["key"]) > 63:
            _refuse("taints: every taint needs a key of 1 to 63 characters, got %r" % taint.get("key"))
        if taint.get("value") is not None and len(taint["value"]) > 63:
            _refuse("taints: the value of taint %r must be at most 63 characters" % taint["key"])
    if params.get("disk_size") is not None and params["disk_size"] < 1:
        _refuse("disk_size: must be 1 or more (GiB), got %d" % params["disk_size"])
    template = params.get("launch_template")
    if template is not None and not (template.get("id") or template.get("name")):
        _refuse("launch_template: give the id or the name of the launch template")
    if template is not None and template.get("id") and template.get("name"):
        _refuse("launch_template: give the id or the name of the launch template, not both (EKS accepts one of them)")
    if params.get("subnets") is not None and not params["subnets"]:
        _refuse("subnets: give at least one subnet")
    check_tags(params.get("tags"))


def check_info_options(params):
    if params.get("name") is not None:
        check_name(params["name"])


def check_kubeconfig_options(params):
    check_name(params["name"])
    if params["renew_before"] < 0:
        _refuse("renew_before: must be 0 or more seconds, got %d" % params["renew_before"])


def check_addon_options(params):
    """eks_addon's options: the add-on and cluster names, the version (a version such as v1.19.2-eksbuild.1, latest or
    default), the service account role."""
    if not params["name"] or not ADDON_NAME.match(params["name"]):
        _refuse(
            "name: %r is not an add-on name such as vpc-cni or aws-ebs-csi-driver (lowercase letters, digits and '-')"
            % params["name"]
        )
    check_name(params["cluster_name"], option="cluster_name")
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        _refuse("wait_timeout: must be 0 or more seconds, got %s" % params["wait_timeout"])
    if params.get("state") == "absent":
        return
    version = params.get("addon_version")
    if version is not None and version not in ("latest", "default") and not ADDON_VERSION.match(version):
        _refuse(
            "addon_version: %r is not an add-on version such as v1.19.2-eksbuild.1, nor latest or default" % version
        )
    check_role_arn(params.get("service_account_role_arn"), "service_account_role_arn")
    check_tags(params.get("tags"))


def check_access_entry_options(params):
    """eks_access_entry's options: the principal, the cluster, what a node type cannot take, the access scopes."""
    check_name(params["cluster_name"], option="cluster_name")
    if not PRINCIPAL_ARN.match(params["principal_arn"] or ""):
        _refuse(
            "principal_arn: %r is not the ARN of an IAM role or user (arn:aws:iam::<12-digit account>:role/<name> or "
            ":user/<name>)" % params["principal_arn"]
        )
    if params.get("state") == "absent":
        return
    if params.get("type") in NODE_ENTRY_TYPES:
        for option in ("kubernetes_groups", "access_policies"):
            if params.get(option):
                _refuse(
                    "%s: an access entry of type %s takes none (EKS grants node permissions itself); only STANDARD "
                    "entries have them" % (option, params["type"])
                )
    for index, policy in enumerate(params.get("access_policies") or []):
        scope = policy.get("access_scope") or {}
        kind = scope.get("type") or "cluster"
        where = "access_policies[%d].access_scope" % index
        if kind == "namespace" and not scope.get("namespaces"):
            _refuse("%s.namespaces: required when %s.type is namespace" % (where, where))
        if kind == "cluster" and scope.get("namespaces"):
            _refuse("%s.namespaces: only with %s.type namespace (the cluster scope has none)" % (where, where))
    arns = [policy["policy_arn"] for policy in params.get("access_policies") or []]
    duplicates = sorted({arn for arn in arns if arns.count(arn) > 1})
    if duplicates:
        _refuse("access_policies: each policy once, got %s more than once" % ", ".join(duplicates))
    check_tags(params.get("tags"))


def check_fargate_profile_options(params):
    """eks_fargate_profile's options: names, the pod execution role, the selectors (1 to 5, each with a namespace and
    at most 5 labels)."""
    check_name(params["name"], maximum=CLUSTER_NAME_MAX)
    check_name(params["cluster_name"], option="cluster_name")
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        _refuse("wait_timeout: must be 0 or more seconds, got %s" % params["wait_timeout"])
    if params.get("state") == "absent":
        return
    check_role_arn(params.get("pod_execution_role_arn"), "pod_execution_role_arn")
    selectors = params.get("selectors")
    if selectors is not None:
        if not 1 <= len(selectors) <= 5:
            _refuse("selectors: a Fargate profile has 1 to 5 selectors, got %d" % len(selectors))
        for index, selector in enumerate(selectors):
            if len(selector.get("labels") or {}) > 5:
                _refuse("selectors[%d].labels: at most 5 labels, got %d" % (index, len(selector["labels"])))
    if params.get("subnets") is not None and not params["subnets"]:
        _refuse("subnets: give at least one private subnet, or leave the option out to use the cluster's subnets")
    check_tags(params.get("tags"))
