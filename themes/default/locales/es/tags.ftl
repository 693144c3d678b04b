## Páginas de temas
tags-title = Temas
tag-title = Páginas sobre «{ $tag }»
tags-all = Todos los temas
tags-label = Temas:
