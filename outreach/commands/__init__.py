"""The library functions the CLI calls: build, check, init and formats, one module each."""
