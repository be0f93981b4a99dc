from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Manifest storage that tolerates references to files a package does not ship.

    nhsuk-frontend's CSS and JS end with ``sourceMappingURL`` comments whose ``.map`` files are not in the
    wheel; the strict default would refuse to build the manifest.
    """

    manifest_strict = False

    def url_converter(self, name, hashed_files, template=None, *args, **kwargs):
        converter = super().url_converter(name, hashed_files, template, *args, **kwargs)

        def convert(matchobj):
            if matchobj.group("url").endswith(".map"):
                return matchobj.group(0)
            return converter(matchobj)

        return convert
