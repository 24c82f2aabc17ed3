class OrganisationError(Exception):
    """A change to the organisation that is refused; the message says why, for the page."""
