"""Content blocks for editors: rich text plus the NHS.UK components from wagtail-nhsuk-frontend."""

from wagtail import blocks
from wagtailnhsukfrontend.blocks import (
    ActionLinkBlock,
    CardGroupBlock,
    CareCardBlock,
    DetailsBlock,
    ExpanderGroupBlock,
    InsetTextBlock,
    SummaryListBlock,
    WarningCalloutBlock,
)


class ContentBlocks(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"])
    action_link = ActionLinkBlock()
    inset_text = InsetTextBlock()
    warning_callout = WarningCalloutBlock()
    care_card = CareCardBlock()
    details = DetailsBlock()
    expander_group = ExpanderGroupBlock()
    summary_list = SummaryListBlock()
    card_group = CardGroupBlock()
