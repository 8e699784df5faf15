# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubeconfigs of external clusters to register in the Huawei emulator, for tests.

kubeconfig(server, not_after) gives a kubeconfig whose user has a real client certificate (its notAfter is what
HSS reads as certificate_expiration_date) and no usable private key; kubeconfig(server, token=...) one that
authenticates with a token instead.
"""

from __future__ import annotations

import base64
import datetime

DEFAULT_SERVER = "https://203.0.113.10:6443"
NO_KEY = base64.b64encode(b"mockcloud test kubeconfig: no private key here\n").decode()


def client_certificate(common_name, not_after):
    """A base64 PEM self-signed certificate valid until not_after (an aware datetime)."""
    from cryptography import x509  # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives import hashes, serialization  # pylint: disable=import-outside-toplevel
    from cryptography.hazmat.primitives.asymmetric import ec  # pylint: disable=import-outside-toplevel
    from cryptography.x509.oid import NameOID  # pylint: disable=import-outside-toplevel

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_after - datetime.timedelta(days=365))
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    return base64.b64encode(certificate.public_bytes(serialization.Encoding.PEM)).decode()


def kubeconfig(server=DEFAULT_SERVER, not_after=None, token=None, user="admin"):
    """Kubeconfig text for server; with not_after a client certificate, else token (default: a made-up one)."""
    if not_after is not None:
        credentials = [
            "    client-certificate-data: %s" % client_certificate(user, not_after),
            "    client-key-data: %s" % NO_KEY,
        ]
    else:
        credentials = ["    token: %s" % (token or "mockcloud-test-token-0001")]
    return "\n".join(
        [
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- cluster:",
            "    server: %s" % server,
            "  name: external",
            "contexts:",
            "- context:",
            "    cluster: external",
            "    user: %s" % user,
            "  name: %s@external" % user,
            "current-context: %s@external" % user,
            "users:",
            "- name: %s" % user,
            "  user:",
        ]
        + credentials
        + [""]
    )


def millis(moment):
    return int(moment.timestamp() * 1000)
