"""The web editor's configuration (admin/config.yml) is made from the content schema:
every key a widget, `required` as in the schema, patterns as strict as the schema's
checks; the published configuration never talks to a local server."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_mkdocs
from newsroom.read import repeat, schema
from newsroom.read.reader import read_document
from newsroom.read.schema import BULLETIN_KEYS, EVENT_KEYS, NOTICE_KEYS, Key, parse_content_file
from newsroom.write import cms

OPTIONS = cms.CmsOptions()


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _fields(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


@pytest.mark.parametrize(("collection", "table"), [("bulletins", BULLETIN_KEYS), ("notices", NOTICE_KEYS)])
def test_every_schema_key_is_a_field_with_the_schemas_required_flag(collection: str, table: dict) -> None:
    config = cms.config(OPTIONS, "https://www.example.org/")
    fields = _fields(_collection(config, collection)["fields"])
    assert set(fields) == set(table) | {"body"}
    assert {name: fields[name]["required"] for name in table} == {name: key.required for name, key in table.items()}
    if "events" in fields:
        entry = _fields(fields["events"]["fields"])
        assert set(entry) == set(EVENT_KEYS)
        assert {n: entry[n]["required"] for n in EVENT_KEYS} == {n: k.required for n, k in EVENT_KEYS.items()}


def test_a_schema_key_without_a_widget_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a later key meets until it gets its widget (in the event table, and in repeat's own)."""
    monkeypatch.setitem(schema.EVENT_KEYS, "weather", Key(lambda value: value))
    with pytest.raises(cms.CmsDrift, match="weather"):
        cms.config(OPTIONS, "https://www.example.org/")
    monkeypatch.delitem(schema.EVENT_KEYS, "weather")
    monkeypatch.setitem(repeat.REPEAT_KEYS, "byweekno", Key(lambda value: value))
    with pytest.raises(cms.CmsDrift, match="byweekno"):
        cms.config(OPTIONS, "https://www.example.org/")


def test_repeat_fields_follow_the_rule_tables() -> None:
    config = cms.config(OPTIONS, "https://www.example.org/")
    notice = _fields(_collection(config, "notices")["fields"])
    bulletin = _fields(_collection(config, "bulletins")["fields"])
    rule = _fields(_fields(bulletin["events"]["fields"])["repeat"]["fields"])
    assert set(rule) == set(repeat.REPEAT_KEYS)
    assert [o["value"] for o in rule["every"]["options"]] == ["week", "month", "year"]
    # Optional in the CMS (Decap would demand it inside an empty repeat); the schema asks for it.
    assert rule["every"]["required"] is False and rule["every"]["hint"].startswith("Pflicht bei einer Wiederholung")
    assert set(_fields(rule["changes"]["fields"])) == set(repeat.CHANGE_KEYS)
    assert set(_fields(notice["repeat"]["fields"])) == set(repeat.REPEAT_KEYS)


def test_widgets_fit_the_schema() -> None:
    config = cms.config(OPTIONS, "https://www.example.org/")
    bulletin = _fields(_collection(config, "bulletins")["fields"])
    event = _fields(bulletin["events"]["fields"])
    assert bulletin["date"]["widget"] == "datetime" and bulletin["date"]["format"] == "YYYY-MM-DD"
    assert event["start"]["format"] == "YYYY-MM-DD HH:mm" and event["start"]["picker_utc"] is False
    assert bulletin["tags"]["widget"] == "list" and bulletin["authors"]["widget"] == "list"
    assert [o["value"] for o in bulletin["audience"]["options"]] == ["public", "members"]
    assert [o["value"] for o in event["status"]["options"]] == ["scheduled", "cancelled", "postponed"]
    slug = re.compile(bulletin["slug"]["pattern"][0])
    for text in ("sofortinfo-januar", "a1", "seite", "themen", "Gross", "a--b", "ä", "-a"):
        accepted = bool(slug.fullmatch(text))
        try:
            schema._slug(text)
            valid = True
        except schema._Invalid:
            valid = False
        assert accepted == valid, text
    url = re.compile(event["online"]["pattern"][0])
    assert url.fullmatch("https://meet.example.org/x") and not url.fullmatch("meet.example.org")
    assert not re.fullmatch(bulletin["title"]["pattern"][0], "Hallo <b>Welt</b>")


