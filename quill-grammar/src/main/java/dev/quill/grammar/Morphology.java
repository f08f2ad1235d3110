package dev.quill.grammar;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import morfologik.stemming.Dictionary;
import morfologik.stemming.DictionaryLookup;
import morfologik.stemming.WordData;

/**
 * English inflection from LanguageTool's English POS dictionary (the {@code english-pos-dict}
 * artifact, LGPL-2.1, built from AGID, Moby and WordNet), read with morfologik.
 *
 * <p>Two finite-state dictionaries: analysis maps a surface form to its (lemma, Penn tag)
 * readings ({@code went -> go/VBD}); synthesis maps a lemma and a tag to its forms
 * ({@code child + NNS -> children}). Tags are Penn Treebank tags plus LanguageTool's
 * {@code NN:U} (uncountable) and {@code NN:UN} (countable or uncountable).
 *
 * <p>Thread-safe: each call makes its own lookup object (they hold per-call buffers).
 */
public final class Morphology {

    /** One reading of a surface form. */
    public record Reading(String lemma, String tag) {}

    private static final String BASE = "/org/languagetool/resource/en/";

    private final Dictionary analysis;
    private final Dictionary synthesis;

    private Morphology(Dictionary analysis, Dictionary synthesis) {
        this.analysis = analysis;
        this.synthesis = synthesis;
    }

    private static final class Holder {
        static final Morphology ENGLISH = load();
    }

    /** The English dictionaries from the classpath, loaded once (about 10 MB of automata). */
    public static Morphology english() {
        return Holder.ENGLISH;
    }

    private static Morphology load() {
        try {
            return new Morphology(read("english.dict"), read("english_synth.dict"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read LanguageTool's English POS dictionary from the classpath", e);
        }
    }

    /** A morfologik dictionary of the English POS dictionary artifact, by its path under {@code org/languagetool/resource/en/}. */
    static Dictionary read(String name) throws IOException {
        URL url = Morphology.class.getResource(BASE + name);
        if (url == null) {
            throw new IOException(BASE + name + " is not on the classpath (is org.languagetool:english-pos-dict a dependency?)");
        }
        return Dictionary.read(url);
    }

    /** Every reading of {@code form}; tried as given and, if it has none, lower-cased. Empty when unknown. */
    public List<Reading> analyze(String form) {
        List<Reading> out = lookup(analysis, form);
        if (out.isEmpty()) {
            String lower = form.toLowerCase(Locale.ROOT);
            if (!lower.equals(form)) out = lookup(analysis, lower);
        }
        return out;
    }

    /** Whether the dictionary knows {@code form} (in any case). */
    public boolean isKnown(String form) {
        return !analyze(form).isEmpty();
    }

    /** Whether one reading of {@code form} has {@code tag} exactly. */
    public boolean hasTag(String form, String tag) {
        for (Reading r : analyze(form)) {
            if (r.tag().equals(tag)) return true;
        }
        return false;
    }

    /** Whether one reading of {@code form} has a tag starting with {@code prefix} ("VB", "NN", ...). */
    public boolean hasTagPrefix(String form, String prefix) {
        for (Reading r : analyze(form)) {
            if (r.tag().startsWith(prefix)) return true;
        }
        return false;
    }

    /** The forms of {@code lemma} with {@code tag} ({@code go, VBD -> [went]}); empty when there are none. */
    public List<String> synthesize(String lemma, String tag) {
        List<String> out = new ArrayList<>();
        for (WordData wd : new DictionaryLookup(synthesis).lookup(lemma + "|" + tag)) {
            out.add(wd.getStem().toString());
        }
        return out;
    }

    /** The lemmas of {@code form} under tags starting with {@code prefix}, in dictionary order, without repeats. */
    public List<String> lemmas(String form, String prefix) {
        List<String> out = new ArrayList<>();
        for (Reading r : analyze(form)) {
            if (r.tag().startsWith(prefix) && !out.contains(r.lemma())) out.add(r.lemma());
        }
        return out;
    }

    private static List<Reading> lookup(Dictionary dictionary, String form) {
        List<Reading> out = new ArrayList<>();
        for (WordData wd : new DictionaryLookup(dictionary).lookup(form)) {
            CharSequence tag = wd.getTag();
            CharSequence stem = wd.getStem();
            if (tag == null || stem == null) continue;
            out.add(new Reading(stem.toString(), tag.toString()));
        }
        return out;
    }
}
