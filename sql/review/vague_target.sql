-- a qualitative target made of vague words (提升, 及时, 建立健全 ...) and no number: not assessable.
-- a word inside a longer matching word is not reported again (健全 within 建立健全).
-- params: $vague_words
with words as (
    select
        unnest($vague_words::varchar[]) as word
),

qualitative as (
    select
        project_id,
        seq,
        level1,
        level2,
        name,
        target_raw
    from indicators
    where target_value is null
        and target_raw is not null
        and not regexp_matches(target_raw, '[0-9０-９]')
),

hits as (
    select
        q.project_id,
        q.seq,
        w.word,
        strpos(q.target_raw, w.word) as word_position
    from qualitative as q
    join words as w
        on contains(q.target_raw, w.word)
),

outermost as (
    select
        h.*
    from hits as h
    anti join hits as longer
        on longer.project_id = h.project_id
        and longer.seq = h.seq
        and longer.word <> h.word
        and contains(longer.word, h.word)
),

matched as (
    select
        q.project_id,
        q.seq,
        q.level1,
        q.level2,
        q.name,
        q.target_raw,
        list(o.word order by o.word_position, o.word) as vague_words
    from qualitative as q
    join outermost as o
        on o.project_id = q.project_id
        and o.seq = q.seq
    group by all
)

select
    project_id,
    seq as indicator_seq,
    '指标「' || name || '」的指标值「' || target_raw || '」含模糊词「'
        || array_to_string(vague_words, '、')
        || '」且没有数值，无法考核；请改为数值目标，或写明可核验的完成标准（如 完成率 ≥95%、响应时间 ≤24 小时）'
        as message,
    json_object(
        'level2', level2,
        'target_raw', target_raw,
        'vague_words', vague_words
    )::varchar as details,
    json_object('level1', level1, 'level2', level2, 'name', name, 'target_raw', target_raw)::varchar as subject
from matched
