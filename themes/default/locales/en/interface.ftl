# Haven default theme — interface text (English).
#
# Translators: every message here is shown to visitors. Keep sentences short and plain.
# Text inside { } is filled in by the site: keep it, do not translate the name after $.
# Messages with a "->" choose a form by number: add the plural forms your language needs
# (for example [one], [few], [many], [other]); the form marked * is the default.

## Quick exit — the "Exit this page" button and the Shift shortcut.
## These texts are read by people who may need to hide what they are reading: keep them neutral.

# The visible button text.
exit-this-page = Exit this page
# Read by screen readers just before the button text ("Emergency Exit this page").
exit-emergency = Emergency
# A short hint next to the button on wide screens.
exit-hint = To leave this site quickly, press Shift 3 times.
# Announced after each Shift press. $count is 2 or 1.
exit-shift-remaining =
    { $count ->
        [one] Shift, press 1 more time to exit.
       *[other] Shift, press { $count } more times to exit.
    }
# Announced when 5 seconds pass without the next Shift press.
exit-expired = Exit this page expired.
# Shown on the plain screen that covers the page while the browser leaves.
exit-loading = Loading.
# Shown on that plain screen if the browser comes back to this page. Keep it neutral.
exit-hidden = This page is hidden.
# A button on that plain screen.
exit-show-again = Show the page again

## Navigation and page structure

skip-to-content = Skip to main content
# Label of the main menu (for screen readers).
nav-main-label = Main menu
# Label of the list of languages (for screen readers).
nav-languages-label = Languages
# Shown next to a language that does not have this page yet.
language-not-translated = (not yet translated)
# Label of the "you are here" trail (for screen readers).
nav-breadcrumb-label = Breadcrumb
# Heading of the list of links to the parts of a long page.
toc-title = On this page
# Heading of the list of pages in a section.
section-pages-title = In this section

## Page details

# $minutes is a whole number.
reading-time =
    { $minutes ->
        [one] Reading time: 1 minute
       *[other] Reading time: { $minutes } minutes
    }
# $date is already written out, for example "31 January 2026".
page-updated = Updated { $date }
# Shown at the top of a page that is shown in another language. $language is the name of this site's language.
fallback-notice = This page is not yet available in { $language }.
# A translation whose source changed since it was last marked current; $date is the source's date.
stale-notice = The original version of this page was updated on { $date }. This translation may be out of date.
stale-notice-read = Read the original:
# Printed at the end of a page, before its web address.
print-address = Web address of this page:

## "Get help now" — the short list of helplines on every page

help-now-title = Get help now
help-now-intro = Talk to someone now, by phone or text.
# Before a phone number, on a link that starts a call.
help-call = Call
# Before a text (SMS) number, on a link that starts a text message.
help-text = Text
help-all = All helplines and how they work
# The last line of the short help block: what to do where no line above is for you.
help-now-elsewhere = Not in these countries? Call your local emergency number, or find local help in the Global Modern Slavery Directory.

## Full list of helplines

helpline-phone = Phone
helpline-sms = Text (SMS)
helpline-tty = TTY
helpline-web = Website
helpline-hours = Hours
helpline-languages = Languages
# $date is already written out, for example "31 January 2026".
helpline-last-checked = Last checked: { $date }

# Region names used to group the helplines.
region-US = United States
region-UK = United Kingdom
region-CA = Canada
region-EU = European Union
region-UA = Ukraine
region-ES = Spain
region-FR = France
region-INT = International

## Boxes inside pages

callout-info = Good to know
callout-warning = Warning
# Above a passage that some readers may find upsetting. They can skip it.
content-note = Content note
content-note-open = Show this part

## Footer

footer-sitemap = Site map
footer-browse-safely = Browse safely
footer-feed = News feed (Atom)
# Every footer: who publishes the site. $organisation is its name, from site.toml.
footer-published-by = Published by { $organisation }
footer-about = About this site

## Home page

home-parts-title = What you can find here

## Site map page

sitemap-title = Site map

## Page not found (404)

not-found-title = Page not found
not-found-text = We could not find this page. It may have moved.
not-found-home = Go to the home page
not-found-help = Get help now

## Language chooser at the site root

root-title = Choose your language
