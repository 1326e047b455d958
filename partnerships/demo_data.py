"""The demo partnerships: the five pathfinders of the study and East Ayrshire.

Agency names are right for the years of the demo history (2000/01 to 2004/05): the police forces
and fire brigades kept these names throughout, and the health boards became unified NHS boards in
2001, so each partnership has its "<area> Health Board" (which answered in 2000/01) and its
"NHS <area>" (from 2001/02). Every person in the demo is invented: no name from the report or of a
real office-holder is used.
"""

PASSWORD = "threads-demo"

STANDARD_AGENCIES = [
    ("{area} Council", "council"),
    ("{police}", "police"),
    ("{fire}", "fire"),
    ("NHS {health}", "health"),
    ("{area} Voluntary Action", "voluntary"),
    ("{area} Chamber of Commerce", "business"),
]
#: The health board's name before the unified NHS boards of 2001; it answered for 2000/01.
HEALTH_BOARD_BEFORE_2001 = "{health} Health Board"

PARTNERSHIPS = [
    {
        "slug": "angus",
        "name": "Angus Community Safety Partnership",
        "area": "Angus",
        "police": "Tayside Police",
        "fire": "Tayside Fire Brigade",
        "health": "Tayside",
        "description": "A pathfinder partnership of the Threads of Success study.",
    },
    {
        "slug": "city-of-edinburgh",
        "name": "City of Edinburgh Community Safety Partnership",
        "area": "City of Edinburgh",
        "police": "Lothian and Borders Police",
        "fire": "Lothian and Borders Fire Brigade",
        "health": "Lothian",
        "description": "A pathfinder partnership of the Threads of Success study.",
    },
    {
        "slug": "east-dunbartonshire",
        "name": "East Dunbartonshire Community Safety Partnership",
        "area": "East Dunbartonshire",
        "police": "Strathclyde Police",
        "fire": "Strathclyde Fire Brigade",
        "health": "Greater Glasgow",
        "description": "A pathfinder partnership of the Threads of Success study.",
    },
    {
        "slug": "fife",
        "name": "Fife Community Safety Partnership",
        "area": "Fife",
        "police": "Fife Constabulary",
        "fire": "Fife Fire and Rescue Service",
        "health": "Fife",
        "description": "A pathfinder partnership of the Threads of Success study.",
    },
    {
        "slug": "south-ayrshire",
        "name": "South Ayrshire Community Safety Partnership",
        "area": "South Ayrshire",
        "police": "Strathclyde Police",
        "fire": "Strathclyde Fire Brigade",
        "health": "Ayrshire and Arran",
        "description": "A pathfinder partnership of the Threads of Success study.",
    },
    {
        "slug": "east-ayrshire",
        "name": "East Ayrshire Community Safety Partnership",
        "area": "East Ayrshire",
        "police": "Strathclyde Police",
        "fire": "Strathclyde Fire Brigade",
        "health": "Ayrshire and Arran",
        "description": (
            "A dedicated community safety officer reports to the Principal Officer – Licensing "
            "and Community Safety. The Community Safety Forum is the second tier. Senior staff "
            "agreed on 14 August 2000 to set up a strategic group, and the community safety "
            "strategy went to the Council's Policy and Resources Committee on 30 November 2000; "
            "in the demo history the strategic group first met in 2001 and the task groups "
            "followed."
        ),
    },
]

# (username, first, last, role, agency kind) for East Ayrshire: invented people.
EAST_AYRSHIRE_ACCOUNTS = [
    ("officer", "Kirsty", "Moffat", "coordinator", "council"),
    ("police", "Iain", "Baird", "respondent", "police"),
    ("chair", "Duncan", "Rennie", "approver", "council"),
    ("forum", "Elspeth", "Muir", "viewer", None),
]
#: People named in the source report, who must never appear in the demo.
REPORT_PEOPLE = [
    ("Janice", "Hewitt"),
    ("Scott", "Ballantyne"),
    ("Gordon", "Cryle"),
    ("William", "Stafford"),
    ("Alison", "Smith"),
]
# Respondents for the other agencies of every partnership (demo ratings come from them).
RESPONDENT_KINDS = ["council", "police", "fire", "health", "voluntary"]
