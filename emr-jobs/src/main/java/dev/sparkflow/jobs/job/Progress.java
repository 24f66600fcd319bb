package dev.sparkflow.jobs.job;

import java.io.PrintStream;
import java.util.Locale;

/** Prints one line when a stage starts and one when it ends, with its duration: readable in a terminal or EMR step log. */
public final class Progress {
    private final PrintStream out;
    private final String job;

    public Progress(PrintStream out, String job) {
        this.out = out;
        this.job = job;
    }

    /** A running stage; {@link #done} closes it with a result summary. */
    public final class Stage {
        private final long started = System.nanoTime();
        private final String name;

        private Stage(String name) {
            this.name = name;
        }

        public void done(String result) {
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "[%s] %-28s done in %5.1fs  %s%n", job, name, seconds, result);
            out.flush();
        }
    }

    /** A line of its own, outside any stage (e.g. how the run ends). */
    public void note(String line) {
        out.printf(Locale.ROOT, "[%s] %s%n", job, line);
        out.flush();
    }

    public Stage start(String name) {
        out.printf(Locale.ROOT, "[%s] %s ...%n", job, name);
        out.flush();
        return new Stage(name);
    }
}
