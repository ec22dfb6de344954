"""Search across resolutions and tasks: folded words, ranked in SQL, highlighted on the server."""
