package io.bubblesync.relay.bubble;

import io.bubblesync.relay.delivery.TransientDeliveryException;

/**
 * What one Bubble answer (status and {@link BubbleError}) means for the relay, decided here only. A key, a type or
 * a configuration Bubble refuses is never a row outcome: such rows are handed back with their attempts untouched.
 */
enum BubbleVerdict {
    /** 2xx. */
    DONE,
    /** 401 "Invalid or expired token": the key, for every type. */
    KEY_REFUSED,
    /** 401 / 403 otherwise, or a privacy rule's words in any 4xx: this type, for this key. */
    TYPE_REFUSED,
    /** 404 other than MISSING_DATA ("Type not found …", "This application does not expose a Data API", …): configuration. */
    NOT_FOUND,
    /** 404 MISSING_DATA: the object is gone. */
    GONE,
    /** 429. */
    THROTTLED,
    /** 408, 425, 5xx: may pass later. */
    TRANSIENT,
    /** Any other status (400 INVALID_DATA, "Unrecognized field …", …): the request as sent is refused. */
    REFUSED;

    static BubbleVerdict of(int status, BubbleError error) {
        if (status / 100 == 2) {
            return DONE;
        }
        if (status == 401 && error.keyRefused()) {
            return KEY_REFUSED;
        }
        if (status == 401 || status == 403 || status / 100 == 4 && error.privacyRefusal()) {
            return TYPE_REFUSED;
        }
        if (status == 404) {
            return error.missingData() ? GONE : NOT_FOUND; // anything but MISSING_DATA: safer to hold than to settle
        }
        if (status == 429) {
            return THROTTLED;
        }
        return TransientDeliveryException.isTransientStatus(status) ? TRANSIENT : REFUSED;
    }
}
