"""Deterministic, idempotent demo data modelled on the reference programme in Cluj.

Running it twice changes nothing the second time: every record is found by its natural
key (e-mail, registration number, code) before it is created.
"""

import io
import random

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import (
    County,
    Faculty,
    MentorProfile,
    Organisation,
    OrganisationMembership,
    Programme,
    Role,
    Sector,
    Skill,
    StudentProfile,
    University,
    User,
)
from accounts.services import update_organisation
from accounts.validators import CUI_WEIGHTS

DEMO_PASSWORD = "practica-demo"  # noqa: S105 (public demo data)
DEMO_DOMAIN = "demo.practica.ro"

DEMO_LOGINS = [
    ("student", f"student@{DEMO_DOMAIN}"),
    ("company", f"company@{DEMO_DOMAIN}"),
    ("mentor (host tutor)", f"mentor@{DEMO_DOMAIN}"),
    ("mentor (academic supervisor)", f"supervisor@{DEMO_DOMAIN}"),
    ("staff", f"staff@{DEMO_DOMAIN}"),
    ("staff of one faculty (Mathematics and Computer Science)", f"fmi@{DEMO_DOMAIN}"),
]

PROGRAMMES = [
    ("INFO", "Computer Science", "Faculty of Mathematics and Computer Science"),
    ("IE", "Business Information Systems", "Faculty of Economics and Business Administration"),
    ("BIO", "Biotechnology", "Faculty of Biology and Geology"),
]
# The faculties: English name, code, Romanian name.
FACULTIES = {
    "Faculty of Mathematics and Computer Science": (
        "FMI",
        "Facultatea de Matematică și Informatică",
    ),
    "Faculty of Economics and Business Administration": (
        "FSEGA",
        "Facultatea de Științe Economice și Gestiunea Afacerilor",
    ),
    "Faculty of Biology and Geology": ("FBG", "Facultatea de Biologie și Geologie"),
}
# Their names in Romanian, the faculty's and its dean's, as the agreements print them.
PROGRAMMES_RO = {
    "INFO": ("Informatică", "Facultatea de Matematică și Informatică", "Prof. dr. Adrian Tudose"),
    "IE": (
        "Informatică economică",
        "Facultatea de Științe Economice și Gestiunea Afacerilor",
        "Prof. dr. Corina Lazăr",
    ),
    "BIO": ("Biotehnologie", "Facultatea de Biologie și Geologie", "Prof. dr. Horia Vâlcu"),
}
UNIVERSITY = {
    "legal_name": "Universitatea din Cluj",
    "legal_name_en": "University of Cluj",
    "address": "Str. Universității nr. 1, 400000 Cluj-Napoca, județul Cluj",
    "registration_number": "4305849",
    "legal_representative": "Prof. dr. Mircea Ardelean",
    "legal_representative_function": "Rector",
    "phone": "0264 405 300",
    "email": "practica@demo.practica.ro",
    "website": "https://demo.practica.ro",
}
REPRESENTATIVE_FUNCTIONS = ["Administrator", "Director general", "Director executiv"]

