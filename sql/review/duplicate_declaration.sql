-- the same project (fiscal year, implementing unit, name) declared more than once; the loader kept
-- one form and recorded the others as superseded revisions.
-- params: $superseded_status
select
    project_id,
    null::integer as indicator_seq,
    '项目「' || project_name || '」（' || fiscal_year::varchar || ' 年度，'
        || coalesce(implementing_unit, '实施单位空白') || '）重复申报：' || source_file || ' 第 '
        || source_line::varchar || ' 行的表已被 ' || coalesce(superseded_by_file, '（未记录）')
        || ' 第 ' || coalesce(superseded_by_line::varchar, '?')
        || ' 行的表取代；请确认以哪一份为准并撤回多余的申报' as message,
    json_object(
        'source_file', source_file,
        'source_line', source_line,
        'superseded_by_file', superseded_by_file,
        'superseded_by_line', superseded_by_line,
        'reason', reason
    )::varchar as details,
    json_object('superseded_sha256', source_sha256, 'form_seq', form_seq)::varchar as subject
from project_revisions
where status = $superseded_status
