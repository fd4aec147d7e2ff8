-- workbook sheet 项目一览: the project scorecard, by year, department, unit and project.
select *
from main.project_scorecard
order by
    fiscal_year,
    department,
    implementing_unit,
    project_name,
    project_id
