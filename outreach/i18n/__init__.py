"""Languages: the locale table, gettext catalogues at run time, the pseudo-locale and the translator's workflow."""
