"""Private iCal feeds of deadlines, per user and per committee."""
