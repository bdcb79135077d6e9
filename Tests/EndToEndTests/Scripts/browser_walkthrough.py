#!/usr/bin/env python3
"""browser_walkthrough.py: drives groupd's chat page in a headless Chromium through Selenium, feature by feature.

Started by BrowserTests.swift, which plays the owner and the members on the TCP port. The two sides meet on
stdout lines: this script prints a STEP line when the page reached a state (or did something the Swift side checks),
then waits in the page (never on stdin) for what the Swift side does in reply. Every wait has a timeout; any failure
prints FAIL and exits 1.

    browser_walkthrough.py URL FINGERPRINT HEX COLOURS FOLDER [--screenshots DIR]

COLOURS is `bob=N,carol=M`: the palette index the terminal client gives each name (NameColors). FOLDER is where this
script writes the files it uploads (the Swift side compares them with the group's copies) and where downloads land.
"""
import datetime
import os
import re
import signal
import sys

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 45  # seconds for any one state (the page asks again every 5 s while waiting for the owner)
DAY_MS = 86_400_000
# Moves the page's clock on (new Date() and Date.now() only; dates of given times stay as they are).
SHIFT_CLOCK = """(() => {
    const Real = Date, shift = %d;
    window.Date = class extends Real {
        constructor(...args) { if (args.length === 0) super(Real.now() + shift); else super(...args); }
        static now() { return Real.now() + shift; }
    };
})();"""
PICKED = bytes((i * 7 + 3) % 256 for i in range(300_000))  # 300.0 KB: several 64 KiB chunks, so progress shows


def step(name):
    print(f"STEP {name}", flush=True)


def main():
    # A SIGTERM from the test (its own timeout) still quits Chromium and chromedriver.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(2))
    url, fingerprint, hex_form, colours, folder = sys.argv[1:6]
    shots = sys.argv[sys.argv.index("--screenshots") + 1] if "--screenshots" in sys.argv else None
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--ignore-certificate-errors", "--window-size=1280,900", "--no-first-run", "--lang=en"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    try:
        page = Page(driver, url, folder)
        return walk(page, fingerprint, hex_form, dict(c.split("=") for c in colours.split(",")), shots)
    finally:
        driver.quit()


class Page:
    """The page under test, with the few helpers every step uses."""

    def __init__(self, driver, url, folder):
        self.driver, self.url, self.folder = driver, url, folder
        self.wait = WebDriverWait(driver, WAIT, poll_frequency=0.1, ignored_exceptions=(StaleElementReferenceException,))

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def by_id(self, name):
        return self.driver.find_element(By.ID, name)

    def until(self, condition, what):
        try:
            return self.wait.until(lambda d: condition())
        except Exception as error:
            raise AssertionError(f"{what}: {type(error).__name__}") from None

    def viewport(self, width, height, mobile=False):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def texts(self, selector):
        return self.js(f"return [...document.querySelectorAll({selector!r})].map((e) => e.textContent)")

    def visible_texts(self):
        return self.js("return [...document.querySelectorAll('#messages li:not([hidden])')].map((e) => e.textContent)")

    def notices(self):
        return self.texts("#messages li.notice")

    def type(self, line):
        """Types a line in the message box and presses Enter."""
        box = self.by_id("message-text")
        box.send_keys(line)
        box.send_keys(Keys.ENTER)

    def say(self, line):
        """Types a line and waits until the page accepted it (the box is cleared)."""
        self.type(line)
        self.until(lambda: self.by_id("message-text").get_attribute("value") == "", f"the page did not send {line!r}")

    def wait_notice(self, pattern, what):
        return self.until(lambda: next((n for n in self.notices() if re.search(pattern, n)), None), what)

    def shot(self, folder, name):
        if folder:
            self.driver.save_screenshot(os.path.join(folder, name))


