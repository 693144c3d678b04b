## Mots du contrôle des liens de `haven build` ; jamais montrés aux visiteurs.
## Un lien dont tout le texte est l'une de ces expressions ne dit pas où il mène. Séparées par `|`.

lint-vague-link-texts = cliquez ici | cliquer ici | ici | lire la suite | plus | en savoir plus | lien | voir plus
