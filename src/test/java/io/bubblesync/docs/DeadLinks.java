package io.bubblesync.docs;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The relative links of Markdown pages that lead nowhere: a file or folder that does not exist, or a {@code #anchor}
 * no heading of the target page (or of the page itself) has. Links with a scheme ({@code https:}, {@code mailto:})
 * are not followed.
 */
final class DeadLinks {
    private DeadLinks() {
    }

    /** One line per dead link: {@code page: destination (why)}. */
    static List<String> in(List<Path> pages) throws IOException {
        List<String> dead = new ArrayList<>();
        for (Path page : pages) {
            MarkdownPage markdown = MarkdownPage.read(page);
            for (String destination : markdown.links()) {
                String why = check(markdown, destination);
                if (why != null) {
                    dead.add(page + ": " + destination + " (" + why + ")");
                }
            }
        }
        return dead;
    }

    private static String check(MarkdownPage page, String destination) throws IOException {
        if (destination.isEmpty() || destination.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return null;
        }
        int hash = destination.indexOf('#');
        String path = URLDecoder.decode(hash < 0 ? destination : destination.substring(0, hash), StandardCharsets.UTF_8);
        String anchor = hash < 0 ? null : destination.substring(hash + 1);
        Path target = path.isEmpty() ? page.file() : page.file().toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(target)) {
            return "no such file";
        }
        if (anchor == null) {
            return null;
        }
        if (!target.getFileName().toString().endsWith(".md")) {
            return "an anchor into a file that is not Markdown";
        }
        MarkdownPage linked = path.isEmpty() ? page : MarkdownPage.read(target);
        return linked.anchors().contains(anchor) ? null : "no heading '" + anchor + "' in " + target.getFileName();
    }
}
