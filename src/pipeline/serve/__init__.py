"""``pipeline serve``: the dashboard and the previews on a local web server, rebuilt when a
page, a catalogue, the glossary or ``pipeline.toml`` changes, open pages reloaded.

It composes the tasks as the command line does (it sits on the CLI's floor): the
standard library's threading HTTP server (:mod:`pipeline.serve.http`), watchdog
(:mod:`pipeline.serve.watch`) and the partial rebuilds (:mod:`pipeline.serve.rebuild`).
The loop runs in the main thread, so Ctrl-C (SIGINT) and SIGTERM stop it between two
steps: the watcher and the server are stopped, open event streams closed, and the run
ends normally (exit 0 for Ctrl-C, the way a user stops it).
"""
