"""``BackendClient``: the one way the app talks to an RTCC backend.

Timeouts on every call; retries with backoff only where repeating is safe
(idempotent methods, on connection errors and 502/503/504); one token refresh
on a 401; TLS verified by default; every reply validated against the contract
schemas, so a malformed reply is a clear ``MalformedResponse`` here rather than
an AttributeError three layers up.
"""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin

import requests
from pydantic import BaseModel, TypeAdapter, ValidationError

from rtcc_desktop.api import errors, json_text
from rtcc_desktop.api.schemas import (
    API_PREFIX,
    Alarm,
    AlarmList,
    AuditPage,
    Camera,
    CameraPage,
    Canvass,
    CanvassRequest,
    Escalation,
    EscalationList,
    ExigentRequest,
    FootageItem,
    FootageRequest,
    FootageRequestCreate,
    FootageRequestList,
    Incident,
    IncidentCreate,
    IncidentList,
    IncidentPriorityChange,
    Info,
    Role,
    RoomScreenLayout,
    RoomScreenReplace,
    RoomTileClear,
    RoomTileGrantRequest,
    RoomTileLock,
    RoomTilePush,
    RoomWall,
    RoomWallConflict,
    RoomWallCreate,
    RoomWallList,
    ScenarioCommand,
    ScenarioInfo,
    ScenarioLoad,
    ScenarioStatus,
    StreamGrant,
    TokenResponse,
    VerifyPasswordRequest,
)
from rtcc_desktop.config import DEFAULT_PORTS, check_backend_url, is_loopback_host, origin_of
from rtcc_desktop.footage.file_names import PART, QUARANTINE, companion

M = TypeVar("M", bound=BaseModel)
Timeout = float | tuple[float, float]
_IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
_RETRY_STATUSES = frozenset({502, 503, 504})
_SCENARIOS = TypeAdapter(list[ScenarioInfo])
# A 401 with one of these codes refuses the password, not the session's token.
_WRONG_PASSWORD = frozenset({"wrong_password", "invalid_credentials"})
_FOOTAGE_REDIRECTS = 5


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _join_footage_url(base: str, link: str, label: str) -> str:
    try:
        return urljoin(base, link)
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 address)
        raise errors.MalformedResponse(f"The backend named a footage address that cannot be read ({label}).") \
            from None


# Room left beside the footage for everything else on that disk (logs, the outbox, other files).
_SPARE_BYTES = 64 * 1024 * 1024


def _check_room(folder: Path, item: FootageItem) -> None:
    """Refuse before downloading what the folder's disk cannot hold: a size the backend declares
    is its word, and a full disk stops the workstation, not just this download."""
    free = shutil.disk_usage(folder).free
    if item.size_bytes > free - _SPARE_BYTES:
        raise errors.FootageNotWritten(
            f"This footage is {item.size_bytes / 1e9:,.1f} GB and {folder} has {free / 1e9:,.1f} GB free; "
            "choose a folder on a disk with more room. Nothing was downloaded.")


def _check_footage_length(resp: requests.Response, item: FootageItem, label: str) -> None:
    """A Content-Length that is not a number is a malformed reply; one above the item's size
    is refused before a byte is written."""
    declared = resp.headers.get("Content-Length")
    if declared is None:
        return
    if not (declared.strip().isascii() and declared.strip().isdigit()):  # "²" passes isdigit() alone
        raise errors.MalformedResponse(
            f"The backend's reply to {label} gives a length that is not a number ({declared[:40]!r}).")
    if int(declared) > item.size_bytes:
        raise errors.FootageIntegrityError(
            f"The backend offers {int(declared):,} bytes for footage of {item.size_bytes:,} bytes ({label}); "
            "it was NOT downloaded.")


