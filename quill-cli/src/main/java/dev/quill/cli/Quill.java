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
            BenchCommand.class,
            CorrectCommand.class,
            EvalCommand.class,
            EvalCompareCommand.class,
            GenerateCommand.class,
            InitModelCommand.class,
            LoadgenCommand.class,
            PlanCommand.class,
            PrepareDataCommand.class,
            RetrievalEvalCommand.class,
            ServeCommand.class,
            SweepCommand.class,
            TracesCommand.class,
            TrainCommand.class,
            TrainTokenizerCommand.class,
        })
public final class Quill implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new Quill());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // A failure the user can act on is one line, not a stack trace (QUILL_DEBUG=1 shows the trace).
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (System.getenv("QUILL_DEBUG") != null) e.printStackTrace();
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            commandLine.getErr().println("quill " + commandLine.getCommandName() + ": " + message);
            return 1;
        });
        int exit = cli.execute(args);
        System.exit(exit);
    }
}
