from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import struct_pb2 as _struct_pb2
from google.rpc import status_pb2 as _status_pb2
from scoring_core.api.ocop.v1 import common_pb2 as _common_pb2
from scoring_core.api.ocop.v1 import criteria_pb2 as _criteria_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CriterionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CRITERION_STATUS_UNSPECIFIED: _ClassVar[CriterionStatus]
    SCORED: _ClassVar[CriterionStatus]
    NOT_ASSESSED: _ClassVar[CriterionStatus]
    NOT_APPLICABLE: _ClassVar[CriterionStatus]
    NOT_EVALUATED: _ClassVar[CriterionStatus]

class SourceKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SOURCE_KIND_UNSPECIFIED: _ClassVar[SourceKind]
    RULE: _ClassVar[SourceKind]
    JUDGEMENT: _ClassVar[SourceKind]
    UNSOURCED: _ClassVar[SourceKind]

class FactConflictKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FACT_CONFLICT_KIND_UNSPECIFIED: _ClassVar[FactConflictKind]
    RULES_DISAGREE: _ClassVar[FactConflictKind]
    IMPLICATION_VIOLATED: _ClassVar[FactConflictKind]
CRITERION_STATUS_UNSPECIFIED: CriterionStatus
SCORED: CriterionStatus
NOT_ASSESSED: CriterionStatus
NOT_APPLICABLE: CriterionStatus
NOT_EVALUATED: CriterionStatus
SOURCE_KIND_UNSPECIFIED: SourceKind
RULE: SourceKind
JUDGEMENT: SourceKind
UNSOURCED: SourceKind
FACT_CONFLICT_KIND_UNSPECIFIED: FactConflictKind
RULES_DISAGREE: FactConflictKind
IMPLICATION_VIOLATED: FactConflictKind

class ScoreRequest(_message.Message):
    __slots__ = ("request_id", "product", "sheet", "regime", "evaluated_on", "filed_on", "evaluation_kind", "facts", "judgements", "judged_by", "record")
    class FactsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _struct_pb2.Value
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...
    class JudgementsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.Judgement
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.Judgement, _Mapping]] = ...) -> None: ...
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    SHEET_FIELD_NUMBER: _ClassVar[int]
    REGIME_FIELD_NUMBER: _ClassVar[int]
    EVALUATED_ON_FIELD_NUMBER: _ClassVar[int]
    FILED_ON_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_KIND_FIELD_NUMBER: _ClassVar[int]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    JUDGEMENTS_FIELD_NUMBER: _ClassVar[int]
    JUDGED_BY_FIELD_NUMBER: _ClassVar[int]
    RECORD_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    product: _common_pb2.Product
    sheet: str
    regime: str
    evaluated_on: str
    filed_on: str
    evaluation_kind: _common_pb2.EvaluationKind
    facts: _containers.MessageMap[str, _struct_pb2.Value]
    judgements: _containers.MessageMap[str, _common_pb2.Judgement]
    judged_by: str
    record: bool
    def __init__(self, request_id: _Optional[str] = ..., product: _Optional[_Union[_common_pb2.Product, _Mapping]] = ..., sheet: _Optional[str] = ..., regime: _Optional[str] = ..., evaluated_on: _Optional[str] = ..., filed_on: _Optional[str] = ..., evaluation_kind: _Optional[_Union[_common_pb2.EvaluationKind, str]] = ..., facts: _Optional[_Mapping[str, _struct_pb2.Value]] = ..., judgements: _Optional[_Mapping[str, _common_pb2.Judgement]] = ..., judged_by: _Optional[str] = ..., record: _Optional[bool] = ...) -> None: ...

class Source(_message.Message):
    __slots__ = ("kind", "rule", "origin", "facts_read", "by", "reason", "label")
    class FactsReadEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _struct_pb2.Value
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...
    KIND_FIELD_NUMBER: _ClassVar[int]
    RULE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    FACTS_READ_FIELD_NUMBER: _ClassVar[int]
    BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    LABEL_FIELD_NUMBER: _ClassVar[int]
    kind: SourceKind
    rule: str
    origin: str
    facts_read: _containers.MessageMap[str, _struct_pb2.Value]
    by: str
    reason: str
    label: str
    def __init__(self, kind: _Optional[_Union[SourceKind, str]] = ..., rule: _Optional[str] = ..., origin: _Optional[str] = ..., facts_read: _Optional[_Mapping[str, _struct_pb2.Value]] = ..., by: _Optional[str] = ..., reason: _Optional[str] = ..., label: _Optional[str] = ...) -> None: ...

