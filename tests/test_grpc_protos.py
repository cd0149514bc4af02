"""The committed stubs are what protoc makes of protos/, and the protos follow the API conventions."""

from pathlib import Path

import gen_protos
from google.protobuf import descriptor_pb2

from scoring_core.api.ocop.v1 import audit_pb2, common_pb2, contests_pb2, councils_pb2, criteria_pb2, scoring_pb2
from scoring_core.service.auth import WRITES, WRITES_WHEN

ROOT = Path(__file__).resolve().parent.parent

FILES = (common_pb2, criteria_pb2, scoring_pb2, councils_pb2, contests_pb2, audit_pb2)


def _file(module) -> descriptor_pb2.FileDescriptorProto:
    proto = descriptor_pb2.FileDescriptorProto()
    module.DESCRIPTOR.CopyToProto(proto)
    return proto


def test_committed_stubs_are_fresh():
    problems = gen_protos.stale()
    assert not problems, "run `python tools/gen_protos.py`:\n" + "\n".join(problems)


def test_package_and_enum_zero_values():
    for module in FILES:
        proto = _file(module)
        assert proto.package == "ocop.v1"
        enums = list(proto.enum_type) + [e for m in proto.message_type for e in m.enum_type]
        for enum in enums:
            assert enum.value[0].number == 0 and enum.value[0].name.endswith("_UNSPECIFIED"), enum.name


def test_calls_that_may_write_carry_a_request_id():
    services = [s for m in FILES for s in m.DESCRIPTOR.services_by_name.values()]
    writing = [
        (s.name, m)
        for s in services
        for m in s.methods
        if f"/{s.full_name}/{m.name}" in {*WRITES, *WRITES_WHEN}
        or (s.name == "ScoringService" and m.name != "Simulate")
    ]
    assert len(writing) >= 9
    for service, method in writing:
        assert "request_id" in method.input_type.fields_by_name, f"{service}.{method.name}"


def test_list_calls_paginate_and_resources_are_named():
    for module in (councils_pb2, contests_pb2, audit_pb2):
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                if method.name.startswith("List") or method.name == "GetAuditTrail":
                    assert {"page_size", "page_token"} <= set(method.input_type.fields_by_name), method.name
                    assert "next_page_token" in method.output_type.fields_by_name, method.name
    for message in (
        councils_pb2.CouncilSession,
        councils_pb2.CouncilResult,
        councils_pb2.MemberSheet,
        councils_pb2.RecognitionRecord,
        contests_pb2.Contest,
        audit_pb2.AuditEvent,
        audit_pb2.AuditTrail,
        scoring_pb2.Evaluation,
    ):
        assert "name" in message.DESCRIPTOR.fields_by_name, message.DESCRIPTOR.name


def test_resource_names_documented_on_messages():
    assert "name" in criteria_pb2.Sheet.DESCRIPTOR.fields_by_name
    assert "name" in criteria_pb2.Regime.DESCRIPTOR.fields_by_name
    for request in (criteria_pb2.ListSheetsRequest, criteria_pb2.ListRegimesRequest, criteria_pb2.ListFactsRequest):
        assert {"page_size", "page_token"} <= set(request.DESCRIPTOR.fields_by_name)
