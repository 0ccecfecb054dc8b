"""`notice-gen lint`: content mistakes of a valid notice (rules.py), their fixes (fix.py), the run (runner.py)."""
