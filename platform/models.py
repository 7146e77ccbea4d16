"""Every model module, imported in one place so that Alembic and ``create_app`` see the whole schema.

It sits at the top of the application, beside the app factory: it imports every area, and
nothing below the app imports it.
"""

from samverka.jobs import models as job_models  # noqa: F401
from samverka.platform.audit import models as audit_models  # noqa: F401
from samverka.platform.auth import models as auth_models  # noqa: F401
from samverka.platform.auth import tokens_models  # noqa: F401
from samverka.platform.awards import models as award_models  # noqa: F401
from samverka.platform.benefits import models as benefit_models  # noqa: F401
from samverka.platform.contracts import models as contract_models  # noqa: F401
from samverka.platform.core.extensions import db
from samverka.platform.delivery import models as delivery_models  # noqa: F401
from samverka.platform.documents import models as document_models  # noqa: F401
from samverka.platform.matching import models as matching_models  # noqa: F401
from samverka.platform.needs import models as need_models  # noqa: F401
from samverka.platform.plans import models as plan_models  # noqa: F401
from samverka.platform.portability import models as portability_models  # noqa: F401
from samverka.platform.procurements import models as procurement_models  # noqa: F401
from samverka.platform.publication import models as publication_models  # noqa: F401
from samverka.platform.requirements import models as requirement_models  # noqa: F401
from samverka.platform.signatures import models as signature_models  # noqa: F401
from samverka.platform.tenders import models as tender_models  # noqa: F401
from samverka.platform.thresholds import models as threshold_models  # noqa: F401
from samverka.tenants import models as tenant_models  # noqa: F401

metadata = db.metadata
