package io.bubblesync.app;

import io.bubblesync.relay.ops.OperatorInput;
import picocli.CommandLine.Option;

/** The --table option of backfill and reconcile (a picocli mixin): the source table, as sync_queue.table_name names it. */
final class SourceTableOption {
    @Option(names = "--table", required = true, description = "the source table (as sync_queue.table_name names it)")
    String table;

    /** The name checked as an operator's input (OperatorInput.table); the catalogue resolves it later. */
    String name() {
        return OperatorInput.table("--table", table);
    }
}
