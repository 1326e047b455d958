"""The demo partnerships: the five pathfinders of the study and East Ayrshire."""

PASSWORD = "threads-demo"

STANDARD_AGENCIES = [
    ("{area} Council", "council"),
    ("{police}", "police"),
    ("{fire}", "fire"),
    ("NHS {health}", "health"),
    ("{area} Voluntary Action", "voluntary"),
    ("{area} Chamber of Commerce", "business"),
]

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
            "and Community Safety. The Community Safety Forum is the second tier; a strategic "
            "group was agreed by senior staff in August 2000 and task groups are planned."
        ),
    },
]

# (username, first, last, role, agency kind) for East Ayrshire.
EAST_AYRSHIRE_ACCOUNTS = [
    ("officer", "Alison", "Smith", "coordinator", "council"),
    ("police", "Gordon", "Reid", "respondent", "police"),
    ("chair", "William", "Stafford", "approver", "council"),
    ("forum", "Morag", "Kerr", "viewer", None),
]
# Respondents for the other agencies of every partnership (demo ratings come from them).
RESPONDENT_KINDS = ["council", "police", "fire", "health", "voluntary"]
