"""Federation: the plan-data profile that portals exchange their plans in."""
