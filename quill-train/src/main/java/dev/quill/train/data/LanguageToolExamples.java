package dev.quill.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The example sentences of LanguageTool's English rule files (the {@code language-en} jar,
 * LGPL-2.1; parts converted from After the Deadline, GPL). In a rule,
 * {@code <example correction="fix1|fix2">text with <marker>wrong</marker> words</example>} is a
 * real error and its correction (the marked span replaced by the first correction), and a plain
 * {@code <example>} is a correct sentence. Examples with {@code type="triggers_error"} (known
 * false alarms) and those whose correction is empty are skipped.
 */
public final class LanguageToolExamples {

    /** Rule files whose error examples are grammar, typo and confused-word errors (style.xml is not). */
    public static final List<String> GRAMMAR_FILES = List.of(
            "/org/languagetool/rules/en/grammar.xml",
            "/org/languagetool/rules/en/en-US/grammar.xml",
            "/org/languagetool/rules/en/grammar-l2-de.xml",
            "/org/languagetool/rules/en/grammar-l2-fr.xml");

    /** Style rules: only their correct examples are used, as clean sentences. */
    public static final String STYLE_FILE = "/org/languagetool/rules/en/style.xml";

    /** A real error: {@code source} is the example, {@code target} the example with its first correction. */
    public record ErrorExample(String ruleId, String category, String source, String target) {}

    /** A sentence a rule must not flag. */
    public record CorrectExample(String ruleId, String category, String sentence) {}

    /** Everything one or more rule files hold. */
    public record Examples(List<ErrorExample> errors, List<CorrectExample> correct) {}

    private LanguageToolExamples() {}

    private static final java.util.Map<List<String>, Examples> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

    /** Reads rule files from the classpath (once per JVM: grammar.xml alone is 8 MB). */
    public static Examples readResources(List<String> resources) {
        return CACHE.computeIfAbsent(List.copyOf(resources), LanguageToolExamples::parseResources);
    }

    private static Examples parseResources(List<String> resources) {
        List<ErrorExample> errors = new ArrayList<>();
        List<CorrectExample> correct = new ArrayList<>();
        for (String resource : resources) {
            try (InputStream in = LanguageToolExamples.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException(resource + " is not on the classpath (is org.languagetool:language-en a dependency?)");
                }
                read(in, errors, correct);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Examples(List.copyOf(errors), List.copyOf(correct));
    }

    /** Reads one rule file, adding what it holds to the two lists. */
    public static void read(InputStream xml, List<ErrorExample> errors, List<CorrectExample> correct) throws IOException {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            SAXParser parser = factory.newSAXParser();
            // grammar.xml expands its internal DTD entities (regex fragments) tens of thousands of times.
            parser.setProperty("jdk.xml.entityExpansionLimit", "0");
            parser.setProperty("jdk.xml.totalEntitySizeLimit", "0");
            parser.parse(xml, new Handler(errors, correct));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse LanguageTool rule XML: " + e.getMessage(), e);
        }
    }

    private static final class Handler extends DefaultHandler {
        private final List<ErrorExample> errors;
        private final List<CorrectExample> correct;
        private String category;
        private String groupId;
        private String ruleId;
        private boolean inExample;
        private boolean inMarker;
        private boolean sawMarker;
        private String correction;
        private String type;
        private final StringBuilder before = new StringBuilder();
        private final StringBuilder marked = new StringBuilder();
        private final StringBuilder after = new StringBuilder();

        Handler(List<ErrorExample> errors, List<CorrectExample> correct) {
            this.errors = errors;
            this.correct = correct;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            switch (qName) {
                case "category" -> category = attributes.getValue("id");
                case "rulegroup" -> groupId = attributes.getValue("id");
                case "rule" -> {
                    String id = attributes.getValue("id");
                    ruleId = id != null ? id : groupId;
                }
                case "example" -> {
                    inExample = true;
                    sawMarker = false;
                    correction = attributes.getValue("correction");
                    type = attributes.getValue("type");
                    before.setLength(0);
                    marked.setLength(0);
                    after.setLength(0);
                }
                case "marker" -> {
                    if (inExample) {
                        inMarker = true;
                        sawMarker = true;
                    }
                }
                default -> { }
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) {
            if (!inExample) return;
            (inMarker ? marked : sawMarker ? after : before).append(ch, start, length);
        }

        @Override
        public void endElement(String uri, String localName, String qName) {
            switch (qName) {
                case "marker" -> inMarker = false;
                case "example" -> {
                    inExample = false;
                    finishExample();
                }
                case "rule" -> ruleId = groupId;
                case "rulegroup" -> {
                    groupId = null;
                    ruleId = null;
                }
                case "category" -> category = null;
                default -> { }
            }
        }

        private void finishExample() {
            if (ruleId == null || type != null) return;
            String source = Text.clean(before.toString() + marked + after);
            if (source.isEmpty()) return;
            if (correction == null) {
                correct.add(new CorrectExample(ruleId, category, source));
                return;
            }
            String first = correction.split("\\|", -1)[0];
            if (first.isEmpty() || !sawMarker) return;
            String target = Text.clean(before.toString() + first + after);
            errors.add(new ErrorExample(ruleId, category, source, target));
        }
    }
}
