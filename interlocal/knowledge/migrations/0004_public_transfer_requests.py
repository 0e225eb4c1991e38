"""Requests from the public form: who wrote them, their moderation, and the digest of their private link."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("knowledge", "0003_search_terms_per_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicaltransferrequest",
            name="contact_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="contact e-mail"),
        ),
        migrations.AddField(
            model_name="historicaltransferrequest",
            name="contact_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="contact name"),
        ),
        migrations.AddField(
            model_name="historicaltransferrequest",
            name="contact_organisation",
            field=models.CharField(blank=True, max_length=200, verbose_name="organisation or city, as written"),
        ),
        migrations.AddField(
            model_name="historicaltransferrequest",
            name="moderation",
            field=models.CharField(choices=[("pending", "Awaiting moderation"), ("accepted", "Accepted"), ("rejected", "Rejected as spam")], default="accepted", editable=False, max_length=10, verbose_name="moderation"),
        ),
        migrations.AddField(
            model_name="transferrequest",
            name="contact_email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="contact e-mail"),
        ),
        migrations.AddField(
            model_name="transferrequest",
            name="contact_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="contact name"),
        ),
        migrations.AddField(
            model_name="transferrequest",
            name="contact_organisation",
            field=models.CharField(blank=True, max_length=200, verbose_name="organisation or city, as written"),
        ),
        migrations.AddField(
            model_name="transferrequest",
            name="link_digest",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="transferrequest",
            name="moderation",
            field=models.CharField(choices=[("pending", "Awaiting moderation"), ("accepted", "Accepted"), ("rejected", "Rejected as spam")], default="accepted", editable=False, max_length=10, verbose_name="moderation"),
        ),
        migrations.AlterField(
            model_name="historicaltransferrequest",
            name="answer",
            field=models.TextField(blank=True, help_text="A request sent through the public form shows these notes to its requester.", verbose_name="answer notes"),
        ),
        migrations.AlterField(
            model_name="transferrequest",
            name="answer",
            field=models.TextField(blank=True, help_text="A request sent through the public form shows these notes to its requester.", verbose_name="answer notes"),
        ),
    ]
