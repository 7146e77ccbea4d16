"""Outgoing email: the ``Mailer`` that sends and the templates that say it in nb/sv/en.

The demo mail catcher is a developer tool: ``samverka.devtools.mail_catcher``.
"""
