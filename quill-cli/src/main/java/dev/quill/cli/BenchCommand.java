package dev.quill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `quill bench`: in-process benchmarks (the JMH ones live in quill-bench). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "In-process benchmarks.",
        subcommands = {BenchEngineCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
