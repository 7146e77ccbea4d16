"""A joint procurement's contract: the register's row names the procurement it was signed at the end of.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06

``contracts.procurement_id`` (nullable: a contract entered in the register has none) with a composite
foreign key to the procurement and its region, so a joint contract can only name a procurement of the
region that owns it, and at most one contract per procurement. No policy changes: the register's rules
read the owner columns, as before.

The data processing agreement's facts: a need's purpose, categories of personal data and data subjects
(``needs.personal_data``), and a tender's sub-processors and transfers outside the EEA.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contracts") as batch:
        batch.add_column(sa.Column("procurement_id", sa.Integer(), nullable=True))
        batch.create_unique_constraint(op.f("uq_contracts_procurement"), ["procurement_id"])
        batch.create_foreign_key(
            op.f("fk_contracts_procurement"),
            "joint_procurements",
            ["procurement_id", "region_id"],
            ["id", "region_id"],
            ondelete="RESTRICT",
        )

    with op.batch_alter_table("needs") as batch:
        batch.add_column(sa.Column("personal_data_purpose", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("personal_data_categories", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("data_subjects", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("tenders") as batch:
        batch.add_column(sa.Column("sub_processors", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("third_country_transfers", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("tenders") as batch:
        batch.drop_column("third_country_transfers")
        batch.drop_column("sub_processors")
    with op.batch_alter_table("needs") as batch:
        for column in ("data_subjects", "personal_data_categories", "personal_data_purpose"):
            batch.drop_column(column)
    with op.batch_alter_table("contracts") as batch:
        batch.drop_constraint(op.f("fk_contracts_procurement"), type_="foreignkey")
        batch.drop_constraint(op.f("uq_contracts_procurement"), type_="unique")
        batch.drop_column("procurement_id")
