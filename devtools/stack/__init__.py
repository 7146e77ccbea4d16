"""``deploy/stack``: the whole production stack on one machine, started as the systemd units start it.

PostgreSQL (a database, its owner and the two login roles the app uses), ``samverka db upgrade`` once,
gunicorn with ``deploy/gunicorn.conf.py``, two workers, the one cron process, Redis (the running server,
one database number), nginx with the site of ``deploy/nginx`` (TLS with a self-signed pair), and, so that
one can sign in and read the mail, the development e-ID provider and the SMTP catcher. The web, workers and
cron run with ``SAMVERKA_ENV=production``; only the developer tools run as development, next to them.
Everything lives under one folder (``STACK_DIR``), and ``stop`` ends exactly the processes ``start`` wrote down.
"""
