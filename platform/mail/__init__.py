"""Outgoing email: the ``Mailer`` that sends, the templates that say it in nb/sv/en, and a demo catcher."""
