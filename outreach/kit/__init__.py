"""Loading a kit: the schema, safe YAML, validation with file and line, contacts, formats,
and the jobs a build makes."""
