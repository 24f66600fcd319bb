package dev.sparkflow.jobs.parse;

import java.util.OptionalInt;

/**
 * A cheap guard run before an OFX document reaches ofx4j, which recurses once per nested aggregate and overflows
 * its thread's stack a few thousand levels down (a 60 KB file of nested tags is enough). One iterative pass counts
 * how deep aggregates nest, as ofx4j reads them: a tag followed by text is an element (SGML leaves are never
 * closed; an XML leaf's own closing tag is skipped), a tag followed by another tag opens an aggregate, and a closing
 * tag closes one. Kept apart from {@link OfxFileParser} so a tolerant iterative reader can drop it.
 */
final class OfxNesting {
    /** Real statements nest about ten aggregates deep; ofx4j overflows a default stack at a few thousand. */
    static final int MAX_DEPTH = 64;

    private OfxNesting() {
    }

    /** The 1-based line on which aggregates first nest deeper than {@link #MAX_DEPTH}, or empty if they never do. */
    static OptionalInt tooDeepAt(String document) {
        int depth = 0, line = 1, i = 0, n = document.length();
        String leaf = null;
        while (i < n) {
            char c = document.charAt(i);
            if (c != '<') {
                if (c == '\n') line++;
                i++;
                continue;
            }
            int end = document.indexOf('>', i);
            if (end < 0) break;
            String tag = document.substring(i + 1, end).strip();
            for (int j = i; j < end; j++) if (document.charAt(j) == '\n') line++;
            i = end + 1;
            if (tag.isEmpty() || tag.startsWith("?") || tag.startsWith("!") || tag.endsWith("/")) continue;
            if (tag.startsWith("/")) {
                String name = tag.substring(1).strip();
                if (!name.equalsIgnoreCase(leaf)) depth = Math.max(0, depth - 1);
                leaf = null;
                continue;
            }
            String name = tag.split("\\s", 2)[0];
            int next = i;
            while (next < n && Character.isWhitespace(document.charAt(next))) next++;
            if (next < n && document.charAt(next) != '<') {
                leaf = name;
            } else {
                leaf = null;
                if (++depth > MAX_DEPTH) return OptionalInt.of(line);
            }
        }
        return OptionalInt.empty();
    }
}
