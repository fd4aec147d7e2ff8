-- one ledger.meta entry, set or replaced.
insert or replace into ledger.meta (key, value)
values ($1, $2)
