-- the rows of a workbook sheet, at most $limit.
select * from export_source
limit $limit
