"""Election pages: ``manage`` for the people who run elections, ``vote`` for voters,
``results`` for everyone once results are out; ``display`` shapes counts for them."""
