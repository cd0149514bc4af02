"""The Evaluation message spliced from cached wire bytes equals the one built field by field."""

from pathlib import Path

import pytest
import yaml
from evaluation_oracle import evaluation_message_built

from scoring_core.plugins.manager import OcopPlugins
from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest
from scoring_core.service.evaluations import batch_response, evaluation_message

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_spliced_message_equals_the_built_one(scorer, path):
    evaluation = scorer.score(ScoreRequest.parse(yaml.safe_load(path.read_text("utf-8"))))
    for _ in range(2):  # the second time from the caches
        spliced = evaluation_message(evaluation, "rid-1")
        assert spliced == evaluation_message_built(evaluation, "rid-1")
    response = batch_response(3, "rid-2", evaluation.product["id"], evaluation)
    assert response.evaluation == evaluation_message_built(evaluation, "rid-2")
    assert (response.index, response.request_id, response.product_id) == (3, "rid-2", evaluation.product["id"])


def test_every_golden_case_splices_to_the_built_message_byte_for_byte(scorer):
    """Every golden case of every plugin (every sheet, knock-outs, gates, recognition), twice: the
    deterministic serialisations (map entries sorted) are equal byte for byte, so no field went astray
    (a wrong field would be kept as an unknown field, and serialised)."""
    cases = OcopPlugins().golden_cases()
    assert len(cases) > 50
    evaluations = scorer.score_many([ScoreRequest.parse(case.product) for _, case in cases])
    for _ in range(2):
        for ev in evaluations:
            spliced = evaluation_message(ev, "r").SerializeToString(deterministic=True)
            assert spliced == evaluation_message_built(ev, "r").SerializeToString(deterministic=True), ev.sheet
