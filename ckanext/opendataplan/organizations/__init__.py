"""Institutions titled per language: the organization's ``title_translated`` (an extra,
``{lang: text}``), checked as the plugin's other multilingual titles, edited in the
organization form, and read in the page's language wherever the plugin names an
institution (``common/institutions.py``)."""
