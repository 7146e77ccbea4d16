from tests.browser.eid_browser import log_in_at_provider
from tests.browser.axe_audit import Audit

def test_scratch(page, live_server, world):
    page.goto("/login/start")
    audit = Audit()
    audit.check(page, "provider")
    log_in_at_provider(page, live_server, world[0].people["coordinator"].pid)
    print("LANDED", page.url)
    audit.check(page, "home")
    for p in ["/", "/operator/regions", "/no-access", "/x"]:
        r = page.goto(p)
        print(p, r.status, page.get_attribute("html", "lang"))
    print(audit.report())
