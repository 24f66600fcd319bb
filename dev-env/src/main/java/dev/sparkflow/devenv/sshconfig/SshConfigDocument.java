package dev.sparkflow.devenv.sshconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The text of an ssh_config file with at most one block of ours between markers; every other byte is kept.
 *
 * <p>Parsing checks only what editing needs: balanced markers, no hand-written {@code Host} for our alias, and
 * lines ssh itself could read (quotes closed). Anything else is refused rather than guessed at.
 */
public final class SshConfigDocument {
    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9._-]+");

    private final String alias;
    private final List<Line> lines;
    private final String newline;
    private final int blockStart;
    private final int blockEnd;

    private SshConfigDocument(String alias, List<Line> lines, String newline, int blockStart, int blockEnd) {
        this.alias = alias;
        this.lines = lines;
        this.newline = newline;
        this.blockStart = blockStart;
        this.blockEnd = blockEnd;
    }

    /** Parses {@code text}; throws {@link SshConfigException} when it cannot be edited safely. */
    public static SshConfigDocument parse(String text, String alias) {
        if (!ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("not a plain host alias: " + alias);
        }
        List<Line> lines = split(text);
        // Only the exact lines we write are markers: a comment that merely mentions the alias is the user's.
        String begin = beginMarker(alias);
        String end = endMarker(alias);
        int start = -1;
        int stop = -1;
        for (int i = 0; i < lines.size(); i++) {
            String content = lines.get(i).content();
            int number = i + 1;
            if (content.strip().equals(begin)) {
                if (start >= 0) {
                    throw new SshConfigException("line " + number + ": a second '>>> " + alias + "' start marker (the first is on line "
                            + (start + 1) + "); keep one managed block and delete the other by hand");
                }
                start = i;
            } else if (content.strip().equals(end)) {
                if (start < 0 || stop >= 0) {
                    throw new SshConfigException("line " + number + ": a '<<< " + alias + "' end marker without its start marker;"
                            + " fix or delete the markers by hand");
                }
                stop = i;
            } else if (start < 0 || stop >= 0) {
                checkUserLine(content, number, alias);
            }
        }
        if (start >= 0 && stop < 0) {
            throw new SshConfigException("line " + (start + 1) + ": the '>>> " + alias + "' start marker has no end marker;"
                    + " fix or delete the marker by hand");
        }
        return new SshConfigDocument(alias, lines, dominantNewline(lines), start, stop);
    }

    /** Whether the file holds our block. */
    public boolean hasBlock() {
        return blockStart >= 0;
    }

    /** The instance id recorded in our block, if there is a block that names one. */
    public Optional<String> blockInstanceId() {
        if (!hasBlock()) {
            return Optional.empty();
        }
        return lines.subList(blockStart, blockEnd).stream()
                .map(line -> line.content().strip())
                .filter(content -> content.startsWith(HostEntry.INSTANCE_COMMENT))
                .map(content -> content.substring(HostEntry.INSTANCE_COMMENT.length()).strip())
                .findFirst();
    }

    /** The text with our block set to {@code entry}: replaced where it is, or else put first in the file. */
    public String withBlock(HostEntry entry) {
        if (!entry.alias().equals(alias)) {
            throw new IllegalArgumentException("entry for " + entry.alias() + " in a document parsed for " + alias);
        }
        List<String> block = new ArrayList<>();
        block.add(beginMarker(alias));
        block.addAll(entry.lines());
        block.add(endMarker(alias));
        StringBuilder text = new StringBuilder();
        if (hasBlock()) {
            appendLines(text, 0, blockStart);
            appendBlock(text, block, lines.get(blockEnd).ending());
            appendLines(text, blockEnd + 1, lines.size());
        } else {
            // First in the file: ssh takes the first value it finds for each option, so a later Host *, Match or
            // global line cannot override ours; the block ends with "Host *", so what follows stays global.
            appendBlock(text, block, newline);
            appendLines(text, 0, lines.size());
        }
        return text.toString();
    }

    /** The text without our block (unchanged when there is none). */
    public String withoutBlock() {
        StringBuilder text = new StringBuilder();
        if (hasBlock()) {
            appendLines(text, 0, blockStart);
            appendLines(text, blockEnd + 1, lines.size());
        } else {
            appendLines(text, 0, lines.size());
        }
        return text.toString();
    }

    /** The line that opens our block. */
    public static String beginMarker(String alias) {
        return "# >>> " + alias + " (managed by sparkflow dev-env) >>>";
    }

    /** The line that closes our block. */
    public static String endMarker(String alias) {
        return "# <<< " + alias + " <<<";
    }

    private void appendLines(StringBuilder text, int from, int to) {
        for (int i = from; i < to; i++) {
            text.append(lines.get(i).content()).append(lines.get(i).ending());
        }
    }

    private void appendBlock(StringBuilder text, List<String> block, String lastEnding) {
        for (int i = 0; i < block.size(); i++) {
            text.append(block.get(i)).append(i == block.size() - 1 ? lastEnding : newline);
        }
    }

    /** Refuses a line ssh could not read, or a hand-written Host entry for our alias that would fight ours. */
    private static void checkUserLine(String content, int number, String alias) {
        String trimmed = content.stripLeading();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
            return;
        }
        int cut = 0;
        while (cut < trimmed.length() && !Character.isWhitespace(trimmed.charAt(cut)) && trimmed.charAt(cut) != '=') {
            cut++;
        }
        String keyword = trimmed.substring(0, cut).toLowerCase(Locale.ROOT);
        String rest = trimmed.substring(cut).stripLeading();
        if (rest.startsWith("=")) {
            rest = rest.substring(1);
        }
        List<String> arguments;
        try {
            arguments = Arguments.split(rest);
        } catch (IllegalArgumentException e) {
            throw new SshConfigException("line " + number + ": " + e.getMessage() + "; ssh cannot read this line either: "
                    + content.strip());
        }
        if (keyword.equals("host") && arguments.stream().anyMatch(alias::equalsIgnoreCase)) {
            throw new SshConfigException("line " + number + ": a hand-written 'Host " + alias + "' entry outside the managed"
                    + " block; remove or rename it, then run the command again");
        }
    }

    private static List<Line> split(String text) {
        List<Line> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int lf = text.indexOf('\n', from);
            if (lf < 0) {
                lines.add(new Line(text.substring(from), ""));
                break;
            }
            boolean crlf = lf > from && text.charAt(lf - 1) == '\r';
            lines.add(new Line(text.substring(from, crlf ? lf - 1 : lf), crlf ? "\r\n" : "\n"));
            from = lf + 1;
        }
        return lines;
    }

    /** The file's own line ending, so new lines match it (CRLF stays CRLF); LF when there is none yet. */
    private static String dominantNewline(List<Line> lines) {
        long crlf = lines.stream().filter(line -> line.ending().equals("\r\n")).count();
        long lf = lines.stream().filter(line -> line.ending().equals("\n")).count();
        return crlf > lf ? "\r\n" : "\n";
    }

    /** One line of the file and the line ending it had ("" for a last line without one). */
    private record Line(String content, String ending) {
    }
}
