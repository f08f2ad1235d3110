package dev.quill.core.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerJsonTest {

    @TempDir Path dir;

    private final BpeTokenizer trained = EnglishTokenizer.TOKENIZER;

    @Test
    void savedThenLoadedTokenizerEncodesIdentically() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        trained.save(file);
        BpeTokenizer loaded = BpeTokenizer.load(file);

        assertThat(loaded.vocabSize()).isEqualTo(trained.vocabSize());
        assertThat(loaded.merges()).isEqualTo(trained.merges());
        for (String text : List.of("The tutor reads the sentence.", "It's 1999 -- café 😀\n\n  x", "<|eos|>", "")) {
            assertThat(loaded.encode(text)).isEqualTo(trained.encode(text));
        }
        for (String special : EnglishTokenizer.SPECIALS) {
            assertThat(loaded.specialTokenId(special)).isEqualTo(trained.specialTokenId(special));
        }
    }

    @Test
    void savedFileHasHuggingFaceByteLevelBpeLayout() throws IOException {
        Path file = dir.resolve("out/tokenizer.json");
        trained.save(file);
        JsonNode root = new ObjectMapper().readTree(file.toFile());

        assertThat(root.at("/pre_tokenizer/type").asText()).isEqualTo("ByteLevel");
        assertThat(root.at("/pre_tokenizer/use_regex").asBoolean()).isTrue();
        assertThat(root.at("/pre_tokenizer/add_prefix_space").asBoolean()).isFalse();
        assertThat(root.at("/decoder/type").asText()).isEqualTo("ByteLevel");
        assertThat(root.at("/model/type").asText()).isEqualTo("BPE");
        assertThat(root.at("/model/vocab/Ġ").asInt()).isEqualTo(' ');
        assertThat(root.at("/model/vocab/Ċ").asInt()).isEqualTo('\n');
        assertThat(root.at("/model/vocab").size()).isEqualTo(EnglishTokenizer.VOCAB_SIZE - 4);
        assertThat(root.at("/model/merges/0").isArray()).isTrue();
        JsonNode eos = root.at("/added_tokens/0");
        assertThat(eos.path("content").asText()).isEqualTo("<|eos|>");
        assertThat(eos.path("id").asInt()).isEqualTo(EnglishTokenizer.VOCAB_SIZE - 4);
        assertThat(eos.path("special").asBoolean()).isTrue();
    }

    @Test
    void loadsHandWrittenFileWithBothMergeFormsInRankOrder() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, """
                {
                  "version": "1.0",
                  "added_tokens": [
                    {"id": 9, "content": "<|eos|>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                    {"id": 10, "content": "[note]", "special": false}
                  ],
                  "normalizer": null,
                  "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
                  "post_processor": null,
                  "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
                  "model": {
                    "type": "BPE", "dropout": null, "unk_token": null,
                    "vocab": {"a": 0, "b": 1, "c": 2, "Ġ": 3, "ab": 4, "bc": 5, "abc": 6, "Ġa": 7, "Ġabc": 8},
                    "merges": ["b c", ["a", "b"], "a bc", ["Ġ", "a"], "Ġ abc"]
                  }
                }
                """);
        BpeTokenizer tokenizer = BpeTokenizer.load(file);

        // "b c" outranks "a b", so "abc" merges as a|bc -> abc, never ab|c.
        assertThat(tokenizer.encode("abc")).containsExactly(6);
        assertThat(tokenizer.encode("ab")).containsExactly(4);
        assertThat(tokenizer.encode("abc abc")).containsExactly(6, 8);
        assertThat(tokenizer.encode(" aab")).containsExactly(7, 4);
        assertThat(tokenizer.decode(new int[] {8, 9, 10})).isEqualTo(" abc<|eos|>[note]");
        assertThat(tokenizer.vocabSize()).isEqualTo(11);
        assertThat(tokenizer.specialTokenId("<|eos|>")).isEqualTo(9);
        assertThat(tokenizer.isSpecial(9)).isTrue();
        assertThat(tokenizer.isSpecial(10)).isFalse();
        assertThat(tokenizer.findSpecialTokenId("[note]")).isEmpty();
    }

    @Test
    void rejectsFilesItWouldTokenizeDifferentlyFromHuggingFace() throws IOException {
        Path file = dir.resolve("tokenizer.json");
        Files.writeString(file, """
                {"pre_tokenizer": {"type": "Metaspace", "replacement": "▁"},
                 "model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}}
                """);
        assertThatThrownBy(() -> BpeTokenizer.load(file)).isInstanceOf(IOException.class).hasMessageContaining("Metaspace");

        Files.writeString(file, """
                {"pre_tokenizer": {"type": "ByteLevel"},
                 "model": {"type": "BPE", "vocab": {"a": 0}, "merges": ["a b"]}}
                """);
        assertThatThrownBy(() -> BpeTokenizer.load(file)).isInstanceOf(IOException.class).hasMessageContaining("\"b\"");
    }
}
