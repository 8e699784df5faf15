# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Huawei Cloud IAM, the two calls the collection makes of it, served under /huawei-iam.

- ``GET /v3/projects?name=<region>`` (Keystone ListProjects): what huaweicloudsdkcore's ``BasicCredentials`` asks
  when it is given no project id (``auth/credentials.py`` ``process_auth_params``, through ``auth/internal.py``
  ``IamHelper.get_keystone_list_projects_request``: ``GET {iam_endpoint}/v3/projects`` with the query
  ``name=<region id>``, signed with the access key and no ``X-Project-Id``). It reads ``projects[0].id`` and fails
  on an empty list or on more than one project. The answer here is Keystone's: ``{"projects": [{"id", "name",
  "domain_id", "parent_id", "enabled", "is_domain", "description", "links"}], "links": {"self", "next",
  "previous"}}``. The emulator's HSS lives in one region, REGION, whose project is the credentials' project; every
  other region of the SDK's HSS region table has a project of its own (an id made from its name, which the HSS
  emulator then refuses with 403, as a project of another region would be); an unknown name lists nothing.
- ``POST /v3/auth/tokens``: an IAM token for ``X-Auth-Token``, an emulator convenience: sign the request, or send the
  access key in the body (``{"auth": {"identity": {"methods": ["hw_ak_sk"], "hw_ak_sk": {"access": {"key": AK},
  "secret": {"key": SK}}}}}``, so a playbook can ask with ansible.builtin.uri); the token is in ``X-Subject-Token``
  and lasts 24 hours. HSS (huawei.py) accepts it.

Requests are checked as huawei.py checks them (``SDK-HMAC-SHA256``, the same credentials), so the signature of the
project look-up is verified like the HSS calls. Errors are IAM's ``{"error": {"code", "message"}}``
(huaweicloudsdkcore ``exceptions/exception_handler.py`` reads ``error.code`` and ``error.message`` too).

The SDK's IAM endpoint: ``HUAWEICLOUD_SDK_IAM_ENDPOINT``, else ``https://iam.<region>.myhuaweicloud.com`` for the
regions of ``huaweicloudsdkcore/auth/endpoint.py``, else ``https://iam.myhuaweicloud.com``; the tests point the
variable here.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import time
import uuid

from flask import Blueprint, jsonify, request

from ..context import store
from ..spec import CloudSpec
from . import huawei

NAME = "huawei_iam"
PREFIX = "/huawei-iam"
TOKENS = "/v3/auth/tokens"
PROJECTS = "/v3/projects"
TOKEN_SECONDS = 24 * 3600
REGION = "cn-north-4"
DOMAIN_ID = "6d6f636b636c6f7564646f6d61696e01"

blueprint = Blueprint("mockcloud_huawei_iam", __name__)


def error(status, code, message):
    response = jsonify({"error": {"code": code, "message": message}})
    response.status_code = status
    response.headers["X-IAM-Trace-Id"] = uuid.uuid4().hex
    return response


def _expected():
    return huawei.mock_credentials.for_cloud(huawei.NAME)


def _unauthorized(message):
    return error(401, "IAM.0001", "The request you have made requires authentication: %s" % message)


def verify(incoming):
    if incoming.path == PREFIX + TOKENS and not incoming.headers.get("Authorization"):
        return None  # the view checks the access key in the body
    token = incoming.headers.get("X-Auth-Token")
    problem = huawei._check_token(token) if token else huawei._check_signature(incoming, _expected())  # pylint: disable=protected-access
    if problem is None:
        return None
    return _unauthorized(problem.get_json()["error_msg"])


def _body_credentials_problem(body, expected):
    identity = ((body or {}).get("auth") or {}).get("identity") or {}
    keys = identity.get("hw_ak_sk") or {}
    access = (keys.get("access") or {}).get("key")
    secret = (keys.get("secret") or {}).get("key") or ""
    if "hw_ak_sk" not in (identity.get("methods") or []) or access != expected["access_key"]:
        return _unauthorized("sign the request, or give auth.identity.methods [hw_ak_sk] with a valid access key")
    if not hmac.compare_digest(secret.encode(), expected["secret_key"].encode()):
        return _unauthorized("the secret key does not match the access key")
    return None


@blueprint.route(TOKENS, methods=["POST"])
def issue_token():
    if not request.headers.get("Authorization"):
        problem = _body_credentials_problem(request.get_json(silent=True), _expected())
        if problem is not None:
            return problem
    token = "MIIM" + hashlib.sha256(uuid.uuid4().bytes).hexdigest() * 2
    expires = time.time() + TOKEN_SECONDS
    store().collection(huawei.NAME, "tokens").put(token, {"expires": expires})
    expires_at = datetime.datetime.fromtimestamp(expires, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000000Z")
    body = {
        "token": {
            "expires_at": expires_at,
            "methods": ["hw_ak_sk"],
            "project": {"id": _expected()["project_id"], "name": REGION},
        }
    }
    response = jsonify(body)
    response.status_code = 201
    response.headers["X-Subject-Token"] = token
    return response


def hss_regions():
    """The region ids of the SDK's HSS region table (huaweicloudsdkhss), or just REGION without the package."""
    try:
        from huaweicloudsdkhss.v5.region.hss_region import HssRegion  # pylint: disable=import-outside-toplevel
    except ImportError:
        return (REGION,)
    return tuple(HssRegion.static_fields)


def project_of(region):
    """The project Keystone lists for a region's name, or None for a name that is no region."""
    if region == REGION:
        project_id = _expected()["project_id"]
    elif region in hss_regions():
        project_id = hashlib.md5(("mockcloud project " + region).encode()).hexdigest()  # noqa: S324 - an id, not a hash
    else:
        return None
    return {
        "id": project_id,
        "name": region,
        "domain_id": DOMAIN_ID,
        "parent_id": DOMAIN_ID,
        "enabled": True,
        "is_domain": False,
        "description": "",
        "links": {"self": request.host_url.rstrip("/") + PREFIX + PROJECTS + "/" + project_id},
    }


@blueprint.route(PROJECTS, methods=["GET"])
def list_projects():
    unknown = sorted(set(request.args) - {"name", "domain_id", "enabled", "is_domain", "parent_id", "page", "per_page"})
    if unknown:
        return error(400, "IAM.0007", "unknown query parameters: %s" % ", ".join(unknown))
    name = request.args.get("name")
    projects = [project_of(region) for region in ([name] if name else hss_regions())]
    projects = [project for project in projects if project is not None]
    self_link = request.host_url.rstrip("/") + PREFIX + PROJECTS
    return jsonify({"projects": projects, "links": {"self": self_link, "next": None, "previous": None}})


CLOUD = CloudSpec(name=NAME, blueprint=blueprint, prefix=PREFIX, verify=verify, error=error)
