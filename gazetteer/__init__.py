"""Gazetteer: data files (awards, titles, places, boilerplate…) and their cached loaders."""
