from google.api import field_behavior_pb2 as _field_behavior_pb2
from scoring_core.api.ocop.v1 import common_pb2 as _common_pb2
from scoring_core.api.ocop.v1 import scoring_pb2 as _scoring_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AuditEventKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AUDIT_EVENT_KIND_UNSPECIFIED: _ClassVar[AuditEventKind]
    EVALUATION_RECORDED: _ClassVar[AuditEventKind]
    COUNCIL_OPENED: _ClassVar[AuditEventKind]
    MEMBER_SHEET_SUBMITTED: _ClassVar[AuditEventKind]
    COUNCIL_RESULT: _ClassVar[AuditEventKind]
    CONTEST_FILED: _ClassVar[AuditEventKind]
    CONTEST_RESOLVED: _ClassVar[AuditEventKind]
    RECOGNITION_ISSUED: _ClassVar[AuditEventKind]
    RECOGNITION_EXPIRED: _ClassVar[AuditEventKind]
    RECOGNITION_REVOKED: _ClassVar[AuditEventKind]
    PLUGIN_SEEN: _ClassVar[AuditEventKind]
AUDIT_EVENT_KIND_UNSPECIFIED: AuditEventKind
EVALUATION_RECORDED: AuditEventKind
COUNCIL_OPENED: AuditEventKind
MEMBER_SHEET_SUBMITTED: AuditEventKind
COUNCIL_RESULT: AuditEventKind
CONTEST_FILED: AuditEventKind
CONTEST_RESOLVED: AuditEventKind
RECOGNITION_ISSUED: AuditEventKind
RECOGNITION_EXPIRED: AuditEventKind
RECOGNITION_REVOKED: AuditEventKind
PLUGIN_SEEN: AuditEventKind

