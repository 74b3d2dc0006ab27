package io.bubblesync.app;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Asks the relay running on this host whether it is ready: exit 0 when its readiness answers 200 ({@link ReadinessProbe}). */
@Command(name = "health", description = "Exit 0 when the running relay's readiness (or --path) answers 200, 1 otherwise.")
class HealthCommand implements Callable<Integer> {
    @ParentCommand
    BubbleSyncCli parent;

    @Option(names = "--path", description = "the health path to ask (default " + ReadinessProbe.READY + "; /observe/health/live for liveness)")
    String path = ReadinessProbe.READY;

    @Override
    public Integer call() {
        return ReadinessProbe.probe(parent == null ? null : parent.config, path, System.out) ? 0 : 1;
    }
}
