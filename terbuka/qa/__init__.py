"""The security suite (quality.md section 6: X1, X4, X7), run by `make qa`.

`matrix.py` holds the expected access of every route and API operation per role; `world.py`
builds the data those routes are requested against. Nothing here is imported by the site.
"""