FIRST_NAMES = [
    "Ștefan",
    "Ioana",
    "Andrei",
    "Maria",
    "Alexandru",
    "Elena",
    "Mihai",
    "Ana",
    "Bogdan",
    "Andreea",
    "Cristian",
    "Raluca",
    "Tudor",
    "Alina",
    "Vlad",
    "Oana",
    "Răzvan",
    "Irina",
    "Sorin",
    "Iulia",
    "Cătălin",
    "Diana",
    "Florin",
    "Bianca",
    "Gheorghe",
    "Roxana",
    "Dănuț",
    "Teodora",
    "Horațiu",
    "Simona",
    "Adrian",
    "Larisa",
    "Radu",
    "Mădălina",
    "Ionuț",
    "Cosmina",
    "Paul",
    "Loredana",
    "Octavian",
    "Ștefania",
    "Nicolae",
    "Anca",
    "Marius",
    "Corina",
]
LAST_NAMES = [
    "Mureșan",
    "Bălan",
    "Țurcanu",
    "Pop",
    "Popescu",
    "Moldovan",
    "Rusu",
    "Crișan",
    "Sârbu",
    "Oprea",
    "Lungu",
    "Cozma",
    "Bârsan",
    "Nistor",
    "Pătrașcu",
    "Dumitrescu",
    "Ciobanu",
    "Mărginean",
    "Toma",
    "Ungureanu",
    "Coman",
    "Drăgan",
    "Florea",
    "Georgescu",
    "Hossu",
    "Ilieș",
    "Jurcă",
    "Lazăr",
    "Matei",
    "Năstase",
    "Petrică",
    "Roman",
    "Șerban",
    "Tămaș",
    "Vlaicu",
    "Zăgrean",
    "Avram",
    "Boța",
    "Cîmpean",
    "Deac",
    "Fărcaș",
    "Gavrilă",
    "Ștețco",
]
CITIES = {
    "CJ": ["Cluj-Napoca", "Turda", "Dej", "Florești", "Câmpia Turzii"],
    "BH": ["Oradea", "Salonta", "Beiuș"],
    "BN": ["Bistrița", "Beclean", "Năsăud"],
    "MM": ["Baia Mare", "Sighetu Marmației", "Borșa"],
    "SM": ["Satu Mare", "Carei", "Negrești-Oaș"],
    "SJ": ["Zalău", "Șimleu Silvaniei", "Jibou"],
}
ORG_WORDS = {
    "Creative industries and ICT": ["Soft", "Cod", "Digital", "Pixel", "Cloud", "Data"],
    "Food and beverage": ["Lactate", "Panificație", "Gusturi", "Livada", "Moara"],
    "Health and pharma": ["Farma", "Medica", "Clinica", "Vita", "Sana"],
    "Energy and environment": ["Energie", "Solar", "Eco", "Verde", "Hidro"],
    "Biotechnology": ["Bio", "Gena", "Celula", "Enzima", "Lab"],
    "Textiles and leather": ["Textil", "Confecții", "Pielărie", "Croitorie", "Fir"],
    "Wood and furniture": ["Mobila", "Lemn", "Stejar", "Brad", "Atelier"],
    "Construction": ["Construct", "Structuri", "Arhitect", "Beton", "Proiect"],
    "Automotive": ["Auto", "Motor", "Piese", "Mecanica", "Drive"],
}
ORG_PLACES = [
    "Someș",
    "Napoca",
    "Transilvania",
    "Apuseni",
    "Carpați",
    "Ardeal",
    "Feleac",
    "Cetate",
    "Nord",
    "Vest",
    "Crișana",
    "Codru",
    "Făget",
    "Iris",
    "Mărăști",
]
JOB_TITLES = [
    "Senior engineer",
    "Team lead",
    "Project manager",
    "Laboratory head",
    "Technical director",
    "Software architect",
    "Quality manager",
]


def cui_for(number: int) -> str:
    """A valid Romanian CUI built from an 8-digit body."""
    body = str(number).rjust(9, "0")[-9:]
    total = sum(int(d) * w for d, w in zip(body, CUI_WEIGHTS, strict=True))
    check = (total * 10) % 11
    return body.lstrip("0") + str(0 if check == 10 else check)


def _unique_legal_name(i: int, word: str, place: str, used_names: set[str]) -> str:
    legal_name = f"{word} {place} SRL" if i % 4 else f"{place} {word} SA"
    if i == 0:
        legal_name = "Codează Someș SRL"
    for suffix in ("", " Grup", " Plus", " Nova", " Prim", " Trei", " Unu", " Doi"):
        candidate = legal_name.replace(" SRL", f"{suffix} SRL").replace(" SA", f"{suffix} SA")
        if candidate not in used_names:
            return candidate
    return legal_name


def _website(word: str, place: str) -> str:
    return (
        # Under the reserved .example top-level domain: one site of its own per organisation.
        f"https://www.{word.lower()}-{place.lower()}.example".replace("ș", "s")
        .replace("ț", "t")
        .replace("ă", "a")
        .replace("â", "a")
        .replace("î", "i")
    )


STREETS = [
    "Memorandumului",
    "Observatorului",
    "Republicii",
    "Fabricii",
    "Dorobanților",
    "Horea",
    "Moților",
    "Teodor Mihali",
    "Calea Florești",
    "Avram Iancu",
]


def _representative(i: int) -> str:
    first = FIRST_NAMES[(i * 7 + 3) % len(FIRST_NAMES)]
    return f"{first} {LAST_NAMES[(i * 11 + 5) % len(LAST_NAMES)]}"


