"""Stage 6, publish: the one-writer lock and the atomic swap of the checked build into place.
"""
