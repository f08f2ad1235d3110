package dev.quill.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * One run of the quill command line in this JVM, as a user sees it ({@link Quill#commandLine()},
 * the handler {@code main} uses): the exit code, what went to standard output and error (a failed
 * command's one line included), and the exception a command threw (null when none).
 */
record CommandRun(int exit, String out, String err, Exception failure) {

    static CommandRun of(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter cliErr = new StringWriter();
        Exception[] failure = {null};
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            CommandLine cli = Quill.commandLine();
            cli.setErr(new PrintWriter(cliErr, true));
            CommandLine.IExecutionExceptionHandler quill = cli.getExecutionExceptionHandler();
            cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                failure[0] = e;
                return quill.handleExecutionException(e, commandLine, parseResult);
            });
            int exit = cli.execute(args);
            return new CommandRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) + cliErr, failure[0]);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    /** The failure's message, or what picocli printed for a bad option value. */
    String message() {
        return failure != null ? failure.getMessage() : err;
    }
}
