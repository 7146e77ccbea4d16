"""The role × permission matrix as Markdown: what ``docs/permissions.md`` shows a reviewer.

Generated from ``tenants.permissions`` (the single source); a test fails when the file is stale.
Regenerate with ``samverka permissions matrix > docs/permissions.md``.
"""

from __future__ import annotations

from samverka.tenants.permissions import ALL_PERMISSIONS, ROLE_PERMISSIONS, STEP_UP, TEAM_ROLE_PERMISSIONS
from samverka.tenants.roles import Role, TeamRole

_WHERE = (
    ("own", "its own scope"),
    ("in_regions", "the regions of its scope"),
    ("in_members", "the member municipalities of its region"),
    ("everywhere", "every scope"),
)
_MARKS = {"own": "●", "in_regions": "◐ (regions)", "in_members": "◐ (members)", "everywhere": "◉ (all)"}


def _cell(role: Role, permission: str) -> str:
    granted = ROLE_PERMISSIONS[role]
    marks = [_MARKS[where] for where, _ in _WHERE if permission in getattr(granted, where)]
    return " ".join(marks)


def _team_cell(role: TeamRole, permission: str) -> str:
    return "▣" if permission in TEAM_ROLE_PERMISSIONS[role] else ""


def matrix_markdown() -> str:
    roles = list(Role)
    team_roles = list(TeamRole)
    lines = [
        "# Who may do what",
        "",
        "Generated from `tenants/permissions.py` by `samverka permissions matrix`; a test fails when this file is",
        "stale. A permission is held where the role is held (● its own municipality, region or partner",
        "organisation), ◐ in the scopes next to it (a municipal role in its municipality's regions; a regional",
        "role in the region's member municipalities), or ◉ everywhere (the platform operator).",
        "Permissions marked *step-up* need an e-ID sign-in at the step-up level.",
        "The team roles (`team:…`) are held on one joint procurement: ▣ in that procurement only.",
        "",
        "| permission | "
        + " | ".join([role.value for role in roles] + [f"team:{role.value}" for role in team_roles])
        + " |",
        "|---|" + "---|" * (len(roles) + len(team_roles)),
    ]
    for permission in ALL_PERMISSIONS:
        name = f"`{permission}`" + (" *step-up*" if permission in STEP_UP else "")
        cells = [_cell(role, permission) for role in roles] + [_team_cell(role, permission) for role in team_roles]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
