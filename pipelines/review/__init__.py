"""The review of the declared targets: the rules, reviewers' decisions, the workbook import,
their Chinese labels and the letters to the units.
"""
