## Search page (themes/default/templates/search.html)
search-link = Search
search-title = Search this site
search-label = Words to look for
search-button = Search
search-needs-js = Search needs JavaScript, which is turned off in your browser.
search-sitemap-link = See every page in the site map
search-none = No pages found. Try other or fewer words.
search-results = { $count ->
    [one] { $count } page found
   *[other] { $count } pages found
}
