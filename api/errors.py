from qaf.errors import ServiceError


class ApiTokenError(ServiceError):
    """A token cannot be made or revoked as asked."""
