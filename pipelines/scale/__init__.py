"""Past one machine: the partitioned run on Dagster's Celery executor (``make cluster-demo``).
"""
