"""Pure functions over text: anchoring and re-anchoring quotes, sentences, slugs, URLs, Markdown, claim wording, attribution hints, languages."""
