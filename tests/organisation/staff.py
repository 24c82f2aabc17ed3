"""Staff lists for the tests: the Annex A sample's teams, a manager each, and its workers."""

AREAS = {
    "Localities": [
        "Locality 4 Unit 1",
        "Locality 4 Unit 2",
        "Locality 4 Duty Team",
        "Locality 3 Duty Team",
        "Locality 3 Unit 2",
        "Locality 2 Unit 1",
        "Locality 2 Duty Team",
        "Multi Agency Safeguarding Hub",
    ],
    "Children in Care": [
        "Children in Care Team 1",
        "Children in Care Team 2",
        "Children in Care Team 3",
        "Care Leavers Team",
        "Children with Disabilities Team",
        "Early Help Locality 2",
        "Early Help Service",
        "Top Town Academy",
    ],
}
DUTY = {"Locality 4 Duty Team", "Locality 3 Duty Team", "Locality 2 Duty Team"}

WORKERS = {
    "Locality 4 Duty Team": ["Mathilde Cutsforth"],
    "Children in Care Team 3": ["Hallie Erwin", "Isis Chandler"],
    "Locality 4 Unit 2": ["Marty Gonsalves"],
    "Locality 4 Unit 1": ["Petra Wills", "Stevie Greenwood", "Rose Cunningham", "Ezra Leigh"],
    "Children in Care Team 1": ["Eugene Swift", "Lexie Defore", "Wyatt Hammond"],
    "Multi Agency Safeguarding Hub": ["Dustin Hazlett"],
    "Locality 2 Unit 1": ["Verdell Arp"],
    "Children with Disabilities Team": ["Delta Arthur"],
    "Locality 3 Duty Team": ["Reagan Mor", "Oswaldo Gowin"],
    "Locality 3 Unit 2": ["Franciszek Hampton"],
    "Locality 2 Duty Team": ["Janee Garwood"],
    "Children in Care Team 2": ["Fatimah Davison"],
    "Care Leavers Team": [
        "Jae Vang",
        "Emir Dyer",
        "Stefan Rees",
        "Brandon-Lee Hampton",
        "Aayan Wormald",
        "Cassius Mccarthy",
    ],
}
# On the staff list under a married name: the Annex A import cannot match her by name.
RENAMED = {"Mathilde Cutsforth": "Mathilde Cutsforth-Price"}

HEADER = "Staff ID,Name,Email,Job title,Team,Line manager,Start date,End date"


def manager_id(index: int) -> str:
    return f"TM{index:03d}"


def staff_csv() -> str:
    """Every team with a manager (line managed by the first manager) and its workers."""
    lines = [HEADER]
    number = 0
    teams = [team for names in AREAS.values() for team in names]
    for index, team in enumerate(teams, start=1):
        boss = "" if index == 1 else manager_id(1)
        slug = team.lower().replace(" ", ".")
        lines.append(
            f"{manager_id(index)},Manager of {team},tm.{slug}@northmoor.example,"
            f"Team manager,{team},{boss},01/04/2020,"
        )
        for name in WORKERS.get(team, []):
            number += 1
            listed = RENAMED.get(name, name)
            email = listed.lower().replace(" ", ".")
            lines.append(
                f"SW{number:03d},{listed},{email}@northmoor.example,Social worker,{team},"
                f"{manager_id(index)},01/09/2022,"
            )
    return "\n".join(lines) + "\n"
