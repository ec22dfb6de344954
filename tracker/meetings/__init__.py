"""Meetings of a committee as a cycle: what a meeting concludes, issued as a document."""
