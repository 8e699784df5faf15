# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubeconfigs for the OKS emulator: a real CA per cluster, a client certificate per request, NaCl sealed boxes.

The client certificate's notAfter is the real time of the request plus the TTL asked for, so the collection's
expiry logic (renew_before) is exercised against genuine X.509 data. EC P-256 keys keep each answer fast.
"""

from __future__ import annotations

import base64
import datetime
import threading

import yaml
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from nacl.encoding import Base64Encoder
from nacl.public import PublicKey, SealedBox

CA_YEARS = 10
_LOCK = threading.Lock()
_AUTHORITIES = {}
_LISTENERS = []


def _name(common_name, organization=None):
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organization:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization))
    return x509.Name(attributes)


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


def _new_authority(cluster_id):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name("oks-%s-ca" % cluster_id[:8])
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365 * CA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def authority(cluster_id):
    """The cluster's CA (key, certificate), made on first use; the TLS listeners that check client certificates
    (clouds/oks_k8s.py) are told of each new one."""
    with _LOCK:
        if cluster_id not in _AUTHORITIES:
            _AUTHORITIES[cluster_id] = _new_authority(cluster_id)
            for listener in list(_LISTENERS):
                listener(_AUTHORITIES[cluster_id][1])
        return _AUTHORITIES[cluster_id]


def on_new_authority(callback):
    """Call callback(certificate) for every cluster CA, those made already and those made later."""
    with _LOCK:
        _LISTENERS.append(callback)
        known = [certificate for _key, certificate in _AUTHORITIES.values()]
    for certificate in known:
        callback(certificate)


def known_authority(cluster_id):
    """The cluster's CA certificate when one was made, else None (no new CA is made)."""
    with _LOCK:
        found = _AUTHORITIES.get(cluster_id)
    return found[1] if found else None


def forget_authorities():
    with _LOCK:
        _AUTHORITIES.clear()


def client_certificate(cluster_id, user, group, ttl_seconds):
    """(certificate PEM, key PEM) for user in group, valid from now for ttl_seconds."""
    ca_key, ca_certificate = authority(cluster_id)
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(user, group))
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(seconds=ttl_seconds))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()
    )
    return certificate.public_bytes(serialization.Encoding.PEM), key_pem


def _b64(data):
    return base64.b64encode(data).decode("ascii")


def kubeconfig(cluster, region, user, group, ttl_seconds, server=None, server_ca_pem=None):
    """A kubeconfig (YAML text) for cluster: server, the CA of its certificate, client certificate and key.

    server and server_ca_pem: where the emulator serves the cluster's Kubernetes API (clouds/oks_k8s.py) and the CA
    of that listener's certificate; without them, the vendor's host name and the cluster's CA."""
    _ca_key, ca_certificate = authority(cluster["id"])
    certificate_pem, key_pem = client_certificate(cluster["id"], user, group, ttl_seconds)
    ca_pem = server_ca_pem or ca_certificate.public_bytes(serialization.Encoding.PEM)
    name = cluster["name"]
    user_name = "%s@%s" % (user, name)
    config = {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [
            {
                "name": name,
                "cluster": {
                    "server": server or "https://%s.%s.oks.outscale.com:6443" % (cluster["id"], region),
                    "certificate-authority-data": _b64(ca_pem),
                },
            }
        ],
        "users": [
            {
                "name": user_name,
                "user": {
                    "client-certificate-data": _b64(certificate_pem),
                    "client-key-data": _b64(key_pem),
                },
            }
        ],
        "contexts": [{"name": user_name, "context": {"cluster": name, "user": user_name}}],
        "current-context": user_name,
        "preferences": {},
    }
    return yaml.safe_dump(config, default_flow_style=False, sort_keys=False)


def seal(text, public_key_b64):
    """The base64 NaCl sealed box of text for the base64 Curve25519 public key; ValueError when the key is bad."""
    try:
        public_key = PublicKey(public_key_b64.encode("ascii"), encoder=Base64Encoder)
    except Exception as error:  # PyNaCl raises several types for a malformed key
        raise ValueError(str(error)) from None
    return SealedBox(public_key).encrypt(text.encode("utf-8"), encoder=Base64Encoder).decode("ascii")