def test_file_names_and_folders() -> None:
    config = cms.config(OPTIONS, "https://www.example.org/")
    bulletins, notices = _collection(config, "bulletins"), _collection(config, "notices")
    assert bulletins["folder"] == "bulletins" and bulletins["slug"] == "{{fields.date}}-{{slug}}"
    assert bulletins["path"] == "{{year}}/{{slug}}"
    assert notices["folder"] == "bulletins/termine" and notices["slug"].startswith("{{fields.start | date('YYYY-MM-DD')}}-")
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "de"
    assert not _collection(config, "pages")["create"]  # new pages need the navigation


def test_a_file_as_the_cms_writes_it_passes_the_check() -> None:
    """Decap writes keys in the order of the fields, lists in block style and quotes
    only where YAML needs it (its `yaml` library); member passages stay verbatim."""
    text = (
        "---\ntitle: 'Sofortinfo: März'\ndate: 2026-12-20\nauthors:\n  - Stadtvorstand\ntags:\n  - Haushalt\n"
        "  - Straßenbau\nsummary: Kurz.\naudience: public\ndraft: false\nevents:\n  - title: Forum\n"
        "    start: 2027-01-20 18:00\n    end: 2027-01-20 20:00\n    status: scheduled\n---\n\nText.\n\n"
        "/// members\nNur intern.\n///\n"
    )
    raw, problems = read_document(text.encode(), "bulletins/2026/2026-12-20-sofortinfo-maerz.md")
    item, more = parse_content_file(raw)
    assert problems + more == [] and item.tags == ("Haushalt", "Straßenbau") and len(item.events) == 1


def test_edit_links_lead_to_the_cms_entry_or_the_repository() -> None:
    admin = "https://www.example.org/admin/"
    assert cms.edit_url("bulletins/2024/2024-01-23-x.md", OPTIONS, admin) == f"{admin}#/collections/bulletins/entries/2024/2024-01-23-x"
    assert cms.edit_url("bulletins/termine/2026-12-10-y.md", OPTIONS, admin, notice=True) == f"{admin}#/collections/notices/entries/2026-12-10-y"
    assert cms.edit_url("docs/kontakt.md", OPTIONS, admin) == f"{admin}#/collections/pages/entries/kontakt"
    assert cms.edit_url("bulletins/a/b/c.md", OPTIONS, admin) is None
    repo = cms.CmsOptions(edit_links=False, file_url="https://github.com/o/r/blob/main/")
    assert cms.edit_url("docs/kontakt.md", repo, admin) == "https://github.com/o/r/blob/main/docs/kontakt.md"


def test_wrong_settings_are_reported_in_german() -> None:
    _, problems = cms.options_from({"backend": "svn", "repos": "x"})
    assert problems == [
        "mkdocs.yml, extra.newsroom.cms.repos: unbekannte Einstellung; erlaubt sind: api_root, app_id, auth_endpoint, "
        "backend, base_url, branch, edit_links, file_url, media_folder, public_folder, repo",
        "mkdocs.yml, extra.newsroom.cms.backend: erwartet einen von: github, gitlab, gitea, forgejo, gefunden: 'svn'",
    ]
    gitlab, _ = cms.options_from({"backend": "gitlab", "app_id": "abc", "repo": "g/w"})
    assert cms.backend(gitlab) == {"name": "gitlab", "repo": "g/w", "branch": "main", "app_id": "abc", "auth_type": "pkce"}


