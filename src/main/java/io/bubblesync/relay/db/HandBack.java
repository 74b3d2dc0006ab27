package io.bubblesync.relay.db;

import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;

/** Returns claimed-but-unsent rows to the state they were claimed from (sql/hand-back.sql). */
public final class HandBack {
    private static final SqlFile HAND_BACK = SqlFile.load("hand-back.sql");

    private final DataSource ds;
    private final String instanceId;

    public HandBack(DataSource ds, String instanceId) {
        this.ds = ds;
        this.instanceId = instanceId;
    }

    /** Hands back the given rows if this instance still holds them; returns how many went back. */
    public int rows(Collection<String> ids) throws SQLException {
        String[] array = ids.toArray(String[]::new);
        return HAND_BACK.update(ds, instanceId, array, array);
    }

    /** Hands back every row this instance still holds (after the routes stopped). */
    public int all() throws SQLException {
        return HAND_BACK.update(ds, instanceId, null, null);
    }
}
