"""The per-commitment summary the country-wide pages read: kept in each save's
transaction (``keep``), read by the default views of the overview, the late page and
the scorecards (``read``)."""
