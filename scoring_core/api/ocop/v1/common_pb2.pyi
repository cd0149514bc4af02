from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class EvaluationKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    EVALUATION_KIND_UNSPECIFIED: _ClassVar[EvaluationKind]
    FIRST: _ClassVar[EvaluationKind]
    UPGRADE: _ClassVar[EvaluationKind]
    RE_EVALUATION: _ClassVar[EvaluationKind]
EVALUATION_KIND_UNSPECIFIED: EvaluationKind
FIRST: EvaluationKind
UPGRADE: EvaluationKind
RE_EVALUATION: EvaluationKind

class LocalizedText(_message.Message):
    __slots__ = ("vi", "en")
    VI_FIELD_NUMBER: _ClassVar[int]
    EN_FIELD_NUMBER: _ClassVar[int]
    vi: str
    en: str
    def __init__(self, vi: _Optional[str] = ..., en: _Optional[str] = ...) -> None: ...

class Product(_message.Message):
    __slots__ = ("id", "name", "producer", "province")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCER_FIELD_NUMBER: _ClassVar[int]
    PROVINCE_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    producer: str
    province: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., producer: _Optional[str] = ..., province: _Optional[str] = ...) -> None: ...

class Judgement(_message.Message):
    __slots__ = ("option", "case", "by", "reason")
    OPTION_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    option: int
    case: int
    by: str
    reason: str
    def __init__(self, option: _Optional[int] = ..., case: _Optional[int] = ..., by: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...