def walk(page, fingerprint, hex_form, colours, shots):
    try:
        trust(page, fingerprint, hex_form)
        join(page)
        history_and_look(page, colours)
        older_days(page)
        keyboard_and_send(page)
        searching(page)
        slash_commands(page)
        ignoring(page)
        hidden_tab(page)
        files(page)
        second_session(page)
        moderation(page)
        layout(page, shots)
        accessibility(page)
        logout(page)
    except Exception as error:  # any timeout or WebDriver error
        print(f"FAIL {type(error).__name__}: {error}".replace("\n", " ")[:600], flush=True)
        try:
            print("PAGE " + page.driver.find_element(By.TAG_NAME, "body").text.replace("\n", " | ")[-800:], flush=True)
            for entry in page.driver.get_log("browser")[-10:]:
                print("CONSOLE " + str(entry.get("message", ""))[:300], flush=True)
        except Exception:
            pass
        return 1
    step("DONE")
    return 0


def trust(page, fingerprint, hex_form):
    """The certificate panel shows both forms and says plainly that it proves nothing; the favicon is served."""
    page.driver.get(page.url)
    page.viewport(1280, 800)
    page.until(lambda: page.js("return document.getElementById('fingerprint').textContent") == fingerprint,
               "the fingerprint is not shown")
    assert page.js("return document.getElementById('certificate-hex').textContent") == hex_form
    plain = hex_form.replace(":", "").lower()
    assert page.js("return document.getElementById('certificate-plain').textContent") == plain
    toggle = page.by_id("trust-toggle")
    toggle.send_keys(Keys.ENTER)  # a keyboard press opens it
    page.until(lambda: page.by_id("trust").is_displayed(), "the certificate panel did not open")
    assert "proves nothing by itself" in page.by_id("trust").text
    assert toggle.get_attribute("aria-expanded") == "true"
    ActionChains(page.driver).send_keys(Keys.ESCAPE).perform()
    page.until(lambda: not page.by_id("trust").is_displayed(), "Escape did not close the certificate panel")
    icon = page.js("""return fetch(document.querySelector('link[rel=icon]').href)
        .then((r) => r.ok && r.headers.get('content-type'))""")
    assert icon == "image/svg+xml", f"favicon: {icon}"
    step("FINGERPRINT_SHOWN")


def join(page):
    form = page.by_id("join-form")
    form.find_element(By.NAME, "username").send_keys("alice")
    form.find_element(By.NAME, "password").send_keys("browser-secret")
    form.find_element(By.NAME, "confirm").send_keys("browser-secret")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    page.until(lambda: page.by_id("waiting").is_displayed(), "no 'waiting for the owner'")
    step("WAITING_FOR_OWNER")
    page.until(lambda: page.by_id("chat-view").is_displayed() and page.by_id("me").text == "alice", "not in the chat")
    page.until(lambda: page.js("return document.getElementById('connection-state').dataset.state") == "connected",
               "not connected")
    page.until(lambda: "olga" in page.by_id("group-owner").text, "no owner shown")
    page.until(lambda: "bob" in page.texts("#online li button"), "bob is not shown online")
    step("IN_CHAT")


def history_and_look(page, colours):
    """20 messages, grouped under one header, a date divider, compact times with the full time on hover, the terminal's
    colours; /more shows the rest (from message 1)."""
    page.until(lambda: len(page.texts("#messages li.msg")) == 20, "the last 20 messages are not shown")
    assert page.js("return document.querySelectorAll('#messages li.msg.continued').length") >= 15, "not grouped"
    assert page.js("return document.querySelectorAll('#messages li.msg.starts-day').length") == 1, "no date divider"
    assert page.js("return document.querySelector('#messages li.starts-day .day').textContent") == "Today"
    stamp = page.js("return [document.querySelector('#messages li.msg .stamp').textContent, "
                    "document.querySelector('#messages li.msg .stamp').title]")
    assert re.fullmatch(r"\d\d:\d\d", stamp[0]) and re.fullmatch(r"\w+day \d+ \w+ \d{4}, \d\d:\d\d:\d\d", stamp[1]), stamp
    page.say("/more")
    page.until(lambda: len(page.texts("#messages li.msg")) == 26, "/more did not show the older messages")
    page.until(lambda: not page.by_id("show-more").is_displayed(), "Show more stays after message 1")
    assert "first!" in page.visible_texts()[0]
    for name, index in colours.items():
        classes = page.js(f"return document.querySelector('#messages li.msg[data-sender={name}] .name').className")
        assert f"c-{index}" in classes.split(), f"{name}'s colour {classes} is not the terminal's {index}"
    step("HISTORY_SHOWN")


