"""The django-allauth strings our users see, so that our catalogue translates them.

allauth's own Romanian translation mostly lacks diacritics ("Conecteaza-te", "Tine-ma
minte") and speaks informally ("te rugam"). Django gives the catalogues in LOCALE_PATHS
precedence over those of installed apps, so a msgid in locale/ro/LC_MESSAGES/django.po
overrides allauth's translation of the same msgid. `make messages` finds the strings
below (makemessages reads every .py file of the project) and keeps them in our catalogue,
where they are translated in the same words and register as the rest of Practica.

Only the pages, form fields, flash messages and e-mails reachable with our settings are
listed: e-mail login, mandatory verification by link, password reset by link, no phone,
no login by code, no social accounts, no MFA. Each msgid is exactly allauth's text
(template variables become %(name)s); tests/accounts/test_allauth_romanian.py checks that
allauth still uses every one of them, so an upgrade that rewords one is noticed. Nothing
imports this module at run time.
"""

from django.utils.translation import gettext_noop

MSGIDS = (
    # Sign in: account/login.html, LoginForm, the flash message after it.
    gettext_noop("Sign In"),
    gettext_noop(
        "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
    ),
    gettext_noop("Email"),
    gettext_noop("Email address"),
    gettext_noop("Password"),
    gettext_noop("Forgot your password?"),
    gettext_noop("Remember Me"),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Successfully signed in as %(name)s."),
    # Sign out: account/logout.html and the flash message.
    gettext_noop("Sign Out"),
    gettext_noop("Are you sure you want to sign out?"),
    gettext_noop("You have signed out."),
    # Password reset: the request, the e-mail, the done page, the key pages.
    gettext_noop("Password Reset"),
    gettext_noop("Note"),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email "
        "allowing you to reset it."
    ),
    gettext_noop("Reset My Password"),
    gettext_noop("Please contact us if you have any trouble resetting your password."),
    gettext_noop("The email address is not assigned to any user account."),
    gettext_noop("Password Reset Email"),
    gettext_noop(
        "You're receiving this email because you or someone else has requested a password "
        "reset for your user account.\nIt can be safely ignored if you did not request a "
        "password reset. Click the link below to reset your password."
    ),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam "
        "folder. Otherwise contact us if you do not receive it in a few minutes."
    ),
    gettext_noop("Bad Token"),
    gettext_noop(
        "The password reset link was invalid, possibly because it has already been used.  "
        'Please request a <a href="%(passwd_reset_url)s">new password reset</a>.'
    ),
    gettext_noop("Change Password"),
    gettext_noop("New Password"),
    gettext_noop("New Password (again)"),
    gettext_noop("Cancel"),
    gettext_noop("You must type the same password each time."),
    gettext_noop("Your password is now changed."),
    # Password change and set: account/password_change.html, password_set.html.
    gettext_noop("Current Password"),
    gettext_noop("Please type your current password."),
    gettext_noop("Password successfully changed."),
    gettext_noop("Set Password"),
    gettext_noop("Password (again)"),
    gettext_noop("Password successfully set."),
    # E-mail management: account/email.html and its flash messages.
    gettext_noop("Email Addresses"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Verified"),
    gettext_noop("Unverified"),
    gettext_noop("Primary"),
    gettext_noop("Make Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Remove"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Warning:"),
    gettext_noop(
        "You currently do not have any email address set up. You should really add an email "
        "address so you can receive notifications, reset your password, etc."
    ),
    gettext_noop("This email address is already associated with this account."),
    gettext_noop("Confirmation email sent to %(email)s."),
    gettext_noop("Primary email address set."),
    gettext_noop("Your primary email address must be verified."),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("Removed email address %(email)s."),
    # E-mail confirmation: sign-up's duplicate address, the e-mail, the pages after it.
    gettext_noop("A user is already registered with this email address."),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Hello from %(site_name)s!"),
    gettext_noop(
        "You're receiving this email because user %(user_display)s has given your email "
        "address to register an account on %(site_domain)s."
    ),
    gettext_noop("To confirm this is correct, go to %(activate_url)s"),
    gettext_noop("Thank you for using %(site_name)s!\n%(site_domain)s"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop(
        "We have sent an email to you for verification. Follow the link provided to finalize "
        "the signup process. If you do not see the verification email in your main inbox, "
        "check your spam folder. Please contact us if you do not receive the verification "
        "email within a few minutes."
    ),
    gettext_noop("Confirm Email Address"),
    gettext_noop(
        'Please confirm that <a href="mailto:%(email)s">%(email)s</a> is an email address '
        "for user %(user_display)s."
    ),
    gettext_noop("Confirm"),
    gettext_noop(
        "Unable to confirm %(email)s because it is already confirmed by a different account."
    ),
    gettext_noop(
        "This email confirmation link expired or is invalid. Please "
        '<a href="%(email_url)s">issue a new email confirmation request</a>.'
    ),
    gettext_noop("You have confirmed %(email)s."),
    # Reauthentication: account/reauthenticate.html.
    gettext_noop("Confirm Access"),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop("Enter your password:"),
    gettext_noop("Incorrect password."),
    # An inactive account, and sign-up if the adapter ever closes it.
    gettext_noop("Account Inactive"),
    gettext_noop("This account is inactive."),
    gettext_noop("Sign Up Closed"),
    gettext_noop("We are sorry, but the sign up is currently closed."),
)
