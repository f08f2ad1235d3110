package dev.quill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** `quill traces`: reading the span files the server writes. */
@Command(
        name = "traces",
        mixinStandardHelpOptions = true,
        description = "Reads the server's span files (--span-file of quill serve).",
        subcommands = {TracesReportCommand.class})
final class TracesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
