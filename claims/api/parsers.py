"""The API's one request format: JSON. DRF's default parsers also take forms
and multipart uploads, which no endpoint needs; with JSON alone a form post
gets 415 (README, "Errors")."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with JSON nested too deeply for Python's parser
    (`[` × 100,000) answered 400 instead of a RecursionError and a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
