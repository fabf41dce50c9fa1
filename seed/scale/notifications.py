"""The notifications part of `seed_scale`: what the applicants find in their notices."""

from datetime import timedelta

from notifications.models import Notification


class NotificationsSeeder:
    """Mixed into seed.scale.ScaleSeeder: uses its writer and the planned applications."""

    def notifications(self):
        """Two notices for every student who applied: one read, one not."""
        applicants = sorted({s for s, _, _ in self.planned_applications})
        ids = self.writer.ids(Notification, 2 * len(applicants))
        created = self.now - timedelta(days=3)

        def rows():
            for n, student in enumerate(applicants):
                for k in range(2):
                    yield Notification(
                        pk=ids[2 * n + k],
                        recipient_id=student,
                        kind="application_moved",
                        params={"placement": "Intern", "status": "in_review"},
                        url="/applications/",
                        created_at=created + timedelta(hours=k),
                        read_at=created if k == 0 else None,
                    )

        self.writer.write(Notification, rows())
