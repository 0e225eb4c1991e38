"""The project's own template tags."""

from django.template import Context, Template


def test_options_marks_the_chosen_one_and_escapes_keys_and_names() -> None:
    template = Template("{% load interlocal %}<select>{% options choices chosen %}</select>")
    choices = [("rent", "Housing rent"), ("a&b", "<script>alert(1)</script>"), ("tourists", "Tourists")]
    html = template.render(Context({"choices": choices, "chosen": "tourists"}))
    assert html == (
        '<select><option value="rent">Housing rent</option>'
        '<option value="a&amp;b">&lt;script&gt;alert(1)&lt;/script&gt;</option>'
        '<option value="tourists" selected>Tourists</option></select>'
    )
