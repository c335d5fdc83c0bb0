from django import forms

from annotations.models import Evidence, Rating


class EvidenceForm(forms.Form):
    url = forms.CharField(label="Source URL", max_length=2000)
    title = forms.CharField(label="Source title", max_length=500, required=False)
    publisher = forms.CharField(max_length=200, required=False)
    stance = forms.ChoiceField(choices=Evidence.Stance.choices)
    quote = forms.CharField(
        label="Quoted passage", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class VerdictForm(forms.Form):
    rating = forms.ChoiceField(choices=[("", "Choose a rating…"), *Rating.choices])
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 2}))
