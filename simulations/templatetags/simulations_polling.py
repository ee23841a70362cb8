"""Template tags of the polling stations: the note on a results page that says
which part of the count came from paper protocols."""

from django import template

from simulations.services.polling import paper_share

register = template.Library()


@register.inclusion_tag("simulations/polling/paper_share.html")
def paper_share_note(election):
    """Renders the paper stations and their ballots per contest, or nothing."""
    return {"share": paper_share(election)}
