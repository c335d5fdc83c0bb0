"""What an article was: the page it was taken from, and its earlier bodies."""

import gzip

from django.db import models
from django.urls import reverse

from claims.models.claims import Article


class ArticleSnapshot(models.Model):
    """The page an article was taken from, as fetched (gzip-compressed), so
    the source can be read again after it changes or disappears."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="snapshots"
    )
    url = models.URLField(max_length=2000)  # after redirects
    content_type = models.CharField(max_length=200)
    html_gz = models.BinaryField()
    fetched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fetched_at", "-id"]

    def __str__(self) -> str:
        return f"{self.url} ({self.fetched_at:%Y-%m-%d %H:%M})"

    @classmethod
    def of(cls, article: Article, *, url: str, raw: bytes, content_type: str):
        return cls(
            article=article,
            url=url,
            content_type=content_type[:200],
            html_gz=gzip.compress(raw),
        )

    @property
    def raw(self) -> bytes:
        return gzip.decompress(bytes(self.html_gz))


class ArticleVersion(models.Model):
    """An earlier text of an article: the body its claims pointed into before
    a refresh found other text (the article itself holds the newest)."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    body = models.TextField()
    # When this text was taken in (fetched, or imported), and the page it was
    # fetched from, if it was.
    fetched_at = models.DateTimeField()
    snapshot = models.ForeignKey(
        ArticleSnapshot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="article_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("claims:version", args=[self.article_id, self.number])
