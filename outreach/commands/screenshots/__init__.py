"""`outreach i18n screenshots`: where each message prints, as crops of real pages for translators and reviewers."""

from .run import screenshots

__all__ = ["screenshots"]
