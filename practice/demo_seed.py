"""Demo examples of credible practice (called by ``demo.seed``) and the demo practice editor.

A dozen published examples from the five pathfinder partnerships, written for the demo from the
themes of the study (joint audit, information-sharing protocol, three-tier structure, joint
training, mainstream budgets, the balanced scorecard); one submitted and one returned from East
Ayrshire. Nothing here is quoted from real partnerships: the people and figures are made up.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from partnerships.models import Membership, Partnership
from practice.models import PRACTICE_EDITOR_GROUP, Example, Transition
from threads.models import CatalogueVersion

PASSWORD = "threads-demo"
EDITOR = "editor"

#: (partnership slug, state, public, published (year, month), recommendations, indicators, text)
EXAMPLES = [
    (
        "fife",
        "published",
        True,
        (2001, 5),
        ["LR-4", "NR-2"],
        ["LR-4.1", "LR-4.2"],
        {
            "title": "A joint community safety audit that every partner signed off",
            "summary": "Police, council, fire and health pooled two years of incident data "
            "ward by ward and asked residents what worried them, so the strategy's priorities "
            "came from one shared picture instead of five separate ones.",
            "problem": "Each agency planned from its own figures. The police saw housebreaking, "
            "housing saw antisocial behaviour complaints, health saw assault injuries; nobody "
            "could say which streets needed joint work first.",
            "what_was_done": "An audit group of analysts from each partner agreed common "
            "boundaries (council wards) and definitions, matched incident, complaint and "
            "hospital data, mapped the hot spots and ran twelve community meetings and a "
            "household survey. The draft audit went to the strategic group, which agreed six "
            "priorities from it.",
            "by_whom": "Fife Council community safety team (lead), Fife Constabulary, Fife Fire "
            "and Rescue, NHS Fife public health, Fife Council on Alcohol.",
            "cost": "About 60 analyst days across the partners and £4,500 for the survey.",
            "impact": "Six agreed priorities with baselines; three task groups formed around "
            "the worst hot spots; the audit is repeated every three years.",
            "lessons": "Agree boundaries and definitions before anyone extracts data. Residents' "
            "views changed two of the priorities: do not skip the community meetings.",
            "contact": "Community Safety Co-ordinator, Fife Council",
        },
    ),
    (
        "city-of-edinburgh",
        "published",
        True,
        (2001, 9),
        ["NR-2", "LR-4"],
        ["LR-4.2"],
        {
            "title": "An information-sharing protocol signed by every core partner",
            "summary": "A short protocol that says what data each partner shares, how often, "
            "in what form and who may see it, so that the joint audit could use "
            "depersonalised data without a fresh argument every quarter.",
            "problem": "Requests for data went person to person and stalled over data "
            "protection worries; the audit team waited months for hospital and fire figures.",
            "what_was_done": "Legal officers from the council, police and health board drafted "
            "a twelve-page protocol with a schedule of the datasets, their owners, the level of "
            "aggregation and a quarterly timetable. Each chief officer signed it and named a "
            "data contact.",
            "by_whom": "City of Edinburgh Council legal services and community safety unit, "
            "Lothian and Borders Police, NHS Lothian.",
            "cost": "Staff time only: roughly 15 days of legal officers' time.",
            "impact": "Quarterly data now arrive within three weeks of the quarter's end; the "
            "protocol has been reused by two other partnerships.",
            "lessons": "Start from the datasets you need, not from the law. A named contact in "
            "each partner matters more than the wording.",
            "contact": "Community Safety Manager, City of Edinburgh Council",
        },
    ),
    (
        "angus",
        "published",
        True,
        (2002, 2),
        ["LR-1"],
        ["LR-1.1", "LR-1.2"],
        {
            "title": "Three tiers: strategic group, forum and task groups",
            "summary": "The partnership split into a small strategic group of chief officers, a "
            "wide community safety forum and time-limited task groups, so decisions, "
            "consultation and delivery each have a place.",
            "problem": "One large meeting of thirty people tried to decide, consult and deliver "
            "at once; decisions were deferred and senior managers stopped coming.",
            "what_was_done": "Chief officers formed a strategic group meeting quarterly with "
            "written terms of reference; the forum kept everyone else and meets twice a year; "
            "each strategy priority got a task group with a named lead reporting to the "
            "strategic group.",
            "by_whom": "Angus Council, Tayside Police, Tayside Fire Brigade, NHS Tayside, "
            "Angus Council for Voluntary Service.",
            "cost": "No extra budget; about a day a month of the community safety officer.",
            "impact": "Attendance by chief officers rose from two to all five; every priority "
            "now has a task group lead.",
            "lessons": "Write down what each tier decides. Task groups should close when their "
            "work is done.",
            "contact": "Community Safety Officer, Angus Council",
        },
    ),
    (
        "south-ayrshire",
        "published",
        False,
        (2002, 6),
        ["LR-5", "NR-4"],
        ["LR-5.1"],
        {
            "title": "Joint training for frontline staff from five agencies",
            "summary": "A two-day course run jointly for police officers, housing officers, "
            "youth workers, firefighters and health visitors working in the same areas, "
            "followed by a local network that keeps meeting.",
            "problem": "Frontline staff did not know who their counterparts in other agencies "
            "were, or what each could do about a problem family or a nuisance site.",
            "what_was_done": "Trainers from each agency wrote a shared course on the "
            "partnership's priorities, problem solving and referral routes. Places were "
            "allocated by area so colleagues from the same patch trained together.",
            "by_whom": "South Ayrshire Council training unit with Strathclyde Police, Strathclyde "
            "Fire Brigade, NHS Ayrshire and Arran and the voluntary sector.",
            "cost": "£6,000 a year for venues and materials; trainers' time given by partners.",
            "impact": "180 staff trained in two years; referrals between agencies recorded by "
            "the networks rose by a third.",
            "lessons": "Train by area, not by agency. Follow up with a network meeting within a "
            "month or the contacts fade.",
            "contact": "Community Safety Co-ordinator, South Ayrshire Council",
        },
    ),
    (
        "east-dunbartonshire",
        "published",
        True,
        (2002, 11),
        ["LR-3", "NR-5"],
        ["LR-3.1", "LR-3.2"],
        {
            "title": "Moving projects from challenge funding into mainstream budgets",
            "summary": "Every partner now shows a community safety line in its annual budget, "
            "and projects that prove themselves move onto it before their challenge funding "
            "ends.",
            "problem": "Good projects closed when their two-year challenge fund award ran out, "
            "and staff spent their time writing bids.",
            "what_was_done": "The strategic group agreed that each partner would identify a "
            "budget provision for community safety. Each time-limited project got an exit plan "
            "at the start naming which partner would carry it if it met its targets.",
            "by_whom": "East Dunbartonshire Council finance and community safety, Strathclyde "
            "Police, the health board.",
            "cost": "Budget lines of £20,000 to £60,000 per partner, redirected from existing "
            "spending.",
            "impact": "Three of four projects whose funding ended in 2002 continued on mainstream "
            "budgets.",
            "lessons": "Agree the exit plan before the project starts, when nobody's budget is "
            "yet at stake.",
            "contact": "Head of Community Safety, East Dunbartonshire Council",
        },
    ),
    (
        "fife",
        "published",
        False,
        (2003, 3),
        ["LR-8"],
        ["LR-8.1", "LR-8.4"],
        {
            "title": "A balanced scorecard the strategic group reads twice a year",
            "summary": "Measures in four perspectives, each with a baseline and target, drawn "
            "from the joint audit; the strategic group reviews them every six months and "
            "records what it decides.",
            "problem": "Reports listed activities (meetings held, leaflets printed) but said "
            "nothing about whether anything changed for residents.",
            "what_was_done": "The partnership adopted the balanced scorecard from Audit "
            "Scotland's Safe and Sound with fourteen measures covering outcomes for residents, "
            "partnership working, processes and learning. Each measure has an owner who reports "
            "actuals every quarter.",
            "by_whom": "Fife Council performance team with each core partner's analyst.",
            "cost": "About 20 analyst days to set up, then two days a quarter.",
            "impact": "The strategic group dropped one project and extended another on the "
            "scorecard's evidence in its first year.",
            "lessons": "Fewer measures are better; every measure needs an owner and a baseline "
            "before it goes on the card.",
            "contact": "Performance Officer, Fife Council",
        },
    ),
    (
        "city-of-edinburgh",
        "published",
        True,
        (2003, 6),
        ["LR-4"],
        ["LR-4.3", "LR-4.4"],
        {
            "title": "From the audit to a programme of action with named leads",
            "summary": "Six priorities from the joint audit, each with measurable targets and a "
            "task group whose lead reports progress to the strategic group.",
            "problem": "The strategy listed good intentions but nobody owned them.",
            "what_was_done": "The strategy was rewritten around six priorities, each with aims, "
            "targets and a programme of preventive actions assigned to a task group with a "
            "named lead and timescales.",
            "by_whom": "City of Edinburgh community safety unit and the task group leads.",
            "cost": "Staff time.",
            "impact": "All six priorities reported against targets in the first annual report.",
            "lessons": "Five to seven priorities are manageable; twelve were not.",
            "contact": "Community Safety Manager, City of Edinburgh Council",
        },
    ),
    (
        "angus",
        "published",
        True,
        (2003, 9),
        ["LR-5"],
        ["LR-5.2", "LR-5.3"],
        {
            "title": "Local operational networks in every burgh",
            "summary": "Monthly meetings of frontline staff in each of the seven burghs share "
            "information on emerging problems and agree joint responses within the week.",
            "problem": "Problems that needed two agencies waited for the forum, which met twice "
            "a year.",
            "what_was_done": "Community beat officers convened a network in each burgh with "
            "housing, youth work, schools and the fire service, with a one-page note of actions "
            "sent to the community safety officer.",
            "by_whom": "Tayside Police community beat officers with Angus Council services.",
            "cost": "Staff time; meeting rooms in council offices.",
            "impact": "Most problems raised are now resolved locally without going to the forum.",
            "lessons": "Keep the note of actions to a page and send it the same day.",
            "contact": "Community Safety Officer, Angus Council",
        },
    ),
    (
        "south-ayrshire",
        "published",
        True,
        (2003, 11),
        ["LR-7", "LR-6"],
        ["LR-7.1", "LR-6.1"],
        {
            "title": "Community safety objectives in every partner's service plan",
            "summary": "Each core partner's service plan now carries objectives taken from the "
            "partnership strategy, and the community plan uses the same words.",
            "problem": "Community safety sat with the partnership and nowhere in the services "
            "that could change things, such as housing, roads and education.",
            "what_was_done": "The community safety officer met each service head during the "
            "planning round with the strategy's priorities and proposed wording for their plan; "
            "the community planning partnership adopted the strategy's priorities.",
            "by_whom": "South Ayrshire Council chief executive's department and service heads.",
            "cost": "Staff time during the annual planning round.",
            "impact": "Nine service plans carry community safety objectives, up from two.",
            "lessons": "Bring draft wording: service heads adopt what is easy to adopt.",
            "contact": "Community Safety Co-ordinator, South Ayrshire Council",
        },
    ),
    (
        "east-dunbartonshire",
        "published",
        False,
        (2004, 1),
        ["LR-2", "LR-1"],
        ["LR-2.2", "LR-1.4"],
        {
            "title": "A partnership agreement that records each partner's contribution",
            "summary": "A signed agreement sets out the partnership's purpose and each "
            "partner's commitment of staff time and money, reviewed every year.",
            "problem": "Contributions were informal and vanished when a manager moved on.",
            "what_was_done": "The strategic group wrote a four-page agreement with a schedule of "
            "contributions, signed by each chief officer and reviewed each spring.",
            "by_whom": "East Dunbartonshire Council and its core partners.",
            "cost": "Staff time.",
            "impact": "Contributions survived two changes of senior managers.",
            "lessons": "Put the contributions in a schedule that can be updated without "
            "re-signing the whole agreement.",
            "contact": "Head of Community Safety, East Dunbartonshire Council",
        },
    ),
    (
        "fife",
        "published",
        True,
        (2004, 4),
        ["LR-8"],
        ["LR-8.2", "LR-8.3"],
        {
            "title": "An annual impact report to every partner's board",
            "summary": "One report a year sets progress against each priority's targets, with "
            "the evaluations of finished projects, and goes to each partner's committee or "
            "board.",
            "problem": "Partners heard about the partnership only when it asked for money.",
            "what_was_done": "The scorecard's actuals and the project evaluations are compiled "
            "into a twenty-page report in a fixed format each June and presented by the chair "
            "of the strategic group.",
            "by_whom": "Fife community safety team and the performance officer.",
            "cost": "About ten days a year.",
            "impact": "Two partners increased their contributions after the first report.",
            "lessons": "Report against targets, not activities, and say plainly what did not work.",
            "contact": "Community Safety Co-ordinator, Fife Council",
        },
    ),
    (
        "city-of-edinburgh",
        "published",
        True,
        (2004, 8),
        ["LR-3"],
        ["LR-3.3"],
        {
            "title": "An exit plan for every time-limited project",
            "summary": "No project starts until the partners agree what happens when its "
            "funding ends: mainstreamed by a named partner, or closed with its lessons written "
            "up.",
            "problem": "Short-term projects ended abruptly, leaving residents and staff let down.",
            "what_was_done": "A one-page exit plan became part of every funding application; "
            "the strategic group checks it at the project's midpoint.",
            "by_whom": "City of Edinburgh community safety unit.",
            "cost": "Staff time.",
            "impact": "Every project ending in 2004 either continued on a partner's budget or "
            "closed on schedule with an evaluation.",
            "lessons": "The midpoint check is what makes the plan real.",
            "contact": "Community Safety Manager, City of Edinburgh Council",
        },
    ),
    (
        "east-ayrshire",
        "submitted",
        False,
        None,
        ["LR-1"],
        ["LR-1.2"],
        {
            "title": "Setting up a strategic group above the forum",
            "summary": "Senior staff agreed a strategic partnership group that sets aims and "
            "targets for the existing forum, with task groups to deliver key priorities.",
            "problem": "The forum had no senior group to set direction or commit resources.",
            "what_was_done": "A strategic group of senior managers was agreed, with terms of "
            "reference, to finalise the strategy and set targets for the forum.",
            "by_whom": "East Ayrshire Council and its partners.",
            "cost": "Staff time.",
            "impact": "Too early to say; the first targets are being set.",
            "lessons": "Agree accountability in each partner before the first meeting.",
            "contact": "Community Safety Officer, East Ayrshire Council",
        },
    ),
    (
        "east-ayrshire",
        "returned",
        False,
        None,
        ["LR-5"],
        ["LR-5.4"],
        {
            "title": "Reporting partnership decisions to each partner",
            "summary": "A short note after each strategic group meeting for every partner's "
            "management team.",
            "problem": "Partners did not know what the partnership had decided.",
            "what_was_done": "The community safety officer sends a note after each meeting.",
            "by_whom": "East Ayrshire community safety officer.",
            "cost": "None.",
            "impact": "",
            "lessons": "",
            "contact": "Community Safety Officer, East Ayrshire Council",
        },
    ),
]
RETURN_COMMENT = (
    "Please add evidence of impact (has anything changed since the notes began?) and what "
    "others should know before it can be endorsed."
)


def seed_practice() -> list[tuple[str, str]]:
    """Create or refresh the demo examples and the practice editor; safe to run again.

    Runs after ``partnerships.demo_seed``: the editor shares the demo accounts' password hash
    (hashing is the slow part of seeding)."""
    user_model = get_user_model()
    shared = user_model.objects.filter(username="officer").values_list("password", flat=True)
    editor, _ = user_model.objects.update_or_create(
        username=EDITOR,
        defaults={
            "first_name": "Practice",
            "last_name": "Editor",
            "email": "editor@example.org",
            "password": shared.first() or make_password(PASSWORD),
            "is_active": True,
        },
    )
    editor.groups.add(Group.objects.get_or_create(name=PRACTICE_EDITOR_GROUP)[0])
    version = CatalogueVersion.objects.get(is_current=True)
    threads = {t.code: t for t in version.threads.all()}
    indicators = {i.code: i for i in version.indicators.all()}
    partnerships = {p.slug: p for p in Partnership.objects.all()}
    for slug, state, public, published, recs, codes, text in EXAMPLES:
        partnership = partnerships[slug]
        author = (
            Membership.objects.filter(partnership=partnership, role=Membership.Role.COORDINATOR)
            .select_related("user")
            .first()
        ).user
        written = timezone.make_aware(
            datetime.datetime(*(published or (2004, 10)), 1, 10, 0)
        ) - datetime.timedelta(days=60)
        published_at = (
            timezone.make_aware(datetime.datetime(*published, 15, 10, 0)) if published else None
        )
        example, _ = Example.objects.update_or_create(
            partnership=partnership,
            title=text["title"],
            defaults={
                **text,
                "state": state,
                "is_public": public,
                "created_by": author,
                "created_at": written,
                "updated_at": published_at or written,
                "published_at": published_at,
            },
        )
        example.recommendations.set([threads[c] for c in recs])
        example.indicators.set([indicators[c] for c in codes])
        example.transitions.all().delete()
        steps = [("draft", "submitted", author, "")]
        if state == "returned":
            steps.append(("submitted", "returned", editor, RETURN_COMMENT))
        if state == "published":
            steps += [
                ("submitted", "endorsed", editor, ""),
                ("endorsed", "published", editor, ""),
            ]
        for n, (from_state, to_state, by, comment) in enumerate(steps):
            Transition.objects.create(
                example=example,
                from_state=from_state,
                to_state=to_state,
                by=by,
                comment=comment,
                at=written + datetime.timedelta(days=10 * (n + 1)),
            )
    return [(EDITOR, "practice editor: endorses and publishes examples of credible practice")]
