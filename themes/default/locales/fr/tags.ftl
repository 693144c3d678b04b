## Pages de thèmes
tags-title = Thèmes
tag-title = Pages sur « { $tag } »
tags-all = Tous les thèmes
tags-label = Thèmes :
