from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from scoring_core.api.ocop.v1 import common_pb2 as _common_pb2
from scoring_core.api.ocop.v1 import criteria_pb2 as _criteria_pb2
from scoring_core.api.ocop.v1 import scoring_pb2 as _scoring_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CouncilRole(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COUNCIL_ROLE_UNSPECIFIED: _ClassVar[CouncilRole]
    CHAIR: _ClassVar[CouncilRole]
    SECRETARY: _ClassVar[CouncilRole]
    MEMBER: _ClassVar[CouncilRole]

class CouncilStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COUNCIL_STATUS_UNSPECIFIED: _ClassVar[CouncilStatus]
    RESCORE_REQUIRED: _ClassVar[CouncilStatus]
    ELIMINATED: _ClassVar[CouncilStatus]
    NOT_RECOGNISED: _ClassVar[CouncilStatus]
    RECOGNISED: _ClassVar[CouncilStatus]
    FORWARDED: _ClassVar[CouncilStatus]
    NO_LEVEL: _ClassVar[CouncilStatus]

class RecognitionState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOGNITION_STATE_UNSPECIFIED: _ClassVar[RecognitionState]
    ACTIVE: _ClassVar[RecognitionState]
    EXPIRED: _ClassVar[RecognitionState]
    REVOKED: _ClassVar[RecognitionState]
    SUPERSEDED: _ClassVar[RecognitionState]
COUNCIL_ROLE_UNSPECIFIED: CouncilRole
CHAIR: CouncilRole
SECRETARY: CouncilRole
MEMBER: CouncilRole
COUNCIL_STATUS_UNSPECIFIED: CouncilStatus
RESCORE_REQUIRED: CouncilStatus
ELIMINATED: CouncilStatus
NOT_RECOGNISED: CouncilStatus
RECOGNISED: CouncilStatus
FORWARDED: CouncilStatus
NO_LEVEL: CouncilStatus
RECOGNITION_STATE_UNSPECIFIED: RecognitionState
ACTIVE: RecognitionState
EXPIRED: RecognitionState
REVOKED: RecognitionState
SUPERSEDED: RecognitionState

class CouncilMember(_message.Message):
    __slots__ = ("name", "role")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    name: str
    role: CouncilRole
    def __init__(self, name: _Optional[str] = ..., role: _Optional[_Union[CouncilRole, str]] = ...) -> None: ...

class ProductDossier(_message.Message):
    __slots__ = ("product", "facts", "filed_on", "evaluation_kind", "renews")
    class FactsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _struct_pb2.Value
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    FILED_ON_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_KIND_FIELD_NUMBER: _ClassVar[int]
    RENEWS_FIELD_NUMBER: _ClassVar[int]
    product: _common_pb2.Product
    facts: _containers.MessageMap[str, _struct_pb2.Value]
    filed_on: str
    evaluation_kind: _common_pb2.EvaluationKind
    renews: str
    def __init__(self, product: _Optional[_Union[_common_pb2.Product, _Mapping]] = ..., facts: _Optional[_Mapping[str, _struct_pb2.Value]] = ..., filed_on: _Optional[str] = ..., evaluation_kind: _Optional[_Union[_common_pb2.EvaluationKind, str]] = ..., renews: _Optional[str] = ...) -> None: ...

class OpenCouncilSessionRequest(_message.Message):
    __slots__ = ("request_id", "session_id", "level", "regime", "sheet", "opened_on", "members", "products")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    REGIME_FIELD_NUMBER: _ClassVar[int]
    SHEET_FIELD_NUMBER: _ClassVar[int]
    OPENED_ON_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    session_id: str
    level: _criteria_pb2.RecognitionLevel
    regime: str
    sheet: str
    opened_on: str
    members: _containers.RepeatedCompositeFieldContainer[CouncilMember]
    products: _containers.RepeatedCompositeFieldContainer[ProductDossier]
    def __init__(self, request_id: _Optional[str] = ..., session_id: _Optional[str] = ..., level: _Optional[_Union[_criteria_pb2.RecognitionLevel, str]] = ..., regime: _Optional[str] = ..., sheet: _Optional[str] = ..., opened_on: _Optional[str] = ..., members: _Optional[_Iterable[_Union[CouncilMember, _Mapping]]] = ..., products: _Optional[_Iterable[_Union[ProductDossier, _Mapping]]] = ...) -> None: ...

class GetCouncilSessionRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class CouncilProduct(_message.Message):
    __slots__ = ("dossier", "round", "submitted", "missing", "quorum_met", "concluded", "latest_result")
    DOSSIER_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    SUBMITTED_FIELD_NUMBER: _ClassVar[int]
    MISSING_FIELD_NUMBER: _ClassVar[int]
    QUORUM_MET_FIELD_NUMBER: _ClassVar[int]
    CONCLUDED_FIELD_NUMBER: _ClassVar[int]
    LATEST_RESULT_FIELD_NUMBER: _ClassVar[int]
    dossier: ProductDossier
    round: int
    submitted: _containers.RepeatedScalarFieldContainer[str]
    missing: _containers.RepeatedScalarFieldContainer[str]
    quorum_met: bool
    concluded: bool
    latest_result: CouncilResult
    def __init__(self, dossier: _Optional[_Union[ProductDossier, _Mapping]] = ..., round: _Optional[int] = ..., submitted: _Optional[_Iterable[str]] = ..., missing: _Optional[_Iterable[str]] = ..., quorum_met: _Optional[bool] = ..., concluded: _Optional[bool] = ..., latest_result: _Optional[_Union[CouncilResult, _Mapping]] = ...) -> None: ...

class CouncilSession(_message.Message):
    __slots__ = ("name", "session_id", "level", "regime", "sheet", "sheet_version", "content_hash", "opened_on", "members", "products", "opened_event", "opened_by")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SESSION_ID_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    REGIME_FIELD_NUMBER: _ClassVar[int]
    SHEET_FIELD_NUMBER: _ClassVar[int]
    SHEET_VERSION_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    OPENED_ON_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    OPENED_EVENT_FIELD_NUMBER: _ClassVar[int]
    OPENED_BY_FIELD_NUMBER: _ClassVar[int]
    name: str
    session_id: str
    level: _criteria_pb2.RecognitionLevel
    regime: str
    sheet: str
    sheet_version: int
    content_hash: str
    opened_on: str
    members: _containers.RepeatedCompositeFieldContainer[CouncilMember]
    products: _containers.RepeatedCompositeFieldContainer[CouncilProduct]
    opened_event: str
    opened_by: str
    def __init__(self, name: _Optional[str] = ..., session_id: _Optional[str] = ..., level: _Optional[_Union[_criteria_pb2.RecognitionLevel, str]] = ..., regime: _Optional[str] = ..., sheet: _Optional[str] = ..., sheet_version: _Optional[int] = ..., content_hash: _Optional[str] = ..., opened_on: _Optional[str] = ..., members: _Optional[_Iterable[_Union[CouncilMember, _Mapping]]] = ..., products: _Optional[_Iterable[_Union[CouncilProduct, _Mapping]]] = ..., opened_event: _Optional[str] = ..., opened_by: _Optional[str] = ...) -> None: ...

class SubmitMemberSheetRequest(_message.Message):
    __slots__ = ("request_id", "session", "product_id", "member", "judgements")
    class JudgementsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.Judgement
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.Judgement, _Mapping]] = ...) -> None: ...
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    JUDGEMENTS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    session: str
    product_id: str
    member: str
    judgements: _containers.MessageMap[str, _common_pb2.Judgement]
    def __init__(self, request_id: _Optional[str] = ..., session: _Optional[str] = ..., product_id: _Optional[str] = ..., member: _Optional[str] = ..., judgements: _Optional[_Mapping[str, _common_pb2.Judgement]] = ...) -> None: ...

