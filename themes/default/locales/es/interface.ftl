# Haven default theme — interface text (Spanish / español).
#
# Translators: every message here is shown to visitors. Keep sentences short and plain.
# Text inside { } is filled in by the site: keep it, do not translate the name after $.
# Messages with a "->" choose a form by number: add the plural forms your language needs
# (for example [one], [few], [many], [other]); the form marked * is the default.
# Spanish (CLDR): [one] for 1, [many] for round millions (1 000 000 → "de"), [other] for the rest.
# Machine-assisted translation: needs review by a native speaker.

## Quick exit — the "Exit this page" button and the Shift shortcut.
## These texts are read by people who may need to hide what they are reading: keep them neutral.

# The visible button text.
exit-this-page = Salir de esta página
# Read by screen readers just before the button text ("Emergency Exit this page").
exit-emergency = Emergencia
# A short hint next to the button on wide screens.
exit-hint = Para salir rápido de este sitio, presiona 3 veces la tecla Shift (Mayús).
# Announced after each Shift press. $count is 2 or 1.
exit-shift-remaining =
    { $count ->
        [one] Shift: presiona 1 vez más para salir.
        [many] Shift: presiona { $count } veces más para salir.
       *[other] Shift: presiona { $count } veces más para salir.
    }
# Announced when 5 seconds pass without the next Shift press.
exit-expired = Salir de esta página: se acabó el tiempo.
# Shown on the plain screen that covers the page while the browser leaves.
exit-loading = Cargando.
# Shown on that plain screen if the browser comes back to this page. Keep it neutral.
exit-hidden = Esta página está oculta.
# A button on that plain screen.
exit-show-again = Volver a mostrar la página

## Navigation and page structure

skip-to-content = Ir al contenido principal
# Label of the main menu (for screen readers).
nav-main-label = Menú principal
# Label of the list of languages (for screen readers).
nav-languages-label = Idiomas
# Shown next to a language that does not have this page yet.
language-not-translated = (aún sin traducir)
# Label of the "you are here" trail (for screen readers).
nav-breadcrumb-label = Ruta de navegación
# Heading of the list of links to the parts of a long page.
toc-title = En esta página
# Heading of the list of pages in a section.
section-pages-title = En esta sección

## Page details

# $minutes is a whole number.
reading-time =
    { $minutes ->
        [one] 1 minuto de lectura
        [many] { $minutes } de minutos de lectura
       *[other] { $minutes } minutos de lectura
    }
# $date is already written out, for example "31 de enero de 2026".
page-updated = Actualizado el { $date }
# Shown at the top of a page that is shown in another language. $language is the name of this site's language.
# $language arrives capitalised ("Español"), so it is put in brackets rather than in the sentence.
fallback-notice = Esta página aún no está disponible en este idioma ({ $language }).
# A translation whose source changed since it was last marked current; $date is the source's date.
stale-notice = La versión original de esta página se actualizó el { $date }. Puede que esta traducción no esté al día.
stale-notice-read = Leer el original:
# Printed at the end of a page, before its web address.
print-address = Dirección web de esta página:

## "Get help now" — the short list of helplines on every page

help-now-title = Ayuda inmediata
help-now-intro = Habla con alguien ahora, por teléfono o por mensaje de texto.
# Before a phone number, on a link that starts a call ("Llama al 988").
help-call = Llama al
# Before a text (SMS) number, on a link that starts a text message ("Envía un SMS al 988").
help-text = Envía un SMS al
help-all = Todas las líneas de ayuda y cómo funcionan
# The last line of the short help block: what to do where no line above is for you.
help-now-elsewhere = ¿No estás en estos países? Llama al número de emergencias del lugar donde estés o busca ayuda cerca de ti en el Global Modern Slavery Directory (directorio mundial contra la esclavitud moderna).

## Full list of helplines

helpline-phone = Teléfono
helpline-sms = Mensaje de texto (SMS)
helpline-tty = TTY (teletipo)
helpline-web = Sitio web
helpline-hours = Horario
helpline-languages = Idiomas
# $date is already written out, for example "31 de enero de 2026".
helpline-last-checked = Última revisión: { $date }

# Region names used to group the helplines.
region-US = Estados Unidos
region-UK = Reino Unido
region-CA = Canadá
region-EU = Unión Europea
region-UA = Ucrania
region-ES = España
region-FR = Francia
region-INT = Internacional

## Boxes inside pages

callout-info = Dato útil
callout-warning = Atención
# Above a passage that some readers may find upsetting. They can skip it.
content-note = Aviso sobre el contenido
content-note-open = Mostrar esta parte

## Footer

footer-sitemap = Mapa del sitio
footer-browse-safely = Navegación segura
footer-feed = Novedades (feed Atom)
# $organisation: the name of who publishes the site.
footer-published-by = Publicado por { $organisation }
footer-about = Acerca de este sitio

## Home page

home-parts-title = Qué encontrarás aquí

## Site map page

sitemap-title = Mapa del sitio

## Page not found (404)

not-found-title = Página no encontrada
not-found-text = No pudimos encontrar esta página. Puede que se haya movido.
not-found-home = Ir a la página de inicio
not-found-help = Ayuda inmediata

## Language chooser at the site root

root-title = Elige tu idioma
