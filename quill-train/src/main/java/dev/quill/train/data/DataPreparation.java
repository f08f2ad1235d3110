package dev.quill.train.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.quill.grammar.Morphology;
import dev.quill.grammar.edits.ErrorType;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code quill prepare-data}: reads the installed sources, builds the pool of clean learner-level
 * sentences, splits it by sentence, synthesises error pairs, splits LanguageTool's real pairs by
 * rule, and writes the pairs files, the tokenizer corpus and {@code manifest.json} into one
 * directory. See quill-train/README.md for the file formats.
 */
public final class DataPreparation {

    /** Sources in the order they claim sentences (a duplicate belongs to the first). */
    static final List<String> SOURCE_ORDER = List.of("ding", "languagetool", "wordnet", "nlp-corpus", "brown", "fortunes");

    /**
     * @param identityShare the share of unchanged pairs in train.tsv; dev.tsv and test.tsv always
     *     have {@link #EVAL_IDENTITY_SHARE}, so that data built with other training shares is
     *     evaluated on the same footing
     * @param maxWords the longest clean sentence kept, in words
     */
    public record Options(Path out, DataSources sources, long seed, int maxPairs, SentenceFilter.Mode vocabulary,
            int variantsPerTarget, double identityShare, int maxWords) {

        public static final int DEFAULT_VARIANTS = 3;
        public static final double DEFAULT_IDENTITY_SHARE = 0.12;
        public static final double EVAL_IDENTITY_SHARE = 0.12;

        public Options {
            if (!(identityShare >= 0 && identityShare < 1)) {
                throw new IllegalArgumentException("identity share must be in [0, 1), got " + identityShare);
            }
        }
    }

    /** Receives one-line progress messages (from any thread). */
    public interface Progress {
        void report(String message);
    }

    /** Lines written per file, and the time it all took. */
    public record Result(Map<String, Integer> lines, double elapsedSeconds) {}

    private DataPreparation() {}