def _describe_body(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "not JSON: looks like an HTML page (a proxy or portal in the way?)"
    if not head:
        return "an empty body"
    return "not valid JSON (truncated or garbled)"


class BackendClient:
    def __init__(
        self,
        base_url: str,
        ca_bundle: str | None = None,
        timeout: Timeout = (3.05, 15.0),
        retries: int = 3,
        backoff: float = 0.2,
        on_tokens_changed: Callable[[TokenResponse | None], None] | None = None,
    ):
        self.base_url = check_backend_url(base_url).rstrip("/")  # RefusedAddress: http:// off this computer
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.on_tokens_changed = on_tokens_changed
        self._http = requests.Session()
        # Verification is always on; an agency CA bundle replaces the default trust store.
        # Passed on every request: a session-level setting loses to REQUESTS_CA_BUNDLE.
        self._verify: str | bool = ca_bundle or True
        self._http.headers["User-Agent"] = "rtcc-desktop"
        self._lock = threading.RLock()
        self._access: str | None = None
        self._refresh: str | None = None
        self.username: str | None = None
        self.role: Role | None = None

    @property
    def ca_bundle(self) -> str | None:
        """The agency CA bundle this client trusts instead of the system's store (None: the
        system's), for whatever else fetches from this backend (the HLS gate)."""
        return self._verify if isinstance(self._verify, str) else None

    # --- tokens ---------------------------------------------------------------------------------
    @property
    def signed_in(self) -> bool:
        return self._access is not None or self._refresh is not None

    @property
    def refresh_token_value(self) -> str | None:
        return self._refresh

    def set_refresh_token(self, token: str) -> None:
        """Adopt a refresh token of a session (call ``refresh()`` next)."""
        with self._lock:
            self._refresh = token
            self._access = None

    def auth_headers(self) -> dict[str, str]:
        with self._lock:
            return {"Authorization": f"Bearer {self._access}"} if self._access else {}

    def _store(self, tokens: TokenResponse | None) -> None:
        with self._lock:
            self._access = tokens.access_token if tokens else None
            self._refresh = tokens.refresh_token if tokens else None
            self.username = tokens.username if tokens else None
            self.role = tokens.role if tokens else None
        if self.on_tokens_changed is not None:
            self.on_tokens_changed(tokens)

    def sign_in(self, username: str, password: str) -> TokenResponse:
        tokens = self._call(TokenResponse, "POST", "/auth/token", json={"username": username, "password": password},
                            auth=False)
        self._store(tokens)
        return tokens

    def refresh(self) -> TokenResponse:
        with self._lock:
            refresh = self._refresh
        if not refresh:
            raise errors.SessionExpired("You are not signed in; please sign in.")
        try:
            tokens = self._call(TokenResponse, "POST", "/auth/refresh", json={"refresh_token": refresh}, auth=False)
        except (errors.SessionExpired, errors.InvalidCredentials) as exc:
            self._store(None)
            raise errors.SessionExpired("Your session has ended; please sign in again.", code=exc.code,
                                        status=exc.status) from None
        except errors.BackendError as exc:
            if exc.status == 401:
                self._store(None)
                raise errors.SessionExpired("Your session has ended; please sign in again.", code=exc.code,
                                            status=401) from None
            raise
        self._store(tokens)
        return tokens

    def verify_password(self, password: str) -> None:
        """The lock screen's check: is this the signed-in user's password? Asked within this
        session, so no new tokens and no second session; an access token that expired while
        locked is refreshed first (the same session). Raises InvalidCredentials for a wrong
        password, SessionExpired when the session has ended, and NotFound (code
        ``verify_unsupported``) when the backend cannot check a password without a new sign-in."""
        body = VerifyPasswordRequest(password=password).model_dump()
        with self._lock:
            token_used = self._access
        try:
            try:
                self._request("POST", "/auth/verify", json=body, refresh_on_401=False).close()
            except errors.SessionExpired:
                # The access token, not the password, was refused: refresh once, ask again. Never
                # after a wrong password: a retry would count as a second one towards the lockout.
                self._refresh_unless_changed(token_used)
                self._request("POST", "/auth/verify", json=body, refresh_on_401=False).close()
        except errors.BackendError as exc:
            if exc.code in _WRONG_PASSWORD:
                raise errors.InvalidCredentials(exc.message, code=exc.code, status=exc.status) from None
            if exc.status in (404, 405):
                raise errors.NotFound(
                    "This backend cannot check a password without opening a second session (it has no "
                    "/auth/verify), so the lock screen cannot unlock it. Choose 'Sign in as someone "
                    "else' to sign out, then sign in again.", code="verify_unsupported", status=exc.status,
                ) from None
            raise

    def sign_out(self, timeout: Timeout | None = None) -> None:
        """Revoke the whole session (its refresh-token family) on the server; forget the tokens
        even if that fails. An access token that expired is refreshed first: without a valid
        one the server would not revoke, and the refresh token would outlive the sign-out."""
        with self._lock:
            held = self._access is not None or self._refresh is not None
            refresh = self._refresh or ""
        try:
            if held:
                self._request("POST", "/auth/logout", json={"refresh_token": refresh},
                              timeout=timeout or self.timeout).close()
        except errors.BackendError:
            pass
        finally:
            self._store(None)

    def _refresh_unless_changed(self, token_used: str | None) -> None:
        """Refresh after ``token_used`` was refused, unless another thread already did: refresh
        tokens rotate, so a second refresh with the same one would end the session."""
        with self._lock:
            if self._access == token_used:
                self.refresh()

    # --- transport ---------------------------------------------------------------------------------
    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        if path.startswith(API_PREFIX):
            return self.base_url + path
        return self.base_url + API_PREFIX + path

    def _send(self, method: str, url: str, label: str, **kwargs: Any) -> requests.Response:
        attempts = self.retries + 1 if method in _IDEMPOTENT else 1
        timeout = kwargs.pop("timeout", self.timeout)
        for attempt in range(attempts):
            last = attempt == attempts - 1
            try:
                resp = self._http.request(method, url, timeout=timeout, verify=self._verify, **kwargs)
            except requests.exceptions.SSLError as exc:
                raise errors.TlsError(
                    f"The backend's certificate could not be verified ({label}). If your agency uses its own "
                    f"certificate authority, set the CA bundle in the sign-in dialog. Details: {exc}"
                ) from None
            except requests.exceptions.Timeout:
                raise errors.BackendTimeout(
                    f"The backend at {self.base_url} did not answer in time ({label})."
                ) from None
            except (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError):
                raise errors.MalformedResponse(f"The backend's reply to {label} was cut off or garbled.") from None
            except requests.exceptions.ConnectionError:
                if last:
                    raise errors.BackendUnreachable(
                        f"Cannot reach the backend at {self.base_url}: check the address and the network."
                    ) from None
            except (requests.exceptions.RequestException, ValueError):
                # A redirect loop, or a Location that is no address: the reply cannot be followed.
                raise errors.MalformedResponse(
                    f"The backend's reply to {label} pointed somewhere that cannot be followed."
                ) from None
            else:
                if resp.status_code not in _RETRY_STATUSES or last:
                    return resp
                resp.close()
            time.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _request(
        self, method: str, path: str, *, auth: bool = True, refresh_on_401: bool = True, **kwargs: Any
    ) -> requests.Response:
        url = self._url(path)
        label = f"{method} {url.removeprefix(self.base_url)}"
        token_used = self._access
        headers = {**kwargs.pop("headers", {}), **(self.auth_headers() if auth else {})}
        # API calls are never redirected: a 307 would re-send a password or a request body to
        # wherever the Location says. Only a caller that follows hops itself asks for them.
        redirects_wanted = kwargs.pop("allow_redirects", None) is not None
        kwargs["allow_redirects"] = False
        resp = self._send(method, url, label, headers=headers, **kwargs)
        if resp.status_code == 401 and auth and refresh_on_401 and self._refresh:
            resp.close()
            self._refresh_unless_changed(token_used)
            headers.update(self.auth_headers())
            resp = self._send(method, url, label, headers=headers, **kwargs)
        if resp.is_redirect and not redirects_wanted:
            resp.close()
            raise errors.MalformedResponse(
                f"The backend answered {label} with a redirect, which this app does not follow for its API "
                f"calls. Check the backend address ({self.base_url}) with your administrators.")
        if resp.status_code >= 400:
            error = self._error(resp, label, auth)
            error.retry_after = errors.parse_retry_after(resp.headers.get("Retry-After"))
            raise error
        return resp

    def _error(self, resp: requests.Response, label: str, auth: bool) -> errors.BackendError:
        status = resp.status_code
        try:
            body = json_text.loads(resp.content)
            code, message = str(body["error"]["code"]), str(body["error"]["message"])
        except (ValueError, KeyError, TypeError, requests.exceptions.RequestException):
            reason = resp.reason or ""
            if status >= 500:
                return errors.ServerError(
                    f"The backend (or a proxy in front of it) failed: HTTP {status} {reason} for {label}.",
                    status=status)
            return errors.MalformedResponse(
                f"The backend answered {label} with HTTP {status} {reason} and {_describe_body(resp.text)}.",
                status=status)
        if status == 401 and auth and code not in ("session_expired", *_WRONG_PASSWORD):
            return errors.SessionExpired("Your session has ended; please sign in again.", code=code, status=status)
        if status == 412:
            return self._room_wall_conflict(body, label, code)
        return errors.error_for(status, code, message)

    def _room_wall_conflict(self, body: Any, label: str, code: str) -> errors.BackendError:
        """A 412 carries the wall as it is now; without a readable one it is a malformed reply."""
        try:
            conflict = RoomWallConflict.model_validate(body)
        except ValidationError:
            return errors.MalformedResponse(
                f"The backend refused {label} as made against an older version, without the current room wall.",
                status=412)
        return errors.RoomWallConflictError(conflict.current, code=code)

    def _json(self, resp: requests.Response, label: str) -> Any:
        try:
            return json_text.loads(resp.content)
        except ValueError:  # also a reply nested too deeply to parse
            raise errors.MalformedResponse(
                f"The backend sent an unexpected reply to {label} ({_describe_body(resp.text)})."
            ) from None
        except requests.exceptions.RequestException:
            raise errors.MalformedResponse(f"The backend's reply to {label} was cut off.") from None

    def _parse(self, model: type[M] | TypeAdapter[Any], data: Any, label: str) -> Any:
        try:
            if isinstance(model, TypeAdapter):
                return model.validate_python(data)
            return model.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "reply"
            raise errors.MalformedResponse(
                f"The backend sent an unexpected reply to {label}: {where}: {first['msg']}."
            ) from None

    def _call(self, model: type[M], method: str, path: str, **kwargs: Any) -> M:
        resp = self._request(method, path, **kwargs)
        label = f"{method} {API_PREFIX}{path}"
        result: M = self._parse(model, self._json(resp, label), label)
        return result

    def close(self) -> None:
        self._http.close()

    # --- resources ---------------------------------------------------------------------------------
    def info(self) -> Info:
        return self._call(Info, "GET", "/info", auth=False)

    def list_cameras(
        self,
        bbox: tuple[float, float, float, float] | None = None,
        updated_since: datetime | None = None,
        limit: int = 5000,
        cursor: str | None = None,
    ) -> CameraPage:
        params: dict[str, Any] = {"limit": limit, "cursor": cursor, "updated_since": _iso(updated_since)}
        if bbox is not None:
            params["bbox"] = ",".join(repr(float(v)) for v in bbox)
        return self._call(CameraPage, "GET", "/cameras", params=params)

    def iter_cameras(self, **filters: Any) -> Iterator[Camera]:
        cursor: str | None = None
        while True:
            page = self.list_cameras(cursor=cursor, **filters)
            yield from page.items
            if not page.next_cursor:
                return
            cursor = page.next_cursor

    def all_cameras(self, **filters: Any) -> list[Camera]:
        return list(self.iter_cameras(**filters))

    def get_camera(self, camera_id: int) -> Camera:
        return self._call(Camera, "GET", f"/cameras/{int(camera_id)}")

    def request_stream(self, camera_id: int, case_number: str, purpose: str, profile: str = "sub") -> StreamGrant:
        body = {"case_number": case_number, "purpose": purpose, "profile": profile}
        return self._call(StreamGrant, "POST", f"/cameras/{int(camera_id)}/streams", json=body)

    def list_requests(self, status: str | None = None, case_number: str | None = None, mine: bool = False,
                      limit: int = 500, cursor: str | None = None) -> FootageRequestList:
        params = {"status": status, "case_number": case_number, "mine": str(mine).lower() if mine else None,
                  "limit": limit, "cursor": cursor}
        return self._call(FootageRequestList, "GET", "/requests", params=params)

    def all_requests(self, **filters: Any) -> list[FootageRequest]:
        items: list[FootageRequest] = []
        cursor: str | None = None
        while True:
            page = self.list_requests(cursor=cursor, **filters)
            items += page.items
            if not page.next_cursor:
                return items
            cursor = page.next_cursor

    def get_request(self, request_id: int) -> FootageRequest:
        return self._call(FootageRequest, "GET", f"/requests/{int(request_id)}")

    def create_request(self, body: FootageRequestCreate) -> FootageRequest:
        return self._call(FootageRequest, "POST", "/requests", json=body.model_dump(mode="json"))

    def cancel_request(self, request_id: int) -> FootageRequest:
        return self._call(FootageRequest, "PATCH", f"/requests/{int(request_id)}", json={"status": "cancelled"})

    def download_footage(self, item: FootageItem, dest: Path,
                         progress: Callable[[int, int], None] | None = None) -> Path:
        """Stream to a temporary file, verify sha256 and size, then move into place.

        A mismatch is loud: the file is kept as ``*.quarantine`` for inspection,
        never delivered under its real name. More bytes than the item declares stop the
        download at once (nothing kept). The bearer token goes only to the backend's own
        origin; see ``_footage_hop`` for where else footage may come from."""
        dest = Path(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = companion(dest, PART)
        label = f"GET {item.url}"
        _check_room(dest.parent, item)
        with self._open_footage(item, label) as resp:
            _check_footage_length(resp, item, label)
            digest, done = self._receive_footage(resp, part, item, label, progress)
        if digest != item.sha256 or done != item.size_bytes:
            quarantine = companion(dest, QUARANTINE)
            part.replace(quarantine)
            raise errors.FootageIntegrityError(
                f"Downloaded footage does not match the backend's fingerprint (sha256 {digest[:12]}… "
                f"vs {item.sha256[:12]}…, {done} vs {item.size_bytes} bytes). It was NOT delivered; the file is "
                f"quarantined at {quarantine}."
            )
        part.replace(dest)
        return dest

    def _footage_hop(self, url: str, label: str) -> bool:
        """Whether ``url`` (a footage link or a redirect from one) gets the bearer token.

        True only for the backend's own origin (scheme, host and port). Anywhere else
        (storage, a CDN) is fetched without credentials and only over https; plain http
        elsewhere is ``RefusedAddress``, except from a loopback backend to a loopback host
        (the training mock and tests, where nothing crosses the network)."""
        try:
            here, backend = origin_of(url), origin_of(self.base_url)
        except ValueError:
            raise errors.MalformedResponse(f"The backend named a footage address that cannot be read ({label}).") \
                from None
        if here == backend:
            return True
        scheme, host, _port = here
        if scheme in DEFAULT_PORTS and not host:
            raise errors.MalformedResponse(f"The backend named a footage address without a host ({label}).")
        if scheme == "https" or (scheme == "http" and is_loopback_host(host) and is_loopback_host(backend[1])):
            return False
        raise errors.RefusedAddress(
            f"The footage link leads to {scheme}://{host}, which is not the backend and not https://; it was not "
            f"downloaded (footage travels encrypted). Ask the backend's administrators ({label})."
        )

    def _open_footage(self, item: FootageItem, label: str) -> requests.Response:
        """The footage reply, following redirects here so each hop is judged by ``_footage_hop``."""
        url = _join_footage_url(self.base_url + "/", item.url.lstrip("/"), label)
        # identity: a compressed reply would be expanded past the size cap before it is counted
        headers = {"Accept-Encoding": "identity"}
        left = False  # a hop chosen by another origin gets no token, even one back to the backend
        for _hop in range(_FOOTAGE_REDIRECTS + 1):
            own = self._footage_hop(url, label) and not left
            left = not own
            try:
                resp = self._request("GET", url, auth=own, stream=True, allow_redirects=False, headers=headers)
            except ValueError:  # requests reads the Location even when not following it
                raise errors.MalformedResponse(f"The backend's reply to {label} names an address that cannot be "
                                               "read; the footage was not downloaded.") from None
            if not resp.is_redirect:
                return resp
            location = resp.headers.get("Location", "")
            resp.close()
            url = _join_footage_url(url, location, label)
        raise errors.MalformedResponse(f"The footage download was redirected more than {_FOOTAGE_REDIRECTS} "
                                       f"times ({label}); it was not downloaded.")

    def _receive_footage(self, resp: requests.Response, part: Path, item: FootageItem, label: str,
                         progress: Callable[[int, int], None] | None) -> tuple[str, int]:
        """Write the body to ``part``; (sha256 hex, bytes). Never more than ``size_bytes`` on disk."""
        digest, done, limit = hashlib.sha256(), 0, item.size_bytes
        try:
            with part.open("wb") as out:
                for chunk in resp.iter_content(chunk_size=256 * 1024):
                    if done + len(chunk) > limit:
                        raise errors.FootageIntegrityError(
                            f"The backend sent more than the {limit:,} bytes this footage has ({label}); the "
                            "download was stopped and nothing was kept.")
                    out.write(chunk)
                    digest.update(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, limit)
        except errors.FootageIntegrityError:
            part.unlink(missing_ok=True)
            raise
        except requests.exceptions.RequestException:
            part.unlink(missing_ok=True)
            raise errors.BackendUnreachable(f"The download was interrupted ({label}); try again.") from None
        except OSError as exc:  # the disk filled up, a quota, the folder went away
            part.unlink(missing_ok=True)
            raise errors.FootageNotWritten(f"The footage could not be written to {part.parent} "
                                           f"({exc.strerror or exc}); nothing was kept.") from None
        return digest.hexdigest(), done

    def list_escalations(self, status: str | None = None) -> EscalationList:
        return self._call(EscalationList, "GET", "/escalations", params={"status": status})

    def request_exigent(self, body: ExigentRequest) -> Escalation:
        return self._call(Escalation, "POST", "/escalations", json=body.model_dump(mode="json"))

    def decide_escalation(self, escalation_id: int, approve: bool, reason: str) -> Escalation:
        return self._call(Escalation, "POST", f"/escalations/{int(escalation_id)}/decision",
                          json={"approve": approve, "reason": reason})

    def list_audit(self, actor: str | None = None, action: str | None = None, case_number: str | None = None,
                   since: datetime | None = None, until: datetime | None = None, limit: int = 500,
                   cursor: str | None = None) -> AuditPage:
        params = {"actor": actor, "action": action, "case_number": case_number, "since": _iso(since),
                  "until": _iso(until), "limit": limit, "cursor": cursor}
        return self._call(AuditPage, "GET", "/audit", params=params)

    def open_event_stream(self, last_event_id: int | None, read_timeout: float) -> requests.Response:
        """The raw SSE response (streaming); ``EventStream`` parses it."""
        headers = {"Accept": "text/event-stream"}
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        connect = self.timeout[0] if isinstance(self.timeout, tuple) else self.timeout
        return self._request("GET", "/events", headers=headers, stream=True, timeout=(connect, read_timeout))

    # --- training (trainer role, training backends only) ---------------------------------------------------
    def training_set_status(self, camera_id: int, status: str) -> Camera:
        return self._call(Camera, "POST", f"/training/cameras/{int(camera_id)}/status", json={"status": status})

    def training_consent(self, camera_id: int, action: str, minutes: int | None = None) -> Camera:
        return self._call(Camera, "POST", f"/training/cameras/{int(camera_id)}/consent",
                          json={"action": action, "minutes": minutes})

    def training_set_label(self, camera_id: int, label: str) -> Camera:
        return self._call(Camera, "POST", f"/training/cameras/{int(camera_id)}/label", json={"label": label})

    def training_incident(self, body: IncidentCreate) -> Incident:
        return self._call(Incident, "POST", "/training/incidents", json=body.model_dump(mode="json"))

    def training_incident_priority(self, incident_id: int, priority: int) -> Incident:
        body = IncidentPriorityChange(priority=priority)
        return self._call(Incident, "POST", f"/training/incidents/{int(incident_id)}/priority", json=body.model_dump())

    def training_scenarios(self) -> list[ScenarioInfo]:
        resp = self._request("GET", "/training/scenarios")
        label = f"GET {API_PREFIX}/training/scenarios"
        result: list[ScenarioInfo] = self._parse(_SCENARIOS, self._json(resp, label), label)
        return result

    def training_alarm(self, camera_id: int, minutes: float | None = None) -> Alarm:
        body = {} if minutes is None else {"minutes": minutes}
        return self._call(Alarm, "POST", f"/training/cameras/{int(camera_id)}/alarm", json=body)

    def training_end_alarm(self, alarm_id: int) -> Alarm:
        return self._call(Alarm, "POST", f"/training/alarms/{int(alarm_id)}/end")

    def scenario_status(self) -> ScenarioStatus:
        return self._call(ScenarioStatus, "GET", "/training/scenario")

    def load_scenario(self, name: str | None = None, text: str | None = None,
                      filename: str = "scenario.yaml") -> ScenarioStatus:
        """A shipped drill by ``name``, or a scenario file's ``text`` (a bad file: ValidationFailed naming the line)."""
        body = ScenarioLoad(name=name, text=text, filename=filename)
        return self._call(ScenarioStatus, "POST", "/training/scenario", json=body.model_dump(mode="json"))

    def scenario_command(self, action: str) -> ScenarioStatus:
        """start, pause, resume or reset the loaded drill."""
        return self._call(ScenarioStatus, "POST", "/training/scenario/command",
                          json=ScenarioCommand(action=action).model_dump())

    # --- incidents ---------------------------------------------------------------------------------------
    def list_incidents(self, status: str = "open", since: datetime | None = None, source: str | None = None,
                       limit: int = 200) -> IncidentList:
        """Incidents newest first: open ones (default), ``closed`` or ``all``."""
        params: dict[str, str] = {"status": status, "limit": str(int(limit))}
        if since is not None:
            params["since"] = since.isoformat()
        if source is not None:
            params["source"] = source
        return self._call(IncidentList, "GET", "/incidents", params=params)

    def create_incident(self, body: IncidentCreate) -> Incident:
        """An incident placed by hand (the map's "Incident here"), numbered by the backend."""
        return self._call(Incident, "POST", "/incidents", json=body.model_dump(mode="json"))

    def canvass(self, incident_id: int, radius_m: float) -> Canvass:
        """The registry-only cameras around an incident, for a door-knock list (audited by the backend)."""
        return self._call(Canvass, "POST", f"/incidents/{int(incident_id)}/canvass",
                          json=CanvassRequest(radius_m=radius_m).model_dump())

    def close_incident(self, incident_id: int) -> Incident:
        return self._call(Incident, "POST", f"/incidents/{int(incident_id)}/close")

    # --- alarms ------------------------------------------------------------------------------------------
    def list_alarms(self, active: bool = True) -> AlarmList:
        return self._call(AlarmList, "GET", "/alarms", params={"active": "true" if active else "false"})

    def acknowledge_alarm(self, alarm_id: int) -> Alarm:
        return self._call(Alarm, "POST", f"/alarms/{int(alarm_id)}/acknowledge")

    # --- room walls ----------------------------------------------------------------------------------------
    # Every change sends the version it was made against (If-Match); a stale one raises
    # RoomWallConflictError carrying the wall as it is now.
    def room_walls(self) -> list[RoomWall]:
        return self._call(RoomWallList, "GET", "/room-walls").items

    def room_wall(self, wall_id: int) -> RoomWall:
        return self._call(RoomWall, "GET", f"/room-walls/{int(wall_id)}")

    def create_room_wall(self, body: RoomWallCreate) -> RoomWall:
        return self._call(RoomWall, "POST", "/room-walls", json=body.model_dump(mode="json"))

    def _room_edit(self, method: str, path: str, version: int, **kwargs: Any) -> RoomWall:
        headers = {"If-Match": f'"{int(version)}"'}
        return self._call(RoomWall, method, path, headers=headers, **kwargs)

    @staticmethod
    def _tile_path(wall_id: int, screen: int, tile: int) -> str:
        return f"/room-walls/{int(wall_id)}/screens/{int(screen)}/tiles/{int(tile)}"

    def push_room_tile(self, wall_id: int, screen: int, tile: int, push: RoomTilePush, version: int) -> RoomWall:
        return self._room_edit("PUT", self._tile_path(wall_id, screen, tile), version,
                               json=push.model_dump(mode="json"))

    def clear_room_tile(self, wall_id: int, screen: int, tile: int, version: int,
                        reason: str = RoomTileClear().reason) -> RoomWall:
        return self._room_edit("DELETE", self._tile_path(wall_id, screen, tile), version,
                               json=RoomTileClear(reason=reason).model_dump())

    def set_room_layout(self, wall_id: int, screen: int, layout: str, version: int) -> RoomWall:
        body = RoomScreenLayout.model_validate({"layout": layout})
        return self._room_edit("PUT", f"/room-walls/{int(wall_id)}/screens/{int(screen)}/layout", version,
                               json=body.model_dump())

    def replace_room_screen(self, wall_id: int, screen: int, replace: RoomScreenReplace, version: int) -> RoomWall:
        """"Put my wall on the room wall": a screen's layout and tiles at once."""
        return self._room_edit("PUT", f"/room-walls/{int(wall_id)}/screens/{int(screen)}", version,
                               json=replace.model_dump(mode="json"))

    def lock_room_tile(self, wall_id: int, screen: int, tile: int, locked: bool, version: int) -> RoomWall:
        return self._room_edit("PUT", self._tile_path(wall_id, screen, tile) + "/lock", version,
                               json=RoomTileLock(locked=locked).model_dump())

    def room_tile_grant(self, wall_id: int, screen: int, tile: int, profile: str = "sub") -> StreamGrant:
        """A wall device's stream grant for one of its tiles (bound to the tile's case and purpose)."""
        body = RoomTileGrantRequest.model_validate({"profile": profile})
        return self._call(StreamGrant, "POST", self._tile_path(wall_id, screen, tile) + "/stream-grant",
                          json=body.model_dump())
