"""``python -m pipelines COMMAND …``: see ``pipelines.commands.cli`` and the README's commands."""

from pipelines.commands.cli import main

raise SystemExit(main())
