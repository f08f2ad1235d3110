package dev.quill.cli;

import java.util.logging.Level;
import java.util.logging.Logger;
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

    /**
     * Lucene announces on every start that it uses the Vector API (two lines of stderr before any
     * output); the logger is held here so that the quieter level stays set.
     */
    private static final Logger LUCENE_VECTORS = Logger.getLogger("org.apache.lucene.internal.vectorization");

    /** The command line as {@link #main} runs it: a failure the user can act on is one line on stderr and exit code 1. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Quill());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // QUILL_DEBUG=1 shows the stack trace too
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (System.getenv("QUILL_DEBUG") != null) e.printStackTrace();
            commandLine.getErr().println(commandLine.getCommandSpec().qualifiedName() + ": " + FailureMessage.of(e));
            return 1;
        });
        return cli;
    }

    public static void main(String[] args) {
        LUCENE_VECTORS.setLevel(Level.WARNING);
        CommandLine cli = commandLine();
        int exit;
        try {
            exit = cli.execute(args);
        } catch (OutOfMemoryError e) {
            if (System.getenv("QUILL_DEBUG") != null) e.printStackTrace();
            System.err.println("quill: out of memory (" + e.getMessage() + "); ask for less (a smaller model, batch or --threads)"
                    + " or give Java more with QUILL_JAVA_OPTS=-Xmx...");
            exit = 1;
        }
        System.exit(exit);
    }
}
