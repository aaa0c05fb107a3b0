"""``python -m bargain``: the same as the ``bargain`` command."""

import sys

from bargain.cli import main

sys.exit(main())
