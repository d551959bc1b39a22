"""Domain rules of open-data plans, in plain Python: no CKAN import here."""