class Conflict(_message.Message):
    __slots__ = ("rule_option", "rule_case", "judgement_option", "judgement_case", "winner", "reason")
    RULE_OPTION_FIELD_NUMBER: _ClassVar[int]
    RULE_CASE_FIELD_NUMBER: _ClassVar[int]
    JUDGEMENT_OPTION_FIELD_NUMBER: _ClassVar[int]
    JUDGEMENT_CASE_FIELD_NUMBER: _ClassVar[int]
    WINNER_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    rule_option: int
    rule_case: int
    judgement_option: int
    judgement_case: int
    winner: SourceKind
    reason: _common_pb2.LocalizedText
    def __init__(self, rule_option: _Optional[int] = ..., rule_case: _Optional[int] = ..., judgement_option: _Optional[int] = ..., judgement_case: _Optional[int] = ..., winner: _Optional[_Union[SourceKind, str]] = ..., reason: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ...) -> None: ...

class CriterionScore(_message.Message):
    __slots__ = ("criterion", "part", "group", "title", "status", "case", "option", "option_label_vi", "points", "max", "source", "conflict", "reason")
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    PART_FIELD_NUMBER: _ClassVar[int]
    GROUP_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CASE_FIELD_NUMBER: _ClassVar[int]
    OPTION_FIELD_NUMBER: _ClassVar[int]
    OPTION_LABEL_VI_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    MAX_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    CONFLICT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    criterion: str
    part: str
    group: str
    title: _common_pb2.LocalizedText
    status: CriterionStatus
    case: int
    option: int
    option_label_vi: str
    points: str
    max: int
    source: Source
    conflict: Conflict
    reason: _common_pb2.LocalizedText
    def __init__(self, criterion: _Optional[str] = ..., part: _Optional[str] = ..., group: _Optional[str] = ..., title: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., status: _Optional[_Union[CriterionStatus, str]] = ..., case: _Optional[int] = ..., option: _Optional[int] = ..., option_label_vi: _Optional[str] = ..., points: _Optional[str] = ..., max: _Optional[int] = ..., source: _Optional[_Union[Source, _Mapping]] = ..., conflict: _Optional[_Union[Conflict, _Mapping]] = ..., reason: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ...) -> None: ...

class FailedGate(_message.Message):
    __slots__ = ("criterion", "star", "required_points", "points", "reason")
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    STAR_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_POINTS_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    criterion: str
    star: int
    required_points: str
    points: str
    reason: _common_pb2.LocalizedText
    def __init__(self, criterion: _Optional[str] = ..., star: _Optional[int] = ..., required_points: _Optional[str] = ..., points: _Optional[str] = ..., reason: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ...) -> None: ...

class KnockOut(_message.Message):
    __slots__ = ("criterion", "option", "kind", "reason")
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    OPTION_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    criterion: str
    option: int
    kind: _criteria_pb2.KnockOutKind
    reason: _common_pb2.LocalizedText
    def __init__(self, criterion: _Optional[str] = ..., option: _Optional[int] = ..., kind: _Optional[_Union[_criteria_pb2.KnockOutKind, str]] = ..., reason: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ...) -> None: ...

class Recognition(_message.Message):
    __slots__ = ("level", "valid_from", "valid_until")
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    level: _criteria_pb2.RecognitionLevel
    valid_from: str
    valid_until: str
    def __init__(self, level: _Optional[_Union[_criteria_pb2.RecognitionLevel, str]] = ..., valid_from: _Optional[str] = ..., valid_until: _Optional[str] = ...) -> None: ...

class ImpliedFact(_message.Message):
    __slots__ = ("fact", "value", "implication", "reason")
    FACT_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    IMPLICATION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    fact: str
    value: _struct_pb2.Value
    implication: str
    reason: _common_pb2.LocalizedText
    def __init__(self, fact: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., implication: _Optional[str] = ..., reason: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ...) -> None: ...

class MissingFact(_message.Message):
    __slots__ = ("fact", "criteria")
    FACT_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    fact: str
    criteria: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, fact: _Optional[str] = ..., criteria: _Optional[_Iterable[str]] = ...) -> None: ...

class FactConflict(_message.Message):
    __slots__ = ("kind", "criteria", "facts", "rules", "implication", "reason")
    class FactsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _struct_pb2.Value
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...
    KIND_FIELD_NUMBER: _ClassVar[int]
    CRITERIA_FIELD_NUMBER: _ClassVar[int]
    FACTS_FIELD_NUMBER: _ClassVar[int]
    RULES_FIELD_NUMBER: _ClassVar[int]
    IMPLICATION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    kind: FactConflictKind
    criteria: _containers.RepeatedScalarFieldContainer[str]
    facts: _containers.MessageMap[str, _struct_pb2.Value]
    rules: _containers.RepeatedScalarFieldContainer[str]
    implication: str
    reason: _common_pb2.LocalizedText
    def __init__(self, kind: _Optional[_Union[FactConflictKind, str]] = ..., criteria: _Optional[_Iterable[str]] = ..., facts: _Optional[_Mapping[str, _struct_pb2.Value]] = ..., rules: _Optional[_Iterable[str]] = ..., implication: _Optional[str] = ..., reason: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ...) -> None: ...

