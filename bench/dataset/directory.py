"""Regions and municipalities: Norway's first, Sweden's after, each municipality in one region of its country."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from samverka.tenants.models import Region, RegionMembership, Tenant

from .common import Scale, bulk, insert_all


@dataclass
class Directory:
    """What later generators need: each region's members in order, and each municipality's country."""

    members: dict[int, list[int]] = field(default_factory=dict)
    country: dict[int, str] = field(default_factory=dict)
    currency: dict[int, str] = field(default_factory=dict)  # per region

    @property
    def tenant_ids(self) -> list[int]:
        return list(self.country)

    def region_of(self) -> dict[int, int]:
        return {t: r for r, tenants in self.members.items() for t in tenants}


def load_directory(session, scale: Scale, rng: random.Random) -> Directory:
    no_regions, no_tenants = scale.norwegian_regions, scale.norwegian_tenants
    regions = [
        {"name": f"Region NO-{k + 1:02d}", "currency": "NOK"}
        if k < no_regions
        else {"name": f"Region SE-{k - no_regions + 1:02d}", "currency": "SEK"}
        for k in range(scale.regions)
    ]
    region_ids = bulk(session, Region, regions)
    tenants = [_tenant(k, k < no_tenants, rng) for k in range(scale.tenants)]
    tenant_ids = bulk(session, Tenant, tenants)
    directory = Directory(
        members={r: [] for r in region_ids},
        country={t: row["country"] for t, row in zip(tenant_ids, tenants)},
        currency={r: row["currency"] for r, row in zip(region_ids, regions)},
    )
    se_regions = max(1, scale.regions - no_regions)
    for k, tenant_id in enumerate(tenant_ids):
        home = k % no_regions if k < no_tenants else no_regions + (k - no_tenants) % se_regions
        directory.members[region_ids[min(home, scale.regions - 1)]].append(tenant_id)
    insert_all(
        session, RegionMembership, [{"region_id": r, "tenant_id": t} for r, ts in directory.members.items() for t in ts]
    )
    return directory


def _tenant(k: int, norwegian: bool, rng: random.Random) -> dict:
    return {
        "name": f"{'Kommune' if norwegian else 'Kommun'} {k + 1:03d}",
        "country": "NO" if norwegian else "SE",
        "municipality_number": f"{k + 1:04d}",
        # Fake numbers: a 9 then eight digits is no Brønnøysund or Bolagsverket organisation of a municipality.
        "organisation_number": f"{900000000 + k}",
        "population": rng.randint(500, 60000),
    }
