"""The application layer: plain Python calls every transport uses.

What a caller can ask of the service (the catalogue of regimes, sheets and facts; scoring,
recording, batches and simulations; council and contest actions; audit reads) as plain calls
taking plain values, pydantic models and the caller's identity (``identity.Identity``, which
the transport established), and returning core objects (``Evaluation``, session states,
events).  Nothing here knows gRPC or protobuf: the gRPC servicers in ``scoring_core.service``
translate messages to these calls and back, and an HTTP/JSON transport does the same with JSON.
Errors are the core's (``InvalidRequest``, ``NotFound``, ``Refused``...) plus ``app.errors``;
each transport maps them to its status codes in one place.

Arguments are named as the fields of the ocop.v1 requests (resource names such as
``events/12`` or ``councils/hd-1``, dates as YYYY-MM-DD), so a field violation names the same
field whichever transport carried the request.
"""

from scoring_core.app.audit import Audit
from scoring_core.app.catalogue import Catalogue
from scoring_core.app.contests import Contests
from scoring_core.app.councils import Councils
from scoring_core.app.identity import DEV, Identity
from scoring_core.app.pagination import Page
from scoring_core.app.scoring import Scoring

__all__ = ["DEV", "Audit", "Catalogue", "Contests", "Councils", "Identity", "Page", "Scoring"]
