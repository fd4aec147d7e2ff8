"""Stage 5, check: the blocking integrity checks a build must pass before it is published
(write-audit-publish).
"""
