"""Reference data: the sectors of the reference region, Romania's counties, starter skills."""

from django.db import migrations

SECTORS = [
    ("Creative industries and ICT", "Industrii creative și TIC"),
    ("Food and beverage", "Alimentație și băuturi"),
    ("Health and pharma", "Sănătate și farma"),
    ("Energy and environment", "Energie și mediu"),
    ("Biotechnology", "Biotehnologie"),
    ("Textiles and leather", "Textile și pielărie"),
    ("Wood and furniture", "Lemn și mobilă"),
    ("Construction", "Construcții"),
    ("Automotive", "Industria auto"),
]

# The reference region (Nord-Vest) first in this list; all 41 counties and Bucharest.
COUNTIES = [
    ("BH", "Bihor"), ("BN", "Bistrița-Năsăud"), ("CJ", "Cluj"), ("MM", "Maramureș"),
    ("SM", "Satu Mare"), ("SJ", "Sălaj"),
    ("AB", "Alba"), ("AR", "Arad"), ("AG", "Argeș"), ("BC", "Bacău"), ("BT", "Botoșani"),
    ("BV", "Brașov"), ("BR", "Brăila"), ("B", "București"), ("BZ", "Buzău"),
    ("CS", "Caraș-Severin"), ("CL", "Călărași"), ("CT", "Constanța"), ("CV", "Covasna"),
    ("DB", "Dâmbovița"), ("DJ", "Dolj"), ("GL", "Galați"), ("GR", "Giurgiu"), ("GJ", "Gorj"),
    ("HR", "Harghita"), ("HD", "Hunedoara"), ("IL", "Ialomița"), ("IS", "Iași"), ("IF", "Ilfov"),
    ("MH", "Mehedinți"), ("MS", "Mureș"), ("NT", "Neamț"), ("OT", "Olt"), ("PH", "Prahova"),
    ("SB", "Sibiu"), ("SV", "Suceava"), ("TR", "Teleorman"), ("TM", "Timiș"), ("TL", "Tulcea"),
    ("VS", "Vaslui"), ("VL", "Vâlcea"), ("VN", "Vrancea"),
]

SKILLS = [
    ("Python", "Python"), ("Java", "Java"), ("JavaScript", "JavaScript"), ("C#", "C#"),
    ("C++", "C++"), ("SQL", "SQL"), ("Web development", "Dezvoltare web"),
    ("Mobile development", "Dezvoltare mobilă"), ("Data analysis", "Analiza datelor"),
    ("Machine learning", "Învățare automată"), ("Software testing", "Testare software"),
    ("Networking", "Rețelistică"), ("Cybersecurity", "Securitate cibernetică"),
    ("UI/UX design", "Design UI/UX"), ("Graphic design", "Design grafic"),
    ("Project management", "Managementul proiectelor"), ("Marketing", "Marketing"),
    ("Accounting", "Contabilitate"), ("Laboratory techniques", "Tehnici de laborator"),
    ("Quality control", "Controlul calității"), ("CAD", "CAD"),
    ("English", "Limba engleză"), ("German", "Limba germană"), ("French", "Limba franceză"),
    ("Teamwork", "Lucru în echipă"), ("Communication", "Comunicare"),
]


def load(apps, schema_editor):
    Sector = apps.get_model("accounts", "Sector")
    County = apps.get_model("accounts", "County")
    Skill = apps.get_model("accounts", "Skill")
    for name, name_ro in SECTORS:
        Sector.objects.get_or_create(name=name, defaults={"name_ro": name_ro})
    for code, name in COUNTIES:
        County.objects.get_or_create(code=code, defaults={"name": name})
    for name, name_ro in SKILLS:
        Skill.objects.get_or_create(name=name, defaults={"name_ro": name_ro})


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
