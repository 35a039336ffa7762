import sys

from callpath.gui.main import main

sys.exit(main())
