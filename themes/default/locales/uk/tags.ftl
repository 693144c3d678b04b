## Сторінки тем
tags-title = Теми
tag-title = Сторінки на тему «{ $tag }»
tags-all = Усі теми
tags-label = Теми:
