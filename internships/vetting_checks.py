"""What staff read before verifying an organisation: does it look like another one?

An impersonator copies a known organisation's website, e-mail domain, name, phone or address
and changes the CUI and the city. Each organisation on a vetting page is compared with every
other organisation (any status) on:

- website domain: the registrable host (no scheme, "www.", port, path or case) of both sites;
- e-mail domain: its admins' e-mail domains against the other's website and admins' e-mail
  domains (free mail providers such as gmail.com say nothing and are ignored);
- name: diacritics folded (ș/ş, ț/ţ, ă, â, î), legal forms removed (SRL, S.A., PFA,
  Asociația, Fundația ...), word order ignored; similar when the ratio of the sorted words
  (difflib) reaches NAME_SIMILARITY (85%), or when one name holds every word of the other
  (two words at least);
- phone: digits only, +40 / 0040 / 40 read as the leading 0;
- address: folded and whitespace-normalised, equal or at least ADDRESS_SIMILARITY (90%) alike.

One query whatever the page: every organisation's comparison fields and its admins'
e-mails. Only candidates are compared: organisations sharing a domain, a phone, an address,
or a name word's first or last three letters; a merely similar address counts among them.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db.models import FilteredRelation, Q
from django.utils.translation import gettext as _

from accounts.models import Organisation, OrganisationMembership

NAME_SIMILARITY = 0.85
ADDRESS_SIMILARITY = 0.9
# A domain used by more organisations than this is a host or a provider (a group's shared
# parent domain, a site builder, an e-mail service), not a sign that two are one.
SHARED_DOMAIN_LIMIT = 10

LEGAL_FORMS = frozenset(
    {
        "sc",
        "srl",
        "srld",
        "sa",
        "sca",
        "scs",
        "snc",
        "pfa",
        "ii",
        "if",
        "ong",
        "asociatia",
        "fundatia",
        "societatea",
        "comerciala",
        "cooperativa",
        "ltd",
        "llc",
        "inc",
        "gmbh",
    }
)

FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "yahoo.ro",
        "yahoo.co.uk",
        "ymail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.com",
        "gmx.net",
        "mail.com",
        "proton.me",
        "protonmail.com",
        "yandex.com",
        "yandex.ru",
        "zoho.com",
        # Reserved for examples (RFC 2606): no organisation owns them.
        "example.com",
        "example.org",
        "example.net",
    }
)

# Suffixes under which each name belongs to someone else: the registrable domain keeps one
# more label ("firma.com.ro", "firma.wordpress.com", "firma.co.uk").
SHARED_SUFFIXES = frozenset(
    {
        "com.ro",
        "org.ro",
        "info.ro",
        "nom.ro",
        "firm.ro",
        "store.ro",
        "tm.ro",
        "rec.ro",
        "arts.ro",
        "co.uk",
        "org.uk",
        "com.au",
        "wordpress.com",
        "blogspot.com",
        "wixsite.com",
        "github.io",
        "netlify.app",
        "herokuapp.com",
        "business.site",
        "webnode.ro",
    }
)


def fold(text: str) -> str:
    """Lower case, without diacritics (both the comma and the cedilla ș/ş, ț/ţ)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_words(name: str) -> frozenset[str]:
    """The distinctive words of a legal name: folded, without punctuation or legal form."""
    text = fold(name).replace(".", "")
    words = re.findall(r"[a-z0-9]+", text)
    return frozenset(w for w in words if w not in LEGAL_FORMS and len(w) > 1)


def name_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """How alike two names are, word by word: each word of the shorter name is matched with
    its most alike word of the other, and the score is their mean. "Motor Transilvania" is
    not "Transilvania Croitorie" (one shared word of two); "Codeazaa Somes" is "Codează
    Someș" (a typo). A one-word name is compared whole."""
    if not a or not b:
        return 0.0
    common = a & b
    if len(common) >= 2 and common in (a, b):
        return max(0.9, _ratio(a, b))
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) == 1:
        return _ratio(a, b)
    best = [max(SequenceMatcher(None, word, other).ratio() for other in longer) for word in shorter]
    return sum(best) / len(best)


def _ratio(a, b) -> float:
    return SequenceMatcher(None, " ".join(sorted(a)), " ".join(sorted(b))).ratio()


def registrable_domain(url_or_email: str) -> str:
    """ "https://WWW.Firma.ro:443/contact" and "ana@mail.firma.ro" both give "firma.ro"."""
    text = (url_or_email or "").strip().lower()
    if "@" in text and "://" not in text:
        host = text.rsplit("@", 1)[-1]
    else:
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
        host = re.split(r"[/?#]", host, maxsplit=1)[0].rsplit("@", 1)[-1]
    host = host.split(":")[0].strip(".")
    labels = [label for label in host.split(".") if label]
    if len(labels) < 2:
        return ""
    keep = 3 if ".".join(labels[-2:]) in SHARED_SUFFIXES else 2
    return ".".join(labels[-keep:])


def email_domain(email: str) -> str:
    """The registrable domain of an e-mail address; "" for free mail providers."""
    domain = registrable_domain(email) if "@" in (email or "") else ""
    return "" if domain in FREE_MAIL or email.rsplit("@", 1)[-1].lower() in FREE_MAIL else domain


