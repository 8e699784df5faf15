# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS emulator's rules: what the API accepts (422 problems), record shapes, limits, timings.

A problem is (location, message, type). The API answers them in its ``ErrorResponse`` (oks-openapi.yaml, the 422
examples of POST /clusters): a rule of the API (type ``value_error``) is one ``ErrorItem`` whose ``Details`` is its
message; schema problems are one ``ErrorItem`` whose ``Details`` is FastAPI's list ``[{loc, msg, type}]``.
"""

from __future__ import annotations

import ipaddress
import re

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
VERSION_PATTERN = re.compile(r"^\d+\.\d+$")
TTL_PATTERN = re.compile(r"^([1-9]\d*)([smhdw])$")
TTL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
DEFAULT_TTL = 7 * 86400
DEFAULT_USER = "kubernetes-admin"
DEFAULT_GROUP = "system:masters"
RESERVED_PREFIXES = ("system:", "oks:")

KUBERNETES_VERSIONS = ["1.29", "1.30", "1.31", "1.32"]
# The version GET /templates/cluster offers (not the oldest one: the API's default moves as versions retire).
TEMPLATE_VERSION = "1.31"
CP_SUBREGIONS = ["2a", "2b", "2c"]
CONTROL_PLANE_PLANS = ["cp.mono.master", "cp.3.masters.small", "cp.3.masters.medium", "cp.3.masters.large"]
REGIONS = ["eu-west-2", "cloudgouv-eu-west-1"]
WEEK_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
WINDOWS = ("minor_upgrade_maintenance", "patch_upgrade_maintenance")
APPLIED_ADMISSION_PLUGINS = [
    "CertificateApproval",
    "CertificateSigning",
    "CertificateSubjectRestriction",
    "ClusterTrustBundleAttest",
    "DefaultIngressClass",
    "DefaultStorageClass",
    "DefaultTolerationSeconds",
    "LimitRanger",
    "MutatingAdmissionWebhook",
    "NamespaceLifecycle",
    "PersistentVolumeClaimResize",
    "PodSecurity",
    "Priority",
    "ResourceQuota",
    "RuntimeClass",
    "ServiceAccount",
    "StorageObjectInUseProtection",
    "TaintNodesByCondition",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionWebhook",
]
OPTIONAL_ADMISSION_PLUGINS = [
    "AlwaysPullImages",
    "DenyServiceExternalIPs",
    "EventRateLimit",
    "NodeRestriction",
    "PodNodeSelector",
    "PodTolerationRestriction",
]
ALLOWED_ADMISSION_PLUGINS = sorted(APPLIED_ADMISSION_PLUGINS + OPTIONAL_ADMISSION_PLUGINS)
RESTRICTED_SUBNET = ipaddress.ip_network("172.31.0.0/16")
RFC1918 = tuple(ipaddress.ip_network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))

WINDOW_DEFAULTS = {"enabled": True, "duration_hours": 0, "start_hour": 12, "week_day": "Tue", "tz": "UTC"}
# What a cluster gets for a field the request leaves out. ClusterInput (oks-openapi.yaml) requires version,
# cidr_pods and cidr_service, so they have no default here; control_planes defaults to cp.3.masters.small there.
# cp_subregions ["2a"] and cluster_dns (the tenth address of cidr_service) are what the recorded answers of the
# vendor's Terraform provider show for a cluster created without them (tests/data/oks/.../TF-208 step1).
CLUSTER_DEFAULTS = {
    "description": "",
    "admin_lbu": False,
    "tags": {},
    "control_planes": "cp.3.masters.small",
    "disable_api_termination": False,
}
DEFAULT_SUBREGIONS = ["2a"]
CLUSTER_DNS_OFFSET = 10

# Emulated seconds each step takes (the frame's clock runs MOCKCLOUD_SPEED times faster).
PROJECT_PENDING, PROJECT_DEPLOYING, PROJECT_UPDATING, PROJECT_DELETING = 2, 8, 3, 5
CLUSTER_PENDING, CLUSTER_DEPLOYING, CLUSTER_UPDATING, CLUSTER_UPGRADING, CLUSTER_DELETING = 3, 12, 4, 15, 8

# A tag with this key makes the resource fail (its value becomes the failure message): the fail-fast test hook.
FAIL_TAG = "mockcloud-fail"


class Problems(Exception):
    """One or more 422 problems."""

    def __init__(self, problems):
        super().__init__("; ".join(message for _loc, message, _type in problems))
        self.problems = problems


def version_key(version):
    return tuple(int(part) for part in version.split("."))


def next_version(version):
    major, minor = version_key(version)[:2]
    candidate = "%d.%d" % (major, minor + 1)
    return candidate if candidate in KUBERNETES_VERSIONS else ""


def ttl_seconds(value):
    if value in (None, ""):
        return DEFAULT_TTL
    match = TTL_PATTERN.match(value)
    if not match:
        raise Problems(
            [(["query", "ttl"], "Invalid TTL '%s': use a number followed by s, m, h, d or w." % value, "value_error")]
        )
    return int(match.group(1)) * TTL_UNITS[match.group(2)]


def check_kube_identity(user, group):
    problems = []
    if user and user.startswith(RESERVED_PREFIXES):
        problems.append(
            (
                ["query", "user"],
                "Invalid user '%s': Usernames cannot start with 'system:' or 'oks:' as these are reserved." % user,
                "value_error",
            )
        )
    if group and group.startswith(RESERVED_PREFIXES):
        problems.append(
            (
                ["query", "group"],
                "Invalid group '%s': Group names cannot start with 'system:' or 'oks:' as these are reserved." % group,
                "value_error",
            )
        )
    if problems:
        raise Problems(problems)


class Checker:
    """Collects the problems of one request body."""

    def __init__(self, body):
        self.body = body if isinstance(body, dict) else {}
        self.problems = (
            [] if isinstance(body, dict) else [(["body"], "Input should be a valid dictionary", "dict_type")]
        )

    def add(self, field, message, kind="value_error"):
        loc = ["body"] + (field if isinstance(field, list) else [field])
        self.problems.append((loc, message, kind))

    def done(self):
        if self.problems:
            raise Problems(self.problems)

    def required(self, *fields):
        for field in fields:
            if self.body.get(field) in (None, ""):
                self.add(field, "Field required", "missing")

    def typed(self, field, kind, label):
        value = self.body.get(field)
        if value is not None and not isinstance(value, kind):
            self.add(field, "Input should be a valid %s" % label, "%s_type" % label)
            return False
        return value is not None

    def name(self, field="name"):
        value = self.body.get(field)
        if isinstance(value, str) and (not 1 <= len(value) <= 40 or not NAME_PATTERN.match(value)):
            self.add(
                field,
                "String should match pattern '%s' and have 1 to 40 characters" % NAME_PATTERN.pattern,
                "string_pattern_mismatch",
            )

    def tags(self):
        if self.typed("tags", dict, "dictionary"):
            for key, value in self.body["tags"].items():
                if not isinstance(value, str):
                    self.add(["tags", key], "Input should be a valid string", "string_type")

    def string_list(self, field):
        if self.typed(field, list, "list"):
            for index, value in enumerate(self.body[field]):
                if not isinstance(value, str):
                    self.add([field, index], "Input should be a valid string", "string_type")
            return True
        return False

    def boolean(self, field):
        self.typed(field, bool, "boolean")

    def private_cidr(self, field, prefixes=None):
        value = self.body.get(field)
        if not isinstance(value, str):
            return None
        try:
            network = ipaddress.ip_network(value, strict=True)
        except ValueError:
            self.add(field, "Invalid CIDR: '%s' is not a valid CIDR block." % value)
            return None
        if network.version != 4:
            self.add(field, "Invalid CIDR: '%s' is not an IPv4 range. Only IPv4 CIDR blocks are supported." % value)
        elif not any(network.subnet_of(block) for block in RFC1918):
            self.add(field, "Invalid CIDR: '%s' is not a private IP range as defined by RFC1918." % value)
        elif network.overlaps(RESTRICTED_SUBNET):
            self.add(
                field,
                "Invalid CIDR: '%s' is not allowed as it belongs to the restricted subnet %s."
                % (value, RESTRICTED_SUBNET),
            )
        elif prefixes and not prefixes[0] <= network.prefixlen <= prefixes[1]:
            self.add(field, "Invalid CIDR: '%s' must have a prefix length between /%d and /%d." % ((value,) + prefixes))
        else:
            return network
        return None

    def admin_whitelist(self):
        if not self.string_list("admin_whitelist"):
            return
        for value in self.body["admin_whitelist"]:
            try:
                network = ipaddress.ip_network(value, strict=True)
            except ValueError:
                self.add("admin_whitelist", "Invalid cidr in the admin_whitelist: %s" % value)
                continue
            if network.version != 4:
                self.add("admin_whitelist", "IPv6 addresses are not allowed: %s" % value)
            elif network.network_address.is_loopback:
                self.add("admin_whitelist", "Loopback IPs are not allowed: %s" % value)
            elif network.prefixlen and any(network.subnet_of(block) for block in RFC1918):
                self.add("admin_whitelist", "Private RFC1918 IPs are not allowed: %s" % value)

    def admission_flags(self):
        if not self.typed("admission_flags", dict, "dictionary"):
            return
        flags = self.body["admission_flags"]
        invalid = []
        for key in ("disable_admission_plugins", "enable_admission_plugins"):
            values = flags.get(key) or []
            if not isinstance(values, list):
                self.add(["admission_flags", key], "Input should be a valid list", "list_type")
                continue
            invalid.extend(value for value in values if value not in ALLOWED_ADMISSION_PLUGINS)
        if invalid:
            self.add(
                "admission_flags",
                "Invalid plugin(s): %s. Allowed plugins to enable/disable are: %s"
                % (", ".join(invalid), ", ".join(ALLOWED_ADMISSION_PLUGINS)),
            )

    def maintenances(self):
        if not self.typed("auto_maintenances", dict, "dictionary"):
            return
        for window in WINDOWS:
            settings = self.body["auto_maintenances"].get(window)
            if settings is None:
                self.add(["auto_maintenances", window], "Field required", "missing")
                continue
            if not isinstance(settings, dict):
                self.add(["auto_maintenances", window], "Input should be a valid dictionary", "dict_type")
                continue
            for key in ("start_hour", "duration_hours"):
                value = settings.get(key)
                if value is not None and (
                    not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 23
                ):
                    self.add(
                        ["auto_maintenances", window, key],
                        "Input should be less than or equal to 23 and greater than or equal to 0",
                        "less_than_equal",
                    )
            if settings.get("week_day") is not None and settings["week_day"] not in WEEK_DAYS:
                self.add(["auto_maintenances", window, "week_day"], "Input should be %s" % ", ".join(WEEK_DAYS), "enum")

    def version(self, current=None):
        value = self.body.get("version")
        if value is None:
            return
        if not isinstance(value, str) or not VERSION_PATTERN.match(value):
            self.add("version", "Invalid version format. Use 'X.Y' (e.g., '1.30').")
        elif value not in KUBERNETES_VERSIONS:
            self.add("version", "This version of Kubernetes is not implemented.")
        elif (
            current
            and value != current
            and (version_key(value) < version_key(current) or value != next_version(current))
        ):
            self.add("version", "Invalid cluster version update. Only +1 minor version allowed.")

    def control_plane(self):
        value = self.body.get("control_planes")
        if value is not None and value not in CONTROL_PLANE_PLANS:
            self.add(
                "control_planes",
                "Failed to create cluster. Control plane plan '%s' does not exist. Valid plans are: "
                "%s" % (value, ", ".join(CONTROL_PLANE_PLANS)),
            )

    def subregions(self):
        """The subregion rules of POST /clusters (oks-openapi.yaml, its 422 examples): a multi-AZ control plane
        (cp_multi_az true) needs at least 3 subregions, a mono-AZ one (cp_multi_az false or left out) takes one."""
        multi_az = self.body.get("cp_multi_az") is True
        if multi_az and self.body.get("control_planes") == "cp.mono.master":
            self.add("cp_multi_az", "Multi AZ is not allowed for the requested control_plane size.")
        if not self.string_list("cp_subregions"):
            return
        values = self.body["cp_subregions"]
        if len(set(values)) != len(values):
            self.add("cp_subregions", "The requested subregions must be unique.")
        if len(values) > len(CP_SUBREGIONS):
            self.add("cp_subregions", "The number of requested subregions exceeds the available subregions.")
        for value in values:
            if value not in CP_SUBREGIONS:
                self.add("cp_subregions", "The subregion '%s' does not exist." % value)
        if values and multi_az and len(values) < 3:
            self.add(
                "cp_subregions",
                "The requested subregions '%s' cannot be specified for multi AZ configuration (cp_multi_az: "
                "'%s'). Multi AZ cluster must have at least 3 subregions." % (values, True),
            )
        elif not multi_az and len(values) > 1:
            self.add(
                "cp_subregions",
                "The requested subregions '%s' cannot be specified for the mono AZ configuration (cp_multi_az: "
                "'%s')." % (values, bool(self.body.get("cp_multi_az"))),
            )


def check_project(body):
    checker = Checker(body)
    checker.required("name", "cidr", "region")
    checker.name()
    checker.private_cidr("cidr", (16, 23))
    if isinstance(checker.body.get("region"), str) and checker.body["region"] not in REGIONS:
        checker.add("region", "Input should be %s" % " or ".join(REGIONS), "enum")
    checker.tags()
    checker.string_list("quirks")
    checker.boolean("disable_api_termination")
    checker.done()


def check_project_update(body):
    checker = Checker(body)
    checker.tags()
    checker.string_list("quirks")
    checker.boolean("disable_api_termination")
    checker.done()


def check_cluster(body):
    checker = Checker(body)
    checker.required("name", "project_id", "version", "cidr_pods", "cidr_service", "admin_whitelist")
    checker.name()
    checker.version()
    checker.control_plane()
    checker.subregions()
    checker.boolean("admin_lbu")
    checker.boolean("cp_multi_az")
    checker.boolean("disable_api_termination")
    checker.admission_flags()
    checker.maintenances()
    checker.admin_whitelist()
    checker.string_list("quirks")
    checker.tags()
    pods = checker.private_cidr("cidr_pods")
    service = checker.private_cidr("cidr_service")
    dns = checker.body.get("cluster_dns")
    if isinstance(dns, str) and service is not None:
        try:
            inside = ipaddress.ip_address(dns) in service
        except ValueError:
            checker.add("cluster_dns", "Invalid network address: %s" % dns)
        else:
            if not inside:
                checker.add("cluster_dns", "Failed to create cluster. cluster_dns is not part of cidr_service")
    checker.done()
    return pods, service


def check_cluster_update(body, cluster):
    checker = Checker(body)
    checker.version(current=cluster["version"])
    checker.control_plane()
    checker.boolean("disable_api_termination")
    checker.admission_flags()
    checker.maintenances()
    checker.admin_whitelist()
    checker.string_list("quirks")
    checker.tags()
    checker.done()


def windows(value):
    value = value or {}
    return {window: dict(WINDOW_DEFAULTS, **(value.get(window) or {})) for window in WINDOWS}


def admission_flags(value):
    value = value or {}
    return {
        "disable_admission_plugins": list(value.get("disable_admission_plugins") or []),
        "enable_admission_plugins": list(value.get("enable_admission_plugins") or []),
        "applied_admission_plugins": applied_plugins(value),
    }


def applied_plugins(flags):
    disabled = set(flags.get("disable_admission_plugins") or [])
    enabled = list(flags.get("enable_admission_plugins") or [])
    return sorted(set(APPLIED_ADMISSION_PLUGINS + enabled) - disabled)


def new_project(project_id, body, now):
    return {
        "id": project_id,
        "name": body["name"],
        "description": body.get("description") or "",
        "cidr": body["cidr"],
        "region": body["region"],
        "status": "pending",
        "tags": dict(body.get("tags") or {}),
        "disable_api_termination": bool(body.get("disable_api_termination", False)),
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
        "_quirks": list(body.get("quirks") or []),
    }


def default_cluster_dns(cidr_service):
    network = ipaddress.ip_network(cidr_service, strict=False)
    return str(network.network_address + CLUSTER_DNS_OFFSET)


def new_cluster(cluster_id, body, now):
    values = dict(CLUSTER_DEFAULTS)
    values.update({key: value for key, value in body.items() if value is not None})
    multi_az = values.get("cp_multi_az") is True
    subregions = values.get("cp_subregions") or (list(CP_SUBREGIONS) if multi_az else list(DEFAULT_SUBREGIONS))
    return {
        "project_id": values["project_id"],
        "id": cluster_id,
        "name": values["name"],
        "description": values.get("description") or "",
        "cp_multi_az": multi_az,
        "cp_subregions": list(subregions),
        "version": values["version"],
        "cni": "cilium",
        "admin_lbu": bool(values["admin_lbu"]),
        "admission_flags": admission_flags(values.get("admission_flags")),
        "cidr_pods": values["cidr_pods"],
        "cidr_service": values["cidr_service"],
        "cluster_dns": values.get("cluster_dns") or default_cluster_dns(values["cidr_service"]),
        "tags": dict(values.get("tags") or {}),
        "auto_maintenances": windows(values.get("auto_maintenances")),
        "control_planes": values["control_planes"],
        "admin_whitelist": list(values["admin_whitelist"]),
        "statuses": {
            "created_at": now,
            "deleted_at": None,
            "updated_at": now,
            "status": "pending",
            "available_upgrade": next_version(values["version"]),
        },
        "disable_api_termination": bool(values["disable_api_termination"]),
        "_quirks": list(values.get("quirks") or []),
    }