def _organisation_status(i: int) -> str:
    if i % 10 == 7:
        return Organisation.Status.PENDING
    if i % 40 == 19:
        return Organisation.Status.SUSPENDED
    return Organisation.Status.VERIFIED


LOGO_COLOURS = ["#1f4e8c", "#b03a2e", "#1e8449", "#7d3c98", "#9a5b0b", "#117a65", "#2e4053"]


def _demo_logo(i: int, organisation: Organisation) -> SimpleUploadedFile:
    """A made-up logo: the initials of the name in white on a coloured shape, uploaded as an
    admin would (the service draws it again like any other)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGBA", (320, 320), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    colour = LOGO_COLOURS[i % len(LOGO_COLOURS)]
    if i % 3 == 0:
        draw.rounded_rectangle((10, 10, 310, 310), radius=64, fill=colour)
    else:
        draw.ellipse((10, 10, 310, 310), fill=colour)
    initials = "".join(word[0] for word in organisation.legal_name.split()[:2]).upper()
    try:
        font = ImageFont.truetype(settings.PDF_FONT_BOLD, 132)
    except OSError:
        font = ImageFont.load_default(size=132)
    draw.text((160, 164), initials, font=font, fill="white", anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


class Seeder:
    def __init__(self, *, students: int, organisations: int, mentors: int):
        self.rng = random.Random(2026)
        self.sizes = {"students": students, "organisations": organisations, "mentors": mentors}
        self.password = make_password(DEMO_PASSWORD)
        self.existing = set(User.objects.values_list("email", flat=True))
        self.created = 0

    def person(self):
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def user(self, email, first_name, last_name, role, **extra) -> User:
        if email in self.existing:
            return User.objects.get(email=email)
        user = User.objects.create(
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            password=self.password,
            **extra,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.existing.add(email)
        self.created += 1
        return user

    def run(self):
        faculties = {
            name: Faculty.objects.get_or_create(
                name=name, defaults={"code": code, "name_ro": name_ro}
            )[0]
            for name, (code, name_ro) in FACULTIES.items()
        }
        programmes = [
            Programme.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "faculty_unit": faculties[fac],
                    "faculty": fac,
                    "name_ro": PROGRAMMES_RO[code][0],
                    "faculty_ro": PROGRAMMES_RO[code][1],
                    "dean": PROGRAMMES_RO[code][2],
                },
            )[0]
            for code, name, fac in PROGRAMMES
        ]
        if not University.objects.exists():
            University.objects.create(**UNIVERSITY)
        sectors = {s.name: s for s in Sector.objects.all()}
        counties = {c.code: c for c in County.objects.filter(code__in=CITIES)}
        skills = list(Skill.objects.order_by("name"))

        self.user(
            f"staff@{DEMO_DOMAIN}",
            "Elena",
            "Mărginean",
            Role.STAFF,
            is_staff=True,
            is_superuser=True,
        )
        self.user(f"office@{DEMO_DOMAIN}", "Radu", "Ciobanu", Role.STAFF)
        one_faculty = self.user(
            f"fmi@{DEMO_DOMAIN}", "Irina", "Pop", Role.STAFF, all_faculties=False
        )
        one_faculty.faculties.add(faculties["Faculty of Mathematics and Computer Science"])

        organisations = self.organisations(sectors, counties)
        self.mentors(organisations)
        self.students(programmes, skills)

    def organisations(self, sectors, counties):
        organisations, used_names = [], set()
        for i in range(self.sizes["organisations"]):
            organisation, created = self.organisation(i, sectors, counties, used_names)
            organisations.append(organisation)
            admin = self.company_accounts(i, organisation, created=created)
            if created and i % 3 != 2:  # one in three shows the first letter of its name
                update_organisation(
                    organisation=organisation, by=admin, data={}, logo=_demo_logo(i, organisation)
                )
        return organisations

    def organisation(self, i, sectors, counties, used_names) -> tuple[Organisation, bool]:
        """The i-th organisation: sectors in turn, two in three in Cluj as in the reference
        programme, a legal name no other one has, a valid CUI."""
        sector_name = list(ORG_WORDS)[i % len(ORG_WORDS)]
        county_codes = list(CITIES)
        code = "CJ" if i % 3 else county_codes[(i // 3) % len(county_codes)]
        word = ORG_WORDS[sector_name][(i // len(ORG_WORDS)) % len(ORG_WORDS[sector_name])]
        place = ORG_PLACES[i % len(ORG_PLACES)]
        legal_name = _unique_legal_name(i, word, place, used_names)
        used_names.add(legal_name)
        return Organisation.objects.get_or_create(
            registration_number=cui_for(14_000_000 + i * 7919),
            defaults={
                "legal_name": legal_name,
                "sector": sectors[sector_name],
                "county": counties[code],
                "city": self.rng.choice(CITIES[code]),
                "website": _website(word, place),
                "address": f"Str. {STREETS[i % len(STREETS)]} nr. {1 + i % 97}",
                "phone": f"0264 {400_000 + i * 37 % 599_999:06d}",
                "legal_representative": _representative(i),
                "legal_representative_function": REPRESENTATIVE_FUNCTIONS[i % 3],
                "description": (
                    f"{legal_name} takes interns every year: small teams, real projects "
                    "and a host tutor for each intern."
                ),
                "status": _organisation_status(i),
            },
        )

    def company_accounts(self, i, organisation, *, created: bool):
        """The organisation's admin (who created it) and, in one of four, a recruiter."""
        email = f"company@{DEMO_DOMAIN}" if i == 0 else f"admin{i:02d}@{DEMO_DOMAIN}"
        first, last = ("Andrei", "Pop") if i == 0 else self.person()
        admin = self.user(email, first, last, Role.COMPANY)
        OrganisationMembership.objects.get_or_create(
            user=admin,
            defaults={"organisation": organisation, "role": OrganisationMembership.Role.ADMIN},
        )
        if created:
            organisation.created_by = admin
            organisation.save(update_fields=["created_by"])
        if i % 4 == 0:
            first, last = self.person()
            recruiter = self.user(f"recruiter{i:02d}@{DEMO_DOMAIN}", first, last, Role.COMPANY)
            OrganisationMembership.objects.get_or_create(
                user=recruiter,
                defaults={
                    "organisation": organisation,
                    "role": OrganisationMembership.Role.RECRUITER,
                },
            )
        return admin

    def mentors(self, organisations):
        total = self.sizes["mentors"]
        supervisors = max(1, total * 3 // 10)
        verified = [o for o in organisations if o.is_verified] or organisations
        for i in range(total):
            if i < supervisors:
                email = (
                    f"supervisor@{DEMO_DOMAIN}" if i == 0 else f"supervisor{i:02d}@{DEMO_DOMAIN}"
                )
                first, last = ("Horațiu", "Crișan") if i == 0 else self.person()
                kind, organisation = MentorProfile.Kind.SUPERVISOR, None
                title = "Lecturer"
            else:
                j = i - supervisors
                email = f"mentor@{DEMO_DOMAIN}" if j == 0 else f"tutor{j:02d}@{DEMO_DOMAIN}"
                first, last = ("Ștefan", "Mureșan") if j == 0 else self.person()
                kind, organisation = MentorProfile.Kind.HOST_TUTOR, verified[j % len(verified)]
                title = self.rng.choice(JOB_TITLES)
            user = self.user(email, first, last, Role.MENTOR)
            MentorProfile.objects.get_or_create(
                user=user,
                defaults={
                    "kind": kind,
                    "organisation": organisation,
                    "job_title": title,
                    "max_interns": 5,
                    # The other mentor of each internship reads it (mentors.contact_*).
                    "phone": f"0264 {500 + i // 1000:03d} {i % 1000:03d}",
                },
            )

    def students(self, programmes, skills):
        for i in range(self.sizes["students"]):
            email = f"student@{DEMO_DOMAIN}" if i == 0 else f"student{i:03d}@{DEMO_DOMAIN}"
            first, last = ("Ioana", "Bălan") if i == 0 else self.person()
            user = self.user(email, first, last, Role.STUDENT)
            profile, created = StudentProfile.objects.get_or_create(
                user=user,
                defaults={
                    "programme": programmes[i % len(programmes)],
                    "year_of_study": 1 + (i % 3),
                    "student_number": f"S{2024000 + i}",
                    "phone": f"07{self.rng.randrange(10**7, 10**8)}",
                    "bio": "",
                },
            )
            if created:
                profile.skills.set(self.rng.sample(skills, k=min(len(skills), 2 + i % 4)))
