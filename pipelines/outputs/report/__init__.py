"""A visual report of the published warehouse: one self-contained HTML file.

People who will never open a SQL client (a bureau's reviewers, the units themselves) still
need to see where the money goes, how the indicators are made up and which forms need a
second look.  The report reads the published warehouse read-only and writes one HTML file
with the charts drawn as inline SVG in Python: no script, no CDN, no web font, so it opens
offline, from an e-mail attachment or a file share, and a Content-Security-Policy forbids the
page from loading anything at all.

Everything a form wrote (unit and project names, goals, rule messages, file paths) is
HTML-escaped before it reaches the page.  Every query lives in ``sql/report/*.sql``, aggregates
in DuckDB and is capped (top units with an 其他 row, at most ``attention_rows`` projects), so
the page has the same size for a hundred forms or a million.  No Dagster import: an asset or
a command calls :func:`pipelines.outputs.report.write.write_report`.

One job a module, in the order a report is made:

- ``data``: the queries and their caps (``ReportLimits``), read into ``ReportData``;
- ``formatting``: how a value is written on the page (escaped text, 万元/亿元, counts,
  links to the forms in raw/);
- ``svg``: horizontal bar charts as inline SVG;
- ``charts``: the four charts (money per unit and year, indicator mix, numeric share,
  findings);
- ``sections``: the last run, the overview and the department-wide targets;
- ``attention``: what a person should look at (flagged projects, quarantined and partial
  files, pages nothing accounts for, review rows not recorded);
- ``page``: the HTML document, its style and its Content-Security-Policy;
- ``write``: :func:`write_report`, which runs the above and renames the file into place.
"""
