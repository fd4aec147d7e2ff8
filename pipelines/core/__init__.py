"""Helpers every stage uses: atomic file replacement, fault injection for the crash tests,
progress of a long run.
"""
