from django import forms
from django.core.exceptions import ValidationError

from claims.ingest import max_request_bytes, validate_body


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    """Paste an article, or upload .txt, .json or .jsonl files."""

    title = forms.CharField(max_length=500, required=False)
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
        if not data.get("text", "").strip() and not data.get("files"):
            raise forms.ValidationError(
                "Paste the article's text or choose at least one file."
            )
        if data.get("text", "").strip() and data.get("files"):
            raise forms.ValidationError("Paste a text or upload files, not both.")
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