def older_days(page):
    """Three days later (the page's clock moved on), the same messages sit under a dated divider, not "Today", and
    keep their compact times."""
    script = page.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": SHIFT_CLOCK % (3 * DAY_MS)})
    page.driver.refresh()
    page.until(lambda: len(page.texts("#messages li.msg")) == 20, "the reload did not show the last 20 messages")
    now = datetime.datetime.now()
    expected = f"{now:%A} {now.day} {now:%B}" + ("" if (now + datetime.timedelta(days=3)).year == now.year else f" {now.year}")
    label = page.js("return document.querySelector('#messages li.starts-day .day').textContent")
    assert label == expected, f"the divider says {label!r}, not {expected!r}"
    assert re.fullmatch(r"\d\d:\d\d", page.js("return document.querySelector('#messages li.msg .stamp').textContent"))
    page.driver.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def keyboard_and_send(page):
    """Without the mouse: after a reload (which keeps the session), Tab reaches the skip link first, Enter puts the
    cursor in the message box, Enter sends."""
    page.driver.refresh()
    page.until(lambda: page.js("return document.getElementById('connection-state').dataset.state") == "connected",
               "not connected again after a reload")
    page.until(lambda: len(page.texts("#messages li.msg")) == 20, "the reload did not show the last 20 messages")
    ActionChains(page.driver).send_keys(Keys.TAB).perform()
    assert page.js("return document.activeElement.id") == "skip-link", page.js("return document.activeElement.outerHTML")
    ActionChains(page.driver).send_keys(Keys.ENTER).perform()
    page.until(lambda: page.js("return document.activeElement.id") == "message-text", "the skip link did not reach the box")
    ActionChains(page.driver).send_keys("hello from chromium", Keys.ENTER).perform()
    page.until(lambda: any("hello from chromium" in t for t in page.texts("#messages li.msg")), "own message not shown")
    step("SENT")
    page.until(lambda: any("hi alice, from groupctl" in t for t in page.texts("#messages li.msg")), "no reply shown")
    step("GOT_REPLY")


def searching(page):
    """The search box finds a reply in any letter case, and only what holds the words; /search pages through older
    matches as in groupctl chat, and says when there are no more."""
    box = page.by_id("search-text")
    box.send_keys("FROM GROUPCTL", Keys.ENTER)
    page.until(lambda: page.by_id("search-status").text == "1 match for “FROM GROUPCTL”, newest first",
               f"the search box found nothing: {page.by_id('search-status').text!r}")
    hits = page.texts("#search-results li")
    assert len(hits) == 1 and "hi alice, from groupctl" in hits[0] and "bob" in hits[0], hits
    page.say("/search history")
    page.until(lambda: len(page.texts("#search-results li")) == 20, "/search did not show 20 hits")
    assert "history 25" in page.texts("#search-results li")[0], "the newest hit is not first"
    assert page.by_id("search-more").is_displayed(), "no Older matches after a full page"
    page.say("/search")
    page.until(lambda: page.by_id("search-status").text == "25 matches for “history”, newest first",
               f"/search alone did not add the older matches: {page.by_id('search-status').text!r}")
    assert "history 1" in page.texts("#search-results li")[-1]
    assert not page.by_id("search-more").is_displayed(), "Older matches stays after the last page"
    page.type("/search")
    page.until(lambda: page.by_id("send-error").text == "no older matches for “history”", "no word that nothing is older")
    page.js("document.getElementById('message-text').value = ''")
    step("SEARCHED")


