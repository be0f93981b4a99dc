"""Who may do what with frameworks and assessments. Used by views, selectors and the Wagtail admin alike."""

import rules

from workforce.permissions import is_administrator

# The framework is reference material: everyone who is signed in may read and export it.
rules.add_perm("competencies.browse_framework", rules.is_authenticated)
rules.add_perm("competencies.export_framework", rules.is_authenticated)
# Bringing a framework in, or publishing a version, changes what every service assesses against.
rules.add_perm("competencies.import_framework", is_administrator)
rules.add_perm("competencies.publish_framework", is_administrator)
