"""``python -m pipelines ingest [--raw DIR] [--warehouse FILE]``."""

from pipelines.cli import main

raise SystemExit(main())
