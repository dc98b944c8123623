"""Helpers split by concern: dates (wareki), numbers."""
