"""The backend contract as pydantic models.

This package is shared by the client and the mock backend (the only part of the
client the mock may import, enforced by the import-linter contract), so both
sides validate against exactly the same definitions and the mock's
``/openapi.json`` *is* the contract.
"""

from rtcc_desktop.api.schemas.alarms import DEFAULT_ALARM_MINUTES, Alarm, AlarmList, AlarmRaise
from rtcc_desktop.api.schemas.audit import AuditEvent, AuditOutcome, AuditPage
from rtcc_desktop.api.schemas.auth import (
    RefreshRequest,
    Role,
    TokenRequest,
    TokenResponse,
    VerifyPasswordRequest,
)
from rtcc_desktop.api.schemas.cameras import (
    Camera,
    CameraPage,
    CameraStatus,
    Enrollment,
    OwnerKind,
    Sharing,
)
from rtcc_desktop.api.schemas.common import API_PREFIX, ErrorBody, ErrorResponse
from rtcc_desktop.api.schemas.escalations import (
    Decision,
    Escalation,
    EscalationKind,
    EscalationList,
    EscalationStatus,
    ExigentRequest,
)
from rtcc_desktop.api.schemas.events import EVENT_TYPES, ServerEvent
from rtcc_desktop.api.schemas.incidents import (
    Canvass,
    CanvassRequest,
    CanvassStop,
    Incident,
    IncidentCreate,
    IncidentList,
    IncidentPriorityChange,
    IncidentSource,
    IncidentStatus,
)
from rtcc_desktop.api.schemas.info import Environment, Info
from rtcc_desktop.api.schemas.limits import LIMITS, RequestLimits, haversine_m, limit_violations
from rtcc_desktop.api.schemas.requests import (
    FootageItem,
    FootageRequest,
    FootageRequestCreate,
    FootageRequestList,
    FootageRequestPatch,
    RequestStatus,
)
from rtcc_desktop.api.schemas.streams import StreamGrant, StreamGrantRequest, StreamProfile
from rtcc_desktop.api.schemas.training import (
    CameraLabelChange,
    CameraStatusChange,
    ConsentChange,
    ScenarioCommand,
    ScenarioInfo,
    ScenarioLoad,
    ScenarioState,
    ScenarioStatus,
    ScenarioStep,
)

__all__ = [
    "API_PREFIX",
    "DEFAULT_ALARM_MINUTES",
    "EVENT_TYPES",
    "LIMITS",
    "Alarm",
    "AlarmList",
    "AlarmRaise",
    "AuditEvent",
    "AuditOutcome",
    "AuditPage",
    "Camera",
    "CameraLabelChange",
    "CameraPage",
    "CameraStatus",
    "CameraStatusChange",
    "Canvass",
    "CanvassRequest",
    "CanvassStop",
    "ConsentChange",
    "Decision",
    "Enrollment",
    "Environment",
    "ErrorBody",
    "ErrorResponse",
    "Escalation",
    "EscalationKind",
    "EscalationList",
    "EscalationStatus",
    "ExigentRequest",
    "FootageItem",
    "FootageRequest",
    "FootageRequestCreate",
    "FootageRequestList",
    "FootageRequestPatch",
    "Incident",
    "IncidentCreate",
    "IncidentList",
    "IncidentPriorityChange",
    "IncidentSource",
    "IncidentStatus",
    "Info",
    "OwnerKind",
    "RefreshRequest",
    "RequestLimits",
    "RequestStatus",
    "Role",
    "ScenarioCommand",
    "ScenarioInfo",
    "ScenarioLoad",
    "ScenarioState",
    "ScenarioStatus",
    "ScenarioStep",
    "ServerEvent",
    "Sharing",
    "StreamGrant",
    "StreamGrantRequest",
    "StreamProfile",
    "TokenRequest",
    "TokenResponse",
    "VerifyPasswordRequest",
    "haversine_m",
    "limit_violations",
]