def phone_key(phone: str) -> str:
    """The national number: digits only, +40 / 0040 / 40 read as the leading 0."""
    digits = re.sub(r"\D", "", phone or "")
    for prefix in ("0040", "40"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 9:
            digits = "0" + digits[len(prefix) :]
    return digits if len(digits) >= 9 else ""


def address_key(address: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(address)))


@dataclass
class Profile:
    """What an organisation is compared on."""

    pk: int
    legal_name: str
    registration_number: str
    city: str
    status: str
    website: str = ""
    emails: list[str] = field(default_factory=list)
    phone: str = ""
    address: str = ""

    def __post_init__(self):
        self.words = name_words(self.legal_name)
        self.site = registrable_domain(self.website)
        self.mail_domains = {d for d in map(email_domain, self.emails) if d}
        self.phone_key = phone_key(self.phone)
        self.address_key = address_key(self.address)

    def forget_domains(self, domains) -> None:
        """Domains too many organisations share say nothing about this one."""
        if self.site in domains:
            self.site = ""
        self.mail_domains -= domains

    def get_status_display(self):
        return Organisation.Status(self.status).label


@dataclass
class Match:
    organisation: Profile
    reasons: list[str]


def _reasons(mine: Profile, other: Profile) -> list[str]:
    reasons = []
    if mine.site and mine.site == other.site:
        reasons.append(_("same website domain (%(domain)s)") % {"domain": mine.site})
    if other.site and other.site in mine.mail_domains:
        reasons.append(
            _("its admin's e-mail is on the other's website domain (%(domain)s)")
            % {"domain": other.site}
        )
    elif mine.site and mine.site in other.mail_domains:
        reasons.append(
            _("the other's admin e-mail is on its website domain (%(domain)s)")
            % {"domain": mine.site}
        )
    shared_mail = sorted(mine.mail_domains & other.mail_domains - {mine.site, other.site})
    if shared_mail:
        reasons.append(_("same e-mail domain (%(domain)s)") % {"domain": shared_mail[0]})
    similarity = name_similarity(mine.words, other.words)
    if similarity >= NAME_SIMILARITY:
        reasons.append(_("similar name (%(percent)d%%)") % {"percent": round(similarity * 100)})
    if mine.phone_key and mine.phone_key == other.phone_key:
        reasons.append(_("same phone number"))
    if mine.address_key and other.address_key:
        alike = mine.address_key == other.address_key or (
            # the street may be spelt differently; the numbers (street, building) may not
            re.findall(r"\d+", mine.address_key) == re.findall(r"\d+", other.address_key)
            and SequenceMatcher(None, mine.address_key, other.address_key).ratio()
            >= ADDRESS_SIMILARITY
        )
        if alike:
            reasons.append(_("same address"))
    return reasons


def _profiles() -> list[Profile]:
    """Every organisation's comparison fields and its admins' e-mails: one query."""
    fields = ["pk", "legal_name", "registration_number", "city", "status", "website"]
    fields += ["phone", "address"]
    rows = (
        Organisation.objects.annotate(
            admins=FilteredRelation(
                "memberships", condition=Q(memberships__role=OrganisationMembership.Role.ADMIN)
            )
        )
        .order_by("pk")
        .values_list(*fields, "admins__user__email")
    )
    profiles = {}
    for *values, email in rows:
        profile = profiles.get(values[0])
        if profile is None:
            profile = profiles[values[0]] = dict(zip(fields, values, strict=True), emails=[])
        if email:
            profile["emails"].append(email)
    return [Profile(**profile) for profile in profiles.values()]


def _fragments(words) -> set[str]:
    return {w[:3] for w in words} | {w[-3:] for w in words}


def similar_organisations(organisations) -> dict[int, list[Match]]:
    """For each organisation given, the others it resembles and why; the strongest first."""
    everyone = _profiles()
    by_pk = {p.pk: p for p in everyone}
    by_site, by_fragment, by_phone, by_address = {}, {}, {}, {}
    for profile in everyone:
        for domain in {profile.site, *profile.mail_domains} - {""}:
            by_site.setdefault(domain, set()).add(profile.pk)
    providers = {domain for domain, pks in by_site.items() if len(pks) > SHARED_DOMAIN_LIMIT}
    for profile in everyone:
        profile.forget_domains(providers)
    by_site = {domain: pks for domain, pks in by_site.items() if domain not in providers}
    for profile in everyone:
        for fragment in _fragments(profile.words):
            by_fragment.setdefault(fragment, set()).add(profile.pk)
        if profile.phone_key:
            by_phone.setdefault(profile.phone_key, set()).add(profile.pk)
        if profile.address_key:
            by_address.setdefault(profile.address_key, set()).add(profile.pk)
    found = {}
    for organisation in organisations:
        mine = by_pk.get(organisation.pk)
        if mine is None:
            continue
        candidates = set()
        for domain in {mine.site, *mine.mail_domains} - {""}:
            candidates |= by_site.get(domain, set())
        for fragment in _fragments(mine.words):
            candidates |= by_fragment.get(fragment, set())
        candidates |= by_phone.get(mine.phone_key, set()) if mine.phone_key else set()
        candidates |= by_address.get(mine.address_key, set()) if mine.address_key else set()
        candidates.discard(mine.pk)
        matches = []
        for pk in sorted(candidates):
            reasons = _reasons(mine, by_pk[pk])
            if reasons:
                matches.append(Match(organisation=by_pk[pk], reasons=reasons))
        matches.sort(key=lambda m: -len(m.reasons))
        found[organisation.pk] = matches
    return found
