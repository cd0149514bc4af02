"""CriteriaService against a real server: regimes, sheets (with unavailable ones), the full sheet, facts."""

import grpc
import pytest
from grpc_support import details, violated_fields

from scoring_core.api.ocop.v1 import criteria_pb2 as pb
from scoring_core.api.ocop.v1 import criteria_pb2_grpc
from scoring_core.client import OcopClient


@pytest.fixture(scope="module")
def stub(channel):
    return criteria_pb2_grpc.CriteriaServiceStub(channel)


def test_list_regimes_pages(stub):
    first = stub.ListRegimes(pb.ListRegimesRequest(page_size=2))
    assert [r.name for r in first.regimes] == ["regimes/1048", "regimes/148"]
    assert first.next_page_token
    rest = stub.ListRegimes(pb.ListRegimesRequest(page_size=2, page_token=first.next_page_token))
    assert [r.code for r in rest.regimes] == ["2026"] and not rest.next_page_token
    regime = rest.regimes[0]
    assert regime.part_maxima == {"A": 40, "B": 25, "C": 35}
    assert [b.stars for b in regime.bands] == [5, 4, 3, 2, 1]
    assert regime.bands[0].min_total == 90 and not regime.bands[0].HasField("below")
    assert regime.effective_from == "2026-05-22" and regime.effective_to == ""
    assert regime.recognition and regime.validity_months == 36


