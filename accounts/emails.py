"""One spelling per mailbox, so that one person cannot end up with two accounts.

`idn@exämple.ro` and `idn@xn--exmple-cua.ro` reach the same mailbox: the domain is written
in Unicode in the first and in its ASCII (punycode) form in the second. Every address that
creates or finds an account goes through `normalise_email` first: sign-up, login, password
reset, invitations, the roster import and the User manager.
"""

import idna


def normalise_domain(domain: str) -> str:
    """The domain's ASCII form (IDNA 2008 with UTS #46 mapping), lower-case.

    A domain that is not a valid internationalised name is only lower-cased: the e-mail
    validator refuses it with its own message.
    """
    domain = domain.strip().rstrip(".")
    try:
        return idna.encode(domain, uts46=True).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError):
        return domain.lower()


def normalise_email(email: str) -> str:
    """Trimmed, lower-case (as allauth stores addresses), the domain in its ASCII form.

    The local part is kept as written, apart from case: only the domain has two spellings.
    """
    email = (email or "").strip()
    local, at, domain = email.rpartition("@")
    if not at:
        return email.lower()
    return f"{local.lower()}@{normalise_domain(domain)}"
