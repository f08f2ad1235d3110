package dev.quill.cli;

/** The commands' check of an option's value, so that every refusal reads the same way. */
final class OptionChecks {
    private OptionChecks() {}

    /** When {@code ok} is false: one line naming the option, what it must be and what it got. */
    static void require(boolean ok, String option, Object value, String mustBe) {
        if (!ok) throw new IllegalArgumentException(option + " must be " + mustBe + ", got " + value);
    }
}
