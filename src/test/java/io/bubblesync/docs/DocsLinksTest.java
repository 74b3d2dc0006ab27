package io.bubblesync.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** README.md and docs/ stay whole: no link leads nowhere, and the configuration page has a row for every key. */
class DocsLinksTest {
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");

    @Test
    void every_relative_link_of_the_readme_and_the_docs_reaches_a_file_and_its_heading() throws IOException {
        assertThat(DeadLinks.in(pages())).as("dead links").isEmpty();
    }

    @Test
    void the_readme_links_every_docs_page() throws IOException {
        List<String> linked = MarkdownPage.read(README).links();
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md"))
                    .forEach(page -> assertThat(linked).as("README links " + page).anyMatch(l -> l.startsWith(page.toString())));
        }
    }

    @Test
    void every_key_of_application_properties_has_a_row_on_the_configuration_page() throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(Path.of("application.properties"))) {
            properties.load(in);
        }
        String page = Files.readString(DOCS.resolve("configuration.md"));
        assertThat(properties.stringPropertyNames()).as("keys of application.properties without a row '| `key` |' in docs/configuration.md")
                .isNotEmpty()
                .allMatch(key -> page.contains("\n| `" + key + "` |"));
    }

    @Test
    void a_missing_file_or_heading_is_reported_and_an_existing_one_is_not(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## The Bubble target (`sync.target=bubble`)\n\n## Moving from pg_cron\n");
        Path page = dir.resolve("page.md");
        Files.writeString(page, String.join("\n",
                "# Page", "", "## Same heading", "", "## Same heading", "",
                "[ok](other.md#the-bubble-target-synctargetbubble) [ok](other.md#moving-from-pg_cron) [ok](#same-heading-1)",
                "[ok](https://example.com/nowhere.md) ![ok](other.md)",
                "`[in code](nowhere.md)`", "", "```", "[in a block](nowhere.md)", "```", "",
                "| a | [dead file](missing.md) |", "|---|---|", "| b | [dead anchor](other.md#no-such-heading) |", "",
                "[dead own anchor](#same-heading-2)", ""));
        assertThat(DeadLinks.in(List.of(page))).containsExactly(
                page + ": missing.md (no such file)",
                page + ": other.md#no-such-heading (no heading 'no-such-heading' in other.md)",
                page + ": #same-heading-2 (no heading 'same-heading-2' in page.md)");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }
}
