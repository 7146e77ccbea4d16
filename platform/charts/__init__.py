"""Charts drawn on the server, as SVG for the pages and as the same drawing in the PDF exports.

Why reportlab's graphics, and why inline SVG:

* One drawing, two outputs. The charts are ``reportlab.graphics`` drawings built from plain data;
  ``renderSVG`` turns a drawing into SVG for the page and the PDF export places the very same
  drawing (a flowable), so a page and its printout cannot disagree. reportlab is already the PDF
  library here: no new dependency, no JavaScript engine on the server.
* Measured on this machine (12 bars, after warm-up): reportlab with our clean-up 5-10 ms a chart;
  pygal ~34 ms and its SVG carries a ``<style>`` element and a ``<script>``; vl-convert (Vega-Lite,
  an embedded V8) ~200 ms. Pages must stay fast, so reportlab (``bench/charts.py``, ``bench/README.md``).
* Inline, not an ``<img>`` from a route of its own: a chart is part of the page it is on, read with
  that page's access checks, and needs no route, tenancy check or isolation case of its own. The
  strict CSP (``style-src 'self'``) refuses ``style=""`` attributes and ``<style>`` elements, so
  ``svg.inline_svg`` rewrites renderSVG's ``style`` attributes into presentation attributes
  (``fill``, ``stroke``, ``font-size`` ...), which CSP does not govern. No script is needed to see
  a chart; ``role="img"`` with its ``<title>`` and ``<desc>`` names it, and the figure's table holds
  the same numbers for anyone who reads rather than looks.

The functions here take plain values (never models) and return a ``Figure``; the areas map their
own objects to those values (``plans.charts``, ``contracts.charts``, ``thresholds.charts``).
"""
