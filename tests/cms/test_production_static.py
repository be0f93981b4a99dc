"""Production's static files storage: hashed names, compressed copies, and source maps a package leaves out.

The whole `collectstatic` with production settings runs in tests/cms/test_production_path.py and in
`make check`; these tests build two small files, so they are quick and say which rule broke.
"""

from django.core.files.storage import FileSystemStorage
from django.test import override_settings

from cms.storage import StaticStorage

NHSUK_STYLE_ENDING = "a{color:#005eb8}\n\n/*# sourceMappingURL=frontend.min.css.map */\n"
NHSUK_SCRIPT_ENDING = "window.x=1;\n//# sourceMappingURL=frontend.min.js.map\n"


def build(tmp_path, files: dict[str, str]):
    source_dir, out_dir = tmp_path / "source", tmp_path / "out"
    for name, text in files.items():
        (source_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (source_dir / name).write_text(text)
    source = FileSystemStorage(location=source_dir)
    with override_settings(STATIC_ROOT=str(out_dir)):
        storage = StaticStorage(location=str(out_dir))
        for name in files:
            with source.open(name) as handle:
                storage.save(name, handle)
        results = list(storage.post_process({name: (source, name) for name in files}))
    errors = [processed for _name, _hashed, processed in results if isinstance(processed, Exception)]
    return storage, errors


def test_a_missing_source_map_is_left_as_it_is(tmp_path):
    storage, errors = build(
        tmp_path, {"pkg/css/frontend.min.css": NHSUK_STYLE_ENDING, "pkg/js/frontend.min.js": NHSUK_SCRIPT_ENDING}
    )

    assert errors == []
    hashed_css = storage.stored_name("pkg/css/frontend.min.css")
    assert hashed_css != "pkg/css/frontend.min.css"
    assert storage.open(hashed_css).read().decode().endswith("/*# sourceMappingURL=frontend.min.css.map */\n")
    hashed_js = storage.stored_name("pkg/js/frontend.min.js")
    assert storage.open(hashed_js).read().decode().endswith("//# sourceMappingURL=frontend.min.js.map\n")


def test_files_our_css_points_at_get_their_hashed_names(tmp_path):
    storage, errors = build(
        tmp_path, {"cms/css/app.css": ".x{background:url(../img/tick.svg)}", "cms/img/tick.svg": "<svg/>"}
    )

    assert errors == []
    css = storage.open(storage.stored_name("cms/css/app.css")).read().decode()
    hashed_image = storage.stored_name("cms/img/tick.svg").removeprefix("cms/img/")
    assert hashed_image != "tick.svg"
    assert css == f'.x{{background:url("../img/{hashed_image}")}}'


def test_a_missing_file_that_is_not_a_source_map_still_fails(tmp_path):
    _storage, errors = build(tmp_path, {"cms/css/app.css": ".x{background:url(../img/gone.svg)}"})

    assert len(errors) == 1
    assert "gone.svg" in str(errors[0])
