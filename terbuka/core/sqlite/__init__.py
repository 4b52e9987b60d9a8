"""Django's SQLite backend with fair, short write locking (`ENGINE = "terbuka.core.sqlite"`).

See `base.DatabaseWrapper` and docs/operations.md ("SQLite under concurrent writes").
"""
