# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS NodePool (nodepools.oks.dev/v1beta2, cluster-scoped) as the API server validates it.

Source: outscale/goutils ``oks/apis/oks.dev/v1beta2/openapi.json`` (the CRD's openAPIV3Schema, written by
``oks/hack/getcrds.sh`` from ``kubectl get crd nodepools.oks.dev``) and ``types.go`` (``+genclient:nonNamespaced``).
The structural part is a JSON schema checked with jsonschema; the CEL rules (``x-kubernetes-validations``) are
functions here, each returning the CRD's message. See ../FIDELITY.md and /tmp/fidelity-oks.md.
"""

from __future__ import annotations

NODE_TYPE_PATTERN = (
    r"^(tinav[34567]\.c([1-9]|[1-6][0-9]|7[0-8])r([1-9]|[1-9][0-9]|[1-9][0-9]{2}|10[0-3][0-9])(p[123])?"
    r"|(c4\.2xlarge|c4\.4xlarge|c4\.8xlarge|c4\.large|c4\.xlarge|c5\.18xlarge|c5\.2xlarge|c5\.4xlarge|c5\.8xlarge"
    r"|c5\.9xlarge|c5\.large|c5\.xlarge|io5\.12xlarge|io5\.18xlarge|io5\.2xlarge|io5\.4xlarge|io5\.6xlarge"
    r"|io5\.8xlarge|m4\.10xlarge|m4\.2xlarge|m4\.4xlarge|m4\.large|m4\.xlarge|m5\.12xlarge|m5\.2xlarge|m5\.4xlarge"
    r"|m5\.large|m5\.xlarge|mv3\.2xlarge|mv3\.large|mv3\.xlarge|oc5\.12xlarge|oc5\.18xlarge|oc5\.2xlarge"
    r"|oc5\.4xlarge|oc5\.6xlarge|oc5\.8xlarge|og4\.2xlarge|og4\.4xlarge|og4\.8xlarge|og4\.xlarge|om5\.12xlarge"
    r"|om5\.18xlarge|om5\.2xlarge|om5\.4xlarge|om5\.6xlarge|om5\.8xlarge|p100\.2xlarge|p100\.4xlarge|p100\.8xlarge"
    r"|p3\.2xlarge|p6\.8xlarge|r4\.16xlarge|r4\.2xlarge|r4\.4xlarge|r4\.8xlarge|r4\.large|r4\.xlarge"
    r"|440fxlegacy1\.large|t2\.micro|t2\.small|t2\.medium|t2\.large|m3\.medium|m3\.large|m3\.xlarge|m3\.2xlarge"
    r"|r3\.large|r3\.xlarge|r3\.2xlarge|r3\.4xlarge|r3\.8xlarge)?"
    r"|(inference7-(h200.4xlargeA|h100.large|l40.medium|l40.large|h100.2xlarge|h100.medium|h100.xlarge"
    r"|h200.2xmedium|h200.2xsmall|h200.4xlarge)))$"
)
WEEK_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
NODES = {"type": "integer", "minimum": 0, "maximum": 5000}
LABEL_KEY = r"^([a-z0-9]([^/]{0,251}[a-z0-9])?/)?[a-z0-9]([-_.a-z0-9]{0,61}[a-z0-9])?$"

VOLUME = {
    "type": "object",
    "required": ["dir", "type", "size"],
    "properties": {
        "device": {"type": "string", "pattern": r"^(root|(s|xv)d([b-z][a-z]?))$"},
        "dir": {"type": "string"},
        "iops": {"type": "integer", "minimum": 0, "maximum": 13000},
        "name": {"type": "string"},
        "size": {"type": "integer", "minimum": 1, "maximum": 14900},
        "snapshot": {"type": "string"},
        "type": {"type": "string", "enum": ["gp2", "io1", "standard"]},
    },
}

SPEC = {
    "type": "object",
    "required": ["nodeType"],
    "properties": {
        "autoHealing": {"type": "boolean"},
        "autoscaling": {"type": "boolean"},
        "desiredNodes": NODES,
        "minNodes": NODES,
        "maxNodes": NODES,
        "nodeType": {"type": "string", "pattern": NODE_TYPE_PATTERN},
        "zones": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "volumes": {"type": "array", "items": VOLUME},
        "nodeLabels": {
            "type": "object",
            "propertyNames": {"pattern": LABEL_KEY},
            "additionalProperties": {
                "type": "string",
                "maxLength": 63,
                "pattern": r"^([a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9])?$",
            },
        },
        "nodeAnnotations": {"type": "object", "additionalProperties": {"type": "string"}},
        "taint": {"type": "boolean"},
        "flavour": {"type": "string", "enum": ["oks.debian12", "oks.debian12_nvidia", "oks.ubuntu22"]},
        "ipPoolName": {"type": "string", "maxLength": 253},
        "upgradeStrategy": {
            "type": "object",
            "properties": {
                "autoUpgradeEnabled": {"type": "boolean"},
                "maxSurge": {"type": "integer"},
                "maxUnavailable": {"type": "integer"},
                "autoUpgradeMaintenance": {
                    "type": "object",
                    "properties": {
                        "durationHours": {"type": "integer", "minimum": 1, "maximum": 24},
                        "startHour": {"type": "integer", "minimum": 0, "maximum": 23},
                        "weekDay": {"type": "string", "enum": WEEK_DAYS},
                        "rrule": {"type": "string"},
                    },
                },
            },
        },
    },
}

COUNTS = ("attached", "pending", "ready", "running", "shutting_down", "stopped", "stopping")
STATUS = {
    "type": "object",
    "required": ["last_error", "progress", "state"],
    "properties": {
        "last_error": {
            "type": "object",
            "required": ["message", "posted"],
            "properties": {"message": {"type": "string"}, "posted": {"type": "string"}},
        },
        "progress": {
            "type": "object",
            "required": list(COUNTS),
            "properties": {name: {"type": "integer"} for name in COUNTS},
        },
        "state": {
            "type": "object",
            "required": ["expires", "name"],
            "properties": {"expires": {"type": "string"}, "name": {"type": "string"}},
        },
    },
}

NODEPOOL = {
    "type": "object",
    "required": ["spec"],
    "properties": {"spec": SPEC, "status": STATUS},
}


def _volume_rules(index, volume):
    """The Volume CEL rules of the CRD, as (field, message)."""
    where = "spec.volumes[%d]" % index
    kind, iops, size = volume.get("type"), volume.get("iops", 0), volume.get("size", 0)
    device, directory = volume.get("device"), volume.get("dir")
    broken = []
    if (kind == "io1" and iops < 0) or (kind != "io1" and iops != 0):
        broken.append("Only io1 storage type support iops. gp2 or standard need to have 0 iops.")
    if iops > size * 300:
        broken.append(
            "The maximum number of IOPS allowed for io1 volumes is 13000 with a maximum performance ratio of 300 "
            "IOPS per gibibyte."
        )
    if device == "root" and directory != "/":
        broken.append("'dir' must be '/' when 'device' is 'root'")
    if directory == "/" and device != "root":
        broken.append("'dir' can only be '/' when 'device' exists and equals 'root'")
    if kind == "io1" and size < 4:
        broken.append("When 'type' is 'io1', 'size' must be greater than or equal to 4")
    if device == "sda1":
        broken.append("'device' must not be 'sda1', use 'root' instead.")
    if device == "root" and "snapshot" in volume:
        broken.append("Snapshots are not supported for root devices")
    return [(where, message) for message in broken]


def rule_violations(spec):
    """The NodePoolSpec and Volume CEL rules a spec breaks, as (field, message); defaults as the CRD gives them."""
    desired = spec.get("desiredNodes", 0)
    broken = []
    if "minNodes" in spec and not spec["minNodes"] <= desired:
        broken.append(("spec", "minNodes must be less or equal than desiredNodes"))
    if "maxNodes" in spec and spec["maxNodes"] != 0 and not spec["maxNodes"] >= desired:
        broken.append(("spec", "maxNodes must be bigger or equal than desiredNodes"))
    volumes = spec.get("volumes") or []
    only_root = not volumes or (
        len(volumes) == 1 and volumes[0].get("device") == "root" and volumes[0].get("dir", "/") == "/"
    )
    if spec.get("autoscaling") and not (
        spec.get("maxNodes", 0) != 0 and len(spec.get("zones") or []) <= 1 and only_root
    ):
        broken.append(
            (
                "spec",
                "Cannot set autoscaling to 'true' if maxNodes is 0 or the number of zones is bigger than 1 or if "
                "non-root custom volumes have been specified",
            )
        )
    for index, volume in enumerate(volumes):
        if isinstance(volume, dict):
            broken.extend(_volume_rules(index, volume))
    return broken
