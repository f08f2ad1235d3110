package dev.quill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders without picocli's warnings: it formats each description line, and
 * a bare {@code %} (write {@code %%}) makes it warn the user and print the line unformatted.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutWarnings() {
        List<String> helps = new ArrayList<>();
        PrintStream stderr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            walk(new CommandLine(new Quill()), helps);
        } finally {
            System.setErr(stderr);
        }
        assertThat(helps).hasSizeGreaterThan(15); // the walk reached the subcommands
        assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(String.join("\n", helps)).doesNotContain("%n");
    }

    private static void walk(CommandLine cli, List<String> helps) {
        helps.add(cli.getUsageMessage());
        cli.getSubcommands().values().forEach(sub -> walk(sub, helps));
    }
}
