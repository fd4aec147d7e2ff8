-- schema version 6 -> 7: department-wide forms carry their kind (target_kind: department
-- or special_fund), so a 专项资金整体绩效目标表 never replaces the department's own targets.
-- Every row of a version-6 warehouse was read as the department's own; the parser version
-- changes with it, so every content is parsed again and gets its true kind.
alter table department_targets add column target_kind varchar default 'department';
alter table pipeline_state.parsed_department_forms
add column target_kind varchar default 'department';
