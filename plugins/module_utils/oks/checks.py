# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS option checks, made before any API call: every value the API would refuse is refused here first,
with a message that names the option and what is allowed."""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import duration_seconds
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.model import MULTI_AZ_MIN_SUBREGIONS, WINDOWS

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
NAME_MAX_LENGTH = 40
VERSION_PATTERN = re.compile(r"^\d+\.\d+$")
TTL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
RESERVED_PREFIXES = ("system:", "oks:")
RFC1918 = tuple(ipaddress.ip_network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
PROJECT_CIDR_PREFIXES = (16, 23)


def check_name(option, value):
    if value is None:
        return
    if not 1 <= len(value) <= NAME_MAX_LENGTH or not NAME_PATTERN.match(value):
        raise InputError(
            "%s: %r is not a valid OKS name: use 1 to %d characters, lowercase letters, digits and '-', starting with a "
            "letter and ending with a letter or digit (pattern %s)"
            % (option, value, NAME_MAX_LENGTH, NAME_PATTERN.pattern)
        )


def _network(option, value):
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError as error:
        raise InputError("%s: %r is not a valid CIDR block (%s)" % (option, value, error)) from None
    if network.version != 4:
        raise InputError("%s: %r is IPv6; OKS accepts IPv4 CIDR blocks only" % (option, value))
    return network


def is_rfc1918(network):
    return any(network.subnet_of(block) for block in RFC1918)


def check_private_cidr(option, value, prefixes=None):
    if value is None:
        return None
    network = _network(option, value)
    if not is_rfc1918(network):
        raise InputError(
            "%s: %r is not a private range as defined by RFC 1918 (10.0.0.0/8, 172.16.0.0/12, "
            "192.168.0.0/16)" % (option, value)
        )
    if prefixes and not prefixes[0] <= network.prefixlen <= prefixes[1]:
        raise InputError("%s: %r must have a prefix length between /%d and /%d" % ((option, value) + tuple(prefixes)))
    return network


def check_ipv4(option, value):
    if value is None:
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        raise InputError("%s: %r is not an IP address" % (option, value)) from None
    if address.version != 4:
        raise InputError("%s: %r is IPv6; OKS accepts IPv4 addresses only" % (option, value))
    return address


def check_admin_whitelist(values):
    for value in values or []:
        try:
            network = ipaddress.ip_network(value, strict=True)
        except ValueError as error:
            raise InputError("admin_whitelist: %r is not an IPv4 address or CIDR block (%s)" % (value, error)) from None
        if network.version != 4:
            raise InputError("admin_whitelist: %r is IPv6; OKS accepts IPv4 addresses only" % value)
        if network.network_address.is_loopback:
            raise InputError("admin_whitelist: %r is a loopback range, which OKS refuses" % value)
        if network.prefixlen and is_rfc1918(network):
            raise InputError(
                "admin_whitelist: %r is a private RFC 1918 range; list the public addresses that reach the "
                "Kubernetes API" % value
            )


def check_hour(option, value):
    if value is not None and not 0 <= value <= 23:
        raise InputError("%s: %r is out of range, use an hour from 0 to 23" % (option, value))


def check_version(value):
    if value is not None and not VERSION_PATTERN.match(value):
        raise InputError("version: %r is not a Kubernetes version in the form X.Y (for example '1.30')" % value)


def check_kube_identity(option, value):
    if value and value.startswith(RESERVED_PREFIXES):
        raise InputError("%s: %r starts with a reserved prefix (%s)" % (option, value, ", ".join(RESERVED_PREFIXES)))


def ttl_seconds(value):
    """Seconds in a TTL such as 86400, '30m', '5h', '1d' or '1w'; None for None."""
    return duration_seconds("ttl", value)


def api_ttl(value):
    """The TTL as the OKS API takes it (a number and a unit, in the largest unit that divides it); None for None."""
    seconds = ttl_seconds(value)
    if seconds is None:
        return None
    for unit in ("w", "d", "h", "m"):
        if seconds % TTL_UNITS[unit] == 0:
            return "%d%s" % (seconds // TTL_UNITS[unit], unit)
    return "%ds" % seconds


def validate_project_params(params):
    check_name("name", params.get("name"))
    check_private_cidr("cidr", params.get("cidr"), PROJECT_CIDR_PREFIXES)
    if params.get("state", "present") == "present" and not params.get("name") and not params.get("project_id"):
        raise InputError("name: required to manage a project (or give project_id)")


def validate_cluster_params(params):
    check_name("name", params.get("name"))
    check_name("project_name", params.get("project_name"))
    check_version(params.get("version"))
    check_private_cidr("cidr_pods", params.get("cidr_pods"))
    service = check_private_cidr("cidr_service", params.get("cidr_service"))
    dns = check_ipv4("cluster_dns", params.get("cluster_dns"))
    if dns is not None and service is not None and dns not in service:
        raise InputError("cluster_dns: %s is not inside cidr_service %s" % (dns, service))
    check_admin_whitelist(params.get("admin_whitelist"))
    if params.get("cp_subregions") is not None:
        subregions = params["cp_subregions"]
        if not subregions:
            raise InputError("cp_subregions: give at least one subregion, for example ['2a']")
        if len(set(subregions)) != len(subregions):
            raise InputError("cp_subregions: %s lists a subregion twice; the subregions must be unique" % subregions)
        if 1 < len(subregions) < MULTI_AZ_MIN_SUBREGIONS:
            raise InputError(
                "cp_subregions: %s: a control plane in several subregions is a multi-AZ one, which OKS builds on at "
                "least %d subregions; give one subregion, or %d or more"
                % (subregions, MULTI_AZ_MIN_SUBREGIONS, MULTI_AZ_MIN_SUBREGIONS)
            )
    for window in WINDOWS:
        settings = (params.get("auto_maintenances") or {}).get(window) or {}
        for key in ("start_hour", "duration_hours"):
            check_hour("auto_maintenances.%s.%s" % (window, key), settings.get(key))


def validate_kubeconfig_params(params):
    check_name("name", params.get("name"))
    check_name("project_name", params.get("project_name"))
    check_kube_identity("user", params.get("user"))
    check_kube_identity("group", params.get("group"))
    ttl_seconds(params.get("ttl"))
    if not params.get("cluster_id") and not (params.get("project_id") or params.get("project_name")):
        raise InputError(
            "name: give the project of cluster '%s' with project_id or project_name, or give cluster_id"
            % params.get("name")
        )


# --- node pools: the NodePool CRD's schema and rules (nodepools.oks.dev/v1beta2), before any call ---------------

OBJECT_NAME_PATTERN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
OBJECT_NAME_MAX_LENGTH = 253
TINA_TYPE_PATTERN = re.compile(
    r"^tinav[34567]\.c([1-9]|[1-6][0-9]|7[0-8])r([1-9]|[1-9][0-9]|[1-9][0-9]{2}|10[0-3][0-9])(p[123])?$"
)
ZONE_PATTERN = re.compile(r"^[a-z][a-z0-9-]*[0-9][a-z]$")
DEVICE_PATTERN = re.compile(r"^(root|(s|xv)d([b-z][a-z]?))$")
LABEL_KEY_PATTERN = re.compile(r"^([a-z0-9]([^/]{0,251}[a-z0-9])?/)?[a-z0-9]([-_.a-z0-9]{0,61}[a-z0-9])?$")
LABEL_VALUE_PATTERN = re.compile(r"^([a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9])?$")
MAX_NODES = 5000
VOLUME_SIZE = (1, 14900)
MAX_IOPS = 13000
IOPS_PER_GIB = 300


def check_range(option, value, low, high):
    if value is not None and not low <= value <= high:
        raise InputError("%s: %r is out of range, use a number from %d to %d" % (option, value, low, high))


def check_object_name(option, value):
    if value is None:
        return
    if len(value) > OBJECT_NAME_MAX_LENGTH or not OBJECT_NAME_PATTERN.match(value):
        raise InputError(
            "%s: %r is not a valid Kubernetes object name: use at most %d lowercase letters, digits, '-' and '.', "
            "starting and ending with a letter or digit" % (option, value, OBJECT_NAME_MAX_LENGTH)
        )


def check_node_type(value):
    if value is None:
        return
    if not value or any(char.isspace() for char in value):
        raise InputError("node_type: %r is not a VM type, for example 'tinav6.c2r4p3'" % value)
    if value.startswith("tinav") and not TINA_TYPE_PATTERN.match(value):
        raise InputError(
            "node_type: %r is not a VM type OKS node pools take: use tinavG.cCrR or tinavG.cCrRpP with a generation "
            "G from 3 to 7, C from 1 to 78 vCPUs, R from 1 to 1039 GiB of memory and P from 1 to 3, for example "
            "'tinav6.c2r4p3'" % value
        )


def check_zones(values):
    if values is None:
        return
    if not values:
        raise InputError("zones: give at least one subregion, for example ['eu-west-2a']")
    if len(set(values)) != len(values):
        raise InputError("zones: %s lists a subregion twice" % values)
    for value in values:
        if not ZONE_PATTERN.match(value):
            raise InputError("zones: %r is not a subregion name such as 'eu-west-2a'" % value)


def check_volume(index, volume):
    where = "volumes[%d]" % index
    device, directory, kind = volume.get("device"), volume.get("dir"), volume.get("type")
    size, iops = volume.get("size"), volume.get("iops") or 0
    if directory is None or size is None or kind is None:
        raise InputError("%s: dir, type and size are required for every volume" % where)
    check_range(where + ".size", size, *VOLUME_SIZE)
    check_range(where + ".iops", iops, 0, MAX_IOPS)
    if device is not None and not DEVICE_PATTERN.match(device):
        raise InputError(
            "%s.device: %r is not a device name: use 'root' or sdX / xvdX (X from b to z, optionally followed by a "
            "letter), for example 'xvdb'" % (where, device)
        )
    if (device == "root") != (directory == "/"):
        raise InputError("%s: dir must be '/' for the root device, and only for it (device 'root')" % where)
    if kind != "io1" and iops:
        raise InputError("%s.iops: only io1 volumes take iops; gp2 and standard volumes need 0" % where)
    if kind == "io1" and size < 4:
        raise InputError("%s.size: io1 volumes need a size of 4 GiB or more" % where)
    if iops > size * IOPS_PER_GIB:
        raise InputError(
            "%s.iops: at most %d IOPS per GiB of size (%d for %d GiB)"
            % (where, IOPS_PER_GIB, size * IOPS_PER_GIB, size)
        )
    if device == "root" and volume.get("snapshot"):
        raise InputError("%s.snapshot: the root device cannot be made from a snapshot" % where)


def check_node_labels(labels):
    for key, value in (labels or {}).items():
        if not LABEL_KEY_PATTERN.match(str(key)):
            raise InputError("node_labels: %r is not a valid label name ([prefix/]name, lowercase)" % key)
        text = "" if value is None else str(value)
        if len(text) > 63 or not LABEL_VALUE_PATTERN.match(text):
            raise InputError(
                "node_labels: the value %r of %r is not a valid label value (at most 63 letters, digits, '-', '_' "
                "and '.', starting and ending with a letter or digit)" % (text, key)
            )


def check_node_counts(params):
    desired, low, high = params.get("desired_nodes"), params.get("min_nodes"), params.get("max_nodes")
    for option in ("desired_nodes", "min_nodes", "max_nodes"):
        check_range(option, params.get(option), 0, MAX_NODES)
    if desired is not None and low is not None and low > desired:
        raise InputError("min_nodes: %d is above desired_nodes %d" % (low, desired))
    if desired is not None and high and high < desired:
        raise InputError("max_nodes: %d is below desired_nodes %d (0 means no maximum)" % (high, desired))
    if params.get("autoscaling"):
        volumes = params.get("volumes") or []
        root_only = all(volume.get("device") == "root" for volume in volumes) and len(volumes) <= 1
        if not high or len(params.get("zones") or []) > 1 or not root_only:
            raise InputError(
                "autoscaling: needs max_nodes above 0, at most one subregion in zones, and no volume besides the "
                "root device"
            )


def validate_nodepool_params(params):
    check_object_name("name", params.get("name"))
    check_name("cluster_name", params.get("cluster_name"))
    check_name("project_name", params.get("project_name"))
    if not params.get("kubeconfig") and not params.get("cluster_id"):
        if not params.get("cluster_name") or not (params.get("project_id") or params.get("project_name")):
            raise InputError(
                "cluster_name: name the cluster of the node pool with cluster_id, or with cluster_name and project_id "
                "or project_name (or give kubeconfig, the path of a kubeconfig of the cluster)"
            )
    check_node_type(params.get("node_type"))
    check_zones(params.get("zones"))
    check_node_counts(params)
    for index, volume in enumerate(params.get("volumes") or []):
        check_volume(index, volume)
    maintenance = (params.get("upgrade_strategy") or {}).get("auto_upgrade_maintenance") or {}
    check_range("upgrade_strategy.auto_upgrade_maintenance.duration_hours", maintenance.get("duration_hours"), 1, 24)
    check_range("upgrade_strategy.auto_upgrade_maintenance.start_hour", maintenance.get("start_hour"), 0, 23)
    check_node_labels(params.get("node_labels"))
