"""Developer tools, never imported by the production application.

The development e-ID provider, the mail catcher and the demo data.
"""
