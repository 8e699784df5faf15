# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client of the collection: a requests.Session with timeouts, retries, TLS settings and ApiError.

Retry policy (the only one in the collection):

- idempotent calls (GET, HEAD, OPTIONS, PUT, DELETE, or any call made with ``idempotent=True``) are retried on
  connection errors, timeouts and HTTP 429, 500, 502, 503, 504, with exponential backoff and full jitter capped
  at ``backoff_cap``; a ``Retry-After`` answer (seconds or an HTTP date) replaces the jitter, capped the same way;
- other calls (a POST or PATCH that creates or changes something) are retried only when the server certainly did
  not act: the connection could not be established (the server never saw the request), or the server answered
  429 (rate limited: the request was refused, not carried out) or 503 with a ``Retry-After`` header (the server
  says it did not handle the request and when to come back). A 500, 502, 504 or a 503 without ``Retry-After``
  may come after the server acted, so it is raised as it is. Once the request may have reached the server, a
  lost connection raises ``ApiError(code="ConnectionLost")``: the outcome is unknown and the caller must look
  the resource up before trying again;
- an error answer the cloud's ``ErrorParser.retryable`` marks as refused (for example a throttling code sent with
  a 400) is retried as a 429 is, whatever the method.

A transport failure is reported with the host, why (connection refused, a name that does not resolve, no answer in
time, TLS, reset), and how many attempts were made over how long. A host name that does not resolve is not retried:
one attempt, as sending again cannot make an unknown name known (a mistyped endpoint or region fails at once).

``json=`` bodies are serialised once, with compact separators (``(",", ":")``, key order kept, ASCII only), and
sent as those exact bytes on every attempt, so a signer sees the bytes that go on the wire. The ``auth`` object is
called again for every attempt, so each attempt carries a fresh signature.
"""

from __future__ import annotations

import errno
import json as jsonlib
import random
import socket
import ssl
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, parse_error
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import redact_headers, redact_text

try:
    import requests
    from requests.structures import CaseInsensitiveDict
    from urllib3 import disable_warnings
    from urllib3.exceptions import InsecureRequestWarning, NewConnectionError

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as import_error:  # pragma: no cover - exercised by ansible-test's import sanity test
    requests = None
    CaseInsensitiveDict = dict
    InsecureRequestWarning = NewConnectionError = disable_warnings = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = import_error

COLLECTION_VERSION = "0.1.0"
DEFAULT_USER_AGENT = "managedk8s.clusters/%s" % COLLECTION_VERSION

DEFAULT_RETRIES = 5

IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "OPTIONS", "PUT", "DELETE"))
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))

# ApiError codes raised by the client itself (no HTTP answer to take a code from).
CONNECTION_ERROR = "ConnectionError"
CONNECTION_LOST = "ConnectionLost"
TIMEOUT = "Timeout"
TLS_ERROR = "TLSError"
REQUEST_ERROR = "RequestError"


class MissingLibraryError(RuntimeError):
    """A Python library the client needs is not installed."""

    def __init__(self, library, error=None):
        self.library = library
        message = "the Python library '%s' is required to talk to the cloud APIs (pip install %s)" % (library, library)
        if error is not None:
            message += ": %s" % error
        super().__init__(message)


class HttpResponse:
    """What a successful (or allowed) call answered."""

    def __init__(self, status, headers=None, body=b"", method=None, url=None, error_parser=parse_error):
        self.error_parser = error_parser
        self.status = status
        self.headers = CaseInsensitiveDict(headers or {})
        self.body = body or b""
        self.method = method
        self.url = url
        self._json = None
        self._json_parsed = False

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def json(self):
        """The body parsed as JSON, or None when it is empty or not JSON."""
        if not self._json_parsed:
            self._json_parsed = True
            try:
                self._json = jsonlib.loads(self.text) if self.body.strip() else None
            except ValueError:
                self._json = None
        return self._json

    @property
    def request_id(self):
        return self.error_parser.request_id(self.headers, self.json)

    def __repr__(self):
        return "HttpResponse(%s %s -> %s)" % (self.method, self.url, self.status)


def retry_after_seconds(value, now=None):
    """Seconds to wait from a Retry-After header value (delta seconds or an HTTP date); None when unusable."""
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


def _causes(error):
    """The error and every exception it wraps (args, urllib3 reasons, __cause__/__context__)."""
    seen, pending = [], [error]
    while pending and len(seen) < 20:
        current = pending.pop(0)
        if not isinstance(current, BaseException) or any(current is known for known in seen):
            continue
        seen.append(current)
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        for attribute in ("reason", "original_error", "__cause__", "__context__"):
            pending.append(getattr(current, attribute, None))
    return seen


def never_connected(error):
    """True when a requests exception proves the request never reached the server."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return True
    if not isinstance(error, requests.exceptions.ConnectionError):
        return False
    return any(isinstance(cause, (NewConnectionError, ConnectionRefusedError)) for cause in _causes(error))


