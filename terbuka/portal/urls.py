from django.urls import path

from terbuka.portal import feeds, views

app_name = "portal"

# Feeds of a body and of a unit: new public information (DIP) and new published answers, each
# as RSS 2.0 and Atom.
FEEDS = (
    ("informasi.rss", feeds.EntryFeed(), "entries-rss"),
    ("informasi.atom", feeds.EntryAtomFeed(), "entries-atom"),
    ("jawaban.rss", feeds.AnswerFeed(), "answers-rss"),
    ("jawaban.atom", feeds.AnswerAtomFeed(), "answers-atom"),
)

urlpatterns = [
    path("", views.home, name="home"),
    path("b/<slug:body_slug>/", views.body_detail, name="body-detail"),
    path("b/<slug:body_slug>/unit/", views.unit_list, name="unit-list"),
    path("b/<slug:body_slug>/unit/<slug:unit_slug>/", views.unit_detail, name="unit-detail"),
    *(
        path(f"b/<slug:body_slug>/feed/{name}", feed, name=f"feed-{key}")
        for name, feed, key in FEEDS
    ),
    *(
        path(f"b/<slug:body_slug>/unit/<slug:unit_slug>/feed/{name}", feed, name=f"unit-feed-{key}")
        for name, feed, key in FEEDS
    ),
]
