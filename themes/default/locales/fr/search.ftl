## Page de recherche
search-link = Rechercher
search-title = Rechercher dans ce site
search-label = Mots à rechercher
search-button = Rechercher
search-needs-js = La recherche a besoin de JavaScript, qui est désactivé dans votre navigateur.
search-sitemap-link = Voir toutes les pages dans le plan du site
search-none = Aucune page trouvée. Essayez d’autres mots, ou moins de mots.
search-results = { $count ->
    [one] { $count } page trouvée
    [many] { $count } de pages trouvées
   *[other] { $count } pages trouvées
}
