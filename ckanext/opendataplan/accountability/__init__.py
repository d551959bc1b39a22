"""The accountability loop: reminders to the people responsible, activities that
followers are told of, and the IRM's own assessment of commitments."""
