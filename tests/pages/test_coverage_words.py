"""An average's coverage said in each language's grammar: the count of commitments
agrees with its noun (Arabic has six plural forms), whatever the number."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from tests import factories_odp as f
from tests.marks import portal

pytestmark = portal


def coverage(app, plan: dict, lang: str) -> str:
    page = BeautifulSoup(app.get(f"/{lang}/plan/{plan['name']}").body, "html.parser")
    said = page.select_one(".opendataplan-commitments .opendataplan-coverage")
    return " ".join(said.text.split())


@pytest.mark.parametrize(
    ("count", "lang", "said"),
    [
        (1, "en", "Its 1 commitment is not reported yet: no average"),
        (3, "en", "None of the 3 commitments reported yet: no average"),
        (1, "fr", "Son seul engagement n'est pas encore rapporté : pas de moyenne"),
        (1, "ar", "التزامه الوحيد لم يُبلَّغ عنه بعد: لا متوسط"),
        (2, "ar", "لم يُبلَّغ بعد عن أيٍّ من التزاميه: لا متوسط"),
        (3, "ar", "لم يُبلَّغ بعد عن أيٍّ من الالتزامات الـ3: لا متوسط"),
    ],
)
def test_no_average_yet_counts_its_commitments_in_the_readers_grammar(
    app, admin, org, plan, count, lang, said
):
    for number in range(1, count + 1):
        f.commitment(admin, plan, org, name=f"c{number}", number=str(number))

    assert coverage(app, plan, lang) == said


def test_the_arabic_average_names_its_counts_without_a_counted_noun(app, admin, org, plan):
    """ "4 من 4 التزامًا" is wrong Arabic for 3 to 10; the sentence puts the numbers
    after the noun, where any number reads right."""
    for number, progress in ((1, 40), (2, 80), (3, None)):
        extra = {} if progress is None else {"progress": progress}
        f.commitment(admin, plan, org, name=f"c{number}", number=str(number), **extra)

    assert coverage(app, plan, "ar") == (
        "60% على أساس الالتزامات المُبلَّغ عنها (2 من 3)؛ غير المُبلَّغ عنها: 1"
    )