    public static Result run(Options o, Progress progress) throws IOException {
        long start = System.nanoTime();
        Map<String, Double> phaseSeconds = new LinkedHashMap<>();
        PhaseClock clock = new PhaseClock(phaseSeconds, progress);
        DataSources src = o.sources();

        clock.start("resources");
        Morphology morphology = Morphology.english();
        Vocabulary vocabulary = Vocabulary.scowl(src.scowlDir(), 35);
        ProfanityList profanity = ProfanityList.standard();
        Lexicon lex = Lexicon.load(morphology, src.wikipediaMisspellings(), src.cspellMisspellings());
        progress.report("vocabulary %,d words; misspellings for %,d words".formatted(vocabulary.size(), lex.misspelledWordCount()));

        clock.start("languagetool");
        var grammar = LanguageToolExamples.readResources(LanguageToolExamples.GRAMMAR_FILES);
        var style = LanguageToolExamples.readResources(List.of(LanguageToolExamples.STYLE_FILE));
        LanguageToolPairs.Split lt = LanguageToolPairs.split(grammar.errors(), profanity, lex);
        progress.report("LanguageTool: %,d error examples -> %,d training pairs (%d rules), %,d held-out pairs (%d rules)"
                .formatted(grammar.errors().size(), lt.train().size(), lt.trainRules().size(), lt.test().size(),
                        lt.heldOutRules().size()));

        clock.start("sentences");
        SentencePool pool = new SentencePool(new SentenceFilter(vocabulary, profanity, morphology, o.vocabulary(), o.maxWords()));
        for (String origin : SOURCE_ORDER) {
            List<String> candidates = switch (origin) {
                case "ding" -> CorpusReaders.ding(src.ding());
                case "languagetool" -> languageToolSentences(grammar, style);
                case "wordnet" -> CorpusReaders.wordnet(src.wordnetDir());
                case "nlp-corpus" -> CorpusReaders.nlpCorpus(src.nlpCorpusDir());
                case "brown" -> CorpusReaders.brown(src.brownDir());
                case "fortunes" -> CorpusReaders.fortunes(src.fortunesDir());
                default -> throw new IllegalStateException(origin);
            };
            pool.add(origin, candidates);
            var s = pool.stats().get(origin);
            progress.report("%-12s %,7d candidates -> %,6d sentences".formatted(origin, s.candidates, s.kept));
        }
        Set<String> heldOut = lt.heldOutKeys();
        for (var e : grammar.correct()) if (LanguageToolPairs.isHeldOut(e.ruleId())) heldOut.add(Text.key(e.sentence()));
        int removedForLt = pool.removeIf(s -> heldOut.contains(Text.key(s)));
        progress.report("pool: %,d sentences (%,d removed: they belong to held-out LanguageTool rules)"
                .formatted(pool.sentences().size(), removedForLt));

        Map<Split, List<SentencePool.Sentence>> bySplit = new EnumMap<>(Split.class);
        for (Split sp : Split.values()) bySplit.put(sp, new ArrayList<>());
        for (SentencePool.Sentence s : pool.sentences()) bySplit.get(Split.of(s.text())).add(s);

        clock.start("synthesis");
        Set<String> clean = new HashSet<>();
        for (SentencePool.Sentence s : pool.sentences()) clean.add(s.text());
        for (TrainingPair p : lt.train()) clean.add(p.target());
        List<SentencePool.Sentence> trainSentences = bySplit.get(Split.TRAIN);
        ErrorSynthesizer synthesizer = new ErrorSynthesizer(lex).calibrated(calibrationSample(trainSentences));
        progress.report("family weights after calibration: " + synthesizer.familyWeights());
        PairGenerator generator = new PairGenerator(synthesizer, o.seed(), o.identityShare(), clean::contains);
        PairGenerator evalGenerator = new PairGenerator(synthesizer, o.seed(), Options.EVAL_IDENTITY_SHARE, clean::contains);
        int total = trainSentences.size();
        List<TrainingPair> train = generator.trainPairs(trainSentences, o.variantsPerTarget(),
                n -> progress.report("synthesis: %,d / %,d sentences".formatted(n, total)));
        Collections.shuffle(train, new Random(o.seed()));
        int generated = train.size();
        if (o.maxPairs() > 0 && train.size() > o.maxPairs()) train = new ArrayList<>(train.subList(0, o.maxPairs()));
        List<TrainingPair> dev = evalGenerator.evalPairs(bySplit.get(Split.DEV));
        List<TrainingPair> test = evalGenerator.evalPairs(bySplit.get(Split.TEST));
        List<TrainingPair> cleanTest = new ArrayList<>();
        for (SentencePool.Sentence s : bySplit.get(Split.CLEAN_TEST)) cleanTest.add(TrainingPair.identity(s.text(), s.origin()));

        clock.start("write");
        Files.createDirectories(o.out());
        Map<String, Integer> lines = new LinkedHashMap<>();
        lines.put("train.tsv", writePairs(o.out().resolve("train.tsv"), train));
        lines.put("dev.tsv", writePairs(o.out().resolve("dev.tsv"), dev));
        lines.put("test.tsv", writePairs(o.out().resolve("test.tsv"), test));
        lines.put("clean-test.tsv", writePairs(o.out().resolve("clean-test.tsv"), cleanTest));
        lines.put("lt-train.tsv", writePairs(o.out().resolve("lt-train.tsv"), lt.train()));
        lines.put("lt-test.tsv", writePairs(o.out().resolve("lt-test.tsv"), lt.test()));
        List<String> trainText = new ArrayList<>();
        for (SentencePool.Sentence s : trainSentences) trainText.add(s.text());
        Files.write(o.out().resolve("sentences-train.txt"), trainText, StandardCharsets.UTF_8);
        lines.put("sentences-train.txt", trainText.size());
        clock.stop();

        double elapsed = (System.nanoTime() - start) / 1e9;
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("createdBy", "quill prepare-data");
        manifest.put("seed", o.seed());
        manifest.put("vocabularyFilter", o.vocabulary().name().toLowerCase(java.util.Locale.ROOT));
        manifest.put("variantsPerTarget", o.variantsPerTarget());
        manifest.put("identityShare", o.identityShare());
        manifest.put("evalIdentityShare", Options.EVAL_IDENTITY_SHARE);
        manifest.put("maxWords", o.maxWords());
        manifest.put("maxPairs", o.maxPairs() > 0 ? o.maxPairs() : null);
        manifest.put("trainPairsBeforeMaxPairs", generated);
        manifest.put("elapsedSeconds", round(elapsed));
        manifest.put("phaseSeconds", phaseSeconds);
        manifest.put("errorFamilyWeights", synthesizer.familyWeights());
        manifest.put("files", lines);
        manifest.put("columns", TrainingPair.TSV_HEADER.split("\t"));
        manifest.put("sentences", sentenceSection(pool, bySplit, removedForLt));
        Map<String, Object> pairs = new LinkedHashMap<>();
        pairs.put("train.tsv", pairStats(train));
        pairs.put("dev.tsv", pairStats(dev));
        pairs.put("test.tsv", pairStats(test));
        pairs.put("lt-train.tsv", pairStats(lt.train()));
        pairs.put("lt-test.tsv", pairStats(lt.test()));
        manifest.put("pairs", pairs);
        Map<String, Object> ltSection = new LinkedHashMap<>();
        ltSection.put("errorExamples", grammar.errors().size());
        ltSection.put("correctExamples", grammar.correct().size() + style.correct().size());
        ltSection.put("keptCategories", new TreeSet<>(LanguageToolPairs.KEPT_CATEGORIES));
        ltSection.put("pairsByCategory", lt.pairsByCategory());
        ltSection.put("trainRules", lt.trainRules().size());
        ltSection.put("heldOutRules", lt.heldOutRules().size());
        ltSection.put("heldOutPercentOfRules", LanguageToolPairs.HELD_OUT_PERCENT);
        manifest.put("languageTool", ltSection);
        manifest.put("sources", src.catalogue());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(o.out().resolve("manifest.json").toFile(), manifest);
        return new Result(lines, elapsed);
    }

