#!/usr/bin/env python3
"""browser_walkthrough.py: drives groupd's chat page in a headless Chromium through Selenium.

Started by BrowserTests.swift, which plays the owner and a member on the TCP port. The two sides meet on
stdout lines: this script prints a STEP line when the page reached a state, and waits in the page (never on
stdin) for what the Swift side does in reply. Every wait has a timeout; any failure prints FAIL and exits 1.

    browser_walkthrough.py URL FINGERPRINT [--screenshot PNG]
"""
import signal
import sys

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 45  # seconds for any one state (the page asks again every 5 s while waiting for the owner)


def step(name):
    print(f"STEP {name}", flush=True)


def main():
    # A SIGTERM from the test (its own timeout) still quits Chromium and chromedriver.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(2))
    url, fingerprint = sys.argv[1], sys.argv[2]
    screenshot = sys.argv[sys.argv.index("--screenshot") + 1] if "--screenshot" in sys.argv else None
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--ignore-certificate-errors", "--window-size=1200,760", "--no-first-run"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    wait = WebDriverWait(driver, WAIT, poll_frequency=0.2, ignored_exceptions=(StaleElementReferenceException,))
    try:
        return walk(driver, wait, url, fingerprint, screenshot)
    finally:
        driver.quit()


def walk(driver, wait, url, fingerprint, screenshot):
    by_id = lambda name: driver.find_element(By.ID, name)

    def text_of(name):
        return by_id(name).text

    def names_in(list_id):
        # Read in one script: the page replaces the list's items on every presence update.
        return driver.execute_script(
            f"return [...document.querySelectorAll('#{list_id} li button')].map((b) => b.textContent)")

    try:
        driver.get(url)
        wait.until(lambda d: text_of("fingerprint") == fingerprint)
        step("FINGERPRINT_SHOWN")

        join = by_id("join-form")
        join.find_element(By.NAME, "username").send_keys("alice")
        join.find_element(By.NAME, "password").send_keys("browser-secret")
        join.find_element(By.NAME, "confirm").send_keys("browser-secret")
        join.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: by_id("waiting").is_displayed())
        step("WAITING_FOR_OWNER")

        wait.until(lambda d: by_id("chat-view").is_displayed() and text_of("me") == "alice")
        wait.until(lambda d: text_of("connection-state") == "connected")
        wait.until(lambda d: "olga" in text_of("group-owner"))
        step("IN_CHAT")

        wait.until(lambda d: "bob" in names_in("online"))
        box = by_id("message-text")
        box.send_keys("hello from chromium")
        box.send_keys(Keys.ENTER)
        step("SENT")

        wait.until(lambda d: "hi alice, from groupctl" in text_of("messages"))
        step("GOT_REPLY")

        # The search box: any case finds the reply (over the WebSocket, 1061), and only what matches.
        by_id("search-text").send_keys("FROM GROUPCTL")
        by_id("search-text").send_keys(Keys.ENTER)
        wait.until(lambda d: "hi alice, from groupctl" in text_of("search-results"))
        wait.until(lambda d: "1 match" in text_of("search-status"))
        if "hello from chromium" in text_of("search-results"):
            raise AssertionError("the search showed a message without the words")
        step("SEARCHED")

        wait.until(lambda d: "carol" in names_in("online"))
        if screenshot:
            driver.save_screenshot(screenshot)
        step("CAROL_ONLINE")
        wait.until(lambda d: "carol" not in names_in("online"))
        step("CAROL_OFFLINE")

        by_id("logout").click()
        wait.until(lambda d: by_id("auth-view").is_displayed())
        wait.until(lambda d: driver.execute_script("return sessionStorage.getItem('groupchat.token')") is None)
        step("LOGGED_OUT")
    except Exception as error:  # any timeout or WebDriver error
        print(f"FAIL {type(error).__name__}: {error}".replace("\n", " ")[:600], flush=True)
        try:
            print("PAGE " + driver.find_element(By.TAG_NAME, "body").text.replace("\n", " | ")[:800], flush=True)
            for entry in driver.get_log("browser")[-10:]:
                print("CONSOLE " + str(entry.get("message", ""))[:300], flush=True)
        except Exception:
            pass
        return 1
    step("DONE")
    return 0


if __name__ == "__main__":
    sys.exit(main())
