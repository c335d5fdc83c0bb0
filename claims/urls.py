from django.urls import path

from claims.views import articles, reader, versions

app_name = "claims"
urlpatterns = [
    path("articles/", articles.article_list, name="article_list"),
    path("articles/import/", articles.import_articles, name="import"),
    path("articles/imports/<int:pk>/", articles.import_job, name="import_job"),
    path("articles/<int:pk>/", reader.article_detail, name="article"),
    path("articles/<int:pk>/snapshot/", reader.snapshot, name="snapshot"),
    path("articles/<int:pk>/versions/", versions.versions, name="versions"),
    path("articles/<int:pk>/versions/<int:number>/", versions.version, name="version"),
]
