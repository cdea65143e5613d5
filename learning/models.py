"""Learning from quality assurance: the themes that tag audits and actions."""

from django.db import models
from django.utils.text import slugify
from simple_history.models import HistoricalRecords


class LearningTheme(models.Model):
    """A recurring subject of learning (voice of the child, chronologies, ...), so that audits
    and actions can be counted by theme."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:140]
        super().save(*args, **kwargs)
