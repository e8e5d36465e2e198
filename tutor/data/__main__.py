"""``python -m tutor.data --regenerate``: remake the shipped letters file (see letterset.main)."""
import sys

from .letterset import main

sys.exit(main())
