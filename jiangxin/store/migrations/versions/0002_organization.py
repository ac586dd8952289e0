"""Every record belongs to an organisation: several offices (workspaces) may share one database.

Adds `organization` to the tables an office writes. Rows already there belong to the office that opens
the database first with this release (the store passes its organisation in; a workspace's own SQLite
file is only ever opened by that workspace). A stored file is unique per office, not per database, and
so is an account name. Schema version 3 in `meta` makes release 0.1.0 refuse the changed database.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ORGANIZED = (
    "documents",
    "records",
    "ingest_events",
    "audit_log",
    "corrections",
    "version_links",
    "review_rounds",
    "web_users",
    "reviewer_links",
)
# (table, column) unique per database until now, unique per organisation from now on
PER_ORGANIZATION = (("documents", "sha256"), ("web_users", "name"))


def upgrade() -> None:
    organization = str(context.config.attributes.get("organization") or "")
    for name in ORGANIZED:
        op.add_column(name, sa.Column("organization", sa.String(200), nullable=False, server_default=""))
        op.create_index(f"ix_{name}_organization", name, ["organization"])
        if organization:
            table = sa.table(name, sa.column("organization", sa.String))
            op.execute(table.update().values(organization=organization))
    for name, column in PER_ORGANIZATION:
        op.drop_index(f"ix_{name}_{column}", table_name=name)
        op.create_index(f"ix_{name}_{column}", name, [column])
        op.create_index(f"uq_{name}_organization_{column}", name, ["organization", column], unique=True)
    _set_schema_version(3)


def downgrade() -> None:
    for name, column in PER_ORGANIZATION:
        op.drop_index(f"uq_{name}_organization_{column}", table_name=name)
        op.drop_index(f"ix_{name}_{column}", table_name=name)
        op.create_index(f"ix_{name}_{column}", name, [column], unique=True)
    for name in ORGANIZED:
        op.drop_index(f"ix_{name}_organization", table_name=name)
        with op.batch_alter_table(name) as batch:
            batch.drop_column("organization")
    _set_schema_version(2)


def _set_schema_version(version: int) -> None:
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Text))
    op.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(version)))
