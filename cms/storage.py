from urllib.parse import urldefrag

from storages.backends.s3 import S3Storage
from whitenoise.storage import CompressedManifestStaticFilesStorage

from workforce.common.storage import ServerNamedMixin


class ServerNamedS3Storage(ServerNamedMixin, S3Storage):
    """Uploads in an S3-compatible bucket, for a site run as several instances, named as on local disk.

    The bucket, keys, private ACL and signed, expiring URLs are the ``AWS_*`` settings in base.py.
    """


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Manifest storage that tolerates source maps a package does not ship.

    nhsuk-frontend's CSS and JS end with ``sourceMappingURL`` comments whose ``.map`` files are not in the
    wheel; the strict default would refuse to build the manifest. Such a comment is left as it is (a browser's
    developer tools ask for the map and get a 404; pages never do). Every other missing file still fails
    ``collectstatic``, so a broken ``url()`` in our own CSS is caught before it ships.
    """

    manifest_strict = False

    def url_converter(self, name, hashed_files, template=None, *args, **kwargs):
        converter = super().url_converter(name, hashed_files, template, *args, **kwargs)

        def convert(matchobj):
            try:
                return converter(matchobj)
            except ValueError:
                # The CSS pattern's URL runs to the comment's closing "*/", so it can end in a space.
                if urldefrag(matchobj.group("url").strip()).url.endswith(".map"):
                    return matchobj.group("matched")
                raise

        return convert
