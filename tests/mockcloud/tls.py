# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTPS for the emulator: a throw-away test CA (the ``trustme`` package) and a server certificate for loopback.

The CA exists only in memory and in the PEM file written for the clients (``ca_path``); nothing is trusted
system-wide, so a client that keeps the default validation refuses the emulator's certificate.
"""

from __future__ import annotations

import pathlib
import ssl

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


def make_tls_context(ca_file):
    """An SSLContext serving a certificate for the loopback names, signed by a new test CA written to ca_file."""
    import trustme  # pylint: disable=import-outside-toplevel

    authority = trustme.CA(organization_name="mockcloud test CA")
    certificate = authority.issue_cert(*LOOPBACK_NAMES)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate.configure_cert(context)
    path = pathlib.Path(ca_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    authority.cert_pem.write_to_path(str(path))
    return context
