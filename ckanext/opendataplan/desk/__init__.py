"""What I have to update: the signed-in editor's page of what is due, per institution."""
