"""Storage adapters: where agreements and their histories are kept.

:mod:`bargain.store.memory` ships with the library and needs nothing; the SQLAlchemy store for
SQLite and PostgreSQL follows the same :class:`bargain.services.UnitOfWork` port.
"""
