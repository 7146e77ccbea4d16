"""Writers of an action plan for the council meeting: XLSX, a printable PDF, and a municipality's budget CSV.

Pure functions over ``export_data`` values: they read no database and no tenancy, so
the three formats cannot show different numbers. Labels are translated with
flask-babel, so they run in a request (or test request) context.
"""

from samverka.platform.plans.exports.budget_csv import budget_lines_csv
from samverka.platform.plans.exports.pdf import plan_pdf
from samverka.platform.plans.exports.xlsx import plan_xlsx

__all__ = ["budget_lines_csv", "plan_pdf", "plan_xlsx"]
