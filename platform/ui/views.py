"""The UI shell: home page and navigation."""
from flask import Blueprint, render_template

bp = Blueprint("ui", __name__, template_folder="templates", static_folder="static", static_url_path="/static/ui")


@bp.get("/")
def home():
    return render_template("ui/home.html")
