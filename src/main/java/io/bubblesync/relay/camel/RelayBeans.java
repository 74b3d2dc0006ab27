package io.bubblesync.relay.camel;

import org.apache.camel.spi.Registry;

/**
 * Binds the relay's beans into a context's registry without ever replacing one that is there already: in a host
 * application a bean of the host's with the same name (a "hooks", a "batches") would otherwise be swapped for the
 * relay's, and the host's routes would call the wrong thing. A clash refuses the install with one line.
 */
final class RelayBeans {
    private final Registry registry;

    RelayBeans(Registry registry) {
        this.registry = registry;
    }

    void bind(String name, Object bean) {
        if (registry.lookupByName(name) != null) {
            throw new IllegalStateException("the CamelContext already has a bean named '" + name
                    + "': the relay binds its own under that name and does not replace yours; rename yours");
        }
        registry.bind(name, bean);
    }
}
