## Página de búsqueda
search-link = Buscar
search-title = Buscar en este sitio
search-label = Palabras que buscas
search-button = Buscar
search-needs-js = La búsqueda necesita JavaScript, que está desactivado en tu navegador.
search-sitemap-link = Ver todas las páginas en el mapa del sitio
search-none = No se encontraron páginas. Prueba con otras palabras o con menos.
search-results = { $count ->
    [one] { $count } página encontrada
    [many] { $count } de páginas encontradas
   *[other] { $count } páginas encontradas
}