class Evaluation(_message.Message):
    __slots__ = ("name", "request_id", "product", "regime", "regime_reason", "sheet", "sheet_name", "sheet_version", "sheet_display_name", "content_hash", "plugin", "plugin_version", "engine_version", "evaluated_on", "breakdown", "parts", "part_maxima", "total", "band_star", "failed_gates", "final_star", "recognised", "eliminated", "knockout", "recognition", "knockouts", "recorded_at", "recorded_by", "already_recorded", "event_hash", "implied_facts", "missing_facts", "conflicts", "flagged")
    class PartsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class PartMaximaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    REGIME_FIELD_NUMBER: _ClassVar[int]
    REGIME_REASON_FIELD_NUMBER: _ClassVar[int]
    SHEET_FIELD_NUMBER: _ClassVar[int]
    SHEET_NAME_FIELD_NUMBER: _ClassVar[int]
    SHEET_VERSION_FIELD_NUMBER: _ClassVar[int]
    SHEET_DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    CONTENT_HASH_FIELD_NUMBER: _ClassVar[int]
    PLUGIN_FIELD_NUMBER: _ClassVar[int]
    PLUGIN_VERSION_FIELD_NUMBER: _ClassVar[int]
    ENGINE_VERSION_FIELD_NUMBER: _ClassVar[int]
    EVALUATED_ON_FIELD_NUMBER: _ClassVar[int]
    BREAKDOWN_FIELD_NUMBER: _ClassVar[int]
    PARTS_FIELD_NUMBER: _ClassVar[int]
    PART_MAXIMA_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    BAND_STAR_FIELD_NUMBER: _ClassVar[int]
    FAILED_GATES_FIELD_NUMBER: _ClassVar[int]
    FINAL_STAR_FIELD_NUMBER: _ClassVar[int]
    RECOGNISED_FIELD_NUMBER: _ClassVar[int]
    ELIMINATED_FIELD_NUMBER: _ClassVar[int]
    KNOCKOUT_FIELD_NUMBER: _ClassVar[int]
    RECOGNITION_FIELD_NUMBER: _ClassVar[int]
    KNOCKOUTS_FIELD_NUMBER: _ClassVar[int]
    RECORDED_AT_FIELD_NUMBER: _ClassVar[int]
    RECORDED_BY_FIELD_NUMBER: _ClassVar[int]
    ALREADY_RECORDED_FIELD_NUMBER: _ClassVar[int]
    EVENT_HASH_FIELD_NUMBER: _ClassVar[int]
    IMPLIED_FACTS_FIELD_NUMBER: _ClassVar[int]
    MISSING_FACTS_FIELD_NUMBER: _ClassVar[int]
    CONFLICTS_FIELD_NUMBER: _ClassVar[int]
    FLAGGED_FIELD_NUMBER: _ClassVar[int]
    name: str
    request_id: str
    product: _common_pb2.Product
    regime: str
    regime_reason: _common_pb2.LocalizedText
    sheet: str
    sheet_name: str
    sheet_version: int
    sheet_display_name: _common_pb2.LocalizedText
    content_hash: str
    plugin: str
    plugin_version: str
    engine_version: str
    evaluated_on: str
    breakdown: _containers.RepeatedCompositeFieldContainer[CriterionScore]
    parts: _containers.ScalarMap[str, str]
    part_maxima: _containers.ScalarMap[str, int]
    total: str
    band_star: int
    failed_gates: _containers.RepeatedCompositeFieldContainer[FailedGate]
    final_star: int
    recognised: bool
    eliminated: bool
    knockout: KnockOut
    recognition: Recognition
    knockouts: _containers.RepeatedCompositeFieldContainer[KnockOut]
    recorded_at: str
    recorded_by: str
    already_recorded: bool
    event_hash: str
    implied_facts: _containers.RepeatedCompositeFieldContainer[ImpliedFact]
    missing_facts: _containers.RepeatedCompositeFieldContainer[MissingFact]
    conflicts: _containers.RepeatedCompositeFieldContainer[FactConflict]
    flagged: bool
    def __init__(self, name: _Optional[str] = ..., request_id: _Optional[str] = ..., product: _Optional[_Union[_common_pb2.Product, _Mapping]] = ..., regime: _Optional[str] = ..., regime_reason: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., sheet: _Optional[str] = ..., sheet_name: _Optional[str] = ..., sheet_version: _Optional[int] = ..., sheet_display_name: _Optional[_Union[_common_pb2.LocalizedText, _Mapping]] = ..., content_hash: _Optional[str] = ..., plugin: _Optional[str] = ..., plugin_version: _Optional[str] = ..., engine_version: _Optional[str] = ..., evaluated_on: _Optional[str] = ..., breakdown: _Optional[_Iterable[_Union[CriterionScore, _Mapping]]] = ..., parts: _Optional[_Mapping[str, str]] = ..., part_maxima: _Optional[_Mapping[str, int]] = ..., total: _Optional[str] = ..., band_star: _Optional[int] = ..., failed_gates: _Optional[_Iterable[_Union[FailedGate, _Mapping]]] = ..., final_star: _Optional[int] = ..., recognised: _Optional[bool] = ..., eliminated: _Optional[bool] = ..., knockout: _Optional[_Union[KnockOut, _Mapping]] = ..., recognition: _Optional[_Union[Recognition, _Mapping]] = ..., knockouts: _Optional[_Iterable[_Union[KnockOut, _Mapping]]] = ..., recorded_at: _Optional[str] = ..., recorded_by: _Optional[str] = ..., already_recorded: _Optional[bool] = ..., event_hash: _Optional[str] = ..., implied_facts: _Optional[_Iterable[_Union[ImpliedFact, _Mapping]]] = ..., missing_facts: _Optional[_Iterable[_Union[MissingFact, _Mapping]]] = ..., conflicts: _Optional[_Iterable[_Union[FactConflict, _Mapping]]] = ..., flagged: _Optional[bool] = ...) -> None: ...

