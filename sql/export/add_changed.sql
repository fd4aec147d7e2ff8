-- a partition this export rewrites.
insert into export_changed values ($key)
