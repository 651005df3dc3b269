"""``python -m pipeline`` and the ``pipeline`` command.

A stop signal (SIGINT, SIGTERM, SIGHUP) that comes while the program is still starting,
before the CLI has set its own handlers, ends it at once with the signal's exit status and
one line (nothing has been started or written yet): no ``KeyboardInterrupt`` traceback from
an import half-way through. One that comes after the command has finished (its files
written, its workers gone) changes nothing: the process ends with the command's status.

A ``check`` that the site's resident daemon can run (``pipeline daemon``) is sent to it
first, by :mod:`pipeline.client`, before the CLI and its libraries are imported.
"""

import contextlib
import gc
import os
import signal
import sys


def _stop_while_starting(signum: int, frame: object) -> None:
    name = signal.Signals(signum).name
    with contextlib.suppress(OSError):
        os.write(2, f"pipeline: interrupted by {name} while starting; nothing written\n".encode())
    os._exit(128 + signum)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def run() -> None:
    """The program: the CLI's exit status becomes the process's."""
    for number in STOP_SIGNALS:
        signal.signal(number, _stop_while_starting)
    # A check that the site's daemon runs (pipeline daemon) costs this process the standard
    # library's imports only.
    from pipeline.client import forward

    forwarded = forward(sys.argv[1:])
    if forwarded is not None:
        sys.exit(forwarded)
    from pipeline.cli import main

    status = main()
    for number in STOP_SIGNALS:
        signal.signal(number, signal.SIG_IGN)  # finished: only the interpreter's exit is left
    # Every object left is kept from the collector's last passes at exit (the files are
    # written and closed, the workers gone): a check that worked beside its workers holds
    # the caches of its own work, which those passes walked for a quarter of a second on
    # the Python-docs catalogues; frozen, the exit takes 0.03 s. Objects are still freed.
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    run()
