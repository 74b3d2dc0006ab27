package io.bubblesync.relay.routes;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/routes-reference.md lists exactly the exchange properties and headers ExchangeKeys declares. */
class RoutesReferenceTest {
    @Test
    void the_reference_page_lists_every_shared_exchange_name_and_no_other() throws Exception {
        List<String> declared = Arrays.stream(ExchangeKeys.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(RoutesReferenceTest::value).sorted().toList();
        String page = Files.readString(Path.of("docs/routes-reference.md"));
        String names = page.substring(page.indexOf("## Exchange properties"), page.indexOf("## Beans") < 0 ? page.length() : page.indexOf("## Beans"));
        Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(names);
        List<String> listed = row.results().map(m -> m.group(1)).sorted().toList();
        assertThat(listed).as("names in docs/routes-reference.md vs ExchangeKeys").isEqualTo(declared);
    }

    private static String value(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
