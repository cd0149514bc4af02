"""The Evaluation message spliced from cached wire bytes equals the one built field by field."""

from pathlib import Path

import pytest
import yaml

from scoring_core.scoring.pipeline import Scorer
from scoring_core.scoring.request import ScoreRequest
from scoring_core.service.evaluations import _evaluation_message_built, batch_response, evaluation_message

EXAMPLES = sorted((Path(__file__).resolve().parents[1] / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def scorer():
    return Scorer()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_spliced_message_equals_the_built_one(scorer, path):
    evaluation = scorer.score(ScoreRequest.parse(yaml.safe_load(path.read_text("utf-8"))))
    for _ in range(2):  # the second time from the caches
        spliced = evaluation_message(evaluation, "rid-1")
        assert spliced == _evaluation_message_built(evaluation, "rid-1")
    response = batch_response(3, "rid-2", evaluation.product["id"], evaluation)
    assert response.evaluation == _evaluation_message_built(evaluation, "rid-2")
    assert response.index == 3