def slash_commands(page):
    """groupctl chat's commands: the Swift side checks what bob receives, in this order."""
    page.say("/me waves")
    page.say("/msg bob psst")
    page.type("/frobnicate now")
    page.until(lambda: page.by_id("send-error").text == "unknown command /frobnicate; type /help", "no error for /frobnicate")
    page.js("document.getElementById('message-text').value = ''")
    page.say("//etc/hosts is a path")
    page.say("/away lunch")
    page.say("/back")
    step("COMMANDS_SENT")
    page.say("/who")
    page.wait_notice(r"^online: olga \(owner\), .*bob", "no /who answer")
    page.say("/whois bob")
    page.wait_notice(r"^bob \(member\) joined \d{4}-\d\d-\d\d \d\d:\d\d; online now", "no /whois answer")
    page.say("/help")
    page.wait_notice(r"^/msg NAME TEXT", "no /help")
    # Tab completes a command and a name.
    box = page.by_id("message-text")
    box.send_keys("/whoi", Keys.TAB)
    page.until(lambda: box.get_attribute("value") == "/whois ", "Tab did not complete /whois")
    box.send_keys("ca", Keys.TAB)
    page.until(lambda: box.get_attribute("value") == "/whois carol ", "Tab did not complete carol")
    box.send_keys(Keys.ENTER)
    page.wait_notice(r"^carol \(member\) joined", "no /whois carol")
    step("COMMANDS_DONE")


def ignoring(page):
    page.say("/ignore carol")
    step("IGNORING")
    page.until(lambda: any("bob after carol" in t for t in page.visible_texts()), "bob's message did not arrive")
    hidden = page.js("return [...document.querySelectorAll('#messages li.msg[hidden]')].map((e) => e.textContent)")
    assert any("carol was here" in t for t in hidden), f"carol's message is not hidden: {hidden}"
    page.say("/unignore carol")
    page.until(lambda: any("carol was here" in t for t in page.visible_texts()), "/unignore did not show carol again")
    step("UNIGNORED")


def hidden_tab(page):
    """Opt in to notifications; while another tab is in front, the title counts unread messages and a mention and a
    direct message each make a notification."""
    origin = page.url.rstrip("/")
    page.driver.execute_cdp_cmd("Browser.grantPermissions", {"permissions": ["notifications"], "origin": origin})
    page.js("""window.shown = [];
        const Real = window.Notification;
        window.Notification = class extends Real {
            constructor(title, options) { super(title, options); window.shown.push([title, options.body]); }
        };
        Object.defineProperty(window.Notification, 'permission', { get: () => Real.permission });""")
    page.by_id("notify-toggle").click()
    page.until(lambda: page.by_id("notify-toggle").get_attribute("aria-pressed") == "true", "notifications not on")
    chat = page.driver.current_window_handle
    page.driver.switch_to.new_window("tab")
    step("TAB_HIDDEN")

    def chat_title():
        targets = page.driver.execute_cdp_cmd("Target.getTargets", {})["targetInfos"]
        return next((t["title"] for t in targets if t["type"] == "page" and "groupchat" in t["title"]), "")
    page.until(lambda: chat_title().startswith("(3) "), f"the title does not count 3 unread: {chat_title()!r}")
    page.driver.close()
    page.driver.switch_to.window(chat)
    page.until(lambda: not page.js("return document.title").startswith("("), "the count stays after coming back")
    shown = page.js("return window.shown")
    assert ["bob mentioned you", "are you there @alice?"] in shown, shown
    assert ["carol (direct message)", "a secret for alice"] in shown, shown
    assert len(shown) == 2, f"a plain message made a notification: {shown}"
    mention = page.js("return [...document.querySelectorAll('#messages li.msg.mention mark.mention')].map((m) => m.textContent)")
    assert "@alice" in mention, mention
    step("NOTIFIED")


