"""Alembic migrations of bargain's tables; they ship inside the package (``bargain db upgrade``)."""
