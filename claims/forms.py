from django import forms
from django.core.exceptions import ValidationError

from claims.records import max_request_bytes, validate_body
from claims.validators import validate_web_url


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    """An article from a URL, pasted, or .txt, .json or .jsonl files."""

    url = forms.CharField(
        label="URL",
        max_length=2000,
        required=False,
        validators=[validate_web_url],
        help_text="Fetched, with the article extracted from the page — or, with "
        "pasted text, the address the text comes from.",
    )
    title = forms.CharField(max_length=500, required=False)
    publisher = forms.CharField(max_length=200, required=False)
    byline = forms.CharField(max_length=300, required=False)
    published = forms.DateField(
        label="Published on", required=False, widget=forms.DateInput({"type": "date"})
    )
    text = forms.CharField(
        label="Article text", required=False, strip=False, widget=forms.Textarea
    )
    files = MultipleFileField(
        label="Files",
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".txt,.json,.jsonl"}),
    )

    def clean(self):
        data = super().clean()
        text, files, url = (
            data.get("text", "").strip(),
            data.get("files"),
            data.get("url"),
        )
        if not (text or files or url or self.errors.get("url")):
            raise forms.ValidationError(
                "Give the article's URL, paste its text or choose at least one file."
            )
        if files and (text or url):
            raise forms.ValidationError(
                "Upload files on their own, without a URL or pasted text."
            )
        text = data.get("text", "")
        if text.strip():
            try:
                validate_body(text, max_size=max_request_bytes())
            except ValidationError as exc:
                self.add_error("text", exc.message_dict["body"])
        return data


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    publisher = forms.CharField(required=False)
    open_work = forms.BooleanField(label="Only with open work", required=False)
