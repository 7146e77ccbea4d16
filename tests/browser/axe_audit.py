"""Running axe-core on a page and turning its violations into a message a developer can act on."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],  # only violations are reported: the other result kinds keep one node each
}
_AXE = Axe()


@dataclass(frozen=True)
class Finding:
    """One problem on one page: an axe violation, or the page not being what the test expected."""

    where: str
    url: str
    rule: str
    summary: str
    nodes: tuple[str, ...] = ()

    def describe(self) -> str:
        lines = [f"[{self.where}] {self.url}", f"  {self.rule}: {self.summary}"]
        lines += [f"    - {node}" for node in self.nodes]
        return "\n".join(lines)


@dataclass
class Audit:
    """Findings collected over many pages, so one run reports all of them at once."""

    findings: list[Finding] = field(default_factory=list)

    def check(self, page, where: str) -> None:
        violations = _AXE.run(page, options=WCAG_21_AA).response["violations"]
        self.findings += [_finding(where, page.url, v) for v in violations]

    def problem(self, where: str, url: str, rule: str, summary: str) -> None:
        self.findings.append(Finding(where, url, rule, summary))

    def assert_clean(self) -> None:
        if self.findings:
            header = f"{len(self.findings)} accessibility problem(s) (axe-core, WCAG 2.1 A and AA):"
            pytest.fail("\n".join([header, *(f.describe() for f in self.findings)]), pytrace=False)


def _finding(where: str, url: str, violation: dict) -> Finding:
    summary = f"({violation['impact']}) {violation['help']} <{violation['helpUrl']}>"
    return Finding(where, url, violation["id"], summary, tuple(_node(n) for n in violation["nodes"]))


def _node(node: dict) -> str:
    target = " ".join(str(t) for t in node["target"])
    why = node.get("failureSummary", "").replace("\n", " ")
    return f"{target}  {node['html'][:160]}  -> {why}"