def test_the_public_build_has_the_editor_and_the_member_build_none(tmp_path: Path) -> None:
    public = run_mkdocs(ROOT, site_dir=str(tmp_path / "public"))
    assert public.ok, public.log
    published = yaml.safe_load(public.text("admin/config.yml"))
    assert published == cms.config(cms.options_from({"backend": "github", "repo": "stadtverband/website", "branch": "main"})[0], "https://www.example.org/")
    assert "local_backend" not in published and "local_backend" not in public.text("admin/config.yml")
    page = public.text("admin/index.html")
    assert '<script src="decap-cms.js"></script>' in page and "../assets/stylesheets/newsroom.css" in page
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", page)  # nothing from elsewhere
    assert (public.site / "admin/decap-cms.js").read_bytes() == (ROOT / "overrides/admin/decap-cms.js").read_bytes()
    edit = 'data-nr-edit hidden><a href="https://www.example.org/admin/#/collections/{}" rel="edit nofollow">Bearbeiten</a>'
    for page, entry in {
        "index.html": "pages/entries/index",
        "kontakt/index.html": "pages/entries/kontakt",
        "aktuelles/2024/pressemitteilung-krankenhaus/index.html": "bulletins/entries/2024/2024-02-20-pressemitteilung-krankenhaus",
        "termine/2026/mitgliederversammlung/index.html": "notices/entries/2026-12-10-mitgliederversammlung",
    }.items():
        assert edit.format(entry) in public.text(page), page
    assert "data-nr-edit" not in public.text("aktuelles/index.html")  # a list: no file of its own
    members = run_mkdocs(ROOT, config="mkdocs.members.yml", site_dir=str(tmp_path / "members"))
    assert members.ok, members.log
    assert not (members.site / "admin").exists()
    assert 'href="https://www.example.org/admin/#/collections/bulletins/entries/2024/2024-01-23-sofortinfo-stadtvorstand-januar"' in members.text(
        "aktuelles/2024/sofortinfo-stadtvorstand-januar/index.html")


@pytest.mark.browser  # needs node_modules, like the browser tests (`-m "not browser"` leaves it out)
def test_the_vendored_build_is_the_pinned_npm_package() -> None:
    """`make vendor-decap` copied node_modules' build of the version package.json pins."""
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["decap-cms"]
    vendor = ROOT / "overrides/admin"
    assert (vendor / "VERSION").read_text().strip() == pinned
    dist = ROOT / "node_modules/decap-cms/dist"
    assert dist.is_dir(), "node_modules is missing: `make test` runs `npm ci`"
    assert json.loads((ROOT / "node_modules/decap-cms/package.json").read_text())["version"] == pinned
    wanted = sorted(p.name for p in dist.iterdir() if re.fullmatch(r"(?:\d+\.)?decap-cms\.js|[0-9a-f]{20}\.wasm|decap-cms\.js\.LICENSE\.txt", p.name))
    assert sorted(p.name for p in vendor.iterdir() if p.name != "VERSION") == wanted
    digest = lambda path: hashlib.sha256(path.read_bytes()).hexdigest()  # noqa: E731
    assert all(digest(vendor / name) == digest(dist / name) for name in wanted)
    # The German interface is in the bundle (decap-cms registers every locale it ships).
    bundle = (vendor / "decap-cms.js").read_text(encoding="utf-8")
    assert "Veröffentlichen" in bundle and "registerLocale" in bundle


def test_list_labels_and_german_dates_in_lists() -> None:
    """The admin page puts back every list's label as configured (Decap lower-cases it),
    and the lists show dates as 01.12.2026 while files keep 2026-12-01."""
    config = cms.config(OPTIONS, "https://example.org/")
    labels = cms.list_labels(config)
    assert labels["termin"] == "Termin" and labels["termine dieses beitrags"] == "Termine dieses Beitrags"
    assert labels["änderung"] == "Änderung" and labels["ausfalltag"] == "Ausfalltag"
    assert all(key == key.lower() for key in labels)
    assert _collection(config, "bulletins")["summary"] == "{{fields.date | date('DD.MM.YYYY')}} · {{title}}"
    assert "date('DD.MM.YYYY, HH:mm')" in _collection(config, "notices")["summary"]
    assert _fields(_collection(config, "bulletins")["fields"])["date"]["format"] == "YYYY-MM-DD"
