-- funds of the current form of each project.
insert into funds by name
select
    ledger_funds.* exclude (form_seq) replace (projects.source_file as source_file)
from ledger.funds as ledger_funds
join projects
    on projects.source_sha256 = ledger_funds.source_sha256
    and projects.form_seq = ledger_funds.form_seq
