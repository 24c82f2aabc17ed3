from tests.matrix import LOGIN, SIGNED_IN, Route, allow


def extend(world):
    from qaf.models import Notification

    if not hasattr(world, "notification"):
        world.notification = Notification.objects.create(
            recipient=world.users.practitioner, subject="Feedback on case C0000001", url="/"
        )


ROUTES = [
    Route("home", expect=allow(*SIGNED_IN)),
    Route("notifications", expect=allow(*SIGNED_IN)),
    Route("notifications_mark_all_read", method="post", default=302),
    # Only the recipient can open a message; for anyone else it does not exist.
    Route(
        "notification_open",
        method="post",
        kwargs=lambda world: {"pk": world.notification.pk},
        default=404,
        expect={"practitioner": 302},
    ),
    Route("healthz", default=200, anonymous=200),
    Route("accessibility", default=200, anonymous=200),
    Route("privacy", default=200, anonymous=200),
    # Signed-in people are sent on from the sign-in page to their work.
    Route("login", default=302, anonymous=200),
    Route("logout", method="post", default=302, anonymous=302),
    Route("password_change", default=200, anonymous=LOGIN),
    Route("password_change_done", default=200, anonymous=LOGIN),
    Route("password_reset", default=200, anonymous=200),
    Route("password_reset_done", default=200, anonymous=200),
    Route(
        "password_reset_confirm",
        kwargs=lambda world: {"uidb64": "MQ", "token": "not-a-real-token"},
        default=200,
        anonymous=200,
    ),
    Route("password_reset_complete", default=200, anonymous=200),
]
