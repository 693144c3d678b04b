# Thème par défaut de Haven — textes de l'interface (français).
#
# Traduction : chaque message est lu par les visiteurs. Phrases courtes et simples.
# Le texte entre { } est rempli par le site : le garder tel quel, ne pas traduire le nom après $.
# Les messages avec « -> » choisissent une forme selon le nombre. Le français utilise
# [one] (0 et 1), [many] (grands nombres ronds, par exemple 1 000 000) et [other] ;
# la forme marquée * est la forme par défaut.

## Sortie rapide — le bouton « Quitter cette page » et le raccourci Maj (Shift).
## Ces textes sont lus par des personnes qui doivent peut-être cacher ce qu'elles lisent : rester neutre.

# Le texte visible du bouton.
exit-this-page = Quitter cette page
# Lu par les lecteurs d'écran juste avant le texte du bouton (« Urgence Quitter cette page »).
exit-emergency = Urgence
# Une courte indication à côté du bouton sur les grands écrans.
exit-hint = Pour quitter ce site rapidement, appuyez 3 fois sur la touche Maj.
# Annoncé après chaque appui sur Maj. $count vaut 2 ou 1.
exit-shift-remaining =
    { $count ->
        [one] Maj. Appuyez encore { $count } fois pour quitter.
        [many] Maj. Appuyez encore { $count } fois pour quitter.
       *[other] Maj. Appuyez encore { $count } fois pour quitter.
    }
# Annoncé quand 5 secondes passent sans nouvel appui sur Maj.
exit-expired = Délai dépassé pour quitter cette page.
# Affiché sur l'écran neutre qui couvre la page pendant que le navigateur la quitte.
exit-loading = Chargement.
# Affiché sur cet écran neutre si le navigateur revient sur cette page. Rester neutre.
exit-hidden = Cette page est masquée.
# Un bouton sur cet écran neutre.
exit-show-again = Afficher à nouveau la page

## Navigation et structure de la page

skip-to-content = Aller au contenu principal
# Nom du menu principal (pour les lecteurs d'écran).
nav-main-label = Menu principal
# Nom de la liste des langues (pour les lecteurs d'écran).
nav-languages-label = Langues
# Affiché à côté d'une langue dans laquelle cette page n'existe pas encore.
language-not-translated = (pas encore traduite)
# Nom du fil « vous êtes ici » (pour les lecteurs d'écran).
nav-breadcrumb-label = Fil d’Ariane
# Titre de la liste des liens vers les parties d'une longue page.
toc-title = Sur cette page
# Titre de la liste des pages d'une rubrique.
section-pages-title = Dans cette rubrique

## Détails de la page

# $minutes est un nombre entier.
reading-time =
    { $minutes ->
        [one] { $minutes } minute de lecture
        [many] { $minutes } minutes de lecture
       *[other] { $minutes } minutes de lecture
    }
# $date est déjà écrite en toutes lettres, par exemple « 31 janvier 2026 ».
page-updated = Mise à jour : { $date }
# Affiché en haut d'une page présentée dans une autre langue. $language est le nom de la langue de cette version du site.
fallback-notice = Cette page n’est pas encore disponible dans cette langue : { $language }.
# A translation whose source changed since it was last marked current; $date is the source's date.
stale-notice = La version originale de cette page a été mise à jour le { $date }. Cette traduction n’est peut-être plus à jour.
stale-notice-read = Lire l’original :
# Imprimé à la fin d'une page, avant son adresse web.
print-address = Adresse web de cette page :

## « Trouver de l'aide maintenant » — la courte liste de lignes d'écoute sur chaque page

help-now-title = Trouver de l’aide maintenant
help-now-intro = Parlez à quelqu’un dès maintenant, par téléphone ou par SMS.
# Avant un numéro de téléphone, sur un lien qui lance un appel (« Appeler le 988 »).
help-call = Appeler le
# Avant un numéro pour les SMS, sur un lien qui ouvre un SMS (« SMS au 233733 »).
help-text = SMS au
help-all = Toutes les lignes d’écoute et leur fonctionnement
# The last line of the short help block: what to do where no line above is for you.
help-now-elsewhere = Vous n’êtes pas dans l’un de ces pays ? Appelez le numéro d’urgence local, ou trouvez de l’aide près de chez vous dans le Global Modern Slavery Directory (annuaire mondial contre l’esclavage moderne).

## Liste complète des lignes d'écoute

helpline-phone = Téléphone
helpline-sms = SMS
helpline-tty = Téléscripteur (TTY)
helpline-web = Site web
helpline-hours = Horaires
helpline-languages = Langues
# $date est déjà écrite en toutes lettres, par exemple « 31 janvier 2026 ».
helpline-last-checked = Dernière vérification : { $date }

# Noms des régions qui regroupent les lignes d'écoute.
region-US = États-Unis
region-UK = Royaume-Uni
region-CA = Canada
region-EU = Union européenne
region-UA = Ukraine
region-ES = Espagne
region-FR = France
region-INT = International

## Encadrés dans les pages

callout-info = Bon à savoir
callout-warning = Attention
# Au-dessus d'un passage que certains lecteurs peuvent trouver difficile. Ils peuvent le sauter.
content-note = Avertissement
content-note-open = Afficher ce passage

## Pied de page

footer-sitemap = Plan du site
footer-browse-safely = Naviguer en sécurité
footer-feed = Fil d’actualité (Atom)
# $organisation: the name of who publishes the site.
footer-published-by = Publié par { $organisation }
footer-about = À propos de ce site

## Page d'accueil

home-parts-title = Ce que vous trouverez ici

## Page du plan du site

sitemap-title = Plan du site

## Page introuvable (404)

not-found-title = Page introuvable
not-found-text = Nous n’avons pas trouvé cette page. Elle a peut-être été déplacée.
not-found-home = Aller à la page d’accueil
not-found-help = Trouver de l’aide maintenant

## Choix de la langue à la racine du site

root-title = Choisissez votre langue