def _host_of(url):
    """host:port of a URL, as the user wrote it in the endpoint (the port only when the URL has one)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    host = parts.hostname or url
    if ":" in host:
        host = "[%s]" % host
    return "%s:%s" % (host, port) if port else host


def _why(error, timeouts):
    """(reason, retryable) of a transport failure, in words: connection refused, a name that does not resolve, ...

    timeouts is the client's (connect, read) pair. retryable is False only for a name that does not resolve.
    """
    causes = _causes(error)
    for cause in causes:
        if isinstance(cause, socket.gaierror):
            detail = cause.strerror or str(cause)
            return "the host name does not resolve (%s); check the endpoint or the region" % detail, False
    if isinstance(error, requests.exceptions.SSLError):
        detail = next((cause for cause in causes if isinstance(cause, ssl.SSLError)), None)
        if isinstance(detail, ssl.SSLCertVerificationError):
            text = "the server's certificate was not accepted: %s" % (detail.verify_message or detail.reason)
        else:
            text = "the TLS handshake failed: %s" % (getattr(detail, "reason", None) or detail or error)
        return "%s; check ca_path (or validate_certs for a test endpoint)" % text, False
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return "no answer to the connection within %s seconds" % timeouts[0], True
    if isinstance(error, requests.exceptions.Timeout):
        return "no answer within %s seconds (request_timeout)" % timeouts[1], True
    for cause in causes:
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused, nothing listens on that port or a firewall rejects it", True
        if isinstance(cause, ConnectionResetError):
            return "the connection was reset by the server or a proxy", True
        if isinstance(cause, OSError) and cause.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "%s (no route to the host)" % (cause.strerror or "unreachable"), True
    for cause in causes:
        if type(cause).__name__ in ("RemoteDisconnected", "ProtocolError", "IncompleteRead"):
            return "the server closed the connection without an answer", True
    deepest = causes[-1] if causes else error
    return str(deepest) or type(deepest).__name__, True


def server_refused(response):
    """True when an answer says the server did not carry the request out, so that sending it again is safe."""
    if response.status == 429:
        return True
    return response.status == 503 and retry_after_seconds(response.headers.get("Retry-After")) is not None


class _Attempt:
    """The outcome of one send: a response, or a transport failure described as an ApiError."""

    def __init__(self, response=None, failure=None, connected=True, retryable=True):
        self.response = response
        self.failure = failure
        self.connected = connected
        self.retryable = retryable


class HttpClient:
    """One requests.Session bound to one API endpoint.

    ``client.calls`` counts attempts (every send) and ``client.retries`` the attempts that were retries;
    the configured maximum number of retries is ``client.max_retries``. ``client.warnings`` collects
    messages for the user (for example that TLS validation is off).
    """

    def __init__(
        self,
        base_url,
        auth=None,
        validate_certs=True,
        ca_path=None,
        timeout=30,
        connect_timeout=10,
        retries=DEFAULT_RETRIES,
        backoff_base=1.0,
        backoff_cap=15.0,
        user_agent=None,
        error_parser=parse_error,
        proxies=None,
        log=None,
        sleep=time.sleep,
    ):
        if not HAS_REQUESTS:
            raise MissingLibraryError("requests", REQUESTS_IMPORT_ERROR)
        self.base_url = base_url.rstrip("/")
        self.auth = auth
        self.verify = ca_path or bool(validate_certs)
        self.timeout = (connect_timeout, timeout)
        self.max_retries = max(0, int(retries))
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.error_parser = error_parser
        self.log = log
        self.sleep = sleep
        self.calls = 0
        self.retries = 0
        self.warnings = []
        self._random = random.Random()
        self.proxies = dict(proxies or {})  # explicit proxies win over the environment's; without them, env rules apply
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent or DEFAULT_USER_AGENT
        if not validate_certs and not ca_path:
            self._disable_tls_validation()

    def _disable_tls_validation(self):
        self.warnings.append(
            "TLS certificate validation is disabled for %s (validate_certs=false): the connection "
            "is encrypted but the server is not authenticated" % self.base_url
        )
        disable_warnings(InsecureRequestWarning)
        self._log(self.warnings[-1])

    def close(self):
        self.session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def url_for(self, path):
        """Join path to the base URL, keeping the base path; a full URL is used as it is."""
        if path and path.lower().startswith(("http://", "https://")):
            return path
        if not path:
            return self.base_url
        return "%s/%s" % (self.base_url, path.lstrip("/"))

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def head(self, path, **kwargs):
        return self.request("HEAD", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def patch(self, path, **kwargs):
        return self.request("PATCH", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def request(
        self,
        method,
        path,
        params=None,
        json=None,
        data=None,
        headers=None,
        idempotent=None,
        expected=None,
        allow_404=False,
    ):
        """Send one API call with the retry policy; return an HttpResponse or raise ApiError."""
        method = method.upper()
        url = self.url_for(path)
        body, headers = self._encode_body(json, data, headers)
        retry_everything = method in IDEMPOTENT_METHODS if idempotent is None else bool(idempotent)
        attempt = 0
        started = time.monotonic()
        while True:
            attempt += 1
            outcome = self._send(method, url, params, body, headers, attempt)
            delay = self._retry_delay(outcome, retry_everything, attempt)
            if delay is None:
                break
            self.retries += 1
            self.sleep(delay)
        if outcome.failure is not None:
            raise self._final_failure(outcome, retry_everything, attempt, time.monotonic() - started)
        return self._check_status(outcome.response, method, url, expected, allow_404)

    @staticmethod
    def _encode_body(json, data, headers):
        headers = dict(headers or {})
        if json is not None:
            body = jsonlib.dumps(json, separators=(",", ":")).encode("utf-8")
            if not any(name.lower() == "content-type" for name in headers):
                headers["Content-Type"] = "application/json"
            return body, headers
        if isinstance(data, str):
            data = data.encode("utf-8")
        return data, headers

    def _send(self, method, url, params, body, headers, attempt):
        self.calls += 1
        started = time.monotonic()
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                data=body,
                headers=headers,
                auth=self.auth,
                timeout=self.timeout,
                verify=self.verify,
                proxies=self.proxies or None,
            )
        except requests.exceptions.RequestException as error:
            outcome = self._transport_failure(error, method, url)
            self._log_attempt(
                method,
                getattr(error.request, "url", None) or url,
                outcome.failure.code,
                started,
                attempt,
                getattr(error.request, "headers", None),
            )
            return outcome
        answer = HttpResponse(
            response.status_code,
            response.headers,
            response.content,
            method,
            redact_text(url),
            error_parser=self.error_parser,
        )
        result = (
            "%s (request id %s)" % (answer.status, answer.request_id)
            if self.log and answer.request_id
            else answer.status
        )
        self._log_attempt(method, response.url, result, started, attempt, response.request.headers)
        return _Attempt(answer)

    def _transport_failure(self, error, method, url):
        shown_url = redact_text(url)
        why, retryable = _why(error, self.timeout)
        where = _host_of(shown_url)
        if isinstance(error, requests.exceptions.SSLError):
            message = "TLS error with %s: %s" % (where, why)
            failure = ApiError(code=TLS_ERROR, message=message, method=method, url=shown_url)
            return _Attempt(failure=failure, connected=False, retryable=False)
        connected = not never_connected(error)
        if isinstance(error, requests.exceptions.Timeout):
            code = TIMEOUT
        elif isinstance(error, requests.exceptions.ConnectionError):
            code = CONNECTION_ERROR
        else:
            code = REQUEST_ERROR
        text = ("the request could not be sent to %s: %s" if code == REQUEST_ERROR else "cannot reach %s: %s") % (
            where,
            why,
        )
        failure = ApiError(code=code, message=text, method=method, url=shown_url)
        return _Attempt(failure=failure, connected=connected, retryable=retryable)

    def _retry_delay(self, outcome, retry_everything, attempt):
        """Seconds to wait before the next attempt, or None when this outcome is final."""
        if attempt > self.max_retries:
            return None
        if outcome.failure is not None:
            if outcome.failure.code in (TLS_ERROR, REQUEST_ERROR) or not outcome.retryable:
                return None
            if retry_everything or not outcome.connected:
                return self._backoff(attempt)
            return None
        response = outcome.response
        vendor_refused = getattr(self.error_parser, "refused", None)
        refused = (
            response.status not in RETRY_STATUSES
            and vendor_refused is not None
            and vendor_refused(response.status, response.headers, response.body)
        )
        if response.status not in RETRY_STATUSES and not refused:
            return None
        if not retry_everything and not refused and not server_refused(response):
            return None
        server_delay = retry_after_seconds(response.headers.get("Retry-After"))
        if server_delay is not None:
            return min(server_delay, self.backoff_cap)
        return self._backoff(attempt)

    def _backoff(self, attempt):
        ceiling = min(self.backoff_cap, self.backoff_base * (2 ** (attempt - 1)))
        return self._random.uniform(0, ceiling)

    def _final_failure(self, outcome, retry_everything, attempts, elapsed):
        failure = outcome.failure
        if outcome.connected and not retry_everything and failure.code in (CONNECTION_ERROR, TIMEOUT):
            return ApiError(
                code=CONNECTION_LOST,
                method=failure.method,
                url=failure.url,
                details={"cause": failure.code},
                message="the connection was lost after the request was sent (%s); the outcome is unknown: "
                "look the resource up before trying again" % failure.message,
            )
        tally = "%d attempt%s over %.1f s" % (attempts, "" if attempts == 1 else "s", elapsed)
        if failure.code in (TLS_ERROR, REQUEST_ERROR) or not outcome.retryable:
            tally += ", not retried"
        else:
            tally += ", retries=%d" % self.max_retries
        return ApiError(
            code=failure.code,
            method=failure.method,
            url=failure.url,
            details={"attempts": attempts, "seconds": round(elapsed, 1)},
            message="%s (%s)" % (failure.message, tally),
        )

    def _check_status(self, response, method, url, expected, allow_404):
        if expected is None:
            ok = 200 <= response.status < 300
        else:
            ok = response.status in ((expected,) if isinstance(expected, int) else expected)
        if ok or (allow_404 and response.status == 404):
            return response
        raise self.error_parser(response.status, response.headers, response.body, method, redact_text(url))

    def _log_attempt(self, method, url, result, started, attempt, headers):
        if self.log is None:
            return
        shown_headers = {name: redact_text(str(value)) for name, value in redact_headers(dict(headers or {})).items()}
        self._log(
            "HTTP %s %s -> %s in %.3fs (attempt %d of %d) request headers: %s"
            % (
                method,
                redact_text(url),
                result,
                time.monotonic() - started,
                attempt,
                self.max_retries + 1,
                jsonlib.dumps(shown_headers, sort_keys=True),
            )
        )

    def _log(self, message):
        if self.log is not None:
            self.log(message)


def http_client_for(params, base_url, auth, error_parser=parse_error, ca_path=None, warn=None):
    """The HttpClient of a module's or plugin's connection options (validate_certs, ca_path, request_timeout,
    retries).

    ca_path: the CA bundle the cloud's credentials resolver found (the option, or the vendor's configuration); the
    ca_path option when it found none. Warnings about the TLS settings go to warn(message).
    """
    http = HttpClient(
        base_url,
        auth=auth,
        validate_certs=params.get("validate_certs", True),
        ca_path=ca_path or params.get("ca_path"),
        timeout=params.get("request_timeout") or 30,
        retries=DEFAULT_RETRIES if params.get("retries") is None else params["retries"],
        error_parser=error_parser,
    )
    if warn is not None:
        for message in http.warnings:
            warn(message)
    return http
