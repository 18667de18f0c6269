"""`python -m bench`: every scenario, then the report (see bench/run.py)."""

import sys

from bench.run import main

sys.exit(main())
