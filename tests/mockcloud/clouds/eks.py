# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Amazon EKS (API 2017-11-01, rest-json) under /eks: what moto does not emulate.

- clusters go CREATING -> ACTIVE (10 s of emulated time), DELETING -> gone (8 s);
- update-config (one kind of change per call, no-op changes refused as EKS does) and version upgrades (one
  minor version at a time), each an update followed with DescribeUpdate (InProgress -> Successful);
- clientRequestToken idempotency: the same token and name answer the same cluster instead of
  ResourceInUseException;
- FAILED on demand: a cluster created with the tag ``mockcloud/fail: "true"`` ends FAILED instead of ACTIVE
  (a node group with it ends CREATE_FAILED); a cluster tagged ``mockcloud/fail-updates: "true"`` sees every
  update of itself and of its node groups end Failed; a cluster tagged ``mockcloud/fail-delete: "true"`` goes
  DELETING and comes back ACTIVE (botocore's ClusterDeleted waiter fails on that);
- seed hooks (``POST /_admin/seed {"cloud": "eks", ...}``): ``throttle`` (HTTP 400 ThrottlingException answers),
  ``nodegroup_health`` (a DEGRADED node group with health issues), ``aws_tags`` (tags AWS itself sets, which
  UntagResource refuses to remove);
- requests and 2xx answers are checked against botocore's service model (eks_model.CONTRACT: a wrong request gets
  InvalidParameterException, a wrong answer a 500), SigV4 signatures are recomputed with botocore (403
  InvalidSignatureException when they differ);
- errors carry the HTTP status, ``X-Amzn-ErrorType`` and ``{"message": ...}``;
- node groups (see eks_nodegroups.py) and the tags API on clusters and node groups.

The region is the one of the signature's credential scope; the account is always 123456789012.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re

from flask import Blueprint, g, request

from ..context import store
from ..credentials import for_cloud
from ..spec import CloudSpec
from . import eks_access, eks_addons, eks_auth, eks_fargate, eks_model, eks_nodegroups
from .eks_common import (
    ACCOUNT_ID,
    CLOUD as CLOUD_NAME,
    DEFAULT_REGION,
    DEFAULT_VERSION,
    DELAYS,
    FAIL_DELETE_TAG,
    FAIL_TAG,
    LOG_TYPES,
    SUPPORTED_VERSIONS,
    EksError,
    answer,
    bad_request,
    check_taggable_tags,
    check_untaggable_keys,
    cluster_key,
    cluster_nodegroups,
    clusters,
    error_response,
    get_cluster,
    hex_id,
    in_use,
    invalid,
    json_body,
    nodegroup_key,
    nodegroups,
    now,
    page,
    public,
    region,
    replay,
    start_update,
    update_in_progress,
    updates,
)

