"""The website of a collection of covenants: ``convenantgen site PATH... -o DIR``.

Modules: ``status`` (where a covenant stands on a date), ``history`` (git log of a source),
``metadata`` (official-publication fields), ``pages`` (the HTML, CSS and JSON),
``publish`` (the whole folder written at once) and ``assemble`` (the build that ties them).
"""

from convenantgen.site.assemble import SiteResult, build_site

__all__ = ["SiteResult", "build_site"]
