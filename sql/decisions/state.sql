-- what a review command may change: the decisions and the imported workbooks.
select
    (select count(*) from review_decisions) as decisions,
    (select count(*) from pipeline_state.review_imports) as imports
