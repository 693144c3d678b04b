## Tag pages (themes/default/templates/taxonomy.html, tag.html)
tags-title = Topics
tag-title = Pages about “{ $tag }”
tags-all = All topics
tags-label = Topics:
