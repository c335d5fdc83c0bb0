"""Statements that differ between the two databases (triggers and the
functions they call), run by migrations."""

from django.db import migrations

# Statements by connection vendor ("postgresql", "sqlite"); a plain list is
# for both.
Statements = dict[str, list[str]] | list[str]


def per_database(
    create: Statements, drop: Statements, then: Statements = ()
) -> migrations.RunPython:
    """A RunPython that runs this database's `create` statements, then its
    `then` (counting, from the rows already there, what the new triggers keep
    from now on); reversed, its `drop` statements."""

    def forward(apps, schema_editor) -> None:
        _run(schema_editor, create, then)

    def backward(apps, schema_editor) -> None:
        _run(schema_editor, drop)

    return migrations.RunPython(forward, backward)


def _run(schema_editor, *sets: Statements) -> None:
    vendor = schema_editor.connection.vendor
    for statements in sets:
        if isinstance(statements, dict):
            statements = statements.get(vendor, [])
        for sql in statements:
            schema_editor.execute(sql)
