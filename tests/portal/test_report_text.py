"""The annual review's generated text: counts compared with the year before, singular and plural by the catalogues."""

from django.utils import translation

from interlocal.portal.narrative import review_text
from interlocal.portal.sections import Distribution, YearBefore, YearFigures


def figures() -> YearFigures:
    return YearFigures(
        year=2025,
        missions=3,
        delegations=1,
        projects_active=1,
        roles=[("Member", 2), ("Chair", 1)],
        agreements_signed=0,
        agreements_active=4,
        municipalities=36,
        distribution=[Distribution("A", 2, 0), Distribution("B", 0, 1), Distribution("C", 1, 1)],
        before=YearBefore(missions=1, delegations=4, projects_active=1, memberships=2, agreements_active=5),
    )


def test_each_area_in_words_compared_with_the_year_before() -> None:
    with translation.override("en"):
        text = review_text(figures())
    assert text == {
        "engagements": ["3 outgoing missions, 2 more than in 2024.", "1 incoming delegation, 3 fewer than in 2024."],
        "projects": ["1 project under way, as many as in 2024."],
        "roles": ["3 network memberships, 1 more than in 2024."],  # 2 members and a chair, against 2
        "agreements": ["0 agreements signed.", "4 agreements in force, 1 fewer than in 2024."],
        "distribution": ["The engagements and projects of the year reached 3 of its 36 municipalities."],
    }


def test_big_counts_take_the_readers_thousand_separator() -> None:
    many = YearFigures(year=2025, missions=1500, before=YearBefore(missions=1))
    with translation.override("en"):
        assert review_text(many)["engagements"][0] == "1,500 outgoing missions, 1,499 more than in 2024."
    with translation.override("ca"):
        assert review_text(many)["engagements"][0] == "1.500 missions de sortida, 1.499 més que el 2024."


def test_singular_and_plural_in_catalan() -> None:
    one = YearFigures(year=2025, missions=1, delegations=3, before=YearBefore(missions=0, delegations=3))
    with translation.override("ca"):
        assert review_text(one)["engagements"] == [
            "1 missió de sortida, 1 més que el 2024.",
            "3 delegacions rebudes, igual que el 2024.",
        ]
