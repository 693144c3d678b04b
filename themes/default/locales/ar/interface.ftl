# Haven default theme — interface text (Arabic, ar).
# Translation not yet reviewed by a native speaker.
#
# Translators: every message here is shown to visitors. Keep sentences short and plain.
# Text inside { } is filled in by the site: keep it, do not translate the name after $.
# Messages with a "->" choose a form by number. Arabic uses all six plural forms:
# [zero], [one], [two], [few] (3–10), [many] (11–99) and [other]; the form marked * is the default.
# Numbers stay in Western digits (0–9).
# Address the reader without gendered forms, as Arabic NGO writing does: verbal nouns
# ("الضغط على Shift"), impersonal or passive forms ("يمكن الاتصال"), and suffixes that are the same
# for everyone in writing ("من حقك", "وجودك"). No masculine-only imperatives ("اضغط", "اختر");
# where a gendered form cannot be avoided, pair it ("اتصل/ي").

## Quick exit — the "Exit this page" button and the Shift shortcut.
## These texts are read by people who may need to hide what they are reading: keep them neutral.

# The visible button text.
exit-this-page = الخروج من هذه الصفحة
# Read by screen readers just before the button text ("Emergency Exit this page").
exit-emergency = طوارئ
# A short hint next to the button on wide screens.
exit-hint = لمغادرة هذا الموقع بسرعة، يكفي الضغط 3 مرات على Shift.
# Announced after each Shift press. $count is 2 or 1.
exit-shift-remaining =
    { $count ->
        [zero] Shift، لا حاجة إلى ضغطات أخرى للخروج.
        [one] Shift، ضغطة واحدة أخرى للخروج.
        [two] Shift، ضغطتان أخريان للخروج.
        [few] Shift، { $count } ضغطات أخرى للخروج.
        [many] Shift، { $count } ضغطة أخرى للخروج.
       *[other] Shift، { $count } ضغطة أخرى للخروج.
    }
# Announced when 5 seconds pass without the next Shift press.
exit-expired = انتهت مهلة الخروج من هذه الصفحة.
# Shown on the plain screen that covers the page while the browser leaves.
exit-loading = جارٍ التحميل.
# Shown on that plain screen if the browser comes back to this page. Keep it neutral.
exit-hidden = هذه الصفحة مخفية.
# A button on that plain screen.
exit-show-again = إظهار الصفحة من جديد

## Navigation and page structure

skip-to-content = الانتقال إلى المحتوى الرئيسي
# Label of the main menu (for screen readers).
nav-main-label = القائمة الرئيسية
# Label of the list of languages (for screen readers).
nav-languages-label = اللغات
# Shown next to a language that does not have this page yet.
language-not-translated = (لم تُترجم بعد)
# Label of the "you are here" trail (for screen readers).
nav-breadcrumb-label = مسار التنقل
# Heading of the list of links to the parts of a long page.
toc-title = في هذه الصفحة
# Heading of the list of pages in a section.
section-pages-title = في هذا القسم

## Page details

# $minutes is a whole number.
reading-time =
    { $minutes ->
        [zero] وقت القراءة: أقل من دقيقة
        [one] وقت القراءة: دقيقة واحدة
        [two] وقت القراءة: دقيقتان
        [few] وقت القراءة: { $minutes } دقائق
        [many] وقت القراءة: { $minutes } دقيقة
       *[other] وقت القراءة: { $minutes } دقيقة
    }
# $date is already written out, for example "31 January 2026".
page-updated = آخر تحديث: { $date }
# Shown at the top of a page that is shown in another language. $language is the name of this site's language.
fallback-notice = هذه الصفحة غير متوفرة بعد باللغة { $language }.
# A translation whose source changed since it was last marked current; $date is the source's date.
stale-notice = حُدِّثت النسخة الأصلية من هذه الصفحة في { $date }. قد لا تكون هذه الترجمة محدَّثة.
stale-notice-read = قراءة النسخة الأصلية:
# Printed at the end of a page, before its web address.
print-address = عنوان هذه الصفحة على الإنترنت:

## "Get help now" — the short list of helplines on every page

help-now-title = مساعدة فورية
help-now-intro = يمكن التحدث إلى أحد الآن، بالهاتف أو برسالة نصية.
# Before a phone number, on a link that starts a call.
help-call = اتصال
# Before a text (SMS) number, on a link that starts a text message.
help-text = رسالة نصية
help-all = كل خطوط المساعدة وطريقة عملها
# The last line of the short help block: what to do where no line above is for you.
help-now-elsewhere = في بلد غير هذه البلدان؟ يمكن الاتصال برقم الطوارئ المحلي، أو البحث عن مساعدة قريبة في دليل Global Modern Slavery Directory (الدليل العالمي لمكافحة العبودية الحديثة).

## Full list of helplines

helpline-phone = الهاتف
helpline-sms = رسالة نصية (SMS)
helpline-tty = الهاتف النصي (TTY)
helpline-web = الموقع الإلكتروني
helpline-hours = أوقات العمل
helpline-languages = اللغات
# $date is already written out, for example "31 January 2026".
helpline-last-checked = آخر تحقق: { $date }

# Region names used to group the helplines.
region-US = الولايات المتحدة
region-UK = المملكة المتحدة
region-CA = كندا
region-EU = الاتحاد الأوروبي
region-UA = أوكرانيا
region-ES = إسبانيا
region-FR = فرنسا
region-INT = دولي

## Boxes inside pages

callout-info = معلومة مفيدة
callout-warning = تنبيه
# Above a passage that some readers may find upsetting. They can skip it.
content-note = تنبيه بشأن المحتوى
content-note-open = إظهار هذا الجزء

## Footer

footer-sitemap = خريطة الموقع
footer-browse-safely = التصفح بأمان
footer-feed = آخر الأخبار (Atom)
# $organisation: the name of who publishes the site.
footer-published-by = الناشر: { $organisation }
footer-about = حول هذا الموقع

## Home page

home-parts-title = ماذا يوجد في هذا الموقع

## Site map page

sitemap-title = خريطة الموقع

## Page not found (404)

not-found-title = الصفحة غير موجودة
not-found-text = لم نجد هذه الصفحة. ربما نُقلت إلى مكان آخر.
not-found-home = الذهاب إلى الصفحة الرئيسية
not-found-help = مساعدة فورية

## Language chooser at the site root

root-title = اختيار اللغة
