"""``python -m pipelines COMMAND …``: see ``pipelines.cli`` and the README's commands."""

from pipelines.cli import main

raise SystemExit(main())
