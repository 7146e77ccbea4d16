"""Importing a register from CSV: the whole file is checked first, then imported by a job.

A file with any problem is refused with a line-by-line report and nothing is
stored. A valid file is kept in a ``ContractImport`` and imported after commit by
``tasks.run_import``. The job inserts every contract in ONE transaction (all or
nothing) while a second, short-lived session commits its progress every
``CONTRACT_IMPORT_BATCH`` rows, so the page shows real progress and the register
shows either none or all of the file's contracts. The same transaction plans the contracts'
re-procurements, and the import's report keeps which needs or joint procurements that created.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from samverka.jobs.queue import enqueue_after_commit
from samverka.jobs.registry import job
from samverka.platform.audit.services import record
from samverka.platform.contracts.models import Contract, ContractImport
from samverka.platform.contracts.services import schedule
from samverka.platform.contracts.services.access import Owner, owner_of, require_write
from samverka.platform.contracts.services.contracts import new_contract, record_created
from samverka.platform.contracts.validation import (
    COLUMNS,
    FIELD_TO_TEXT,
    REQUIRED_COLUMNS,
    check_contract,
    parse_text,
)
from samverka.platform.core.errors import Refused
from samverka.platform.core.tenancy.guard import bind_principal
from samverka.platform.core.tenancy.principal import Principal
from samverka.platform.core.time import utcnow
from samverka.platform.needs.models import Need
from samverka.platform.procurements.models import JointProcurement

IMPORT_JOB = job("samverka.platform.contracts.tasks.run_import")
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 10_000
# No column holds more than a few hundred characters; anything past this is a mistake in the file.
FIELD_MAX = 2_000
_UNREADABLE = _l(
    "This line cannot be read as CSV: a field is far too long or a quotation mark is not closed. Nothing was imported."
)


@dataclass(frozen=True)
class Problem:
    line: int  # the line of the file, the header being line 1
    column: str
    message: str


class ImportRefused(Refused):
    """The file cannot be imported as it is; nothing has been stored. The report lists each problem."""

    def __init__(self, problems: list[Problem]):
        report = [{"line": p.line, "column": p.column, "message": p.message} for p in problems]
        super().__init__({"file": report}, _l("The file was not imported."))
        self.problems = problems

    def report(self) -> list[dict]:
        return [{"line": p.line, "column": p.column, "message": p.message} for p in self.problems]


def _file_problem(message) -> ImportRefused:
    return ImportRefused([Problem(1, "", str(message))])


def read_rows(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each non-empty line; ``ImportRefused`` if the file itself cannot be read."""
    if len(data) > MAX_BYTES:
        raise _file_problem(_l("The file is larger than 2 MB; split it into smaller files."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_problem(_l("The file is not UTF-8 text; save it as CSV UTF-8.")) from None
    header_line = text.split("\n", 1)[0]
    delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _rows(reader)
    except csv.Error:
        # csv's own limit (131,072 characters a field) and broken quoting end the reading at this line.
        raise ImportRefused([Problem(reader.line_num, "", str(_UNREADABLE))]) from None


def _rows(reader) -> list[tuple[int, dict[str, str]]]:
    header = [name.strip().lower() for name in next(reader, [])]
    _check_header(header)
    rows, problems = [], []
    for values in reader:
        if any(value.strip() for value in values):
            row = dict(zip(header, values, strict=False))
            problems += _field_problems(reader.line_num, row)
            rows.append((reader.line_num, row))
        if len(rows) > MAX_ROWS:
            raise _file_problem(_l("The file has more than %(max)s contracts; split it.", max=MAX_ROWS))
    if problems:
        raise ImportRefused(problems)
    if not rows:
        raise _file_problem(_l("The file has no contracts below its header line."))
    return rows


def _field_problems(line: int, row: dict[str, str]) -> list[Problem]:
    """Fields no column can hold: NUL characters (PostgreSQL text cannot store them) and overlong text."""
    problems = []
    for column, value in row.items():
        if "\x00" in value:
            problems.append(Problem(line, column, str(_l("The field contains a NUL character; remove it."))))
        elif len(value) > FIELD_MAX:
            problems.append(
                Problem(line, column, str(_l("The field is longer than %(max)s characters.", max=FIELD_MAX)))
            )
    return problems


def _check_header(header: list[str]) -> None:
    expected = ", ".join(COLUMNS)
    unknown = [name for name in header if name not in COLUMNS]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    problems = [
        Problem(
            1,
            name,
            str(_l("Unknown column %(column)s; the columns are: %(expected)s.", column=name or "—", expected=expected)),
        )
        for name in unknown
    ]
    problems += [
        Problem(
            1,
            name,
            str(_l("Missing column %(column)s; the columns are: %(expected)s.", column=name, expected=expected)),
        )
        for name in missing
    ]
    if problems:
        raise ImportRefused(problems)


def validate(data: bytes) -> list[tuple[int, dict]]:
    """Every line checked; the typed values of each, or ``ImportRefused`` with every problem found."""
    checked, problems = [], []
    for line, row in read_rows(data):
        try:
            checked.append((line, check_contract(parse_text(row))))
        except Refused as exc:
            problems += [
                Problem(line, FIELD_TO_TEXT.get(field, field), message)
                for field, messages in exc.messages().items()
                for message in messages
            ]
    if problems:
        raise ImportRefused(problems)
    return checked


def create_import(session: Session, principal: Principal, owner: Owner, filename: str, data: bytes) -> ContractImport:
    """Check the whole file; if it is valid, store it and queue its import after commit."""
    require_write(principal, owner)
    rows = validate(data)
    contract_import = ContractImport(
        **owner.scope,
        filename=(filename or "contracts.csv")[:200],
        content=data.decode("utf-8-sig"),
        total=len(rows),
        created_by_id=principal.user_id,
    )
    session.add(contract_import)
    session.flush()
    record(
        session,
        principal,
        "contract_import.create",
        contract_import,
        **owner.scope,
        summary={"filename": contract_import.filename, "total": len(rows)},
    )
    enqueue_after_commit(session, IMPORT_JOB, contract_import.id)
    return contract_import


def claim(session: Session, import_id: int) -> bool:
    """Take a queued import for this run; a running, done or failed one is left alone."""
    taken = session.execute(
        update(ContractImport)
        .where(ContractImport.id == import_id, ContractImport.status == "queued")
        .values(status="running")
    )
    return taken.rowcount == 1


def run(session: Session, principal: Principal, import_id: int, batch: int, now: datetime) -> None:
    """Insert the file's contracts in the session's transaction, reporting progress on the side.

    The file is checked here once more (a rule may have changed since it was uploaded), and only here:
    the contracts are built from the checked values, ``batch`` at a time, each batch one flush. The needs
    their re-procurements submit are re-matched once per region after the import, not once each.
    """
    contract_import = session.get(ContractImport, import_id)
    owner = owner_of(session, contract_import)
    require_write(principal, owner)
    rows = validate(contract_import.content.encode("utf-8"))
    with schedule.matching_once_per_region(session):
        contracts = []
        for start in range(0, len(rows), batch):
            checked = [values for _line, values in rows[start : start + batch]]
            contracts += _insert(session, principal, owner, checked)
            if len(checked) == batch:
                _progress(session, import_id, status="running", done=len(contracts))
        created = _plan(session, principal, contracts, now)
    contract_import.status, contract_import.done, contract_import.finished_at = "done", len(rows), utcnow()
    contract_import.report = json.dumps(created)
    record(
        session,
        principal,
        "contract_import.done",
        contract_import,
        **owner.scope,
        summary={"total": len(rows), **created},
    )


def _insert(session: Session, principal: Principal, owner: Owner, checked: list[dict]) -> list[Contract]:
    """One batch: added and flushed together, then each contract's creation recorded in the audit log."""
    contracts = [new_contract(principal, owner, values) for values in checked]
    session.add_all(contracts)
    session.flush()
    record_created(session, principal, owner, contracts)
    return contracts


def _plan(session: Session, principal: Principal, contracts: list, now: datetime) -> dict[str, list[int]]:
    """The imported contracts' re-procurements now rather than at the next daily run, so the import's page
    can name the needs (a municipality's register) or joint procurements (a region's) they created."""
    rules, made, ids = schedule.OwnerRules(now), [], [c.id for c in contracts]
    for start in range(0, len(ids), schedule.PLAN_BATCH):
        made += schedule.plan_contracts(session, principal, ids[start : start + schedule.PLAN_BATCH], now, rules)
    return {
        "need_ids": [p.need_id for p in made if p.need_id is not None],
        "procurement_ids": [p.procurement_id for p in made if p.procurement_id is not None],
    }


@dataclass(frozen=True)
class Created:
    """What a finished import's re-procurements created, as far as its reader may see them."""

    needs: list[Need]
    procurements: list[JointProcurement]


def created_by(session: Session, contract_import: ContractImport) -> Created:
    ids = contract_import.created()
    needs = select(Need).where(Need.id.in_(ids["need_ids"])).order_by(Need.title, Need.id)
    procurements = select(JointProcurement).where(JointProcurement.id.in_(ids["procurement_ids"]))
    return Created(
        list(session.scalars(needs)),
        list(session.scalars(procurements.order_by(JointProcurement.title, JointProcurement.id))),
    )


def fail(session: Session, import_id: int, problems: list[dict]) -> None:
    _progress(session, import_id, status="failed", report=json.dumps(problems), finished_at=utcnow())


def _progress(session: Session, import_id: int, **values) -> None:
    """Commit ``values`` in a session of its own, so they are seen before the import's transaction ends."""
    side = Session(bind=session.get_bind())
    try:
        bind_principal(side, Principal.system("contract import progress"))
        side.execute(update(ContractImport).where(ContractImport.id == import_id).values(**values))
        side.commit()
    finally:
        side.close()
