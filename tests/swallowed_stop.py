"""A SIGTERM whose KeyboardInterrupt Python swallows, for the tests of remembered stops."""

import os
import signal


class StoppedInItsFinalizer:
    """Made and dropped at once: the signal's handler runs inside ``__del__``, where Python prints its
    KeyboardInterrupt and drops it (as it did in importlib's module-lock callback during ``train``)."""

    def __del__(self):
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):  # bytecode for the pending handler to run in
            pass
