"""The people part of `seed_scale`: organisations with their company accounts, host tutors
and academic supervisors, students with their profiles and skills."""

from datetime import timedelta

from allauth.account.models import EmailAddress

from accounts.models import (
    County,
    MentorProfile,
    Organisation,
    OrganisationMembership,
    Role,
    Sector,
    StudentCV,
    StudentProfile,
    User,
)
from seed.demo.accounts import cui_for

DOMAIN = "bench.practica.ro"
CV_NAME = "private/bench-cv.pdf"
WORDS = [
    "Soft", "Cod", "Digital", "Pixel", "Cloud", "Data", "Lactate", "Gusturi", "Livada", "Moara",
    "Farma", "Medica", "Vita", "Sana", "Energie", "Solar", "Eco", "Verde", "Hidro", "Bio",
    "Gena", "Enzima", "Lab", "Textil", "Fir", "Mobila", "Lemn", "Stejar", "Brad", "Atelier",
    "Construct", "Structuri", "Beton", "Proiect", "Auto", "Motor", "Piese", "Mecanica",
]  # fmt: skip
PLACES = [
    "Someș", "Napoca", "Transilvania", "Apuseni", "Carpați", "Ardeal", "Dunărea", "Bucegi",
    "Mureș", "Olt", "Siret", "Prut", "Crișana", "Banat", "Dobrogea", "Moldova", "Muntenia",
    "Oltenia", "Bucovina", "Maramureș", "Delta", "Făget", "Codru", "Cetate",
]  # fmt: skip
SUFFIXES = ["", " Grup", " Plus", " Nova", " Prim", " Tehnic", " Servicii", " Industrial"]
FIRST = [
    "Ștefan", "Ioana", "Andrei", "Maria", "Alexandru", "Elena", "Mihai", "Ana", "Bogdan",
    "Andreea", "Cristian", "Raluca", "Tudor", "Alina", "Vlad", "Oana", "Răzvan", "Irina",
    "Sorin", "Iulia", "Cătălin", "Diana", "Florin", "Bianca", "Roxana", "Teodora", "Horațiu",
]  # fmt: skip
LAST = [
    "Mureșan", "Bălan", "Țurcanu", "Pop", "Popescu", "Moldovan", "Rusu", "Crișan", "Sârbu",
    "Oprea", "Lungu", "Cozma", "Bârsan", "Nistor", "Pătrașcu", "Dumitrescu", "Ciobanu",
    "Toma", "Ungureanu", "Coman", "Drăgan", "Florea", "Georgescu", "Lazăr", "Matei", "Șerban",
]  # fmt: skip


