"""Pages for regions, tenants, partner organisations, users, roles and invitations."""
from flask import Blueprint

bp = Blueprint("tenants", __name__, template_folder="templates")
