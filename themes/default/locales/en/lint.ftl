## Words for `haven build`'s link-text check, not shown to visitors. A link whose whole text is
## one of these phrases says nothing about where it goes: the check warns about it. Phrases are
## separated by `|`, matched without regard to case, spaces or a final `.`, `!`, `:` or `…`.
## A site adds phrases in its own locales/<code>/lint.ftl (docs/translating.md).

lint-vague-link-texts = click here | here | read more | more | link | this link | click | learn more | this page | go
