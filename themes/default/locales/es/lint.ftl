## Palabras de la comprobación de enlaces de `haven build`; no se muestran a visitantes.
## Un enlace cuyo texto entero es una de estas frases no dice adónde lleva. Frases separadas por `|`.

lint-vague-link-texts = haga clic aquí | haz clic aquí | clic aquí | pulsa aquí | aquí | leer más | más | enlace | más información
