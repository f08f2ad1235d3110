package dev.quill.train.data;

import dev.quill.grammar.edits.ErrorType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Misspellings (SPELL): first a real one from the misspelling lists where the sentence has its
 * correct word ("recieve", "untill", "wich"), otherwise a typo made by rule: a letter doubled,
 * dropped or swapped with its neighbour ("comming", "diffrent", "thier"), or a spelling that
 * sounds the same (in the manner of hunspell's REP table: "recieve", "definately", "foto",
 * "grammer"). A made-up typo must not be a word the dictionary knows (that would be a
 * confusion, not a misspelling).
 */
final class MisspellingErrors implements ErrorFamily {

    private static final int MIN_TYPO_LENGTH = 4;

    /**
     * Sound-alike spellings learners write: {right, written}. Each applies inside a word, never to
     * its first letter.
     */
    private static final List<String[]> SOUND_ALIKE = java.util.Arrays.stream(new String[] {
        "ie>ei", "ei>ie", "ph>f", "tion>sion", "sion>tion", "ite>ate", "ate>ite", "ible>able", "able>ible",
        "ence>ance", "ance>ence", "ent>ant", "ant>ent", "ar>er", "er>ar", "or>er", "our>or", "ea>ee", "ee>ea",
        "ou>o", "ough>ow", "ght>t", "wh>w", "ck>k", "ce>se", "se>ce", "c>s", "sc>s", "ss>s", "y>i", "ey>y",
        "ai>ei", "ay>ey", "oa>o", "oo>u", "ew>oo", "ui>u", "x>ks", "qu>kw", "ge>j", "dge>ge", "gu>g",
        "kn>n", "mb>m", "wr>r", "es>s", "ies>ys", "ful>full", "ly>ley", "al>el", "le>el", "el>le"})
            .map(r -> r.split(">")).toList();
    /** How often a real misspelling is used when the sentence has a word with one. */
    private static final double LISTED_SHARE = 0.6;

    private final Lexicon lex;

    MisspellingErrors(Lexicon lex) {
        this.lex = lex;
    }

    @Override
    public ErrorType type() {
        return ErrorType.SPELL;
    }

    @Override
    public boolean canApply(Draft d) {
        for (int i = 0; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            String w = d.lower(i);
            if (!lex.misspellings(w).isEmpty() || w.length() >= MIN_TYPO_LENGTH) return true;
        }
        return false;
    }

    @Override
    public String apply(Draft d, Random random) {
        List<Integer> listed = new ArrayList<>();
        List<Integer> typoable = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            if (!d.isFree(i) || !d.isWord(i)) continue;
            String w = d.lower(i);
            if (!lex.misspellings(w).isEmpty()) listed.add(i);
            if (w.length() >= MIN_TYPO_LENGTH && w.chars().allMatch(c -> c >= 'a' && c <= 'z')) typoable.add(i);
        }
        if (!listed.isEmpty() && (typoable.isEmpty() || random.nextDouble() < LISTED_SHARE)) {
            int i = ErrorFamily.pick(listed, random);
            d.replace(i, Draft.matchCase(d.text(i), ErrorFamily.pick(lex.misspellings(d.lower(i)), random)));
            return "SPELL:misspelling";
        }
        // Try words in random order until one has a typo that is not itself a word.
        java.util.Collections.shuffle(typoable, random);
        boolean phonetic = random.nextBoolean();
        for (int i : typoable) {
            List<String> candidates = phonetic ? phoneticTypos(d.lower(i)) : letterTypos(d.lower(i));
            if (candidates.isEmpty()) candidates = phonetic ? letterTypos(d.lower(i)) : phoneticTypos(d.lower(i));
            if (candidates.isEmpty()) continue;
            d.replace(i, Draft.matchCase(d.text(i), ErrorFamily.pick(candidates, random)));
            return "SPELL:typo";
        }
        return null;
    }

    /** Doubled, dropped and swapped letters, never at the first letter; only strings the dictionary does not know. */
    List<String> letterTypos(String w) {
        Set<String> out = new LinkedHashSet<>();
        int n = w.length();
        for (int p = 1; p < n; p++) {
            char c = w.charAt(p);
            if (c == w.charAt(p - 1)) out.add(w.substring(0, p) + w.substring(p + 1));          // dropped double: "begining"
            else if (!isVowel(c) && isVowel(w.charAt(p - 1)) && (p + 1 < n && isVowel(w.charAt(p + 1)) || p + 1 == n && c == 'l')) {
                out.add(w.substring(0, p + 1) + c + w.substring(p + 1));                        // doubled: "untill"
            }
            if (isVowel(c) && p < n - 1 && !isVowel(w.charAt(p - 1))) {
                out.add(w.substring(0, p) + w.substring(p + 1));                               // dropped vowel: "diffrent"
            }
            if (p < n - 1 && c != w.charAt(p + 1)) {
                out.add(w.substring(0, p) + w.charAt(p + 1) + c + w.substring(p + 2));          // swapped: "thier"
            }
        }
        return unknown(out, w);
    }

    /** Sound-alike substitutions inside the word (not at its first letter): "receive" gives "recieve". */
    List<String> phoneticTypos(String w) {
        Set<String> out = new LinkedHashSet<>();
        for (String[] rule : SOUND_ALIKE) {
            String right = rule[0];
            String written = rule[1];
            for (int at = w.indexOf(right, 1); at >= 0; at = w.indexOf(right, at + 1)) {
                out.add(w.substring(0, at) + written + w.substring(at + right.length()));
            }
        }
        return unknown(out, w);
    }

    private List<String> unknown(Set<String> candidates, String original) {
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            // Not cached: made-up strings would only fill the lexicon's cache.
            if (!c.equals(original) && lex.morphology().analyze(c).isEmpty()) out.add(c);
        }
        return out;
    }

    private static boolean isVowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }
}
