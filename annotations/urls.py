from django.urls import path

from annotations.views import (
    checked,
    dashboard,
    evidence,
    notifications,
    panel,
    queue,
    refresh,
    work,
)

app_name = "annotations"
urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("claims/", queue.queue, name="queue"),
    path("checked/", checked.checked, name="checked"),
    path("claims/bulk/", queue.bulk, name="bulk"),
    path("claims/next/", work.next_claim, name="next_claim"),
    path("my-work/", work.my_work, name="my_work"),
    path("my-work/count/", work.work_count, name="work_count"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path(
        "notifications/count/",
        notifications.notification_count,
        name="notification_count",
    ),
    path("notifications/read/", notifications.read_all, name="read_notifications"),
    path(
        "notifications/<int:pk>/open/",
        notifications.open_notification,
        name="open_notification",
    ),
    path("claims/<int:pk>/", panel.claim_detail, name="claim"),
    path("claims/<int:pk>/act/<slug:action>/", panel.act, name="act"),
    path("claims/<int:pk>/correct/", panel.correct, name="correct"),
    path("claims/<int:pk>/verdict/", panel.submit_verdict, name="verdict"),
    path("claims/<int:pk>/evidence/", evidence.add_evidence, name="evidence"),
    path(
        "claims/<int:pk>/evidence/source/",
        evidence.evidence_source,
        name="evidence_source",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/remove/",
        evidence.remove_evidence,
        name="remove_evidence",
    ),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/edit/",
        evidence.edit_evidence,
        name="edit_evidence",
    ),
    path("claims/<int:pk>/comments/", evidence.add_comment, name="comment"),
    path(
        "claims/<int:pk>/comments/<int:comment_pk>/delete/",
        evidence.delete_comment,
        name="delete_comment",
    ),
    path(
        "claims/<int:pk>/matches/<int:match_pk>/",
        panel.decide_match,
        name="decide_match",
    ),
    path("articles/<int:pk>/claims/", panel.add_claim_view, name="add_claim"),
    path("articles/<int:pk>/refresh/", refresh.refresh, name="refresh"),
]
