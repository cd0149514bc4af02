from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FiledAs(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FILED_AS_UNSPECIFIED: _ClassVar[FiledAs]
    FILED_AS_PRODUCER: _ClassVar[FiledAs]
    FILED_AS_MEMBER: _ClassVar[FiledAs]

class ContestState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTEST_STATE_UNSPECIFIED: _ClassVar[ContestState]
    PENDING: _ClassVar[ContestState]
    UPHELD: _ClassVar[ContestState]
    REJECTED: _ClassVar[ContestState]

class ContestDecision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTEST_DECISION_UNSPECIFIED: _ClassVar[ContestDecision]
    UPHOLD: _ClassVar[ContestDecision]
    REJECT: _ClassVar[ContestDecision]
FILED_AS_UNSPECIFIED: FiledAs
FILED_AS_PRODUCER: FiledAs
FILED_AS_MEMBER: FiledAs
CONTEST_STATE_UNSPECIFIED: ContestState
PENDING: ContestState
UPHELD: ContestState
REJECTED: ContestState
CONTEST_DECISION_UNSPECIFIED: ContestDecision
UPHOLD: ContestDecision
REJECT: ContestDecision

class ContestClaim(_message.Message):
    __slots__ = ("option", "fact", "case", "value")
    OPTION_FIELD_NUMBER: _ClassVar[int]
    FACT_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    option: int
    fact: str
    case: int
    value: _struct_pb2.Value
    def __init__(self, option: _Optional[int] = ..., fact: _Optional[str] = ..., case: _Optional[int] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...

class FileContestRequest(_message.Message):
    __slots__ = ("request_id", "target", "criterion", "claim", "reason", "evidence", "filed_by", "filed_as")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    FILED_BY_FIELD_NUMBER: _ClassVar[int]
    FILED_AS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    target: str
    criterion: str
    claim: ContestClaim
    reason: str
    evidence: _containers.RepeatedScalarFieldContainer[str]
    filed_by: str
    filed_as: FiledAs
    def __init__(self, request_id: _Optional[str] = ..., target: _Optional[str] = ..., criterion: _Optional[str] = ..., claim: _Optional[_Union[ContestClaim, _Mapping]] = ..., reason: _Optional[str] = ..., evidence: _Optional[_Iterable[str]] = ..., filed_by: _Optional[str] = ..., filed_as: _Optional[_Union[FiledAs, str]] = ...) -> None: ...

class ResolveContestRequest(_message.Message):
    __slots__ = ("request_id", "name", "decision", "reason", "resolved_by")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    name: str
    decision: ContestDecision
    reason: str
    resolved_by: str
    def __init__(self, request_id: _Optional[str] = ..., name: _Optional[str] = ..., decision: _Optional[_Union[ContestDecision, str]] = ..., reason: _Optional[str] = ..., resolved_by: _Optional[str] = ...) -> None: ...

class GetContestRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ListContestsRequest(_message.Message):
    __slots__ = ("product_id", "page_size", "page_token")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    page_size: int
    page_token: str
    def __init__(self, product_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListContestsResponse(_message.Message):
    __slots__ = ("contests", "next_page_token")
    CONTESTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    contests: _containers.RepeatedCompositeFieldContainer[Contest]
    next_page_token: str
    def __init__(self, contests: _Optional[_Iterable[_Union[Contest, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class Contest(_message.Message):
    __slots__ = ("name", "product_id", "target", "target_kind", "criterion", "claim", "reason", "evidence", "filed_by", "filed_as", "state", "resolution_reason", "resolved_by", "resolver_role", "revision", "resolution", "already_recorded")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    CLAIM_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    FILED_BY_FIELD_NUMBER: _ClassVar[int]
    FILED_AS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_REASON_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLVER_ROLE_FIELD_NUMBER: _ClassVar[int]
    REVISION_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    ALREADY_RECORDED_FIELD_NUMBER: _ClassVar[int]
    name: str
    product_id: str
    target: str
    target_kind: str
    criterion: str
    claim: ContestClaim
    reason: str
    evidence: _containers.RepeatedScalarFieldContainer[str]
    filed_by: str
    filed_as: FiledAs
    state: ContestState
    resolution_reason: str
    resolved_by: str
    resolver_role: str
    revision: str
    resolution: str
    already_recorded: bool
    def __init__(self, name: _Optional[str] = ..., product_id: _Optional[str] = ..., target: _Optional[str] = ..., target_kind: _Optional[str] = ..., criterion: _Optional[str] = ..., claim: _Optional[_Union[ContestClaim, _Mapping]] = ..., reason: _Optional[str] = ..., evidence: _Optional[_Iterable[str]] = ..., filed_by: _Optional[str] = ..., filed_as: _Optional[_Union[FiledAs, str]] = ..., state: _Optional[_Union[ContestState, str]] = ..., resolution_reason: _Optional[str] = ..., resolved_by: _Optional[str] = ..., resolver_role: _Optional[str] = ..., revision: _Optional[str] = ..., resolution: _Optional[str] = ..., already_recorded: _Optional[bool] = ...) -> None: ...
