"""The log of reminders sent: one row per person and reminder, written in the same
transaction as nothing else, once the email has gone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy import Column, DateTime, UnicodeText, tuple_


class ReminderSent(tk.BaseModel):  # type: ignore[misc, valid-type]
    __tablename__ = "opendataplan_reminder_sent"

    user_id = Column(UnicodeText, primary_key=True)
    reminder_key = Column(UnicodeText, primary_key=True)
    kind = Column(UnicodeText, nullable=False)
    plan_id = Column(UnicodeText, nullable=False)
    commitment_id = Column(UnicodeText)
    sent_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


def already_sent(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these ``(user id, reminder key)`` were sent before, in one query."""
    pairs = list(pairs)
    if not pairs:
        return set()
    rows = model.Session.query(ReminderSent.user_id, ReminderSent.reminder_key).filter(
        tuple_(ReminderSent.user_id, ReminderSent.reminder_key).in_(pairs)
    )
    return {tuple(row) for row in rows}
