"""The benchmark (``make bench``): a generated, seeded folder of forms at users' volumes, timed
against a floor in the same run.
"""
