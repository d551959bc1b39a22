"""The create and edit pages of plans, commitments and inventories: what differs from
CKAN's dataset form (rows kept and added without scripts, untouched rows dropped, the
web address made from the title, an error summary that links to each field)."""
