package dev.quill.train.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Words and phrases a tutor's training sentences must not contain: LanguageTool's
 * {@code rules/en/replace_profanity.txt} (slurs and offensive phrases, from the language-en jar)
 * plus a short list of common swear words and sexual terms that file leaves out.
 */
public final class ProfanityList {

    private static final String LT_FILE = "/org/languagetool/rules/en/replace_profanity.txt";

    /** Common words LanguageTool's list does not have (it lists phrases such as "fuck off", not "fuck"). */
    private static final List<String> EXTRA = List.of(
            "fuck", "fucks", "fucked", "fucker", "fucking", "motherfucker", "shit", "shits", "shitty", "bullshit",
            "damn", "damned", "goddamn", "bitch", "bitches", "bastard", "bastards", "asshole", "assholes", "ass",
            "arse", "dick", "dicks", "cock", "cocks", "pussy", "cunt", "whore", "whores", "slut", "sluts", "piss",
            "pissed", "crap", "crappy", "sex", "sexy", "sexual", "horny", "porn", "porno", "nude", "naked",
            "penis", "vagina", "boobs", "tits", "nigger", "niggers", "nigga", "fag", "faggot", "retard",
            "retarded", "rape", "raped", "rapist", "hell");

    private final Set<String> words = new HashSet<>();
    private final List<List<String>> phrases = new ArrayList<>();

    private ProfanityList() {}

    /** LanguageTool's list (from the classpath) and the extra words. */
    public static ProfanityList standard() {
        ProfanityList list = new ProfanityList();
        try (InputStream in = ProfanityList.class.getResourceAsStream(LT_FILE)) {
            if (in == null) throw new IOException(LT_FILE + " is not on the classpath (is org.languagetool:language-en a dependency?)");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String entry = line.strip();
                if (entry.isEmpty() || entry.startsWith("#")) continue;
                int eq = entry.indexOf('=');
                list.add(eq >= 0 ? entry.substring(0, eq) : entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EXTRA.forEach(list::add);
        return list;
    }

    private void add(String entry) {
        List<String> tokens = words(entry);
        if (tokens.size() == 1) words.add(tokens.getFirst());
        else if (!tokens.isEmpty()) phrases.add(tokens);
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (Token t : Token.split(text.toLowerCase(Locale.ROOT))) {
            if (t.isWord()) out.add(t.text());
        }
        return out;
    }

    /** Whether {@code sentence} contains a listed word (or its possessive) or phrase, ignoring case. */
    public boolean matches(String sentence) {
        List<String> tokens = words(sentence);
        for (String t : tokens) {
            if (words.contains(t)) return true;
            if (t.endsWith("'s") && words.contains(t.substring(0, t.length() - 2))) return true;
        }
        for (List<String> phrase : phrases) {
            if (java.util.Collections.indexOfSubList(tokens, phrase) >= 0) return true;
        }
        return false;
    }
}
