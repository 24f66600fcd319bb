package dev.sparkflow.devenv.sshconfig;

import java.util.ArrayList;
import java.util.List;

/** Splits an ssh_config argument string the way OpenSSH's argv_split does: quotes, backslash escapes, # comments. */
final class Arguments {
    private Arguments() {
    }

    /** The arguments of {@code text}; throws {@link IllegalArgumentException} on an unterminated quote. */
    static List<String> split(String text) {
        List<String> arguments = new ArrayList<>();
        int i = 0;
        int length = text.length();
        while (i < length) {
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= length || text.charAt(i) == '#') {
                break; // A word starting with # begins a comment (OpenSSH 8.7 and later).
            }
            StringBuilder argument = new StringBuilder();
            char quote = 0;
            while (i < length) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < length && isEscapable(text.charAt(i + 1), quote)) {
                    argument.append(text.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (quote == 0 && Character.isWhitespace(c)) {
                    break;
                }
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                } else {
                    argument.append(c);
                }
                i++;
            }
            if (quote != 0) {
                throw new IllegalArgumentException("unterminated " + (quote == '"' ? "double" : "single") + " quote");
            }
            arguments.add(argument.toString());
        }
        return arguments;
    }

    private static boolean isEscapable(char next, char quote) {
        return next == '\\' || next == '"' || next == '\'' || (quote == 0 && Character.isWhitespace(next));
    }
}