class MemberSheet(_message.Message):
    __slots__ = ("name", "session", "product_id", "member", "role", "round", "evaluation", "revision_of", "contest", "already_recorded")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    REVISION_OF_FIELD_NUMBER: _ClassVar[int]
    CONTEST_FIELD_NUMBER: _ClassVar[int]
    ALREADY_RECORDED_FIELD_NUMBER: _ClassVar[int]
    name: str
    session: str
    product_id: str
    member: str
    role: CouncilRole
    round: int
    evaluation: _scoring_pb2.Evaluation
    revision_of: str
    contest: str
    already_recorded: bool
    def __init__(self, name: _Optional[str] = ..., session: _Optional[str] = ..., product_id: _Optional[str] = ..., member: _Optional[str] = ..., role: _Optional[_Union[CouncilRole, str]] = ..., round: _Optional[int] = ..., evaluation: _Optional[_Union[_scoring_pb2.Evaluation, _Mapping]] = ..., revision_of: _Optional[str] = ..., contest: _Optional[str] = ..., already_recorded: _Optional[bool] = ...) -> None: ...

class CloseProductRequest(_message.Message):
    __slots__ = ("request_id", "session", "product_id", "closed_by", "decided_on")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    CLOSED_BY_FIELD_NUMBER: _ClassVar[int]
    DECIDED_ON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    session: str
    product_id: str
    closed_by: str
    decided_on: str
    def __init__(self, request_id: _Optional[str] = ..., session: _Optional[str] = ..., product_id: _Optional[str] = ..., closed_by: _Optional[str] = ..., decided_on: _Optional[str] = ...) -> None: ...