class PeopleSeeder:
    """Mixed into seed.scale.ScaleSeeder: uses its writer, random generator and sizes."""

    def name(self, n: int) -> tuple[str, str]:
        return FIRST[n % len(FIRST)], LAST[(n // len(FIRST) + n) % len(LAST)]

    def users(self, role: str, emails: list[str], offset: int) -> range:
        ids = self.writer.ids(User, len(emails))

        def rows():
            for n, (pk, email) in enumerate(zip(ids, emails, strict=True)):
                first, last = self.name(offset + n)
                yield User(
                    pk=pk,
                    email=email,
                    first_name=first,
                    last_name=last,
                    role=role,
                    password=self.password,
                    date_joined=self.now - timedelta(days=n % 400),
                )

        self.writer.write(User, rows())
        addresses = self.writer.ids(EmailAddress, len(emails))
        self.writer.write(
            EmailAddress,
            (
                EmailAddress(pk=a, user_id=u, email=e, verified=True, primary=True)
                for a, u, e in zip(addresses, ids, emails, strict=True)
            ),
        )
        return ids

    # Organisations -----------------------------------------------------------------------

    def organisations(self):
        count = self.sizes["organisations"]
        names = self.organisation_names(count)
        admin_ids = self.users(
            Role.COMPANY, [f"company{i:04d}@{DOMAIN}" for i in range(count)], offset=7
        )
        self.write_organisations(names, admin_ids)
        memberships = self.company_memberships(admin_ids)
        self.verified = [pk for pk in self.org_ids if self.org_status[pk] == "verified"]
        self.log(f"  {count} organisations, {len(memberships)} company accounts")

    def organisation_names(self, count: int) -> list[str]:
        """Made-up legal names no organisation has yet, shuffled; numbered ones if short."""
        taken = {name.lower() for name in Organisation.objects.values_list("legal_name", flat=True)}
        names = []
        for word in WORDS:
            for place in PLACES:
                for suffix in SUFFIXES:
                    for form in ("{w} {p}{s} SRL", "{p} {w}{s} SA"):
                        name = form.format(w=word, p=place, s=suffix)
                        if name.lower() not in taken:
                            names.append(name)
        self.rng.shuffle(names)
        if len(names) < count:
            names += [f"Firma Benchmark {n} SRL" for n in range(count - len(names))]
        return names

    def write_organisations(self, names: list[str], admin_ids: range):
        """One in twenty pending, one in fifty suspended, the rest verified; each created by
        its admin."""
        sectors = list(Sector.objects.order_by("pk").values_list("pk", flat=True))
        self.counties = list(County.objects.order_by("pk").values_list("pk", "name"))
        self.org_ids = self.writer.ids(Organisation, len(admin_ids))
        self.org_status, self.org_county, self.org_city, self.org_name = {}, {}, {}, {}

        def rows():
            for i, pk in enumerate(self.org_ids):
                status = "pending" if i % 20 == 7 else "suspended" if i % 50 == 19 else "verified"
                county_id, county_name = self.counties[(i * 7) % len(self.counties)]
                self.org_status[pk], self.org_county[pk] = status, county_id
                self.org_city[pk], self.org_name[pk] = county_name, names[i]
                yield Organisation(
                    pk=pk,
                    legal_name=names[i],
                    registration_number=cui_for(40_000_000 + i * 13),
                    sector_id=sectors[i % len(sectors)],
                    county_id=county_id,
                    city=county_name,
                    website=f"https://www.firma{i:04d}.example",
                    description=f"{names[i]}: o organizație gazdă din {county_name}.",
                    status=status,
                    created_by_id=admin_ids[i],
                    created_at=self.now - timedelta(days=i % 700),
                )

        self.writer.write(Organisation, rows())
        self.org_admin = dict(zip(self.org_ids, admin_ids, strict=True))
        self.org_sector = {pk: sectors[i % len(sectors)] for i, pk in enumerate(self.org_ids)}

    def company_memberships(self, admin_ids: range) -> list[tuple[int, int, str]]:
        """Every organisation's admin, and a recruiter in one organisation of four."""
        recruiters = [i for i in range(len(self.org_ids)) if i % 4 == 0]
        recruiter_ids = self.users(
            Role.COMPANY, [f"recruiter{i:04d}@{DOMAIN}" for i in recruiters], offset=11
        )
        memberships = [(u, self.org_ids[i], "admin") for i, u in enumerate(admin_ids)]
        memberships += [
            (u, self.org_ids[i], "recruiter")
            for i, u in zip(recruiters, recruiter_ids, strict=True)
        ]
        ids = self.writer.ids(OrganisationMembership, len(memberships))
        self.writer.write(
            OrganisationMembership,
            (
                OrganisationMembership(pk=pk, user_id=u, organisation_id=o, role=r)
                for pk, (u, o, r) in zip(ids, memberships, strict=True)
            ),
        )
        return memberships

    # Mentors and students ----------------------------------------------------------------

    def people(self):
        tutors, supervisors = self.mentor_accounts()
        count = self.sizes["students"]
        self.student_ids = self.users(
            Role.STUDENT, [f"student{n:05d}@{DOMAIN}" for n in range(count)], offset=0
        )
        profile_ids = self.student_profiles()
        self.student_skills(profile_ids)
        self.log(f"  {count} students, {tutors} host tutors, {supervisors} supervisors")

    def mentor_accounts(self) -> tuple[int, int]:
        """One host tutor in every verified organisation; one supervisor per 100 students."""
        tutor_ids = self.users(
            Role.MENTOR, [f"tutor{i:04d}@{DOMAIN}" for i in range(len(self.verified))], offset=3
        )
        self.tutor_of = dict(zip(self.verified, tutor_ids, strict=True))
        supervisors = max(1, self.sizes["students"] // 100)
        self.supervisor_ids = self.users(
            Role.MENTOR, [f"supervisor{i:04d}@{DOMAIN}" for i in range(supervisors)], offset=5
        )
        profiles = [(u, "host_tutor", o) for o, u in self.tutor_of.items()]
        profiles += [(u, "supervisor", None) for u in self.supervisor_ids]
        ids = self.writer.ids(MentorProfile, len(profiles))
        self.writer.write(
            MentorProfile,
            (
                MentorProfile(
                    pk=pk,
                    user_id=u,
                    kind=kind,
                    organisation_id=o,
                    job_title="Lecturer" if o is None else "Senior engineer",
                    max_interns=None if o is None else 25,
                )
                for pk, (u, kind, o) in zip(ids, profiles, strict=True)
            ),
        )
        return len(tutor_ids), supervisors

    def student_profiles(self) -> range:
        """The programmes in turn, years 1 to 3, every student with a CV."""
        self.programme_of = {}
        profile_ids = self.writer.ids(StudentProfile, len(self.student_ids))

        def rows():
            for n, (pk, user_id) in enumerate(zip(profile_ids, self.student_ids, strict=True)):
                programme = self.programmes[n % len(self.programmes)]
                self.programme_of[user_id] = programme
                yield StudentProfile(
                    pk=pk,
                    user_id=user_id,
                    programme_id=programme,
                    year_of_study=1 + n % 3,
                    student_number=f"B{n:07d}",
                    phone=f"07{10_000_000 + n:08d}",
                )

        self.writer.write(StudentProfile, rows())
        cv_ids = self.writer.ids(StudentCV, len(profile_ids))
        self.writer.write(
            StudentCV,
            (
                StudentCV(
                    pk=pk,
                    profile_id=profile_id,
                    label="CV",
                    file=CV_NAME,
                    uploaded_at=self.now - timedelta(days=n % 90),
                )
                for n, (pk, profile_id) in enumerate(zip(cv_ids, profile_ids, strict=True))
            ),
        )
        return profile_ids

    def student_skills(self, profile_ids: range):
        if not self.skills:
            return
        Through = StudentProfile.skills.through
        links = [
            (p, s)
            for n, p in enumerate(profile_ids)
            for s in self.rng.sample(self.skills, min(len(self.skills), 2 + n % 3))
        ]
        ids = self.writer.ids(Through, len(links))
        self.writer.write(
            Through,
            (
                Through(pk=pk, studentprofile_id=p, skill_id=s)
                for pk, (p, s) in zip(ids, links, strict=True)
            ),
        )