    /** Every n-th training sentence, about {@value #CALIBRATION_SAMPLE} of them. */
    private static List<String> calibrationSample(List<SentencePool.Sentence> sentences) {
        int stride = Math.max(1, sentences.size() / CALIBRATION_SAMPLE);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i += stride) out.add(sentences.get(i).text());
        return out;
    }

    private static final int CALIBRATION_SAMPLE = 2500;

    /** LanguageTool's correct examples (grammar and style rules) and the corrected sides of its error examples. */
    private static List<String> languageToolSentences(LanguageToolExamples.Examples grammar, LanguageToolExamples.Examples style) {
        List<String> out = new ArrayList<>();
        for (var e : grammar.correct()) if (!LanguageToolPairs.isHeldOut(e.ruleId())) out.add(e.sentence());
        for (var e : grammar.errors()) {
            if (!LanguageToolPairs.isHeldOut(e.ruleId()) && LanguageToolPairs.KEPT_CATEGORIES.contains(e.category())) {
                out.add(e.target());
            }
        }
        for (var e : style.correct()) out.add(e.sentence());
        return out;
    }

    private static Map<String, Object> sentenceSection(SentencePool pool, Map<Split, List<SentencePool.Sentence>> bySplit,
            int removedForLt) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", pool.sentences().size());
        Map<String, Object> sources = new LinkedHashMap<>();
        pool.stats().forEach((origin, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("candidates", s.candidates);
            m.put("kept", s.kept);
            m.put("duplicates", s.duplicates);
            m.put("removedForLtTest", s.removed);
            Map<String, Integer> rejected = new LinkedHashMap<>();
            s.rejected.forEach((v, n) -> rejected.put(v.name(), n));
            m.put("rejected", rejected);
            sources.put(origin, m);
        });
        out.put("bySource", sources);
        Map<String, Object> splits = new LinkedHashMap<>();
        bySplit.forEach((sp, list) -> {
            Map<String, Integer> byOrigin = new TreeMap<>();
            for (SentencePool.Sentence s : list) byOrigin.merge(s.origin(), 1, Integer::sum);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sentences", list.size());
            m.put("bySource", byOrigin);
            splits.put(sp.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), m);
        });
        out.put("bySplit", splits);
        out.put("removedForLtTest", removedForLt);
        return out;
    }

    /** Pairs, identities, errors per type (one count per error), fine labels and origins of a pairs file. */
    static Map<String, Object> pairStats(List<TrainingPair> pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        int identities = 0;
        Map<ErrorType, Integer> types = new EnumMap<>(ErrorType.class);
        Map<String, Integer> labels = new TreeMap<>();
        Map<Integer, Integer> errorsPerPair = new TreeMap<>();
        Map<String, Integer> origins = new TreeMap<>();
        for (TrainingPair p : pairs) {
            if (p.isIdentity()) identities++;
            for (ErrorType t : p.types()) types.merge(t, 1, Integer::sum);
            for (String l : p.labels()) labels.merge(l, 1, Integer::sum);
            errorsPerPair.merge(p.labels().size(), 1, Integer::sum);
            String origin = p.origin().startsWith("lt:") ? "languagetool" : p.origin();
            origins.merge(origin, 1, Integer::sum);
        }
        out.put("pairs", pairs.size());
        out.put("identities", identities);
        out.put("identityShare", pairs.isEmpty() ? 0 : round((double) identities / pairs.size()));
        out.put("errorsPerPair", errorsPerPair);
        Map<String, Integer> typeNames = new LinkedHashMap<>();
        types.forEach((t, n) -> typeNames.put(t.name(), n));
        out.put("errorTypes", typeNames);
        out.put("labels", labels);
        out.put("bySource", origins);
        return out;
    }

    static int writePairs(Path file, List<TrainingPair> pairs) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(TrainingPair.TSV_HEADER);
            w.write('\n');
            for (TrainingPair p : pairs) {
                w.write(p.toTsv());
                w.write('\n');
            }
        }
        return pairs.size();
    }

    private static double round(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    /** Times named phases into a map and reports each start. */
    private static final class PhaseClock {
        private final Map<String, Double> seconds;
        private final Progress progress;
        private String phase;
        private long startNanos;

        PhaseClock(Map<String, Double> seconds, Progress progress) {
            this.seconds = seconds;
            this.progress = progress;
        }

        void start(String name) {
            stop();
            phase = name;
            startNanos = System.nanoTime();
            progress.report("phase: " + name);
        }

        void stop() {
            if (phase != null) seconds.put(phase, round((System.nanoTime() - startNanos) / 1e9));
            phase = null;
        }
    }
}
