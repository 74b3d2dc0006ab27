package io.bubblesync.relay;

import java.util.Properties;

/** Every LegacyTargetTest case with sync.routes.dsl=java: LegacyPassRoute drives the function as legacy-pass.camel.yaml does. */
class JavaDslLegacyTargetTest extends LegacyTargetTest {
    @Override
    Properties legacy() {
        Properties p = super.legacy();
        p.setProperty("sync.routes.dsl", "java");
        return p;
    }
}
