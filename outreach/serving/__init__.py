"""`outreach serve`: a live preview of a kit, rebuilt on every save, on a local web server.

`preview` owns the build loop (into a private folder, never the user's OUT),
`watch` tells it when the kit changes, `store` keeps each built document by
content and turns its pages into pictures and text, `views` makes the HTML,
`app` is the Starlette application and `server` runs it with uvicorn. Nothing
here is imported by `outreach build`: Starlette, uvicorn and watchfiles load
only when a preview starts.
"""
