"""The readability scorer other tests rely on: it must score what a reader sees, and score it as the
Flesch–Kincaid formula does."""

import pytest

from tests.readability import page_grade, syllables, text_grade, visible_blocks


@pytest.mark.parametrize(
    ("word", "count"),
    [("cat", 1), ("made", 1), ("table", 2), ("journey", 2), ("started", 2), ("supervision", 4), ("reviews", 2)],
)
def test_syllables_follow_the_vowel_group_rule(word, count):
    assert syllables(word) == count


def test_short_words_in_short_sentences_score_low_and_long_ones_high():
    assert text_grade("The cat sat on the mat. We like it.") < 2
    hard = (
        "Notwithstanding organisational considerations, practitioners' responsibilities regarding "
        "safeguarding documentation necessitate comprehensive contemporaneous recording."
    )
    assert text_grade(hard) > 16


def test_only_visible_main_text_is_scored():
    html = """<html><head><title>Ignored title</title><script>var hidden = 1;</script></head><body>
      <header>Site header words</header>
      <main><h1>My page</h1><p>Short words here.<span class="nhsuk-u-visually-hidden"> Extraordinarily
      unpronounceable</span></p><ul><li>One</li><li>Two</li></ul><div hidden>Concealed</div></main>
      <footer>Footer words</footer></body></html>"""
    assert visible_blocks(html) == ["My page", "Short words here.", "One", "Two"]
    assert page_grade(html) < 3
