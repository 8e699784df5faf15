# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Samsung Cloud Platform IAM's endpoint catalog, as SKE clients use it to find SKE: served under /ske-iam.

A standard Terraform ``~/.scpconf/config.json`` names ``auth-url`` (such as ``https://iam.e.samsungsdscloud.com/v1``)
and ``default-region``; the vendor's Go SDK (``client/catalog.go``, ``Catalog.GetEndpoint``) then reads
``GET {auth-url}/endpoints``, signed like every other call (Scp-* headers, no ``Scp-API-Version``), and picks the
entry whose ``service_type`` is the service's (``scp-ske`` for SKE: ``client/ske/model.go`` of the Terraform
provider). Here the auth-url is ``<emulator>/ske-iam/v1``.

The answer has the shape of the IAM document's ``ListEndpointsResponse`` (the SDK's ``library/iam/api/openapi.yaml``,
``GET /v1/endpoints``): ``{"endpoints": [{"region", "service_type", "service_name", "url"}]}``. It lists SKE in two
regions: ``kr-west1`` is this emulator's ``/ske``, ``kr-east1`` an address nothing answers on (a client that picks
the wrong region fails); and a few other services. Signature errors are the SKE emulator's (same credentials).
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..spec import CloudSpec
from . import ske

NAME = "ske_iam"
PREFIX = "/ske-iam"
SKE_SERVICE_TYPE = "scp-ske"
SKE_REGION = "kr-west1"
OTHER_SKE_REGION = "kr-east1"
UNREACHABLE_SKE = "https://127.0.0.1:9/ske"

blueprint = Blueprint("mockcloud_ske_iam", __name__)


def catalog(base_url):
    """The endpoint list, with this emulator's SKE at base_url + /ske."""
    ske_url = base_url.rstrip("/") + ske.PREFIX

    def entry(region, service_type, service_name, url):
        return {"region": region, "service_type": service_type, "service_name": service_name, "url": url}

    return [
        entry(SKE_REGION, "scp-iam", "iam", base_url.rstrip("/") + PREFIX),
        entry(OTHER_SKE_REGION, SKE_SERVICE_TYPE, "ske", UNREACHABLE_SKE),
        entry(SKE_REGION, SKE_SERVICE_TYPE, "ske", ske_url),
        entry(SKE_REGION, "scp-vpc", "vpc", "https://127.0.0.1:9/vpc"),
    ]


@blueprint.route("/v1/endpoints", methods=["GET"])
def list_endpoints():
    return jsonify({"endpoints": catalog(request.host_url)})


CLOUD = CloudSpec(name=NAME, blueprint=blueprint, prefix=PREFIX, verify=ske.verify, error=ske.error)
