-- workbook sheet 自评汇总: per unit and year, the share of indicators met, the average score
-- and the execution rate of the project self-evaluations (view self_evaluation_scorecard).
select *
from main.self_evaluation_scorecard
order by
    fiscal_year,
    department,
    unit