class GetCouncilResultRequest(_message.Message):
    __slots__ = ("session", "product_id")
    SESSION_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    session: str
    product_id: str
    def __init__(self, session: _Optional[str] = ..., product_id: _Optional[str] = ...) -> None: ...

class MemberTotal(_message.Message):
    __slots__ = ("member", "role", "total", "sheet", "knockout", "knockout_source")
    MEMBER_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    SHEET_FIELD_NUMBER: _ClassVar[int]
    KNOCKOUT_FIELD_NUMBER: _ClassVar[int]
    KNOCKOUT_SOURCE_FIELD_NUMBER: _ClassVar[int]
    member: str
    role: CouncilRole
    total: str
    sheet: str
    knockout: str
    knockout_source: str
    def __init__(self, member: _Optional[str] = ..., role: _Optional[_Union[CouncilRole, str]] = ..., total: _Optional[str] = ..., sheet: _Optional[str] = ..., knockout: _Optional[str] = ..., knockout_source: _Optional[str] = ...) -> None: ...

class CouncilKnockOut(_message.Message):
    __slots__ = ("criterion", "kind", "by", "members")
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    criterion: str
    kind: _criteria_pb2.KnockOutKind
    by: str
    members: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, criterion: _Optional[str] = ..., kind: _Optional[_Union[_criteria_pb2.KnockOutKind, str]] = ..., by: _Optional[str] = ..., members: _Optional[_Iterable[str]] = ...) -> None: ...

class CouncilResult(_message.Message):
    __slots__ = ("name", "session", "product_id", "round", "level", "decided_on", "status", "members", "spread", "mean_total", "parts", "criteria", "band_star", "failed_gates", "final_star", "knockout", "minority_knockouts", "recognising_level", "forwarded_to", "recognition", "reason", "revision_of", "contest", "closed_by", "already_recorded")
    class PartsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class CriteriaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    ROUND_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    DECIDED_ON_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    SPREAD_FIELD_NUMBER: _ClassVar[int]
    MEAN_TOTAL_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    BAND_STAR_FIELD_NUMBER: _ClassVar[int]
    FAILED_GATES_FIELD_NUMBER: _ClassVar[int]
    FINAL_STAR_FIELD_NUMBER: _ClassVar[int]
    KNOCKOUT_FIELD_NUMBER: _ClassVar[int]
    MINORITY_KNOCKOUTS_FIELD_NUMBER: _ClassVar[int]
    RECOGNISING_LEVEL_FIELD_NUMBER: _ClassVar[int]
    FORWARDED_TO_FIELD_NUMBER: _ClassVar[int]
    RECOGNITION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    REVISION_OF_FIELD_NUMBER: _ClassVar[int]
    CONTEST_FIELD_NUMBER: _ClassVar[int]
    CLOSED_BY_FIELD_NUMBER: _ClassVar[int]
    ALREADY_RECORDED_FIELD_NUMBER: _ClassVar[int]
    name: str
    session: str
    product_id: str
    round: int
    level: _criteria_pb2.RecognitionLevel
    decided_on: str
    status: CouncilStatus
    members: _containers.RepeatedCompositeFieldContainer[MemberTotal]
    spread: str
    mean_total: str
    parts: _containers.ScalarMap[str, str]
    criteria: _containers.ScalarMap[str, str]
    band_star: int
    failed_gates: _containers.RepeatedCompositeFieldContainer[_scoring_pb2.FailedGate]
    final_star: int
    knockout: CouncilKnockOut
    minority_knockouts: _containers.RepeatedCompositeFieldContainer[CouncilKnockOut]
    recognising_level: _criteria_pb2.RecognitionLevel
    forwarded_to: _criteria_pb2.RecognitionLevel
    recognition: RecognitionRecord
    reason: _common_pb2.LocalizedText
    revision_of: str
    contest: str
    closed_by: str
    already_recorded: bool
    def __init__(self, name: _Optional[str] = ..., session: _Optional[str] = ..., product_id: _Optional[str] = ..., round: _Optional[int] = ..., level: _Optional[_Union[_criteria_pb2.RecognitionLevel, str]] = ..., decided_on: _Optional[str] = ..., status: _Optional[_Union[CouncilStatus, str]] = ..., members: _Optional[_Iterable[_Union[MemberTotal, _Mapping]]] = ..., spread: _Optional[str] = ..., mean_total: _Optional[str] = ..., parts: _Optional[_Mapping[str, str]] = ..., criteria: _Optional[_Mapping[str, str]] = ..., band_star: _Optional[int] = ..., failed_gates: _Optional[_Iterable[_Union[_scoring_pb2.FailedGate, _Mapping]]] = ..., final_star: _Optional[int] = ..., knockout: _Optional[_Union[CouncilKnockOut, _Mapping]] = ..., minority_knockouts: _Optional[_Iterable[_Union[CouncilKnockOut, _Mapping]]] = ..., recognising_level: _Optional[_Union[_criteria_pb2.RecognitionLevel, str]] = ..., forwarded_to: _Optional[_Union[_criteria_pb2.RecognitionLevel, str]] = ..., recognition: _Optional[_Union[RecognitionRecord, _Mapping]] = ..., reason: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., revision_of: _Optional[str] = ..., contest: _Optional[str] = ..., closed_by: _Optional[str] = ..., already_recorded: _Optional[bool] = ...) -> None: ...

