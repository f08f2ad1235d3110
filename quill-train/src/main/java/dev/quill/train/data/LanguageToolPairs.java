package dev.quill.train.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * LanguageTool's real error pairs, split by rule: about 15% of the rules (chosen by a stable
 * hash of the rule id, so the same ones whatever the seed) are held out for evaluation
 * ({@code lt-test.tsv}); the pairs of every other rule are training data ({@code lt-train.tsv}).
 * Only grammar, typo, confused-word, collocation, non-standard-phrase and casing rules count;
 * punctuation, typography, compounding, semantics and style rewrites are left out.
 */
public final class LanguageToolPairs {

    public static final Set<String> KEPT_CATEGORIES = Set.of("GRAMMAR", "TYPOS", "CONFUSED_WORDS", "COLLOCATIONS",
            "NONSTANDARD_PHRASES", "CASING");
    /** Percent of rules held out. */
    public static final int HELD_OUT_PERCENT = 15;
    private static final int MAX_WORDS = 40;

    /** The two sides and what they tell the rest of the pipeline. */
    public record Split(List<TrainingPair> train, List<TrainingPair> test, Set<String> trainRules,
            Set<String> heldOutRules, TreeMap<String, Integer> pairsByCategory) {

        /** Normalised keys of every sentence of a held-out pair: such sentences must not be training targets. */
        public Set<String> heldOutKeys() {
            Set<String> keys = new HashSet<>();
            for (TrainingPair p : test) {
                keys.add(Text.key(p.source()));
                keys.add(Text.key(p.target()));
            }
            return keys;
        }
    }

    private LanguageToolPairs() {}

    public static boolean isHeldOut(String ruleId) {
        return StableHash.bucket("lt-rule:" + ruleId, 100) < HELD_OUT_PERCENT;
    }

    public static Split split(List<LanguageToolExamples.ErrorExample> examples, ProfanityList profanity, Lexicon lex) {
        LanguageToolPairTypes types = new LanguageToolPairTypes(lex);
        List<TrainingPair> train = new ArrayList<>();
        List<TrainingPair> test = new ArrayList<>();
        Set<String> trainRules = new TreeSet<>();
        Set<String> heldOutRules = new TreeSet<>();
        TreeMap<String, Integer> byCategory = new TreeMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (LanguageToolExamples.ErrorExample e : examples) {
            if (e.category() == null || !KEPT_CATEGORIES.contains(e.category())) continue;
            if (!usable(e.source()) || !usable(e.target()) || e.source().equals(e.target())) continue;
            if (profanity.matches(e.source()) || profanity.matches(e.target())) continue;
            if (!seen.add(e.source() + "\t" + e.target())) continue;
            String label = types.label(e.source(), e.target(), e.category());
            var type = dev.quill.grammar.edits.ErrorType.valueOf(label.substring(0, label.indexOf(':')));
            TrainingPair pair = new TrainingPair(e.source(), e.target(), List.of(type), List.of(label), "lt:" + e.ruleId());
            byCategory.merge(e.category(), 1, Integer::sum);
            if (isHeldOut(e.ruleId())) {
                test.add(pair);
                heldOutRules.add(e.ruleId());
            } else {
                train.add(pair);
                trainRules.add(e.ruleId());
            }
        }
        return new Split(train, test, trainRules, heldOutRules, byCategory);
    }

    private static boolean usable(String s) {
        if (s.isEmpty() || !Text.isPrintableAscii(s)) return false;
        long words = Token.split(s).stream().filter(Token::isWord).count();
        return words >= 1 && words <= MAX_WORDS;
    }
}
