"""RSS 2.0 and Atom feeds of a body's (or a unit's) new public information and new answers.

Each feed is three bounded queries (the body, the unit, 50 items) and carries only what the
public pages show: a DIP entry's title and summary, an archived request's number, text and
decision. No requester, identity, purpose or contact is read, so none can reach a feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.portal import selectors

# Characters of a request's text in an item's title and description.
ANSWER_TITLE_CHARS = 100
ANSWER_TEXT_CHARS = 600


@dataclass(frozen=True)
class Scope:
    """Whose feed: a body, or one of its units."""

    body: PublicBody
    unit: Unit | None

    @property
    def name(self) -> str:
        if self.unit is None:
            return self.body.name
        return f"{self.unit.name}, {self.body.name}"

    @property
    def page_url(self) -> str:
        if self.unit is None:
            return reverse("portal:body-detail", args=[self.body.slug])
        return reverse("portal:unit-detail", args=[self.body.slug, self.unit.slug])


@dataclass(frozen=True)
class Item:
    title: str
    description: str
    link: str
    published: datetime | None
    category: str


class _ScopedFeed(Feed[Item, Scope]):
    """A feed of a body or unit; `language` None means the active language (Django's)."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed
    language = None

    def get_object(
        self, request: HttpRequest, body_slug: str, unit_slug: str | None = None
    ) -> Scope:
        body = selectors.body_get_by_slug(body_slug)
        if body is None:
            raise Http404
        unit = None
        if unit_slug is not None:
            unit = selectors.unit_get_public(body, unit_slug)
            if unit is None:
                raise Http404
        return Scope(body, unit)

    def link(self, obj: Scope) -> str:
        return obj.page_url

    # Feed readers take an item's title and description as HTML (RSS description, Atom
    # type="html"): the texts are the requester's and the officer's words, so they are escaped
    # once here, as Django's own defaults escape them.
    def item_title(self, item: Item) -> str:
        return escape(item.title)

    def item_description(self, item: Item) -> str:
        return escape(item.description)

    def item_link(self, item: Item) -> str:
        return item.link

    def item_pubdate(self, item: Item) -> datetime | None:
        return item.published

    def item_updateddate(self, item: Item) -> datetime | None:
        return item.published

    def item_categories(self, item: Item) -> list[str]:
        return [item.category] if item.category else []

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = super().__call__(request, *args, **kwargs)
        # Feed readers poll: a few minutes of reuse spares the database, as the pages' blocks.
        response["Cache-Control"] = f"public, max-age={selectors.FRONT_TTL}"
        return response


class EntryFeed(_ScopedFeed):
    """New public information: published DIP entries, exempt ones left out."""

    def title(self, obj: Scope) -> str:
        return _("Informasi publik terbaru: %(name)s") % {"name": obj.name}

    def description(self, obj: Scope) -> str:
        return _(
            "Informasi publik yang baru diterbitkan dalam Daftar Informasi Publik %(name)s."
        ) % {"name": obj.name}

    def items(self, obj: Scope) -> list[Item]:
        prefix = reverse("registry:body", args=[obj.body.slug])
        return [
            Item(
                title=row.title,
                description=row.summary,
                link=f"{prefix}{row.number}/",
                published=row.published_at,
                category=row.info_class_label,
            )
            for row in selectors.entry_list_newest(
                obj.body, unit=obj.unit, limit=selectors.FEED_LIMIT
            )
        ]


class AnswerFeed(_ScopedFeed):
    """New published answers: archived requests with their written notice."""

    def title(self, obj: Scope) -> str:
        return _("Jawaban permohonan terbaru: %(name)s") % {"name": obj.name}

    def description(self, obj: Scope) -> str:
        return _(
            "Permohonan informasi kepada %(name)s yang telah dijawab dan diterbitkan dalam "
            "arsip publik. Identitas pemohon tidak pernah dicantumkan."
        ) % {"name": obj.name}

    def items(self, obj: Scope) -> list[Item]:
        prefix = reverse("inforequests:archive")
        return [
            Item(
                title=f"{row.registration_number}: "
                + Truncator(row.details).chars(ANSWER_TITLE_CHARS),
                description=f"{row.decision_label}. "
                + Truncator(row.details).chars(ANSWER_TEXT_CHARS),
                link=f"{prefix}{row.pk}/",
                published=row.issued_at,
                category=row.decision_label,
            )
            for row in selectors.answer_list_newest(
                obj.body, unit=obj.unit, limit=selectors.FEED_LIMIT
            )
        ]


class EntryAtomFeed(EntryFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Scope) -> str:
        return self.description(obj)


class AnswerAtomFeed(AnswerFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Scope) -> str:
        return self.description(obj)
