"""The version of bargain, read by the build backend and by ``bargain --version``."""

__version__ = "0.1.0"
