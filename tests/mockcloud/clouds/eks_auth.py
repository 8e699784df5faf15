# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""SigV4 verification for the EKS emulator, done by botocore's own signer (test-only).

For every request the emulator rebuilds what was signed (method, the raw path and query as sent, the headers
named in SignedHeaders, the body) and asks botocore to compute the signature with the emulator's secret and the
request's X-Amz-Date. A mismatch answers 403 InvalidSignatureException, as AWS does.
"""

from __future__ import annotations

import datetime
import hmac
import re
import time
from urllib.parse import quote

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTH_PATTERN = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/,\s]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request,\s*"
    r"SignedHeaders=(?P<headers>[a-z0-9;\-]+),\s*Signature=(?P<signature>[0-9a-f]{64})$"
)
REGION_PATTERN = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d$")
MAX_SKEW = datetime.timedelta(minutes=15)
MISMATCH = (
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
    "Key and signing method. Consult the service documentation for details."
)


class SignatureProblem(Exception):
    def __init__(self, code, message, status=403):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


def raw_target(request):
    """The path and query exactly as the client sent them (the signature covers the encoded form)."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        return raw
    query = request.query_string.decode("latin-1")
    return quote(request.path, safe="/~") + ("?" + query if query else "")


def _parse(request):
    header = request.headers.get("Authorization")
    if not header:
        raise SignatureProblem("MissingAuthenticationTokenException", "Missing Authentication Token")
    match = AUTH_PATTERN.match(header.strip())
    if not match:
        raise SignatureProblem(
            "IncompleteSignatureException",
            "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters.",
        )
    return match.groupdict()


def _request_time(request, scope_date):
    stamp = request.headers.get("X-Amz-Date")
    if not stamp:
        raise SignatureProblem(
            "IncompleteSignatureException",
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
        )
    try:
        moment = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise SignatureProblem(
            "IncompleteSignatureException", "X-Amz-Date %r is not in the form YYYYMMDD'T'HHMMSS'Z'" % stamp
        )
    now = datetime.datetime.fromtimestamp(time.time(), datetime.timezone.utc)
    if abs(now - moment) > MAX_SKEW:
        raise SignatureProblem(
            "InvalidSignatureException",
            "Signature expired: %s is now earlier or later than %s "
            "(%s +/- 15 min.)" % (stamp, now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%dT%H%M%SZ")),
        )
    if stamp[:8] != scope_date:
        raise SignatureProblem(
            "InvalidSignatureException",
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
            "version of date from HTTP: '%s' != '%s'" % (scope_date, stamp[:8]),
        )
    return stamp


def botocore_signature(request, parts, secret_key, session_token, stamp):
    """What botocore computes for this request, given the headers the client said it signed."""
    signed = parts["headers"].split(";")
    headers = {}
    for name in signed:
        value = request.headers.get(name)
        if value is None:
            raise SignatureProblem(
                "InvalidSignatureException", "The header %r is listed in SignedHeaders but was not sent" % name
            )
        headers[name] = value
    url = "http://%s%s" % (request.headers.get("Host", "localhost"), raw_target(request))
    aws_request = AWSRequest(method=request.method, url=url, headers=headers, data=request.get_data(cache=True))
    aws_request.context["timestamp"] = stamp
    signer = SigV4Auth(Credentials(parts["key"], secret_key, session_token), parts["service"], parts["region"])
    canonical = signer.canonical_request(aws_request)
    return signer.signature(signer.string_to_sign(aws_request, canonical), aws_request)


def verify(request, accepted):
    """The region the request was signed for; SignatureProblem when the signature is not valid.

    accepted: {access_key: {"secret_key": ..., "session_token": ... or None}}.
    """
    parts = _parse(request)
    if parts["service"] != "eks":
        raise SignatureProblem("InvalidSignatureException", "Credential should be scoped to correct service: 'eks'.")
    if not REGION_PATTERN.match(parts["region"]):
        raise SignatureProblem("InvalidSignatureException", "Credential should be scoped to a valid region.")
    known = accepted.get(parts["key"])
    if known is None:
        raise SignatureProblem("UnrecognizedClientException", "The security token included in the request is invalid.")
    token = request.headers.get("X-Amz-Security-Token")
    if token != known.get("session_token"):
        raise SignatureProblem("UnrecognizedClientException", "The security token included in the request is invalid.")
    signed = parts["headers"].split(";")
    if "host" not in signed or (token and "x-amz-security-token" not in signed):
        raise SignatureProblem(
            "InvalidSignatureException", "The host header (and X-Amz-Security-Token when sent) must be signed."
        )
    stamp = _request_time(request, parts["date"])
    expected = botocore_signature(request, parts, known["secret_key"], token, stamp)
    if not hmac.compare_digest(expected, parts["signature"]):
        raise SignatureProblem("InvalidSignatureException", MISMATCH)
    return parts["region"]
