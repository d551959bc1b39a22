"""A steering meeting recorded in one form: the progress report with its updates, the
activities' statuses it decided on each commitment, and its minutes, published at
once, all or nothing (``opendataplan_meeting_record``, ``/plan/<name>/meeting``)."""
