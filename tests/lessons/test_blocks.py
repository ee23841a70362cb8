"""Every block of a lesson body has an icon, its own template and a preview."""

import pytest
from django.template.loader import get_template

from lessons.blocks import LessonBodyBlock
from tests.lessons.factories import make_document, make_image, make_term

BLOCKS = list(LessonBodyBlock().child_blocks.items())
EXPECTED = {
    "heading",
    "paragraph",
    "image",
    "video",
    "key_term",
    "activity",
    "discussion_question",
    "quote",
    "worksheet",
    "election_preset",
    "live_quiz",
    "teacher_notes",
}


def test_the_body_offers_the_lesson_blocks():
    assert {name for name, _block in BLOCKS} == EXPECTED


@pytest.mark.parametrize(("name", "block"), BLOCKS)
def test_each_block_has_an_icon_a_template_and_a_preview(name, block):
    assert block.meta.icon
    assert block.meta.icon != "placeholder"
    assert block.meta.template == f"lessons/blocks/{name}.html"
    get_template(block.meta.template)
    assert block.is_previewable
    assert block.get_description()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "block"), BLOCKS)
def test_each_blocks_preview_value_renders(name, block):
    make_image()
    make_document()
    make_term()
    value = block.get_preview_value()
    context = block.get_preview_context(value, parent_context={})
    if name == "video":
        # Rendering an embed would fetch it from the network.
        assert value.url.startswith("https://")
        return

    html = block.render(value, context=context)

    assert html.strip(), name
