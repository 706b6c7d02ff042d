"""Planning a build: content and render keys, the previous build, what to reuse, share or render,
and what to reprint."""
