class PageError(Exception):
    """A page change refused, with a message for the person who tried."""