def test_get_regime_and_errors(stub):
    assert stub.GetRegime(pb.GetRegimeRequest(name="regimes/148")).code == "148"
    with pytest.raises(grpc.RpcError) as err:
        stub.GetRegime(pb.GetRegimeRequest(name="regimes/1999"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND
    assert details(err.value)["ResourceInfo"].resource_name == "regimes/1999"
    with pytest.raises(grpc.RpcError) as err:
        stub.GetRegime(pb.GetRegimeRequest(name="2026"))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert violated_fields(err.value) == ["name"]


def test_list_sheets_with_state_and_reason(stub):
    sheets = stub.ListSheets(pb.ListSheetsRequest(parent="regimes/2026")).sheets
    by_id = {s.sheet_id: s for s in sheets}
    assert set(by_id) == {"2026/96", "2026/97", "2026/98"}
    assert by_id["2026/98"].state == pb.AVAILABLE and by_id["2026/98"].name == "regimes/2026/sheets/98"
    assert by_id["2026/98"].rule_count == 4 and by_id["2026/98"].content_hash.startswith("sha256:")
    assert not by_id["2026/98"].parts, "BASIC view carries no parts"
    assert by_id["2026/97"].state == pb.UNAVAILABLE
    assert "part A maximum 39" in by_id["2026/97"].unavailable_reason


def test_list_sheets_filters(stub):
    assert not stub.ListSheets(pb.ListSheetsRequest(parent="regimes/148")).sheets
    assert len(stub.ListSheets(pb.ListSheetsRequest(parent="regimes/-", sector="grpctest")).sheets) == 3
    assert not stub.ListSheets(pb.ListSheetsRequest(sector="beverage")).sheets
    full = stub.ListSheets(pb.ListSheetsRequest(sector="grpctest", view=pb.FULL)).sheets
    assert all(s.parts for s in full)
    with pytest.raises(grpc.RpcError) as err:
        stub.ListSheets(pb.ListSheetsRequest(parent="regimes/7"))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND


def test_list_sheets_pagination(stub):
    first = stub.ListSheets(pb.ListSheetsRequest(page_size=2))
    second = stub.ListSheets(pb.ListSheetsRequest(page_size=2, page_token=first.next_page_token))
    assert [s.sheet_id for s in [*first.sheets, *second.sheets]] == ["2026/96", "2026/97", "2026/98"]
    assert not second.next_page_token
    with pytest.raises(grpc.RpcError) as err:  # a token is bound to the filters it was issued for
        stub.ListSheets(pb.ListSheetsRequest(page_size=2, sector="grpctest", page_token=first.next_page_token))
    assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT and violated_fields(err.value) == ["page_token"]
    with pytest.raises(grpc.RpcError) as err:
        stub.ListSheets(pb.ListSheetsRequest(page_size=-1))
    assert violated_fields(err.value) == ["page_size"]


def test_get_sheet_has_everything_to_build_the_form(stub):
    sheet = stub.GetSheet(pb.GetSheetRequest(name="regimes/2026/sheets/98"))
    assert sheet.state == pb.AVAILABLE and sheet.sheet_no == 98 and sheet.display_name.en == "Test sheet 98"
    assert [(p.code, p.max) for p in sheet.parts] == [("A", 40), ("B", 25), ("C", 35)]
    criteria = {c.id: c for p in sheet.parts for g in p.groups for c in g.criteria}
    a11 = criteria["A1.1"]
    assert [(o.n, o.points) for o in a11.options] == [(1, 5), (2, 10), (3, 20), (4, 0)]
    assert a11.options[2].min_star == 5 and not a11.options[0].HasField("min_star")
    assert a11.options[3].knock_out == pb.ELIMINATE
    assert criteria["C6.1"].options[2].knock_out == pb.STOP
    assert {(r.name, tuple(r.reads)) for r in a11.rules} == {
        ("A1.1#0/3", ("grpctest_labour_pct",)),
        ("A1.1#0/2", ("grpctest_labour_pct",)),
    }
    rule = next(r for r in a11.rules if r.option == 3)
    assert dict(rule.condition) == {"fact": "grpctest_labour_pct", "op": "gte", "value": 75}
    a12 = criteria["A1.2"]
    assert not a12.options and [b.case for b in a12.branches] == [1, 2] and not a12.rules
    assert [o.points for o in a12.branches[1].options] == [15, 20]
    assert criteria["B5.2"].applies_when == pb.STORY_EXISTS and criteria["B5.2"].min_star == 3


def test_get_sheet_unavailable_still_shown_and_not_found(stub):
    sheet = stub.GetSheet(pb.GetSheetRequest(name="regimes/2026/sheets/97", view=pb.BASIC))
    assert sheet.state == pb.UNAVAILABLE and sheet.unavailable_reason and not sheet.parts
    for name, code in (
        ("regimes/2026/sheets/42", grpc.StatusCode.NOT_FOUND),
        ("regimes/1999/sheets/98", grpc.StatusCode.NOT_FOUND),
        ("2026/98", grpc.StatusCode.INVALID_ARGUMENT),
    ):
        with pytest.raises(grpc.RpcError) as err:
            stub.GetSheet(pb.GetSheetRequest(name=name))
        assert err.value.code() == code, name
    with pytest.raises(grpc.RpcError) as err:
        stub.GetSheet(pb.GetSheetRequest(name="regimes/2026/sheets/98", version=9))
    assert err.value.code() == grpc.StatusCode.NOT_FOUND and "version 9" in err.value.details()


def test_list_facts(stub):
    facts = {f.fact_id: f for f in stub.ListFacts(pb.ListFactsRequest()).facts}
    labour = facts["grpctest_labour_pct"]
    assert labour.name == "facts/grpctest_labour_pct" and labour.type == pb.NUMBER and labour.unit == "%"
    assert (labour.minimum, labour.maximum) == (0, 100) and labour.meaning.vi
    assert facts["grpctest_region"].type == pb.ENUM and list(facts["grpctest_region"].values) == ["north", "south"]
    assert not facts["grpctest_certified"].HasField("minimum")


def test_client_helper_lists(server):
    with OcopClient(server.address) as client:
        assert [r.code for r in client.regimes()] == ["1048", "148", "2026"]
        assert len(client.sheets(regime="2026")) == 3
        assert client.sheet("2026/98").parts
        assert len(client.facts()) == 3
