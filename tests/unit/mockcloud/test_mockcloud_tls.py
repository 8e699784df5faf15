# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator over HTTPS: a test CA written to a PEM file, trusted only by clients that are given that file."""

from __future__ import annotations

import pytest

requests = pytest.importorskip("requests")
pytest.importorskip("trustme")

from mockcloud.__main__ import parse_args  # noqa: E402  pylint: disable=wrong-import-position
from mockcloud.app import create_app  # noqa: E402  pylint: disable=wrong-import-position
from mockcloud.server import ServerThread  # noqa: E402  pylint: disable=wrong-import-position
from mockcloud.tls import make_tls_context  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture
def https_emulator(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    ca_file = tmp_path / "ca" / "ca.pem"
    with ServerThread(create_app(discover=False), ssl_context=make_tls_context(ca_file)) as server:
        yield server, ca_file


def test_the_ca_file_is_written_and_trusted_by_clients_given_it(https_emulator):
    server, ca_file = https_emulator
    assert server.url.startswith("https://127.0.0.1:")
    assert ca_file.read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert requests.get(server.url + "/_admin/health", verify=str(ca_file), timeout=10).json()["service"] == "mockcloud"


def test_a_client_with_the_default_trust_refuses_the_test_ca(https_emulator):
    server, _ca_file = https_emulator
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(server.url + "/_admin/health", timeout=10)


def test_tls_port_and_ca_file_options(monkeypatch):
    monkeypatch.delenv("MOCKCLOUD_TLS_PORT", raising=False)
    monkeypatch.delenv("MOCKCLOUD_CA_FILE", raising=False)
    assert parse_args([]).tls_port == 0
    assert parse_args([]).ca_file.endswith("build/mockcloud/ca.pem")
    assert parse_args(["--tls-port", "8766", "--ca-file", "/tmp/x.pem"]).tls_port == 8766
    monkeypatch.setenv("MOCKCLOUD_TLS_PORT", "8767")
    assert parse_args([]).tls_port == 8767
