"""Street names for synthetic Milwaukee addresses (real names, invented numbers)."""

# East of the Milwaukee River north-south streets have names; west of it they are numbered.
NAMED_NORTH_SOUTH = (
    "Humboldt Blvd", "Oakland Ave", "Downer Ave", "Prospect Ave", "Farwell Ave", "Water St", "Broadway",
    "Kinnickinnic Ave", "Howell Ave", "Bay St", "Delaware Ave", "Clement Ave", "Superior St",
)
# Numbered streets are about 1/16 mile (≈0.00131° of longitude here) apart.
NUMBERED_STREET_SPACING_LON = 0.00131

# East-west streets with their approximate latitude, so an address lies on a street near the camera.
EAST_WEST_BY_LAT = (
    (42.9300, "Rawson Ave"), (42.9445, "Grange Ave"), (42.9590, "Layton Ave"), (42.9735, "Howard Ave"),
    (42.9805, "Morgan Ave"), (42.9880, "Oklahoma Ave"), (43.0030, "Lincoln Ave"), (43.0100, "Burnham St"),
    (43.0170, "Greenfield Ave"), (43.0230, "National Ave"), (43.0310, "Pierce St"), (43.0387, "Wisconsin Ave"),
    (43.0432, "State St"), (43.0480, "Vliet St"), (43.0530, "Walnut St"), (43.0605, "North Ave"),
    (43.0677, "Center St"), (43.0715, "Locust St"), (43.0750, "Burleigh St"), (43.0825, "Keefe Ave"),
    (43.0895, "Capitol Dr"), (43.1040, "Hampton Ave"), (43.1185, "Silver Spring Dr"), (43.1335, "Mill Rd"),
    (43.1480, "Good Hope Rd"), (43.1630, "Brown Deer Rd"), (43.1780, "Bradley Rd"), (43.1920, "County Line Rd"),
)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


BUSINESS_NAMES = (
    "Corner Market", "Auto Repair", "Food Mart", "Liquor", "Pharmacy", "Tavern", "Laundromat", "Hardware",
    "Barber Shop", "Bakery", "Taqueria", "Pizza", "Gas & Go", "Dollar Store", "Cell Phone Repair", "Tire Shop",
    "Daycare", "Dental Clinic", "Credit Union", "Grocery", "Coffee House", "Bike Shop", "Beauty Supply",
    "Pawn & Loan", "Self Storage", "Car Wash", "Fish Fry", "Supper Club", "Brewery", "Frozen Custard",
)
OWNER_SURNAMES = (
    "Hernandez", "Kowalski", "Johnson", "Nguyen", "Schmidt", "Washington", "Garcia", "Vang", "Mueller", "Lopez",
    "Jackson", "Novak", "Thao", "Williams", "Martinez", "Brown", "Zielinski", "Davis", "Her", "Wojcik",
)
BUSINESS_SPOTS = ("entrance", "lot", "register", "alley", "loading dock", "side door", "front window", "drive-thru")
RESIDENCE_LABELS = (
    "Front porch", "Driveway", "Back alley garage", "Side yard", "Backyard", "Front door", "Garage", "Porch doorbell",
    "Alley", "Front steps", "Back door", "Carport",
)
PUBLIC_LABELS = (
    "MCTS stop", "Library entrance", "Park pavilion", "Recreation center", "Fire station apron",
    "School entrance", "Community center", "Pedestrian bridge",
)