BLUEPRINT = Blueprint("mockcloud_eks", __name__)

ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$")
ENDPOINT_FIELDS = ("endpointPublicAccess", "endpointPrivateAccess", "publicAccessCidrs")
SERVICE_CIDR_RANGES = tuple(ipaddress.ip_network(block) for block in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
SIMPLE_CONFIG_UPDATES = {
    "accessConfig": "AccessConfigUpdate",
    "upgradePolicy": "UpgradePolicyUpdate",
    "zonalShiftConfig": "ZonalShiftConfigUpdate",
    "deletionProtection": "DeletionProtectionUpdate",
}
# botocore's UpdateParamType names the parameter each of these updates reports (DescribeUpdate's params)
SIMPLE_UPDATE_PARAMS = {
    "accessConfig": lambda value: [("AuthenticationMode", value.get("authenticationMode"))],
    "upgradePolicy": lambda value: [("UpgradePolicy", json.dumps(value))],
    "zonalShiftConfig": lambda value: [("ZonalShiftConfig", json.dumps(value))],
    "deletionProtection": lambda value: [("DeletionProtection", str(value).lower())],
}
# Authentication modes only move forward (CONFIG_MAP -> API_AND_CONFIG_MAP -> API): EKS user guide, "Change the
# authentication mode to use access entries"; the reverse switches are refused.
AUTHENTICATION_MODES = ("CONFIG_MAP", "API_AND_CONFIG_MAP", "API")

# A session credential besides the static keys of credentials.json, so tests can prove session tokens are signed.
SESSION_CREDENTIALS = {
    "access_key": "ASIAMOCKCLOUD0000001",
    "secret_key": "mockcloudEksSessionSecret00000000000000001",
    "session_token": "mockcloud-eks-session-token-0000000000000001",
}


def _accepted():
    static = for_cloud(CLOUD_NAME)
    return {
        static["access_key"]: {"secret_key": static["secret_key"], "session_token": static.get("session_token")},
        SESSION_CREDENTIALS["access_key"]: {
            "secret_key": SESSION_CREDENTIALS["secret_key"],
            "session_token": SESSION_CREDENTIALS["session_token"],
        },
    }


ACCEPTED = _accepted()


THROTTLE_MESSAGE = "Rate exceeded"


def verify(incoming):
    throttled = _throttled(incoming)
    if throttled is not None:
        return throttled
    try:
        g.eks_region = eks_auth.verify(incoming, ACCEPTED)
    except eks_auth.SignatureProblem as problem:
        return error_response(problem.status, problem.code, problem.message)
    return None


def _throttled(incoming):
    """The throttling answer of the first armed rule matching the request (botocore's _retry.json: a 400 with
    ThrottlingException, Throttling, ThrottledException, RequestThrottledException), or None."""
    with store().lock:
        for rule in store().collection(CLOUD_NAME, "throttles").values():
            if rule["times"] <= 0 or (rule["method"] and incoming.method != rule["method"]):
                continue
            if rule["path_regex"] and not re.search(rule["path_regex"], incoming.path):
                continue
            rule["times"] -= 1
            return error_response(rule["status"], rule["code"], THROTTLE_MESSAGE)
    return None


def _arm_throttle(seeded_store, params):
    """Seed hook: the next ``times`` requests matching method and path_regex answer a throttling error."""
    rules = seeded_store.collection(CLOUD_NAME, "throttles")
    rule = {
        "id": "throttle-%d" % len(rules),
        "times": int(params.get("times", 1)),
        "status": int(params.get("status", 400)),
        "code": params.get("code") or "ThrottlingException",
        "method": (params.get("method") or "").upper() or None,
        "path_regex": params.get("path_regex"),
    }
    return dict(rules.add(rule))


@BLUEPRINT.errorhandler(EksError)
def _eks_error(error):
    return error_response(error.status, error.code, error.message, **error.extra)


# --- cluster records -----------------------------------------------------------------------------------------


def _fake_certificate(seed):
    body = base64.b64encode(bytes.fromhex(hex_id(seed, 64)) * 12).decode("ascii")
    lines = [body[index : index + 64] for index in range(0, len(body), 64)]
    pem = "-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % "\n".join(lines)
    return base64.b64encode(pem.encode("ascii")).decode("ascii")


def _normalised_logging(enabled):
    enabled = [kind for kind in LOG_TYPES if kind in enabled]
    disabled = [kind for kind in LOG_TYPES if kind not in enabled]
    setups = []
    if enabled:
        setups.append({"types": enabled, "enabled": True})
    if disabled:
        setups.append({"types": disabled, "enabled": False})
    return {"clusterLogging": setups}


def _enabled_logs(logging):
    enabled = set()
    for setup in (logging or {}).get("clusterLogging") or []:
        if setup.get("enabled"):
            enabled.update(setup.get("types") or [])
    return enabled


def _requested_logs(current, requested):
    enabled, seen = set(current), set()
    for setup in requested.get("clusterLogging") or []:
        for kind in setup.get("types") or []:
            if kind in seen:
                raise invalid("The type %s is specified more than once in the logging configuration." % kind)
            seen.add(kind)
            (enabled.add if setup.get("enabled") else enabled.discard)(kind)
    return enabled


def _check_cidrs(cidrs, ip_family="ipv4"):
    """publicAccessCidrs: IPv6 blocks only on ipv6 clusters (botocore's VpcConfigRequest.publicAccessCidrs)."""
    for cidr in cidrs:
        try:
            block = ipaddress.ip_network(cidr, strict=True)
        except ValueError:
            raise invalid("The following CIDRs are invalid in publicAccessCidrs: [%s]" % cidr)
        if block.version != 4 and ip_family != "ipv6":
            raise invalid("IPv6 CIDR blocks cannot be added to the publicAccessCidrs of an IPv4 cluster: [%s]" % cidr)


def _default_cidrs(ip_family):
    return ["0.0.0.0/0", "::/0"] if ip_family == "ipv6" else ["0.0.0.0/0"]


def _check_endpoints(public_access, private_access):
    if not public_access and not private_access:
        raise invalid("Cluster must have either public or private API server endpoint access enabled.")


def _check_vpc_ids(subnets=None, groups=None):
    if subnets is not None:
        if len(set(subnets)) < 2:
            raise invalid("Subnets specified must be in at least two different AZs")
        for subnet in subnets:
            if not subnet.startswith("subnet-"):
                raise invalid("The subnet ID '%s' does not exist" % subnet)
    if groups is not None:
        if len(groups) > 5:
            raise invalid("At most 5 security groups can be specified.")
        for group in groups:
            if not group.startswith("sg-"):
                raise invalid("The security group '%s' does not exist" % group)


def _check_version(version):
    if version not in SUPPORTED_VERSIONS:
        raise invalid("unsupported Kubernetes version %s (supported: %s)" % (version, ", ".join(SUPPORTED_VERSIONS)))


def _check_new_cluster(body):
    if not ROLE_ARN.match(body["roleArn"]):
        raise invalid("Role %s is not a valid IAM role ARN" % body["roleArn"])
    vpc = body["resourcesVpcConfig"]
    _check_vpc_ids(vpc.get("subnetIds") or [], vpc.get("securityGroupIds"))
    _check_endpoints(vpc.get("endpointPublicAccess", True), vpc.get("endpointPrivateAccess", False))
    _check_cidrs(vpc.get("publicAccessCidrs") or [], (body.get("kubernetesNetworkConfig") or {}).get("ipFamily"))
    _check_version(body.get("version") or DEFAULT_VERSION)
    service_cidr = (body.get("kubernetesNetworkConfig") or {}).get("serviceIpv4Cidr")
    if service_cidr:
        try:
            block = ipaddress.ip_network(service_cidr, strict=True)
        except ValueError:
            raise invalid("serviceIpv4Cidr %s is not a valid CIDR block" % service_cidr)
        if (
            not any(block.version == 4 and block.subnet_of(allowed) for allowed in SERVICE_CIDR_RANGES)
            or not 12 <= block.prefixlen <= 24
        ):
            raise invalid("serviceIpv4Cidr %s must be a /12 to /24 block within the RFC 1918 ranges" % service_cidr)
    _requested_logs(set(), body.get("logging") or {})
    _check_encryption(body.get("encryptionConfig"))
    check_taggable_tags(body.get("tags") or {})


KMS_KEY = re.compile(r"^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/.+|alias/.+)$")


def _check_encryption(configs):
    """encryptionConfig: one configuration whose provider is a KMS key (ARN or alias), for the resource 'secrets'."""
    if configs is None:
        return
    if len(configs) != 1:
        raise invalid("Only one encryption configuration is supported, got %d" % len(configs))
    config = configs[0]
    key = (config.get("provider") or {}).get("keyArn")
    if not key or not KMS_KEY.match(key):
        raise invalid("The keyArn %s is not a valid KMS key ARN or alias" % key)
    if config.get("resources") not in (None, ["secrets"]):
        raise invalid("Only 'secrets' resources are supported for encryption, got %s" % config.get("resources"))


def new_cluster(body, token, in_region, created_at, status="CREATING"):
    name = body["name"]
    vpc = body["resourcesVpcConfig"]
    network = body.get("kubernetesNetworkConfig") or {}
    subnets = list(vpc.get("subnetIds") or [])
    access = body.get("accessConfig") or {}
    cluster = {
        "name": name,
        "arn": "arn:aws:eks:%s:%s:cluster/%s" % (in_region, ACCOUNT_ID, name),
        "createdAt": created_at,
        "version": body.get("version") or DEFAULT_VERSION,
        "endpoint": None,
        "roleArn": body["roleArn"],
        "resourcesVpcConfig": {
            "subnetIds": subnets,
            "securityGroupIds": list(vpc.get("securityGroupIds") or []),
            "clusterSecurityGroupId": "sg-" + hex_id("cluster-sg/" + in_region + name),
            "vpcId": "vpc-" + hex_id("vpc/" + (subnets[0] if subnets else name)),
            "endpointPublicAccess": vpc.get("endpointPublicAccess", True),
            "endpointPrivateAccess": vpc.get("endpointPrivateAccess", False),
            "publicAccessCidrs": list(vpc.get("publicAccessCidrs") or _default_cidrs(network.get("ipFamily"))),
        },
        "kubernetesNetworkConfig": {
            "serviceIpv4Cidr": network.get("serviceIpv4Cidr") or "10.100.0.0/16",
            "ipFamily": network.get("ipFamily") or "ipv4",
            "elasticLoadBalancing": {"enabled": False},
        },
        "logging": _normalised_logging(_requested_logs(set(), body.get("logging") or {})),
        "identity": None,
        "status": status,
        "certificateAuthority": {},
        "clientRequestToken": token,
        "platformVersion": "eks.1",
        "tags": dict(body.get("tags") or {}),
        "health": {"issues": []},
        "accessConfig": {
            "bootstrapClusterCreatorAdminPermissions": access.get("bootstrapClusterCreatorAdminPermissions", True),
            "authenticationMode": access.get("authenticationMode") or "CONFIG_MAP",
        },
        "upgradePolicy": {"supportType": (body.get("upgradePolicy") or {}).get("supportType") or "EXTENDED"},
        "zonalShiftConfig": {"enabled": bool((body.get("zonalShiftConfig") or {}).get("enabled"))},
        "deletionProtection": bool(body.get("deletionProtection")),
        "_region": in_region,
        "_token": token,
    }
    if body.get("encryptionConfig"):
        cluster["encryptionConfig"] = _encryption_record(body["encryptionConfig"])
    if status == "ACTIVE":
        _activate(cluster)
    return cluster


def _encryption_record(configs):
    return [
        {"resources": list(config.get("resources") or ["secrets"]), "provider": dict(config.get("provider") or {})}
        for config in configs
    ]


def _activate(cluster):
    seed = cluster["arn"]
    cluster.update(
        {
            "status": "ACTIVE",
            "endpoint": "https://%s.gr7.%s.eks.amazonaws.com" % (hex_id(seed, 32).upper(), cluster["_region"]),
            "certificateAuthority": {"data": _fake_certificate(seed)},
            "identity": {
                "oidc": {
                    "issuer": "https://oidc.eks.%s.amazonaws.com/id/%s"
                    % (cluster["_region"], hex_id("oidc/" + seed, 32).upper())
                }
            },
        }
    )


def _settle_creation(cluster):
    if (cluster.get("tags") or {}).get(FAIL_TAG) == "true":
        cluster["status"] = "FAILED"
        cluster["health"] = {
            "issues": [
                {
                    "code": "Ec2SubnetNotFound",
                    "message": "mockcloud: the creation failed on request (tag %s)" % FAIL_TAG,
                    "resourceIds": cluster["resourcesVpcConfig"]["subnetIds"][:1],
                }
            ]
        }
    else:
        _activate(cluster)


# --- clusters --------------------------------------------------------------------------------------------------


@BLUEPRINT.route("/clusters", methods=["POST"])
def create_cluster():
    body = json_body("CreateCluster")
    name, token = body["name"], body.get("clientRequestToken")
    with store().lock:
        existing = clusters().get(cluster_key(name))
        if existing is not None:
            if token and existing.get("_token") == token:
                return answer({"cluster": public(existing)})
            raise in_use("Cluster already exists with name: %s" % name, clusterName=name)
        if token and any(cluster.get("_token") == token for cluster in clusters().values()):
            raise invalid("The clientRequestToken %s was already used for another request." % token)
        _check_new_cluster(body)
        cluster = clusters().put(cluster_key(name), new_cluster(body, token, region(), now()))
        store().schedule(cluster, DELAYS["cluster_create"], _settle_creation)
        return answer({"cluster": public(cluster)})


@BLUEPRINT.route("/clusters", methods=["GET"])
def list_clusters():
    prefix = region() + "/"
    with store().lock:
        names = sorted(cluster["name"] for cluster in clusters().values() if cluster["_region"] + "/" == prefix)
    chunk, token = page(names, request.args.get("maxResults"), request.args.get("nextToken"))
    return answer({"clusters": chunk, "nextToken": token})


@BLUEPRINT.route("/clusters/<name>", methods=["GET"])
def describe_cluster(name):
    with store().lock:
        return answer({"cluster": public(get_cluster(name))})


@BLUEPRINT.route("/clusters/<name>", methods=["DELETE"])
def delete_cluster(name):
    with store().lock:
        cluster = get_cluster(name)
        if cluster_nodegroups(cluster):
            raise in_use("Cluster has nodegroups attached", clusterName=name)
        if eks_fargate.cluster_profiles(cluster_key(name)):
            # botocore's DeleteCluster documentation: node groups or Fargate profiles must be deleted first
            raise in_use("Cluster has fargate profiles attached", clusterName=name)
        if update_in_progress(name):
            raise in_use(
                "Cannot delete because cluster %s currently has an update in progress" % name, clusterName=name
            )
        if cluster.get("deletionProtection"):
            # botocore: DeleteCluster may answer InvalidRequestException; the Cluster's deletionProtection "cannot be
            # deleted until protection is disabled" (UpdateClusterConfig deletionProtection false)
            raise EksError(
                400,
                "InvalidRequestException",
                "Cluster %s has deletion protection enabled. Disable deletion protection before deleting the cluster."
                % name,
                clusterName=name,
            )
        if cluster["status"] != "DELETING":
            store().cancel(cluster)
            cluster["status"] = "DELETING"
            if (cluster.get("tags") or {}).get(FAIL_DELETE_TAG) == "true":
                # the deletion does not go through and the cluster comes back (botocore's ClusterDeleted waiter
                # fails on ACTIVE, CREATING and PENDING)
                store().schedule(cluster, DELAYS["cluster_delete"], {"status": "ACTIVE"})
            else:
                store().schedule(cluster, DELAYS["cluster_delete"], _forget_cluster)
        return answer({"cluster": public(cluster)})


def _forget_cluster(cluster):
    key = cluster_key(cluster["name"], cluster["_region"])
    clusters().pop(key)
    eks_addons.forget_cluster_addons(key)
    eks_access.forget_cluster_entries(key)
    eks_fargate.forget_cluster_profiles(key)
    for update in updates().values():
        if update["_cluster"] == key:
            updates().pop(update["id"])


# --- cluster updates -------------------------------------------------------------------------------------------


def _ready_for_update(cluster):
    if update_in_progress(cluster["name"]):
        raise in_use("An update is already in progress for cluster %s" % cluster["name"], clusterName=cluster["name"])
    if cluster["status"] != "ACTIVE":
        raise in_use("Cluster %s is in %s state" % (cluster["name"], cluster["status"]), clusterName=cluster["name"])


def _endpoint_update(cluster, requested):
    vpc = cluster["resourcesVpcConfig"]
    wanted = {field: requested.get(field, vpc.get(field)) for field in ENDPOINT_FIELDS}
    _check_endpoints(wanted["endpointPublicAccess"], wanted["endpointPrivateAccess"])
    _check_cidrs(wanted["publicAccessCidrs"] or [], cluster["kubernetesNetworkConfig"].get("ipFamily"))
    if all(wanted[field] == vpc.get(field) for field in ENDPOINT_FIELDS[:2]) and sorted(
        wanted["publicAccessCidrs"] or []
    ) == sorted(vpc.get("publicAccessCidrs") or []):
        raise invalid(
            "Cluster is already at the desired configuration with endpointPrivateAccess: %s , endpointPublicAccess: %s, "
            "and Public Endpoint Restrictions: %s"
            % (
                str(vpc["endpointPrivateAccess"]).lower(),
                str(vpc["endpointPublicAccess"]).lower(),
                vpc["publicAccessCidrs"],
            )
        )
    params = [
        ("EndpointPublicAccess", str(wanted["endpointPublicAccess"]).lower()),
        ("EndpointPrivateAccess", str(wanted["endpointPrivateAccess"]).lower()),
        ("PublicAccessCidrs", json.dumps(wanted["publicAccessCidrs"])),
    ]
    return params, lambda record: record["resourcesVpcConfig"].update(wanted)


def _vpc_update(cluster, requested):
    vpc = cluster["resourcesVpcConfig"]
    _check_vpc_ids(requested.get("subnetIds"), requested.get("securityGroupIds"))
    wanted = {field: list(requested[field]) for field in ("subnetIds", "securityGroupIds") if field in requested}
    if all(sorted(value) == sorted(vpc.get(field) or []) for field, value in wanted.items()):
        raise invalid("Cluster is already at the desired subnets and security groups.")
    params = [
        ({"subnetIds": "Subnets", "securityGroupIds": "SecurityGroups"}[field], json.dumps(value))
        for field, value in wanted.items()
    ]
    return params, lambda record: record["resourcesVpcConfig"].update(wanted)


def _logging_update(cluster, requested):
    current = _enabled_logs(cluster["logging"])
    wanted = _requested_logs(current, requested)
    if wanted == current:
        raise invalid("No changes needed for the logging config provided")
    logging = _normalised_logging(wanted)
    return [("ClusterLogging", json.dumps(logging["clusterLogging"]))], lambda record: record.update(logging=logging)


def _simple_update(member):
    def plan(cluster, requested):
        if cluster.get(member) == requested or (
            isinstance(requested, dict)
            and all((cluster.get(member) or {}).get(key) == value for key, value in requested.items())
        ):
            raise invalid("Cluster is already at the desired %s." % member)
        if member == "accessConfig":
            _check_authentication_mode(cluster, requested.get("authenticationMode"))
        value = dict(cluster.get(member) or {}, **requested) if isinstance(requested, dict) else requested
        return SIMPLE_UPDATE_PARAMS[member](requested), lambda record: record.update({member: value})

    return plan


def _check_authentication_mode(cluster, wanted):
    current = (cluster.get("accessConfig") or {}).get("authenticationMode") or "CONFIG_MAP"
    if wanted is not None and AUTHENTICATION_MODES.index(wanted) < AUTHENTICATION_MODES.index(current):
        raise invalid("Unsupported authentication mode update from %s to %s" % (current, wanted))


def _config_update_kind(body):
    """(update type, planner, requested value) of an update-config body; exactly one kind of change is allowed."""
    vpc = body.get("resourcesVpcConfig") or {}
    kinds = []
    endpoint = {field: vpc[field] for field in ENDPOINT_FIELDS if vpc.get(field) is not None}
    if endpoint:
        kinds.append(("EndpointAccessUpdate", _endpoint_update, endpoint))
    network = {field: vpc[field] for field in ("subnetIds", "securityGroupIds") if vpc.get(field) is not None}
    if network:
        kinds.append(("VpcConfigUpdate", _vpc_update, network))
    if body.get("logging") is not None:
        kinds.append(("LoggingUpdate", _logging_update, body["logging"]))
    for member, kind in SIMPLE_CONFIG_UPDATES.items():
        if body.get(member) is not None:
            kinds.append((kind, _simple_update(member), body[member]))
    known = {"name", "clientRequestToken", "resourcesVpcConfig", "logging"} | set(SIMPLE_CONFIG_UPDATES)
    others = sorted(member for member, value in body.items() if member not in known and value is not None)
    others += sorted(
        "resourcesVpcConfig.%s" % field
        for field, value in vpc.items()
        if value is not None and field not in ENDPOINT_FIELDS + ("subnetIds", "securityGroupIds")
    )
    if others:
        raise invalid("mockcloud does not emulate updates of %s" % ", ".join(others))
    if not kinds:
        raise invalid("No changes were specified in the update request.")
    if len(kinds) > 1:
        raise invalid("Only one type of update can be allowed.")
    return kinds[0]


@BLUEPRINT.route("/clusters/<name>/update-config", methods=["POST"])
def update_cluster_config(name):
    body = json_body("UpdateClusterConfig", name=name)
    with store().lock:
        cluster = get_cluster(name)
        previous = replay(body.get("clientRequestToken"), name)
        if previous is not None:
            return answer({"update": public(previous)})
        _ready_for_update(cluster)
        kind, planner, requested = _config_update_kind(body)
        params, apply = planner(cluster, requested)
        update = start_update(
            cluster, kind, params, apply, DELAYS["config_update"], token=body.get("clientRequestToken")
        )
        return answer({"update": public(update)})


@BLUEPRINT.route("/clusters/<name>/encryption-config/associate", methods=["POST"])
def associate_encryption_config(name):
    """AssociateEncryptionConfig: once, on a cluster without encryption (botocore's documentation: to enable
    encryption on clusters that don't already have it); an AssociateEncryptionConfig update."""
    body = json_body("AssociateEncryptionConfig", clusterName=name)
    with store().lock:
        cluster = get_cluster(name)
        previous = replay(body.get("clientRequestToken"), name)
        if previous is not None:
            return answer({"update": public(previous)})
        _ready_for_update(cluster)
        if cluster.get("encryptionConfig"):
            raise EksError(
                400, "InvalidRequestException", "Encryption is already enabled on the cluster", clusterName=name
            )
        _check_encryption(body["encryptionConfig"])
        configs = _encryption_record(body["encryptionConfig"])
        update = start_update(
            cluster,
            "AssociateEncryptionConfig",
            [("EncryptionConfig", json.dumps(configs))],
            lambda record: record.update(encryptionConfig=configs),
            DELAYS["config_update"],
            token=body.get("clientRequestToken"),
        )
        return answer({"update": public(update)})


def _minor(version):
    major, minor = version.split(".")
    return int(major), int(minor)


@BLUEPRINT.route("/clusters/<name>/updates", methods=["POST"])
def update_cluster_version(name):
    body = json_body("UpdateClusterVersion", name=name)
    with store().lock:
        cluster = get_cluster(name)
        previous = replay(body.get("clientRequestToken"), name)
        if previous is not None:
            return answer({"update": public(previous)})
        _ready_for_update(cluster)
        target, current = body["version"], cluster["version"]
        _check_version(target)
        if target == current:
            raise invalid("Cluster is already at the desired version %s" % current, clusterName=name)
        have, want = _minor(current), _minor(target)
        if want[0] != have[0] or want[1] != have[1] + 1:
            raise invalid(
                "Unsupported Kubernetes minor version update from %s to %s" % (current, target), clusterName=name
            )

        def apply(record):
            record["version"] = target
            record["platformVersion"] = "eks.1"

        update = start_update(
            cluster,
            "VersionUpdate",
            [("Version", target), ("PlatformVersion", "eks.1")],
            apply,
            DELAYS["version_update"],
            token=body.get("clientRequestToken"),
        )
        return answer({"update": public(update)})


@BLUEPRINT.route("/clusters/<name>/updates", methods=["GET"])
def list_updates(name):
    nodegroup, addon = request.args.get("nodegroupName"), request.args.get("addonName")
    with store().lock:
        cluster = get_cluster(name)
        key = cluster_key(cluster["name"])
        found = sorted(
            (
                update
                for update in updates().values()
                if update["_cluster"] == key and update.get("_nodegroup") == nodegroup and update.get("_addon") == addon
            ),
            key=lambda update: update["createdAt"],
        )
    chunk, token = page(
        [update["id"] for update in found], request.args.get("maxResults"), request.args.get("nextToken")
    )
    return answer({"updateIds": chunk, "nextToken": token})


@BLUEPRINT.route("/clusters/<name>/updates/<update_id>", methods=["GET"])
def describe_update(name, update_id):
    nodegroup, addon = request.args.get("nodegroupName"), request.args.get("addonName")
    with store().lock:
        get_cluster(name)
        update = updates().get(update_id)
        if (
            update is None
            or update["_cluster"] != cluster_key(name)
            or update.get("_nodegroup") != nodegroup
            or update.get("_addon") != addon
        ):
            raise EksError(404, "ResourceNotFoundException", "No update found for ID: %s" % update_id)
        return answer({"update": public(update)})


# --- tags ----------------------------------------------------------------------------------------------------

ARN_PATTERN = re.compile(
    r"^arn:aws[a-z-]*:eks:(?P<region>[^:]+):(?P<account>\d{12}):(?P<kind>cluster|nodegroup|addon|access-entry|fargateprofile)/(?P<rest>.+)$"
)


def _taggable(arn):
    match = ARN_PATTERN.match(arn)
    if not match:
        raise EksError(400, "BadRequestException", "%s is not a valid EKS resource ARN" % arn)
    parts = match.groupdict()
    record = None
    if parts["region"] == region() and parts["account"] == ACCOUNT_ID:
        if parts["kind"] == "cluster":
            record = clusters().get(cluster_key(parts["rest"]))
        elif parts["kind"] == "fargateprofile":
            pieces = parts["rest"].split("/")
            if len(pieces) == 3:
                record = eks_fargate.taggable(pieces[0], pieces[1])
        elif parts["kind"] == "access-entry":
            record = eks_access.taggable(arn)
        elif parts["kind"] == "addon":
            pieces = parts["rest"].split("/")
            if len(pieces) == 3:
                record = eks_addons.taggable(pieces[0], pieces[1])
        else:
            pieces = parts["rest"].split("/")
            if len(pieces) == 3:
                record = nodegroups().get(nodegroup_key(pieces[0], pieces[1]))
    owner_arn = record and (
        record.get("arn")
        or record.get("nodegroupArn")
        or record.get("addonArn")
        or record.get("accessEntryArn")
        or record.get("fargateProfileArn")
    )
    if record is None or owner_arn != arn:
        raise EksError(404, "NotFoundException", "Resource was not found")
    return record


@BLUEPRINT.route("/tags/<path:arn>", methods=["GET", "POST", "DELETE"])
def tags(arn):
    body = json_body("TagResource", resourceArn=arn) if request.method == "POST" else None
    with store().lock:
        record = _taggable(arn)
        current = record.setdefault("tags", {})
        if request.method == "POST":
            check_taggable_tags(body["tags"], current)
            current.update(body["tags"])
        elif request.method == "DELETE":
            keys = request.args.getlist("tagKeys")
            if not keys:
                raise EksError(400, "BadRequestException", "tagKeys is required")
            check_untaggable_keys(keys)
            for key in keys:
                current.pop(key, None)
        else:
            return answer({"tags": dict(current)})
        return answer({})


# --- seeding ---------------------------------------------------------------------------------------------------


def _set_aws_tags(seeded_store, params):
    """Seed hook: tags AWS itself puts on a resource (aws:cloudformation:stack-name...), which TagResource refuses.

    ``{"cluster": name, "nodegroup": name or None, "region": ..., "tags": {"aws:...": "..."}}``
    """
    in_region = params.get("region") or DEFAULT_REGION
    if params.get("nodegroup"):
        collection = seeded_store.collection(CLOUD_NAME, "nodegroups")
        key = nodegroup_key(params["cluster"], params["nodegroup"], in_region)
    else:
        collection = seeded_store.collection(CLOUD_NAME, "clusters")
        key = cluster_key(params["cluster"], in_region)
    record = collection.get(key)
    if record is None:
        raise EksError(404, "ResourceNotFoundException", "mockcloud: nothing to tag at %s" % key)
    record.setdefault("tags", {}).update(params.get("tags") or {})
    return {"tags": dict(record["tags"])}


def seed(seeded_store, params):
    """``{"cloud": "eks", "count": N, "region": ..., "prefix": ..., "version": ..., "tags": {...}}``: N ACTIVE clusters.

    Hooks besides clusters (one per call, no cluster is made then):
    ``"throttle": {"times": N, "status": 400, "code": "ThrottlingException", "method": ..., "path_regex": ...}``: the
    next N matching requests answer that throttling error; ``"nodegroup_health": {...}``: see eks_nodegroups.degrade.
    """
    if params.get("throttle"):
        return _arm_throttle(seeded_store, params["throttle"])
    if params.get("nodegroup_health"):
        return eks_nodegroups.set_health(seeded_store, params["nodegroup_health"])
    if params.get("aws_tags"):
        return _set_aws_tags(seeded_store, params["aws_tags"])
    count = int(params.get("count", 1))
    in_region = params.get("region") or DEFAULT_REGION
    prefix = params.get("prefix") or "seed"
    version = params.get("version") or DEFAULT_VERSION
    extra_tags = dict(params.get("tags") or {})
    collection = seeded_store.collection(CLOUD_NAME, "clusters")
    created_at = round(seeded_store.clock.wall(), 3)
    names = []
    for index in range(count):
        name = "%s-%05d" % (prefix, index)
        body = {
            "name": name,
            "version": version,
            "roleArn": "arn:aws:iam::%s:role/eks-cluster-role" % ACCOUNT_ID,
            "resourcesVpcConfig": {"subnetIds": ["subnet-%08xa" % index, "subnet-%08xb" % index]},
            "tags": dict({"env": ("prod", "staging", "dev")[index % 3], "team": "team-%d" % (index % 7)}, **extra_tags),
        }
        collection.put(cluster_key(name, in_region), new_cluster(body, None, in_region, created_at, status="ACTIVE"))
        names.append(name)
    return {"region": in_region, "count": count, "names": names}


eks_nodegroups.register(BLUEPRINT)
eks_addons.register(BLUEPRINT)
eks_access.register(BLUEPRINT)
eks_fargate.register(BLUEPRINT)

CLOUD = CloudSpec(
    name=CLOUD_NAME,
    blueprint=BLUEPRINT,
    prefix="/eks",
    verify=verify,
    seed=seed,
    error=error_response,
    contract=eks_model.CONTRACT,
    bad_request=bad_request,
)
