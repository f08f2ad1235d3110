package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.List;

/**
 * Confused words (SPELL): a real word written for another that sounds or looks like it: the
 * hand-made list of learners' classics (their/there/they're, its/it's, then/than, lose/loose,
 * affect/effect, ...) and, less often, LanguageTool's confusion sets.
 */
final class ConfusionErrors extends SiteFamily {

    ConfusionErrors(Lexicon lex) {
        super(ErrorType.SPELL, lex);
    }

    @Override
    void findSites(Draft d, Sites sites) {
        for (int i = 0; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            final int at = i;
            String w = d.lower(i);
            List<String> curated = lex.curatedConfusions(w);
            if (!curated.isEmpty()) {
                sites.add("confused-word", 3, r -> d.replace(at, Draft.matchCase(d.text(at), pick(curated, r))));
            }
            List<String> languageTool = lex.languageToolConfusions(w);
            if (!languageTool.isEmpty()) {
                sites.add("confused-word-lt", 1, r -> d.replace(at, Draft.matchCase(d.text(at), pick(languageTool, r))));
            }
        }
    }
}
