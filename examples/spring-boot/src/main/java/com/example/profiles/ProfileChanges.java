package com.example.profiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The application's own code writing to the outbox: each change of a profile is one sync_queue row, which the
 * relay delivers to bubble_sync. (In a real application this sits in the transaction that changes the profile.)
 */
@Service
public class ProfileChanges {
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ProfileChanges(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Queues the change of one profile; returns the sync_queue row's id. */
    @Transactional
    public String updated(String profileId, Map<String, Object> fields) {
        try {
            return jdbc.queryForObject("INSERT INTO sync_queue (table_name, record_id, operation, payload) "
                    + "VALUES ('profiles', ?, 'UPDATE', ?::jsonb) RETURNING id::text", String.class,
                    profileId, json.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("profile fields are not JSON: " + e.getMessage(), e);
        }
    }
}
