package io.bubblesync.relay;

import java.util.Properties;

/** Every DeliveryTest case with sync.routes.dsl=java: the Java DSL routes deliver and settle as the YAML ones do. */
class JavaDslDeliveryTest extends DeliveryTest {
    @Override
    Properties settings(Properties defaults) {
        defaults.setProperty("sync.routes.dsl", "java");
        return defaults;
    }
}
