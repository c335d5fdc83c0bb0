"""axe-core (from the npm registry, installed by `make install-dev`, never
served to users) on every page: no serious or critical violation, in light
and dark mode, on a wide screen and on a phone."""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
MODES = [("light", 1440), ("dark", 1440), ("light", 390), ("dark", 390)]


@pytest.fixture(scope="module")
def axe_source() -> str:
    assert AXE.exists(), "axe-core is missing: run `make install-dev` (npm install)"
    return AXE.read_text(encoding="utf-8")


def violations(page, axe_source: str) -> list[str]:
    """Serious and critical findings, as "rule: target" lines. The script is
    evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not govern (a <script> tag would be refused)."""
    page.evaluate(axe_source)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' — ' + (n.any[0] || n.all[0] || {message: ''}).message))"""
    )
    return found


@pytest.mark.parametrize(("scheme", "width"), MODES)
def test_no_page_has_a_serious_accessibility_violation(
    page, sign_in, users, pages, axe_source, scheme, width
):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")
    found = {"/accounts/login/": violations(page, axe_source)}
    sign_in(page, users["editor"])
    for url in pages:
        page.goto(url)
        found[url] = violations(page, axe_source)
    bad = [f"{url} {line}" for url, lines in found.items() for line in lines]
    assert not bad, f"{len(bad)} violations:\n" + "\n".join(bad)


def test_dark_mode_follows_the_system_setting(page, sign_in, users):
    sign_in(page, users["reviewer"])
    colours = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto("/claims/")
        colours[scheme] = (
            page.evaluate("getComputedStyle(document.querySelector('main')).color"),
            page.evaluate("getComputedStyle(document.documentElement).backgroundColor"),
        )
    (light_ink, light_bg), (dark_ink, dark_bg) = colours["light"], colours["dark"]
    assert light_bg != dark_bg and light_ink != dark_ink
    assert _brightness(dark_bg) < 60 < 200 < _brightness(light_bg)


def _brightness(rgb: str) -> float:
    r, g, b = (int(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return 0.299 * r + 0.587 * g + 0.114 * b
