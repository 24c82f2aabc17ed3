"""Inserting many rows quickly: COPY on PostgreSQL, batched INSERTs elsewhere.

Django's bulk_create prepares every value of every row through the field machinery; for the tens of
thousands of rows of a large authority's snapshot that costs more than reading the workbook. The
rows given here are already clean, so they go to PostgreSQL's COPY as they are.
"""

import io
from collections.abc import Iterator, Sequence

from django.db import connection, connections, router

BATCH = 2000
# Values per IN (...) query, within every database's limit on query parameters.
IN_BATCH = 5000
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def batches(items: list) -> Iterator[list]:
    """``items`` in slices small enough for one IN (...) query."""
    size = min(IN_BATCH, (connection.features.max_query_params or IN_BATCH) - 10)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(model, attnames: Sequence[str], rows: list[Sequence]) -> None:
    """Insert ``rows`` (values in ``attnames`` order, e.g. 'child_id' for a foreign key)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            copy = getattr(cursor.cursor, "copy_expert", None)
            if copy is not None:
                _copy(connection, copy, model, attnames, rows)
                return
    model.objects.bulk_create(
        [model(**dict(zip(attnames, row, strict=True))) for row in rows], batch_size=BATCH
    )


def insert_complete_rows(model, attnames: Sequence[str], rows: list[Sequence]) -> None:
    """Like ``insert_rows``, for rows that give every column the table needs: on databases
    without COPY they go in one prepared statement, skipping bulk_create's per-value work
    (no field defaults are filled in, so ``created_at`` and the like must be given)."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        insert_rows(model, attnames, rows)
        return
    fields = {field.attname: field for field in model._meta.concrete_fields}
    prepare = [fields[name].get_db_prep_save for name in attnames]
    quote = connection.ops.quote_name
    # Table and column names come from the model; every value is a parameter.
    statement = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(model._meta.db_table),
        ", ".join(quote(fields[name].column) for name in attnames),
        ", ".join(["%s"] * len(attnames)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                statement,
                [
                    [prep(value, connection) for prep, value in zip(prepare, row, strict=True)]
                    for row in rows[start : start + BATCH]
                ],
            )


def _copy(connection, copy, model, attnames, rows) -> None:
    fields = {field.attname: field for field in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    statement = "COPY {} ({}) FROM STDIN".format(
        quote(model._meta.db_table), ", ".join(quote(fields[name].column) for name in attnames)
    )
    # Only text can hold a tab, newline or backslash; every other value's str() is what COPY
    # reads (dates as YYYY-MM-DD, numbers, True/False, aware datetimes with their offset).
    text = [
        index
        for index, name in enumerate(attnames)
        if fields[name].get_internal_type() in ("CharField", "TextField")
    ]
    buffer = io.StringIO()
    write = buffer.write
    for row in rows:
        if text:
            row = list(row)
            for index in text:
                if row[index] is not None:
                    row[index] = row[index].translate(_ESCAPES)
        write("\t".join(["\\N" if value is None else str(value) for value in row]))
        write("\n")
    buffer.seek(0)
    copy(statement, buffer)
