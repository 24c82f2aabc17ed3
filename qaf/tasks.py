from celery import shared_task


@shared_task
def ping() -> str:
    """The smallest round trip through the broker, for monitoring and the worker test."""
    return "pong"