class GetAuditTrailRequest(_message.Message):
    __slots__ = ("name", "page_size", "page_token")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    name: str
    page_size: int
    page_token: str
    def __init__(self, name: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class TrailEntry(_message.Message):
    __slots__ = ("event", "seq", "time", "kind", "actor", "text", "refs")
    class RefsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    EVENT_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    REFS_FIELD_NUMBER: _ClassVar[int]
    event: str
    seq: int
    time: str
    kind: AuditEventKind
    actor: str
    text: _common_pb2.LocalizedText
    refs: _containers.ScalarMap[str, str]
    def __init__(self, event: _Optional[str] = ..., seq: _Optional[int] = ..., time: _Optional[str] = ..., kind: _Optional[_Union[AuditEventKind, str]] = ..., actor: _Optional[str] = ..., text: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., refs: _Optional[_Mapping[str, str]] = ...) -> None: ...

class AuditTrail(_message.Message):
    __slots__ = ("name", "product_id", "entries", "next_page_token")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    name: str
    product_id: str
    entries: _containers.RepeatedCompositeFieldContainer[TrailEntry]
    next_page_token: str
    def __init__(self, name: _Optional[str] = ..., product_id: _Optional[str] = ..., entries: _Optional[_Iterable[_Union[TrailEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetEventRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class AuditEvent(_message.Message):
    __slots__ = ("name", "seq", "kind", "time", "actor", "request_id", "subject", "prev_hash", "hash", "body")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    PREV_HASH_FIELD_NUMBER: _ClassVar[int]
    HASH_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    name: str
    seq: int
    kind: AuditEventKind
    time: str
    actor: str
    request_id: str
    subject: str
    prev_hash: str
    hash: str
    body: bytes
    def __init__(self, name: _Optional[str] = ..., seq: _Optional[int] = ..., kind: _Optional[_Union[AuditEventKind, str]] = ..., time: _Optional[str] = ..., actor: _Optional[str] = ..., request_id: _Optional[str] = ..., subject: _Optional[str] = ..., prev_hash: _Optional[str] = ..., hash: _Optional[str] = ..., body: _Optional[bytes] = ...) -> None: ...

class ListEventsRequest(_message.Message):
    __slots__ = ("kind", "subject", "start", "page_size", "page_token")
    KIND_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    START_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    kind: AuditEventKind
    subject: str
    start: int
    page_size: int
    page_token: str
    def __init__(self, kind: _Optional[_Union[AuditEventKind, str]] = ..., subject: _Optional[str] = ..., start: _Optional[int] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[AuditEvent]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[AuditEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Checkpoint(_message.Message):
    __slots__ = ("size", "head_hash", "time", "key_id", "signature", "public_key")
    SIZE_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    TIME_FIELD_NUMBER: _ClassVar[int]
    KEY_ID_FIELD_NUMBER: _ClassVar[int]
    SIGNATURE_FIELD_NUMBER: _ClassVar[int]
    PUBLIC_KEY_FIELD_NUMBER: _ClassVar[int]
    size: int
    head_hash: str
    time: str
    key_id: str
    signature: bytes
    public_key: str
    def __init__(self, size: _Optional[int] = ..., head_hash: _Optional[str] = ..., time: _Optional[str] = ..., key_id: _Optional[str] = ..., signature: _Optional[bytes] = ..., public_key: _Optional[str] = ...) -> None: ...

class VerifyAuditTrailRequest(_message.Message):
    __slots__ = ("checkpoints", "checkpoints_json", "trusted_public_keys", "ignore_stored_checkpoints")
    CHECKPOINTS_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINTS_JSON_FIELD_NUMBER: _ClassVar[int]
    TRUSTED_PUBLIC_KEYS_FIELD_NUMBER: _ClassVar[int]
    IGNORE_STORED_CHECKPOINTS_FIELD_NUMBER: _ClassVar[int]
    checkpoints: _containers.RepeatedCompositeFieldContainer[Checkpoint]
    checkpoints_json: str
    trusted_public_keys: _containers.RepeatedScalarFieldContainer[str]
    ignore_stored_checkpoints: bool
    def __init__(self, checkpoints: _Optional[_Iterable[_Union[Checkpoint, _Mapping]]] = ..., checkpoints_json: _Optional[str] = ..., trusted_public_keys: _Optional[_Iterable[str]] = ..., ignore_stored_checkpoints: _Optional[bool] = ...) -> None: ...

class VerifyAuditTrailResponse(_message.Message):
    __slots__ = ("ok", "size", "head_hash", "first_bad_event", "first_bad_seq", "problem", "checkpoints_checked", "checkpoint_problems")
    OK_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    HEAD_HASH_FIELD_NUMBER: _ClassVar[int]
    FIRST_BAD_EVENT_FIELD_NUMBER: _ClassVar[int]
    FIRST_BAD_SEQ_FIELD_NUMBER: _ClassVar[int]
    PROBLEM_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINTS_CHECKED_FIELD_NUMBER: _ClassVar[int]
    CHECKPOINT_PROBLEMS_FIELD_NUMBER: _ClassVar[int]
    ok: bool
    size: int
    head_hash: str
    first_bad_event: str
    first_bad_seq: int
    problem: _common_pb2.LocalizedText
    checkpoints_checked: int
    checkpoint_problems: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, ok: _Optional[bool] = ..., size: _Optional[int] = ..., head_hash: _Optional[str] = ..., first_bad_event: _Optional[str] = ..., first_bad_seq: _Optional[int] = ..., problem: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., checkpoints_checked: _Optional[int] = ..., checkpoint_problems: _Optional[_Iterable[str]] = ...) -> None: ...

class ReplayEvaluationRequest(_message.Message):
    __slots__ = ("name", "request_id")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ...) -> None: ...

class ReplayDifference(_message.Message):
    __slots__ = ("path", "stored", "replayed")
    PATH_FIELD_NUMBER: _ClassVar[int]
    STORED_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    path: str
    stored: str
    replayed: str
    def __init__(self, path: _Optional[str] = ..., stored: _Optional[str] = ..., replayed: _Optional[str] = ...) -> None: ...

class ReplayEvaluationResponse(_message.Message):
    __slots__ = ("event", "identical", "differences", "stored", "replayed")
    EVENT_FIELD_NUMBER: _ClassVar[int]
    IDENTICAL_FIELD_NUMBER: _ClassVar[int]
    DIFFERENCES_FIELD_NUMBER: _ClassVar[int]
    STORED_FIELD_NUMBER: _ClassVar[int]
    REPLAYED_FIELD_NUMBER: _ClassVar[int]
    event: str
    identical: bool
    differences: _containers.RepeatedCompositeFieldContainer[ReplayDifference]
    stored: _scoring_pb2.Evaluation
    replayed: _scoring_pb2.Evaluation
    def __init__(self, event: _Optional[str] = ..., identical: _Optional[bool] = ..., differences: _Optional[_Iterable[_Union[ReplayDifference, _Mapping]]] = ..., stored: _Optional[_Union[_scoring_pb2.Evaluation, _Mapping]] = ..., replayed: _Optional[_Union[_scoring_pb2.Evaluation, _Mapping]] = ...) -> None: ...

class CreateCheckpointRequest(_message.Message):
    __slots__ = ("request_id",)
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    def __init__(self, request_id: _Optional[str] = ...) -> None: ...

class ListCheckpointsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCheckpointsResponse(_message.Message):
    __slots__ = ("checkpoints", "next_page_token")
    CHECKPOINTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    checkpoints: _containers.RepeatedCompositeFieldContainer[Checkpoint]
    next_page_token: str
    def __init__(self, checkpoints: _Optional[_Iterable[_Union[Checkpoint, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
