## صفحات المواضيع
tags-title = المواضيع
tag-title = صفحات عن «{ $tag }»
tags-all = كل المواضيع
tags-label = المواضيع:
