"""What a browser would send from a page's form: every named input, select and textarea with the
value the page shows (checked boxes and radios only, selected options only), as a dict of lists.
Tests of editing use it to open a form in two "tabs" and save from each, as people do."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form = [], None
        self._select = self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "select" and name and "disabled" not in attrs:
            self._select = name
            self._form.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._form[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self._form.setdefault(self._textarea, []).append(text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_data(response, marker: str = "record_version") -> dict[str, list[str]]:
    """The values of the page's POST form that holds a field named `marker`."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    found = [form for form in reader.forms if marker in form]
    assert found, f"no form with a {marker!r} field on the page"
    return found[0]


def opened(client, url: str, marker: str = "record_version") -> dict[str, list[str]]:
    """Open the page at `url` and read its form, as a browser tab would hold it."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return form_data(response, marker)


def save_from_two_tabs(url: str, first, second, first_change: dict, second_change: dict, press: dict | None = None):
    """Open `url` in `first` and in `second` (signed-in clients), save `first_change` from the first
    tab, then `second_change` from the second. The second save is refused, naming what the first
    changed and keeping what was typed; the form shown again saves both changes. `press` names the
    button pressed, where a form has more than one. Returns that refusal, for the test to say more."""
    press = press or {}
    first_tab, second_tab = opened(first, url), opened(second, url)
    first_tab.update({name: [value] if isinstance(value, str) else value for name, value in first_change.items()})
    saved = first.post(url, {**first_tab, **press})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    second_tab.update({name: [value] if isinstance(value, str) else value for name, value in second_change.items()})
    refused = second.post(url, {**second_tab, **press})
    text = refused.content.decode()
    assert refused.status_code == 200
    assert "Someone else saved changes here since you opened this page, so nothing was saved" in text
    assert "What changed since you opened this page" in text
    again = form_data(refused)
    for name, value in second_change.items():
        assert again[name] == ([value] if isinstance(value, str) else value), name
    for name, value in first_change.items():
        if name not in second_change:
            assert again[name] == ([value] if isinstance(value, str) else value), name
    resaved = second.post(url, {**again, **press})
    assert resaved.status_code == 302, resaved.content.decode()[:2000]
    return refused
