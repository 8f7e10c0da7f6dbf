from __future__ import annotations

import sys
from pathlib import Path

# The tests share a small inline model and a scripted DMS (tests/_fake.py).
sys.path.insert(0, str(Path(__file__).parent))
