-- amounts that are missing or not exact to the fen: the column must be a decimal of scale <= 2
-- and every value must have no digits past the second decimal place.
with amount_column as (
    select
        data_type,
        numeric_scale
    from duckdb_columns()
    where database_name = current_database()
        and schema_name = current_schema()
        and table_name = 'funds'
        and column_name = 'amount_yuan'
),

bad_type as (
    select
        'column' as problem,
        null::varchar as project_id,
        null::varchar as item,
        data_type as detail
    from amount_column
    where not starts_with(data_type, 'DECIMAL')
        or numeric_scale > 2
),

bad_values as (
    select
        case when amount_yuan is null then 'null' else 'scale' end as problem,
        project_id,
        item,
        amount_yuan::varchar as detail
    from funds
    where amount_yuan is null
        or amount_yuan::decimal(38, 10) <> round(amount_yuan::decimal(38, 10), 2)
)

select * from bad_type
union all
select * from bad_values
