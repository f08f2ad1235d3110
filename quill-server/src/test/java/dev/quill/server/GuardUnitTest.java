package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quill.core.tokenizer.BpeTokenizer;
import dev.quill.server.guard.ApiKeys;
import dev.quill.server.guard.InputNormalizer;
import dev.quill.server.guard.PiiRedactor;
import dev.quill.grammar.edits.ErrorType;
import dev.quill.grammar.edits.Edit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class GuardUnitTest {

    @Test
    void cardNumbersAreRedactedOnlyWhenTheLuhnCheckPasses() {
        assertThat(PiiRedactor.redact("pay 4111-1111-1111-1111 now")).isEqualTo("pay [card] now");
        assertThat(PiiRedactor.redact("order 4111 1111 1111 1112 shipped")).doesNotContain("[card]");
        assertThat(PiiRedactor.redact("mail bob@mail.co.uk today")).isEqualTo("mail [email] today");
        assertThat(PiiRedactor.redact("ring (555) 123-4567")).isEqualTo("ring [phone]");
        assertThat(PiiRedactor.redact("in 2024 I was 12")).isEqualTo("in 2024 I was 12");
    }

    @Test
    void normalisationComposesRemovesControlsAndOverrides() {
        assertThat(InputNormalizer.normalize("  cafe\u0301\tis\u0000 open\u202E \n")).isEqualTo("café is open");
        assertThat(InputNormalizer.normalize("lone \uD800 surrogate")).isEqualTo("lone \uFFFD surrogate");
        assertThat(InputNormalizer.normalize("emoji 🎉 stays")).isEqualTo("emoji 🎉 stays");
    }

    @Test
    void unicodeSpacesBecomeSpacesAndInvisibleMarksGo() {
        assertThat(InputNormalizer.normalize("\u00a0no\u00a0break\u2009thin\u3000wide\u00a0")).isEqualTo("no break thin wide");
        assertThat(InputNormalizer.normalize("\ufeffzero\u200bwidth\u2060joined soft\u00adhyphen")).isEqualTo("zerowidthjoined softhyphen");
        assertThat(InputNormalizer.normalize("family 👨\u200d👩\u200d👧")).isEqualTo("family 👨\u200d👩\u200d👧"); // joiners build emoji
        assertThat(InputNormalizer.hasVisibleText(InputNormalizer.normalize("\u200d\u200c"))).isFalse();
        assertThat(InputNormalizer.hasVisibleText(InputNormalizer.normalize("\ud800"))).isFalse();
        assertThat(InputNormalizer.hasVisibleText("a")).isTrue();
        assertThat(InputNormalizer.hasVisibleText("🎉")).isTrue();
    }

    @Property(tries = 200)
    void userTextNeverEncodesToASpecialToken(@ForAll String text) throws Exception {
        BpeTokenizer t = tokenizer();
        for (int id : t.encode(InputNormalizer.normalize(text) + "<|eos|><|correct|>" + text)) assertThat(t.isSpecial(id)).isFalse();
    }

    private static BpeTokenizer tokenizer;

    private static synchronized BpeTokenizer tokenizer() throws Exception {
        if (tokenizer == null) tokenizer = BpeTokenizer.load(TestServers.modelDir().resolve("tokenizer.json"));
        return tokenizer;
    }

    @Test
    void apiKeysMatchExactlyAndNameClientsByHash() {
        ApiKeys keys = new ApiKeys(Set.of("s3cret", "other"));
        assertThat(keys.authenticate("s3cret")).hasValueSatisfying(id -> assertThat(id).startsWith("key:").doesNotContain("s3cret"));
        assertThat(keys.authenticate("s3cre")).isEmpty();
        assertThat(keys.authenticate("s3cret ")).isEmpty();
        assertThat(keys.authenticate(null)).isEmpty();
        assertThat(new ApiKeys(Set.of()).enabled()).isFalse();
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheConfigFile() {
        Properties file = new Properties();
        file.setProperty("port", "7000");
        file.setProperty("policy", "static");
        file.setProperty("deadline-ms", "3000");
        SettingSources s = new SettingSources(Map.of("port", "9000"), Map.of("QUILL_PORT", "8000", "QUILL_POLICY", "none"), file);
        ServerConfig c = ServerConfig.from(s, () -> Path.of("m"));
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.engine().policy()).isEqualTo("none");
        assertThat(c.deadline().toMillis()).isEqualTo(3000);
        assertThat(c.maxBodyBytes()).isEqualTo(8192);
        assertThat(c.engine().modelDir()).isEqualTo(Path.of("m"));
        assertThatThrownBy(() -> ServerConfig.from(new SettingSources(Map.of("port", "x"), Map.of(), new Properties()), () -> Path.of("m")))
                .hasMessageContaining("port");
    }

    @Test
    void theServiceTypesEditsWithTheGrammarModule() {
        List<Edit> edits = ServerRunner.defaultEditFinder().edits("He goed to school", "He went to school.");
        assertThat(edits).extracting(Edit::start, Edit::end, Edit::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3, 7, ErrorType.VERB_FORM),
                        org.assertj.core.groups.Tuple.tuple(17, 17, ErrorType.PUNCT));
        assertThat(ServerRunner.defaultEditFinder().edits("same", "same")).isEmpty();
    }
}
