-- before an incremental review: the findings it will write again are removed, namely
-- those of the rebuilt projects and every finding of the rules that compare projects.
-- params: $whole_rules (rule ids of scope 'all')
delete from review_findings
where project_id in (select project_id from pipeline_state.build_scope)
    or list_contains($whole_rules::varchar[], rule_id)
