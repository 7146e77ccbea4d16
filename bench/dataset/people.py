"""The people the benchmarks sign in, each a User the development e-ID provider (devtools/eid_provider) signs in.

Their identity numbers are fake and documented: ``9RRNNNNNNNN``, 11 digits, where RR is the role
(10 coordinator, 20 purchaser, 30 IT coordinator, 40 chief executive) and NNNNNNNN the person's number
within the role, from 1. No fødselsnummer or D-number begins with 9 (the day of the month would be 90-99),
so none is a real person's. Only their keyed hash (``identity_hash`` with the app's IDENTITY_HASH_KEY) is
stored, as at a real sign-in.
"""

from __future__ import annotations

from dataclasses import dataclass

from samverka.platform.core.identity import identity_hash
from samverka.tenants.models import RoleAssignment, User

from .common import Scale, bulk, insert_all
from .directory import Directory

ROLE_CODES = {"coordinator": 10, "purchaser": 20, "it_coordinator": 30, "chief_executive": 40}
REGIONAL = ("coordinator", "purchaser")
LOCAL = ("it_coordinator", "chief_executive")


@dataclass(frozen=True)
class Person:
    role: str
    user_id: int
    pid: str
    tenant_id: int | None  # a municipality's role
    region_id: int | None  # a region's role; for a municipality's role, its region


def pid(role: str, number: int) -> str:
    return f"9{ROLE_CODES[role]}{number:08d}"


def key(role: str, number: int) -> str:
    """The first person of each role by the role's name ("coordinator"), the others numbered ("coordinator-2")."""
    return role if number == 1 else f"{role}-{number}"


def planned_people(scale: Scale, directory: Directory) -> list[tuple[str, int, int | None, int]]:
    """(role, number, tenant id, region id): per region a coordinator and a purchaser, and an IT coordinator and a
    chief executive of the first member of the first ``staffed_tenants`` regions, taken Norway's and Sweden's
    regions in turn."""
    regions = list(directory.members)
    planned = [(role, k + 1, None, r) for role in REGIONAL for k, r in enumerate(regions)]
    no, se = regions[: scale.norwegian_regions], regions[scale.norwegian_regions :]
    alternating = [r for pair in zip(no, se) for r in pair] + no[len(se) :] + se[len(no) :]
    staffed = [(directory.members[r][0], r) for r in alternating if directory.members[r]][: scale.staffed_tenants]
    planned += [(role, k + 1, t, r) for role in LOCAL for k, (t, r) in enumerate(staffed)]
    return planned


def load_people(session, scale: Scale, directory: Directory, identity_key: str) -> dict[str, Person]:
    planned = planned_people(scale, directory)
    users = [
        {"name": f"{role.replace('_', ' ').title()} {number}", "email": f"{key(role, number)}@bench.example"}
        | {"eid_hash": identity_hash(pid(role, number), identity_key)}
        | {"locale": "sv" if directory.currency[region_id] == "SEK" else "nb"}
        for role, number, _tenant, region_id in planned
    ]
    user_ids = bulk(session, User, users)
    grants = [
        {"user_id": u, "role": role, "user_name": user["name"], "user_email": user["email"]}
        | ({"tenant_id": tenant_id} if tenant_id else {"region_id": region_id})
        for u, user, (role, _n, tenant_id, region_id) in zip(user_ids, users, planned)
    ]
    insert_all(session, RoleAssignment, grants)
    return {
        key(role, number): Person(role, u, pid(role, number), tenant_id, region_id)
        for u, (role, number, tenant_id, region_id) in zip(user_ids, planned)
    }
