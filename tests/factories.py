import factory
from django.contrib.auth.models import Group, User

from annotations.models import Comment, Evidence, Notification, Source, Verdict
from claims.models import Article, Claim

BODY = (
    "US officials said that Pyongyang has sent Russia 11,000 containers of munitions "
    "in the past year. These fears are not unfounded. North Korea has about 50 "
    "nuclear weapons today."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: a transactional test's flush may have removed the
            # groups the data migration made.
            self.groups.add(Group.objects.get_or_create(name=extracted)[0])


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    publisher = "Example News"
    body = factory.Sequence(lambda n: f"{BODY} ({n})")


class ClaimFactory(factory.django.DjangoModelFactory):
    """A claim on the first sentence of its article's body by default."""

    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    start = 0
    end = factory.LazyAttribute(lambda o: o.article.body.index(".") + 1)
    text = factory.LazyAttribute(lambda o: o.article.body[o.start : o.end])
    sentence_start = factory.LazyAttribute(lambda o: o.start)
    sentence_end = factory.LazyAttribute(lambda o: o.end)
    kind = Claim.Kind.QUANTITY
    score = 0.8


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://example.org/report/{n}")
    title = "A report"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    stance = Evidence.Stance.SUPPORTS


class VerdictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdict

    claim = factory.SubFactory(ClaimFactory)
    rating = "mostly_true"
    summary = "Broadly right."

    @classmethod
    def _create(cls, model_class, *args, **kwargs) -> Verdict:
        """As the workflow does: the claim shows its latest verdict's rating."""
        verdict = super()._create(model_class, *args, **kwargs)
        latest = verdict.claim.verdicts.order_by("-created_at", "-id").first()
        Claim.objects.filter(pk=verdict.claim_id).update(rating=latest.rating)
        verdict.claim.rating = latest.rating
        return verdict


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    claim = factory.SubFactory(ClaimFactory)
    body = "Worth a look."


class NotificationFactory(factory.django.DjangoModelFactory):
    """Someone returned a claim to a reviewer, unread."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory, role="reviewer")
    actor = factory.SubFactory(UserFactory, role="editor")
    kind = Notification.Kind.RETURNED
    claim = factory.SubFactory(ClaimFactory, status="returned")
    message = "Which officials?"
