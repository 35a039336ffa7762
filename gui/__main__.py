import os
import sys

try:
    from callpath.gui.main import main
except KeyboardInterrupt:  # Ctrl-C while the entry point itself is still loading
    print("callpath: cancelled", file=sys.stderr, flush=True)
    os._exit(130)

sys.exit(main())