class RecognitionRecord(_message.Message):
    __slots__ = ("name", "product_id", "star", "level", "valid_from", "valid_until", "session", "state", "ended_by")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    STAR_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    SESSION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ENDED_BY_FIELD_NUMBER: _ClassVar[int]
    name: str
    product_id: str
    star: int
    level: _criteria_pb2.RecognitionLevel
    valid_from: str
    valid_until: str
    session: str
    state: RecognitionState
    ended_by: str
    def __init__(self, name: _Optional[str] = ..., product_id: _Optional[str] = ..., star: _Optional[int] = ..., level: _Optional[_Union[_criteria_pb2.RecognitionLevel, str]] = ..., valid_from: _Optional[str] = ..., valid_until: _Optional[str] = ..., session: _Optional[str] = ..., state: _Optional[_Union[RecognitionState, str]] = ..., ended_by: _Optional[str] = ...) -> None: ...

class ListRecognitionsRequest(_message.Message):
    __slots__ = ("product_id", "state", "today", "page_size", "page_token")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    TODAY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    state: RecognitionState
    today: str
    page_size: int
    page_token: str
    def __init__(self, product_id: _Optional[str] = ..., state: _Optional[_Union[RecognitionState, str]] = ..., today: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRecognitionsResponse(_message.Message):
    __slots__ = ("recognitions", "next_page_token")
    RECOGNITIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    recognitions: _containers.RepeatedCompositeFieldContainer[RecognitionRecord]
    next_page_token: str
    def __init__(self, recognitions: _Optional[_Iterable[_Union[RecognitionRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ListExpiringRecognitionsRequest(_message.Message):
    __slots__ = ("within_days", "today", "page_size", "page_token")
    WITHIN_DAYS_FIELD_NUMBER: _ClassVar[int]
    TODAY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    within_days: int
    today: str
    page_size: int
    page_token: str
    def __init__(self, within_days: _Optional[int] = ..., today: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListExpiringRecognitionsResponse(_message.Message):
    __slots__ = ("recognitions", "next_page_token")
    RECOGNITIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    recognitions: _containers.RepeatedCompositeFieldContainer[RecognitionRecord]
    next_page_token: str
    def __init__(self, recognitions: _Optional[_Iterable[_Union[RecognitionRecord, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class RevokeRecognitionRequest(_message.Message):
    __slots__ = ("request_id", "name", "reason")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    reason: str
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...