def files(page):
    """Sharing from the file picker (with progress) and by drag and drop, one at a time, and downloading."""
    picked = os.path.join(page.folder, "picked.bin")
    with open(picked, "wb") as f:
        f.write(PICKED)
    page.js("""window.progress = [];
        new MutationObserver(() => window.progress.push(document.getElementById('transfer-progress').value))
            .observe(document.getElementById('transfer-progress'), { attributes: true, attributeFilter: ['aria-valuetext'] });""")
    page.by_id("file-input").send_keys(picked)
    page.wait_notice(r"^you shared picked\.bin \(300\.0 KB\)$", "the picked file was not shared")
    progress = page.js("return window.progress")
    assert any(0 < p < 100 for p in progress) and progress[-1] == 100, f"no progress shown: {progress}"
    page.until(lambda: "300.0 KB" in page.texts("#files li .size"), "the files list does not show 300.0 KB")
    drop = """const [names, text] = arguments;
        const data = new DataTransfer();
        for (const name of names) data.items.add(new File([text], name, { type: 'text/plain' }));
        const zone = document.getElementById('conversation');
        zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true }));
        const shown = !document.getElementById('drop-zone').hidden;
        zone.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        return shown;"""
    assert page.js(drop, ["dropped.txt"], "dropped on the page ✓"), "the drop zone did not show"
    page.wait_notice(r"^you shared dropped\.txt \(23 B\)$", "the dropped file was not shared")
    step("SHARED")  # the Swift side compares both files, then starts an upload as bob and keeps it open
    page.until(lambda: any("my upload is running" in t for t in page.visible_texts()), "bob did not start his upload")
    page.by_id("file-input").send_keys(picked)
    page.wait_notice(r"^picked\.bin: .*bob", "the server's one-upload rule is not shown")
    assert page.js(drop, ["one.txt", "two.txt"], "two at once"), "the drop zone did not show"
    page.wait_notice(r"^one file at a time: sharing one\.txt", "two dropped files were not refused")
    page.wait_notice(r"^one\.txt: .*bob", "one.txt was not refused while bob uploads")
    step("REFUSED")
    page.until(lambda: "bobs.bin" in page.texts("#files li button"), "bob's file is not listed")
    page.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": page.folder})
    button = page.driver.find_element(By.XPATH, "//ul[@id='files']//button[text()='bobs.bin']")
    button.send_keys(Keys.ENTER)  # by keyboard
    page.wait_notice(r"^bobs\.bin downloaded \(10 B\)$", "bob's file was not downloaded")
    target = os.path.join(page.folder, "bobs.bin")
    page.until(lambda: os.path.exists(target) and open(target, "rb").read() == b"0123456789", "the download is not on disk")
    step("DOWNLOADED")


def second_session(page):
    """alice also logs in from a terminal: the page shows what she sends from there, and /who counts her sessions
    (the server announces no new session of a member already online, as in the terminal)."""
    page.until(lambda: any("from alice's terminal" in t for t in page.texts("#messages li.msg[data-sender=alice]")),
               "the terminal's message is not shown")
    page.until(lambda: any("dm from the terminal" in t and "bob" in t
                           for t in page.texts("#messages li.msg.direct[data-sender=alice]")),
               "the terminal's direct message is not shown")
    page.say("/who")
    page.wait_notice(r"alice \(2 sessions\)", "/who does not count alice's sessions")
    page.until(lambda: page.by_id("my-sessions").text.strip() == "· 2 sessions", "the page does not show 2 sessions")
    step("SECOND_SESSION_SEEN")
    page.until(lambda: any("the terminal is gone" in t for t in page.visible_texts()), "bob's message did not come")
    page.say("/who")
    page.until(lambda: not page.by_id("my-sessions").is_displayed(), "the session count stays after the terminal left")
    step("SECOND_SESSION_GONE")


def moderation(page):
    page.wait_notice(r"^you are now a moderator$", "not told about /op")
    page.say("/mute carol 30m")
    page.wait_notice(r"^muted carol for 30m$", "/mute was not answered")
    page.say("/mutes")
    page.wait_notice(r"carol", "/mutes does not list carol")
    step("MUTED")
    page.say("/unmute carol")
    page.wait_notice(r"^unmuted carol$", "/unmute was not answered")
    page.say("/nick alice2")
    page.wait_notice(r"^you are now known as alice2$", "/nick not shown")
    page.until(lambda: page.by_id("me").text == "alice2", "the page's name did not change")
    page.say("/nick alice")
    page.until(lambda: page.by_id("me").text == "alice", "the name did not change back")
    step("MODERATED")