class BatchScoreResponse(_message.Message):
    __slots__ = ("index", "request_id", "product_id", "evaluation", "error")
    INDEX_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    EVALUATION_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    index: int
    request_id: str
    product_id: str
    evaluation: Evaluation
    error: _status_pb2.Status
    def __init__(self, index: _Optional[int] = ..., request_id: _Optional[str] = ..., product_id: _Optional[str] = ..., evaluation: _Optional[_Union[Evaluation, _Mapping]] = ..., error: _Optional[_Union[_status_pb2.Status, _Mapping]] = ...) -> None: ...

class SimulateRequest(_message.Message):
    __slots__ = ("request", "fact_overrides", "judgement_overrides", "remove_judgements")
    class FactOverridesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _struct_pb2.Value
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ...) -> None: ...
    class JudgementOverridesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _common_pb2.Judgement
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_common_pb2.Judgement, _Mapping]] = ...) -> None: ...
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    FACT_OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    JUDGEMENT_OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    REMOVE_JUDGEMENTS_FIELD_NUMBER: _ClassVar[int]
    request: ScoreRequest
    fact_overrides: _containers.MessageMap[str, _struct_pb2.Value]
    judgement_overrides: _containers.MessageMap[str, _common_pb2.Judgement]
    remove_judgements: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, request: _Optional[_Union[ScoreRequest, _Mapping]] = ..., fact_overrides: _Optional[_Mapping[str, _struct_pb2.Value]] = ..., judgement_overrides: _Optional[_Mapping[str, _common_pb2.Judgement]] = ..., remove_judgements: _Optional[_Iterable[str]] = ...) -> None: ...

class CriterionChange(_message.Message):
    __slots__ = ("criterion", "option_before", "option_after", "points_before", "points_after")
    CRITERION_FIELD_NUMBER: _ClassVar[int]
    OPTION_BEFORE_FIELD_NUMBER: _ClassVar[int]
    OPTION_AFTER_FIELD_NUMBER: _ClassVar[int]
    POINTS_BEFORE_FIELD_NUMBER: _ClassVar[int]
    POINTS_AFTER_FIELD_NUMBER: _ClassVar[int]
    criterion: str
    option_before: int
    option_after: int
    points_before: str
    points_after: str
    def __init__(self, criterion: _Optional[str] = ..., option_before: _Optional[int] = ..., option_after: _Optional[int] = ..., points_before: _Optional[str] = ..., points_after: _Optional[str] = ...) -> None: ...

class SimulateResponse(_message.Message):
    __slots__ = ("baseline", "simulated", "total_delta", "changes")
    BASELINE_FIELD_NUMBER: _ClassVar[int]
    SIMULATED_FIELD_NUMBER: _ClassVar[int]
    TOTAL_DELTA_FIELD_NUMBER: _ClassVar[int]
    CHANGES_FIELD_NUMBER: _ClassVar[int]
    baseline: Evaluation
    simulated: Evaluation
    total_delta: str
    changes: _containers.RepeatedCompositeFieldContainer[CriterionChange]
    def __init__(self, baseline: _Optional[_Union[Evaluation, _Mapping]] = ..., simulated: _Optional[_Union[Evaluation, _Mapping]] = ..., total_delta: _Optional[str] = ..., changes: _Optional[_Iterable[_Union[CriterionChange, _Mapping]]] = ...) -> None: ...
