"""Journey of an invitation: a coordinator invites a new respondent, who follows the emailed
one-time link, chooses a password, signs in and sees only their own partnership."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import Page, expect

from demo.seed import seed_demo
from partnerships.demo_data import PARTNERSHIPS
from tests.browser.pages import check_axe, login

DEMO_PASSWORD = "threads-demo"
EAST_AYRSHIRE = "East Ayrshire Community Safety Partnership"
INVITEE_EMAIL = "morven.fraser@example.org"
INVITEE_PASSWORD = "Hose-reel-and-ladder-2000"
INVITATION_PATH = re.compile(r"/accounts/invitation/[0-9A-Za-z_-]+/[0-9A-Za-z]+-[0-9A-Za-z]+/")


def test_coordinator_invites_a_respondent_who_sets_a_password_and_signs_in(
    page: Page, live_server, transactional_db
):
    """Given the demo data,
    when East Ayrshire's coordinator ``officer`` signs in, opens East Ayrshire from "Your
    partnerships", follows "Manage members" and invites a new person as respondent for
    Strathclyde Fire Brigade, then signs out,
    then the invitation email holds a one-time link; the new person opens it, chooses a password,
    is signed in at once and told their username, signs out and back in with their email address
    and lands on "Your partnerships" listing East Ayrshire alone; Fife's page is a 404 for them;
    the link no longer works a second time; and every page of the journey passes axe.
    """
    seed_demo()
    other_partnerships = [p["name"] for p in PARTNERSHIPS if p["slug"] != "east-ayrshire"]

    # The coordinator signs in and lands on "Your partnerships".
    page.goto(f"{live_server.url}/accounts/login/")
    check_axe(page)
    login(page, live_server, "officer", DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your partnerships")
    check_axe(page)

    # The partnership page, then "Manage members".
    page.get_by_role("table", name="Partnerships you belong to").get_by_role(
        "link", name=EAST_AYRSHIRE, exact=True
    ).click()
    expect(page).to_have_url(f"{live_server.url}/p/east-ayrshire/")
    expect(page.get_by_role("heading", level=1)).to_have_text(EAST_AYRSHIRE)
    check_axe(page)

    page.get_by_role("link", name="Manage members").click()
    expect(page).to_have_url(f"{live_server.url}/p/east-ayrshire/members/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")

    # The "Add or invite a member" form.
    expect(page.get_by_role("heading", name="Add or invite a member")).to_be_visible()
    page.get_by_label("Email address").fill(INVITEE_EMAIL)
    page.get_by_label("First name").fill("Morven")
    page.get_by_label("Last name").fill("Fraser")
    page.get_by_role("radio", name="Respondent", exact=True).check()
    page.get_by_label("Agency").select_option(label="Strathclyde Fire Brigade")
    page.get_by_role("button", name="Add member").click()

    expect(page).to_have_url(f"{live_server.url}/p/east-ayrshire/members/")
    banner = page.get_by_role("alert").filter(has_text="Success")
    expect(banner).to_contain_text(
        f"Invited {INVITEE_EMAIL} as respondent: they will get an email with a link to choose "
        "a password."
    )
    new_member = (
        page.get_by_role("table", name=f"Members of {EAST_AYRSHIRE}")
        .get_by_role("row")
        .filter(has_text="Morven Fraser")
    )
    expect(new_member.get_by_role("cell")).to_have_text(
        ["Morven Fraser", "Respondent", "Strathclyde Fire Brigade", "Invited", re.compile("Change")]
    )
    check_axe(page)

    # The coordinator signs out from the header.
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()

    # The invitation email (sent when the transaction committed) holds a one-time link.
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    email = mail.outbox[0]
    assert email.to == [INVITEE_EMAIL]
    assert email.subject == f"You are invited to {EAST_AYRSHIRE} on Threads"
    link = INVITATION_PATH.search(email.body)
    assert link, email.body
    invitation_path = urlsplit(link.group(0)).path
    username_in_email = re.search(r"Your username is (\S+?)\.?$", email.body, re.M)
    assert username_in_email, email.body

    # The new person opens the link and chooses a password.
    page.goto(f"{live_server.url}{invitation_path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a password")
    welcome = page.get_by_text("Your username is")
    expect(welcome).to_contain_text("Welcome to Threads, Morven Fraser.")
    username = welcome.locator("strong").inner_text().strip()
    assert username == username_in_email.group(1)
    check_axe(page)

    page.get_by_label("New password", exact=True).fill(INVITEE_PASSWORD)
    page.get_by_label("New password confirmation", exact=True).fill(INVITEE_PASSWORD)
    page.get_by_role("button", name="Set password").click()

    # Signed in at once, on their home page, told how to sign in next time.
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("alert")).to_contain_text(
        f"Your password is set and you are signed in. Next time, sign in with your username "
        f"({username}) or email address."
    )
    check_axe(page)

    # They sign out and back in with their email address.
    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    login(page, live_server, INVITEE_EMAIL, INVITEE_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your partnerships")
    expect(page.get_by_role("banner")).to_contain_text(f"Signed in as {username}")
    partnerships = page.get_by_role("table", name="Partnerships you belong to")
    expect(partnerships.get_by_role("rowheader")).to_have_text([EAST_AYRSHIRE])
    expect(partnerships.get_by_role("row").filter(has_text=EAST_AYRSHIRE)).to_contain_text(
        "Respondent for Strathclyde Fire Brigade"
    )
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Fife")
    for name in other_partnerships:
        expect(main).not_to_contain_text(name)
    check_axe(page)

    # Another partnership's page does not exist for them.
    response = page.goto(f"{live_server.url}/p/fife/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("not found", re.I))
    expect(page.locator("body")).not_to_contain_text("Fife Community Safety Partnership")

    # The link worked once only.
    response = page.goto(f"{live_server.url}{invitation_path}")
    assert response is not None and response.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    expect(page.get_by_role("button", name="Set password")).to_have_count(0)
