package dev.quill.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `quill` command. Each subcommand lives in its own class and is registered here. */
@Command(
        name = "quill",
        mixinStandardHelpOptions = true,
        version = "quill 0.1.0",
        description = "A grammar tutor on an LLM serving stack written in Java.",
        subcommands = {
            CommandLine.HelpCommand.class,
        })
public final class Quill implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new Quill()).execute(args);
        System.exit(exit);
    }
}
