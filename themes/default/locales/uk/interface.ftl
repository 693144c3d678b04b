# Haven default theme — interface text (Ukrainian / українська).
#
# Translated from locales/en/interface.ftl. Needs review by a native speaker.
# Text inside { } is filled in by the site: keep it as it is.
# Ukrainian plural forms (CLDR): one (1, 21, 31…), few (2–4, 22–24…), many (0, 5–20, 25…),
# other (fractions such as 1.5). The form marked * is the default.

## Quick exit — the "Exit this page" button and the Shift shortcut.
## These texts are read by people who may need to hide what they are reading: keep them neutral.

# The visible button text.
exit-this-page = Вийти зі сторінки
# Read by screen readers just before the button text.
exit-emergency = Терміново
# A short hint next to the button on wide screens.
exit-hint = Щоб швидко піти із сайту, натисніть Shift 3 рази.
# Announced after each Shift press. $count is 2 or 1.
exit-shift-remaining =
    { $count ->
        [one] Shift. Натисніть ще { $count } раз, щоб вийти.
        [few] Shift. Натисніть ще { $count } рази, щоб вийти.
        [many] Shift. Натисніть ще { $count } разів, щоб вийти.
       *[other] Shift. Натисніть ще { $count } раза, щоб вийти.
    }
# Announced when 5 seconds pass without the next Shift press.
exit-expired = Вихід зі сторінки скасовано.
# Shown on the plain screen that covers the page while the browser leaves.
exit-loading = Завантаження.
# Shown on that plain screen if the browser comes back to this page. Keep it neutral.
exit-hidden = Цю сторінку приховано.
# A button on that plain screen.
exit-show-again = Показати сторінку знову

## Navigation and page structure

skip-to-content = Перейти до основного вмісту
# Label of the main menu (for screen readers).
nav-main-label = Головне меню
# Label of the list of languages (for screen readers).
nav-languages-label = Мови
# Shown next to a language that does not have this page yet.
language-not-translated = (ще не перекладено)
# Label of the "you are here" trail (for screen readers).
nav-breadcrumb-label = Навігаційний ланцюжок
# Heading of the list of links to the parts of a long page.
toc-title = На цій сторінці
# Heading of the list of pages in a section.
section-pages-title = У цьому розділі

## Page details

# $minutes is a whole number.
reading-time =
    { $minutes ->
        [one] Час читання: { $minutes } хвилина
        [few] Час читання: { $minutes } хвилини
        [many] Час читання: { $minutes } хвилин
       *[other] Час читання: { $minutes } хвилини
    }
# $date is already written out, for example "31 січня 2026".
page-updated = Оновлено { $date }
# Shown at the top of a page that is shown in another language. $language is the name of this site's language ("Українська").
fallback-notice = Цієї сторінки ще немає такою мовою: { $language }.
# A translation whose source changed since it was last marked current; $date is the source's date.
stale-notice = Оригінал цієї сторінки оновлено { $date }. Цей переклад може бути застарілим.
stale-notice-read = Читати оригінал:
# Printed at the end of a page, before its web address.
print-address = Адреса цієї сторінки:

## "Get help now" — the short list of helplines on every page

help-now-title = Допомога зараз
help-now-intro = Поговоріть із кимось просто зараз: телефоном або через SMS.
# Before a phone number, on a link that starts a call.
help-call = Зателефонувати
# Before a text (SMS) number, on a link that starts a text message.
help-text = Написати SMS
help-all = Усі гарячі лінії та як вони працюють
# The last line of the short help block: what to do where no line above is for you.
help-now-elsewhere = Ви не в цих країнах? Телефонуйте на місцевий номер екстреної допомоги або знайдіть допомогу поруч у Global Modern Slavery Directory (світовому довіднику організацій проти сучасного рабства).

## Full list of helplines

helpline-phone = Телефон
helpline-sms = SMS
helpline-tty = Текстовий телефон (TTY)
helpline-web = Вебсайт
helpline-hours = Години роботи
helpline-languages = Мови
# $date is already written out, for example "31 січня 2026".
helpline-last-checked = Востаннє перевірено: { $date }

# Region names used to group the helplines.
region-US = США
region-UK = Велика Британія
region-CA = Канада
region-EU = Європейський Союз
region-UA = Україна
region-ES = Іспанія
region-FR = Франція
region-INT = Міжнародні

## Boxes inside pages

callout-info = Корисно знати
callout-warning = Увага
# Above a passage that some readers may find upsetting. They can skip it.
content-note = Попередження про зміст
content-note-open = Показати цю частину

## Footer

footer-sitemap = Карта сайту
footer-browse-safely = Безпечний перегляд
footer-feed = Стрічка новин (Atom)
# $organisation: the name of who publishes the site.
footer-published-by = Видавець: { $organisation }
footer-about = Про цей сайт

## Home page

home-parts-title = Що ви тут знайдете

## Site map page

sitemap-title = Карта сайту

## Page not found (404)

not-found-title = Сторінку не знайдено
not-found-text = Ми не змогли знайти цю сторінку. Можливо, її перенесли.
not-found-home = Перейти на головну сторінку
not-found-help = Допомога зараз

## Language chooser at the site root

root-title = Оберіть мову
