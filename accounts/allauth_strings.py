"""The django-allauth strings our users see, so that our catalogue translates them.

allauth's own Romanian translation mostly lacks diacritics ("Conecteaza-te", "Tine-ma
minte") and speaks informally ("te rugam"). Django gives the catalogues in LOCALE_PATHS
precedence over those of installed apps, so a msgid in locale/ro/LC_MESSAGES/django.po
overrides allauth's translation of the same msgid. `make messages` finds the strings
below (makemessages reads every .py file of the project) and keeps them in our catalogue,
where they are translated in the same words and register as the rest of Practica.

Only the pages, form fields, flash messages and e-mails reachable with our settings are
listed: e-mail login, mandatory verification by link, password reset by link, enumeration
prevention (its two e-mails), two-factor authentication by an authenticator app with
recovery codes (no security keys, no trusted browsers, no notification e-mails), no phone,
no login by code; single sign-on's pages (issue #17) but not its connections page. Each
msgid is exactly allauth's text
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
    # Enumeration prevention: sign-up with a known address, password reset for an unknown one.
    gettext_noop("Account Already Exists"),
    gettext_noop(
        "You are receiving this email because you or someone else tried to signup for an\n"
        "account using email address:\n\n%(email)s\n\nHowever, an account using that email "
        "address already exists.  In case you have\nforgotten about this, please use the "
        "password forgotten procedure to recover\nyour account:\n\n%(password_reset_url)s"
    ),
    gettext_noop("Unknown Account"),
    gettext_noop(
        "You are receiving this email because you, or someone else, tried to access an account "
        "with email %(email)s. However, we do not have any record of such an account in our "
        "database."
    ),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop("If it was you, you can sign up for an account using the link below."),
    # Reauthentication's other ways, offered before a security change.
    gettext_noop("Alternative options"),
    gettext_noop("Use your password"),
    gettext_noop("Send me a sign-in code"),
    # Two-factor authentication: mfa/index.html, the authenticator app's pages, recovery
    # codes, the code asked at login and at reauthentication, their messages and errors.
    gettext_noop("Two-Factor Authentication"),
    gettext_noop("Authenticator App"),
    gettext_noop("Authentication using an authenticator app is active."),
    gettext_noop("An authenticator app is not active."),
    gettext_noop("Activate"),
    gettext_noop("Deactivate"),
    gettext_noop("Recovery Codes"),
    gettext_noop("No recovery codes set up."),
    gettext_noop("View"),
    gettext_noop("Download"),
    gettext_noop("Generate"),
    gettext_noop("Activate Authenticator App"),
    gettext_noop(
        "To protect your account with two-factor authentication, scan the QR code below with "
        "your authenticator app. Then, input the verification code generated by the app below."
    ),
    gettext_noop("Authenticator secret"),
    gettext_noop(
        "You can store this secret and use it to reinstall your authenticator app at a later time."
    ),
    gettext_noop("Authenticator code"),
    gettext_noop("Code"),
    gettext_noop("Incorrect code."),
    gettext_noop("Authenticator app activated."),
    gettext_noop("Deactivate Authenticator App"),
    gettext_noop(
        "You are about to deactivate authenticator app based authentication. Are you sure?"
    ),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("You cannot deactivate two-factor authentication."),
    gettext_noop("Unused codes"),
    gettext_noop("Download codes"),
    gettext_noop("Generate new codes"),
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop("This action will invalidate your existing codes."),
    gettext_noop("Are you sure?"),
    gettext_noop("A new set of recovery codes has been generated."),
    gettext_noop(
        "You cannot generate recovery codes without having two-factor authentication enabled."
    ),
    gettext_noop(
        "Your account is protected by two-factor authentication. Please enter an authenticator "
        "code:"
    ),
    gettext_noop("Enter an authenticator code:"),
    gettext_noop(
        "You cannot activate two-factor authentication until you have verified your email address."
    ),
    gettext_noop(
        "You cannot add an email address to an account protected by two-factor authentication."
    ),
    # Single sign-on (issue #17): socialaccount/login.html (a provider's URL opened by GET),
    # socialaccount/login_cancelled.html (the person cancelled at the provider).
    gettext_noop("Sign In Via %(provider)s"),
    gettext_noop("You are about to sign in using a third-party account from %(provider)s."),
    gettext_noop("Continue"),
    gettext_noop("Login Cancelled"),
    gettext_noop(
        "You decided to cancel logging in to our site using one of your existing accounts. If "
        'this was a mistake, please proceed to <a href="%(login_url)s">sign in</a>.'
    ),
)
