"""HTML forms of the tenancy pages: what was typed, and what to fix next to each field.

Each form is the sentence per field that says what to enter; ``core.forms.HtmlForm`` reads
the fields and the marshmallow schemas (the same as the JSON API's) validate them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

REGION_FORM = {
    "name": _l("Enter the region's name, 2 to 120 characters."),
    "currency": _l("Choose NOK or SEK."),
}
TENANT_FORM = {
    "name": _l("Enter the municipality's name, 2 to 120 characters."),
    "country": _l("Choose Norway or Sweden."),
    "municipality_number": _l("Enter the municipality number: four digits, e.g. 3006."),
    "organisation_number": _l("Enter a valid organisation number for the chosen country."),
    "population": _l("Enter the population as a whole number, 0 or more."),
    "region_ids": _l("Choose only regions from the list."),
}
PARTNER_FORM = {
    "name": _l("Enter the organisation's name, 2 to 120 characters."),
    "kind": _l("Choose what kind of organisation this is."),
    "organisation_number": _l("Enter a valid Norwegian or Swedish organisation number, or leave it empty."),
}
INVITATION_FORM = {
    "name": _l("Enter the person's name, 2 to 120 characters."),
    "email": _l("Enter an e-mail address, e.g. name@kommune.no."),
    "appointment": _l("Choose a role and where it applies."),
    "invitee_identity_number": _l(
        "Enter a valid Norwegian national identity number (11 digits) or Swedish personal identity number,"
        " or leave it empty."
    ),
}
COORDINATOR_FORM = {
    "name": INVITATION_FORM["name"],
    "email": INVITATION_FORM["email"],
}
ROLE_FORM = {
    "user_id": _l("Choose a person from the list."),
    "role": _l("Choose IT coordinator or chief executive."),
}
