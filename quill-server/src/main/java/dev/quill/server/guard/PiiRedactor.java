package dev.quill.server.guard;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces e-mail addresses, card numbers (13 to 19 digits, spaces or dashes allowed, and only
 * when the Luhn check passes, so order numbers and dates stay) and phone numbers (7 or more
 * digits with the usual separators) by placeholders. Everything the server logs or traces about
 * a request's text goes through {@link #redact} first; the model itself sees the text unchanged.
 */
public final class PiiRedactor {
    private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])\\d(?:[ -]?\\d){12,18}(?![\\d-])");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+])\\+?\\(?\\d[\\d ().-]{5,}\\d(?!\\w)");

    private PiiRedactor() {}

    public static String redact(String text) {
        String s = EMAIL.matcher(text).replaceAll("[email]");
        s = replaceCards(s);
        return replacePhones(s);
    }

    private static String replaceCards(String s) {
        Matcher m = CARD.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, luhnValid(m.group().replaceAll("[ -]", "")) ? "[card]" : Matcher.quoteReplacement(m.group()));
        }
        return m.appendTail(out).toString();
    }

    private static String replacePhones(String s) {
        Matcher m = PHONE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long digits = m.group().chars().filter(Character::isDigit).count();
            m.appendReplacement(out, digits >= 7 ? "[phone]" : Matcher.quoteReplacement(m.group()));
        }
        return m.appendTail(out).toString();
    }

    /** The Luhn checksum (ISO/IEC 7812-1) that every payment card number satisfies. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
