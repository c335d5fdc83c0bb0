"""The claims that numbers fold under (claims/folding.py), indexed by span:
the queue's NOT EXISTS, run for each number claim it meets, reads this
partial index alone instead of every claim of the article."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_assigned_counts")]

    operations = [
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(
                condition=~(
                    models.Q(kind="quantity")
                    & (
                        models.Q(quantity_value__isnull=False)
                        | models.Q(quantity_low__isnull=False)
                    )
                )
                & ~models.Q(anchor="orphaned"),
                fields=["article", "start", "end"],
                name="claim_fold_holders",
            ),
        ),
    ]