def layout(page, shots):
    """Phone width: the message box pinned to the bottom, nothing cut, the people in a panel. Wide: one-row header."""
    page.viewport(390, 844, mobile=True)
    page.js("document.getElementById('messages').scrollTop = 1e9")
    geometry = page.js("""const box = document.getElementById('send-form').getBoundingClientRect();
        const top = document.querySelector('header.top');
        return { bottom: box.bottom, height: innerHeight, width: innerWidth, scroll: document.documentElement.scrollWidth,
                 headerFits: top.scrollWidth <= top.clientWidth, title: document.getElementById('group-name').offsetWidth };""")
    assert abs(geometry["bottom"] - geometry["height"]) <= 1, f"the message box is not at the bottom: {geometry}"
    assert geometry["scroll"] <= geometry["width"] and geometry["headerFits"] and geometry["title"] > 40, geometry
    cut = page.js("""return [...document.querySelectorAll('button, textarea, #messages li:not([hidden])')]
        .filter((e) => e.offsetParent && !e.closest('#side'))
        .map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && (r.left < -1 || r.right > innerWidth + 1)).length""")
    assert cut == 0, f"{cut} elements are cut at the sides"
    page.shot(shots, "layout-phone.png")
    toggle = page.by_id("side-toggle")
    toggle.click()
    page.until(lambda: page.by_id("side").is_displayed() and page.by_id("logout").is_displayed(), "the people panel did not open")
    page.shot(shots, "layout-phone-people.png")
    ActionChains(page.driver).send_keys(Keys.ESCAPE).perform()
    page.until(lambda: toggle.get_attribute("aria-expanded") == "false", "Escape did not close the people panel")
    toggle.click()
    page.until(lambda: page.by_id("side-close").is_displayed(), "the people panel did not open again")
    page.by_id("side-close").click()  # on a touch screen, without a keyboard
    page.until(lambda: not page.by_id("side").is_displayed(), "Close did not close the people panel")
    page.viewport(1280, 800)
    one_row = page.js("""const top = document.querySelector('header.top');
        const items = [...top.children].filter((e) => e.offsetParent).map((e) => e.getBoundingClientRect());
        return top.getBoundingClientRect().height < 64 && items.every((r) => r.top < items[0].bottom)
            && top.scrollWidth <= top.clientWidth;""")
    assert one_row, "the header wraps at 1280 px"
    page.js("document.getElementById('messages').scrollTop = 1e9")
    page.shot(shots, "layout-desktop.png")
    step("LAYOUT_OK")


def accessibility(page):
    """Landmarks, a live log of messages, and a name for every control, as Chromium's accessibility tree has them."""
    nodes = page.driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    role = lambda n: n.get("role", {}).get("value")
    name = lambda n: n.get("name", {}).get("value", "")
    live = lambda n: {p["name"]: p.get("value", {}).get("value") for p in n.get("properties", [])}.get("live")
    shown = [n for n in nodes if not n.get("ignored")]
    roles = {role(n) for n in shown}
    assert {"banner", "main", "complementary", "log"} <= roles, roles
    log = next(n for n in shown if role(n) == "log")
    assert name(log) == "Messages" and live(log) == "polite", log
    unnamed = [(role(n), n.get("backendDOMNodeId")) for n in shown
               if role(n) in ("button", "textbox", "combobox") and not name(n).strip()]
    assert not unnamed, f"controls without a name: {unnamed}"
    assert any(role(n) == "textbox" and name(n) == "Message" for n in shown), "the message box has no label"
    step("ACCESSIBLE")


def logout(page):
    page.by_id("logout").click()
    page.until(lambda: page.by_id("auth-view").is_displayed(), "not logged out")
    page.until(lambda: page.js("return sessionStorage.getItem('groupchat.token')") is None, "the token stays")
    step("LOGGED_OUT")


if __name__ == "__main__":
    sys.exit(main())
