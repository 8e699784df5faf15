# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The bad-input corpus: (id, module, arguments, words the failure message must hold).

The first word is the option the message must name, the others say what is allowed. Every case must fail before
the module changes anything (test_bad_inputs.py checks the emulator's request log). Paths under MISSING_DIR do
not exist; UNWRITABLE_DIR cannot be created (its parent is a file: a kubeconfig dest whose directory is missing but
can be made is written there, mode 0700); NOT_YAML is not a kubeconfig. The test replaces the placeholders {{ ... }} by resources the emulator was
seeded with (so that a case reaches the check it is about), by a work directory and by a valid kubeconfig.
"""

from __future__ import annotations

MISSING_DIR = "/nonexistent-managedk8s-dir/sub"
UNWRITABLE_DIR = "/dev/null/sub"
NOT_YAML = "apiVersion: v1\nclusters: [unclosed\n  - {name: : :"
LONG = "a" * 260

OKS_PROJECT = {"name": "bad-input-project", "cidr": "10.50.0.0/16"}
KUBECONFIG = "{{ kubeconfig }}"
OKS_CLUSTER = {
    "project_id": "{{ oks_project_id }}",
    "name": "bad-input-cluster",
    "version": "1.30",
    "control_planes": "cp.3.masters.small",
    "admin_whitelist": ["203.0.113.0/24"],
}
SKS_CLUSTER = {"name": "bad-input-cluster", "level": "starter"}
SKS_POOL = {
    "cluster": "{{ sks_cluster_id }}",
    "name": "bad-input-pool",
    "instance_type": "standard.small",
    "size": 2,
    "disk_size": 50,
}
EKS_CLUSTER = {
    "name": "bad-input-cluster",
    "version": "1.30",
    "role_arn": "arn:aws:iam::123456789012:role/r",
    "subnets": ["subnet-0d000000000000001", "subnet-0d000000000000002"],
}
EKS_GROUP = {
    "cluster_name": "{{ eks_cluster_name }}",
    "name": "bad-input-group",
    "node_role": "arn:aws:iam::123456789012:role/n",
    "subnets": ["subnet-0d000000000000001"],
    "scaling_config": {"min_size": 1, "max_size": 3, "desired_size": 2},
}
SKE_CLUSTER = {
    "name": "bad-input-cluster",
    "kubernetes_version": "v1.31.8",
    "vpc_id": "7a1f2c3d4e5f60718293a4b5c6d7e8f9",
    "subnet_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
    "volume_id": "1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809",
    "security_group_id_list": ["852ecca3-7252-44a9-9582-967745ae338c"],
}
HSS = {"name": "bad-input-registration", "provider": "self_built_idc", "kubeconfig": KUBECONFIG}


def with_(base, **changes):
    return dict(base, **changes)


M = "managedk8s.clusters."

CASES = [
    # --- OKS project
    ("oks_project name pattern", M + "oks_project", with_(OKS_PROJECT, name="Bad_Name!"), ["name"]),
    ("oks_project name length", M + "oks_project", with_(OKS_PROJECT, name=LONG), ["name"]),
    ("oks_project cidr malformed", M + "oks_project", with_(OKS_PROJECT, cidr="10.50.0.0/33"), ["cidr"]),
    ("oks_project cidr not an address", M + "oks_project", with_(OKS_PROJECT, cidr="300.1.1.1/16"), ["cidr"]),
    ("oks_project cidr too large", M + "oks_project", with_(OKS_PROJECT, cidr="10.0.0.0/8"), ["cidr"]),
    ("oks_project state unknown", M + "oks_project", with_(OKS_PROJECT, state="gone"), ["state", "present", "absent"]),
    ("oks_project tags not a dict", M + "oks_project", with_(OKS_PROJECT, tags="team"), ["tags", "dict"]),
    # --- OKS cluster
    (
        "oks_cluster project_id and project_name",
        M + "oks_cluster",
        with_(OKS_CLUSTER, project_name="p"),
        ["project_id", "project_name"],
    ),
    ("oks_cluster name pattern", M + "oks_cluster", with_(OKS_CLUSTER, name="Bad_Name"), ["name"]),
    ("oks_cluster name length", M + "oks_cluster", with_(OKS_CLUSTER, name=LONG), ["name"]),
    (
        "oks_cluster whitelist CIDR",
        M + "oks_cluster",
        with_(OKS_CLUSTER, admin_whitelist=["203.0.113.0/33"]),
        ["admin_whitelist"],
    ),
    (
        "oks_cluster whitelist IP",
        M + "oks_cluster",
        with_(OKS_CLUSTER, admin_whitelist=["999.1.1.1"]),
        ["admin_whitelist"],
    ),
    ("oks_cluster cidr_pods", M + "oks_cluster", with_(OKS_CLUSTER, cidr_pods="10.91.0.0/99"), ["cidr_pods"]),
    ("oks_cluster cidr_service", M + "oks_cluster", with_(OKS_CLUSTER, cidr_service="not-a-cidr"), ["cidr_service"]),
    ("oks_cluster cluster_dns", M + "oks_cluster", with_(OKS_CLUSTER, cluster_dns="10.92.0.300"), ["cluster_dns"]),
    ("oks_cluster version", M + "oks_cluster", with_(OKS_CLUSTER, version="1.x"), ["version"]),
    ("oks_cluster cp_subregions", M + "oks_cluster", with_(OKS_CLUSTER, cp_subregions=["zz"]), ["cp_subregions"]),
    ("oks_cluster control_planes", M + "oks_cluster", with_(OKS_CLUSTER, control_planes="cp.huge"), ["control_planes"]),
    ("oks_cluster wait_timeout negative", M + "oks_cluster", with_(OKS_CLUSTER, wait_timeout=-5), ["wait_timeout"]),
    ("oks_cluster request_timeout zero", M + "oks_cluster", with_(OKS_CLUSTER, request_timeout=0), ["request_timeout"]),
    # --- OKS kubeconfig
    (
        "oks_kubeconfig cluster_id and name",
        M + "oks_kubeconfig",
        {"cluster_id": "c", "name": "n", "dest": "{{ bad_input_dir }}/k.yaml"},
        ["cluster_id", "name"],
    ),
    (
        "oks_kubeconfig ttl",
        M + "oks_kubeconfig",
        {"cluster_id": "{{ oks_cluster_id }}", "ttl": "forever", "dest": "{{ bad_input_dir }}/k.yaml"},
        ["ttl"],
    ),
    (
        "oks_kubeconfig dest unwritable dir",
        M + "oks_kubeconfig",
        {"cluster_id": "{{ oks_cluster_id }}", "dest": UNWRITABLE_DIR + "/k.yaml"},
        ["dest"],
    ),
    # --- SKS cluster
    ("sks_cluster level", M + "sks_cluster", with_(SKS_CLUSTER, level="gold"), ["level", "starter", "pro"]),
    ("sks_cluster cni", M + "sks_cluster", with_(SKS_CLUSTER, cni="flannel"), ["cni", "calico", "cilium"]),
    ("sks_cluster addons", M + "sks_cluster", with_(SKS_CLUSTER, addons=["bogus"]), ["addons", "metrics-server"]),
    ("sks_cluster description length", M + "sks_cluster", with_(SKS_CLUSTER, description=LONG), ["description", "255"]),
    ("sks_cluster name length", M + "sks_cluster", with_(SKS_CLUSTER, name=LONG), ["name"]),
    ("sks_cluster version", M + "sks_cluster", with_(SKS_CLUSTER, version="latest!"), ["version"]),
    ("sks_cluster labels not a dict", M + "sks_cluster", with_(SKS_CLUSTER, labels="team"), ["labels", "dict"]),
    ("sks_cluster endpoint not a URL", M + "sks_cluster", with_(SKS_CLUSTER, endpoint="not a url"), ["endpoint"]),
    # --- SKS node pool
    ("sks_nodepool size zero", M + "sks_nodepool", with_(SKS_POOL, size=0), ["size"]),
    ("sks_nodepool size negative", M + "sks_nodepool", with_(SKS_POOL, size=-3), ["size", "at least 0"]),
    ("sks_nodepool disk_size too small", M + "sks_nodepool", with_(SKS_POOL, disk_size=5), ["disk_size"]),
    ("sks_nodepool disk_size too large", M + "sks_nodepool", with_(SKS_POOL, disk_size=100000), ["disk_size"]),
    (
        "sks_nodepool taint effect",
        M + "sks_nodepool",
        with_(SKS_POOL, taints=[{"key": "k", "value": "v", "effect": "Sometimes"}]),
        ["effect", "NoSchedule"],
    ),
    (
        "sks_nodepool instance_type",
        M + "sks_nodepool",
        with_(SKS_POOL, instance_type="standard.colossal"),
        ["instance_type"],
    ),
    (
        "sks_nodepool instance_prefix",
        M + "sks_nodepool",
        with_(SKS_POOL, instance_prefix="Workers!"),
        ["instance_prefix", "lowercase"],
    ),
    ("sks_nodepool size not a number", M + "sks_nodepool", with_(SKS_POOL, size="many"), ["size", "int"]),
    # --- SKS kubeconfig
    (
        "sks_kubeconfig ttl negative",
        M + "sks_kubeconfig",
        {"cluster": "{{ sks_cluster_id }}", "ttl": -1, "dest": "{{ bad_input_dir }}/k.yaml"},
        ["ttl"],
    ),
    (
        "sks_kubeconfig dest unwritable dir",
        M + "sks_kubeconfig",
        {"cluster": "{{ sks_cluster_id }}", "dest": UNWRITABLE_DIR + "/k.yaml"},
        ["dest"],
    ),
    # --- EKS cluster
    ("eks_cluster name pattern", M + "eks_cluster", with_(EKS_CLUSTER, name="bad name!"), ["name"]),
    # an unquoted `version: 1.30` in YAML is the number 1.3
    ("eks_cluster version unquoted", M + "eks_cluster", with_(EKS_CLUSTER, version=1.30), ["version", "Quote it"]),
    ("eks_cluster name length", M + "eks_cluster", with_(EKS_CLUSTER, name=LONG), ["name"]),
    ("eks_cluster version", M + "eks_cluster", with_(EKS_CLUSTER, version="1.x"), ["version"]),
    ("eks_cluster role_arn", M + "eks_cluster", with_(EKS_CLUSTER, role_arn="not-an-arn"), ["role_arn"]),
    ("eks_cluster subnets", M + "eks_cluster", with_(EKS_CLUSTER, subnets=["bogus"]), ["subnets"]),
    (
        "eks_cluster public_access_cidrs",
        M + "eks_cluster",
        with_(EKS_CLUSTER, public_access_cidrs=["1.2.3.4/99"]),
        ["public_access_cidrs"],
    ),
    ("eks_cluster logging", M + "eks_cluster", with_(EKS_CLUSTER, logging=["everything"]), ["logging", "audit"]),
    (
        "eks_cluster service CIDR",
        M + "eks_cluster",
        with_(EKS_CLUSTER, kubernetes_network_config={"service_ipv4_cidr": "8.8.0.0/16"}),
        ["service_ipv4_cidr", "10.0.0.0/8"],
    ),
    # --- EKS node group
    (
        "eks_nodegroup desired above max",
        M + "eks_nodegroup",
        with_(EKS_GROUP, scaling_config={"min_size": 1, "max_size": 2, "desired_size": 3}),
        ["desired_size", "max_size"],
    ),
    (
        "eks_nodegroup min negative",
        M + "eks_nodegroup",
        with_(EKS_GROUP, scaling_config={"min_size": -1, "max_size": 2, "desired_size": 1}),
        ["min_size"],
    ),
    ("eks_nodegroup disk_size zero", M + "eks_nodegroup", with_(EKS_GROUP, disk_size=0), ["disk_size"]),
    (
        "eks_nodegroup ami_type",
        M + "eks_nodegroup",
        with_(EKS_GROUP, ami_type="UBUNTU"),
        ["ami_type", "AL2023_x86_64_STANDARD"],
    ),
    (
        "eks_nodegroup capacity_type",
        M + "eks_nodegroup",
        with_(EKS_GROUP, capacity_type="FREE"),
        ["capacity_type", "SPOT"],
    ),
    (
        "eks_nodegroup launch_template and disk_size",
        M + "eks_nodegroup",
        with_(EKS_GROUP, launch_template={"name": "lt"}, disk_size=20),
        ["launch_template", "disk_size"],
    ),
    (
        "eks_nodegroup taint effect",
        M + "eks_nodegroup",
        with_(EKS_GROUP, taints=[{"key": "k", "value": "v", "effect": "NoSchedule"}]),
        ["effect", "NO_SCHEDULE"],
    ),
    (
        "eks_nodegroup update_config both",
        M + "eks_nodegroup",
        with_(EKS_GROUP, update_config={"max_unavailable": 1, "max_unavailable_percentage": 10}),
        ["max_unavailable", "max_unavailable_percentage"],
    ),
    ("eks_nodegroup name pattern", M + "eks_nodegroup", with_(EKS_GROUP, name="bad name!"), ["name"]),
    # --- EKS kubeconfig
    (
        "eks_kubeconfig auth",
        M + "eks_kubeconfig",
        {"name": "c", "auth": "password", "dest": "{{ bad_input_dir }}/k.yaml"},
        ["auth", "exec", "token"],
    ),
    (
        "eks_kubeconfig dest unwritable dir",
        M + "eks_kubeconfig",
        {"name": "{{ eks_cluster_name }}", "dest": UNWRITABLE_DIR + "/k.yaml"},
        ["dest"],
    ),
    # --- SKE cluster
    ("ske_cluster name pattern", M + "ske_cluster", with_(SKE_CLUSTER, name="It_Is_Wrong"), ["name"]),
    (
        "ske_cluster kubernetes_version",
        M + "ske_cluster",
        with_(SKE_CLUSTER, kubernetes_version="1.31"),
        ["kubernetes_version"],
    ),
    ("ske_cluster wait_timeout negative", M + "ske_cluster", with_(SKE_CLUSTER, wait_timeout=-1), ["wait_timeout"]),
    (
        "ske_cluster endpoint CIDR",
        M + "ske_cluster",
        with_(SKE_CLUSTER, public_endpoint_access_control_ip="1.2.3.4/99"),
        ["public_endpoint_access_control_ip"],
    ),
    (
        "ske_cluster security groups",
        M + "ske_cluster",
        with_(SKE_CLUSTER, security_group_id_list=[""]),
        ["security_group_id_list"],
    ),
    ("ske_cluster name length", M + "ske_cluster", with_(SKE_CLUSTER, name=LONG), ["name"]),
    # --- SKE kubeconfig
    (
        "ske_kubeconfig type",
        M + "ske_kubeconfig",
        {"cluster_id": "c", "kubeconfig_type": "both", "dest": "{{ bad_input_dir }}/k.yaml"},
        ["kubeconfig_type", "private", "public"],
    ),
    (
        "ske_kubeconfig cluster_id and cluster_name",
        M + "ske_kubeconfig",
        {"cluster_id": "c", "cluster_name": "n", "kubeconfig_type": "private", "dest": "{{ bad_input_dir }}/k.yaml"},
        ["cluster_id", "cluster_name"],
    ),
    (
        "ske_kubeconfig dest unwritable dir",
        M + "ske_kubeconfig",
        {"cluster_id": "{{ ske_cluster_id }}", "kubeconfig_type": "private", "dest": UNWRITABLE_DIR + "/k.yaml"},
        ["dest"],
    ),
    # --- Huawei registration
    ("huawei kubeconfig not YAML", M + "huawei_multicloud_cluster", with_(HSS, kubeconfig=NOT_YAML), ["kubeconfig"]),
    (
        "huawei kubeconfig and kubeconfig_path",
        M + "huawei_multicloud_cluster",
        with_(HSS, kubeconfig_path="{{ bad_input_dir }}/k.yaml"),
        ["kubeconfig", "kubeconfig_path"],
    ),
    (
        "huawei username without password",
        M + "huawei_multicloud_cluster",
        with_(HSS, image_repo="r.example.com", image_repo_username="u"),
        ["image_repo_username", "image_repo_password"],
    ),
    ("huawei provider", M + "huawei_multicloud_cluster", with_(HSS, provider="gcp"), ["provider", "aws"]),
    (
        "huawei dns_policy",
        M + "huawei_multicloud_cluster",
        with_(HSS, dns_policy="magic"),
        ["dns_policy", "clusterfirst"],
    ),
    (
        "huawei kubeconfig_path missing",
        M + "huawei_multicloud_cluster",
        {"name": "n", "provider": "aws", "kubeconfig_path": MISSING_DIR + "/k.yaml"},
        ["kubeconfig_path"],
    ),
    ("huawei image_arch", M + "huawei_multicloud_cluster", with_(HSS, image_arch="mips"), ["image_arch", "x86", "arm"]),
    # provider is optional (the HSS API marks it so): a malformed enterprise project id instead
    (
        "huawei enterprise_project_id",
        M + "huawei_multicloud_cluster",
        with_(HSS, enterprise_project_id="eps 1"),
        ["enterprise_project_id"],
    ),
    # --- kubeconfig_merge
    (
        "kubeconfig_merge source not YAML",
        M + "kubeconfig_merge",
        {
            "dest": "{{ bad_input_dir }}/merged.yaml",
            "sources": [{"path": "{{ bad_input_dir }}/not-yaml.yaml", "context": "c"}],
        },
        ["not-yaml.yaml"],
    ),
    (
        "kubeconfig_merge dest unwritable dir",
        M + "kubeconfig_merge",
        {
            "dest": UNWRITABLE_DIR + "/merged.yaml",
            "sources": [{"path": "{{ bad_input_dir }}/good.yaml", "context": "c"}],
        },
        ["dest"],
    ),
    (
        "kubeconfig_merge state",
        M + "kubeconfig_merge",
        {"dest": "{{ bad_input_dir }}/merged.yaml", "state": "merged", "sources": [{"context": "c"}]},
        ["state", "present", "absent"],
    ),
    # --- info modules
    ("ske_cluster_info page_size", M + "ske_cluster_info", {"page_size": 0}, ["page_size"]),
    (
        "huawei_multicloud_cluster_info page_size",
        M + "huawei_multicloud_cluster_info",
        {"page_size": 100000},
        ["page_size"],
    ),
    ("oks_cluster_info status", M + "oks_cluster_info", {"status": "sleeping"}, ["status", "ready"]),
    ("ske_cluster_info status", M + "ske_cluster_info", {"status": ["SLEEPING"]}, ["status", "RUNNING"]),
]

# Missing credentials: a create with the endpoint only (no module_defaults, no environment variable, no config file).
MISSING_CREDENTIALS = [
    ("oks missing credentials", M + "oks_project", "/oks/api/v2", OKS_PROJECT, ["access_key"]),
    ("sks missing credentials", M + "sks_cluster", "/sks/v2", SKS_CLUSTER, ["api_key"]),
    ("eks missing credentials", M + "eks_cluster", "/eks", EKS_CLUSTER, ["access_key"]),
    ("ske missing credentials", M + "ske_cluster", "/ske", SKE_CLUSTER, ["access_key"]),
    ("huawei missing credentials", M + "huawei_multicloud_cluster", "/huawei", with_(HSS), ["access_key"]),
]
