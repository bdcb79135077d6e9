#!/usr/bin/env python3
"""web-screenshots.py: the chat page in use, photographed by a headless Chromium (Selenium), for the README.

Started by web-screenshots.sh, which runs the group and plays the other members with groupctl. This side joins as
a browser member, prints IN_CHAT, waits until the others' messages (the last one is WAIT_FOR) have arrived, says
something from the page, searches for a word, and saves docs/web-page.png (1280 x 800) and docs/web-phone.png
(390 x 844, a phone).

    web-screenshots.py URL USERNAME PASSWORD WAIT_FOR OUTPUT_FOLDER
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

WAIT = 60  # seconds for any one state


def main():
    url, username, password, wait_for, folder = sys.argv[1:6]
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--ignore-certificate-errors", "--window-size=1280,900", "--no-first-run", "--lang=en",
                 "--hide-scrollbars"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, WAIT, poll_frequency=0.1)
    js = driver.execute_script

    def viewport(width, height, mobile):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def say(line):
        box = driver.find_element(By.ID, "message-text")
        box.send_keys(line, Keys.ENTER)
        wait.until(lambda d: box.get_attribute("value") == "")

    def shot(name):
        js("document.getElementById('messages').scrollTop = 1e9")
        js("document.activeElement.blur()")
        driver.save_screenshot(os.path.join(folder, name))
        print(f"saved {os.path.join(folder, name)}", flush=True)

    try:
        driver.get(url)
        viewport(1280, 800, False)
        form = wait.until(lambda d: d.find_element(By.ID, "join-form"))
        wait.until(lambda d: form.is_displayed())
        form.find_element(By.NAME, "username").send_keys(username)
        form.find_element(By.NAME, "password").send_keys(password)
        form.find_element(By.NAME, "confirm").send_keys(password)
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(lambda d: js("return document.getElementById('connection-state').dataset.state") == "connected")
        print("IN_CHAT", flush=True)
        wait.until(lambda d: any(wait_for in t for t in js(
            "return [...document.querySelectorAll('#messages li.msg')].map((e) => e.textContent)")))
        say("Yes! The trick is to return early on an empty list.")
        say("/msg carol Sure, tonight after dinner.")
        say("/me goes to get coffee")
        wait.until(lambda d: len(js("return document.querySelectorAll('#files li')")) >= 1)
        driver.find_element(By.ID, "search-text").send_keys("exercise", Keys.ENTER)
        wait.until(lambda d: len(js("return document.querySelectorAll('#search-results li')")) >= 2)
        shot("web-page.png")
        viewport(390, 844, True)
        shot("web-phone.png")
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
