"""The Celery app of the workers: ``celery -A pipelines.scale.celery_app worker -Q dagster``.

The same app Dagster's Celery executor sends steps to (dagster_celery's task routes and
queue), on the broker named by ``FORMS_CELERY_BROKER`` (for example
``redis://127.0.0.1:6379/0``); results go to the same Redis.  A worker runs a step by
loading ``pipelines.definitions`` and the run's config from the shared Dagster instance.
"""

from __future__ import annotations

from celery import Celery
from dagster_celery.make_app import make_app
from dagster_celery.tasks import create_task

from pipelines.core import settings


def make_worker_app(broker: str) -> Celery:
    return make_app({"broker": broker, "backend": broker})


app = make_worker_app(settings.CELERY_BROKER.text())
execute_plan = create_task(app)
