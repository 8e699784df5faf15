# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubeconfigs for emulated SKS clusters: a CA per cluster and a real client certificate per request.

The certificate's subject is CN=user and one O= per group (what the Kubernetes API server reads as the user
and its groups); it is valid from now to now + ttl. Keys are EC P-256: fast to make, even for many clusters.
"""

from __future__ import annotations

import base64
import datetime
import threading

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

_authorities = {}
_lock = threading.Lock()


def reset():
    with _lock:
        _authorities.clear()


def _pem(certificate):
    return certificate.public_bytes(serialization.Encoding.PEM)


def _key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )


def _authority(cluster_id, now):
    """The (key, certificate) of the cluster's CA, made on first use."""
    with _lock:
        if cluster_id not in _authorities:
            key = ec.generate_private_key(ec.SECP256R1())
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes-ca-%s" % cluster_id[:8])])
            certificate = (
                x509.CertificateBuilder()
                .subject_name(name)
                .issuer_name(name)
                .public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - datetime.timedelta(minutes=5))
                .not_valid_after(now + datetime.timedelta(days=3650))
                .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                .sign(key, hashes.SHA256())
            )
            _authorities[cluster_id] = (key, certificate)
        return _authorities[cluster_id]


def client_certificate(cluster_id, user, groups, ttl, now):
    """(certificate PEM, key PEM, CA PEM) for user in groups, valid from now to now + ttl seconds."""
    ca_key, ca_certificate = _authority(cluster_id, now)
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, group) for group in groups]
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, user))
    subject = x509.Name(attributes)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(seconds=ttl))
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return _pem(certificate), _key_pem(key), _pem(ca_certificate)


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def kubeconfig(cluster, user, groups, ttl, now):
    """The kubeconfig YAML text for cluster (an API record) and user."""
    certificate, key, authority = client_certificate(cluster["id"], user, groups, ttl, now)
    name = cluster["name"]
    context = "%s@%s" % (user, name)
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {"name": name, "cluster": {"certificate-authority-data": _b64(authority), "server": cluster["endpoint"]}}
        ],
        "users": [{"name": user, "user": {"client-certificate-data": _b64(certificate), "client-key-data": _b64(key)}}],
        "contexts": [{"name": context, "context": {"cluster": name, "user": user}}],
        "current-context": context,
        "preferences": {},
    }
    return yaml.safe_dump(config, default_flow_style=False, sort_keys=False)
