"""The reports' Celery work: the dashboard's figures worked out again for those reading them, and
a board report's PDF built."""

from celery import shared_task

from . import board_actions, snapshots


@shared_task
def refresh_dashboards() -> int:
    return snapshots.refresh_all()


@shared_task(name="reports.tasks.build_board_report")
def build_board_report(version_id: int) -> bool:
    # The work, its claim and its failure record live in reports.board_actions.
    return board_actions.build_version(version_id)
