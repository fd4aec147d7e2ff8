-- remember an imported workbook by its content, with what the import did.
insert into pipeline_state.review_imports (
    sha256, path, imported_at, rows_recorded, rows_unchanged, rows_rejected, rejected
)
values ($1, $2, $3, $4, $5, $6, $7)
