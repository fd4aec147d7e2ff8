-- rows a workbook sheet would hold.
select count(*) from export_source
