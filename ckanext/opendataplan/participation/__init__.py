"""Co-creation: calls for proposals, public consultations on draft plans, and the
reasoned response to each contribution."""
