package io.bubblesync.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Lifts a pause: every relay on the database claims again. */
@Command(name = "resume", description = "Resume every relay on this database.")
class ResumeCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Override
    public Integer call() throws Exception {
        return PauseCommand.set(parent, false);
    }
}
