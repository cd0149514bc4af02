from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from scoring_core.api.ocop.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RecognitionLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECOGNITION_LEVEL_UNSPECIFIED: _ClassVar[RecognitionLevel]
    DISTRICT: _ClassVar[RecognitionLevel]
    PROVINCE: _ClassVar[RecognitionLevel]
    CENTRAL: _ClassVar[RecognitionLevel]

class SheetState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHEET_STATE_UNSPECIFIED: _ClassVar[SheetState]
    AVAILABLE: _ClassVar[SheetState]
    UNAVAILABLE: _ClassVar[SheetState]

class SheetView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SHEET_VIEW_UNSPECIFIED: _ClassVar[SheetView]
    BASIC: _ClassVar[SheetView]
    FULL: _ClassVar[SheetView]

class KnockOutKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    KNOCK_OUT_KIND_UNSPECIFIED: _ClassVar[KnockOutKind]
    ELIMINATE: _ClassVar[KnockOutKind]
    STOP: _ClassVar[KnockOutKind]

class AppliesWhen(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    APPLIES_WHEN_UNSPECIFIED: _ClassVar[AppliesWhen]
    STORY_EXISTS: _ClassVar[AppliesWhen]

class FactType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FACT_TYPE_UNSPECIFIED: _ClassVar[FactType]
    NUMBER: _ClassVar[FactType]
    INTEGER: _ClassVar[FactType]
    BOOLEAN: _ClassVar[FactType]
    ENUM: _ClassVar[FactType]
    DATE: _ClassVar[FactType]
RECOGNITION_LEVEL_UNSPECIFIED: RecognitionLevel
DISTRICT: RecognitionLevel
PROVINCE: RecognitionLevel
CENTRAL: RecognitionLevel
SHEET_STATE_UNSPECIFIED: SheetState
AVAILABLE: SheetState
UNAVAILABLE: SheetState
SHEET_VIEW_UNSPECIFIED: SheetView
BASIC: SheetView
FULL: SheetView
KNOCK_OUT_KIND_UNSPECIFIED: KnockOutKind
ELIMINATE: KnockOutKind
STOP: KnockOutKind
APPLIES_WHEN_UNSPECIFIED: AppliesWhen
STORY_EXISTS: AppliesWhen
FACT_TYPE_UNSPECIFIED: FactType
NUMBER: FactType
INTEGER: FactType
BOOLEAN: FactType
ENUM: FactType
DATE: FactType

class Band(_message.Message):
    __slots__ = ("stars", "min_total", "below")
    STARS_FIELD_NUMBER: _ClassVar[int]
    MIN_TOTAL_FIELD_NUMBER: _ClassVar[int]
    BELOW_FIELD_NUMBER: _ClassVar[int]
    stars: int
    min_total: int
    below: int
    def __init__(self, stars: _Optional[int] = ..., min_total: _Optional[int] = ..., below: _Optional[int] = ...) -> None: ...

class RecognitionPeriod(_message.Message):
    __slots__ = ("start", "end", "levels", "basis")
    class LevelsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: int
        value: RecognitionLevel
        def __init__(self, key: _Optional[int] = ..., value: _Optional[_Union[RecognitionLevel, str]] = ...) -> None: ...
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    BASIS_FIELD_NUMBER: _ClassVar[int]
    start: str
    end: str
    levels: _containers.ScalarMap[int, RecognitionLevel]
    basis: str
    def __init__(self, start: _Optional[str] = ..., end: _Optional[str] = ..., levels: _Optional[_Mapping[int, RecognitionLevel]] = ..., basis: _Optional[str] = ...) -> None: ...

class Regime(_message.Message):
    __slots__ = ("name", "code", "decisions", "effective_from", "effective_to", "part_maxima", "bands", "recognition", "validity_months", "transition_note")
    class PartMaximaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    DECISIONS_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_FROM_FIELD_NUMBER: _ClassVar[int]
    EFFECTIVE_TO_FIELD_NUMBER: _ClassVar[int]
    PART_MAXIMA_FIELD_NUMBER: _ClassVar[int]
    BANDS_FIELD_NUMBER: _ClassVar[int]
    RECOGNITION_FIELD_NUMBER: _ClassVar[int]
    VALIDITY_MONTHS_FIELD_NUMBER: _ClassVar[int]
    TRANSITION_NOTE_FIELD_NUMBER: _ClassVar[int]
    name: str
    code: str
    decisions: _containers.RepeatedScalarFieldContainer[str]
    effective_from: str
    effective_to: str
    part_maxima: _containers.ScalarMap[str, int]
    bands: _containers.RepeatedCompositeFieldContainer[Band]
    recognition: _containers.RepeatedCompositeFieldContainer[RecognitionPeriod]
    validity_months: int
    transition_note: str
    def __init__(self, name: _Optional[str] = ..., code: _Optional[str] = ..., decisions: _Optional[_Iterable[str]] = ..., effective_from: _Optional[str] = ..., effective_to: _Optional[str] = ..., part_maxima: _Optional[_Mapping[str, int]] = ..., bands: _Optional[_Iterable[_Union[Band, _Mapping]]] = ..., recognition: _Optional[_Iterable[_Union[RecognitionPeriod, _Mapping]]] = ..., validity_months: _Optional[int] = ..., transition_note: _Optional[str] = ...) -> None: ...

class ListRegimesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListRegimesResponse(_message.Message):
    __slots__ = ("regimes", "next_page_token")
    REGIMES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    regimes: _containers.RepeatedCompositeFieldContainer[Regime]
    next_page_token: str
    def __init__(self, regimes: _Optional[_Iterable[_Union[Regime, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetRegimeRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class Option(_message.Message):
    __slots__ = ("n", "label", "points", "min_star", "knock_out")
    N_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    MIN_STAR_FIELD_NUMBER: _ClassVar[int]
    KNOCK_OUT_FIELD_NUMBER: _ClassVar[int]
    n: int
    label: _common_pb2.LocalizedText
    points: int
    min_star: int
    knock_out: KnockOutKind
    def __init__(self, n: _Optional[int] = ..., label: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., points: _Optional[int] = ..., min_star: _Optional[int] = ..., knock_out: _Optional[_Union[KnockOutKind, str]] = ...) -> None: ...

class Branch(_message.Message):
    __slots__ = ("case", "label", "options")
    CASE_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    case: int
    label: _common_pb2.LocalizedText
    options: _containers.RepeatedCompositeFieldContainer[Option]
    def __init__(self, case: _Optional[int] = ..., label: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., options: _Optional[_Iterable[_Union[Option, _Mapping]]] = ...) -> None: ...

class FactRule(_message.Message):
    __slots__ = ("name", "case", "option", "reads", "origin", "condition")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    OPTION_FIELD_NUMBER: _ClassVar[int]
    READS_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    CONDITION_FIELD_NUMBER: _ClassVar[int]
    name: str
    case: int
    option: int
    reads: _containers.RepeatedScalarFieldContainer[str]
    origin: str
    condition: _struct_pb2.Struct
    def __init__(self, name: _Optional[str] = ..., case: _Optional[int] = ..., option: _Optional[int] = ..., reads: _Optional[_Iterable[str]] = ..., origin: _Optional[str] = ..., condition: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class Criterion(_message.Message):
    __slots__ = ("id", "title", "max", "notes_vi", "applies_when", "min_star", "options", "branches", "rules", "facts")
    ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    NOTES_VI_FIELD_NUMBER: _ClassVar[int]
    APPLIES_WHEN_FIELD_NUMBER: _ClassVar[int]
    MIN_STAR_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    BRANCHES_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    id: str
    title: _common_pb2.LocalizedText
    max: int
    notes_vi: _containers.RepeatedScalarFieldContainer[str]
    applies_when: AppliesWhen
    min_star: int
    options: _containers.RepeatedCompositeFieldContainer[Option]
    branches: _containers.RepeatedCompositeFieldContainer[Branch]
    rules: _containers.RepeatedCompositeFieldContainer[FactRule]
    facts: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., title: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., max: _Optional[int] = ..., notes_vi: _Optional[_Iterable[str]] = ..., applies_when: _Optional[_Union[AppliesWhen, str]] = ..., min_star: _Optional[int] = ..., options: _Optional[_Iterable[_Union[Option, _Mapping]]] = ..., branches: _Optional[_Iterable[_Union[Branch, _Mapping]]] = ..., rules: _Optional[_Iterable[_Union[FactRule, _Mapping]]] = ..., facts: _Optional[_Iterable[str]] = ...) -> None: ...

class Group(_message.Message):
    __slots__ = ("id", "max", "title", "criteria")
    ID_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    id: str
    max: int
    title: _common_pb2.LocalizedText
    criteria: _containers.RepeatedCompositeFieldContainer[Criterion]
    def __init__(self, id: _Optional[str] = ..., max: _Optional[int] = ..., title: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., criteria: _Optional[_Iterable[_Union[Criterion, _Mapping]]] = ...) -> None: ...

class Part(_message.Message):
    __slots__ = ("code", "max", "title", "groups")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    code: str
    max: int
    title: _common_pb2.LocalizedText
    groups: _containers.RepeatedCompositeFieldContainer[Group]
    def __init__(self, code: _Optional[str] = ..., max: _Optional[int] = ..., title: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., groups: _Optional[_Iterable[_Union[Group, _Mapping]]] = ...) -> None: ...

class Sheet(_message.Message):
    __slots__ = ("name", "sheet_id", "regime", "version", "sector", "display_name", "state", "unavailable_reason", "plugin", "plugin_version", "content_hash", "rule_count", "sheet_no", "group_vi", "parts", "issues", "origin")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SHEET_ID_FIELD_NUMBER: _ClassVar[int]
    REGIME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    SECTOR_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    UNAVAILABLE_REASON_FIELD_NUMBER: _ClassVar[int]
    PLUGIN_FIELD_NUMBER: _ClassVar[int]
    PLUGIN_VERSION_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    RULE_COUNT_FIELD_NUMBER: _ClassVar[int]
    SHEET_NO_FIELD_NUMBER: _ClassVar[int]
    GROUP_VI_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    ISSUES_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    name: str
    sheet_id: str
    regime: str
    version: int
    sector: str
    display_name: _common_pb2.LocalizedText
    state: SheetState
    unavailable_reason: str
    plugin: str
    plugin_version: str
    content_hash: str
    rule_count: int
    sheet_no: int
    group_vi: str
    parts: _containers.RepeatedCompositeFieldContainer[Part]
    issues: _containers.RepeatedScalarFieldContainer[str]
    origin: str
    def __init__(self, name: _Optional[str] = ..., sheet_id: _Optional[str] = ..., regime: _Optional[str] = ..., version: _Optional[int] = ..., sector: _Optional[str] = ..., display_name: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., state: _Optional[_Union[SheetState, str]] = ..., unavailable_reason: _Optional[str] = ..., plugin: _Optional[str] = ..., plugin_version: _Optional[str] = ..., content_hash: _Optional[str] = ..., rule_count: _Optional[int] = ..., sheet_no: _Optional[int] = ..., group_vi: _Optional[str] = ..., parts: _Optional[_Iterable[_Union[Part, _Mapping]]] = ..., issues: _Optional[_Iterable[str]] = ..., origin: _Optional[str] = ...) -> None: ...

class ListSheetsRequest(_message.Message):
    __slots__ = ("parent", "sector", "page_size", "page_token", "view")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    SECTOR_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    parent: str
    sector: str
    page_size: int
    page_token: str
    view: SheetView
    def __init__(self, parent: _Optional[str] = ..., sector: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., view: _Optional[_Union[SheetView, str]] = ...) -> None: ...

class ListSheetsResponse(_message.Message):
    __slots__ = ("sheets", "next_page_token")
    SHEETS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    sheets: _containers.RepeatedCompositeFieldContainer[Sheet]
    next_page_token: str
    def __init__(self, sheets: _Optional[_Iterable[_Union[Sheet, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetSheetRequest(_message.Message):
    __slots__ = ("name", "version", "view")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    name: str
    version: int
    view: SheetView
    def __init__(self, name: _Optional[str] = ..., version: _Optional[int] = ..., view: _Optional[_Union[SheetView, str]] = ...) -> None: ...

class Fact(_message.Message):
    __slots__ = ("name", "fact_id", "type", "unit", "values", "minimum", "maximum", "meaning")
    NAME_FIELD_NUMBER: _ClassVar[int]
    FACT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    MINIMUM_FIELD_NUMBER: _ClassVar[int]
    MAXIMUM_FIELD_NUMBER: _ClassVar[int]
    MEANING_FIELD_NUMBER: _ClassVar[int]
    name: str
    fact_id: str
    type: FactType
    unit: str
    values: _containers.RepeatedScalarFieldContainer[str]
    minimum: float
    maximum: float
    meaning: _common_pb2.LocalizedText
    def __init__(self, name: _Optional[str] = ..., fact_id: _Optional[str] = ..., type: _Optional[_Union[FactType, str]] = ..., unit: _Optional[str] = ..., values: _Optional[_Iterable[str]] = ..., minimum: _Optional[float] = ..., maximum: _Optional[float] = ..., meaning: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ...) -> None: ...

class ListFactsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListFactsResponse(_message.Message):
    __slots__ = ("facts", "next_page_token")
    FACTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    facts: _containers.RepeatedCompositeFieldContainer[Fact]
    next_page_token: str
    def __init__(self, facts: _Optional[_Iterable[_Union[Fact, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
