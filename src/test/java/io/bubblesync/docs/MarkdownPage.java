package io.bubblesync.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.IdGenerator;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;

/**
 * One Markdown file as GitHub shows it: the anchors of its headings (lower case, spaces as hyphens, only letters,
 * digits, {@code _} and {@code -} kept, repeats numbered {@code -1}, {@code -2}: commonmark-java's
 * {@link IdGenerator}, which follows GitHub) and the destinations of its links and images. Code blocks and code
 * spans hold no links, as on GitHub.
 */
record MarkdownPage(Path file, Set<String> anchors, List<String> links) {
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    static MarkdownPage read(Path file) throws IOException {
        Node document = PARSER.parse(Files.readString(file));
        IdGenerator ids = IdGenerator.builder().build();
        Set<String> anchors = new LinkedHashSet<>();
        List<String> links = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                anchors.add(ids.generateId(textOf(heading)));
                visitChildren(heading);
            }

            @Override
            public void visit(Link link) {
                links.add(link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                links.add(image.getDestination());
                visitChildren(image);
            }
        });
        return new MarkdownPage(file, anchors, links);
    }

    /** The heading's text as rendered: text and code spans, markup dropped (what GitHub makes the anchor from). */
    private static String textOf(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code code) {
                text.append(code.getLiteral());
            }
        });
        return text.toString();
    }
}
